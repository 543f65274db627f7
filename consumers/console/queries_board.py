"""The story board and the search: filters shared by both, and the read-only queries behind them; the board's map
and timeline."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone

from consumers.console import geo
from consumers.geo import places as geo_places
from consumers.console.charts import bar_chart, day_ticks
from consumers.console.ingest import search_form, stamp
from newsmon.arabic_script import normalize
from newsmon.messages import SEVERITIES

RANGES = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30), "90d": timedelta(days=90)}
PAGE_SIZE = 50
MAP_LIMIT = 500  # the map shows the newest stories the filters keep, this many at most
TIMELINE_DAYS = 30  # days the timeline shows when no time range is chosen


@dataclass(frozen=True)
class Filters:
    """What the desk narrows a list by; every field optional (empty means any)."""

    actor: str = ""
    country: str = ""
    admin1: str = ""
    event: str = ""
    severity: str = ""  # at least this severity
    language: str = ""
    range: str = ""  # one of RANGES, or empty for all time
    show: str = ""  # "all": stories without an alert and muted ones too (the board shows alerted, unmuted ones)
    q: str = ""  # full-text words (search only)
    page: int = 0

    @classmethod
    def from_args(cls, args) -> "Filters":
        """From the query string; unknown values are dropped, never trusted."""
        values = {f.name: (args.get(f.name) or "").strip()[:200] for f in fields(cls) if f.name != "page"}
        if values["severity"] not in SEVERITIES:
            values["severity"] = ""
        if values["range"] not in RANGES:
            values["range"] = ""
        if values["show"] != "all":
            values["show"] = ""
        page = args.get("page") or "0"
        return cls(**values, page=int(page) if page.isdigit() and int(page) < 10_000 else 0)

    def query(self, **changes) -> dict[str, str]:
        """The non-empty filters as query-string pairs (for links that keep them)."""
        merged = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: str(v) for k, v in merged.items() if v not in ("", 0, None)}

    def since(self, now: datetime | None = None) -> str | None:
        if not self.range:
            return None
        return stamp((now or datetime.now(timezone.utc)) - RANGES[self.range])


def _narrowed(f: Filters, *, by_range: bool = True) -> tuple[str, list[str], list]:
    """The board's filters as a join, WHERE conditions and their parameters over `stories s` (the time range left
    out with by_range=False)."""
    where, params = ["1"], []
    join = ""
    if f.actor:
        join, params = "JOIN story_actors sa ON sa.story_id = s.id AND sa.actor_id = ?", [f.actor]
    for column, value in (("s.country", f.country), ("s.admin1", f.admin1), ("s.event_type", f.event)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.severity:
        where.append("s.severity_rank >= ?")
        params.append(SEVERITIES.index(f.severity) + 1)
    elif f.show != "all":
        where.append("s.revision > 0")
    if f.show != "all":  # a story an analyst muted is not for the desk: shown only with "all"
        where.append("coalesce(json_extract(s.state, '$.muted'), 0) = 0")
    if f.language:
        where.append("s.languages LIKE ?")
        params.append(f"% {f.language} %")
    if by_range and (since := f.since()):
        where.append("s.updated >= ?")
        params.append(since)
    return join, where, params


def board(conn: sqlite3.Connection, f: Filters) -> list[sqlite3.Row]:
    """Stories newest first, narrowed by the filters, one page."""
    join, where, params = _narrowed(f)
    # With an actor, walk that actor's stories newest first by their own index (sa.updated is s.updated).
    order = "sa.updated DESC" if f.actor else "s.updated DESC"
    order += ", s.severity_rank DESC, s.id"
    sql = (f"SELECT s.*, coalesce(json_extract(s.state, '$.muted'), 0) AS muted FROM stories s {join} "
           f"WHERE {' AND '.join(where)} ORDER BY {order} "
           f"LIMIT {PAGE_SIZE + 1} OFFSET {f.page * PAGE_SIZE}")
    return conn.execute(sql, params).fetchall()


def map_stories(conn: sqlite3.Connection, f: Filters, *, limit: int = MAP_LIMIT) -> list[sqlite3.Row]:
    """The newest `limit` stories the filters keep (every page of the board), with what the map needs: the place's
    kind comes from the stored story state."""
    join, where, params = _narrowed(f)
    order = "sa.updated DESC" if f.actor else "s.updated DESC"
    sql = ("SELECT s.id, s.headline, s.severity, s.killed, s.injured, s.country, s.admin1, s.place, s.updated, "
           "json_extract(s.state, '$.event.where.kind') AS kind "
           f"FROM stories s {join} WHERE {' AND '.join(where)} ORDER BY {order}, s.id LIMIT {int(limit)}")
    return conn.execute(sql, params).fetchall()


def timeline_days(f: Filters, now: datetime | None = None) -> list[str]:
    """The days (UTC, oldest first) the timeline shows: those the time range touches, else TIMELINE_DAYS, up to
    today."""
    now = now or datetime.now(timezone.utc)
    span = RANGES.get(f.range)
    days = (now.date() - (now - span).date()).days + 1 if span else TIMELINE_DAYS
    return [(now.date() - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]


def events_per_day(conn: sqlite3.Connection, f: Filters, now: datetime | None = None) -> list[tuple[str, int]]:
    """(day, stories) for the timeline's days: the stories the filters keep, each counted on the day newsmon
    first saw it (a story that grows later stays on the day it began)."""
    days = timeline_days(f, now)
    join, where, params = _narrowed(f, by_range=False)
    counts = dict.fromkeys(days, 0)
    started = "substr(coalesce(s.first_seen, s.updated), 1, 10)"
    sql = (f"SELECT {started}, count(*) FROM stories s {join} WHERE {' AND '.join(where)} "
           f"AND coalesce(s.first_seen, s.updated) >= ? GROUP BY 1")
    for day, n in conn.execute(sql, [*params, days[0]]):
        if day in counts:
            counts[day] += n
    return list(counts.items())


def version(conn: sqlite3.Connection) -> int:
    """Grows each time the store applies records; the live board asks for rows only when it moved."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    return int(row[0]) if row else 0


def _terms(text: str) -> list[tuple[str, bool]]:
    """The words of a query in the index's form: (word or phrase, is_prefix). A word is a run of letters,
    digits and combining marks (Devanagari vowel signs, Arabic diacritics); "a phrase" stays one term."""
    terms = []
    for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', search_form(text)):
        prefix = bare.endswith("*")
        words = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in (quoted or bare)).split()
        if quoted and words:
            terms.append((" ".join(words), False))
        else:
            terms += [(w, prefix and n == len(words) - 1) for n, w in enumerate(words)]
    return terms


def match_expression(q: str) -> str | None:
    """The user's words as a safe FTS5 query: every word (or "quoted phrase") must appear; word* is a prefix.
    None when there is nothing to search for."""
    return " ".join(f'"{term}"' + ("*" if prefix else "") for term, prefix in _terms(q)) or None


def search(conn: sqlite3.Connection, f: Filters) -> list[sqlite3.Row]:
    """Articles whose title or text has every word, newest first, narrowed by the filters."""
    expression = match_expression(f.q)
    if expression is None:
        return []
    where, params = ["a.seq IN (SELECT rowid FROM article_text WHERE article_text MATCH ?)"], [expression]
    for column, value in (("a.country", f.country), ("a.admin1", f.admin1), ("a.event_type", f.event),
                          ("a.language", f.language)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.actor:
        where.append("EXISTS (SELECT 1 FROM article_actors x WHERE x.actor_id = ? AND x.article_id = a.id)")
        params.append(f.actor)
    if f.severity:
        where.append("EXISTS (SELECT 1 FROM story_articles y JOIN stories s ON s.id = y.story_id "
                     "WHERE y.article_id = a.id AND s.severity_rank >= ?)")
        params.append(SEVERITIES.index(f.severity) + 1)
    if since := f.since():
        where.append("a.seen >= ?")
        params.append(since)
    # Walk the articles newest first and keep those in the set of matches: a common word stops early, and a
    # rare one costs one pass over the index by time, never a sort of every match.
    sql = ("SELECT a.*, (SELECT story_id FROM story_articles y WHERE y.article_id = a.id LIMIT 1) AS story_id "
           f"FROM articles a INDEXED BY articles_by_seen WHERE {' AND '.join(where)} "
           f"ORDER BY a.seen DESC LIMIT {PAGE_SIZE + 1} OFFSET {f.page * PAGE_SIZE}")
    return conn.execute(sql, params).fetchall()


def snippet(text: str, q: str, *, width: int = 160) -> list[tuple[str, bool]]:
    """A window of the text around the first searched word, as (piece, is_match) parts for highlighting. Words
    are found in the one form of the text and shown in the original."""
    words = [term for term, _ in _terms(q)]
    form = normalize(text)
    folded = form.text.casefold()
    spans = []
    if len(folded) == len(form.text):  # casefold kept the length, so offsets carry over
        for word in words:
            spans += [(form.to_original(m.start()), form.to_original(m.end() - 1) + 1)
                      for m in re.finditer(re.escape(word.casefold()), folded)]
    if not spans:
        return [(text[:width * 2], False)] + ([(" …", False)] if len(text) > width * 2 else [])
    spans.sort()
    start = max(spans[0][0] - width // 2, 0)
    end = min(start + width * 2, len(text))
    parts, at = [], start
    for s, e in spans:
        if s < at or e > end:
            continue
        parts += [(text[at:s], False), (text[s:e], True)]
        at = e
    parts.append((text[at:end], False))
    lead = [("… ", False)] if start else []
    return lead + [p for p in parts if p[0]] + ([(" …", False)] if end < len(text) else [])


def choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values the filter menus offer: what the store holds."""
    found: dict[str, list[str]] = {kind: [] for kind in ("country", "admin1", "event", "actor", "language")}
    for kind, value in conn.execute("SELECT kind, value FROM facets ORDER BY kind, value"):
        found.setdefault(kind, []).append(value)
    return found


def overview(conn: sqlite3.Connection, f: Filters, *, now: datetime | None = None,
             locate: geo.Locate | None = None) -> dict:
    """What the board shows above its list: the map of the stories the filters keep, and events per day."""
    view = geo.map_view(map_stories(conn, f), locate or geo_places.locate)
    days = events_per_day(conn, f, now)
    timeline = bar_chart(days, title="events per day", unit="events", width=520, height=80)
    return {"map": view, "timeline": timeline, "ticks": day_ticks(timeline, [d for d, _ in days]),
            "days": len(days), "events": sum(n for _, n in days), "limit": MAP_LIMIT}
