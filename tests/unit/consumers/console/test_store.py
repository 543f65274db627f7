"""The console store: records in, the questions the pages ask answered from it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from consumers.console import queries_board as qb
from consumers.console import queries_health as qh
from consumers.console import queries_story as qs
from consumers.console.ingest import rows_for
from consumers.console.store import Store
from consumers.console.store_schema import SCHEMA_VERSION
from tests.unit.consumers.console import records as r

URDU_TITLE = "قلات میں مسافر کوچ پر فائرنگ، سات مسافر جاں بحق"


def fill(store: Store, *messages) -> None:
    store.apply([("t", 0, n, rows_for(m)) for n, m in enumerate(messages)])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "console.sqlite")
    yield s
    s.close()


@pytest.fixture
def filled(store):
    a1 = r.article(1)
    a2 = r.article(2, title=URDU_TITLE, body="کالعدم بلوچ لبریشن آرمی نے ذمہ داری قبول کی۔", language="ur",
                   at=r.T0 + timedelta(hours=1))
    a3 = r.article(3, title="Talks between Pakistan and Afghanistan in Doha", body="Delegations met.", killed=None,
                   actor="AF", country="AF", admin1="Kabul", at=r.T0 + timedelta(hours=2), event_type="talks")
    s1 = r.story(1, [a1, a2])
    s2 = r.story(2, [a3], revision=0)
    alert = r.alert(s1)
    fill(store, a1, a2, a3, s1, s2, alert, r.report(alert.id, s1.id), r.report(alert.id, s1.id, endpoint="ops",
         outcome="failed"), r.dead_letter(alert, "ops"), r.endpoint_state("ops", disabled=True),
         r.feed_status("dawn"), r.feed_status("geo", streak=3))
    return store


def test_the_board_lists_newest_first_and_every_filter_narrows_it(filled):
    conn = filled.reader()
    assert [row["id"] for row in qb.board(conn, qb.Filters())] == ["s1"]  # stories with an alert
    assert [row["id"] for row in qb.board(conn, qb.Filters(show="all"))] == ["s2", "s1"]
    s1 = qb.board(conn, qb.Filters(actor="bla"))
    assert [row["id"] for row in s1] == ["s1"]
    assert (s1[0]["killed"], s1[0]["perpetrator"], s1[0]["basis"], s1[0]["revision"]) == (7, "bla", "claimed", 1)
    assert s1[0]["languages"].split() == ["en", "ur"] and s1[0]["rules"] == "bla-attacks"
    assert [row["id"] for row in qb.board(conn, qb.Filters(country="AF", show="all"))] == ["s2"]
    assert qb.board(conn, qb.Filters(country="AF")) == []
    assert [row["id"] for row in qb.board(conn, qb.Filters(admin1="Balochistan"))] == ["s1"]
    assert [row["id"] for row in qb.board(conn, qb.Filters(severity="high"))] == ["s1"]
    assert qb.board(conn, qb.Filters(severity="critical")) == []
    assert [row["id"] for row in qb.board(conn, qb.Filters(language="ur"))] == ["s1"]
    assert [row["id"] for row in qb.board(conn, qb.Filters(event="armed-assault"))] == ["s1"]
    assert [row["id"] for row in qb.board(conn, qb.Filters(event="talks", show="all"))] == ["s2"]
    recent = qb.Filters(range="30d").since(r.T0 + timedelta(days=10))
    assert recent == "2026-10-13T09:00:00Z" and qb.Filters(range="24h").since(r.T0) == "2026-11-01T09:00:00Z"


def test_search_finds_words_in_any_script_and_letter_form(filled):
    conn = filled.reader()
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="coach Kalat"))] == ["a1"]
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="مسافر کوچ"))] == ["a2"]
    # Arabic yeh and kaf for the Urdu ones: the index holds one form of each letter.
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="مسافر كوچ"))] == ["a2"]
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="talk*"))] == ["a3"]
    assert qb.search(conn, qb.Filters(q="coach", language="ur")) == []
    assert qb.search(conn, qb.Filters(q='"; DROP TABLE articles; --')) == []
    assert qb.search(conn, qb.Filters(q="")) == [] and qb.match_expression("  ") is None


def test_an_article_read_twice_is_indexed_once_and_a_record_below_the_offset_is_skipped(store):
    a1 = r.article(1)
    store.apply([("t", 0, 0, rows_for(a1))])
    store.apply([("t", 1, 0, rows_for(a1))])  # the same article again, from elsewhere
    assert store.reader().execute("SELECT count(*) FROM article_text_docsize").fetchone()[0] == 1
    report = r.report("msg_1", "s1")
    store.apply([("d", 0, 5, rows_for(report))])
    store.apply([("d", 0, 5, rows_for(report)), ("d", 0, 4, rows_for(report))])  # read again after a restart
    assert store.reader().execute("SELECT count(*) FROM deliveries").fetchone()[0] == 1


def test_search_keeps_combining_marks_and_lists_newest_first(store):
    fill(store, r.article(1, title="पुलिस चौकी पर हमला", body="पुलिस ने कहा", language="hi"),
         r.article(2, title="पानी लाल सोना", body="", language="hi"),
         r.article(3, title="Later report on Kalat", at=r.T0 + timedelta(days=2)),
         r.article(4, title="Earlier report on Kalat", at=r.T0 - timedelta(days=2)))
    conn = store.reader()
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="पुलिस"))] == ["a1"]
    assert [row["id"] for row in qb.search(conn, qb.Filters(q="report Kalat"))] == ["a3", "a4"]


def test_tombstones_delete_and_a_second_writer_is_refused(filled, tmp_path):
    from consumers.console.ingest import removal_rows
    from newsmon.errors import ConfigError
    from newsmon.messages import FeedStatus, StoryState

    filled.apply([("f", 0, 50, removal_rows(FeedStatus, "geo")), ("s", 0, 50, removal_rows(StoryState, "s2"))])
    assert [feed["row"]["name"] for feed in qh.feeds(filled.reader())] == ["dawn"]
    assert [row["id"] for row in qb.board(filled.reader(), qb.Filters(show="all"))] == ["s1"]
    with pytest.raises(ConfigError, match="in use by another console"):
        Store(filled.path)


def test_the_story_page_ties_each_fact_to_its_sentence_in_the_article(filled):
    view = qs.story(filled.reader(), "s1")
    facts = {f.name: f for f in view.facts}
    assert facts["killed"].value == "7" and facts["killed"].sentences == [r.TOLL]
    marked = [(text, mark, names) for a in view.articles for text, mark, names in a.parts if mark]
    assert marked == [(r.TOLL, facts["killed"].marks[0], ("killed", "injured"))]
    assert facts["injured"].marks == facts["killed"].marks
    assert facts["where"].value == "Kalat, Balochistan, PK"
    [revision] = view.revisions
    assert revision["changes"] == ["new story"]
    assert {d["endpoint"]: d["outcome"] for d in revision["deliveries"]} == {"desk": "delivered", "ops": "failed"}
    assert qs.story(filled.reader(), "nope") is None


def test_overlapping_evidence_becomes_one_mark_that_every_fact_points_at(store):
    from newsmon.messages import Evidence

    a1 = r.article(1)
    text = f"{a1.article.title}\n\n{a1.article.body}"
    claim = "The Baloch Liberation Army said its fighters carried out the attack."
    start = text.find(claim)
    wider = text.find("KALAT")  # a sentence span from the dateline to the end of the claim overlaps both
    extra = (Evidence(fact="perpetrator", sentence=claim, start=start, end=start + len(claim)),
             Evidence(fact="where", sentence=text[wider:start + 10], start=wider, end=start + 10))
    event = a1.event.model_copy(update={"evidence": a1.event.evidence + extra})
    fill(store, a1, r.story(1, [a1]).model_copy(update={"event": event}))
    view = qs.story(store.reader(), "s1")
    marks = {mark for a in view.articles for _, mark, _ in a.parts if mark}
    assert marks and all(set(f.marks) <= marks for f in view.facts)
    assert len(marks) == 1 and {f.name for f in view.facts if f.marks} == {"killed", "injured", "perpetrator", "where"}


def test_the_health_questions(filled):
    conn = filled.reader()
    feeds = {f["row"]["name"]: f for f in qh.feeds(conn, now=r.T0 + timedelta(days=1))}
    assert feeds["geo"]["row"]["error_streak"] == 3 and feeds["dawn"]["not_modified_ratio"] == 0.4
    assert feeds["dawn"]["per_day"] == pytest.approx(3 / 7)  # a1, a2 and a3 came from the feed "dawn"
    endpoints = {e["name"]: e for e in qh.endpoints(conn, ["desk"])}
    assert endpoints["ops"]["state"]["disabled"] == 1 and endpoints["ops"]["dead"] == 1
    assert endpoints["desk"]["dead"] == 0 and endpoints["desk"]["configured"]
    assert [(d["stage"], d["n"]) for d in qh.dead_letters(conn)] == [("deliverer.deliver", 1)]


def test_the_actor_activity(filled):
    activity = qh.actor_activity(filled.reader(), "bla")
    assert sum(n for _, n in activity["weeks"]) == 1 and len(activity["weeks"]) == qh.WEEKS
    assert activity["months"][-1] == ("2026-11", 7, 2)
    assert qh.actor_activity(filled.reader(), "nobody")["total"] == 0


def test_offsets_advance_with_the_rows_and_a_failed_batch_leaves_neither(store):
    store.apply([("t", 0, 4, rows_for(r.article(1)))])
    assert store.offsets() == {("t", 0): 5}
    with pytest.raises(Exception):
        store.apply([("t", 0, 5, rows_for(r.article(2))), ("t", 0, 6, [("INSERT INTO nowhere VALUES (1)", ())])])
    assert store.offsets() == {("t", 0): 5}
    assert [row["id"] for row in qb.search(store.reader(), qb.Filters(q="Kalat"))] == ["a1"]


def test_a_store_of_another_layout_is_rebuilt(tmp_path):
    path = tmp_path / "console.sqlite"
    first = Store(path)
    first.apply([("t", 0, 1, rows_for(r.article(1)))])
    first._conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    first.close()
    again = Store(path)
    assert again.offsets() == {}  # read again from the topics
    again.close()
