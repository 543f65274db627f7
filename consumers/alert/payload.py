"""The alert a desk reads: built from the story as it stands, the rules it matched and what changed."""

from __future__ import annotations

import hashlib
from datetime import datetime

from consumers.alert.matching import highest
from consumers.alert.story import PRINCIPAL, Story, key_sentence
from newsmon.messages import Alert, RuleHit, Source


def webhook_id(story_id: str, revision: int) -> str:
    """Deterministic webhook-id of one (story, revision): every endpoint and every repeat gets the same id."""
    digest = hashlib.sha256(f"{story_id}\x1f{revision}".encode("utf-8")).hexdigest()
    return f"msg_{digest[:32]}"


def build_alert(story: Story, hits: list[RuleHit], changes: list[str], *, produced_at: datetime,
                destinations: tuple[str, ...]) -> Alert:
    """Revision story.revision of the story's alert; produced_at is the triggering record's, so a repeat after
    a crash is byte-identical."""
    key = key_sentence(story.event)
    principal = sorted((a for a in story.actors.values() if a.role in PRINCIPAL),
                       key=lambda a: (PRINCIPAL.index(a.role), a.id))
    return Alert(
        id=webhook_id(story.id, story.revision), produced_at=produced_at, story_id=story.id,
        revision=story.revision, severity=highest(hits), headline=story.articles[-1].title,
        key_sentence=key.sentence if key else None, event=story.event, place=story.event.where,
        changes=tuple(changes), rules=tuple(hits), actors=tuple(principal),
        sources=tuple(Source(id=a.id, title=a.title, outlet=a.outlet, url=a.url, published=a.published,
                             first_seen=a.first_seen, language=a.language, source=a.source) for a in story.articles),
        languages=tuple(story.languages), destinations=destinations,
        published=story.articles[0].published, first_seen=story.articles[0].first_seen,
    )
