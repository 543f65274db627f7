"""One alert (one story revision) as a STIX 2.1 bundle: the report, the event, the actors, the place and the
relationships between them, every object made by the `stix2` library, every id deterministic."""

from __future__ import annotations

from dataclasses import dataclass, field

import stix2

from consumers.stix import actors, ids, places, relations, story
from consumers.stix.extension import AUTHOR_ID, author, definition
from newsmon.messages import Actor, Alert


@dataclass
class StoryObjects:
    """A revision's objects: its own (report, event, the event's relationships: they carry the story id) and
    those every story that names the same actor or place shares."""

    own: list = field(default_factory=list)
    shared: list = field(default_factory=list)

    def add_shared(self, obj) -> None:
        if all(o.id != obj.id for o in self.shared):
            self.shared.append(obj)

    @property
    def objects(self) -> list:
        """newsmon and its extension first, then the report and everything it refers to."""
        return [author(), definition(), *self.own, *self.shared]


def principal_actors(alert: Alert) -> list[Actor]:
    """The actors with a part in the event, the perpetrator and the claimant among them even when the alert lists
    them under another role; once each."""
    found = {a.id: a for a in alert.actors if a.role != "mentioned"}
    perpetrator = alert.event.perpetrator
    for actor_id, role in ((perpetrator and perpetrator.actor, "perpetrator"),
                           (perpetrator and perpetrator.claimant, "claimant")):
        if actor_id and actor_id not in found:
            known = actors.entry(actor_id)
            name = known.name if known else (perpetrator.name if role == "perpetrator" else actor_id)
            found[actor_id] = Actor(id=actor_id, name=name, kind=known.kind if known else "group", role=role)
    return list(found.values())


def _basis(alert: Alert, actor: Actor) -> str | None:
    perpetrator = alert.event.perpetrator
    if perpetrator is not None and perpetrator.actor == actor.id:
        return perpetrator.basis
    return "claimed" if actor.role == "claimant" else None


def story_objects(alert: Alert) -> StoryObjects:
    """Every object of the revision, sorted into the story's own and the shared ones."""
    created, modified, shared_created = ids.story_began(alert), ids.revision_time(alert), ids.shared_created(alert)
    shared = {"created": shared_created, "modified": modified}
    found = StoryObjects()
    event = story.event(alert)
    parts, located = [], []
    for actor in principal_actors(alert):
        if not actors.is_state(actor):
            found.add_shared(actors.intrusion_set(actor, **shared))
            ref = ids.group_id(actor.id)
        elif actor.role == "target" and event is not None:
            found.add_shared(actors.country(actor.id, **shared))
            ref = ids.country_id(actor.id)
        else:
            found.add_shared(actors.state_identity(actor, **shared))
            found.add_shared(actors.country(actor.id, **shared))
            ref = ids.state_id(actor.id)
            located.append(relations.located_at(ref, ids.country_id(actor.id), **shared))
        parts.append(relations.Part(actor.id, actor.role, actors.is_state(actor), ref, _basis(alert, actor)))
    place = places.place_location(alert.place or alert.event.where, **shared)
    if place is not None:
        found.add_shared(place)
    for link in located:
        found.add_shared(link)
    own_links = [] if event is None else relations.event_relationships(
        alert.story_id, event.id, parts, place.id if place is not None else None, created=created, modified=modified)
    # A report must refer to something: one that knows no actor, event or place refers to its author.
    refs = [*([event.id] if event is not None else []), *(o.id for o in found.shared), *(r.id for r in own_links)]
    found.own = [story.report(alert, refs or [AUTHOR_ID]), *([event] if event else []), *own_links]
    return found


def bundle(alert: Alert) -> stix2.Bundle:
    """The revision's bundle; its id, too, comes from the story and the revision."""
    return stix2.Bundle(id=ids.bundle_id(alert.story_id, alert.revision), objects=story_objects(alert).objects,
                        allow_custom=True)


def bundle_bytes(alert: Alert) -> bytes:
    """The bundle as the exact bytes a webhook carries: the same for every attempt and every redelivery."""
    return bundle(alert).serialize(ensure_ascii=False).encode("utf-8")
