"""The house's shape: the core never imports a plugin, no module imports itself round a circle, files stay small.

Imports are read from the source with `ast` (top-level and inside functions alike), so a lazy import
counts as an arrow too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("newsmon", "producers", "consumers")
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules a file imports (the longest known prefix of each imported name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            parts = name.split(".")
            for end in range(len(parts), 0, -1):
                if ".".join(parts[:end]) in known:
                    found.add(".".join(parts[:end]))
                    break
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(path, known) - {name} for name, path in mods.items()}


def upward_arrows(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{src} -> {dst}" for src, targets in edges.items() if src.split(".")[0] == "newsmon"
                  for dst in targets if dst.split(".")[0] in ("producers", "consumers"))


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


# Package __init__ modules that re-export their submodules are not circles of logic: a package importing its
# own children is how `from newsmon.kafka_io import Publisher` works.
def without_reexports(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    return {src: {dst for dst in targets if not dst.startswith(src + ".")} for src, targets in edges.items()}


def test_the_core_imports_no_producer_or_consumer():
    assert upward_arrows(graph()) == []


def test_no_module_imports_itself_round_a_circle():
    assert circles(without_reexports(graph())) == []


def test_the_checks_can_fail():
    edges = {"newsmon.cli": {"consumers.alert.cli"}, "a.x": {"a.y"}, "a.y": {"a.x"}}
    assert upward_arrows(edges) == ["newsmon.cli -> consumers.alert.cli"]
    assert circles(edges) == [["a.x", "a.y"]]


@pytest.mark.parametrize("folder", [*PACKAGES, "tests", "bench"])
def test_no_file_is_over_300_lines(folder):
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / folder).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
