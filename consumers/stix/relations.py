"""Who did what to whom, as STIX relationships from the story's event, using only the types STIX 2.1 suggests for
each pair of objects (so stix2-validator has nothing to say about them):

    event (campaign) attributed-to  intrusion-set   a group that carried it out or claimed it
    event            targets        location        where it happened; a state's country when the state was hit
    state (identity) located-at     location        its country
    event            related-to     intrusion-set   a group it was aimed at, that took part in it or is its subject
                                    or identity     a state that carried it out, took part or is its subject

STIX suggests no `attributed-to` from a campaign to an identity nor `targets` to an intrusion set, so those take
the generic `related-to`, with the actor's part in `x_newsmon_role` (and the basis of a blame in
`x_newsmon_basis`). Ids come from the story id, the type and the target, so a revision updates its relationships;
a state's `located-at` is the same for every story and its id names no story.
"""

from __future__ import annotations

from dataclasses import dataclass

import stix2

from consumers.stix import ids
from consumers.stix.extension import AUTHOR_ID, custom

ATTRIBUTED = ("perpetrator", "claimant")


@dataclass(frozen=True)
class Part:
    """One actor's part in the event and the STIX object that stands for it."""

    actor_id: str
    role: str
    state: bool
    ref: str  # the intrusion-set, the state's identity, or (a state that was hit) its country
    basis: str | None = None


def _relationship(story_id: str, kind: str, source_ref: str, target_ref: str, *, created, modified,
                  **facts) -> stix2.Relationship:
    return stix2.Relationship(id=ids.relationship_id(story_id, kind, target_ref, source_ref), created=created,
                              modified=modified, created_by_ref=AUTHOR_ID, relationship_type=kind,
                              source_ref=source_ref, target_ref=target_ref, **custom(**facts))


def event_relationships(story_id: str, event_ref: str, parts: list[Part], place_ref: str | None, *, created,
                        modified) -> list[stix2.Relationship]:
    """The event's links to its actors and its place."""
    found = []
    for part in parts:
        if part.role in ATTRIBUTED and not part.state:
            kind = "attributed-to"
        elif part.role == "target" and part.state:
            kind = "targets"
        else:
            kind = "related-to"
        found.append(_relationship(story_id, kind, event_ref, part.ref, created=created, modified=modified,
                                   role=part.role, basis=part.basis))
    if place_ref is not None and all(p.ref != place_ref for p in parts if p.role == "target"):
        found.append(_relationship(story_id, "targets", event_ref, place_ref, created=created, modified=modified))
    return found


def located_at(identity_ref: str, country_ref: str, *, created, modified) -> stix2.Relationship:
    """A state's government is located at its country: one relationship every story shares (no story in its id)."""
    return _relationship("", "located-at", identity_ref, country_ref, created=created, modified=modified)
