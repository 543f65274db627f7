"""Which partition an enriched article goes to: its event's country, so one alerter sees a whole story."""

from __future__ import annotations

from newsmon.messages import EnrichedArticle

NO_COUNTRY = "none"


def route_of(enriched: EnrichedArticle) -> str:
    """The main event's country; else the country of the first state with a part in it; else "none"."""
    where = enriched.event.where
    if where is not None and where.country:
        return where.country
    states = [a for a in enriched.actors if a.kind == "state" and a.role != "mentioned"]
    return states[0].id if states else NO_COUNTRY
