"""A clash in which only the forces die: a militant group's attack, told as a fight ("a clash between armed
Taliban and police left seventeen policemen dead", "د وسله والو طالبانو او پوليسو تر منځ نښته ... اوولس پوليس
وژل شوي"). Its one group that governs nothing is the perpetrator, as the report tells it. A clash in which
militants die too, or between two states (or a state and a governing group alone), stays a clash.

Reads the main event's clauses and facts (assemble.Event); gives the group and the clause that names it, or None.
"""

from __future__ import annotations

from typing import Protocol

from consumers.enrich.events.units import Unit

_HEAD = ("title", "summary", "lead")


class Event(Protocol):
    """What of the main event (assemble.Event) is read."""

    type: str | None
    units: list[Unit]
    killed: int | None
    attackers_killed: int | None


def attacking_group(event: Event) -> tuple[str, Unit] | None:
    """The one group that governs no state named in the clash's own clauses, when the victims alone are counted."""
    if event.type != "clash" or not event.killed or event.attackers_killed:
        return None
    head = [u for u in event.units if u.section in _HEAD]
    if any(c.attackers for u in event.units for c in u.counts):
        return None  # a militant's death is counted somewhere: a fight, not an attack
    groups = {m.actor: u for u in head for m in u.actors if m.kind == "group" and m.governs is None}
    return next(iter(groups.items())) if len(groups) == 1 else None
