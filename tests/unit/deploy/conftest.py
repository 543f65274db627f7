"""Shared paths, fixtures and helpers of the deployment-file tests (Dockerfile, compose, systemd, Kubernetes).

Every NEWSMON_* name must be a real setting and every value must load; every service command must be a
real `newsmon` subcommand; health ports, probes, secrets and mounts must line up across each file.
Nothing here needs Docker, systemd or a cluster: the files are parsed as text and YAML.
"""

from __future__ import annotations

import base64
import configparser
import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

from consumers.alert.cli import run_alert
from consumers.deliver.cli import run_deliver
from consumers.enrich.cli import run_enrich
from newsmon import cli
from newsmon.settings import Settings, load_settings
from producers.feeds.cli import run_poll

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SYSTEMD = DEPLOY / "systemd"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = SYSTEMD / "newsmon.env.example"
README = DEPLOY / "README.md"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
IMAGE = f"newsmon:{PYPROJECT['project']['version']}"

NAME_RE = re.compile(r"\bNEWSMON_[A-Z0-9_]+\b")
SETTING_NAMES = {f"NEWSMON_{field.upper()}" for field in Settings.model_fields}
# Which handler each service must run, and the port each systemd unit gets on a shared host.
SERVICES = {"poller": run_poll, "enricher": run_enrich, "alerter": run_alert, "deliverer": run_deliver}
SYSTEMD_PORTS = {"poller": 9101, "enricher": 9102, "alerter": 9103, "deliverer": 9104}
HEALTH_PORT_NAME = "http-metrics"
# Where the deliverer (and no other service) finds endpoints.yaml, in every deployment.
ENDPOINTS_FILE = "/etc/newsmon/endpoints.yaml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No NEWSMON_* from the outer environment and no ./newsmon.toml may leak into load_settings."""
    for key in list(os.environ):
        if key.startswith("NEWSMON_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def settings_from(env: dict[str, str], monkeypatch) -> Settings:
    """Load the settings exactly as a process with this environment (and no other NEWSMON_*) would."""
    with monkeypatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, str(value))
        return load_settings()


def real_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def assert_real_settings(names, where: str) -> None:
    unknown = sorted(set(names) - SETTING_NAMES)
    assert not unknown, f"{where}: not settings of newsmon/settings.py: {unknown}"


def assert_command(argv: list[str], service: str) -> None:
    try:
        args = cli.build_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"{service}: `newsmon {' '.join(argv)}` is not a valid newsmon command line")
    assert args.handler is SERVICES[service], f"{service} runs {argv}, not its own subcommand"


def endpoints_with_secret(text: str, tmp_path: Path, secret: str) -> Path:
    """The endpoints file with every secret_file redirected to one temporary file holding `secret`."""
    data = yaml.safe_load(text)
    secret_path = tmp_path / "secret"
    secret_path.write_text(secret + "\n", encoding="utf-8")
    for entry in data["endpoints"]:
        entry["secret_file"] = str(secret_path)
    path = tmp_path / "endpoints.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def deploy_text_files() -> list[Path]:
    files = [DOCKERFILE, COMPOSE, README, *sorted(K8S.glob("*.yaml")), *sorted(SYSTEMD.iterdir())]
    return [path for path in files if path.is_file()]


# --- Docker Compose ---------------------------------------------------------------------------------


def compose_command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def compose_env(service: dict) -> dict[str, str]:
    return {key: str(value) for key, value in service.get("environment", {}).items()}


# --- systemd ----------------------------------------------------------------------------------------


def unit_path(name: str) -> Path:
    return SYSTEMD / f"newsmon-{name}.service"


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(unit_path(name).read_text(encoding="utf-8"))
    return parser


def unit_env(name: str) -> dict[str, str]:
    """The unit's own Environment= assignments (one line; configparser would keep only the last of several)."""
    lines = re.findall(r"^Environment=", unit_path(name).read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(lines) == 1, f"newsmon-{name}.service: put every assignment on one Environment= line"
    return dict(item.split("=", 1) for item in shlex.split(read_unit(name)["Service"]["Environment"]))


def env_file_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep and key == key.strip() and key.isupper(), f"{path.name}: not NAME=value: {line!r}"
            values[key] = value
    return values


def unit_settings(name: str, monkeypatch) -> Settings:
    """What the unit's process loads: the shared EnvironmentFile= over the unit's own Environment=."""
    return settings_from({**unit_env(name), **env_file_values(ENV_EXAMPLE)}, monkeypatch)


# --- Kubernetes -------------------------------------------------------------------------------------


def k8s_docs(filename: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((K8S / filename).read_text(encoding="utf-8")) if doc]


def k8s_all() -> dict[str, list[dict]]:
    return {path.name: k8s_docs(path.name) for path in sorted(K8S.glob("*.yaml"))}


def names_of(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for docs in k8s_all().values() for doc in docs if doc["kind"] == kind}


def deployment(name: str) -> dict:
    (doc,) = k8s_docs(f"{name}.yaml")
    assert doc["kind"] == "Deployment" and doc["apiVersion"] == "apps/v1"
    return doc


def container_of(doc: dict) -> dict:
    (container,) = doc["spec"]["template"]["spec"]["containers"]
    return container


def container_env(container: dict) -> dict[str, str]:
    """What the container sees: the envFrom ConfigMaps, then its own env (which wins)."""
    configmaps = names_of("ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(configmaps[source["configMapRef"]["name"]]["data"])
    env.update({item["name"]: item["value"] for item in container.get("env", []) if "value" in item})
    return env
