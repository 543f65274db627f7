"""From the events found in an article to the EventFacts messages it carries, each fact with its evidence.

The parts are built with `model_construct`: their values come from our own typed code, not from outside,
and validating a dozen small models per article would cost more than reading the article's events did.
The message that carries them is validated as usual.
"""

from __future__ import annotations

from consumers.catalog import Catalog
from consumers.enrich.events import Event
from newsmon.messages import EventFacts, Evidence, Perpetrator, Place


def event_facts(event: Event, catalog: Catalog) -> EventFacts:
    """The message form of one event: its facts, and for each fact the sentence and offsets it came from."""
    perpetrator = None
    if event.perpetrator is not None:
        actor = catalog.actors.get(event.perpetrator.actor)
        perpetrator = Perpetrator.model_construct(actor=event.perpetrator.actor,
                                                  name=actor.name if actor else event.perpetrator.actor,
                                                  basis=event.perpetrator.basis, claimant=event.perpetrator.claimant)
    where = None
    if event.where is not None:
        where = Place.model_construct(name=event.where.name, country=event.where.country, admin1=event.where.admin1,
                                      kind=event.where.kind)
    evidence = tuple(Evidence.model_construct(fact=fact, sentence=unit.sentence.text, start=unit.sentence.start,
                                              end=unit.sentence.end) for fact, unit in event.evidence.items())
    return EventFacts.model_construct(
        type=event.type, killed=event.killed, injured=event.injured, attackers_killed=event.attackers_killed,
        date=event.when.isoformat() if event.when else None, claimed=event.claimed, where=where,
        perpetrator=perpetrator, denied_by=tuple(event.denied), targets=tuple(event.targets),
        relation=event.relation, evidence=evidence,
    )
