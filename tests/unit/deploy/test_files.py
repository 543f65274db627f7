"""Every deployment file exists, names only real settings and runs real subcommands; the README names them all."""

from __future__ import annotations

import pytest

from newsmon import cli
from newsmon.supervisor import pipeline_components
from tests.unit.deploy.conftest import (
    DEPLOY,
    DOCKERIGNORE,
    IMAGE,
    K8S,
    NAME_RE,
    README,
    ROOT,
    SERVICES,
    SETTING_NAMES,
    SYSTEMD_PORTS,
    assert_command,
    assert_real_settings,
    container_of,
    deploy_text_files,
    deployment,
)

COMMANDS = {"poller": "poll", "enricher": "enrich", "alerter": "alert", "deliverer": "deliver"}


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
        *(f"deploy/k8s/{name}.yaml" for name in SERVICES),
        *(f"deploy/systemd/newsmon-{name}.service" for name in SERVICES),
        "deploy/systemd/newsmon.env.example",
    }
    assert expected <= names, sorted(expected - names)
    assert DOCKERIGNORE.is_file()


@pytest.mark.parametrize("path", deploy_text_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_newsmon_name_is_a_real_setting(path):
    names = NAME_RE.findall(path.read_text(encoding="utf-8"))
    assert_real_settings(names, path.relative_to(ROOT).as_posix())


def test_the_setting_name_check_can_fail():
    assert "NEWSMON_HEALTH_PORT" in SETTING_NAMES and "NEWSMON_KAFKA_BOOTSTRAP" in SETTING_NAMES
    assert "NEWSMON_GROUP_DELIVERER" in SETTING_NAMES and "NEWSMON_TOPIC_DELIVERIES" in SETTING_NAMES
    with pytest.raises(AssertionError, match="NEWSMON_HEALTH_PROT"):
        assert_real_settings(["NEWSMON_HEALTH_PROT"], "typo")


def test_the_command_check_can_fail():
    for name in SERVICES:
        assert SERVICES[name].__name__.startswith("run_"), name
    assert_command(["deliver"], "deliverer")
    with pytest.raises(AssertionError, match="alerter runs"):
        assert_command(["deliver"], "alerter")  # a real subcommand, but another service's
    with pytest.raises(pytest.fail.Exception, match="not a valid newsmon command line"):
        assert_command(["delivr"], "deliverer")


def test_newsmon_run_uses_the_systemd_ports_and_the_same_subcommands():
    base = cli.build_parser().parse_args(["run"]).health_base_port
    components = pipeline_components(poll=True, feeds=None, enrichers=3, health_base_port=base, replay=None)
    ports = {c.name: c.health_port for c in components}
    assert {name: ports[name] for name in SERVICES} == SYSTEMD_PORTS
    assert ports["enricher-2"] == ports["enricher-3"] - 1 == max(SYSTEMD_PORTS.values()) + 1
    assert len(set(ports.values())) == len(ports)
    for component in components:
        service = component.name.split("-")[0]
        assert_command(component.argv, service)


def test_the_same_image_everywhere(compose):
    images = {container_of(deployment(name))["image"] for name in SERVICES}
    images |= {compose["services"][name]["image"] for name in SERVICES}
    assert images == {IMAGE}


def test_deploy_readme_names_every_file_the_services_and_the_scaling_limits():
    text = README.read_text(encoding="utf-8")
    group = ",".join(SERVICES)
    for path in deploy_text_files():
        if path.parent == K8S and path.stem in SERVICES:
            assert f"k8s/{{{group}}}.yaml" in text
        elif path.suffix == ".service":
            assert f"systemd/newsmon-{{{group}}}.service" in text
        elif path.name != "README.md":
            assert path.relative_to(DEPLOY if DEPLOY in path.parents else ROOT).as_posix() in text, path.name
    flat = " ".join(text.split())
    for name in SERVICES:
        assert_command([COMMANDS[name]], name)
        assert f"**{name}** (`newsmon {COMMANDS[name]}`)" in flat, name
        assert f"{name} {SYSTEMD_PORTS[name]}" in flat, f"README: the systemd port of the {name}"
    assert "NEWSMON_ARTICLE_PARTITIONS" in flat and "at most **6 enrichers** do work" in flat
    assert "**One alerter** is plenty" in flat
    assert "NEWSMON_GROUP_DELIVERER" in flat and "NEWSMON_ALERT_PARTITIONS" in flat and "**One deliverer**" in flat
    assert "Only the deliverer holds these secrets" in flat
