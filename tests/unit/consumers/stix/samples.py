"""A story revision to make STIX of: a TTP suicide bombing in Bannu, its toll growing from revision to revision."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsmon.messages import Actor, Alert, EventFacts, Evidence, Perpetrator, Place, RuleHit, Source

T0 = datetime(2026, 3, 7, 9, 30, tzinfo=timezone.utc)
TOLL = "A suicide bomber killed four policemen and wounded nine at a checkpost in Bannu on Saturday."


def bannu(revision: int = 1, *, killed: int = 4, perpetrator: str = "ttp", at: datetime = T0) -> Alert:
    where = Place(name="Bannu", admin1="Khyber Pakhtunkhwa", country="PK", kind="city")
    evidence = (Evidence(fact="killed", sentence=TOLL, start=0, end=len(TOLL)),
                Evidence(fact="perpetrator", sentence="The TTP claimed the attack.", start=90, end=117))
    sources = (Source(id="a1", title="Suicide attack on Bannu checkpost", outlet="Dawn", url="https://dawn.example/1",
                      published=T0 - timedelta(hours=1), first_seen=T0),
               Source(id="a2", title="Bannu toll rises", outlet="Geo", url=None, first_seen=T0 + timedelta(hours=2)))
    return Alert(
        id=f"msg_bannu_{revision}", produced_at=at + timedelta(hours=revision), story_id="story-bannu",
        revision=revision, severity="critical", headline="Bannu toll rises", key_sentence=TOLL,
        event=EventFacts(type="suicide-bombing", killed=killed, injured=9, date="2026-03-07", where=where,
                         targets=("police",), claimed=True, evidence=evidence,
                         perpetrator=Perpetrator(actor=perpetrator, name=perpetrator.upper(), basis="claimed")),
        place=where, changes=("new story",) if revision == 1 else (f"toll rose to {killed} killed",),
        rules=(RuleHit(id="ttp-attacks", name="TTP attacks", severity="critical", why="perpetrator ttp"),),
        actors=(Actor(id=perpetrator, name=perpetrator.upper(), kind="group", role="perpetrator"),
                Actor(id="PK", name="Pakistan", kind="state", role="target"),
                Actor(id="AF", name="Afghanistan", kind="state", role="subject")),
        sources=sources[:revision])
