"""Rules that can never fire, and why: `rules check` rejects them instead of letting them sit silent.

The checks follow from how events are read (docs/pipeline.md): attributions (perpetrator, claims, denials) are
read only for attacks; an event has one perpetrator; states are never perpetrators; and a condition that an
exclusion of the same rule cancels can never hold.
"""

from __future__ import annotations

from typing import Callable

from consumers.alert.rule_model import Rule


def never_fires(rule: Rule, *, family_of: Callable[[str], str | None], kind_of: Callable[[str], str | None],
                lineage: Callable[[str], set[str]]) -> list[tuple[str, str]]:
    """(field, why) for each reason the rule can never fire; empty when it can."""
    found: list[tuple[str, str]] = []
    families = {family_of(t) for t in rule.event_types}
    wants_attribution = rule.perpetrator or rule.basis or rule.claimed or rule.denied
    if wants_attribution and rule.event_types and "attack" not in families:
        field = "perpetrator" if rule.perpetrator else "basis" if rule.basis else "claimed" if rule.claimed else "denied"
        found.append((field, "perpetrators, claims and denials are only read for attacks, and event_types lists none"))
    excluded = set(rule.exclude_event_types)
    if rule.event_types and all(t in excluded or f"family:{family_of(t)}" in excluded for t in rule.event_types):
        found.append(("exclude_event_types", "it excludes every event type the rule asks for"))
    if rule.actors is not None:
        condition = rule.actors
        groups = [a for a in condition.all if kind_of(a) == "group"]
        if len(groups) >= 2 and set(condition.roles) <= {"perpetrator", "claimant"}:
            found.append(("actors", f"an event has one perpetrator, so {', '.join(groups)} can never all be one"))
        states = [a for a in (*condition.all, *condition.any) if kind_of(a) == "state"]
        if states and set(condition.roles) <= {"perpetrator", "claimant"} and len(states) == len((*condition.all, *condition.any)):
            found.append(("actors", "states are never perpetrators or claimants: they blame, deny or are targeted"))
        blocked = set().union(*(lineage(a) for a in rule.exclude_actors)) if rule.exclude_actors else set()
        for actor in condition.all:
            if actor in blocked or lineage(actor) & set(rule.exclude_actors):
                found.append(("actors", f"{actor} is required and excluded by exclude_actors"))
    if rule.perpetrator and all(lineage(p) & set(rule.exclude_actors) for p in rule.perpetrator):
        found.append(("perpetrator", "every perpetrator it asks for is excluded by exclude_actors"))
    if rule.states_as_perpetrator(kind_of):
        found.append(("perpetrator", "states are never perpetrators: name groups"))
    if rule.categories and set(rule.categories) <= set(rule.exclude_categories):
        found.append(("exclude_categories", "it excludes every category the rule asks for"))
    if rule.claimed is True and rule.basis and "claimed" not in rule.basis:
        found.append(("basis", "claimed: true needs a claim, but basis leaves claims out"))
    return found
