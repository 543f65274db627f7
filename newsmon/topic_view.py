"""One readable line per record, for `newsmon topics show`."""

from __future__ import annotations

import json

from newsmon.kafka_io import Record


def describe_record(record: Record) -> str:
    """A short description of a record of any newsmon topic."""
    try:
        data = json.loads(record.value or b"")
    except (ValueError, UnicodeDecodeError):
        return f"<{len(record.value or b'')} undecodable bytes>"
    if not isinstance(data, dict):
        return "<not a JSON object>"
    schema = data.get("schema", "?")
    if schema == "newsmon.RawArticle":
        return f"{data.get('id')}  {data.get('title')!r}  ({data.get('source')})"
    if schema == "newsmon.EnrichedArticle":
        actors = ",".join(a.get("id", "?") for a in data.get("actors", []))
        return f"{data.get('id')}  {data.get('article', {}).get('title')!r}  actors={actors}"
    if schema == "newsmon.Alert":
        rules = ",".join(r.get("id", "?") for r in data.get("rules", []))
        return (f"{data.get('id')}  story={data.get('story_id')}  rev={data.get('revision')}  [{data.get('severity')}]"
                f"  rules={rules}  {data.get('headline')!r}")
    if schema == "newsmon.StoryState":
        return (f"story {data.get('id')}  rev={data.get('revision')}  route={data.get('route')}  "
                f"{len(data.get('articles', []))} articles")
    if schema == "newsmon.DeliveryReport":
        status = data.get("status_code") or "-"
        return (f"{data.get('alert_id')}  to {data.get('endpoint')}: {data.get('outcome')} "
                f"(attempt {data.get('attempt')}, {status}) {data.get('reason') or ''}".rstrip())
    if schema == "newsmon.Delivery":
        return f"{data.get('alert', {}).get('id')}  retry {data.get('retry')} to {data.get('endpoint')} at {data.get('not_before')}"
    if schema == "newsmon.EndpointState":
        return f"endpoint {data.get('id')}: {'DISABLED' if data.get('disabled') else 'enabled'} {data.get('reason') or ''}".rstrip()
    if "error" in data:
        return f"dead-letter from {data.get('source_topic')}: {data.get('error')}"
    return f"{schema} {data.get('id')}"
