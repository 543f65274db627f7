"""The actor catalog: groups and states with their aliases, loaded from YAML files users edit: actors.yaml, and
actors_native.yaml with the same actors' names as Urdu, Persian and Pashto write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError

CATALOG_FILE = DATA_DIR / "actors.yaml"
CONTEXT_FILE = DATA_DIR / "actor_context.yaml"
NATIVE_FILE = DATA_DIR / "actors_native.yaml"
_NATIVE_LISTS = ("aliases", "demonyms", "capitals")


@dataclass(frozen=True)
class CatalogActor:
    """One actor: id (slug for groups, ISO 3166-1 alpha-2 for states), names and context rules."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    governs: str | None = None  # the state a group governs as its de facto government (afghan-taliban -> AF)
    governs_since: date | None = None  # since when; before it the group was an insurgency (None: always)
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    not_near_roles: tuple[str, ...] = ()  # the roles not_near vetoes (alias, demonym, ...); () = all
    context_forms: tuple[str, ...] = ()
    context_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All actors by id."""

    actors: dict[str, CatalogActor]
    team_words: frozenset[str] = frozenset()  # words of a match report: there a state's name is its team

    def ancestors(self, actor_id: str) -> list[str]:
        """The actor's parents, nearest first (iskp -> [islamic-state])."""
        chain, seen = [], {actor_id}
        parent = self.actors[actor_id].parent if actor_id in self.actors else None
        while parent and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.actors[parent].parent if parent in self.actors else None
        return chain

    def side(self, actor_id: str, on: date | None = None) -> str:
        """Whom the actor speaks for: a governing group speaks for its state (afghan-taliban -> AF), on the day `on`
        when given (before the group came to govern, it speaks for itself)."""
        actor = self.actors.get(actor_id)
        if actor is None or not actor.governs:
            return actor_id
        if on is not None and actor.governs_since is not None and on < actor.governs_since:
            return actor_id
        return actor.governs


def _day(entry: dict, key: str, where: str) -> date | None:
    value = entry.get(key)
    if value is None or isinstance(value, date):
        return value
    raise ConfigError(f"{where} ({entry['id']}): '{key}' must be a date (YYYY-MM-DD)")


def _strings(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _words(values) -> tuple[str, ...]:
    """Context words as the linker compares them: lower case, Arabic-script ones in their one form."""
    return tuple(unify(str(w)).lower() for w in values or ())


def _native_names(path: Path | None) -> dict[str, dict]:
    """actors_native.yaml by actor id (empty when there is no such file)."""
    if path is None or not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"native actor names {path}: {exc}") from exc
    actors = data.get("actors") or {}
    if not isinstance(actors, dict) or not all(isinstance(v, dict) for v in actors.values()):
        raise ConfigError(f"native actor names {path}: 'actors' must map actor ids to lists of names")
    for actor_id, entry in actors.items():
        unknown = sorted(set(entry) - set(_NATIVE_LISTS))
        if unknown:
            raise ConfigError(f"native actor names {path}, {actor_id}: unknown keys {unknown}")
    return actors


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_FILE, context_path: Path | None = CONTEXT_FILE,
                 native_path: Path | None = NATIVE_FILE) -> Catalog:
    """Read and check the catalog (and the optional context rules and native names files)."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"actor catalog {path}: {exc}") from exc
    context: dict = {}
    if context_path is not None and context_path.is_file():
        try:
            context = load_yaml(context_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"actor context {context_path}: {exc}") from exc
    only_near = context.get("only_near") or {}
    native = _native_names(native_path)
    actors: dict[str, CatalogActor] = {}
    for index, entry in enumerate((data or {}).get("actors") or []):
        where = f"actor catalog {path}, actor #{index + 1}"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise ConfigError(f"{where}: each actor needs an id and a name")
        if entry.get("kind") not in ("group", "state"):
            raise ConfigError(f"{where} ({entry['id']}): kind must be group or state")
        if entry["id"] in actors:
            raise ConfigError(f"{where}: duplicate id {entry['id']}")
        own = native.get(entry["id"]) or {}
        names = {key: _strings(entry, key, where) + _strings(own, key, f"{native_path}, {entry['id']}")
                 for key in _NATIVE_LISTS}
        actors[entry["id"]] = CatalogActor(
            id=entry["id"],
            name=entry["name"],
            kind=entry["kind"],
            parent=entry.get("parent"),
            governs=entry.get("governs"),
            governs_since=_day(entry, "governs_since", where),
            aliases=names["aliases"],
            acronyms=_strings(entry, "acronyms", where),
            demonyms=names["demonyms"],
            capitals=names["capitals"],
            not_near=_words(context.get("not_near", {}).get(entry["id"])),
            not_near_roles=tuple((context.get("not_near_roles") or {}).get(entry["id"]) or ()),
            context_forms=_strings(only_near.get(entry["id"]) or {}, "forms", f"{context_path} only_near"),
            context_words=_words(_strings(only_near.get(entry["id"]) or {}, "words", f"{context_path} only_near")),
        )
    strays = sorted(set(native) - set(actors))
    if strays:
        raise ConfigError(f"native actor names {native_path}: unknown actor ids {strays}")
    unknown = sorted(set(only_near) - set(actors))
    if unknown:
        raise ConfigError(f"actor context {context_path}: only_near names unknown actors {unknown}")
    for actor in actors.values():
        if actor.parent and actor.parent not in actors:
            raise ConfigError(f"actor catalog {path}: {actor.id} has unknown parent {actor.parent}")
        if actor.governs and (actor.governs not in actors or actors[actor.governs].kind != "state"):
            raise ConfigError(f"actor catalog {path}: {actor.id} governs {actor.governs}, which is not a state id")
    if not actors:
        raise ConfigError(f"actor catalog {path}: no actors")
    return Catalog(actors, frozenset(_words(context.get("team_words"))))
