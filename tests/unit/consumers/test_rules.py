"""Watch rules: checking a rules file line by line, and matching rules against enriched articles."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from consumers.catalog import load_catalog
from consumers.classify import load_taxonomy
from consumers.rules import DEFAULT_RULES_FILE, Rule, check_rules, load_rules, match_rules
from newsmon.errors import ConfigError
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


# --- the shipped default ---------------------------------------------------------------------

def test_default_rules_have_no_mistakes():
    assert check_rules(DEFAULT_RULES_FILE, catalog=CATALOG, labels=LABELS) == []


def test_default_rules_load_and_watch_the_seed_actors():
    rules = {r.id: r for r in load_rules()}
    assert len(rules) == len(set(rules))
    assert rules["pakistan-afghanistan"].require_all and set(rules["pakistan-afghanistan"].actors) == {"PK", "AF"}
    assert rules["mass-casualty"].severity == "critical" and rules["mass-casualty"].min_killed == 10
    assert fired(list(rules.values()), enriched("iskp")) == ["islamic-state"]
    assert fired(list(rules.values()), enriched("aqis", killed=12)) == ["al-qaeda", "mass-casualty"]


# --- check_rules -------------------------------------------------------------------------------

BAD_RULES = """
version: 1
rules:
  - id: ttp
    name: TTP
    actors: [ttp, not-an-actor]
  - id: no-name
    actors: [bla]
  - id: ttp
    name: Duplicate
    actors: [ttp]
  - id: loud
    name: Loud
    actors: [iskp]
    severity: urgent
  - id: extra
    name: Extra
    actors: [bla]
    colour: red
  - id: labels
    name: Labels
    actors:
      - PK
      - pk
    categories: [terrorism, terror]
"""


def test_check_rules_reports_each_mistake_on_its_line(tmp_path):
    found = mistakes_by_line(write(tmp_path, BAD_RULES))
    assert sorted(found) == [5, 6, 8, 14, 18, 23, 24]
    assert "unknown actor id 'not-an-actor'" in found[5]
    assert "rule 'no-name'" in found[6] and "missing required field 'name'" in found[6]
    assert "duplicate rule id 'ttp' (first at line 3)" in found[8]
    assert "unknown severity 'urgent'" in found[14]
    assert "unknown field 'colour'" in found[18]
    assert "unknown actor id 'pk' (did you mean 'PK'?)" in found[23]
    assert "unknown category 'terror'" in found[24]


def test_mistakes_come_in_line_order(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            actors: [ttp]
          - id: a
            actors: [nobody]
            severity: urgent
    """)
    lines = [int(m.split(":")[1]) for m in check_rules(path, catalog=CATALOG)]
    assert lines == [5, 5, 7]


def test_load_rules_raises_the_first_mistake(tmp_path):
    path = write(tmp_path, BAD_RULES)
    with pytest.raises(ConfigError, match=rf"{re.escape(str(path))}:5: .*not-an-actor.*\(and 6 more mistakes\)"):
        load_rules(path, catalog=CATALOG, labels=LABELS)


def test_names_are_only_checked_against_what_is_given(tmp_path):
    path = write(tmp_path, """
        rules:
          - {id: a, name: A, actors: [nobody], categories: [nothing]}
    """)
    assert check_rules(path) == []
    assert [r.actors for r in load_rules(path)] == [("nobody",)]
    assert len(check_rules(path, catalog=CATALOG)) == 1
    assert len(check_rules(path, labels=LABELS)) == 1


@pytest.mark.parametrize("text, line, fragment", [
    ("rules:\n  - id: a\n    name: [unclosed\n", 4, "YAML syntax error"),
    ("rules:\n  - id: a\n   name: A\n", 3, "YAML syntax error"),
    ("rules:\n  - id: a\n\tname: A\n", 3, "YAML syntax error"),
])
def test_yaml_syntax_error_names_its_line(tmp_path, text, line, fragment):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    [mistake] = check_rules(path)
    assert mistake.startswith(f"{path}:{line}: {fragment}")


@pytest.mark.parametrize("text, line, fragment", [
    ("", 1, "expected a mapping"),
    ("- id: a\n", 1, "expected a mapping"),
    ("version: 1\n", 1, "`rules:` must be a list"),
    ("version: 1\nrules:\n  id: a\n", 3, "`rules:` must be a list"),
    ("rulez: []\nrules: []\n", 1, "unknown top-level key 'rulez'"),
    ("rules:\n  - just a string\n", 2, "rule #1 is not a mapping"),
    ("rules:\n  - id: a\n    name: A\n    name: B\n    actors: [ttp]\n", 4, "duplicate key 'name'"),
])
def test_file_shape_mistakes(tmp_path, text, line, fragment):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    [mistake] = check_rules(path)
    assert mistake.startswith(f"{path}:{line}: ") and fragment in mistake


@pytest.mark.parametrize("field_lines, line, fragment", [
    ("    actors: ttp\n", 5, "field 'actors'"),
    ("    actors: []\n", 5, "field 'actors'"),
    ("    actors: [ttp]\n    require_all: 1\n", 6, "field 'require_all'"),
    ("    actors: [ttp]\n    min_killed: ten\n", 6, "field 'min_killed'"),
    ("    actors: [ttp]\n    min_killed: -1\n", 6, "field 'min_killed'"),
    ("    actors:\n      - ttp\n      - 7\n", 7, "field 'actors.1'"),
    ("    actors: [ttp]\n    countries: PK\n", 6, "field 'countries'"),
])
def test_wrong_types_point_at_the_field(tmp_path, field_lines, line, fragment):
    path = tmp_path / "rules.yaml"
    path.write_text("version: 1\nrules:\n  - id: a\n    name: A\n" + field_lines, encoding="utf-8")
    [mistake] = check_rules(path)
    assert mistake.startswith(f"{path}:{line}: rule 'a': {fragment}")


def test_missing_id_uses_the_rule_position_and_line(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            actors: [ttp]
          - name: B
            actors: [ttp]
    """)
    assert check_rules(path) == [f"{path}:5: rule #2: missing required field 'id'"]


def test_unknown_country_is_reported(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            actors: [ttp]
            countries: [PK, XX]
    """)
    [mistake] = check_rules(path, catalog=CATALOG)
    assert mistake.startswith(f"{path}:5: ") and "unknown country code 'XX'" in mistake


def test_unreadable_file_is_one_mistake(tmp_path):
    [mistake] = check_rules(tmp_path / "missing.yaml")
    assert "missing.yaml: cannot be read" in mistake


# --- match_rules -------------------------------------------------------------------------------

def test_parent_rule_fires_on_a_branch_and_names_the_branch():
    [match] = match_rules([rule(actors=("islamic-state",))], enriched("iskp", "PK"), CATALOG)
    assert [a.id for a in match.actors] == ["iskp"]
    assert match.actors[0].evidence == ("A sentence about iskp.",)


def test_branch_rule_does_not_fire_on_the_parent():
    assert fired([rule(actors=("iskp",))], enriched("islamic-state")) == []


@pytest.mark.parametrize("actor_ids, expected", [
    (("PK", "AF"), ["r"]),
    (("PK",), []),
    (("AF", "IN"), []),
    (("AF", "PK", "ttp"), ["r"]),
])
def test_require_all_needs_every_listed_actor(actor_ids, expected):
    assert fired([rule(actors=("PK", "AF"), require_all=True)], enriched(*actor_ids)) == expected


def test_require_all_is_satisfied_through_a_parent():
    article = enriched("aqis", "iskp")
    [match] = match_rules([rule(actors=("al-qaeda", "islamic-state"), require_all=True)], article, CATALOG)
    assert [a.id for a in match.actors] == ["aqis", "iskp"]


def test_without_require_all_any_actor_fires_and_only_matching_actors_are_kept():
    [match] = match_rules([rule(actors=("PK", "AF"))], enriched("PK", "ttp"), CATALOG)
    assert [a.id for a in match.actors] == ["PK"]


@pytest.mark.parametrize("killed, expected", [(None, []), (9, []), (10, ["r"]), (40, ["r"])])
def test_min_killed(killed, expected):
    assert fired([rule(actors=("bla",), min_killed=10)], enriched("bla", killed=killed)) == expected


@pytest.mark.parametrize("actor_ids, expected", [
    (("ttp",), ["r"]),
    (("ttp", "afghan-taliban"), []),
    (("ttp", "haqqani-network"), []),
])
def test_exclude_actors_also_excludes_branches(actor_ids, expected):
    assert fired([rule(actors=("ttp",), exclude_actors=("afghan-taliban",))], enriched(*actor_ids)) == expected


@pytest.mark.parametrize("labels, expected", [
    (("terrorism",), ["r"]),
    (("terrorism", "diplomacy"), []),
    (("diplomacy",), []),
])
def test_exclude_categories(labels, expected):
    assert fired([rule(actors=("ttp",), exclude_categories=("diplomacy",))], enriched("ttp", labels=labels)) == expected


def test_categories_keep_only_the_matching_labels_or_all_when_unconstrained():
    article = enriched("PK", "AF", labels=("diplomacy", "border", "terrorism"))
    constrained, free = match_rules(
        [rule(id="c", actors=("PK",), categories=("terrorism", "border", "military")), rule(id="f", actors=("PK",))],
        article, CATALOG)
    assert constrained.categories == ("border", "terrorism")
    assert free.categories == ("diplomacy", "border", "terrorism")
    assert fired([rule(actors=("PK",), categories=("military",))], article) == []


@pytest.mark.parametrize("language, expected", [("en", ["r"]), ("ur", ["r"]), ("de", []), ("und", [])])
def test_languages(language, expected):
    assert fired([rule(actors=("ttp",), languages=("en", "ur"))], enriched("ttp", language=language)) == expected


@pytest.mark.parametrize("countries, expected", [(("PK",), ["r"]), (("AF", "PK"), ["r"]), (("IR",), []), ((), [])])
def test_countries(countries, expected):
    article = enriched("jaish-al-adl", countries=countries)
    assert fired([rule(actors=("jaish-al-adl",), countries=("PK",))], article) == expected


def test_no_actors_means_no_firing_and_rules_keep_their_order():
    rules = [rule(id="b", actors=("bla",)), rule(id="a", actors=("BLA-unknown", "bla"))]
    assert fired(rules, enriched()) == []
    assert fired(rules, enriched("bla")) == ["b", "a"]


def test_unknown_article_actor_is_matched_by_its_own_id():
    assert fired([rule(actors=("new-group",))], enriched("new-group")) == ["r"]


def test_min_mentions_keeps_a_passing_mention_out_of_a_state_pair():
    from consumers.catalog import load_catalog
    from consumers.rules import Rule, match_rules
    from newsmon.messages import Actor, EnrichedArticle, RawArticle

    rule = Rule(id="pk-in", name="PK-IN", actors=("PK", "IN"), require_all=True, min_mentions=2)
    def article(india_mentions):
        return EnrichedArticle(id="x", article=RawArticle(id="x", title="t", source="s"), actors=(
            Actor(id="PK", name="Pakistan", kind="state", mentions=5),
            Actor(id="IN", name="India", kind="state", mentions=india_mentions)))
    assert match_rules([rule], article(1), load_catalog()) == []
    assert [m.rule.id for m in match_rules([rule], article(2), load_catalog())] == ["pk-in"]
