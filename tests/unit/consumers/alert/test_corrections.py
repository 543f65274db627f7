"""Analyst corrections applied by the alert step: one revision per changed fact or merge, saying an analyst
changed it; a corrected fact outlives later reports and a restart; a muted story is silent until unmuted; a split
makes the article a story of its own."""

from __future__ import annotations

import pytest

from consumers.alert.corrections import ANALYST, split_story_id
from newsmon.messages import (
    Correction,
    DateFix,
    Merge,
    Mute,
    Perpetrator,
    PerpetratorFix,
    PlaceFix,
    Split,
    StoryState,
    TollFix,
    decode,
    encode,
)
from newsmon.step import Reject
from tests.unit.consumers.alert.helpers import T0, enriched, event, hours, place
from tests.unit.consumers.alert.test_stories import ALERTS, QUETTA, STORIES, TURBAT, quetta_story, run, step

MASTUNG = place("Mastung", "PK", "Balochistan", kind="district")


def correction(story_id: str, change, *, n: int = 1, at_hours: float = 10, **fields) -> Correction:
    return Correction(id=f"c{n}-{change.kind}", produced_at=T0 + hours(at_hours), story_id=story_id, route="PK",
                      change=change, **fields)


def correct(alert_step, *corrections):
    """Feed corrections one by one: the alerts raised, the last state of each story, and the rejects."""
    alerts, states, rejects = [], {}, []
    for item in corrections:
        [outputs] = alert_step.handle([item])
        rejects += [o for o in outputs if isinstance(o, Reject)]
        alerts += [o.message for o in outputs if not isinstance(o, Reject) and o.topic == ALERTS]
        states.update({o.message.id: o.message for o in outputs if not isinstance(o, Reject) and o.topic == STORIES})
    return alerts, states, rejects


def opened(*articles):
    """A step that has read these articles, and their alerts."""
    alert_step = step()
    alerts, states = run(alert_step, *articles)
    return alert_step, alerts, states


def test_a_toll_correction_raises_one_revision_saying_an_analyst_changed_it_and_later_reports_leave_it():
    first, toll, *_ = quetta_story()
    alert_step, before, _ = opened(first, toll)
    assert [a.revision for a in before] == [1, 2]
    alerts, states, _ = correct(alert_step, correction("a1", TollFix(killed=17, injured=30), note="hospital list"))
    [alert] = alerts
    assert alert.revision == 3 and alert.severity == "critical"
    assert alert.changes == (f"{ANALYST} corrected the toll to 17 killed, 30 injured (was 14 killed) (hospital list)",)
    assert alert.event.killed == 17 and states["a1"].corrected == ("injured", "killed")
    assert all(e.fact != "killed" for e in alert.event.evidence)  # the reports' sentence says 14, not 17
    higher = enriched("a9", "Quetta station blast toll rises to 21", event("bombing", killed=21, where=QUETTA,
                      date="2026-11-02"), seen=T0 + hours(12))
    later, after = run(alert_step, higher)
    assert later == [] and after["a1"].event.killed == 17 and [a.id for a in after["a1"].articles][-1] == "a9"


def test_the_same_value_again_raises_nothing_and_a_correction_read_twice_is_applied_once():
    first, toll, *_ = quetta_story()
    alert_step, _, _ = opened(first, toll)
    fix = correction("a1", TollFix(killed=17))
    assert len(correct(alert_step, fix)[0]) == 1
    assert correct(alert_step, fix) == ([], {}, [])  # the same record again (a rollback re-read): nothing
    alerts, states, _ = correct(alert_step, correction("a1", TollFix(killed=17), n=2))
    assert alerts == [] and states["a1"].corrections == ("c1-toll", "c2-toll")


def test_a_perpetrator_correction_recasts_the_roles_and_a_later_claim_by_another_group_does_not_undo_it():
    first, toll, claim, *_ = quetta_story()
    alert_step, _, _ = opened(first, toll, claim)
    bla_to_blf = PerpetratorFix(perpetrator=Perpetrator(actor="blf", name="Balochistan Liberation Front",
                                                        basis="blamed"))
    [alert], states, _ = correct(alert_step, correction("a1", bla_to_blf))
    assert alert.changes == (f"{ANALYST} corrected the perpetrator to Balochistan Liberation Front (blamed) "
                             "(was BLA (claimed))",)
    roles = {a.id: a.role for a in states["a1"].actors}
    assert roles["blf"] == "perpetrator" and roles["bla"] == "mentioned"
    # Another outlet's rewrite of the claim joins by its text, and still names the BLA.
    reclaim = claim.model_copy(update={"id": "a8", "produced_at": T0 + hours(20), "article": claim.article.model_copy(
        update={"id": "a8", "outlet": "Geo", "url": "https://news.example/a8"})})
    later, after = run(alert_step, reclaim)
    assert later == [] and after["a1"].event.perpetrator.actor == "blf"
    assert {a.id: a.role for a in after["a1"].actors}["bla"] == "mentioned"


@pytest.mark.parametrize("change, words", [
    (PlaceFix(where=MASTUNG),
     f"{ANALYST} corrected the place to Mastung, Balochistan, PK (was Quetta, Balochistan, PK)"),
    (DateFix(date="2026-11-01"), f"{ANALYST} corrected the date to 2026-11-01 (was 2026-11-02)"),
])
def test_a_place_or_date_correction_raises_a_revision_and_is_kept(change, words):
    first, *_ = quetta_story()
    alert_step, _, _ = opened(first)
    [alert], states, _ = correct(alert_step, correction("a1", change))
    assert alert.revision == 2 and alert.changes == (words,)
    kept = states["a1"].event
    assert (kept.where.name, kept.date) == (("Mastung", "2026-11-02") if change.kind == "place"
                                            else ("Quetta", "2026-11-01"))


def test_corrected_facts_and_a_mute_survive_a_restart_of_the_alerter():
    first, toll, claim, *_ = quetta_story()
    alert_step, _, _ = opened(first)
    _, states, _ = correct(alert_step, correction("a1", TollFix(killed=30, injured=40)),
                           correction("a1", Mute(muted=True), n=2))
    saved = decode(encode(states["a1"]), StoryState)  # as the stories topic gives it back
    restarted = step()
    assert restarted.restore([saved]) == 1
    later, after = run(restarted, toll, claim)
    assert later == []  # muted: the claim would have been a revision
    assert after["a1"].event.killed == 30 and after["a1"].muted
    assert after["a1"].held == ("BLA claimed responsibility",)


def test_a_muted_story_is_silent_until_unmuted_and_then_says_what_it_held_back():
    first, toll, claim, *_ = quetta_story()
    alert_step, _, _ = opened(first)
    assert correct(alert_step, correction("a1", Mute(muted=True)))[0] == []
    assert run(alert_step, toll, claim)[0] == []
    [alert], states, _ = correct(alert_step, correction("a1", Mute(muted=False), n=2))
    assert alert.revision == 2 and alert.changes == (f"{ANALYST} put the story back on the desk",
                                                     "toll rose from 9 to 14 killed", "BLA claimed responsibility")
    assert not states["a1"].muted and states["a1"].held == ()
    assert correct(alert_step, correction("a1", Mute(muted=False), n=3))[0] == []  # nothing held: nothing said


def test_a_story_muted_before_its_first_alert_stays_silent_and_unmuting_sends_it():
    first, toll, *_ = quetta_story()
    _, states = run(step(rules=[]), first)  # read while no rule matched it: no alert yet
    assert states["a1"].revision == 0
    restored = step()
    restored.restore([states["a1"]])
    correct(restored, correction("a1", Mute(muted=True)))
    assert run(restored, toll)[0] == []
    [alert], _, _ = correct(restored, correction("a1", Mute(muted=False), n=2))
    assert alert.revision == 1 and alert.changes == ("new story", f"{ANALYST} put the story back on the desk",
                                                     "toll rose from 9 to 14 killed")
    assert alert.event.killed == 14


def test_a_merge_moves_articles_and_facts_into_the_other_story_with_one_revision():
    first, toll, *_ = quetta_story()
    turbat = enriched("t1", "Grenade attack in Turbat market", event("bombing", killed=2, injured=5, where=TURBAT,
                      date="2026-11-02"), seen=T0 + hours(1))
    alert_step, before, _ = opened(first, turbat, toll)
    assert {a.story_id for a in before} == {"a1", "t1"}
    merge = correction("t1", Merge(into="a1"))
    [alert], states, _ = correct(alert_step, merge)
    assert correct(alert_step, merge) == ([], {}, [])  # sent twice: merged once, and no refusal
    assert alert.story_id == "a1" and alert.revision == 3
    assert alert.changes == (f"{ANALYST} merged the story “Grenade attack in Turbat market” into this one",)
    assert alert.place.name == "Quetta" and alert.event.killed == 14 and alert.event.injured == 5
    assert [s.id for s in alert.sources] == ["a1", "t1", "a2"]  # in the order newsmon saw them
    assert states["t1"].merged_into == "a1" and states["t1"].articles == ()
    rewrite = enriched("t2", "Grenade attack in Turbat market", event("bombing", where=TURBAT), outlet="The News",
                       body="Grenade attack in Turbat market. More words follow here.", seen=T0 + hours(11))
    _, after = run(alert_step, rewrite)
    assert list(after) == ["a1"]  # a rewrite of the merged story's report joins the story it went into
    restarted = step()
    assert restarted.restore([states["t1"], after["a1"]]) == 1  # the merged story is gone for good
    _, _, rejects = correct(restarted, correction("t1", TollFix(killed=3), n=2))
    assert "merged into another" in rejects[0].reason


def test_a_split_makes_the_article_a_story_of_its_own_and_rebuilds_the_one_it_left():
    first, toll, *_ = quetta_story()
    alert_step, _, _ = opened(first, toll)
    alerts, states, _ = correct(alert_step, correction("a1", Split(article_id="a2")))
    new_id = split_story_id("a1", "a2")
    by_story = {a.story_id: a for a in alerts}
    assert set(by_story) == {"a1", new_id}
    assert by_story[new_id].revision == 1 and by_story[new_id].changes == (
        "new story", f"{ANALYST} split it out of the story “Blast at Quetta railway station kills nine”")
    assert by_story["a1"].revision == 3 and by_story["a1"].changes == (
        f"{ANALYST} split “Quetta station blast toll rises to 14” out of this story",
        "toll now 9 killed (was 14 killed)")
    assert [a.id for a in states["a1"].articles] == ["a1"] and states["a1"].event.killed == 9
    assert states[new_id].split_from == "a1" and states[new_id].event.killed == 14
    rewrite = enriched("a7", "Quetta station blast toll rises to 14", event("bombing", killed=14, where=QUETTA),
                       body="Quetta station blast toll rises to 14. More words follow here.", outlet="Geo",
                       seen=T0 + hours(12))
    later, after = run(alert_step, rewrite)
    assert list(after) == [new_id] and later == []  # a rewrite of the split article follows it, silently


@pytest.mark.parametrize("change, reason", [
    (TollFix(killed=1), "not among this alerter's stories"),
    (Merge(into="a1"), "cannot be merged into itself"),
    (Merge(into="zzz"), "story zzz is not among"),
    (Split(article_id="a1"), "only article"),
    (Split(article_id="nope"), "not one of story a1's"),
])
def test_a_correction_that_cannot_be_applied_is_rejected_with_why(change, reason):
    first, *_ = quetta_story()
    alert_step, _, _ = opened(first)
    story_id = "unknown" if reason.startswith("not among") else "a1"
    alerts, states, rejects = correct(alert_step, correction(story_id, change))
    assert alerts == [] and states == {} and reason in rejects[0].reason and rejects[0].stage == "correction"


def test_corrections_are_keyed_by_story_and_what_was_changed():
    keys = {correction("s", change).key for change in (TollFix(killed=1), TollFix(killed=2), Mute(), Mute(muted=False),
                                                       Merge(into="t"), Split(article_id="x"), Split(article_id="y"),
                                                       DateFix(date="2026-01-02"), PlaceFix(where=QUETTA),
                                                       PerpetratorFix())}
    assert keys == {"s/toll", "s/mute", "s/merge", "s/split/x", "s/split/y", "s/date", "s/place", "s/perpetrator"}
    with pytest.raises(ValueError):
        DateFix(date="2 November")
