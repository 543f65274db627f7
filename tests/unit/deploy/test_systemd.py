"""deploy/systemd: one unit per service on a shared host, each on its own health port, and the shared env file."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from newsmon import exitcodes
from tests.unit.deploy import conftest as shared
from tests.unit.deploy.conftest import (
    ENDPOINTS_FILE,
    ENV_EXAMPLE,
    README,
    SERVICES,
    SYSTEMD_PORTS,
    assert_command,
    assert_real_settings,
    env_file_values,
    read_unit,
    unit_env,
    unit_path,
    unit_settings,
)

# What each unit sets for itself on top of the shared newsmon.env (which must not set these names).
UNIT_ENV = {name: {"NEWSMON_HEALTH_PORT": str(port)} for name, port in SYSTEMD_PORTS.items()}
UNIT_ENV["deliverer"]["NEWSMON_ENDPOINTS_FILE"] = ENDPOINTS_FILE


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
        # A configuration error (exit 3) is not fixed by restarting.
        "RestartPreventExitStatus": str(exitcodes.CONFIG),
    }
    assert {key: service.get(key) for key in expected} == expected
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    # The per-unit settings: real settings that load together with the shared env file.
    env = unit_env(name)
    assert_real_settings(env, f"newsmon-{name}.service")
    assert env == UNIT_ENV[name]
    settings = unit_settings(name, monkeypatch)
    assert settings.health_port == SYSTEMD_PORTS[name]


def test_systemd_unit_env_allows_one_environment_line_only(tmp_path, monkeypatch):
    (tmp_path / "newsmon-x.service").write_text(
        "[Service]\nEnvironment=NEWSMON_HEALTH_PORT=1\nEnvironment=NEWSMON_ENDPOINTS_FILE=/x\n", encoding="utf-8"
    )
    monkeypatch.setattr(shared, "SYSTEMD", tmp_path)
    with pytest.raises(AssertionError, match="one Environment= line"):
        unit_env("x")


def test_systemd_health_ports_are_distinct_and_documented():
    ports = {name: int(unit_env(name)["NEWSMON_HEALTH_PORT"]) for name in SERVICES}
    assert ports == SYSTEMD_PORTS and len(set(ports.values())) == len(SERVICES)
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    for name, port in ports.items():
        assert re.search(rf"newsmon-{name}\.service\s+NEWSMON_HEALTH_PORT={port}\b", example), name


def test_systemd_env_example_sets_nothing_a_unit_sets(monkeypatch):
    # EnvironmentFile= overrides Environment=: the shared file must not set what the units set, and it
    # must not hand the endpoints file to every unit.
    shared = env_file_values(ENV_EXAMPLE)
    per_unit = {key for env in UNIT_ENV.values() for key in env}
    assert per_unit == {"NEWSMON_HEALTH_PORT", "NEWSMON_ENDPOINTS_FILE"}
    assert not per_unit & set(shared), sorted(per_unit & set(shared))


def test_systemd_env_example_loads_and_writes_state_where_the_units_allow(monkeypatch):
    values = env_file_values(ENV_EXAMPLE)
    assert_real_settings(values, "newsmon.env.example")
    settings = unit_settings("poller", monkeypatch)
    writable = Path(read_unit("poller")["Service"]["ReadWritePaths"])
    assert settings.feed_state_path.parent == writable
    assert settings.endpoints_file is None
    assert settings.log_format == "json"


def test_systemd_deliverer_reads_the_endpoints_and_gets_the_secret_as_a_credential(monkeypatch):
    assert unit_settings("deliverer", monkeypatch).endpoints_file == Path(ENDPOINTS_FILE)
    credential = read_unit("deliverer")["Service"]["LoadCredential"]
    name, _, source = credential.partition(":")
    assert source.startswith("/etc/newsmon/secrets/")
    # What endpoints.yaml must name as secret_file, in the env file's and the README's instructions.
    path = f"/run/credentials/newsmon-deliverer.service/{name}"
    assert path in ENV_EXAMPLE.read_text(encoding="utf-8")
    assert path in README.read_text(encoding="utf-8")
    assert "newsmon-alerter.service/" not in README.read_text(encoding="utf-8")


def test_systemd_unit_files_are_named_after_the_services():
    units = {path.name for path in unit_path("x").parent.glob("*.service")}
    assert units == {unit_path(name).name for name in [*SERVICES, "console"]}
