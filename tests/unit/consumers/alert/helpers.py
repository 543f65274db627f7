"""Builders shared by the rules tests: a rules file on disk, its mistakes by line, enriched articles."""

from __future__ import annotations

import textwrap
from pathlib import Path

from consumers.alert.rules import Rule, check_rules, match_rules
from consumers.catalog import load_catalog
from consumers.enrich.classify import load_taxonomy
from newsmon.messages import Actor, Category, EnrichedArticle, EventFacts, Place, RawArticle

CATALOG = load_catalog()
LABELS = set(load_taxonomy().labels) | {"other"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def mistakes_by_line(path: Path) -> dict[int, str]:
    found = {}
    for line in check_rules(path, catalog=CATALOG, labels=LABELS):
        name, number, message = line.split(":", 2)
        assert name == str(path)
        found[int(number)] = message.strip()
    return found


def actor(actor_id: str, kind: str = "group") -> Actor:
    return Actor(id=actor_id, name=actor_id, kind=kind, evidence=(f"A sentence about {actor_id}.",))


def enriched(*actor_ids: str, labels: tuple[str, ...] = ("terrorism",), killed: int | None = None,
             language: str = "en", countries: tuple[str, ...] = ()) -> EnrichedArticle:
    actors = tuple(actor(a, "state" if a.isupper() else "group") for a in actor_ids)
    return EnrichedArticle(
        id="a1",
        article=RawArticle(id="a1", title="Attack", body="Text.", source="test"),
        language=language,
        actors=actors,
        categories=tuple(Category(label=label, score=0.9) for label in labels),
        event=EventFacts(type="attack", killed=killed),
        places=tuple(Place(name=f"place in {c}", country=c) for c in countries),
    )


def rule(**fields) -> Rule:
    return Rule(**{"id": "r", "name": "R", **fields})


def fired(rules: list[Rule], article: EnrichedArticle) -> list[str]:
    return [m.rule.id for m in match_rules(rules, article, CATALOG)]
