"""What an endpoint receives: the Alert JSON, or a Slack message with text and blocks."""

from __future__ import annotations

import json

import pytest

from consumers.deliver.payload import render_payload
from newsmon.messages import Alert


def test_slack_format_renders_text_and_blocks(alert):
    payload = json.loads(render_payload(alert, "slack"))
    assert render_payload(alert, "slack") == render_payload(alert, "slack")  # the same bytes every time
    assert payload["text"] == "[HIGH] Attacks on schools: Gunmen attack school in <Kaduna> & flee (+1 more)"
    assert payload["blocks"][0]["type"] == "header"
    text = "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")
    assert "*Severity:* high" in text and "rule-7" in text
    assert "<https://news.example/a1|Gunmen attack school in &lt;Kaduna&gt; &amp; flee>" in text
    assert "• Second report" in text
    assert "Example Front (group, 3x)" in text
    assert "killed: 3" in text and "injured: 12" in text


def test_json_payload_is_the_alert_message(alert):
    assert Alert.model_validate_json(render_payload(alert, "json")) == alert
    with pytest.raises(ValueError, match="unknown payload format"):
        render_payload(alert, "xml")
