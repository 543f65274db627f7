"""The actors of a story as STIX: each group an `intrusion-set` with its aliases from the actor catalog, each state
an `identity` (its government, when it acts) or a `location` (its country, when it is the target).

These objects are shared by every story that names the actor: their ids come from the catalog id alone.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
import stix2

from consumers.catalog import Catalog, CatalogActor, load_catalog
from consumers.stix import ids
from consumers.stix.extension import AUTHOR_ID, custom
from newsmon.messages import Actor


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shipped actor catalog (consumers/data/actors.yaml)."""
    return load_catalog()


def entry(actor_id: str) -> CatalogActor | None:
    return catalog().actors.get(actor_id)


def aliases(actor: CatalogActor, name: str) -> list[str]:
    """Every other name the catalog knows for the actor (aliases, acronyms, native spellings), once each."""
    seen, names = {name.casefold()}, []
    for alias in (*actor.aliases, *actor.acronyms):
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            names.append(alias)
    return names


def intrusion_set(actor: Actor, *, created, modified) -> stix2.IntrusionSet:
    """A watched group, under its catalog name and aliases."""
    known = entry(actor.id)
    name = known.name if known else actor.name
    parent = entry(known.parent) if known and known.parent else None
    description = f"{name}, as newsmon's actor catalog knows it (id {actor.id})"
    description += f"; a branch of {parent.name}." if parent else "."
    return stix2.IntrusionSet(id=ids.group_id(actor.id), created=created, modified=modified, created_by_ref=AUTHOR_ID,
                              name=name, description=description,
                              aliases=aliases(known, name) if known else None, **custom(actor_id=actor.id))


def state_identity(actor: Actor, *, created, modified) -> stix2.Identity:
    """A state that acts (claims, blames, talks, strikes): its government, as an organization."""
    known = entry(actor.id)
    name = known.name if known else actor.name
    return stix2.Identity(id=ids.state_id(actor.id), created=created, modified=modified, created_by_ref=AUTHOR_ID,
                          name=name, identity_class="organization", sectors=["government-national"],
                          description=f"The state of {name}: its government and forces.", **custom(actor_id=actor.id))


def country_name(code: str) -> str:
    """A country's name: the catalog's (it names states as reports do), else ISO 3166's, else the code."""
    known = entry(code.upper())
    if known is not None and known.kind == "state":
        return known.name
    found = pycountry.countries.get(alpha_2=code.upper())
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code.upper()


def country(code: str, *, created, modified) -> stix2.Location:
    """A country as a location, shared by every story in it or about it."""
    return stix2.Location(id=ids.country_id(code), created=created, modified=modified, created_by_ref=AUTHOR_ID,
                          name=country_name(code), country=code.upper(), **custom(place_kind="country"))


def is_state(actor: Actor) -> bool:
    """A state of the catalog (its id is its ISO 3166-1 alpha-2 code)."""
    known = entry(actor.id)
    return (known.kind if known else actor.kind) == "state"
