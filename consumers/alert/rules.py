"""Watch rules: which enriched articles raise an alert, read from a YAML file users edit.

`check_rules` reports every mistake in a rules file as FILE:LINE: message; `load_rules` stops at
the first. `match_rules` is pure: the rules that fire for one article, with the evidence behind them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from consumers import DATA_DIR
from consumers.catalog import Catalog
from newsmon.errors import ConfigError
from newsmon.messages import Actor, EnrichedArticle

DEFAULT_RULES_FILE = DATA_DIR / "rules.yaml"
_TOP_KEYS = ("version", "rules")


class Rule(BaseModel):
    """One watch rule; every condition given must hold for it to fire."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="Stable id; alerts and dedupe keys refer to it.")
    name: str = Field(min_length=1, description="Human title of the alert.")
    actors: tuple[str, ...] = Field(min_length=1, description="Actor ids; a parent also matches its branches.")
    require_all: bool = Field(False, strict=True, description="Every listed actor must be present.")
    categories: tuple[str, ...] = Field((), description="Any of these labels; empty means any.")
    countries: tuple[str, ...] = Field((), description="Any place in these ISO alpha-2 countries.")
    min_killed: int | None = Field(None, ge=0, strict=True, description="At least this many killed.")
    min_mentions: int = Field(1, ge=1, strict=True, description="An actor counts only when mentioned this often.")
    languages: tuple[str, ...] = Field((), description="Article language in these ISO 639-1 codes.")
    exclude_actors: tuple[str, ...] = Field((), description="No alert when any of these (or a branch) is present.")
    exclude_categories: tuple[str, ...] = Field((), description="No alert when the article has any of these labels.")
    severity: Literal["low", "medium", "high", "critical"] = "medium"
    destinations: tuple[str, ...] = Field((), description="Endpoint names; empty means every endpoint.")


@dataclass(frozen=True)
class RuleMatch:
    """A rule that fired, the article actors that satisfied it and the categories that matched."""

    rule: Rule
    actors: tuple[Actor, ...]
    categories: tuple[str, ...]


def load_rules(path: Path = DEFAULT_RULES_FILE, *, catalog: Catalog | None = None,
               labels: set[str] | None = None) -> list[Rule]:
    """Read a rules file; the first mistake raises ConfigError."""
    rules, mistakes = _parse(path, catalog, labels)
    if mistakes:
        more = f" (and {len(mistakes) - 1} more mistakes)" if len(mistakes) > 1 else ""
        raise ConfigError(f"rules file {mistakes[0]}{more}")
    return rules


def check_rules(path: Path, *, catalog: Catalog | None = None, labels: set[str] | None = None) -> list[str]:
    """Every mistake in a rules file, as FILE:LINE: message (empty when the file is good)."""
    return _parse(path, catalog, labels)[1]


def _parse(path: Path, catalog: Catalog | None, labels: set[str] | None) -> tuple[list[Rule], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        return [], [f"{path}: cannot be read ({reason})"]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
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
            for error in exc.errors():
                report(_error_node(node, fields, error["loc"]), f"{label}: {_describe(error)}")
            continue
        before = len(found)
        _check_names(rule, fields, report, catalog, labels)
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
    """The node a pydantic error is about: the list item, the field's key, or the rule itself."""
    if not loc or str(loc[0]) not in fields:
        return rule_node
    key_node, value_node = fields[str(loc[0])]
    if len(loc) > 1 and isinstance(loc[1], int) and isinstance(value_node, yaml.SequenceNode):
        if loc[1] < len(value_node.value):
            return value_node.value[loc[1]]
    return key_node


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"missing required field {field!r}"
    if error["type"] == "extra_forbidden":
        return f"unknown field {field!r} (allowed: {', '.join(Rule.model_fields)})"
    if error["loc"] == ("severity",):
        return f"unknown severity {error['input']!r} (expected low, medium, high or critical)"
    return f"field {field!r}: {error['msg']}"


def _check_names(rule: Rule, fields: dict, report, catalog: Catalog | None, labels: set[str] | None) -> None:
    """Report actor ids, countries and categories that the catalog or taxonomy does not know."""
    checks: list[tuple[str, str, set[str]]] = []
    if catalog is not None:
        states = {a.id for a in catalog.actors.values() if a.kind == "state"}
        checks += [("actors", "actor id", set(catalog.actors)), ("exclude_actors", "actor id", set(catalog.actors)),
                   ("countries", "country code", states)]
    if labels is not None:
        checks += [("categories", "category", labels), ("exclude_categories", "category", labels)]
    for field, what, known in checks:
        for position, name in enumerate(getattr(rule, field)):
            if name not in known:
                node = fields[field][1].value[position] if isinstance(fields[field][1], yaml.SequenceNode) \
                    else fields[field][0]
                report(node, f"rule {rule.id!r}: unknown {what} {name!r}{_suggest(name, known)}")


def _suggest(name: str, known: set[str]) -> str:
    folded = [k for k in known if k.lower() == name.lower()]
    close = folded or difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def match_rules(rules: list[Rule], article: EnrichedArticle, catalog: Catalog) -> list[RuleMatch]:
    """The rules that fire for one article, in rule order."""
    lineage = {actor.id: {actor.id, *catalog.ancestors(actor.id)} for actor in article.actors}
    labels = tuple(category.label for category in article.categories)
    countries = {place.country for place in article.places if place.country}
    matches = []
    for rule in rules:
        wanted = set(rule.actors)
        matched = tuple(a for a in article.actors if lineage[a.id] & wanted and a.mentions >= rule.min_mentions)
        present = set().union(*(lineage[a.id] for a in matched)) if matched else set()
        if not matched or (rule.require_all and not wanted <= present):
            continue
        if any(lineage[a.id] & set(rule.exclude_actors) for a in article.actors):
            continue
        if set(labels) & set(rule.exclude_categories):
            continue
        categories = tuple(label for label in labels if label in rule.categories) if rule.categories else labels
        if rule.categories and not categories:
            continue
        if rule.countries and not countries & set(rule.countries):
            continue
        if rule.min_killed is not None and (article.event.killed is None or article.event.killed < rule.min_killed):
            continue
        if rule.languages and article.language not in rule.languages:
            continue
        matches.append(RuleMatch(rule=rule, actors=matched, categories=categories))
    return matches
