"""Watch rules files: the shipped default, and every mistake reported on its line."""

from __future__ import annotations

import re

import pytest

from consumers.alert.rules import DEFAULT_RULES_FILE, check_rules, load_rules
from newsmon.errors import ConfigError
from tests.unit.consumers.alert.helpers import CATALOG, LABELS, enriched, fired, mistakes_by_line, write

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


