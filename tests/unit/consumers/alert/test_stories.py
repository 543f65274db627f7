"""Stories: articles about one real-world event become one story; alerts come once per story revision."""

from __future__ import annotations

from consumers.alert.rules import load_rules
from consumers.alert.step import AlertStep
from consumers.enrich.routing import route_of
from newsmon.messages import StoryState, encode
from tests.unit.consumers.alert.helpers import KNOWN, T0, actor, enriched, event, hours, place, rule

QUETTA = place("Quetta", "PK", "Balochistan")
TURBAT = place("Turbat", "PK", "Balochistan")
ALERTS, STORIES = "alerts", "stories"


def step(rules=None, **options) -> AlertStep:
    return AlertStep(rules=rules if rules is not None else load_rules(known=KNOWN), known=KNOWN,
                     output_topic=ALERTS, stories_topic=STORIES, **options)


def run(alert_step: AlertStep, *articles):
    """Feed articles one by one; the alerts raised and the last state of each story."""
    alerts, states = [], {}
    for article in articles:
        [outputs] = alert_step.handle([article])
        alerts += [o.message for o in outputs if o.topic == ALERTS]
        states.update({o.message.id: o.message for o in outputs if o.topic == STORIES})
    return alerts, states


def quetta_story():
    """First report, toll update, claim, rewrite by another outlet, arrest of the plotters."""
    first = enriched("a1", "Blast at Quetta railway station kills nine",
                     event("bombing", killed=9, where=QUETTA, date="2026-11-02"), actor("PK", "target"))
    toll = enriched("a2", "Quetta station blast toll rises to 14",
                    event("bombing", killed=14, where=QUETTA, date="2026-11-02"), actor("PK", "target"),
                    seen=T0 + hours(5))
    claim = enriched("a3", "BLA claims Quetta station bombing",
                     event("bombing", killed=14, where=QUETTA, date="2026-11-02", by="bla", basis="claimed",
                           claimed=True), actor("bla", "claimant"), seen=T0 + hours(8))
    rewrite = enriched("a4", "Blast at Quetta railway station kills nine",
                       event("bombing", killed=9, where=QUETTA), outlet="The News",
                       body="Blast at Quetta railway station kills nine. More words follow here.",
                       seen=T0 + hours(9))
    arrests = enriched("a5", "CTD arrests three over Quetta station bombing",
                       event("arrest", where=QUETTA, date="2026-11-05"), actor("bla", "subject"),
                       related=(event("bombing", killed=14, where=QUETTA, date="2026-11-02", by="bla",
                                      relation="referenced"),), seen=T0 + hours(72))
    return first, toll, claim, rewrite, arrests


def test_first_report_toll_claim_rewrite_and_arrests_are_one_story_with_a_revision_per_material_change():
    alerts, states = run(step(), *quetta_story())
    assert len(states) == 1 and len({a.story_id for a in alerts}) == 1
    assert [a.revision for a in alerts] == [1, 2, 3, 4]
    assert alerts[0].changes == ("new story",)
    assert alerts[1].changes == ("toll rose from 9 to 14 killed",)
    assert alerts[2].changes == ("BLA claimed responsibility",)
    assert alerts[3].changes[0].startswith("arrests reported: CTD arrests three")
    [story] = states.values()
    assert [a.id for a in story.articles] == ["a1", "a2", "a3", "a4", "a5"]
    assert story.event.killed == 14 and story.event.perpetrator.actor == "bla"


def test_each_revision_is_one_alert_listing_every_rule_with_the_highest_severity_and_a_new_webhook_id():
    alerts, _ = run(step(), *quetta_story())
    claim = alerts[2]
    assert [r.id for r in claim.rules] == ["attack-pakistan-afghanistan", "attack-by-watched-group"]
    assert claim.severity == "critical"  # 14 killed in the main event
    assert alerts[0].severity == "high"  # 9 killed: below the critical bar
    assert len({a.id for a in alerts}) == 4
    assert claim.headline == "BLA claims Quetta station bombing"
    assert claim.key_sentence == "The bombing killed 14 people."
    assert claim.place.name == "Quetta" and claim.place.admin1 == "Balochistan"
    assert [s.id for s in claim.sources] == ["a1", "a2", "a3"]
    assert claim.sources[0].outlet == "Dawn" and claim.sources[0].first_seen == T0


def test_a_background_mention_of_the_event_does_not_join_it_nor_raise_its_toll():
    talks = enriched("b1", "Pakistan and Iran discuss border security",
                     event("talks", where=place("Islamabad", "PK", "Islamabad Capital Territory")),
                     actor("PK", "participant"), actor("IR", "participant"),
                     related=(event("bombing", killed=54, where=QUETTA, relation="background"),),
                     seen=T0 + hours(30))
    first = quetta_story()[0]
    alerts, states = run(step(), first, talks)
    assert len(states) == 2
    assert all(a.event.killed in (9, None) for a in alerts)
    assert all(a.severity != "critical" for a in alerts)


def test_the_same_kind_of_attack_in_another_city_the_same_day_is_another_story():
    other = enriched("c1", "Grenade attack in Turbat market", event("bombing", killed=2, where=TURBAT,
                                                                       date="2026-11-02"), seen=T0 + hours(1))
    _, states = run(step(), quetta_story()[0], other)
    assert len(states) == 2


def test_a_report_days_later_without_a_date_is_not_merged_by_place_alone():
    later = enriched("d1", "Blast in Quetta kills three", event("bombing", killed=3, where=QUETTA),
                     seen=T0 + hours(24 * 6))
    _, states = run(step(), quetta_story()[0], later)
    assert len(states) == 2


def test_a_replayed_article_is_not_added_twice():
    first = quetta_story()[0]
    alert_step = step()
    alerts, _ = run(alert_step, first)
    again = alert_step.handle([first])
    assert len(alerts) == 1 and again == [[]]


def test_a_story_restored_from_its_state_goes_on_exactly_as_the_uninterrupted_one():
    articles = quetta_story()
    whole, _ = run(step(), *articles)
    before, states = run(step(), *articles[:2])
    resumed = step()
    resumed.restore(StoryState.model_validate(s.model_dump()) for s in states.values())
    after, _ = run(resumed, *articles[2:])
    assert [encode(a) for a in before + after] == [encode(a) for a in whole]


def test_the_same_input_gives_byte_identical_alerts():
    first, _ = run(step(), *quetta_story())
    second, _ = run(step(), *quetta_story())
    assert [encode(a) for a in first] == [encode(a) for a in second]


def test_a_story_that_matches_no_rule_is_kept_and_alerts_once_it_does():
    rules = [rule(id="claims", perpetrator=["bla"], basis=["claimed"])]
    alerts, states = run(step(rules), *quetta_story()[:3])
    assert len(states) == 1
    assert [(a.revision, a.changes) for a in alerts] == [(1, ("new story", "BLA claimed responsibility"))]


def test_stories_idle_longer_than_the_window_are_forgotten():
    first = quetta_story()[0]
    much_later = enriched("e1", "Blast at Quetta railway station kills nine", event("bombing", killed=9,
                          where=QUETTA, date="2026-11-09"), seen=T0 + hours(24 * 7))
    alerts, states = run(step(story_window_s=3 * 24 * 3600.0), first, much_later)
    assert len({a.story_id for a in alerts}) == 2


def test_two_attacks_by_one_group_without_a_place_are_two_stories():
    first = enriched("f1", "TTP militants attack a post", event("armed-assault", by="ttp"), actor("ttp", "perpetrator"))
    second = enriched("f2", "TTP militants attack another post", event("armed-assault", by="ttp"),
                      actor("ttp", "perpetrator"), body="Different words entirely about a second raid.",
                      seen=T0 + hours(1))
    _, states = run(step(), first, second)
    assert len(states) == 2


def test_the_same_group_in_the_same_province_within_a_day_is_one_story():
    first = enriched("g1", "Blast in Turbat", event("bombing", killed=2, where=TURBAT, date="2026-11-02", by="bla"))
    claim = enriched("g2", "BLA claims Kech district bombing",
                     event("bombing", where=place("Kech", "PK", "Balochistan", kind="district"), date="2026-11-03",
                           by="bla", basis="claimed", claimed=True), seen=T0 + hours(20))
    alerts, states = run(step(), first, claim)
    assert len(states) == 1 and alerts[-1].changes == ("BLA claimed responsibility",)


def test_a_government_repeating_its_states_denial_is_no_news():
    first = quetta_story()[0]
    denial = enriched("h1", "Afghan Taliban deny Quetta attackers came from Afghanistan",
                      event("bombing", killed=9, where=QUETTA, date="2026-11-02", denied=("afghan-taliban",)),
                      seen=T0 + hours(3))
    again = enriched("h2", "Kabul rejects Pakistan's claim over Quetta blast",
                     event("bombing", killed=9, where=QUETTA, date="2026-11-02", denied=("AF",)),
                     seen=T0 + hours(4), body="Kabul rejected the claim. Other words follow here too.")
    alerts, _ = run(step(), first, denial, again)
    assert [a.changes for a in alerts] == [("new story",), ("afghan-taliban denied involvement",)]


def test_a_later_report_dated_a_day_after_the_event_does_not_move_its_date():
    first = quetta_story()[0]
    claim_day = enriched("i1", "BLA claims the Quetta station bombing",
                         event("bombing", killed=9, where=QUETTA, date="2026-11-03", by="bla", basis="claimed"),
                         seen=T0 + hours(20))
    _, states = run(step(), first, claim_day)
    [story] = states.values()
    assert story.event.date == "2026-11-02"


def test_after_a_rolled_back_batch_the_stories_are_the_committed_ones_and_the_alerts_come_again_identical():
    articles = quetta_story()
    committed: dict = {}
    alert_step = step(reload=lambda: list(committed.values()))
    first, states = run(alert_step, articles[0])
    committed.update(states)  # the first article's transaction committed
    lost, _ = run(alert_step, articles[1])  # the second one's aborted: its alert and state were never written
    alert_step.rolled_back()
    again, _ = run(alert_step, articles[1])
    assert lost and [encode(a) for a in again] == [encode(a) for a in lost]
    whole, _ = run(step(), *articles[:2])
    assert [encode(a) for a in first + again] == [encode(a) for a in whole]


def test_a_running_alerter_joins_an_article_only_to_stories_of_its_own_partition():
    text = "Blast at Paris railway station kills nine. More words follow here."
    paris = place("Paris", "FR", "Ile-de-France")
    nowhere = enriched("n1", "Blast at Paris railway station kills nine", event("bombing", killed=9), body=text)
    placed = enriched("p1", "Blast at Paris railway station kills nine", event("bombing", killed=9, where=paris),
                      body=text, outlet="The News", seen=T0 + hours(1))
    home = route_of(nowhere)  # an article with no place goes to the desk's own theatre
    _, states = run(step(partition_of={home: 1, "FR": 0}.__getitem__), nowhere, placed)
    assert set(states) == {"n1", "p1"}  # the story of partition 1 is not revised from partition 0's article
    assert states["n1"].route == home and states["p1"].route == "FR"
    _, states = run(step(partition_of={home: 2, "FR": 2}.__getitem__), nowhere, placed)
    assert set(states) == {"n1"}  # one partition: the rewrite joins the story
    _, states = run(step(), nowhere, placed)
    assert set(states) == {"n1"}  # eval and `rules test` know no partitions: every story is joinable


def test_an_alert_carries_when_the_poller_first_saw_its_article_and_is_told_to_the_service():
    first, toll, *_ = quetta_story()
    fetched = T0 - hours(1)  # the poll that fetched it, an hour before the enricher got to it
    first = first.model_copy(update={"article": first.article.model_copy(update={"first_seen": fetched})})
    told = []
    alerts, _ = run(step(on_alert=told.append), first, toll)
    assert [a.revision for a in told] == [a.revision for a in alerts] == [1, 2]
    assert alerts[0].first_seen == fetched and alerts[0].sources[0].first_seen == fetched
    assert alerts[1].sources[-1].first_seen == T0 + hours(5)  # a saved page: when the alerter read it
