"""/healthz, /readyz and /metrics, and JSON log lines."""

from __future__ import annotations

import json
import logging

import httpx

from newsmon.health import HealthServer
from newsmon.logs import JsonFormatter
from newsmon.metrics import ARTICLES_IN


def test_endpoints_answer_alive_ready_and_metrics():
    state = {"ready": (False, "loading the model")}
    server = HealthServer(host="127.0.0.1", port=0, ready=lambda: state["ready"]).start()
    ARTICLES_IN.labels("unit-test-stage").inc(3)
    try:
        base = f"http://127.0.0.1:{server.port}"
        assert httpx.get(f"{base}/healthz").status_code == 200
        not_ready = httpx.get(f"{base}/readyz")
        assert (not_ready.status_code, not_ready.text.strip()) == (503, "loading the model")
        state["ready"] = (True, "ready")
        assert httpx.get(f"{base}/readyz").status_code == 200
        metrics = httpx.get(f"{base}/metrics")
        assert metrics.headers["content-type"].startswith("text/plain")
        assert 'newsmon_articles_in_total{stage="unit-test-stage"} 3.0' in metrics.text
        assert httpx.get(f"{base}/nope").status_code == 404
    finally:
        server.stop()


def test_json_log_lines_carry_level_logger_and_message():
    record = logging.LogRecord("newsmon.runner", logging.INFO, __file__, 1, "The %s stopped.", ("enricher",), None)
    line = json.loads(JsonFormatter().format(record))
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "newsmon.runner", "The enricher stopped.")
