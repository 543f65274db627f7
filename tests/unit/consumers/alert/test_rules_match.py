"""Matching watch rules against enriched articles."""

from __future__ import annotations

import pytest

from consumers.alert.rules import match_rules
from tests.unit.consumers.alert.helpers import CATALOG, enriched, fired, rule

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
    from consumers.alert.rules import Rule, match_rules
    from consumers.catalog import load_catalog
    from newsmon.messages import Actor, EnrichedArticle, RawArticle

    rule = Rule(id="pk-in", name="PK-IN", actors=("PK", "IN"), require_all=True, min_mentions=2)
    def article(india_mentions):
        return EnrichedArticle(id="x", article=RawArticle(id="x", title="t", source="s"), actors=(
            Actor(id="PK", name="Pakistan", kind="state", mentions=5),
            Actor(id="IN", name="India", kind="state", mentions=india_mentions)))
    assert match_rules([rule], article(1), load_catalog()) == []
    assert [m.rule.id for m in match_rules([rule], article(2), load_catalog())] == ["pk-in"]
