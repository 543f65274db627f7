"""The desk's corrections written as gold cases and story streams that `newsmon eval` reads: the analyst's values
where they corrected, the enricher's reading elsewhere, `alert` from mute and unmute, `story` from merges and
splits."""

from __future__ import annotations

from consumers.alert.correction_cases import export_cases
from consumers.alert.evaluate import load_streams
from consumers.alert.export_corrections import write_export
from consumers.enrich.evaluate import load_gold
from newsmon.messages import (
    DateFix,
    Merge,
    Mute,
    Perpetrator,
    PerpetratorFix,
    PlaceFix,
    Split,
    TollFix,
)
from tests.unit.consumers.alert.helpers import T0, enriched, event, hours
from tests.unit.consumers.alert.test_corrections import MASTUNG, correct, correction
from tests.unit.consumers.alert.test_stories import TURBAT, quetta_story, run, step

BLF = Perpetrator(actor="blf", name="Balochistan Liberation Front", basis="blamed")


def exported(tmp_path, corrections, *articles):
    """Run the articles and corrections through one alert step, export, write and read back the gold directory."""
    alert_step = step()
    alerts, states = run(alert_step, *articles)
    more, changed, _ = correct(alert_step, *corrections)
    export = export_cases(list(corrections), {**states, **changed}, [*alerts, *more], {a.id: a for a in articles})
    write_export(export, tmp_path)
    cases = {case.path.name: case for case in load_gold(tmp_path)} if export.cases else {}
    return export, cases, {s.name: s for s in load_streams(tmp_path)}


def test_fact_corrections_label_the_report_they_were_read_in_and_keep_the_enrichers_reading_elsewhere(tmp_path):
    first, toll, claim, *_ = quetta_story()
    fixes = [correction("a1", TollFix(killed=17, injured=30), article_id="a2"),
             correction("a1", PerpetratorFix(perpetrator=BLF), n=2, article_id="a2"),
             correction("a1", PlaceFix(where=MASTUNG), n=3, article_id="a1"),
             correction("a1", DateFix(date="2026-11-01"), n=4, article_id="a1")]
    export, cases, _ = exported(tmp_path, fixes, first, toll, claim)
    assert export.skipped == [] and set(cases) == {"corr-a1-a2.yaml", "corr-a1-a1.yaml"}
    on_toll = cases["corr-a1-a2.yaml"]
    assert on_toll.article.title == toll.article.title and on_toll.article.body == toll.article.body.rstrip() + "\n"
    assert on_toll.expect | {"actors": None} == {
        "language": "en", "actors": None, "categories": ["terrorism"], "killed": 17, "injured": 30,
        "event": "bombing", "perpetrator": "blf", "basis": "blamed", "country": "PK", "admin1": "Balochistan"}
    assert on_toll.expect["actors"] == ["PK", "blf"]
    on_place = cases["corr-a1-a1.yaml"].expect
    assert (on_place["killed"], on_place["country"], on_place["admin1"], on_place["date"]) == (9, "PK", "Balochistan",
                                                                                               "2026-11-01")
    assert "alert" not in on_place
    text = (tmp_path / "corr-a1-a2.yaml").read_text()
    assert text.startswith("# Exported from the desk's corrections of story a1: a1/toll, a1/perpetrator.")
    assert 'title: "Quetta station blast toll rises to 14"' in text


def test_mute_and_unmute_label_the_alert_of_the_storys_first_report(tmp_path):
    first, toll, *_ = quetta_story()
    turbat = enriched("t1", "Grenade attack in Turbat market", event("bombing", killed=2, where=TURBAT,
                      date="2026-11-02"), seen=T0 + hours(1))
    mutes = [correction("a1", Mute(muted=True)), correction("t1", Mute(muted=True), n=2),
             correction("t1", Mute(muted=False), n=3, at_hours=11)]
    export, cases, _ = exported(tmp_path, mutes, first, turbat, toll)
    assert cases["corr-a1-a1.yaml"].expect["alert"] == {"fire": False, "severity": None}
    assert cases["corr-t1-t1.yaml"].expect["alert"] == {"fire": True, "severity": "high"}
    assert cases["corr-t1-t1.yaml"].expect["killed"] == 2


def test_a_merge_and_a_split_become_story_streams_as_the_analyst_left_the_stories(tmp_path):
    first, toll, *_ = quetta_story()
    turbat = enriched("t1", "Grenade attack in Turbat market", event("bombing", killed=2, where=TURBAT,
                      date="2026-11-02"), seen=T0 + hours(1))
    fixes = [correction("t1", Merge(into="a1")), correction("a1", Split(article_id="a2"), n=2, at_hours=12)]
    export, cases, streams = exported(tmp_path, fixes, first, turbat, toll)
    assert cases == {} and export.skipped == []
    merged = streams["corr-merge-t1"]
    assert [(i.article.id, i.expect["story"]) for i in merged.articles] == [("a1", "A"), ("t1", "A")]
    split = streams["corr-split-a1-a2"]
    assert [(i.article.id, i.expect["story"]) for i in split.articles] == [("a1", "A"), ("t1", "A"), ("a2", "B")]
    assert split.articles[0].expect["alert"] == {"severity": "high"}  # as the desk received it
    assert split.articles[2].expect["alert"] == {"severity": "critical"}
    assert split.articles[2].seen == T0 + hours(5)


def test_a_correction_whose_report_is_gone_is_named_not_written(tmp_path):
    first, *_ = quetta_story()
    alert_step = step()
    alerts, states = run(alert_step, first)
    export = export_cases([correction("a1", TollFix(killed=3), article_id="a1")], states, alerts, {})
    assert export.cases == {} and export.skipped == [("a1/toll", "article a1 is no longer in the enriched topic")]
