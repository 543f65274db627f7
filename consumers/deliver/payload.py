"""The bytes sent to an endpoint: the Alert JSON, a Slack message, or the revision's STIX 2.1 bundle; and their
content type. A pure function of the alert: every attempt and every redelivery sends the same bytes."""

from __future__ import annotations

import json

from newsmon.messages import Alert, encode


CONTENT_TYPES = {"json": "application/json", "slack": "application/json",
                 "stix": "application/stix+json;version=2.1"}


def render_payload(alert: Alert, fmt: str) -> bytes:
    """The exact body bytes for an endpoint format: the Alert JSON, a Slack message, or the STIX bundle."""
    if fmt == "json":
        return encode(alert)
    if fmt == "slack":
        return json.dumps(_slack(alert), ensure_ascii=False).encode("utf-8")
    if fmt == "stix":
        from consumers.stix import bundle_bytes  # stix2 is loaded only by deliverers that send STIX

        return bundle_bytes(alert)
    raise ValueError(f"unknown payload format {fmt!r}")


def content_type(fmt: str) -> str:
    """The Content-Type of an endpoint format's body."""
    return CONTENT_TYPES[fmt]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _facts_line(alert: Alert) -> str:
    """The main event in a line: type, place, toll, perpetrator and on what basis."""
    event, place = alert.event, alert.place
    parts = [(event.type or "event").replace("-", " ")]
    if place is not None:
        parts.append("in " + ", ".join(x for x in (place.name, place.admin1, place.country) if x))
    toll = ", ".join(f"{n} {word}" for n, word in ((event.killed, "killed"), (event.injured, "injured")) if n is not None)
    if toll:
        parts.append(f"({toll})")
    if event.perpetrator is not None:
        parts.append(f"by {event.perpetrator.name} ({event.perpetrator.basis})")
    return " ".join(parts)


def _slack(alert: Alert) -> dict:
    facts = _facts_line(alert)
    text = f"[{alert.severity.upper()}] {alert.headline}: {facts}"
    links = [f"• <{_esc(s.url)}|{_esc(s.title)}>" + (f" ({_esc(s.outlet)})" if s.outlet else "") if s.url
             else f"• {_esc(s.title)}" + (f" ({_esc(s.outlet)})" if s.outlet else "") for s in alert.sources[-10:]]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"[{alert.severity}] {alert.headline}"[:150]}},
        _section(f"*What:* {_esc(facts)}"),
    ]
    if alert.key_sentence:
        blocks.append(_section(f"> {_esc(' '.join(alert.key_sentence.split()))}"))
    if alert.revision > 1 and alert.changes:
        blocks.append(_section("*What changed:* " + _esc("; ".join(alert.changes))))
    blocks.append(_section("*Rules:* " + "; ".join(f"{_esc(r.name)} ({_esc(r.why)})" for r in alert.rules)))
    more = f" (latest 10 of {len(alert.sources)})" if len(alert.sources) > 10 else ""
    blocks.append(_section(f"*Sources{more}:*\n" + "\n".join(links)))
    context = f"story {alert.story_id} rev {alert.revision} · webhook-id {alert.id}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": text, "blocks": blocks}
