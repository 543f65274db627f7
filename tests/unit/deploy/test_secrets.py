"""Webhook endpoints and secrets: only the deliverer holds them, in every deployment, and they load."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
import yaml

from consumers.deliver.endpoints import load_endpoints
from newsmon.errors import ConfigError
from tests.unit.deploy.conftest import (
    ENDPOINTS_FILE,
    K8S,
    SERVICES,
    compose_env,
    container_env,
    container_of,
    deployment,
    endpoints_with_secret,
    k8s_docs,
    names_of,
    read_unit,
    real_secret,
    settings_from,
    unit_settings,
)

PLATFORMS = ("compose", "systemd", "k8s")


def compose_holdings(compose: dict, name: str, monkeypatch) -> set[tuple[str, str]]:
    """("endpoints file" | "secret", where) for each way the compose service gets either."""
    service = compose["services"][name]
    held = {("secret", f"secrets: {s['source']}") for s in service.get("secrets", [])}
    held |= {("endpoints file", f"configs: {c['source']}") for c in service.get("configs", [])}
    held |= {("secret", f"volume {v}") for v in service.get("volumes", []) if "secret" in str(v)}
    if settings_from(compose_env(service), monkeypatch).endpoints_file is not None:
        held.add(("endpoints file", "NEWSMON_ENDPOINTS_FILE"))
    return held


def systemd_holdings(name: str, monkeypatch) -> set[tuple[str, str]]:
    service = read_unit(name)["Service"]
    held = {("secret", key) for key in service if "Credential" in key}
    if unit_settings(name, monkeypatch).endpoints_file is not None:
        held.add(("endpoints file", "NEWSMON_ENDPOINTS_FILE"))
    return held


def k8s_holdings(name: str, monkeypatch) -> set[tuple[str, str]]:
    doc = deployment(name)
    container = container_of(doc)
    held = set()
    for volume in doc["spec"]["template"]["spec"].get("volumes", []):
        sources = volume.get("projected", {}).get("sources", []) + [volume]
        if any("secret" in source for source in sources):
            held.add(("secret", f"volume {volume['name']}"))
        if any(source.get("configMap", {}).get("name") == "newsmon-endpoints" for source in sources):
            held.add(("endpoints file", f"volume {volume['name']}"))
    held |= {("secret", "envFrom secretRef") for source in container.get("envFrom", []) if "secretRef" in source}
    held |= {("secret", f"env {item['name']}") for item in container.get("env", [])
             if "secretKeyRef" in item.get("valueFrom", {})}
    if settings_from(container_env(container), monkeypatch).endpoints_file is not None:
        held.add(("endpoints file", "NEWSMON_ENDPOINTS_FILE"))
    return held


def holdings(platform: str, name: str, compose: dict, monkeypatch) -> set[tuple[str, str]]:
    if platform == "compose":
        return compose_holdings(compose, name, monkeypatch)
    if platform == "systemd":
        return systemd_holdings(name, monkeypatch)
    return k8s_holdings(name, monkeypatch)


def test_the_alerter_holds_no_endpoints_file_and_no_secret_anywhere(compose, monkeypatch):
    for platform in PLATFORMS:
        assert holdings(platform, "alerter", compose, monkeypatch) == set(), platform


@pytest.mark.parametrize("platform", PLATFORMS)
def test_only_the_deliverer_holds_endpoints_and_secrets(platform, compose, monkeypatch):
    for name in SERVICES:
        kinds = {kind for kind, _ in holdings(platform, name, compose, monkeypatch)}
        expected = {"endpoints file", "secret"} if name == "deliverer" else set()
        assert kinds == expected, f"{platform}: {name} holds {kinds or 'nothing'}"


def test_k8s_deliverer_mounts_the_endpoints_and_the_secret_they_name(monkeypatch, tmp_path):
    doc = deployment("deliverer")
    container = container_of(doc)
    settings = settings_from(container_env(container), monkeypatch)
    assert settings.endpoints_file == Path(ENDPOINTS_FILE)
    volumes = {v["name"]: v for v in doc["spec"]["template"]["spec"]["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    # endpoints.yaml: from the ConfigMap, at the path NEWSMON_ENDPOINTS_FILE names.
    endpoints_volume = volumes[mounts[str(settings.endpoints_file.parent)]]["configMap"]
    configmaps = names_of("ConfigMap")
    assert endpoints_volume["name"] in configmaps
    (item,) = endpoints_volume["items"]
    assert item["path"] == settings.endpoints_file.name
    content = configmaps[endpoints_volume["name"]]["data"][item["key"]]
    # Every secret_file is a key of a Secret that exists and is mounted where the file says.
    secrets = names_of("Secret")
    entries = yaml.safe_load(content)["endpoints"]
    assert entries
    for entry in entries:
        secret_file = PurePosixPath(entry["secret_file"])
        volume = volumes[mounts[str(secret_file.parent)]]
        secret = secrets[volume["secret"]["secretName"]]
        assert secret_file.name in secret["stringData"]
    loaded = load_endpoints(endpoints_with_secret(content, tmp_path, real_secret()))
    assert sorted(loaded) == sorted(entry["name"] for entry in entries)


def test_k8s_secret_is_an_example_the_deliverer_refuses(tmp_path):
    (secret,) = k8s_docs("secret.yaml")
    assert secret["type"] == "Opaque" and "data" not in secret
    text = (K8S / "secret.yaml").read_text(encoding="utf-8")
    assert "EXAMPLE ONLY" in text and "the deliverer refuses" in text and "alerter" not in text
    (value,) = secret["stringData"].values()
    assert value.startswith("whsec_") and "EXAMPLE" in value
    content = names_of("ConfigMap")["newsmon-endpoints"]["data"]["endpoints.yaml"]
    with pytest.raises(ConfigError, match="must hold 'whsec_'"):
        load_endpoints(endpoints_with_secret(content, tmp_path, value))


def test_no_deploy_comment_names_the_alerter_as_the_secret_holder():
    for path in (K8S / "configmap.yaml", K8S / "secret.yaml"):
        comments = " ".join(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
        assert "deliverer" in comments and "alerter" not in comments, path.name
