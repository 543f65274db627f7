"""Analyst corrections on the console: a form becomes a typed correction (or a 400 naming the field), the action
needs the token and CSRF like the others, what was sent is shown with whether the alerter applied it, and a merged
story's page leads to the story it went into."""

from __future__ import annotations

import re

import pytest
from werkzeug.test import Client

from consumers.catalog import load_catalog
from consumers.console.corrections import FormError, parse_form, summary
from consumers.console.ingest import removal_rows, rows_for
from consumers.console.store import Store
from consumers.console.web.app import Actions, ConsoleApp, Context
from consumers.console.web.guard import Guard
from newsmon.messages import Correction, DeadLetter, Merge, Mute, StoryState, TollFix
from tests.unit.consumers.console import records as r
from tests.unit.consumers.console.test_web import basic

CATALOG = load_catalog()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "console.sqlite")
    a1, a2, a3 = r.article(1), r.article(2, title="Kalat coach attack toll rises"), r.article(3, title="Quetta blast")
    s.apply([("t", 0, n, rows_for(m)) for n, m in enumerate([a1, a2, a3, r.story(1, [a1, a2]), r.story(3, [a3])])])
    yield s
    s.close()


def state(store, story_id: str = "s1") -> StoryState:
    row = store.reader().execute("SELECT state FROM stories WHERE id = ?", (story_id,)).fetchone()
    return StoryState.model_validate_json(row[0])


def client(store, sent: list, *, token: str | None = "t0ken") -> Client:
    actions = Actions(correct=lambda c: sent.append(c) or f"sent {c.key}")
    return Client(ConsoleApp(Context(store=store, guard=Guard(token=token, host="127.0.0.1"), catalog=CATALOG,
                                     actions=actions)))


@pytest.mark.parametrize("form, expected", [
    ({"kind": "toll", "killed": "12", "injured": ""}, "toll: 12 killed, no injured figure"),
    ({"kind": "perpetrator", "actor": "ttp", "basis": "claimed"}, "perpetrator: Tehreek-e-Taliban Pakistan (claimed)"),
    ({"kind": "perpetrator", "actor": ""}, "perpetrator: nobody known"),
    ({"kind": "place", "name": "Mastung", "admin1": "Balochistan", "country": "pk"}, "place: Mastung, Balochistan, PK"),
    ({"kind": "date", "date": "2026-11-01"}, "date: 2026-11-01"),
    ({"kind": "mute"}, "not for the desk (muted)"),
    ({"kind": "unmute"}, "back on the desk (unmuted)"),
    ({"kind": "merge", "into": "s3"}, "merged into story s3"),
    ({"kind": "split", "article": "a2"}, "article a2 split out into a story of its own"),
])
def test_a_form_becomes_a_typed_correction_of_the_story_on_its_route(store, form, expected):
    correction = parse_form(form, state(store), catalog=CATALOG)
    assert summary(correction) == expected
    assert correction.story_id == "s1" and correction.route == "PK"
    assert correction.article_id == ("a2" if form["kind"] in ("toll", "perpetrator", "place", "date") else None)


@pytest.mark.parametrize("form, field", [
    ({"kind": "toll", "killed": "-3"}, "killed"), ({"kind": "toll", "killed": "many"}, "killed"),
    ({"kind": "perpetrator", "actor": "nobody-at-all"}, "actor"), ({"kind": "place", "name": ""}, "name"),
    ({"kind": "place", "name": "X", "country": "Pakistan"}, "country"), ({"kind": "date", "date": "Monday"}, "date"),
    ({"kind": "merge", "into": "s1"}, "into"), ({"kind": "split", "article": "a9"}, "article"),
    ({"kind": "toll", "killed": "1", "article": "a3"}, "article"), ({"kind": "erase"}, "kind"),
])
def test_a_form_that_makes_no_correction_names_the_field(store, form, field):
    with pytest.raises(FormError, match=f"^{field}"):
        parse_form(form, state(store), catalog=CATALOG, story_exists=lambda i: i in ("s1", "s3"))


def test_the_correction_action_needs_the_token_and_csrf_and_publishes_once_confirmed(store):
    sent: list = []
    assert client(store, sent, token=None).get("/actions/correct?story=s1&kind=mute").status_code == 403
    c = client(store, sent)
    assert c.get("/actions/correct?story=s1&kind=mute").status_code == 401
    page = c.get("/actions/correct?story=s1&kind=toll&killed=12&injured=30", headers=basic("t0ken"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "toll: 12 killed, 30 injured" in html and sent == []
    assert page.headers["Referrer-Policy"] == "same-origin"  # under no-referrer a browser posts `Origin: null`
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert fields == {"csrf": csrf, "story": "s1", "kind": "toll", "killed": "12", "injured": "30"}
    assert c.post("/actions/correct", data=fields | {"csrf": "0" * 64}, headers=basic("t0ken")).status_code == 403
    done = c.post("/actions/correct", data=fields, headers=basic("t0ken"))
    assert done.status_code == 303 and done.headers["Location"].endswith("/story/s1#corrections")
    [correction] = sent
    assert isinstance(correction.change, TollFix) and (correction.change.killed, correction.change.injured) == (12, 30)
    assert correction.key == "s1/toll"
    bad = c.post("/actions/correct", data=fields | {"killed": "lots"}, headers=basic("t0ken"))
    assert bad.status_code == 400 and "killed" in bad.get_data(as_text=True) and len(sent) == 1
    assert c.get("/actions/correct?story=nope&kind=mute", headers=basic("t0ken")).status_code == 404


def test_the_story_page_offers_corrections_only_with_actions_on(store):
    sent: list = []
    off = client(store, sent, token=None).get("/story/s1").get_data(as_text=True)
    assert "set NEWSMON_CONSOLE_TOKEN" in off and 'action="/actions/correct"' not in off
    on = client(store, sent).get("/story/s1").get_data(as_text=True)
    for kind in ("toll", "perpetrator", "place", "date", "merge"):
        assert f'data-kind="{kind}"' in on
    assert on.count('name="kind" value="split"') == 2  # one button per source article
    assert '<option value="s3">Quetta blast' in on  # a story of the same route to merge into
    assert '<option value="ttp">Tehreek-e-Taliban Pakistan</option>' in on


def test_sent_corrections_show_whether_the_alerter_applied_or_refused_them(store):
    toll = Correction(id="c1", produced_at=r.T0, story_id="s1", route="PK", change=TollFix(killed=12), note="per DC")
    mute = Correction(id="c2", produced_at=r.T0, story_id="s1", route="PK", change=Mute())
    merge = Correction(id="c3", produced_at=r.T0, story_id="s3", route="PK", change=Merge(into="s1"))
    refusal = DeadLetter(id="t:0:7", produced_at=r.T0, stage="alerter.correction", error="story s3 is not among",
                         source_topic="newsmon.corrections", source_partition=0, source_offset=7, key=merge.key)
    applied = state(store).model_copy(update={"corrections": ("c1",), "muted": False, "corrected": ("killed",)})
    store.apply([("c", 0, n, rows_for(m)) for n, m in enumerate([toll, mute, merge, refusal, applied])])
    html = client(store, []).get("/story/s1").get_data(as_text=True)
    rows = re.findall(r'<tr class="correction status-(\w+)" data-kind="(\w+)">', html)
    assert sorted(rows) == [("applied", "toll"), ("refused", "merge"), ("waiting", "mute")]
    assert "per DC" in html and "not applied: story s3 is not among" in html
    assert 'class="fact corrected" data-fact="killed"' in html and "corrected by an analyst" in html
    store.apply([("c", 0, 9, removal_rows(Correction, mute.key))])  # a tombstone on the compacted topic
    assert 'data-kind="mute"' not in client(store, []).get("/story/s1").get_data(as_text=True)


def test_a_merged_story_leaves_the_board_and_its_page_leads_to_the_story_it_went_into(store):
    c = client(store, [])
    merged = state(store, "s3").model_copy(update={"merged_into": "s1", "articles": ()})
    store.apply([("s", 0, 20, rows_for(merged))])
    page = c.get("/story/s3")
    assert page.status_code == 302 and page.headers["Location"].endswith("/story/s1")
    assert "/story/s3" not in c.get("/?show=all").get_data(as_text=True)
    muted = state(store).model_copy(update={"muted": True})
    store.apply([("s", 0, 21, rows_for(muted))])
    html = c.get("/story/s1").get_data(as_text=True)
    assert "Not for the desk: an analyst muted this story" in html and "Back to the desk (unmute)" in html


def test_a_muted_story_leaves_the_board_and_its_map_and_shows_marked_among_all(store):
    muted = state(store).model_copy(update={"muted": True})
    store.apply([("t", 0, 10, rows_for(muted))])
    web = client(store, [])
    board = web.get("/").get_data(as_text=True)
    assert "/story/s3" in board and "/story/s1" not in board
    assert "/story/s1" not in web.get("/board/overview").get_data(as_text=True)
    rows = web.get("/?show=all").get_data(as_text=True).split('id="board-rows"')[1].split("</tbody>")[0]
    row = {story: next(line for line in rows.split("<tr") if f"/story/{story}" in line) for story in ("s1", "s3")}
    assert 'class="muted-tag"' in row["s1"] and 'class="muted-tag"' not in row["s3"]
    store.apply([("t", 0, 11, rows_for(muted.model_copy(update={"muted": False})))])
    assert "/story/s1" in web.get("/").get_data(as_text=True)
