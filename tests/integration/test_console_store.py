"""The console's follower on a real broker: it resumes where its store stopped (nothing twice), applies
tombstones, rebuilds a deleted store from the topics, and its pages need no Kafka."""

from __future__ import annotations

import time

from consumers.console.service import Console
from newsmon import kafka_io
from tests.integration.console_site import publish_records, wait_ready
from tests.unit.consumers.console import records as r


def counts(console: Console) -> dict[str, int]:
    conn = console.store.reader()
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "stories", "revisions", "deliveries", "feeds", "article_text_docsize")}


def until(check, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "the console store did not get there"
        time.sleep(0.2)


def batch(settings, n: int):
    articles = [r.article(n * 10 + k) for k in range(3)]
    state = r.story(n, articles)
    alert = r.alert(state)
    return [(settings.topic_enriched, a.id, a) for a in articles] + [
        (settings.topic_stories, state.id, state), (settings.topic_alerts, alert.id, alert),
        (settings.topic_deliveries, alert.id, r.report(alert.id, state.id)),
        (settings.topic_feed_status, f"feed{n}", r.feed_status(f"feed{n}"))]


def test_the_store_resumes_applies_tombstones_and_is_rebuilt_when_deleted(settings, tmp_path):
    s = settings.model_copy(update={"state_dir": tmp_path})
    publish_records(s, *batch(s, 1))
    first = Console(s, port=0).start()
    wait_ready(first)
    assert counts(first) == {"articles": 3, "stories": 1, "revisions": 1, "deliveries": 1, "feeds": 1,
                             "article_text_docsize": 3}
    first.close()

    publish_records(s, *batch(s, 2), (s.topic_feed_status, "feed1", None), (s.topic_stories, "s1", None))
    again = Console(s, port=0).start()  # the same store: only what came since is read
    until(lambda: counts(again)["articles"] == 6 and counts(again)["feeds"] == 1)
    assert counts(again) == {"articles": 6, "stories": 1, "revisions": 2, "deliveries": 2, "feeds": 1,
                             "article_text_docsize": 6}
    again.close()

    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"console.sqlite{suffix}").unlink(missing_ok=True)
    rebuilt = Console(s, port=0).start()
    wait_ready(rebuilt)
    assert counts(rebuilt)["articles"] == 6 and counts(rebuilt)["deliveries"] == 2
    rebuilt.close()


def test_pages_are_served_from_the_store_without_kafka(settings, tmp_path):
    import httpx

    s = settings.model_copy(update={"state_dir": tmp_path})
    publish_records(s, *batch(s, 1))
    console = Console(s, port=0).start()
    wait_ready(console)
    console.close()
    # The web side never touches Kafka: with no follower at all, the store still answers every page.
    offline = Console(s.model_copy(update={"kafka_bootstrap": "127.0.0.1:1"}), port=0, follow=False).start()
    try:
        page = httpx.get(offline.address, timeout=10)
        assert page.status_code == 200 and "Gunmen kill seven coach passengers" in page.text
        story = httpx.get(offline.address + "story/s1", timeout=10)
        assert story.status_code == 200 and r.TOLL in story.text
    finally:
        offline.close()


def test_group_lag_counts_records_not_transaction_markers(settings, enricher):
    from tests.integration import pipeline

    pipeline.replay_seeds(settings)
    assert kafka_io.group_lags(settings, [("enricher", [settings.topic_raw])]) == [None]  # nothing committed
    pipeline.enrich(settings, enricher, idle=2.0)  # transactional: every batch ends with a marker
    ends = kafka_io.end_offsets(settings, settings.topic_enriched)
    assert sum(ends.values()) > 0
    assert kafka_io.group_lags(settings, [("enricher", [settings.topic_raw]), ("alerter", [settings.topic_enriched])]) \
        == [0, None]
    pipeline.alert(settings, idle=2.0)
    assert kafka_io.group_lags(settings, [("alerter", [settings.topic_enriched])]) == [0]
