"""One story: its facts, each tied to the sentence it came from and highlighted in its article; its revisions;
its sources; the alerts sent and what became of each delivery."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from consumers.console.web.filters import joined_place
from consumers.enrich.events.text import article_text
from newsmon.messages import EventFacts, Evidence, StoryState

FACT_ORDER = ("type", "when", "where", "killed", "injured", "attackers_killed", "perpetrator", "claimed", "target")


@dataclass
class Fact:
    """One fact of the main event, as shown: its name, value, and the marks in the articles that back it."""

    name: str
    value: str
    marks: list[str] = field(default_factory=list)  # anchor ids of the highlighted evidence
    sentences: list[str] = field(default_factory=list)


@dataclass
class ArticleView:
    row: sqlite3.Row
    parts: list[tuple[str, str | None, tuple[str, ...]]]  # (text, mark id or None, facts the mark backs)


@dataclass
class Mentioned:
    """An event the story's articles mention besides their main one: context, never the story's facts or toll."""

    relation: str  # background | referenced
    label: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class StoryView:
    row: sqlite3.Row
    state: StoryState
    facts: list[Fact]
    articles: list[ArticleView]
    revisions: list[dict]
    mentioned: list[Mentioned] = field(default_factory=list)

    @property
    def stored(self) -> set[str]:
        """Ids of the story's articles the store holds (the others are linked to their source only)."""
        return {a.row["id"] for a in self.articles}


def _values(event: EventFacts) -> dict[str, str]:
    where = event.where
    perp = event.perpetrator
    shown = {
        "type": event.type, "when": event.date,
        "where": joined_place(where.name, where.admin1, where.country) if where else None,
        "killed": event.killed, "injured": event.injured, "attackers_killed": event.attackers_killed,
        "perpetrator": f"{perp.name} ({perp.basis})" if perp else None,
        "claimed": {True: "yes", False: "no"}.get(event.claimed),
        "target": ", ".join(event.targets) or None,
    }
    return {k: str(v) for k, v in shown.items() if v is not None}


def mentioned(rows: list[sqlite3.Row]) -> list[Mentioned]:
    """The other events the articles mention, one entry per distinct event, each with its sentences."""
    found: dict[str, Mentioned] = {}
    for row in rows:
        for data in json.loads(row["related"] or "[]"):
            event = EventFacts.model_validate(data)
            values = _values(event)
            parts = [values.get("type", "event"), values.get("where"), values.get("when"),
                     f"{event.killed} killed" if event.killed is not None else None,
                     f"{event.injured} injured" if event.injured is not None else None,
                     f"by {values['perpetrator']}" if "perpetrator" in values else None]
            label = " · ".join(p for p in parts if p)
            item = found.setdefault(label, Mentioned(event.relation, label))
            item.sentences += [q for q in dict.fromkeys(ev.sentence for ev in event.evidence)
                               if q not in item.sentences]
    return list(found.values())


def _locate(ev: Evidence, texts: dict[str, str]) -> tuple[str, int, int] | None:
    """Which article holds the evidence sentence, and where: its offsets first, else the sentence's text."""
    for article_id, text in texts.items():
        if text[ev.start:ev.end] == ev.sentence:
            return article_id, ev.start, ev.end
    for article_id, text in texts.items():
        at = text.find(ev.sentence)
        if at >= 0:
            return article_id, at, at + len(ev.sentence)
    return None


def _merged(by_place: dict[tuple[str, int, int], list[str]]) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """Evidence places of one article that overlap become one mark backing every fact of them."""
    merged: list[list] = []
    for (article_id, start, end), names in sorted(by_place.items()):
        last = merged[-1] if merged else None
        if last and last[0] == article_id and start < last[2]:
            last[2] = max(last[2], end)
            last[3] += [n for n in names if n not in last[3]]
        else:
            merged.append([article_id, start, end, list(dict.fromkeys(names))])
    return [(a, s, e, tuple(names)) for a, s, e, names in merged]


def _marked(text: str, spans: list[tuple[int, int, str, tuple[str, ...]]]) -> list[tuple[str, str | None, tuple]]:
    parts, at = [], 0
    for start, end, mark, facts in sorted(spans):  # never overlapping: see _merged
        parts += [(text[at:start], None, ()), (text[start:end], mark, facts)]
        at = end
    parts.append((text[at:], None, ()))
    return [p for p in parts if p[0]]


def story(conn: sqlite3.Connection, story_id: str) -> StoryView | None:
    row = conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    state = StoryState.model_validate_json(row["state"])
    rows = conn.execute("SELECT a.* FROM story_articles x JOIN articles a ON a.id = x.article_id "
                        "WHERE x.story_id = ? ORDER BY a.seen, a.id", (story_id,)).fetchall()
    texts = {r["id"]: article_text(r["title"], r["summary"], r["body"]) for r in rows}
    values = _values(state.event)
    facts = {name: Fact(name, values[name]) for name in FACT_ORDER if name in values}
    by_place: dict[tuple[str, int, int], list[str]] = {}
    for ev in state.event.evidence:
        fact = facts.get(ev.fact)
        if fact is None:
            continue
        fact.sentences.append(ev.sentence)
        place = _locate(ev, texts)
        if place is not None:
            by_place.setdefault(place, []).append(ev.fact)
    spans: dict[str, list] = {}
    for n, (article_id, start, end, names) in enumerate(_merged(by_place)):
        mark = f"ev-{n + 1}"
        spans.setdefault(article_id, []).append((start, end, mark, names))
        for name in names:
            if mark not in facts[name].marks:
                facts[name].marks.append(mark)
    articles = [ArticleView(r, _marked(texts[r["id"]], spans.get(r["id"], []))) for r in rows]
    return StoryView(row, state, list(facts.values()), articles, revisions(conn, story_id), mentioned(rows))


def revisions(conn: sqlite3.Connection, story_id: str) -> list[dict]:
    """Each alert of the story, oldest first, with what changed and the last outcome per endpoint."""
    shown = []
    for r in conn.execute("SELECT * FROM revisions WHERE story_id = ? ORDER BY revision", (story_id,)):
        last: dict[str, sqlite3.Row] = {}
        for d in conn.execute("SELECT * FROM deliveries WHERE alert_id = ? ORDER BY seq", (r["alert_id"],)):
            last[d["endpoint"]] = d
        shown.append({"row": r, "changes": json.loads(r["changes"]), "rules": json.loads(r["rules"]),
                      "destinations": json.loads(r["destinations"]), "deliveries": list(last.values())})
    return shown
