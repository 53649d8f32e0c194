"""Open Badges 3.0: the feedback service is the badge authority (recognition badges, and the learning milestones
the learning service announces); any awarded badge can be fetched as a signed OpenBadgeCredential (VC-JWT) that
verifies with the issuer's public keys, served without sign-in; HR exports a date range."""

import datetime as dt
import hashlib
import json
import uuid

import jwt

from services.feedback.recognition import badges
from services.learning.lessons.service import get_catalogue
from services.learning.progress import milestones
from services.learning.progress.tables import Progress

from . import learning_steps as steps
from .feedback_intake_steps import deliver_everything, given_people
from .support import count_statements, token_for

CREDENTIAL = "query($id: ID!) { badgeCredential(badgeId: $id) { badgeId key awardedAt jwt holder { id } } }"
EXPORT = """query($from: DateTime!, $to: DateTime!, $first: Int, $after: String) {
  badgeCredentials(from: $from, to: $to, first: $first, after: $after) {
    items { badgeId key jwt } pageInfo { endCursor hasNextPage } } }"""
MY_BADGES = "{ myRecognition { badges { id key title awardedAt } } }"


async def given_badge(person: dict, milestone: str, *, at: dt.datetime) -> str:
    """A badge awarded as the learning milestone's event would award it."""
    await badges.award_milestone(employee_id=person["id"], milestone=milestone, at=at)
    [row] = [b for b in (await badges.badges_many(employee_ids=[person["id"]]))[0]
             if b["badge"] == badges.BY_MILESTONE[milestone].key]
    return str(row["id"])


async def verified(feedback_client, token: str) -> dict:
    """The JWT's claims, checked against the key the served JWKS holds under the header's kid."""
    keys = (await feedback_client.get("/.well-known/jwks.json")).json()
    header = jwt.get_unverified_header(token)
    [jwk] = [k for k in keys["keys"] if k["kid"] == header["kid"]]
    key = jwt.PyJWK.from_dict(jwk)
    return jwt.decode(token, key.key, algorithms=[header["alg"]])


async def test_a_credential_verifies_with_the_served_keys_and_carries_the_required_fields(
    feedback_api, feedback_client, clock
):
    # given Anu's thirty-day-streak badge
    people = await given_people()
    badge_id = await given_badge(people["A1"], milestones.STREAK_30, at=clock.now())
    # when she fetches its credential
    found = (await feedback_api.ok(CREDENTIAL, {"id": badge_id}, token=token_for(people["A1"])))["badgeCredential"]
    token = found["jwt"]
    # then it verifies with the issuer's JWKS, fetched without signing in
    claims = await verified(feedback_client, token)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    # and it is an OB 3.0 credential in the VC Data Model 2.0
    assert claims["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["id"] == f"urn:uuid:{badge_id}" == claims["jti"]
    assert claims["validFrom"] == "2026-03-10T09:00:00Z" and claims["nbf"] == int(clock.now().timestamp())
    issuer = claims["issuer"]
    assert issuer["type"] == ["Profile"] and issuer["name"] and issuer["id"].endswith("/badges/issuer")
    assert claims["iss"] == issuer["id"] and claims["name"] == "Thirty-day streak"
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["id"].endswith("/badges/achievements/streak_30")
    assert achievement["name"] == "Thirty-day streak" and achievement["description"]
    assert achievement["criteria"]["narrative"]
    # and the holder is named by a salted hash of her e-mail only
    [identity] = subject["identifier"]
    assert (identity["type"], identity["identityType"], identity["hashed"]) == ("IdentityObject", "emailAddress", True)
    salt = identity["salt"]
    assert identity["identityHash"] == "sha256$" + hashlib.sha256(("a1@test.ee" + salt).encode()).hexdigest()
    payload = json.dumps(claims)
    assert "a1@test.ee" not in payload and "Anu" not in payload and "a1@test.ee" not in token
    # and the issuer profile and the achievement are served at the ids the credential names
    path = issuer["id"].split("/", 3)[3]
    profile = (await feedback_client.get("/" + path)).json()
    assert (profile["id"], profile["type"], profile["name"]) == (issuer["id"], ["Profile"], issuer["name"])
    served = (await feedback_client.get("/" + achievement["id"].split("/", 3)[3])).json()
    assert served["id"] == achievement["id"] and served["criteria"] == achievement["criteria"]
    # and a token changed by one character no longer verifies
    head, body, signature = token.split(".")
    forged = ".".join([head, body, ("A" if signature[0] != "A" else "B") + signature[1:]])
    try:
        await verified(feedback_client, forged)
        raise AssertionError("a forged credential verified")
    except jwt.InvalidSignatureError:
        pass


async def test_learning_milestones_arrive_as_badges_with_credentials(
    api, feedback_api, feedback_client, feedback_app, storage, clock
):
    people = await given_people()
    anu, andres = token_for(people["A1"]), token_for(people["A2"])
    # given Andres's streak at 29 working days, the last one yesterday (Monday)
    await Progress.insert(Progress(employee=people["A2"]["id"], streak=29, longest_streak=29,
                                   last_active_date=dt.date(2026, 3, 9)))
    # when Anu passes every service-situation lesson for cashiers, and Andres learns today
    cashier = milestones.situation_lessons(await get_catalogue(), "cashier")
    assert len(cashier) >= 3
    for lesson_id in cashier[:-1]:
        assert (await steps.do_lesson(api, anu, lesson_id))["passed"]
    await deliver_everything(feedback_app, storage, clock)
    assert (await feedback_api.ok(MY_BADGES, token=anu))["myRecognition"]["badges"] == []  # one lesson to go
    await steps.do_lesson(api, anu, cashier[-1])
    assert (await steps.do_lesson(api, andres))["progress"]["streak"] == 30
    await deliver_everything(feedback_app, storage, clock)
    # then the feedback service has awarded each their badge, once
    [anus] = (await feedback_api.ok(MY_BADGES, token=anu))["myRecognition"]["badges"]
    [andress] = (await feedback_api.ok(MY_BADGES, token=andres))["myRecognition"]["badges"]
    assert (anus["key"], andress["key"]) == ("service_situations", "streak_30")
    # and a retaken lesson (the milestone said again) awards nothing more
    await steps.do_lesson(api, anu, cashier[0])
    await deliver_everything(feedback_app, storage, clock)
    assert len((await feedback_api.ok(MY_BADGES, token=anu))["myRecognition"]["badges"]) == 1
    # and each badge comes as a credential that verifies
    found = (await feedback_api.ok(CREDENTIAL, {"id": anus["id"]}, token=anu))["badgeCredential"]
    claims = await verified(feedback_client, found["jwt"])
    assert claims["credentialSubject"]["achievement"]["name"] == "Service situations mastered"


async def test_only_the_holder_their_managers_and_hr_get_a_credential_and_nobody_mints_badges(
    feedback_api, clock
):
    people = await given_people()
    badge_id = await given_badge(people["A1"], milestones.STREAK_30, at=clock.now())
    # when a peer, another branch's manager, and anyone with an unknown id ask
    peer = await feedback_api.code(CREDENTIAL, {"id": badge_id}, token=token_for(people["A2"]))
    other_branch = await feedback_api.code(CREDENTIAL, {"id": badge_id}, token=token_for(people["MB"]))
    unknown = await feedback_api.code(CREDENTIAL, {"id": str(uuid.uuid4())}, token=token_for(people["A2"]))
    # then each hears the same: there is no such badge
    assert (peer, other_branch, unknown) == ("BADGE_NOT_FOUND",) * 3
    # while her shift lead, the store manager and HR may
    for who in ("LA", "MA", "HR1"):
        found = (await feedback_api.ok(CREDENTIAL, {"id": badge_id}, token=token_for(people[who])))["badgeCredential"]
        assert found["holder"] == {"id": str(people["A1"]["id"])}
    # and an employee cannot export credentials, nor is there any operation that gives out a badge
    span = {"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"}
    assert await feedback_api.code(EXPORT, span, token=token_for(people["A2"])) == "FORBIDDEN"
    mutations = (await feedback_api.ok("{ __type(name: \"Mutation\") { fields { name } } }"))["__type"]["fields"]
    assert not [m["name"] for m in mutations if "badge" in m["name"].lower()]
    assert len((await badges.badges_many(employee_ids=[people["A2"]["id"]]))[0]) == 0


async def test_hr_exports_the_credentials_of_a_date_range_page_by_page(feedback_api, clock):
    # given three badges: two in March, one in April
    people = await given_people()
    march = [await given_badge(people["A1"], milestones.STREAK_30, at=clock.now()),
             await given_badge(people["B1"], milestones.SERVICE_SITUATIONS, at=clock.now() + dt.timedelta(days=1))]
    await given_badge(people["A2"], milestones.STREAK_30, at=dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc))
    hr = token_for(people["HR1"])
    span = {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}
    # when HR pages through March one at a time
    first = (await feedback_api.ok(EXPORT, {**span, "first": 1}, token=hr))["badgeCredentials"]
    second = (await feedback_api.ok(EXPORT, {**span, "first": 1, "after": first["pageInfo"]["endCursor"]},
                                    token=hr))["badgeCredentials"]
    # then March's two badges come in award order, each signed, and April's is not among them
    assert [i["badgeId"] for i in first["items"] + second["items"]] == march
    assert (first["pageInfo"]["hasNextPage"], second["pageInfo"]["hasNextPage"]) == (True, False)
    assert jwt.decode(second["items"][0]["jwt"], options={"verify_signature": False})["id"] == f"urn:uuid:{march[1]}"
    # and a page over 100 or a backwards range is refused
    assert await feedback_api.code(EXPORT, {**span, "first": 101}, token=hr) == "PAGE_SIZE_OUT_OF_RANGE"
    backwards = {"from": span["to"], "to": span["from"]}
    assert await feedback_api.code(EXPORT, backwards, token=hr) == "INVALID_DATE_RANGE"


def test_production_refuses_to_start_without_a_signing_key(tmp_path):
    import pytest
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from services.feedback.app import create_app
    from services.feedback.credentials import signing
    from services.platform.settings import Settings

    production = dict(env="production", database_url="postgresql://nobody@127.0.0.1:1/none",
                      redis_url="redis://127.0.0.1:1/0", jwt_secret="a-real-secret-for-this-test-only-0123456789",
                      link_token_secret="the-link-token-secret-of-this-test-0123456789", smtp_host="mail.example.invalid", app_base_url="https://staff.example.invalid/app",
                      public_base_url="https://feedback.example.invalid/feedback", gateway_secret="g" * 40,
                      data_dir=tmp_path)
    # given production settings without a key: the feedback service does not start, and makes no key of its own
    with pytest.raises(signing.SigningKeyMissing, match="SERVICELOOP_BADGE_SIGNING_KEY"):
        create_app(settings=Settings(**production))
    assert not list(tmp_path.iterdir())
    # given a key file: it starts, and the issuer lives on the feedback service's public origin
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "issuer.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    settings = Settings(**production, badge_signing_key_file=path)
    assert create_app(settings=settings) is not None
    assert settings.badge_issuer_url == "https://feedback.example.invalid"
    assert signing.jwks(settings)["keys"][0]["n"] == json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))["n"]


async def test_exporting_credentials_costs_the_same_for_one_or_many(feedback_api, clock):
    # given six badges in March
    people = await given_people()
    for n, who in enumerate(("A1", "A2", "B1")):
        for milestone in milestones.MILESTONES:
            await given_badge(people[who], milestone, at=clock.now() + dt.timedelta(hours=n))
    hr = token_for(people["HR1"])
    span = {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}
    await feedback_api.ok(EXPORT, {**span, "first": 6}, token=hr)  # warm the pool's type codecs

    async def statements(first: int) -> list[str]:
        async with count_statements() as found:
            page = (await feedback_api.ok(EXPORT, {**span, "first": first}, token=hr))["badgeCredentials"]
        assert len(page["items"]) == first
        return list(found)

    # when HR exports one, then six; then the statements are pinned: the viewer, the page
    assert len(await statements(1)) == len(await statements(6)) == 2
