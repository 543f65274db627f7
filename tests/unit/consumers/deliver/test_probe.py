"""`newsmon alerts test ENDPOINT`: one signed sample alert, and exactly what happened printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from consumers.deliver.probe import probe_endpoint as run_alerts_test
from newsmon.errors import ConfigError
from newsmon.settings import Settings
from tests.unit.consumers.deliver.conftest import SECRET, Reply


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "endpoints.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cli_settings(tmp_path: Path, url: str | None) -> Settings:
    if url is None:
        return Settings(endpoints_file=None, webhook_allow_private=True)
    (tmp_path / "soc.secret").write_text(SECRET, encoding="utf-8")
    path = write(tmp_path, f"endpoints:\n  - {{name: soc, url: '{url}', secret_file: soc.secret}}\n")
    return Settings(endpoints_file=path, webhook_allow_private=True, webhook_timeout_s=2.0)


def test_alerts_test_prints_what_happened(receiver, tmp_path, capsys):
    url = receiver.script("/ok", Reply(200, body=b"thanks " * 100))
    code = run_alerts_test(type("Args", (), {"endpoint": "soc"})(), cli_settings(tmp_path, url))
    out = capsys.readouterr().out
    assert code == 0
    [seen] = receiver.seen
    Webhook(SECRET).verify(seen.body, seen.headers)
    assert seen.headers["webhook-id"].startswith("test-") and len(seen.headers["webhook-id"]) == 17
    assert json.loads(seen.body)["rules"][0]["id"] == "newsmon-test"
    assert f"soc {url}" in out and f"webhook-id: {seen.headers['webhook-id']}" in out
    assert "webhook-signature: v1,<redacted>" in out and seen.headers["webhook-signature"] not in out
    assert f"webhook-timestamp: {seen.headers['webhook-timestamp']}" in out
    assert "HTTP 200 OK" in out and " ms" in out and repr(("thanks " * 100)[:200]) in out
    assert SECRET not in out


def test_alerts_test_exits_2_when_not_delivered(receiver, tmp_path, capsys):
    url = receiver.script("/down", Reply(503, body=b"down"))
    assert run_alerts_test(type("Args", (), {"endpoint": "soc"})(), cli_settings(tmp_path, url)) == 2
    assert "HTTP 503 Service Unavailable" in capsys.readouterr().out
    assert len(receiver.seen) == 1


def test_alerts_test_needs_a_known_endpoint(tmp_path):
    args = type("Args", (), {"endpoint": "other"})()
    with pytest.raises(ConfigError, match="no endpoint named 'other'"):
        run_alerts_test(args, cli_settings(tmp_path, "http://127.0.0.1:9/"))
    with pytest.raises(ConfigError, match="NEWSMON_ENDPOINTS_FILE"):
        run_alerts_test(args, cli_settings(tmp_path, None))
