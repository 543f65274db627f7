"""Typed, frozen, versioned messages shared by producers and consumers.

Every record on a topic is one of these models serialised as JSON. The envelope fields
(schema, schema_version, id, produced_at) come first. Within a version only optional fields
may be added; readers ignore fields they do not know. A breaking change is a new version.

    envelope   Message (the envelope), encode, decode, json_schema
    article    RawArticle, EnrichedArticle and their parts (actors, places, event facts with evidence)
    alert      Alert and the articles it carries
    delivery   Delivery (a scheduled webhook retry), DeliveryReport, EndpointState, DeadLetter
    feed       FeedStatus (one feed's health after a poll)
    correction Correction (an analyst's change to a story) and its kinds of change
"""

from newsmon.messages.alert import SEVERITIES, Alert, RuleHit, Severity, Source, StoryArticle, StoryState
from newsmon.messages.article import (
                                      Actor,
                                      Category,
                                      EnrichedArticle,
                                      Entity,
                                      EventFacts,
                                      Evidence,
                                      Perpetrator,
                                      Place,
                                      RawArticle,
                                      Role,
)
from newsmon.messages.correction import (
                                         FACT_KINDS,
                                         Correction,
                                         DateFix,
                                         Merge,
                                         Mute,
                                         PerpetratorFix,
                                         PlaceFix,
                                         Split,
                                         TollFix,
)
from newsmon.messages.delivery import DeadLetter, Delivery, DeliveryReport, EndpointState
from newsmon.messages.envelope import Message, decode, encode, json_schema, utcnow
from newsmon.messages.feed import FeedStatus

MESSAGE_TYPES: dict[str, type[Message]] = {
    cls.SCHEMA: cls for cls in (RawArticle, EnrichedArticle, Alert, StoryState, Delivery, DeliveryReport, EndpointState,
                                DeadLetter, FeedStatus, Correction)
}

__all__ = [
    "SEVERITIES", "Actor", "Alert", "Category", "RuleHit", "Severity", "Source", "StoryArticle", "StoryState", "DeadLetter", "Delivery", "DeliveryReport", "EndpointState",
    "EnrichedArticle", "Entity", "EventFacts", "Evidence", "FeedStatus", "MESSAGE_TYPES", "Message", "Perpetrator",
    "Place", "RawArticle", "Role", "decode", "encode", "json_schema", "utcnow",
    "FACT_KINDS", "Correction", "DateFix", "Merge", "Mute", "PerpetratorFix", "PlaceFix", "Split", "TollFix",
]
