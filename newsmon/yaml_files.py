"""Reading the YAML data files users edit, with libyaml's C parser when PyYAML has it (about twenty times faster
than the pure-Python one on the actor catalog, which every enricher reads at start)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """yaml.safe_load, with the C parser when available: the same documents, the same errors (yaml.YAMLError)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def compose_yaml(text: str) -> yaml.Node | None:
    """yaml.compose (the document's nodes, each with its line), with the C parser when available."""
    return yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
