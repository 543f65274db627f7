"""Watch rules files: the shipped default, every mistake reported on its line, rules that can never fire."""

from __future__ import annotations

import re

import pytest

from consumers.alert.rules import DEFAULT_RULES_FILE, check_rules, load_rules
from newsmon.errors import ConfigError
from tests.unit.consumers.alert.helpers import KNOWN, mistakes_by_line, write

# --- the shipped default ---------------------------------------------------------------------

def test_default_rules_have_no_mistakes():
    assert check_rules(DEFAULT_RULES_FILE, known=KNOWN) == []


def test_default_rules_watch_attacks_in_the_region_and_counter_terrorism():
    rules = {r.id: r for r in load_rules(known=KNOWN)}
    assert rules["attack-pakistan-afghanistan"].countries == ("PK", "AF")
    assert rules["attack-pakistan-afghanistan"].severity_when_killed == {"high": 1, "critical": 10}
    assert "iskp" in rules["attack-by-watched-group"].perpetrator
    assert "mentioned" not in rules["counter-terrorism"].actors.roles
    assert all(r.severity != "critical" for r in rules.values())  # critical only from a main event's own toll


# --- check_rules -------------------------------------------------------------------------------

BAD_RULES = """
version: 2
rules:
  - id: ttp
    name: TTP
    actors: {any: [ttp, not-an-actor]}
  - id: no-name
    perpetrator: [bla]
  - id: ttp
    name: Duplicate
    perpetrator: [ttp]
  - id: loud
    name: Loud
    perpetrator: [iskp]
    severity: urgent
  - id: extra
    name: Extra
    perpetrator: [bla]
    colour: red
  - id: labels
    name: Labels
    actors:
      any:
        - PK
        - pk
    categories: [terrorism, terror]
"""


def test_check_rules_reports_each_mistake_on_its_line(tmp_path):
    found = mistakes_by_line(write(tmp_path, BAD_RULES))
    assert sorted(found) == [5, 6, 8, 14, 18, 24, 25]
    assert "unknown actor id 'not-an-actor'" in found[5]
    assert "rule 'no-name'" in found[6] and "missing required field 'name'" in found[6]
    assert "duplicate rule id 'ttp' (first at line 3)" in found[8]
    assert "unknown severity 'urgent'" in found[14]
    assert "unknown field 'colour'" in found[18]
    assert "unknown actor id 'pk' (did you mean 'PK'?)" in found[24]
    assert "unknown category 'terror'" in found[25]


def test_mistakes_come_in_line_order(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            perpetrator: [ttp]
          - id: a
            perpetrator: [nobody]
            severity: urgent
    """)
    lines = [int(m.split(":")[1]) for m in check_rules(path, known=KNOWN)]
    assert lines == [5, 5, 7]


def test_load_rules_raises_the_first_mistake(tmp_path):
    path = write(tmp_path, BAD_RULES)
    with pytest.raises(ConfigError, match=rf"{re.escape(str(path))}:5: .*not-an-actor.*\(and 6 more mistakes\)"):
        load_rules(path, known=KNOWN)


def test_names_are_only_checked_when_known_names_are_given(tmp_path):
    path = write(tmp_path, """
        rules:
          - {id: a, name: A, perpetrator: [nobody], categories: [nothing]}
    """)
    assert check_rules(path) == []
    assert [r.perpetrator for r in load_rules(path)] == [("nobody",)]
    assert len(check_rules(path, known=KNOWN)) == 2


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
    ("rules:\n  - id: a\n    name: A\n    name: B\n    perpetrator: [ttp]\n", 4, "duplicate key 'name'"),
])
def test_file_shape_mistakes(tmp_path, text, line, fragment):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    [mistake] = check_rules(path)
    assert mistake.startswith(f"{path}:{line}: ") and fragment in mistake


@pytest.mark.parametrize("field_lines, line, fragment", [
    ("    actors: ttp\n", 5, "field 'actors'"),
    ("    actors: {any: ttp}\n", 5, "field 'actors.any'"),
    ("    actors: {any: [ttp], roles: [bystander]}\n", 5, "field 'actors.roles.0'"),
    ("    actors: {some: [ttp]}\n", 5, "unknown field 'actors.some' (allowed: any, all, roles)"),
    ("    perpetrator: [ttp]\n    claimed: 1\n", 6, "field 'claimed'"),
    ("    perpetrator: [ttp]\n    min_killed: ten\n", 6, "field 'min_killed'"),
    ("    perpetrator: [ttp]\n    min_killed: -1\n", 6, "field 'min_killed'"),
    ("    perpetrator:\n      - ttp\n      - 7\n", 7, "field 'perpetrator.1'"),
    ("    perpetrator: [ttp]\n    countries: PK\n", 6, "field 'countries'"),
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
            perpetrator: [ttp]
          - name: B
            perpetrator: [ttp]
    """)
    assert check_rules(path) == [f"{path}:5: rule #2: missing required field 'id'"]


def test_unknown_country_is_reported(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            perpetrator: [ttp]
            countries: [PK, XX]
    """)
    [mistake] = check_rules(path, known=KNOWN)
    assert mistake.startswith(f"{path}:5: ") and "unknown country code 'XX'" in mistake


def test_unreadable_file_is_one_mistake(tmp_path):
    [mistake] = check_rules(tmp_path / "missing.yaml")
    assert "missing.yaml: cannot be read" in mistake




@pytest.mark.parametrize("fields, field_line, why", [
    ("    actors: {all: [bla, blf], roles: [perpetrator]}\n", 5, "an event has one perpetrator"),
    ("    actors: {any: [PK, AF], roles: [perpetrator, claimant]}\n", 5, "states are never perpetrators"),
    ("    perpetrator: [PK]\n", 5, "states are never perpetrators"),
    ("    event_types: [talks]\n    claimed: true\n", 6, "only read for attacks"),
    ("    event_types: [bombing]\n    exclude_event_types: [family:attack]\n", 6, "excludes every event type"),
    ("    perpetrator: [iskp]\n    exclude_actors: [islamic-state]\n", 5, "excluded by exclude_actors"),
    ("    actors: {all: [ttp]}\n    exclude_actors: [ttp]\n", 5, "required and excluded"),
    ("    perpetrator: [ttp]\n    claimed: true\n    basis: [blamed]\n", 7, "basis leaves claims out"),
])
def test_a_rule_that_can_never_fire_is_a_mistake_that_says_why(tmp_path, fields, field_line, why):
    path = tmp_path / "rules.yaml"
    path.write_text("version: 2\nrules:\n  - id: a\n    name: A\n" + fields, encoding="utf-8")
    [mistake] = check_rules(path, known=KNOWN)
    assert mistake.startswith(f"{path}:{field_line}: rule 'a' can never fire: ") and why in mistake


def test_unknown_event_type_suggests_the_close_one(tmp_path):
    path = write(tmp_path, """
        rules:
          - id: a
            name: A
            event_types: [bombings, family:atack]
    """)
    first, second = check_rules(path, known=KNOWN)
    assert first == f"{path}:4: rule 'a': unknown event type 'bombings' (did you mean 'bombing'?)"
    assert second == f"{path}:4: rule 'a': unknown event type 'family:atack' (did you mean 'family:attack'?)"
