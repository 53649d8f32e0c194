"""The Kubernetes manifests (k8s/): both overlays render, every object validates against the Kubernetes schemas
offline, checkov finds nothing in prod, and what the pods are given is what the services need to start.

kubectl renders (the machine's; CI has it too). kubernetes-validate and checkov run from their own venv,
.data/k8s-venv (tests/k8s/requirements.lock; `make k8s-venv`). kubernetes-validate has no schemas for the
operators' custom resources (CloudNativePG, KEDA, External Secrets; cert-manager's is an Ingress annotation
here): it skips them with a warning, and the test checks that it skipped nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest
import yaml

from . import locked_venv

ROOT = pathlib.Path(__file__).resolve().parents[1]
K8S_VENV = ROOT / ".data" / "k8s-venv"
K8S_LOCK = ROOT / "tests" / "k8s" / "requirements.lock"
OVERLAYS = ("dev", "prod")
# The newest Kubernetes minor most managed clusters offer; kubernetes-validate carries its schemas.
KUBERNETES_VERSION = "1.34.0"
CUSTOM_RESOURCE_GROUPS = ("postgresql.cnpg.io/", "keda.sh/", "external-secrets.io/")
# Skips allowed in prod, each with its reason written next to the object (a checkov.io/skip annotation).
ALLOWED_SKIPS = {"CKV_K8S_35"}
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def k8s_tool(name: str) -> str:
    locked_venv.ensure(K8S_VENV, K8S_LOCK)
    return str(K8S_VENV / "bin" / name)


@functools.cache
def rendered_text(overlay: str) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl is needed to render the manifests (kubectl kustomize)")
    result = subprocess.run([kubectl, "kustomize", str(ROOT / "k8s" / "overlays" / overlay)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rendered(overlay: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(rendered_text(overlay)) if doc]


def of_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == kind}


def containers(deployment: dict) -> list[dict]:
    spec = deployment["spec"]["template"]["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_validates_against_the_kubernetes_schemas(overlay, tmp_path):
    # given the overlay rendered as `kubectl apply -k` would send it
    manifest = tmp_path / f"{overlay}.yaml"
    manifest.write_text(rendered_text(overlay))
    # when kubernetes-validate checks every object, strictly (no unknown fields)
    result = subprocess.run([k8s_tool("kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSION, str(manifest)],
                            capture_output=True, text=True, check=False)
    # then every built-in object is valid, and only the operators' custom resources went unchecked
    assert result.returncode == 0, result.stdout + result.stderr
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith("WARN"):
            assert "Couldn't find schema" in line and any(group in line for group in CUSTOM_RESOURCE_GROUPS), line


def test_checkov_finds_nothing_in_prod(tmp_path):
    # given the prod overlay rendered
    manifest = tmp_path / "prod.yaml"
    manifest.write_text(rendered_text("prod"))
    # when checkov runs its Kubernetes checks on it (offline: no platform calls)
    result = subprocess.run(
        [k8s_tool("checkov"), "-f", str(manifest), "--framework", "kubernetes", "--skip-download", "-o", "json"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )
    report = json.loads(result.stdout)
    # then no check fails, and every skip is an allowed one with its reason written next to the object
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["passed"] > 400
    for skipped in report["results"]["skipped_checks"]:
        assert skipped["check_id"] in ALLOWED_SKIPS, skipped["check_id"]
        assert len(skipped["check_result"].get("suppress_comment", "")) > 40, skipped["resource"]


def test_prod_pins_every_image_by_digest_and_holds_no_secret_values():
    objects = rendered("prod")
    images = [c["image"] for d in of_kind(objects, "Deployment").values() for c in containers(d)]
    assert images and all(DIGEST.search(image) for image in images), images
    # the Secrets come from External Secrets: no Secret object, no literal value anywhere
    assert not of_kind(objects, "Secret")
    assert not of_kind(rendered("dev"), "Secret")


def test_prod_external_secrets_give_each_purpose_its_own_key_and_every_secret_the_pods_read():
    objects = rendered("prod")
    external = of_kind(objects, "ExternalSecret")
    produced: dict[str, set[str]] = {}
    remote_keys: dict[tuple[str, str], str] = {}
    for es in external.values():
        spec = es["spec"]
        assert spec["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": "serviceloop"}
        target = spec["target"]["name"]
        template = spec["target"].get("template", {}).get("data")
        produced[target] = set(template) if template else {d["secretKey"] for d in spec["data"]}
        for item in spec["data"]:
            remote_keys[(target, item["secretKey"])] = item["remoteRef"]["key"]
    # one remote key per purpose: access tokens, mailed links, the gateway's proof, badge signing, Web Push
    purposes = [remote_keys[("serviceloop-secrets", key)] for key in ("jwt-secret", "link-token-secret", "gateway-secret")]
    purposes.append(remote_keys[("serviceloop-badge-signing-key", "badge-signing-key.pem")])
    purposes.append(remote_keys[("serviceloop-vapid-private-key", "vapid-private-key.pem")])
    assert len(set(purposes)) == 5
    # and every Secret key a pod reads (env or volume) is one External Secrets makes
    for deployment in of_kind(objects, "Deployment").values():
        for container in containers(deployment):
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in produced.get(ref["name"], set()), (deployment["metadata"]["name"], ref)
        for volume in deployment["spec"]["template"]["spec"].get("volumes", []):
            if "secret" in volume:
                for item in volume["secret"]["items"]:
                    assert item["key"] in produced[volume["secret"]["secretName"]]


def fake_secret(name: str, key: str) -> str:
    """A distinct, long value per Secret key (what the secret manager would hold)."""
    return hashlib.sha256(f"{name}/{key}".encode()).hexdigest()


def container_environment(objects: list[dict], container: dict) -> dict[str, str]:
    configmaps = of_kind(objects, "ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(configmaps[source["configMapRef"]["name"]]["data"])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
            continue
        ref = item["valueFrom"]["secretKeyRef"]
        if ref.get("optional"):
            continue
        if item["name"] in ("DATABASE_URL", "REDIS_URL"):
            env[item["name"]] = f"{'postgresql' if item['name'] == 'DATABASE_URL' else 'redis'}://host/{ref['name']}"
        else:
            env[item["name"]] = fake_secret(ref["name"], ref["key"])
    return env


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_python_container_gets_what_production_settings_require(overlay, monkeypatch):
    from services.platform.settings import Settings

    objects = rendered(overlay)
    checked = 0
    for name, deployment in of_kind(objects, "Deployment").items():
        for container in containers(deployment):
            if "serviceloop/app" not in container["image"]:
                continue
            # given the container's environment, secrets as the secret manager would fill them
            env = container_environment(objects, container)
            for key in list(os.environ):
                if key.startswith("SERVICELOOP_") or key in ("DATABASE_URL", "REDIS_URL"):
                    monkeypatch.delenv(key)
            for key, value in env.items():
                monkeypatch.setenv(key, value)
            # when the service reads its settings, then production accepts them (no refusal at start)
            settings = Settings()
            assert settings.is_production and settings.link_token_secret is not None
            if container["name"] == "api":
                assert settings.gateway_secret is not None, name
            if name.startswith("feedback-") and container["name"] != "release":
                assert settings.badge_signing_key_file is not None, name
            if name.startswith("learning-") and container["name"] != "release":
                assert settings.vapid_private_key_file is not None, name  # reminders: the API's key, the worker signs
            checked += 1
    assert checked == 8  # 4 Deployments x (release init container + the process)


def test_the_gateway_gets_every_setting_its_config_reads():
    objects = rendered("prod")
    gateway = of_kind(objects, "Deployment")["gateway"]["spec"]["template"]["spec"]["containers"][0]
    given = set(container_environment(objects, gateway))
    read = set(re.findall(r"env\.(SERVICELOOP_[A-Z_]+|OPENTELEMETRY)", (ROOT / "gateway" / "gateway.config.mjs").read_text()))
    # production takes persisted documents' ids only: the switch for GraphQL text stays unset
    assert read - {"SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS"} <= given
    assert "SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS" not in given


def test_release_step_runs_first_in_every_python_pod_and_stops_fit_the_grace_period():
    objects = rendered("prod")
    configmaps = of_kind(objects, "ConfigMap")
    for name, deployment in of_kind(objects, "Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        grace = spec["terminationGracePeriodSeconds"]
        main = spec["containers"][0]
        pre_stop = main.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
        pre_stop_seconds = int(pre_stop[1]) if pre_stop[:1] == ["sleep"] else 0
        if name == "gateway":
            assert "initContainers" not in spec and pre_stop_seconds == 5
            continue
        service, role = name.split("-")
        # the database is prepared (migrations under the release lock) before the process starts
        assert [c["command"] for c in spec["initContainers"]] == [["python", "-m", f"services.{service}.cli", "release"]]
        if role == "api":
            # uvicorn drains in-flight requests after the preStop pause, within the grace period
            command = main["command"]
            drain = int(command[command.index("--timeout-graceful-shutdown") + 1])
            assert pre_stop_seconds + drain + 5 <= grace
        else:
            stop_grace = float(configmaps[f"{service}-config"]["data"]["SERVICELOOP_WORKER_STOP_GRACE_SECONDS"])
            assert stop_grace + 10 <= grace


def test_only_the_gateway_and_the_subgraphs_few_plain_routes_are_exposed():
    objects = rendered("prod")
    (ingress,) = of_kind(objects, "Ingress").values()
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]
    assert ingress["spec"]["tls"][0]["secretName"]
    routes = {path["path"]: path["backend"]["service"]["name"] for path in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert routes == {
        "/graphql": "gateway", "/app": "gateway", "/feedback": "gateway",
        "/badges": "feedback-api", "/.well-known/jwks.json": "feedback-api", "/exports": "learning-api",
    }
    policies = of_kind(objects, "NetworkPolicy")
    assert policies["default-deny"]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    # inside the namespace, only the gateway's pods reach a subgraph
    for api in ("learning-api", "feedback-api"):
        peers = [peer for rule in policies[api]["spec"]["ingress"] for peer in rule["from"]]
        in_namespace = [peer["podSelector"] for peer in peers if "podSelector" in peer]
        assert in_namespace == [{"matchLabels": {"app.kubernetes.io/name": "gateway",
                                                 "app.kubernetes.io/component": "gateway"}}]


def test_prod_runs_postgresql_with_three_instances_a_role_per_service_and_backups():
    objects = rendered("prod")
    (cluster,) = of_kind(objects, "Cluster").values()
    assert cluster["metadata"]["namespace"] == "serviceloop-db"
    assert cluster["spec"]["instances"] == 3
    assert {role["name"] for role in cluster["spec"]["managed"]["roles"]} == {"learning", "feedback"}
    assert cluster["spec"]["backup"]["barmanObjectStore"]["destinationPath"].startswith("s3://")
    (backup,) = of_kind(objects, "ScheduledBackup").values()
    assert backup["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
    (pooler,) = of_kind(objects, "Pooler").values()
    assert pooler["spec"]["pgbouncer"]["poolMode"] == "transaction"
    # the workers scale on their arq queues (sorted sets KEDA's redis scaler counts with ZCARD)
    from services.platform.outbox.routes import queue_name

    scaled = {so["spec"]["scaleTargetRef"]["name"]: so["spec"]["triggers"][0] for so in of_kind(objects, "ScaledObject").values()}
    assert {name: trigger["metadata"]["listName"] for name, trigger in scaled.items()} == {
        "learning-worker": queue_name("learning"), "feedback-worker": queue_name("feedback")}
    # and nothing sets the replicas the autoscalers own
    assert all("replicas" not in d["spec"] for d in of_kind(objects, "Deployment").values())
