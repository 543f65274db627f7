"""Builders shared by the alerting tests: a rules file on disk, its mistakes by line, enriched articles with a
main event, and stories to match rules against."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

from consumers.alert.matching import StoryView, Vocabulary, match_rules
from consumers.alert.rule_model import Rule
from consumers.alert.rules import check_rules, default_known
from newsmon.messages import Actor, Category, EnrichedArticle, EventFacts, Evidence, Perpetrator, Place, RawArticle

KNOWN = default_known()
VOCAB = Vocabulary(family_of=KNOWN.family_of, lineage=KNOWN.lineage)
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def mistakes_by_line(path: Path) -> dict[int, str]:
    found = {}
    for line in check_rules(path, known=KNOWN):
        name, number, message = line.split(":", 2)
        assert name == str(path)
        found[int(number)] = message.strip()
    return found


def actor(actor_id: str, role: str = "mentioned") -> Actor:
    kind = "state" if actor_id.isupper() else "group"
    return Actor(id=actor_id, name=actor_id, kind=kind, role=role, evidence=(f"A sentence about {actor_id}.",))


def place(name: str, country: str, admin1: str | None = None, kind: str = "city") -> Place:
    return Place(name=name, country=country, admin1=admin1, kind=kind)


def event(type_: str = "bombing", *, killed: int | None = None, where: Place | None = None, date: str | None = None,
          by: str | None = None, basis: str = "blamed", claimed: bool | None = None,
          denied: tuple[str, ...] = (), injured: int | None = None, relation: str = "main") -> EventFacts:
    evidence = [Evidence(fact="type", sentence=f"A {type_} happened.", start=0, end=10)]
    if killed is not None:
        evidence.append(Evidence(fact="killed", sentence=f"The {type_} killed {killed} people.", start=0, end=10))
    perpetrator = Perpetrator(actor=by, name=by.upper(), basis=basis) if by else None
    return EventFacts(type=type_, killed=killed, injured=injured, where=where, date=date, perpetrator=perpetrator,
                      claimed=claimed, denied_by=denied, relation=relation, evidence=tuple(evidence))


def enriched(article_id: str, title: str, main: EventFacts, *actors: Actor, body: str = "", seen: datetime = T0,
             labels: tuple[str, ...] = ("terrorism",), related: tuple[EventFacts, ...] = (),
             language: str = "en", outlet: str = "Dawn") -> EnrichedArticle:
    return EnrichedArticle(
        id=article_id, produced_at=seen,
        article=RawArticle(id=article_id, title=title, body=body or f"{title}. More words follow here.",
                           source=f"{article_id}.txt", outlet=outlet, url=f"https://news.example/{article_id}"),
        language=language, actors=actors, event=main, related_events=related,
        categories=tuple(Category(label=label, score=0.9) for label in labels),
    )


def view(main: EventFacts, *actors: Actor, categories=("terrorism",), languages=("en",), text: str = "") -> StoryView:
    return StoryView(event=main, roles={a.id: a.role for a in actors}, kinds={a.id: a.kind for a in actors},
                     names={a.id: a.name for a in actors}, categories=frozenset(categories),
                     languages=frozenset(languages), text=text.lower())


def rule(**fields) -> Rule:
    return Rule(**{"id": "r", "name": "R", **fields})


def fired(rules: list[Rule], story: StoryView) -> list[str]:
    return [hit.id for hit in match_rules(rules, story, VOCAB)]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
