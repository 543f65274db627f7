"""newsmon as a STIX author, and the extension that declares the facts STIX has no property for.

STIX 2.1 declares custom properties with an extension definition (type `toplevel-property-extension`): the
properties stay at the top of each object, named `x_newsmon_*`, and each object that carries them names the
extension. Both objects never change, so their times are the fixed epoch.
"""

from __future__ import annotations

from typing import Any

import stix2

from consumers.stix.ids import EPOCH, stix_id

AUTHOR_ID = stix_id("identity", "newsmon")
EXTENSION_ID = stix_id("extension-definition", "x_newsmon", "1")

# Every custom property newsmon writes, with what it holds (the extension definition lists their names).
PROPERTIES = {
    "x_newsmon_story_id": "the story's id in newsmon (one report per story)",
    "x_newsmon_revision": "the story revision this version describes (1, 2, ...)",
    "x_newsmon_severity": "info, low, medium, high or critical: the highest of the matched watch rules",
    "x_newsmon_rules": "the watch rules that matched: id, name, severity and why, in words",
    "x_newsmon_changes": "what is new since the last revision, in words",
    "x_newsmon_key_sentence": "the sentence that best states what happened",
    "x_newsmon_event_type": "newsmon's event type (consumers/data/event_types.yaml), e.g. suicide-bombing",
    "x_newsmon_date": "when the event happened (ISO date), when the reports say",
    "x_newsmon_killed": "victims killed (attackers apart)",
    "x_newsmon_injured": "people injured",
    "x_newsmon_attackers_killed": "attackers killed",
    "x_newsmon_targets": "what the event was aimed at: police, military, civilians, ...",
    "x_newsmon_claimed": "whether the reports carry a claim of responsibility",
    "x_newsmon_basis": "on what the attribution rests: claimed, blamed, reported or suspected",
    "x_newsmon_role": "an actor's part in the event: perpetrator, claimant, target, participant or subject",
    "x_newsmon_evidence": "the sentences the facts come from: fact and sentence",
    "x_newsmon_actor_id": "the actor's id in newsmon's catalog (consumers/data/actors.yaml)",
    "x_newsmon_place_kind": "country, admin1, region, district, city or landmark",
    "x_newsmon_languages": "languages of the story's articles",
}


def author() -> stix2.Identity:
    """newsmon itself, the `created_by_ref` of everything it writes."""
    return stix2.Identity(id=AUTHOR_ID, created=EPOCH, modified=EPOCH, name="newsmon", identity_class="system",
                          description="newsmon, a streaming monitor for security news: these objects are its "
                                      "reading of the news, one report per story revision.")


def definition() -> stix2.ExtensionDefinition:
    """The extension definition every object with `x_newsmon_*` properties names."""
    return stix2.ExtensionDefinition(
        id=EXTENSION_ID, created_by_ref=AUTHOR_ID, created=EPOCH, modified=EPOCH, name="newsmon facts",
        description="Facts of a news event that STIX 2.1 has no property for: toll, attribution basis, evidence "
                    "sentences, the watch rules that matched.",
        schema="; ".join(f"{name}: {meaning}" for name, meaning in PROPERTIES.items()),
        version="1.0", extension_types=["toplevel-property-extension"], extension_properties=list(PROPERTIES))


def custom(**values: Any) -> dict[str, Any]:
    """Keyword arguments for a stix2 object: the `x_newsmon_*` values given (None and empty ones left out) and the
    extension that declares them; nothing when there is no value."""
    kept = {f"x_newsmon_{name}": value for name, value in values.items() if value not in (None, (), [], "")}
    unknown = sorted(set(kept) - set(PROPERTIES))
    if unknown:
        raise ValueError(f"undeclared custom properties {unknown}: add them to PROPERTIES")
    if not kept:
        return {}
    return {"extensions": {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}, "allow_custom": True,
            **kept}
