"""Watch rules: read from a YAML file users edit, every mistake reported on its line.

`check_rules` reports every mistake as FILE:LINE: message: YAML and type errors, unknown actor ids, countries,
event types and categories, and rules that can never fire (rule_sense). `load_rules` stops at the first.
The rule fields are described in rule_model and in the shipped file's header.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from newsmon.yaml_files import compose_yaml, load_yaml
from consumers import DATA_DIR
from consumers.alert.rule_model import Rule
from consumers.alert.rule_sense import never_fires
from consumers.catalog import Catalog
from newsmon.errors import ConfigError

DEFAULT_RULES_FILE = DATA_DIR / "rules.yaml"
_TOP_KEYS = ("version", "rules")
_SEVERITIES = "info, low, medium, high or critical"


@dataclass(frozen=True)
class Known:
    """What names a rules file may use: actor ids, event types and families, taxonomy labels."""

    catalog: Catalog
    types: dict[str, str]  # event type -> family
    labels: set[str]

    def family_of(self, value: str | None) -> str | None:
        if not value:
            return None
        return value.removeprefix("family:") if value.startswith("family:") else self.types.get(value)

    def kind_of(self, actor_id: str) -> str | None:
        actor = self.catalog.actors.get(actor_id)
        return actor.kind if actor else None

    def side(self, actor_id: str) -> str:
        return self.catalog.side(actor_id)

    def lineage(self, actor_id: str) -> set[str]:
        return {actor_id, *self.catalog.ancestors(actor_id)}


def load_rules(path: Path = DEFAULT_RULES_FILE, *, known: Known | None = None) -> list[Rule]:
    """Read a rules file; the first mistake raises ConfigError (exit 3 in the services)."""
    rules, mistakes = _parse(path, known)
    if mistakes:
        more = f" (and {len(mistakes) - 1} more mistakes)" if len(mistakes) > 1 else ""
        raise ConfigError(f"rules file {mistakes[0]}{more}")
    return rules


def check_destinations(path: Path, rules: list[Rule], endpoints_file: Path, names: set[str]) -> list[str]:
    """A mistake per destination a rule names that the endpoints file lacks, as FILE:LINE: message."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for rule in rules:
        start = next((i for i, line in enumerate(lines) if re.search(rf"\bid:\s*['\"]?{re.escape(rule.id)}\b", line)), 0)
        for name in rule.destinations:
            if name not in names:
                at = next((i for i in range(start, len(lines)) if name in lines[i]), start)
                found.append(f"{path}:{at + 1}: rule {rule.id!r}: destination {name!r} is no endpoint of "
                             f"{endpoints_file} (it has: {', '.join(sorted(names)) or 'none'})")
    return found


def check_rules(path: Path, *, known: Known | None = None) -> list[str]:
    """Every mistake in a rules file, as FILE:LINE: message (empty when the file is good)."""
    return _parse(path, known)[1]


def read_rules(path: Path, *, known: Known | None = None) -> tuple[list[Rule], list[str]]:
    """The rules of a file and every mistake in it (FILE:LINE: message), from one reading."""
    return _parse(path, known)


def _parse(path: Path, known: Known | None) -> tuple[list[Rule], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        return [], [f"{path}: cannot be read ({reason})"]
    try:
        root = compose_yaml(text)
        data = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return [], [f"{path}:{line}: YAML syntax error: {exc.problem or exc.context}"]
    except yaml.YAMLError as exc:
        return [], [f"{path}:1: YAML syntax error: {exc}"]

    found: list[tuple[int, str]] = []

    def report(node: yaml.Node, message: str) -> None:
        found.append((node.start_mark.line + 1, message))

    if not isinstance(root, yaml.MappingNode):
        return [], [f"{path}:{root.start_mark.line + 1 if root else 1}: expected a mapping with a `rules:` list"]
    top = _keys(root, report)
    for key, (key_node, _) in top.items():
        if key not in _TOP_KEYS:
            report(key_node, f"unknown top-level key {key!r} (expected {', '.join(_TOP_KEYS)})")
    if "rules" not in top or not isinstance(top["rules"][1], yaml.SequenceNode):
        report(top["rules"][1] if "rules" in top else root, "`rules:` must be a list of rules")
        return [], _lines(path, found)

    rules: list[Rule] = []
    first_line: dict[str, int] = {}
    for index, (node, value) in enumerate(zip(top["rules"][1].value, data["rules"])):
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            report(node, f"rule #{index + 1} is not a mapping")
            continue
        fields = _keys(node, report)
        rule_id = value.get("id")
        label = f"rule {rule_id!r}" if isinstance(rule_id, str) and rule_id else f"rule #{index + 1}"
        if isinstance(rule_id, str) and rule_id:
            id_node = fields["id"][1] if "id" in fields else node  # the id may come from a `<<:` merge
            if rule_id in first_line:
                report(id_node, f"duplicate rule id {rule_id!r} (first at line {first_line[rule_id]})")
            else:
                first_line[rule_id] = id_node.start_mark.line + 1
        try:
            rule = Rule.model_validate(value)
        except ValidationError as exc:
            errors = exc.errors()
            for error in errors:
                if any(other["loc"][:len(error["loc"])] == error["loc"] and other["loc"] != error["loc"] for other in errors):
                    continue  # a field's own error says less than the error of its item
                report(_error_node(node, fields, error["loc"]), f"{label}: {_describe(error)}")
            continue
        before = len(found)
        if known is not None:
            _check_names(rule, fields, report, known)
            if len(found) == before:
                for field, why in never_fires(rule, family_of=known.family_of, kind_of=known.kind_of,
                                              lineage=known.lineage):
                    report(fields[field][0] if field in fields else node, f"{label} can never fire: {why}")
        if len(found) == before:
            rules.append(rule)
    return rules, _lines(path, found)


def _lines(path: Path, found: list[tuple[int, str]]) -> list[str]:
    """Mistakes as FILE:LINE: message, in line order."""
    return [f"{path}:{line}: {message}" for line, message in sorted(found, key=lambda item: item[0])]


def _keys(node: yaml.MappingNode, report) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Keys of a mapping node with their key and value nodes; duplicate keys are mistakes."""
    keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in keys:
            report(key_node, f"duplicate key {key!r}")
        keys[key] = (key_node, value_node)
    return keys


def _error_node(rule_node: yaml.Node, fields: dict, loc: tuple) -> yaml.Node:
    """The node a pydantic error is about: the list item, the field's key (also inside `actors:`), or the rule."""
    if not loc or str(loc[0]) not in fields:
        return rule_node
    key_node, value_node = fields[str(loc[0])]
    rest = loc[1:]
    if rest and isinstance(rest[0], str) and isinstance(value_node, yaml.MappingNode):
        inner = {str(k.value): (k, v) for k, v in value_node.value}
        if rest[0] in inner:
            key_node, value_node = inner[rest[0]]
            rest = rest[1:]
    if rest and isinstance(rest[0], int) and isinstance(value_node, yaml.SequenceNode) and rest[0] < len(value_node.value):
        return value_node.value[rest[0]]
    return key_node


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"missing required field {field!r}"
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(("any", "all", "roles") if error["loc"][0] == "actors" else Rule.model_fields)
        return f"unknown field {field!r} (allowed: {allowed})"
    if error["loc"] == ("severity",):
        return f"unknown severity {error['input']!r} (expected {_SEVERITIES})"
    return f"field {field!r}: {error['msg']}"


def _check_names(rule: Rule, fields: dict, report, known: Known) -> None:
    """Report actor ids, countries, event types and categories that the catalog, event types or taxonomy lack."""
    actors, states = set(known.catalog.actors), {a.id for a in known.catalog.actors.values() if a.kind == "state"}
    types = set(known.types) | {f"family:{f}" for f in set(known.types.values())}
    checks = [("exclude_actors", "actor id", actors), ("perpetrator", "actor id", actors),
              ("countries", "country code", states), ("event_types", "event type", types),
              ("exclude_event_types", "event type", types), ("categories", "category", known.labels),
              ("exclude_categories", "category", known.labels)]
    for field, what, names in checks:
        for position, name in enumerate(getattr(rule, field)):
            if name not in names:
                report(_item(fields, field, position), f"rule {rule.id!r}: unknown {what} {name!r}{_suggest(name, names)}")
    if rule.actors is not None:
        for part in ("any", "all"):
            for position, name in enumerate(getattr(rule.actors, part)):
                if name not in actors:
                    node = _item(fields, "actors", position, part)
                    report(node, f"rule {rule.id!r}: unknown actor id {name!r}{_suggest(name, actors)}")


def _item(fields: dict, field: str, position: int, inner: str | None = None) -> yaml.Node:
    """The node of a list item of a field (or of a field inside a mapping field), else the field's key."""
    key_node, value_node = fields[field]
    if inner is not None and isinstance(value_node, yaml.MappingNode):
        found = {str(k.value): (k, v) for k, v in value_node.value}.get(inner)
        if found is None:
            return key_node
        key_node, value_node = found
    if isinstance(value_node, yaml.SequenceNode) and position < len(value_node.value):
        return value_node.value[position]
    return key_node


def _suggest(name: str, known: set[str]) -> str:
    folded = [k for k in known if k.lower() == name.lower()]
    close = folded or difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def default_known(catalog: Catalog | None = None) -> Known:
    """The names the shipped catalog, event types and taxonomy define."""
    from consumers.catalog import load_catalog
    from consumers.enrich.classify import load_taxonomy
    from consumers.enrich.events.types import load_types

    types = load_types()
    return Known(catalog=catalog or load_catalog(), types=dict(types.family),
                 labels=set(load_taxonomy().labels) | {"other"})
