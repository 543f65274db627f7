"""Reading the YAML data files users edit, with libyaml's C parser when PyYAML has it (about twenty times faster
than the pure-Python one on the actor catalog, which every enricher reads at start)."""

from __future__ import annotations

import re
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LabelLoader(_LOADER):  # type: ignore[misc,valid-type]
    """YAML 1.2's booleans only (true, false): in YAML 1.1 a bare NO (Norway), on, off, yes or y is a boolean."""


_LabelLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _LOADER.yaml_implicit_resolvers.items()
}
_LabelLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def load_yaml(text: str) -> Any:
    """yaml.safe_load, with the C parser when available: the same documents, the same errors (yaml.YAMLError)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def compose_yaml(text: str) -> yaml.Node | None:
    """yaml.compose (the document's nodes, each with its line), with the C parser when available."""
    return yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def load_labels(text: str) -> Any:
    """A labelled case (the gold set, a real-news sample): as load_yaml, but only true and false are booleans, so
    that a country code is never read as one (NO, Norway)."""
    return yaml.load(text, Loader=_LabelLoader)  # noqa: S506 - a safe loader, C or Python
