"""Hand-built records of every topic the console reads, with the fields the pages show."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsmon.messages import (
    Actor,
    Alert,
    DeadLetter,
    DeliveryReport,
    EndpointState,
    EnrichedArticle,
    EventFacts,
    Evidence,
    FeedStatus,
    Perpetrator,
    Place,
    RawArticle,
    RuleHit,
    Source,
    StoryArticle,
    StoryState,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
TOLL = "Seven passengers were killed and two wounded when gunmen stopped the coach near Mangochar."


def article(n: int, *, title: str = "Gunmen kill seven coach passengers in Kalat", body: str = "",
            language: str = "en", killed: int | None = 7, actor: str = "bla", country: str = "PK",
            admin1: str = "Balochistan", at: datetime = T0, source: str = "dawn", kind: str = "feed",
            event_type: str = "armed-assault") -> EnrichedArticle:
    body = body or f"KALAT: {TOLL}\n\nThe Baloch Liberation Army said its fighters carried out the attack."
    text = f"{title}\n\n{body}"
    start = text.find(TOLL)
    evidence = (Evidence(fact="killed", sentence=TOLL, start=start, end=start + len(TOLL)),
                Evidence(fact="injured", sentence=TOLL, start=start, end=start + len(TOLL))) if start >= 0 else ()
    event = EventFacts(type=event_type, killed=killed, injured=2 if killed else None,
                       where=Place(name="Kalat", admin1=admin1, country=country, kind="district"),
                       perpetrator=Perpetrator(actor=actor, name=actor.upper(), basis="claimed"), evidence=evidence)
    raw = RawArticle(id=f"a{n}", title=title, body=body, source=source, source_kind=kind, outlet="Dawn",
                     url=f"https://example.org/{n}", published=at)
    return EnrichedArticle(id=f"a{n}", produced_at=at, article=raw, language=language, event=event,
                           actors=(Actor(id=actor, name=actor.upper(), kind="group", role="perpetrator"),))


def story(n: int, articles: list[EnrichedArticle], *, revision: int = 1, severity: str | None = "high",
          at: datetime | None = None) -> StoryState:
    first = articles[0]
    kept = tuple(StoryArticle(id=a.id, title=a.article.title, outlet=a.article.outlet, url=a.article.url,
                              first_seen=a.produced_at, language=a.language, source=a.article.source)
                 for a in articles)
    return StoryState(id=f"s{n}", produced_at=at or articles[-1].produced_at, route=first.event.where.country,
                      articles=kept, event=first.event, actors=first.actors, revision=revision,
                      alerted=("bla-attacks",) if revision else (), severity=severity if revision else None,
                      updated=at or articles[-1].produced_at)


def alert(state: StoryState, *, revision: int = 1, changes: tuple[str, ...] = ("new story",)) -> Alert:
    return Alert(id=f"msg_{state.id}_{revision}", produced_at=T0 + timedelta(minutes=revision), story_id=state.id,
                 revision=revision, severity="high", headline=state.articles[-1].title, changes=changes,
                 rules=(RuleHit(id="bla-attacks", name="BLA attacks", severity="high", why="perpetrator bla"),),
                 sources=(Source(id=state.articles[0].id, title=state.articles[0].title),))


def report(alert_id: str, story_id: str, *, endpoint: str = "desk", outcome: str = "delivered",
           attempt: int = 1) -> DeliveryReport:
    return DeliveryReport(id=f"{alert_id}:{endpoint}:{attempt}", produced_at=T0 + timedelta(minutes=5),
                          alert_id=alert_id, story_id=story_id, endpoint=endpoint, attempt=attempt, outcome=outcome,
                          status_code=200 if outcome == "delivered" else 503, reason="" if outcome == "delivered"
                          else "503 Service Unavailable")


def endpoint_state(name: str, *, disabled: bool) -> EndpointState:
    return EndpointState(id=name, produced_at=T0, disabled=disabled, reason="410 Gone" if disabled else "")


def dead_letter(alert: Alert, endpoint: str) -> DeadLetter:
    import base64

    from newsmon.messages import encode

    return DeadLetter(id=f"t:0:9:{alert.id}:{endpoint}", produced_at=T0 + timedelta(minutes=9),
                      stage="deliverer.deliver", error=f"{endpoint}: 503 after 7 attempts", source_topic="t",
                      source_partition=0, source_offset=9, key=alert.story_id, endpoint=endpoint,
                      value_b64=base64.b64encode(encode(alert)).decode())


def feed_status(name: str, *, streak: int = 0) -> FeedStatus:
    return FeedStatus(id=name, produced_at=T0, url=f"https://example.org/{name}.xml", last_attempt=T0,
                      last_success=None if streak else T0, error_streak=streak, polls=10, not_modified=4,
                      last_error="HTTP 500" if streak else None)
