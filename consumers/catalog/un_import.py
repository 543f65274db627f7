"""Refresh the actor catalog's group aliases from the UN Security Council consolidated list.

Pure functions, no network: the caller reads the XML file and writes the catalog YAML. A name in its original
script that is written in the Arabic script (NAME_ORIGINAL_SCRIPT: "تحریک طالبان پاکستان") goes to the native
names file (actors_native.yaml), which the linker reads in the script's one form.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from newsmon.arabic_script import has_arabic_script, unify
from newsmon.errors import InputError

ROOT_TAG = "CONSOLIDATED_LIST"
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[\W_]+")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_PARENS = re.compile(r"^(.*?)\s*\(([^()]+)\)$")
_PARTICLES = frozenset("a al an and as at by e el for i in of on or the to ud ul ur wa".split())


@dataclass(frozen=True)
class UnEntity:
    """One entity of the UN list, names as printed there (whitespace collapsed)."""

    reference: str
    name: str
    aliases: tuple[str, ...]
    list_type: str
    comments: str
    original: str = ""  # the name in its original script, when the list gives one


@dataclass
class MergeReport:
    """What a merge did. ``catalog`` is the merged copy; the input catalog is left untouched."""

    catalog: dict
    matched: list[tuple[str, str]] = field(default_factory=list)  # (UN reference, actor id)
    added_aliases: dict[str, list[str]] = field(default_factory=dict)  # actor id -> names added
    new_actors: list[str] = field(default_factory=list)  # ids of created groups
    unmatched: list[str] = field(default_factory=list)  # UN references left out
    ambiguous: list[str] = field(default_factory=list)  # UN references matching several groups
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (name, for id, held by id)
    native: dict = field(default_factory=dict)  # the merged copy of the native names file
    added_native: dict[str, list[str]] = field(default_factory=dict)  # actor id -> Arabic-script names added


class _Doctype(Exception):
    pass


class _RefuseDoctype(ET.TreeBuilder):
    """Tree builder that refuses any DOCTYPE, hence any ENTITY declaration (the UN file has none)."""

    def doctype(self, name, pubid, system):  # called by the parser on <!DOCTYPE ...>
        raise _Doctype


def _clean(text: str | None) -> str:
    return " ".join((text or "").split()).strip('"“” ')


def parse_un_entities(xml_bytes: bytes, source: str = "UN consolidated list") -> list[UnEntity]:
    """Read the ENTITIES of a UN SC consolidated list XML document (individuals are ignored).

    Aliases whose QUALITY is "Low" are dropped. Raises InputError(source, ...) for input that
    is not well-formed XML, that has a DOCTYPE (entity declarations), or whose root is wrong.
    """
    parser = ET.XMLParser(target=_RefuseDoctype())
    try:
        parser.feed(xml_bytes)
        root = parser.close()
    except _Doctype:
        raise InputError(source, "DOCTYPE/ENTITY declarations are not accepted") from None
    except ET.ParseError as exc:
        raise InputError(source, f"not well-formed XML ({exc})") from None
    if root.tag != ROOT_TAG:
        raise InputError(source, f"root element is <{root.tag}>, expected <{ROOT_TAG}>")
    entities = []
    for element in root.iterfind("ENTITIES/ENTITY"):
        name = _clean(element.findtext("FIRST_NAME"))
        if not name:
            continue
        aliases: list[str] = []
        for alias in element.iterfind("ENTITY_ALIAS"):
            text = _clean(alias.findtext("ALIAS_NAME"))
            if text and text not in aliases and _clean(alias.findtext("QUALITY")).lower() != "low":
                aliases.append(text)
        entities.append(UnEntity(
            reference=_clean(element.findtext("REFERENCE_NUMBER")),
            name=name,
            aliases=tuple(aliases),
            list_type=_clean(element.findtext("UN_LIST_TYPE")),
            comments=(element.findtext("COMMENTS1") or "").strip(),
            original=_clean(element.findtext("NAME_ORIGINAL_SCRIPT")),
        ))
    return entities


def _key(text: str) -> str:
    """Comparison form: case-folded, accents, apostrophes and punctuation gone, spaces collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", text.casefold())).split())


def _generic(text: str) -> bool:
    """Too short, numeric, or 'the' + one word ('"The Base"'): would match ordinary prose."""
    words = _key(text).split()
    compact = "".join(words)
    return len(compact) < 3 or compact.isdigit() or (len(words) == 2 and words[0] == "the")


def _is_acronym(text: str, in_parens: bool = False) -> bool:
    letters = [c for c in text if c.isalpha()]
    shape = text[:1].isupper() if in_parens else text == text.upper()
    return 0 < len(letters) <= 5 and shape and all(c.isalnum() or c in "-.&" for c in text)


def _variants(text: str) -> list[tuple[str, bool]]:
    """A UN name as (phrase, is_acronym): 'X (ABC)' gives X and ABC, 'X / Y' gives X and Y."""
    out: list[tuple[str, bool]] = []
    for part in re.split(r"\s+/\s+", text):
        match = _PARENS.match(part)
        if match and match.group(1) and _is_acronym(match.group(2), in_parens=True):
            out += [(match.group(1), _is_acronym(match.group(1))), (match.group(2), True)]
        elif part:
            out.append((part, _is_acronym(part)))
    return [(phrase, acronym) for phrase, acronym in out if not _generic(phrase)]


def _title(text: str) -> str:
    """'TEHRIK-E TALIBAN PAKISTAN' -> 'Tehrik-e Taliban Pakistan' (particles stay lower case)."""
    words = []
    for w, word in enumerate(text.lower().split(" ")):
        parts = [p if p in _PARTICLES and (w or i) else _FIRST_LETTER.sub(lambda m: m[0].upper(), p, 1)
                 for i, p in enumerate(word.split("-"))]
        words.append("-".join(parts))
    return " ".join(words)


def _readable(text: str) -> str:
    return _title(text) if any(c.isalpha() for c in text) and text == text.upper() else text


def _actor_keys(actor: dict) -> set[str]:
    names = [actor.get("name") or ""] + list(actor.get("aliases") or []) + list(actor.get("acronyms") or [])
    return {_key(n) for n in names if _key(n)}


def _slug(text: str, taken: set[str]) -> str:
    base = "-".join(_key(text).split()) or "un-entity"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _find(groups: list[dict], entity: UnEntity) -> list[dict]:
    """Candidate groups: by un_reference, else by the UN name, else by the UN aliases."""
    by_ref = [g for g in groups if g.get("un_reference") == entity.reference]
    if by_ref:
        return by_ref
    free = [g for g in groups if not g.get("un_reference")]
    found = [g for g in free if _keys([entity.name]) & _actor_keys(g)]
    if found:
        return found
    # An acronym among the aliases is often a former name's ("HUA", Harakat-ul-Ansar, of HuJI): it makes a
    # match ambiguous but never a match on its own (Hizbul Ahrar is "HuA").
    by_words = [g for g in free if _keys(entity.aliases, acronyms=False) & _actor_keys(g)]
    by_acronym = [g for g in free if g not in by_words and _keys(entity.aliases) & _actor_keys(g)]
    return by_words + by_acronym if by_words else []


def _keys(names, *, acronyms: bool = True) -> set[str]:
    return {_key(p) for n in names for p, acronym in _variants(n) if acronyms or not acronym}


def merge_into_catalog(catalog: dict, entities: list[UnEntity], *, add_new: bool = False,
                       native: dict | None = None) -> MergeReport:
    """Merge UN entities into a copy of the catalog and report what changed.

    A matched group (by un_reference, else by normalised name/alias/acronym) gets the UN name and
    aliases it lacks (ALL-CAPS names in Title Case, short all-caps forms into ``acronyms``) and its
    ``un_reference``. Names held by another actor are not added but listed in ``conflicts``. An
    unmatched entity becomes a new group if ``add_new``, else is listed in ``unmatched``; one that
    matches several groups is listed in ``unmatched`` and ``ambiguous`` and never added. A matched group's
    name in the Arabic script goes into a copy of ``native`` (the native names file) unless it is there already.
    """
    merged = copy.deepcopy(catalog)
    actors = merged.setdefault("actors", [])
    report = MergeReport(catalog=merged, native=copy.deepcopy(native or {}))
    for entity in entities:
        found = _find([a for a in actors if a.get("kind") == "group"], entity)
        if len(found) > 1:
            report.unmatched.append(entity.reference)
            report.ambiguous.append(entity.reference)
            continue
        if found:
            actor = found[0]
            report.matched.append((entity.reference, actor["id"]))
        elif add_new:
            phrase = _variants(entity.name)[0][0] if _variants(entity.name) else entity.name
            actor = {"id": _slug(phrase, {a["id"] for a in actors}), "name": _readable(phrase),
                     "kind": "group", "parent": None, "aliases": [], "acronyms": []}
            actors.append(actor)
            report.new_actors.append(actor["id"])
        else:
            report.unmatched.append(entity.reference)
            continue
        others = {k: a["id"] for a in actors if a is not actor for k in _actor_keys(a)}
        own = _actor_keys(actor)
        for name in (entity.name, *entity.aliases):
            for phrase, acronym in _variants(name):
                key = _key(phrase)
                if key in own:
                    continue
                if key in others:
                    report.conflicts.append((phrase, actor["id"], others[key]))
                    continue
                field_name, value = ("acronyms", phrase) if acronym else ("aliases", _readable(phrase))
                actor[field_name] = [*(actor.get(field_name) or []), value]
                own.add(key)
                report.added_aliases.setdefault(actor["id"], []).append(value)
        actor["un_reference"] = entity.reference
        _add_native(report, actor["id"], entity.original)
    return report


def _add_native(report: MergeReport, actor_id: str, name: str) -> None:
    """The entity's original-script name as a native alias of the actor, when it is in the Arabic script."""
    if not has_arabic_script(name) or len(unify(name).replace(" ", "")) < 3:
        return
    entry = report.native.setdefault("actors", {}).setdefault(actor_id, {})
    known = {unify(n) for names in entry.values() for n in names}
    if unify(name) not in known:
        entry["aliases"] = [*(entry.get("aliases") or []), name]
        report.added_native.setdefault(actor_id, []).append(name)
