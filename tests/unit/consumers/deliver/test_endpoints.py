"""The endpoints file: secrets from the environment or a file, errors that never show a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumers.deliver.endpoints import load_endpoints
from newsmon.errors import ConfigError
from tests.unit.consumers.deliver.conftest import OTHER_SECRET, SECRET


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "endpoints.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_endpoints_reads_env_and_file_secrets(tmp_path):
    (tmp_path / "soc.secret").write_text(OTHER_SECRET + "\n", encoding="utf-8")
    path = write(tmp_path, """
endpoints:
  - {name: soc, url: "https://hooks.example.org/in", secret_env: SOC_SECRET, timeout_s: 5}
  - {name: ir, url: "https://ir.example.org/in", secret_file: soc.secret}
  - {name: chat, url: "https://hooks.slack.example/T/B/X", format: slack}
""")
    endpoints = load_endpoints(path, env={"SOC_SECRET": SECRET})
    assert list(endpoints) == ["soc", "ir", "chat"]
    assert endpoints["soc"].secret.get_secret_value() == SECRET and endpoints["soc"].timeout_s == 5.0
    assert endpoints["ir"].secret.get_secret_value() == OTHER_SECRET
    assert endpoints["chat"].secret is None and endpoints["chat"].format == "slack"
    assert SECRET not in repr(endpoints["soc"])


@pytest.mark.parametrize(
    "body, env, expected",
    [
        ("[{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]", {}, "expected a mapping with an 'endpoints'"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: NOPE}]", {},
         "endpoint 'soc': environment variable NOPE is not set"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]",
         {"SOC_SECRET": SECRET.removeprefix("whsec_")}, "environment variable SOC_SECRET must hold 'whsec_' + base64"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]",
         {"SOC_SECRET": "whsec_c2hvcnQ="}, "at least 24 random bytes"),
        (f"endpoints: [{{name: soc, url: 'https://x.example/', secret: '{SECRET}'}}]", {},
         "secret: Extra inputs are not permitted; put secrets in secret_env or secret_file"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_file: missing.secret}]", {},
         "cannot read secret file"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET, secret_file: s}]",
         {"SOC_SECRET": SECRET}, "not both"),
        ("endpoints: [{name: soc, url: 'https://x.example/'}]", {}, "json endpoints need secret_env or secret_file"),
        ("endpoints: [{name: soc, url: 'ftp://x.example/', format: slack}]", {}, "url must be an http or https URL"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: xml}]", {},
         "format: Input should be 'json', 'slack' or 'stix'"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: slack, timeout_s: -1}]", {},
         "timeout_s: Input should be greater than 0"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: slack, timeout_s: true}]", {},
         "timeout_s: Input should be a valid number"),
        ("endpoints: [{url: 'https://x.example/', format: slack}]", {}, "endpoint #1"),
        ("endpoints:\n - {name: a, url: 'https://x.example/', format: slack}\n"
         " - {name: a, url: 'https://y.example/', format: slack}", {}, "endpoint 'a': name used twice"),
        (f"endpoints:\n  - name: soc\n    secret: {SECRET}\n   url: [broken", {}, "invalid YAML at line"),
    ],
)
def test_load_endpoints_errors_name_the_problem_but_never_the_secret(tmp_path, body, env, expected):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_endpoints(path, env=env)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and expected in message
    for secret in (SECRET, SECRET.removeprefix("whsec_")):
        assert secret not in message
    assert info.value.__cause__ is None or SECRET not in str(info.value.__cause__)


def test_missing_endpoints_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read endpoints file"):
        load_endpoints(tmp_path / "nope.yaml", env={})


def test_the_deliverer_stops_on_a_broken_endpoints_file_before_it_waits_for_kafka(tmp_path):
    import os
    import subprocess
    import sys

    bad = tmp_path / "endpoints.yaml"
    bad.write_text("endpoints:\n  - name: x\n    url: ftp://nope\n")
    env = {**os.environ, "NEWSMON_ENDPOINTS_FILE": str(bad), "NEWSMON_KAFKA_BOOTSTRAP": "127.0.0.1:1"}
    result = subprocess.run([sys.executable, "-m", "newsmon.cli", "deliver"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 3  # configuration, not "Kafka unreachable" (2)
    assert result.stderr.strip().splitlines() == [
        f"newsmon: configuration error: {bad}: endpoint 'x': url must be an http or https URL with a host"]
