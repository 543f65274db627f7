"""The console's TAXII 2.1 server, read by taxii2-client over real HTTP (loopback): discovery, the alerts collection,
paging, added_after, a revision replacing its objects, and the token off loopback."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
import requests
from taxii2client.v21 import Server, as_pages
from waitress import create_server

from consumers.console.ingest import rows_for
from consumers.console.service import Console
from consumers.console.web.app import ConsoleApp, Context
from consumers.console.web.guard import Guard
from consumers.console.web.taxii import COLLECTION_ID
from consumers.stix import ids
from newsmon.messages import StoryState
from newsmon.settings import Settings
from tests.unit.consumers.stix.samples import bannu


class Feed:
    """Alerts into the console's store, as the follower applies them (one partition, offsets in order)."""

    def __init__(self, store) -> None:
        self.store, self.offset = store, 0

    def __call__(self, *alerts) -> None:
        self.store.apply([("alerts", 0, self.offset + n, rows_for(a)) for n, a in enumerate(alerts)])
        self.offset += len(alerts)


@pytest.fixture
def console(tmp_path):
    settings = Settings(state_dir=tmp_path, console_store=tmp_path / "console.sqlite")
    running = Console(settings, follow=False, port=0).start()
    yield running
    running.close()


def collection(address: str, **auth):
    [root] = Server(f"{address}taxii2/", **auth).api_roots
    [alerts] = root.collections
    return alerts


def story(n: int, revision: int = 1, **kwargs):
    return bannu(revision, **kwargs).model_copy(update={"story_id": f"story-{n}", "id": f"msg_{n}_{revision}"})


def test_discovery_lists_one_api_root_with_the_read_only_alerts_collection(console):
    server = Server(f"{console.address}taxii2/")
    assert server.title == "newsmon" and [r.url for r in server.api_roots] == [f"{console.address}taxii2/newsmon/"]
    alerts = collection(console.address)
    assert (alerts.id, alerts.title, alerts.can_read, alerts.can_write) == (COLLECTION_ID, "alerts", True, False)
    assert alerts.media_types == ["application/stix+json;version=2.1"]


def test_pages_follow_next_until_more_is_false_and_give_every_object_once(console):
    Feed(console.store)(*(story(n) for n in range(6)))
    alerts = collection(console.address)
    pages = list(as_pages(alerts.get_objects, per_request=7))
    assert len(pages) > 2 and all(len(p["objects"]) <= 7 for p in pages)
    assert [p["more"] for p in pages] == [True] * (len(pages) - 1) + [False] and "next" not in pages[-1]
    got = [o["id"] for p in pages for o in p["objects"]]
    everything = alerts.get_objects(limit=1000)["objects"]
    assert len(got) == len(set(got)) == len(everything)
    assert {ids.report_id(f"story-{n}") for n in range(6)} <= set(got)
    manifest = alerts.get_manifest()["objects"]
    assert [m["id"] for m in manifest] == got and manifest[0]["media_type"] == "application/stix+json;version=2.1"


def test_added_after_gives_only_what_was_added_or_changed_since(console):
    feed = Feed(console.store)
    feed(story(1), story(2))
    alerts = collection(console.address)
    last = max(m["date_added"] for m in alerts.get_manifest()["objects"])
    assert "objects" not in alerts.get_objects(added_after=last)
    feed(story(3), story(1, revision=2, killed=9))
    since = alerts.get_objects(added_after=last)["objects"]
    got = {o["id"]: o for o in since}
    assert ids.report_id("story-3") in got and ids.report_id("story-2") not in got
    assert got[ids.report_id("story-1")]["x_newsmon_revision"] == 2
    assert all(m["date_added"] > last for m in alerts.get_manifest(added_after=last)["objects"])


def test_a_new_revision_replaces_its_objects_and_revokes_what_it_dropped(console):
    feed = Feed(console.store)
    feed(story(1))
    alerts = collection(console.address)
    report_id = ids.report_id("story-1")
    [first] = alerts.get_object(report_id)["objects"]
    blamed_ttp = ids.relationship_id("story-1", "attributed-to", ids.group_id("ttp"), ids.event_id("story-1"))
    assert alerts.get_object(blamed_ttp)["objects"][0]["relationship_type"] == "attributed-to"
    feed(story(1, revision=2, killed=6, perpetrator="iskp"))
    [second] = alerts.get_object(report_id)["objects"]
    assert second["id"] == first["id"] and second["modified"] > first["modified"]
    assert (second["x_newsmon_revision"], second["x_newsmon_killed"]) == (2, 6)
    assert alerts.object_versions(report_id)["versions"] == [second["modified"]]
    [dropped] = alerts.get_object(blamed_ttp)["objects"]
    assert dropped["revoked"] is True and dropped["modified"] == second["modified"]
    everything = alerts.get_objects(limit=1000)["objects"]
    assert len([o for o in everything if o["id"] == report_id]) == 1


def test_an_older_revision_read_late_changes_nothing(console):
    feed = Feed(console.store)
    feed(story(1, revision=2, killed=6))
    feed(story(1, revision=1))
    [report] = collection(console.address).get_object(ids.report_id("story-1"))["objects"]
    assert report["x_newsmon_revision"] == 2


@contextmanager
def served_off_loopback(store, token: str):
    """The console's app as it is when bound to 0.0.0.0 (the guard asks for the token), listening on loopback."""
    app = ConsoleApp(Context(store=store, guard=Guard(token=token, host="0.0.0.0")))
    server = create_server(app, host="127.0.0.1", port=0, threads=2)

    def serve() -> None:
        try:
            server.run()
        except OSError:  # closed while stopping, as Console._serve allows
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        server.close()
        thread.join(5)


def test_off_loopback_a_request_without_the_token_is_refused(console):
    Feed(console.store)(story(1))
    with served_off_loopback(console.store, "t0ken") as address:
        with pytest.raises(requests.HTTPError) as refused:
            Server(f"{address}taxii2/").refresh()
        assert refused.value.response.status_code == 401
        assert refused.value.response.headers["Content-Type"] == "application/taxii+json;version=2.1"
        assert refused.value.response.json()["http_status"] == "401"
        with pytest.raises(requests.HTTPError):
            collection(address, user="desk", password="wrong")
        alerts = collection(address, user="desk", password="t0ken")
        assert ids.report_id("story-1") in {o["id"] for o in alerts.get_objects()["objects"]}


def test_taxii_answers_in_its_media_type_and_refuses_another(console):
    address = f"{console.address}taxii2/newsmon/collections/{COLLECTION_ID}/objects/"
    assert requests.get(address, headers={"Accept": "application/taxii+json;version=2.0"}).status_code == 406
    assert requests.get(address, params={"limit": "x"}).json()["http_status"] == "400"
    missing = requests.get(f"{console.address}taxii2/newsmon/collections/nope/")
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/taxii+json;version=2.1"
    assert requests.get(f"{console.address}taxii2/newsmon/collections/alerts/").json()["id"] == COLLECTION_ID


def test_a_story_merged_into_another_has_its_own_objects_revoked_and_the_shared_ones_kept(console):
    feed = Feed(console.store)
    merged, kept = story(1), story(2)
    feed(merged, kept)
    later = merged.produced_at + timedelta(hours=1)
    console.store.apply([("stories", 0, 0, rows_for(StoryState(id="story-1", produced_at=later,
                                                                 merged_into="story-2")))])
    alerts = collection(console.address)
    [report] = alerts.get_object(ids.report_id("story-1"))["objects"]
    assert report["revoked"] is True and report["modified"] > merged.produced_at.isoformat()
    assert "revoked" not in alerts.get_object(ids.report_id("story-2"))["objects"][0]
    assert "revoked" not in alerts.get_object(ids.group_id("ttp"))["objects"][0]  # TTP is in other stories too
