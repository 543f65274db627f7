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
        return f"{data.get('id')}  rule={data.get('rule_id')}  story={data.get('story_id')}  rev={data.get('revision')}"
    if "error" in data:
        return f"dead-letter from {data.get('source_topic')}: {data.get('error')}"
    return f"{schema} {data.get('id')}"
