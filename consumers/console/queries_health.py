"""The actor page (activity over time, latest stories, names from the catalog) and the health page (feeds,
stages, dead letters, endpoints)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from consumers.console.ingest import stamp

WEEKS = 26
MONTHS = 12


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def actor_activity(conn: sqlite3.Connection, actor_id: str) -> dict:
    """Events per week (stories with an event type that involve the actor, by when newsmon first saw them) for the
    WEEKS up to its newest story, killed and injured per month in events attributed to it, and its latest
    stories. A story that gets a follow-up stays in the week it began."""
    newest = conn.execute("SELECT max(first_seen) FROM story_actors WHERE actor_id = ?", (actor_id,)).fetchone()[0]
    latest = conn.execute("SELECT s.*, sa.role FROM story_actors sa JOIN stories s ON s.id = sa.story_id "
                          "WHERE sa.actor_id = ? ORDER BY sa.updated DESC LIMIT 20", (actor_id,)).fetchall()
    if newest is None:
        return {"weeks": [], "months": [], "latest": latest, "total": 0}
    end = _parse(newest)
    week0 = (end - timedelta(days=end.weekday())).replace(hour=0, minute=0, second=0) - timedelta(weeks=WEEKS - 1)
    counts = dict.fromkeys(range(WEEKS), 0)
    for week, n in conn.execute(
            "SELECT CAST((julianday(sa.first_seen) - julianday(?)) / 7 AS INTEGER), count(*) FROM story_actors sa "
            "JOIN stories s ON s.id = sa.story_id WHERE sa.actor_id = ? AND sa.first_seen >= ? "
            "AND s.event_type IS NOT NULL GROUP BY 1", (stamp(week0), actor_id, stamp(week0))):
        counts[min(max(week, 0), WEEKS - 1)] += n
    weeks = [((week0 + timedelta(weeks=n)).date().isoformat(), counts[n]) for n in range(WEEKS)]
    month_keys = []
    year, month = end.year, end.month
    for _ in range(MONTHS):
        month_keys.insert(0, f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    tolls = {k: (0, 0) for k in month_keys}
    for key, killed, injured in conn.execute(
            "SELECT substr(sa.first_seen, 1, 7), sum(coalesce(s.killed, 0)), sum(coalesce(s.injured, 0)) "
            "FROM story_actors sa JOIN stories s ON s.id = sa.story_id WHERE sa.actor_id = ? AND s.perpetrator = ? "
            "AND sa.first_seen >= ? GROUP BY 1", (actor_id, actor_id, month_keys[0] + "-01")):
        if key in tolls:
            tolls[key] = (killed, injured)
    total = conn.execute("SELECT count(*) FROM story_actors WHERE actor_id = ?", (actor_id,)).fetchone()[0]
    return {"weeks": weeks, "months": [(k, *tolls[k]) for k in month_keys], "latest": latest, "total": total}


def feeds(conn: sqlite3.Connection, now: datetime | None = None) -> list[dict]:
    """Every feed the poller reported, with items per day over the last week, its share of 304 answers, and its
    poll interval (and why) and median publication-to-first-seen lag when its poller reports them."""
    week_ago = stamp((now or datetime.now(timezone.utc)) - timedelta(days=7))
    items = dict(conn.execute("SELECT source, count(*) FROM articles WHERE source_kind = 'feed' AND seen >= ? "
                              "GROUP BY source", (week_ago,)).fetchall())
    freshness = {}
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'feed_freshness'").fetchone():  # made by ingest
        freshness = {r["name"]: r for r in conn.execute("SELECT * FROM feed_freshness")}
    shown = []
    for row in conn.execute("SELECT * FROM feeds ORDER BY error_streak DESC, name"):
        fresh = freshness.get(row["name"])
        shown.append({"row": row, "per_day": items.get(row["name"], 0) / 7,
                      "not_modified_ratio": row["not_modified"] / row["polls"] if row["polls"] else None,
                      "interval": duration(fresh["interval_s"]) if fresh else "–",
                      "interval_reason": (fresh["interval_reason"] or "") if fresh else "",
                      "websub": bool(fresh and fresh["websub"]),
                      "median_lag": duration(fresh["median_lag_s"]) if fresh else "–",
                      "lag_samples": fresh["lag_samples"] if fresh else 0})
    return shown


def duration(seconds: float | None) -> str:
    """45 s, 12 min, 2.5 h, 3 d; a dash for None."""
    if seconds is None:
        return "–"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 48 * 3600 else f"{seconds / 86400:.0f} d"


def stages(conn: sqlite3.Connection, dead: list[sqlite3.Row]) -> list[dict]:
    """Each stage's lag (as last measured) and its dead letters (the rows of dead_letters)."""
    shown = []
    for row in conn.execute("SELECT * FROM stage_lag ORDER BY stage"):
        letters = sum(d["n"] for d in dead if d["stage"].split(".")[0] == row["stage"])
        shown.append({"row": row, "dead": letters})
    return shown


def dead_letters(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT stage, count(*) AS n, max(at) AS last, "
                        "(SELECT error FROM deadletters d2 WHERE d2.stage = d.stage ORDER BY at DESC LIMIT 1) AS error "
                        "FROM deadletters d GROUP BY stage ORDER BY stage").fetchall()


def endpoints(conn: sqlite3.Connection, configured: list[str]) -> list[dict]:
    """Each endpoint: configured, seen in a delivery report or with a stored state; its last attempts, whether it
    is disabled and how many dead-lettered alerts it has not received since."""
    names = set(configured)
    names |= {r[0] for r in conn.execute("SELECT name FROM endpoints")}
    names |= {r[0] for r in conn.execute("SELECT DISTINCT endpoint FROM deliveries")}
    shown = []
    for name in sorted(names):
        state = conn.execute("SELECT * FROM endpoints WHERE name = ?", (name,)).fetchone()
        attempts = conn.execute("SELECT * FROM deliveries WHERE endpoint = ? ORDER BY seq DESC LIMIT 5",
                                (name,)).fetchall()
        waiting = conn.execute(
            "SELECT count(DISTINCT d.key) FROM deadletters d WHERE d.endpoint = ? AND NOT EXISTS (SELECT 1 FROM deliveries x "
            "WHERE x.alert_id = d.key AND x.endpoint = d.endpoint AND x.outcome = 'delivered' AND x.at >= d.at)",
            (name,)).fetchone()[0]
        shown.append({"name": name, "configured": name in configured, "state": state, "attempts": attempts,
                      "dead": waiting})
    return shown
