"""Typed settings read from the environment: the only place that reads os.environ."""

from __future__ import annotations

import email.utils
import functools
import hashlib
import hmac
import ipaddress
import pathlib
import re
import urllib.parse
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEV_JWT_SECRET = "serviceloop-development-secret-change-me-in-production"
# Without SERVICELOOP_GATEWAY_SECRET the local gateway and services share this one (production requires a real one).
DEV_GATEWAY_SECRET = "serviceloop-development-gateway-secret"
# Production secrets are at least this long (`openssl rand -hex 32` gives 64 characters).
MIN_SECRET_LENGTH = 32
REQUEST_ENVELOPE_BYTES = 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
# The customer pages' branding when none is configured outside production: the demo organisation's.
DEMO_ORGANISATION_NAME = "Demo Kaubamaja"
DEFAULT_BRAND_COLOUR = "#1d6b57"
BRAND_COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LOGO_URL = 500


class Settings(BaseSettings):
    """Runtime configuration; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="SERVICELOOP_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: pathlib.Path = PROJECT_ROOT / ".data"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "SERVICELOOP_DATABASE_URL")
    )
    # Name of the database created inside the embedded PostgreSQL (ignored when DATABASE_URL is set).
    database_name: str = "serviceloop"
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "SERVICELOOP_REDIS_URL")
    )
    db_pool_min: int = 1
    db_pool_max: int = 10

    # One key per purpose. jwt_secret signs access tokens; link_token_secret keys the links we mail (surveys,
    # invitations, password resets; link_tokens.py). Production refuses a key shared between purposes or equal to a
    # development default (see _production_needs_real_secrets); outside production an unset link_token_secret is
    # derived from jwt_secret, so development and tests need no configuration.
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_ttl_minutes: int = 12 * 60
    link_token_secret: SecretStr | None = None

    host: str = "127.0.0.1"
    # Browser origins allowed to call the GraphQL endpoints (the staff app talks to both services); unset: the
    # services' own origins on `host` and the two ports (see allowed_origins).
    cors_origins: list[str] | None = None
    learning_port: int = 8001
    feedback_port: int = 8002
    # The federation gateway proves itself with this header value; in production only it may ask for
    # `_service` (the whole SDL) and `_entities`.
    gateway_secret: SecretStr | None = None
    # Where `make run` serves the Hive Gateway: the one GraphQL endpoint over both services.
    gateway_port: int = 4000

    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 3000
    graphql_max_page_size: int = 100
    # Answers to hot read-only queries (team figures) kept per API process until the database changes
    # (graphql/response_cache.py): at most this many bytes (0: off), served unchecked for the settle seconds after
    # their last check, never older than the max age.
    response_cache_max_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    response_cache_settle_seconds: float = Field(default=2.0, ge=0, le=30)
    response_cache_max_age_seconds: float = Field(default=60.0, gt=0, le=3600)
    # The largest file a client may upload (the org-chart import); a request body may be this plus
    # REQUEST_ENVELOPE_BYTES (the GraphQL document, variables, multipart framing, JSON escaping).
    max_upload_bytes: int = 20 * 1024 * 1024
    # JSON in a request (body, GraphQL variables) nested deeper than this is refused before it is decoded.
    max_json_depth: int = 64
    # May clients send GraphQL text, not only persisted documents' ids (frontend/operations/, see
    # graphql/persisted.py)? Unset: the gateway takes text outside production only, the subgraphs take it
    # (operators call them directly). true: text everywhere. false: the subgraphs too refuse it
    # (PERSISTED_DOCUMENTS_ONLY), except from the gateway, whose query plans are text.
    arbitrary_documents: bool | None = None

    log_level: str = "INFO"
    log_json: bool = False
    # One line per request (method, path, status, duration, GraphQL operation, request id); see logs.py.
    access_log: bool = True

    # Prometheus metrics (metrics.py) on a port of their own, never on the public API port; unset: not served.
    # Each process (API, worker) is given its own port.
    metrics_port: int | None = None
    metrics_host: str = "0.0.0.0"
    # OpenTelemetry traces (tracing.py) go to this OTLP/HTTP endpoint (e.g. http://collector:4318); unset: off.
    otlp_endpoint: str | None = None
    # A worker told to stop (SIGTERM) takes no new jobs and lets its running ones finish for this long; jobs still
    # running then are cancelled and run again by another worker (arq re-queues a cancelled job).
    worker_stop_grace_seconds: float = Field(default=20.0, ge=0)

    # Mail: through this SMTP server when smtp_host is set, else the local mail catcher `make run` starts.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    mail_from: str = "Serviceloop <no-reply@serviceloop.local>"
    mail_catcher_smtp_port: int = 1025
    mail_catcher_web_port: int = 8025
    # Where people open the links we mail (staff app: invitations, resets; customer pages: surveys).
    # Unset: the local addresses `make run` serves.
    app_base_url: str | None = None
    public_base_url: str | None = None

    # Open Badges 3.0 credentials (feedback/credentials/): the issuer's signing key, an RSA private key in PEM, given
    # inline or as a file path. Unset outside production: a key generated under data_dir on first use (never in the
    # repository); production refuses to start the feedback service without one. The issuer profile and its JWKS
    # are served under badge_issuer_base_url (unset: the origin of public_base_url; else the gateway, which passes them
    # through to the feedback service).
    badge_signing_key: SecretStr | None = None
    badge_signing_key_file: pathlib.Path | None = None
    badge_issuer_name: str = "Serviceloop"
    badge_issuer_base_url: str | None = None

    # Daily reminders (services/learning/reminders): Web Push is signed with this VAPID key (RFC 8292), an EC P-256
    # private key in PEM, inline or as a file path. Unset outside production: a key generated under data_dir on first
    # use (never in the repository); production refuses to start the learning service and its worker without one.
    # The subject is the contact push services may use (mailto: or https:); unset: mailto: the mail_from address.
    vapid_private_key: SecretStr | None = None
    vapid_private_key_file: pathlib.Path | None = None
    vapid_subject: str | None = None

    # Accounts: tokens already issued, sign-in throttling, invitation and reset links, client addresses.
    # Each process re-reads an employee's role, active state and token version at most this often, so a role
    # change or deactivation reaches tokens already issued within it (the feedback replica adds its event lag;
    # together well under a minute). 0 re-reads on every request.
    token_recheck_seconds: int = Field(default=30, ge=0, le=30)
    # Failed sign-ins (and reset requests) allowed before back-off: per account, per client address (higher:
    # an office behind one NAT address shares it). Then 1 s, 2 s, 4 s ... up to the cap; a key's failures are
    # forgotten after `login_forget_after_seconds` without a new one.
    login_free_attempts: int = Field(default=5, ge=1)
    login_free_attempts_per_address: int = Field(default=30, ge=1)
    login_max_backoff_seconds: int = Field(default=900, ge=1)
    login_forget_after_seconds: int = Field(default=900, ge=1)
    invitation_ttl_hours: int = Field(default=7 * 24, ge=1)
    password_reset_ttl_minutes: int = Field(default=60, ge=1)
    # Proxies (IPs or CIDRs, JSON list) whose X-Forwarded-For is believed; from anyone else it is ignored.
    trusted_proxies: list[str] = []

    # Training exports (services/learning/exports): files under exports_dir (unset: <data_dir>/exports), their
    # signed download links valid export_link_ttl_hours, files and their export rows deleted after
    # export_retention_days (the audit stays).
    exports_dir: pathlib.Path | None = None
    # Where download links point: the learning service's own address (unset: host and learning_port).
    learning_base_url: str | None = None
    export_link_ttl_hours: int = Field(default=24, ge=1)
    export_retention_days: int = Field(default=30, ge=1)
    # xAPI: activity ids are IRIs under this base (keep it stable: an LRS keys its records by them); the actor is
    # the employee's work e-mail (mbox) or HR id (account, on xapi_account_home_page or else the base).
    xapi_base_url: str = "https://serviceloop.local/xapi"
    xapi_actor: Literal["mbox", "account"] = "mbox"
    xapi_account_home_page: str | None = None
    # The Learning Record Store pushTrainingRecords sends to: its xAPI endpoint (ending in /xAPI/ or the like),
    # basic-auth credentials, the xAPI version spoken, statements per POST, retries (with doubling back-off).
    lrs_endpoint: str | None = None
    lrs_username: str | None = None
    lrs_password: SecretStr | None = None
    lrs_version: Literal["1.0.3", "2.0.0"] = "1.0.3"
    lrs_batch_size: int = Field(default=500, ge=1, le=5000)
    lrs_retries: int = Field(default=4, ge=0)
    lrs_backoff_seconds: float = Field(default=0.5, ge=0)
    lrs_timeout_seconds: float = Field(default=30, gt=0)
    # A running push holds its job for this long past each batch it starts (arq's in-progress key): a worker that
    # dies mid-push frees the push this soon, not after the 3 h job timeout. Keep it above one batch's worst case
    # (lrs_timeout_seconds times 1 + lrs_retries, plus the back-off), or a slow LRS lets a second worker join in.
    lrs_push_lease_seconds: float = Field(default=300, gt=0)

    # The customer pages show the organisation's own name, logo and colour (PublicFeedbackForm.organisation).
    # Unset name: the demo organisation's outside production, badge_issuer_name in production. The logo is an
    # https address or a path on the customer-facing site ("/feedback/logo.svg"); the colour is #rrggbb.
    organisation_name: str | None = Field(default=None, max_length=120)
    organisation_logo_url: str | None = None
    brand_colour: str = DEFAULT_BRAND_COLOUR

    @field_validator("organisation_logo_url")
    @classmethod
    def _logo_is_https_or_a_path(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > MAX_LOGO_URL or any(c.isspace() for c in value):
            raise ValueError(f"SERVICELOOP_ORGANISATION_LOGO_URL: at most {MAX_LOGO_URL} characters, no spaces")
        is_path = value.startswith("/") and not value.startswith("//")
        if not (is_path or value.startswith("https://")):
            raise ValueError("SERVICELOOP_ORGANISATION_LOGO_URL must be an https:// address or a path starting with /")
        return value

    @field_validator("brand_colour")
    @classmethod
    def _colour_is_rrggbb(cls, value: str) -> str:
        value = value.strip()
        if not BRAND_COLOUR_PATTERN.match(value):
            raise ValueError("SERVICELOOP_BRAND_COLOUR must be a colour like #1d6b57")
        return value.lower()

    @property
    def organisation_display_name(self) -> str:
        """The name the customer pages show."""
        if self.organisation_name and self.organisation_name.strip():
            return self.organisation_name.strip()
        return self.badge_issuer_name if self.is_production else DEMO_ORGANISATION_NAME

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry.strip(), strict=False)  # ValueError names the bad entry
        return [entry.strip() for entry in value]

    @field_validator("vapid_subject")
    @classmethod
    def _subject_is_a_contact(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("mailto:", "https://")):
            raise ValueError("SERVICELOOP_VAPID_SUBJECT is a contact: mailto:someone@example.com or an https:// URL")
        return value

    @property
    def push_contact(self) -> str:
        """The VAPID `sub` claim: SERVICELOOP_VAPID_SUBJECT, else mailto: the address mail is sent from."""
        if self.vapid_subject:
            return self.vapid_subject
        return f"mailto:{email.utils.parseaddr(self.mail_from)[1]}"

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in self.trusted_proxies)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def gateway_allows_arbitrary_documents(self) -> bool:
        return self.arbitrary_documents if self.arbitrary_documents is not None else not self.is_production

    @property
    def subgraphs_refuse_text(self) -> bool:
        return self.arbitrary_documents is False

    @property
    def link_token_key(self) -> bytes:
        """The key of mailed link tokens: its own setting, else (outside production) derived from jwt_secret."""
        if self.link_token_secret is not None:
            return self.link_token_secret.get_secret_value().encode()
        return _derived_key(self.jwt_secret.get_secret_value(), "link-tokens")

    @property
    def uses_mail_catcher(self) -> bool:
        return not self.smtp_host

    @property
    def staff_app_url(self) -> str:
        return (self.app_base_url or f"http://{self.host}:{self.gateway_port}/app").rstrip("/")

    @property
    def customer_pages_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.gateway_port}/feedback").rstrip("/")

    @property
    def badge_issuer_url(self) -> str:
        """Where the feedback service is reached from outside: badge issuer, achievements and JWKS live under it."""
        if self.badge_issuer_base_url:
            return self.badge_issuer_base_url.rstrip("/")
        if self.public_base_url:
            parts = urllib.parse.urlsplit(self.public_base_url)
            return f"{parts.scheme}://{parts.netloc}"
        return f"http://{self.host}:{self.gateway_port}"

    @property
    def learning_service_url(self) -> str:
        """Where browsers reach the learning service's own routes (export downloads): by default the gateway,
        which passes /exports/ through (gateway/service-routes.mjs), as the production Ingress does."""
        return (self.learning_base_url or f"http://{self.host}:{self.gateway_port}").rstrip("/")

    @property
    def training_exports_dir(self) -> pathlib.Path:
        return self.exports_dir or self.data_dir / "exports"

    @property
    def max_request_bytes(self) -> int:
        return self.max_upload_bytes + REQUEST_ENVELOPE_BYTES

    @property
    def allowed_origins(self) -> list[str]:
        """SERVICELOOP_CORS_ORIGINS, or the origins the services are served on."""
        if self.cors_origins is not None:
            return self.cors_origins
        hosts = [self.host]
        if self.host in LOOPBACK_NAMES:
            hosts = list(LOOPBACK_NAMES)  # a browser may name the same server either way
        return [f"http://{host}:{port}" for port in (self.learning_port, self.feedback_port) for host in hosts]

    @property
    def embedded_database(self) -> bool:
        return not self.database_url

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> "Settings":
        if self.env == "production":
            _refuse_default_or_shared_secrets(self)
            if not self.database_url or not self.redis_url:
                raise ValueError("DATABASE_URL and REDIS_URL must be set in production")
            if not self.smtp_host:
                raise ValueError("SERVICELOOP_SMTP_HOST must be set in production (mail reaches real people)")
            if not self.app_base_url or not self.public_base_url:
                raise ValueError("SERVICELOOP_APP_BASE_URL and SERVICELOOP_PUBLIC_BASE_URL must be set in production")
        return self


def _derived_key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), f"serviceloop:{purpose}".encode(), hashlib.sha256).hexdigest().encode()


DEV_SECRETS = frozenset({DEV_JWT_SECRET, DEV_GATEWAY_SECRET, _derived_key(DEV_JWT_SECRET, "link-tokens").decode()})


def _refuse_default_or_shared_secrets(settings: Settings) -> None:
    """Production: every purpose has a key of its own, set, long enough, and none is a development default."""
    if settings.jwt_secret.get_secret_value() == DEV_JWT_SECRET:
        raise ValueError("SERVICELOOP_JWT_SECRET must be set in production (it signs access tokens)")
    if settings.link_token_secret is None:
        raise ValueError(
            "SERVICELOOP_LINK_TOKEN_SECRET must be set in production (it keys survey, invitation and reset links)"
        )
    keys = {
        "SERVICELOOP_JWT_SECRET": settings.jwt_secret,
        "SERVICELOOP_LINK_TOKEN_SECRET": settings.link_token_secret,
        "SERVICELOOP_GATEWAY_SECRET": settings.gateway_secret,
        "SERVICELOOP_BADGE_SIGNING_KEY": settings.badge_signing_key,
        "SERVICELOOP_VAPID_PRIVATE_KEY": settings.vapid_private_key,
    }
    seen: dict[str, str] = {}
    for name, secret in keys.items():
        if secret is None:
            continue
        value = secret.get_secret_value().strip()
        if value in DEV_SECRETS:
            raise ValueError(f"{name} is a development default; production needs a secret of its own")
        if len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"{name} is shorter than {MIN_SECRET_LENGTH} characters")
        if value in seen:
            raise ValueError(f"{name} is the same as {seen[value]}: each purpose needs a key of its own")
        seen[value] = name


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()


def environment_with(**overrides: str) -> dict[str, str]:
    """This process's environment plus overrides: what `make run` hands to the processes it starts."""
    import os

    return {**os.environ, **overrides}
