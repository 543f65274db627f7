"""What an endpoint receives: the Alert JSON, or a Slack message with text and blocks."""

from __future__ import annotations

import json

import pytest

from consumers.deliver.payload import render_payload
from consumers.deliver.sink import describe
from newsmon.messages import Alert


def test_slack_format_shows_headline_place_toll_key_sentence_changes_and_links(alert):
    payload = json.loads(render_payload(alert, "slack"))
    assert render_payload(alert, "slack") == render_payload(alert, "slack")  # the same bytes every time
    assert payload["text"] == ("[HIGH] Toll in <Kaduna> school attack rises & gunmen flee: armed assault in Kaduna, "
                               "Kaduna State, NG (3 killed, 12 injured) by Example Front (blamed)")
    assert payload["blocks"][0]["type"] == "header"
    text = "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")
    assert "> Gunmen killed three pupils at a school in Kaduna." in text
    assert "*What changed:* toll rose from 1 to 3 killed" in text
    assert "Attacks on schools (armed assault in Kaduna)" in text
    assert "<https://news.example/a1|Gunmen attack school in Kaduna> (Example News)" in text
    assert "• Toll in &lt;Kaduna&gt; school attack rises &amp; gunmen flee" in text
    assert "rev 2" in payload["blocks"][-1]["elements"][0]["text"]


def test_slack_format_of_a_first_revision_has_no_changes_block(alert):
    first = alert.model_copy(update={"revision": 1, "changes": ("new story",)})
    text = json.dumps(json.loads(render_payload(first, "slack")))
    assert "What changed" not in text


def test_json_payload_is_the_alert_message(alert):
    assert Alert.model_validate_json(render_payload(alert, "json")) == alert
    with pytest.raises(ValueError, match="unknown payload format"):
        render_payload(alert, "xml")


def test_the_sink_prints_one_line_with_what_where_toll_and_changes(alert):
    line = describe(alert.id, render_payload(alert, "json"), verified=True)
    assert line.startswith("ALERT [high] story=story-42 rev=2 rules=rule-7 :: Toll in <Kaduna> school attack")
    assert ":: armed assault in Kaduna, Kaduna State, NG (3 killed, 12 injured) [toll rose from 1 to 3 killed]" in line
    assert line.endswith("(signature ok)") and "\n" not in line
    assert describe("x", b"not json", verified=None) == "webhook x: 8 bytes, not JSON"
