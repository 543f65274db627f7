"""The bytes sent to an endpoint: the Alert JSON, or a Slack message. A pure function of the alert."""

from __future__ import annotations

import json

from newsmon.messages import Alert, encode


def render_payload(alert: Alert, fmt: str) -> bytes:
    """The exact body bytes for an endpoint format: the Alert JSON, or a Slack message."""
    if fmt == "json":
        return encode(alert)
    if fmt == "slack":
        return json.dumps(_slack(alert), ensure_ascii=False).encode("utf-8")
    raise ValueError(f"unknown payload format {fmt!r}")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _slack(alert: Alert) -> dict:
    more = f" (+{len(alert.articles) - 1} more)" if len(alert.articles) > 1 else ""
    text = f"[{alert.severity.upper()}] {alert.rule_name}: {alert.articles[0].title}{more}"
    links = [f"• <{_esc(a.url)}|{_esc(a.title)}>" if a.url else f"• {_esc(a.title)}" for a in alert.articles[:10]]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{alert.rule_name} ({alert.severity})"[:150]}},
        _section(f"*Rule:* {_esc(alert.rule_name)} (`{alert.rule_id}`)\n*Severity:* {alert.severity}\n"
                 f"*Reason:* {_esc(alert.reason)}"),
        _section("*Articles:*\n" + "\n".join(links)),
    ]
    if alert.actors:
        actors = ", ".join(f"{_esc(a.name)} ({a.kind}, {a.mentions}x)" for a in alert.actors)
        blocks.append(_section(f"*Actors:* {actors}"))
    if facts := alert.event.model_dump(exclude_none=True):  # type, killed, injured (casualties), date
        blocks.append(_section("*Event:* " + ", ".join(f"{k}: {_esc(str(v))}" for k, v in facts.items())))
    context = f"story {alert.story_id} rev {alert.revision} · webhook-id {alert.id}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": text, "blocks": blocks}
