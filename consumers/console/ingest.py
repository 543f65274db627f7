"""Pure mapping from one decoded topic record to the SQL statements that store it (no I/O here).

Each function returns a list of (sql, params). Times are stored as ISO 8601 UTC text ending in Z, so text order is
time order."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from consumers.console.corrections import summary
from consumers.console.store_stix import merged_rows, stix_rows
from newsmon.arabic_script import unify
from newsmon.deadletter import kept_message
from newsmon.messages import (
    SEVERITIES,
    Alert,
    Correction,
    DeadLetter,
    DeliveryReport,
    EndpointState,
    EnrichedArticle,
    FeedStatus,
    StoryState,
)
from newsmon.settings import Settings

Statement = tuple[str, tuple]


def stamp(when: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, second precision; None stays None."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_form(text: str) -> str:
    """The form the full-text index holds and queries use: Arabic-script letters unified (Urdu, Persian and Pashto
    spellings of one letter match), the rest as written; the tokenizer folds case and Latin accents."""
    return unify(text)


def article_rows(msg: EnrichedArticle) -> list[Statement]:
    a, event = msg.article, msg.event
    where = event.where
    perp = event.perpetrator
    row = (msg.id, a.title, a.summary, a.body, a.url, a.outlet, a.source, a.source_kind, msg.language,
           stamp(a.published), stamp(msg.produced_at), event.type, event.killed, event.injured,
           where.country if where else None, where.admin1 if where else None, where.name if where else None,
           perp.actor if perp else None, perp.basis if perp else None, int(a.truncated),
           json.dumps([e.model_dump(mode="json", exclude_defaults=True) for e in msg.related_events]))
    statements: list[Statement] = [
        ("INSERT OR IGNORE INTO articles (id, title, summary, body, url, outlet, source, source_kind, language, "
         "published, seen, event_type, killed, injured, country, admin1, place, perpetrator, basis, truncated, "
         "related) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row),
        # changes() is the row count of the INSERT just above: index the text only for a new article.
        ("INSERT INTO article_text (rowid, title, body) SELECT seq, ?, ? FROM articles WHERE id = ? "
         "AND changes() = 1", (search_form(a.title), search_form(f"{a.summary}\n\n{a.body}"), msg.id)),
    ]
    statements += [("INSERT OR REPLACE INTO article_actors VALUES (?,?,?)", (actor.id, msg.id, actor.role))
                   for actor in msg.actors]
    return statements + facet_rows(language=msg.language)


_STORY_COLUMNS = ("id", "updated", "first_seen", "revision", "severity", "severity_rank", "headline", "event_type",
                  "killed", "injured", "country", "admin1", "place", "perpetrator", "perpetrator_name", "basis",
                  "languages", "rules", "article_count", "state")
# A story keeps the earliest first-seen time it ever had: the alerter keeps only its latest articles.
_STORY_UPSERT = (f"INSERT INTO stories ({', '.join(_STORY_COLUMNS)}) VALUES ({', '.join('?' * len(_STORY_COLUMNS))}) "
                 "ON CONFLICT (id) DO UPDATE SET " + ", ".join(
                     f"{c} = excluded.{c}" if c != "first_seen" else "first_seen = min(first_seen, excluded.first_seen)"
                     for c in _STORY_COLUMNS[1:]))


def story_rows(msg: StoryState) -> list[Statement]:
    if msg.merged_into:  # an analyst merged it into another story: its page leads there
        return [("DELETE FROM stories WHERE id = ?", (msg.id,)), *_story_links_removed(msg.id),
                ("INSERT OR REPLACE INTO merged_stories VALUES (?,?)", (msg.id, msg.merged_into)), *merged_rows(msg)]
    event, where, perp = msg.event, msg.event.where, msg.event.perpetrator
    articles = msg.articles
    updated = stamp(msg.updated or msg.produced_at)
    first_seen = min((stamp(a.first_seen) for a in articles if a.first_seen), default=updated)
    languages = " ".join(sorted({a.language for a in articles if a.language}))
    headline = articles[-1].title if articles else msg.id
    severity = msg.severity
    rank = SEVERITIES.index(severity) + 1 if severity else 0
    row = (msg.id, updated, first_seen, msg.revision, severity, rank, headline, event.type, event.killed,
           event.injured, where.country if where else None, where.admin1 if where else None,
           where.name if where else None, perp.actor if perp else None, perp.name if perp else None,
           perp.basis if perp else None, f" {languages} ", " ".join(msg.alerted), len(articles),
           msg.model_dump_json(by_alias=True))
    # The alerter keeps a story's latest articles and actors: the state replaces the ones stored before.
    statements: list[Statement] = [(_STORY_UPSERT, row), *_story_links_removed(msg.id)]
    statements += [("INSERT OR REPLACE INTO story_actors SELECT ?, ?, ?, ?, first_seen FROM stories WHERE id = ?",
                    (actor.id, msg.id, actor.role, updated, msg.id)) for actor in msg.actors]
    statements += [("INSERT OR IGNORE INTO story_articles VALUES (?,?)", (msg.id, a.id)) for a in articles]
    return statements + facet_rows(country=where and where.country, admin1=where and where.admin1, event=event.type,
                                   actor=[actor.id for actor in msg.actors])


def _story_links_removed(story_id: str) -> list[Statement]:
    return [("DELETE FROM story_actors WHERE story_id = ?", (story_id,)),
            ("DELETE FROM story_articles WHERE story_id = ?", (story_id,))]


def facet_rows(**values) -> list[Statement]:
    """The values the filter menus offer, kept as they arrive so a page never scans the store for them."""
    rows = []
    for kind, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            if one:
                rows.append(("INSERT OR IGNORE INTO facets VALUES (?,?)", (kind, one)))
    return rows


def alert_rows(msg: Alert) -> list[Statement]:
    """The revision for the story page, and its STIX objects for the TAXII collection."""
    rules = [{"id": r.id, "name": r.name, "severity": r.severity, "why": r.why} for r in msg.rules]
    row = (msg.story_id, msg.revision, msg.id, msg.severity, stamp(msg.produced_at), msg.headline,
           json.dumps(list(msg.changes), ensure_ascii=False), json.dumps(rules, ensure_ascii=False),
           json.dumps(list(msg.destinations)))
    return [("INSERT OR REPLACE INTO revisions VALUES (?,?,?,?,?,?,?,?,?)", row), *stix_rows(msg)]


def delivery_rows(msg: DeliveryReport) -> list[Statement]:
    row = (msg.alert_id, msg.story_id, msg.endpoint, msg.attempt, msg.outcome, msg.status_code, msg.latency_ms,
           msg.reason, stamp(msg.produced_at))
    return [("INSERT INTO deliveries (alert_id, story_id, endpoint, attempt, outcome, status_code, latency_ms, "
             "reason, at) VALUES (?,?,?,?,?,?,?,?,?)", row)]


def endpoint_rows(msg: EndpointState) -> list[Statement]:
    return [("INSERT OR REPLACE INTO endpoints VALUES (?,?,?,?)",
             (msg.id, int(msg.disabled), msg.reason, stamp(msg.produced_at)))]


def deadletter_rows(msg: DeadLetter) -> list[Statement]:
    row = (msg.id, msg.stage, msg.error, msg.source_topic, msg.endpoint, _alert_id(msg) or msg.key, stamp(msg.produced_at),
           msg.attempts, msg.value_size)
    return [("INSERT OR IGNORE INTO deadletters VALUES (?,?,?,?,?,?,?,?,?)", row)]


def _alert_id(msg: DeadLetter) -> str | None:
    """The id of the undelivered alert a delivery dead letter keeps (its key column), when it has one."""
    if not msg.endpoint:
        return None
    suffix = f":{msg.endpoint}"
    if msg.value_truncated and msg.id.endswith(suffix):  # the id ends with :<alert id>:<endpoint>
        return msg.id[:-len(suffix)].rsplit(":", 1)[-1]
    if msg.value_truncated:
        return None
    try:
        kept = json.loads(kept_message(msg))
    except ValueError:
        return None
    return kept.get("id") if isinstance(kept, dict) and kept.get("schema") == Alert.SCHEMA else None


def correction_rows(msg: Correction) -> list[Statement]:
    """An analyst's correction, for its story's page (and the story it merges into)."""
    change = msg.change
    row = (msg.id, msg.key, msg.story_id, change.kind, getattr(change, "into", None),
           getattr(change, "article_id", None) or msg.article_id, stamp(msg.produced_at), summary(msg), msg.note,
           msg.model_dump_json(by_alias=True))
    return [("INSERT OR REPLACE INTO corrections VALUES (?,?,?,?,?,?,?,?,?,?)", row)]


def removal_rows(model: type, key: str) -> list[Statement]:
    """A tombstone (a null record) on a compacted topic deletes what its key stood for."""
    if model is Correction:
        return [("DELETE FROM corrections WHERE key = ?", (key,))]
    if model is StoryState:
        return [("DELETE FROM stories WHERE id = ?", (key,)), *_story_links_removed(key)]
    table = {EndpointState: "endpoints", FeedStatus: "feeds"}.get(model)
    if model is FeedStatus:
        return [(f"DELETE FROM {table} WHERE name = ?", (key,)), FEED_FRESHNESS_TABLE,
                ("DELETE FROM feed_freshness WHERE name = ?", (key,))]
    return [(f"DELETE FROM {table} WHERE name = ?", (key,))] if table else []


# A feed's interval and lag (FeedStatus fields added with adaptive polling) sit in a table of their own, made here
# when the first status arrives, so the store's layout (store_schema.py) and its version stay as they are.
FEED_FRESHNESS_TABLE: Statement = (
    "CREATE TABLE IF NOT EXISTS feed_freshness (name TEXT PRIMARY KEY, interval_s REAL, interval_reason TEXT, "
    "median_lag_s REAL, lag_samples INTEGER NOT NULL DEFAULT 0, websub INTEGER NOT NULL DEFAULT 0)", ())


def feed_rows(msg: FeedStatus) -> list[Statement]:
    row = (msg.id, msg.url, " ".join(msg.tags), stamp(msg.last_attempt), stamp(msg.last_success), msg.error_streak,
           msg.last_error, msg.last_status, msg.polls, msg.not_modified, stamp(msg.next_poll_at))
    freshness = (msg.id, msg.interval_s, msg.interval_reason, msg.median_lag_s, msg.lag_samples, int(msg.websub))
    return [("INSERT OR REPLACE INTO feeds VALUES (?,?,?,?,?,?,?,?,?,?,?)", row), FEED_FRESHNESS_TABLE,
            ("INSERT OR REPLACE INTO feed_freshness VALUES (?,?,?,?,?,?)", freshness)]


def followed_topics(settings: Settings) -> dict[str, type]:
    """Each topic the console reads and the message it holds."""
    return {settings.topic_enriched: EnrichedArticle, settings.topic_stories: StoryState,
            settings.topic_alerts: Alert, settings.topic_deliveries: DeliveryReport,
            settings.topic_endpoints: EndpointState, settings.topic_deadletter: DeadLetter,
            settings.topic_feed_status: FeedStatus, settings.topic_corrections: Correction}


ROWS_BY_TYPE = {EnrichedArticle: article_rows, StoryState: story_rows, Alert: alert_rows,
                DeliveryReport: delivery_rows, EndpointState: endpoint_rows, DeadLetter: deadletter_rows,
                FeedStatus: feed_rows, Correction: correction_rows}


def rows_for(msg) -> list[Statement]:
    """The statements that store one decoded record."""
    return ROWS_BY_TYPE[type(msg)](msg)
