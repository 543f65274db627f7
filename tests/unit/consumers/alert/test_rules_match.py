"""Matching watch rules against a story's main event and the actors with a part in it."""

from __future__ import annotations

import pytest

from consumers.alert.matching import highest, match_rules
from consumers.alert.rules import load_rules
from newsmon.arabic_script import unify
from tests.unit.consumers.alert.helpers import KNOWN, VOCAB, actor, event, fired, place, rule, view

QUETTA = place("Quetta", "PK", "Balochistan")
BANNU = place("Bannu", "PK", "Khyber Pakhtunkhwa")
PARIS = place("Paris", "FR", "Ile-de-France")


def test_a_rule_on_a_parent_group_fires_on_its_branch_and_says_who_and_in_what_role():
    story = view(event(where=QUETTA, by="iskp", basis="claimed"), actor("iskp", "claimant"))
    [hit] = match_rules([rule(actors={"any": ["islamic-state"]})], story, VOCAB)
    assert hit.why == "iskp (claimant)"


def test_a_rule_on_a_branch_does_not_fire_on_the_parent():
    assert fired([rule(actors={"any": ["iskp"]})], view(event(), actor("islamic-state", "perpetrator"))) == []


@pytest.mark.parametrize("role, expected", [("perpetrator", ["r"]), ("subject", ["r"]), ("mentioned", [])])
def test_actors_count_in_principal_roles_only_never_when_merely_mentioned(role, expected):
    assert fired([rule(actors={"any": ["ttp"]})], view(event(), actor("ttp", role))) == expected


def test_roles_can_be_narrowed():
    story = view(event("arrest"), actor("ttp", "subject"), actor("PK", "participant"))
    assert fired([rule(actors={"any": ["ttp"], "roles": ["perpetrator"]})], story) == []
    assert fired([rule(actors={"any": ["ttp"], "roles": ["subject"]})], story) == ["r"]


@pytest.mark.parametrize("actors, expected", [
    (("PK", "AF"), ["r"]),
    (("PK", "IR"), ["r"]),
    (("PK",), []),
    (("AF", "IR"), []),
])
def test_all_of_and_any_of_groups_combine(actors, expected):
    story = view(event("talks"), *(actor(a, "participant") for a in actors))
    assert fired([rule(actors={"all": ["PK"], "any": ["AF", "IR"]})], story) == expected


@pytest.mark.parametrize("types, expected", [
    (["bombing"], ["r"]), (["family:attack"], ["r"]), (["armed-assault", "bombing"], ["r"]),
    (["armed-assault"], []), (["family:diplomacy"], []),
])
def test_event_types_and_families(types, expected):
    assert fired([rule(event_types=types)], view(event("bombing"))) == expected


def test_excluded_event_types_win():
    assert fired([rule(event_types=["family:attack"], exclude_event_types=["kidnapping"])],
                 view(event("kidnapping"))) == []


@pytest.mark.parametrize("where, expected", [(QUETTA, ["r"]), (PARIS, []), (None, [])])
def test_countries_are_where_the_main_event_happened(where, expected):
    assert fired([rule(countries=["PK", "AF"])], view(event(where=where))) == expected


def test_without_a_place_a_state_with_a_part_in_the_event_stands_for_the_country():
    story = view(event("talks"), actor("AF", "participant"), actor("IN", "mentioned"))
    assert fired([rule(countries=["AF"])], story) == ["r"]
    assert fired([rule(countries=["IN"])], story) == []


@pytest.mark.parametrize("where, expected", [(QUETTA, ["r"]), (BANNU, [])])
def test_admin1(where, expected):
    assert fired([rule(admin1=["Balochistan"])], view(event(where=where))) == expected


def test_perpetrator_basis_and_claims():
    claimed = view(event(by="bla", basis="claimed", claimed=True))
    suspected = view(event(by="bla", basis="suspected"))
    assert fired([rule(perpetrator=["bla"])], claimed) == ["r"]
    assert fired([rule(perpetrator=["bla"])], suspected) == ["r"]
    assert fired([rule(perpetrator=["bla"], basis=["claimed", "blamed"])], suspected) == []
    assert fired([rule(claimed=True)], claimed) == ["r"]
    assert fired([rule(claimed=True)], suspected) == []
    assert fired([rule(claimed=False)], suspected) == ["r"]
    assert fired([rule(perpetrator=["ttp"])], claimed) == []


def test_denied():
    assert fired([rule(denied=True)], view(event(by="ttp", denied=("ttp",)))) == ["r"]
    assert fired([rule(denied=True)], view(event(by="ttp"))) == []


@pytest.mark.parametrize("killed, expected", [(None, []), (9, []), (10, ["r"]), (40, ["r"])])
def test_min_killed_is_the_main_events_toll(killed, expected):
    assert fired([rule(min_killed=10)], view(event(killed=killed))) == expected


def test_keywords_languages_categories_and_their_exclusions():
    story = view(event(), categories=("terrorism",), languages=("ur",), text="Polio team attacked in Bannu")
    assert fired([rule(keywords=["polio"])], story) == ["r"]
    assert fired([rule(keywords=["school"])], story) == []
    assert fired([rule(keywords=["polio"], exclude_keywords=["bannu"])], story) == []
    assert fired([rule(languages=["ur", "ps"])], story) == ["r"]
    assert fired([rule(languages=["fa"])], story) == []
    assert fired([rule(categories=["terrorism"], exclude_categories=["sports"])], story) == ["r"]
    assert fired([rule(exclude_categories=["terrorism"])], story) == []


def test_exclude_actors_covers_branches():
    story = view(event(), actor("iskp", "perpetrator"))
    assert fired([rule(event_types=["bombing"], exclude_actors=["islamic-state"])], story) == []


@pytest.mark.parametrize("killed, severity", [(None, "medium"), (0, "medium"), (1, "high"), (9, "high"),
                                              (10, "critical")])
def test_severity_rises_with_the_main_events_own_toll(killed, severity):
    [hit] = match_rules([rule(severity="medium", severity_when_killed={"high": 1, "critical": 10})],
                        view(event(killed=killed)), VOCAB)
    assert hit.severity == severity


def test_one_story_can_match_several_rules_and_takes_the_highest_severity():
    story = view(event(where=QUETTA, by="bla", basis="claimed", killed=3), actor("bla", "claimant"))
    hits = match_rules([rule(id="a", severity="medium", perpetrator=["bla"], severity_when_killed={"low": 1}),
                        rule(id="b", severity="high", countries=["PK"]),
                        rule(id="c", severity="critical", countries=["IR"])], story, VOCAB)
    assert [h.id for h in hits] == ["a", "b"]
    assert highest(hits) == "high"
    assert hits[0].why == "by BLA (claimed)" and hits[1].why == "in Quetta"


def test_shipped_rules_on_a_passing_mention_of_groups_stay_silent():
    rules = load_rules(known=KNOWN)
    listed = view(event("meeting", where=place("Tehran", "IR", "Tehran")),
                  *(actor(g) for g in ("ttp", "iskp", "bla", "etim")), actor("IR", "participant"))
    assert fired(rules, listed) == []


def test_shipped_rules_on_an_attack_by_a_watched_group_abroad():
    rules = load_rules(known=KNOWN)
    moscow = view(event("armed-assault", where=place("Moscow", "RU"), by="iskp", basis="claimed", killed=140),
                  actor("iskp", "claimant"))
    paris = view(event("armed-assault", where=PARIS, by="islamic-state", basis="claimed", killed=1),
                 actor("islamic-state", "claimant"))
    assert [h.severity for h in match_rules(rules, moscow, VOCAB)] == ["critical"]
    assert fired(rules, paris) == []


def test_shipped_rules_on_arrests_of_the_islamic_state_in_the_region_but_not_abroad():
    rules = load_rules(known=KNOWN)
    punjab = view(event("arrest", where=place("Lahore", "PK", "Punjab")), actor("islamic-state", "subject"),
                  actor("PK", "participant"))
    paris = view(event("arrest", where=PARIS), actor("islamic-state", "subject"), actor("FR", "participant"))
    assert fired(rules, punjab) == ["counter-terrorism-in-region"]
    assert fired(rules, paris) == []


def test_shipped_rules_on_arrests_of_unnamed_militants_in_the_region_only_when_they_are_counter_terrorism():
    rules = load_rules(known=KNOWN)
    karachi = place("Karachi", "PK", "Sindh")
    militants = view(event("arrest", where=karachi), categories=("counter-terrorism",))
    robbers = view(event("arrest", where=karachi), categories=("other",))
    abroad = view(event("arrest", where=PARIS), categories=("counter-terrorism",))
    assert fired(rules, militants) == ["counter-terrorism-unnamed"]
    assert fired(rules, robbers) == [] and fired(rules, abroad) == []
    named = view(event("arrest", where=karachi), actor("ttp", "subject"), categories=("counter-terrorism",))
    assert fired(rules, named) == ["counter-terrorism"]  # a watched group named: the rule for it alone
    # an operation or a gunfight with unnamed militants, in which soldiers died
    gunfight = view(event("clash", where=place("Miranshah", "PK", "Khyber Pakhtunkhwa"), killed=2),
                    categories=("counter-terrorism", "military"))
    assert [(h.id, h.severity) for h in match_rules(rules, gunfight, VOCAB)] == [("counter-terrorism-unnamed", "high")]


def test_keywords_in_the_arabic_script_match_however_the_text_spells_the_letters():
    # The story text is kept in the script's one form; a keyword written with other letter forms still matches.
    story = view(event(), text=unify("پاک افغان سرحدی کشیدگی پر مذاکرات"))
    assert fired([rule(keywords=["سرحد"])], story) == ["r"]  # the start of "سرحدی"
    assert fired([rule(keywords=["مذاكرات"])], story) == ["r"]  # Arabic kaf in the keyword
    assert fired([rule(keywords=["حد"])], story) == []  # never inside a word


def test_shipped_rules_on_talks_with_a_watched_group_but_not_talks_between_states_about_it():
    rules = load_rules(known=KNOWN)
    with_ttp = view(event("talks", where=place("Kabul", "AF", "Kabul")), actor("ttp", "participant"),
                    actor("PK", "participant"))
    about_ttp = view(event("talks", where=place("Kabul", "AF", "Kabul")), actor("ttp", "mentioned"),
                     actor("PK", "participant"), actor("AF", "participant"), text="talks on trade and transit")
    trade_with_taliban = view(event("agreement", where=place("Kabul", "AF", "Kabul")),
                              actor("afghan-taliban", "participant"), text="a trade agreement")
    assert fired(rules, with_ttp) == ["talks-with-watched-group"]
    assert fired(rules, about_ttp) == []
    assert fired(rules, trade_with_taliban) == []


@pytest.mark.parametrize("kind, where, expected", [
    ("operation", place("Anantnag", "IN", "Jammu and Kashmir"), ["counter-terrorism-kashmir"]),
    ("clash", place("Kupwara", "IN", "Jammu and Kashmir"), ["counter-terrorism-kashmir"]),
    ("operation", place("Imphal", "IN", "Manipur"), []),
])
def test_shipped_rules_on_encounters_in_kashmir_with_no_group_named(kind, where, expected):
    assert fired(load_rules(known=KNOWN), view(event(kind, where=where), actor("IN", "participant"))) == expected
