"""What a watch rule is: conditions on the story's main event and on the actors with a part in it.

Every condition given must hold; a list condition holds when any of its values does. Actor ids of groups
also match their branches (islamic-state matches iskp). Actors count only in the roles listed (by default
the principal ones: perpetrator, claimant, target, participant, subject), never when merely mentioned.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsmon.messages import Severity

PRINCIPAL_ROLES = ("perpetrator", "claimant", "target", "participant", "subject")
Role = Literal["perpetrator", "claimant", "target", "participant", "subject", "mentioned"]
Basis = Literal["claimed", "blamed", "reported", "suspected"]


class ActorCondition(BaseModel):
    """Actors that must have a part in the event: any of `any`, all of `all`, in one of `roles`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    any: tuple[str, ...] = Field((), description="At least one of these actors (or a branch of one).")
    all: tuple[str, ...] = Field((), description="Every one of these actors (or a branch of each).")
    roles: tuple[Role, ...] = Field(PRINCIPAL_ROLES, min_length=1, description="Roles that count.")


class Rule(BaseModel):
    """One watch rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="Stable id; alerts name it.")
    name: str = Field(min_length=1, description="Human title, shown with the alert.")
    severity: Severity = "medium"
    severity_when_killed: dict[Severity, Annotated[int, Field(ge=1, strict=True)]] = Field(
        default_factory=dict, description="Severity rises to a level when the main event killed at least so many "
                                          "victims, e.g. {high: 1, critical: 10}.")
    event_types: tuple[str, ...] = Field((), description="Event types, or families as family:<name>; any of them.")
    exclude_event_types: tuple[str, ...] = ()
    actors: ActorCondition | None = None
    exclude_actors: tuple[str, ...] = Field((), description="No alert when any of these has a part in the event.")
    perpetrator: tuple[str, ...] = Field((), description="The event is attributed to one of these (or a branch).")
    basis: tuple[Basis, ...] = Field((), description="...on one of these grounds (claimed, blamed, reported, suspected).")
    claimed: bool | None = Field(None, strict=True, description="A claim of responsibility was (true) or was not (false) made.")
    denied: bool | None = Field(None, strict=True, description="Someone denied a part in it.")
    countries: tuple[str, ...] = Field((), description="The event happened in one of these countries (ISO alpha-2).")
    admin1: tuple[str, ...] = Field((), description="...in one of these provinces or states.")
    min_killed: int | None = Field(None, ge=0, strict=True, description="The main event killed at least this many.")
    keywords: tuple[str, ...] = Field((), description="One of these words or phrases is in a title or lead.")
    exclude_keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = Field((), description="The story has one of these topic labels.")
    exclude_categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = Field((), description="One of the story's articles is in one of these languages.")
    destinations: tuple[str, ...] = Field((), description="Endpoint names; empty means every endpoint.")

    def states_as_perpetrator(self, kind_of) -> bool:
        """True when the rule asks for a state as the perpetrator."""
        return bool(self.perpetrator) and all(kind_of(p) == "state" for p in self.perpetrator)
