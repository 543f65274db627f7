"""The console in each deployment: `console serve`, its token from a secret file (never the environment), its
store on writable storage, its probes on its own port, and neither the endpoints nor the webhook secrets."""

from __future__ import annotations

import shlex
from pathlib import Path, PurePosixPath

import pytest
from werkzeug.test import Client

from consumers.console.cli import run_console
from consumers.console.service import store_path
from consumers.console.store import Store
from consumers.console.web.app import ConsoleApp, Context
from consumers.console.web.guard import Guard
from newsmon import cli
from newsmon.settings import Settings
from tests.unit.deploy.conftest import (
    ENV_EXAMPLE,
    IMAGE,
    README,
    assert_real_settings,
    compose_command,
    compose_env,
    container_env,
    container_of,
    env_file_values,
    k8s_docs,
    read_unit,
    settings_from,
    unit_env,
)


def assert_serves_console(argv: list[str], where: str) -> None:
    args = cli.build_parser().parse_args(argv)
    assert args.handler is run_console and args.action == "serve", f"{where} runs {argv}"


def assert_safe(settings: Settings, token_path: str, where: str) -> None:
    """Off loopback a token is a must; either way it comes from the secret file, and no webhook secret is here."""
    assert settings.console_token is None, f"{where}: the token must not be in the environment"
    assert settings.console_token_file == Path(token_path), where
    assert settings.endpoints_file is None, f"{where}: the console gets no endpoints file"


def test_systemd_console_unit(monkeypatch):
    unit = read_unit("console")
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/opt/newsmon/.venv/bin/newsmon"
    assert_serves_console(argv[1:], "newsmon-console.service")
    env = unit_env("console")
    assert_real_settings(env, "newsmon-console.service")
    assert not set(env) & set(env_file_values(ENV_EXAMPLE))  # EnvironmentFile= would override them
    settings = settings_from({**env, **env_file_values(ENV_EXAMPLE)}, monkeypatch)
    name, _, source = service["LoadCredential"].partition(":")
    assert source.startswith("/etc/newsmon/secrets/") and source in README.read_text(encoding="utf-8")
    assert_safe(settings, f"/run/credentials/newsmon-console.service/{name}", "systemd")
    assert settings.console_host == "127.0.0.1" and settings.console_port == 8470
    assert Path(service["ReadWritePaths"]) in store_path(settings).parents
    assert service["RestartPreventExitStatus"] == "3" and service["User"] == "newsmon"
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "true"


def test_compose_console_service(compose, monkeypatch):
    service = compose["services"]["console"]
    assert service["image"] == IMAGE
    assert_serves_console(compose_command(service), "compose console")
    env = compose_env(service)
    assert_real_settings(env, "compose console")
    settings = settings_from(env, monkeypatch)
    (secret,) = service["secrets"]
    assert compose["secrets"][secret["source"]]["file"].startswith("./secrets/")
    assert_safe(settings, f"/run/secrets/{secret['target']}", "compose")
    assert settings.console_host == "0.0.0.0"
    assert service["ports"] == [f"127.0.0.1:{settings.console_port}:{settings.console_port}"]  # host loopback only
    volumes = dict(v.split(":", 1)[::-1] for v in service["volumes"])
    assert volumes[str(PurePosixPath(store_path(settings)).parent)] in compose["volumes"]
    probe = " ".join(service["healthcheck"]["test"])
    assert f"http://127.0.0.1:{settings.console_port}/healthz" in probe
    assert "configs" not in service  # no endpoints.yaml


def test_k8s_console(monkeypatch):
    pvc, deployment, svc = k8s_docs("console.yaml")
    assert deployment["spec"]["replicas"] == 1 and deployment["spec"]["strategy"] == {"type": "Recreate"}
    container = container_of(deployment)
    assert container["image"] == IMAGE
    assert_serves_console(container["args"], "k8s console")
    env = container_env(container)
    assert_real_settings(env, "k8s console")
    settings = settings_from(env, monkeypatch)
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    token_dir = str(PurePosixPath(settings.console_token_file).parent)
    secret = volumes[mounts[token_dir]]["secret"]["secretName"]
    key = PurePosixPath(settings.console_token_file).name  # the Secret's key is the file's name in the mount
    commands = " ".join(README.read_text(encoding="utf-8").replace("\\\n", " ").split())
    assert f"create secret generic {secret} --from-literal={key}=" in commands
    assert_safe(settings, str(settings.console_token_file), "k8s")
    assert settings.console_host == "0.0.0.0"
    store_volume = volumes[mounts[str(PurePosixPath(store_path(settings)).parent)]]
    assert store_volume["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"]
    (port,) = container["ports"]
    assert port["containerPort"] == settings.console_port
    probes = {kind: container[kind]["httpGet"] for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert {p["port"] for p in probes.values()} == {port["name"]}
    assert probes["readinessProbe"]["path"] == "/readyz" and probes["livenessProbe"]["path"] == "/healthz"
    assert svc["spec"]["ports"][0]["targetPort"] == port["name"]
    assert svc["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_probe_paths_answer_without_the_token_that_every_page_needs(tmp_path, path):
    store = Store(tmp_path / "console.sqlite")
    try:
        ctx = Context(store=store, guard=Guard(token="t0ken", host="0.0.0.0"), catalog=None, endpoints=[])
        client = Client(ConsoleApp(ctx))
        assert client.get(path, headers={"Host": "10.0.0.5:8470"}).status_code == 200
        assert client.get("/", headers={"Host": "10.0.0.5:8470"}).status_code == 401
    finally:
        store.close()
