"""deploy/docker-compose.yml: a single-node KRaft Kafka and the four services, each wired to its subcommand."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from consumers.deliver.endpoints import load_endpoints
from newsmon.settings import Settings
from tests.unit.deploy.conftest import (
    COMPOSE,
    DOCKERFILE,
    ENDPOINTS_FILE,
    SERVICES,
    assert_command,
    assert_real_settings,
    compose_command,
    compose_env,
    endpoints_with_secret,
    real_secret,
    settings_from,
)


def compose_health_url(service: dict) -> str:
    test = service["healthcheck"]["test"]
    text = " ".join(test) if isinstance(test, list) else test
    urls = re.findall(r"http://[^'\"\s]+", text)
    assert len(urls) == 1, text
    assert isinstance(test, list) and test[:3] == ["CMD", "python", "-c"] and "urllib.request" in test[3]
    return urls[0]


def test_compose_runs_kafka_the_four_services_and_the_console(compose):
    assert set(compose["services"]) == {"kafka", *SERVICES, "console"}
    header = " ".join(word for word in COMPOSE.read_text(encoding="utf-8").split("\nname:")[0].split() if word != "#")
    assert "the four services" in header


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
    assert "secrets" not in kafka and "configs" not in kafka


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_compose_service_runs_its_subcommand_and_its_settings_load(name, compose, monkeypatch):
    service = compose["services"][name]
    assert_command(compose_command(service), name)
    build = service["build"]
    assert build["context"] == ".."
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    env = compose_env(service)
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


def test_compose_alerter_and_deliverer_run_once(compose):
    for name in ("alerter", "deliverer"):
        service = compose["services"][name]
        assert service.get("deploy", {}).get("replicas", 1) == 1, f"run one {name}"
        assert service.get("scale", 1) == 1, f"run one {name}"


def test_compose_deliverer_gets_endpoints_from_a_config_and_the_secret_from_a_secret(compose, tmp_path, monkeypatch):
    deliverer = compose["services"]["deliverer"]
    endpoints_file = deliverer["environment"]["NEWSMON_ENDPOINTS_FILE"]
    assert endpoints_file == ENDPOINTS_FILE
    assert settings_from(compose_env(deliverer), monkeypatch).endpoints_file == Path(ENDPOINTS_FILE)
    (config,) = deliverer["configs"]
    assert config["target"] == endpoints_file
    content = compose["configs"][config["source"]]["content"]
    secret_paths = {f"/run/secrets/{s.get('target', s['source'])}": s["source"] for s in deliverer["secrets"]}
    entries = yaml.safe_load(content)["endpoints"]
    assert entries, "the compose endpoints file lists no endpoint"
    for entry in entries:
        assert "secret_env" not in entry
        assert entry["secret_file"] in secret_paths, f"{entry['secret_file']} is not a secret of the deliverer"
        declared = compose["secrets"][secret_paths[entry["secret_file"]]]
        assert declared["file"].startswith("./secrets/")
    # The file is valid for the deliverer's own loader once the secret is there.
    loaded = load_endpoints(endpoints_with_secret(content, tmp_path, real_secret()))
    assert sorted(loaded) == sorted(entry["name"] for entry in entries)
