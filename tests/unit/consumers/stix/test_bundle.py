"""One alert as a STIX 2.1 bundle: the report, the event, the actors with the catalog's aliases, the place, the
relationships, the facts STIX lacks; ids that stay put from one revision to the next; and a clean validation."""

from __future__ import annotations

import json

import pytest

from consumers.deliver.probe import sample_alert
from consumers.stix import bundle_bytes, ids
from newsmon.messages import Actor, Alert, EventFacts, Place
from tests.unit.consumers.stix.samples import TOLL, bannu
from tests.unit.consumers.stix.validation import EXPECTED_WARNINGS, validate


def objects(alert: Alert) -> dict[str, dict]:
    """The bundle's objects by type (the last of each) and by id."""
    found: dict[str, dict] = {}
    for obj in json.loads(bundle_bytes(alert))["objects"]:
        found[obj["type"]] = found[obj["id"]] = obj
    return found


def relationships(alert: Alert) -> set[tuple[str, str, str]]:
    found = {o["id"]: o for o in json.loads(bundle_bytes(alert))["objects"]}
    return {(found[o["source_ref"]]["type"], o["relationship_type"], found[o["target_ref"]].get("name", ""))
            for o in found.values() if o["type"] == "relationship"}


def test_the_report_tells_what_where_when_to_whom_by_whom_and_the_toll_with_every_source():
    report = objects(bannu(2))["report"]
    assert report["id"] == ids.report_id("story-bannu") and report["name"] == "Bannu toll rises"
    assert report["published"] == "2026-03-07T08:30:00Z"  # the first source's publication
    assert report["description"].startswith(
        "Suicide bombing in Bannu, Khyber Pakhtunkhwa, PK on 2026-03-07, aimed at police, Pakistan, by TTP "
        "(claimed): 4 killed, 9 injured.")
    assert "Revision 2: toll rose to 4 killed." in report["description"]
    refs = report["external_references"]
    assert refs[0] == {"source_name": "newsmon", "external_id": "story-bannu",
                       "description": "newsmon story story-bannu, revision 2"}
    assert refs[1] == {"source_name": "Dawn", "description": "Suicide attack on Bannu checkpost", "external_id": "a1",
                       "url": "https://dawn.example/1"}
    assert refs[2] == {"source_name": "Geo", "description": "Bannu toll rises", "external_id": "a2"}
    assert (report["x_newsmon_killed"], report["x_newsmon_injured"], report["x_newsmon_basis"]) == (4, 9, "claimed")
    assert report["x_newsmon_evidence"][0] == {"fact": "killed", "sentence": TOLL}
    assert report["x_newsmon_rules"][0]["why"] == "perpetrator ttp" and report["x_newsmon_revision"] == 2


def test_groups_states_place_and_who_did_what_to_whom():
    found = objects(bannu())
    group = found["intrusion-set"]
    assert group["name"] == "Tehreek-e-Taliban Pakistan" and "TTP" in group["aliases"]
    assert "Tehrik-i-Taliban Pakistan" in group["aliases"] and group["name"] not in group["aliases"]
    place = found[ids.place_id("PK", "Khyber Pakhtunkhwa", "Bannu")]
    assert (place["country"], place["administrative_area"], place["city"]) == ("PK", "Khyber Pakhtunkhwa", "Bannu")
    assert abs(place["latitude"] - 32.99) < 0.2 and abs(place["longitude"] - 70.60) < 0.2  # Bannu the town
    assert place["precision"] == 10_000
    assert found[ids.country_id("PK")]["country"] == "PK"  # Pakistan, the target, as its country
    afghanistan = found[ids.state_id("AF")]  # Afghanistan, a subject, as its government
    assert (afghanistan["identity_class"], afghanistan["sectors"]) == ("organization", ["government-national"])
    assert relationships(bannu()) == {
        ("campaign", "attributed-to", "Tehreek-e-Taliban Pakistan"),
        ("campaign", "targets", "Pakistan"),
        ("campaign", "targets", "Bannu, Khyber Pakhtunkhwa, Pakistan"),
        ("campaign", "related-to", "Afghanistan"),
        ("identity", "located-at", "Afghanistan"),
    }
    event = found["campaign"]
    assert event["name"] == "Suicide bombing in Bannu, Khyber Pakhtunkhwa, PK on 2026-03-07"
    assert (event["x_newsmon_killed"], event["x_newsmon_targets"]) == (4, ["police"])
    attributed = next(o for o in found.values() if o.get("relationship_type") == "attributed-to")
    assert (attributed["x_newsmon_role"], attributed["x_newsmon_basis"]) == ("perpetrator", "claimed")


def test_a_new_revision_keeps_every_id_and_the_created_time_with_a_newer_modified():
    first, second = objects(bannu(1)), objects(bannu(2, killed=6))
    assert {k for k in first if "--" in k} == {k for k in second if "--" in k}
    for key in (ids.report_id("story-bannu"), ids.event_id("story-bannu"), ids.group_id("ttp")):
        assert first[key]["created"] == second[key]["created"]
        assert first[key]["modified"] < second[key]["modified"]
    assert second["campaign"]["x_newsmon_killed"] == 6
    assert bundle_bytes(bannu(2)) == bundle_bytes(bannu(2))  # the same bytes for every attempt


def test_another_perpetrator_is_another_relationship_and_a_group_is_shared_between_stories():
    assert objects(bannu(perpetrator="iskp"))[ids.group_id("iskp")]["name"] != "Tehreek-e-Taliban Pakistan"
    other = bannu().model_copy(update={"story_id": "story-other"})
    assert objects(other)[ids.group_id("ttp")]["id"] == objects(bannu())[ids.group_id("ttp")]["id"]
    assert objects(other)["report"]["id"] != objects(bannu())["report"]["id"]


def test_talks_are_no_campaign_and_the_states_are_their_governments():
    islamabad = Place(name="Islamabad", country="PK", kind="city")
    talks = bannu().model_copy(update={
        "event": EventFacts(type="talks", where=islamabad), "place": islamabad,
        "actors": (Actor(id="PK", name="Pakistan", kind="state", role="participant"),
                   Actor(id="RU", name="Russia", kind="state", role="participant"))})
    found = objects(talks)
    assert "campaign" not in found and found["report"]["description"].startswith("Talks in Islamabad, PK")
    assert relationships(talks) == {("identity", "located-at", "Pakistan"), ("identity", "located-at", "Russia")}


@pytest.mark.parametrize("alert", [bannu(1), bannu(2, killed=6), sample_alert()], ids=["rev1", "rev2", "test-alert"])
def test_every_bundle_validates_without_errors(alert):
    errors, warnings = validate(bundle_bytes(alert))
    assert errors == [] and set(warnings) <= EXPECTED_WARNINGS


@pytest.mark.parametrize("where, precision", [
    (Place(name="Waziristan", admin1="Khyber Pakhtunkhwa", country="PK", kind="region"), 150_000),  # its province
    (Place(name="Nowhere-on-earth", admin1="Nowhere", country="PK", kind="city"), None),  # only its country known
    (Place(name="Lyon", admin1="Auvergne-Rhone-Alpes", country="FR", kind="city"), None),  # off the desk's region
])
def test_a_place_has_a_point_only_as_closely_as_it_is_known(where, precision):
    alert = bannu()
    alert = alert.model_copy(update={"place": where, "event": alert.event.model_copy(update={"where": where})})
    place = objects(alert)[ids.place_id(where.country, where.admin1, where.name)]
    assert place.get("precision") == precision and ("latitude" in place) == (precision is not None)
    assert place["country"] == where.country
