"""`newsmon eval --export-corrections DIR`: read the corrections, stories, alerts and enriched topics and write
every correction as a labelled case (consumers/alert/correction_cases.py) into DIR, ready for `newsmon eval DIR`."""

from __future__ import annotations

import logging
from pathlib import Path

from consumers.alert.correction_cases import Export, export_cases
from consumers.alert.corrections import split_story_id
from newsmon import kafka_io
from newsmon.errors import DecodeError
from newsmon.messages import Alert, Correction, EnrichedArticle, Split, StoryState, decode
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def latest(settings: Settings, topic: str, model: type, *, keyed=lambda msg: msg.id) -> dict:
    """The latest record of each key of a compacted topic (a tombstone removes it), decoded."""
    found: dict = {}
    for record in kafka_io.read_topic(settings, topic, timeout_s=60):
        key = record.key.decode("utf-8", "replace") if record.key else None
        if record.value is None:
            found.pop(key, None)
            continue
        try:
            msg = decode(record.value, model)
        except DecodeError as exc:
            log.warning("Skipped %s[%d]@%d: %s", topic, record.partition, record.offset, exc)
            continue
        found[key if key is not None else keyed(msg)] = msg
    return found


def read_export(settings: Settings) -> Export:
    """Every correction now in the topics, as cases and streams (articles read only for those it needs)."""
    corrections = list(latest(settings, settings.topic_corrections, Correction).values())
    states = {s.id: s for s in latest(settings, settings.topic_stories, StoryState).values()}
    alerts = sorted(latest(settings, settings.topic_alerts, Alert).values(), key=lambda a: (a.produced_at, a.revision))
    touched = {c.story_id for c in corrections} | {getattr(c.change, "into", None) for c in corrections}
    touched |= {split_story_id(c.story_id, c.change.article_id) for c in corrections if isinstance(c.change, Split)}
    while merged := {states[i].merged_into for i in touched if i in states and states[i].merged_into} - touched:
        touched |= merged
    wanted = {c.article_id for c in corrections if c.article_id}
    wanted |= {a.id for i in touched if i in states for a in states[i].articles}
    articles = {}
    for record in kafka_io.read_topic(settings, settings.topic_enriched, timeout_s=120):
        if record.key and record.key.decode("utf-8", "replace") in wanted and record.value is not None:
            try:
                enriched = decode(record.value, EnrichedArticle)
            except DecodeError:
                continue
            articles[enriched.id] = enriched
    return export_cases(corrections, states, alerts, articles)


def write_export(export: Export, directory: Path) -> list[Path]:
    """Write the cases into the directory and the streams into its streams/ folder; returns the files written."""
    written = []
    for folder, files in ((directory, export.cases), (directory / "streams", export.streams)):
        if files:
            folder.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(files.items()):
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    return written
