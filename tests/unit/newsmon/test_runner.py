"""The runner's decisions, driven with in-memory ports: poison, duplicates, retries, holds, commits, rollbacks."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import Sequence

import pytest

from newsmon.errors import TransientError
from newsmon.messages import DeadLetter, Delivery, Message, RawArticle, decode
from newsmon.runner import Runner
from newsmon.settings import Settings
from newsmon.step import Output, Reject
from tests.unit.newsmon.fakes import FakePublisher, FakeSubscriber, record

SETTINGS = Settings(retry_backoff_s=0.0, process_retries=2, topic_deadletter="dlq", max_record_bytes=65_536,
                    max_article_chars=1_000)


def article(n: int, body: str = "text") -> RawArticle:
    return RawArticle(id=f"a{n}", title=f"Title {n}", body=body, source="test")


class Echo:
    """Publishes each article's id to `out`; can fail on chosen titles."""

    name = "echo"

    def __init__(self, *, poison: set[str] = frozenset(), transient: int = 0) -> None:
        self.poison, self.transient, self.calls = poison, transient, 0

    def handle(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        self.calls += 1
        if self.transient:
            self.transient -= 1
            raise TransientError("a service hiccup")
        if any(m.title in self.poison for m in batch):
            raise ValueError("cannot handle this one")
        return [[Output("out", m.id, m)] for m in batch]


def make(step, *, transactional: bool = False, batches=(), settings: Settings = SETTINGS, **kwargs):
    subscriber, publisher = FakeSubscriber(batches=list(batches)), FakePublisher(transactional=transactional)
    runner = Runner(settings, step, inputs={"in": RawArticle}, group="g", connect=lambda: (subscriber, publisher),
                    recent_keys=kwargs.pop("recent_keys", lambda: ()), **kwargs)
    return runner.start(), subscriber, publisher


def keys(publisher: FakePublisher, topic: str) -> list[str]:
    return [key for t, key, _ in publisher.sent if t == topic]


def test_the_constructor_does_no_io():
    connected = []
    Runner(SETTINGS, Echo(), inputs={"in": RawArticle}, group="g",
           connect=lambda: connected.append(1), recent_keys=lambda: connected.append(2) or ())
    assert connected == []


@pytest.mark.parametrize("transactional", [False, True])
def test_poison_is_dead_lettered_and_the_rest_of_the_batch_goes_on(transactional):
    batch = [record(article(1), offset=0), record(b"\xff\xfe not json", offset=1), record(article(2), offset=2)]
    runner, subscriber, publisher = make(Echo(), transactional=transactional)
    runner.process(batch)
    assert keys(publisher, "out") == ["a1", "a2"]
    [letter] = [decode(v, DeadLetter) for t, _, v in publisher.sent if t == "dlq"]
    assert (letter.stage, letter.source_offset) == ("echo.decode", 1) and "not UTF-8" in letter.error
    offsets = publisher.committed[0][1] if transactional else subscriber.commits[0]
    assert offsets == {("in", 0): 3}


def test_a_record_of_another_schema_is_dead_lettered_naming_the_schema():
    runner, _, publisher = make(Echo())
    wrong = json.dumps({"schema": "newsmon.Alert", "schema_version": 1, "id": "x"}).encode()
    runner.process([record(wrong, offset=0)])
    [letter] = [decode(v, DeadLetter) for t, _, v in publisher.sent if t == "dlq"]
    assert "schema is 'newsmon.Alert', expected 'newsmon.RawArticle'" in letter.error


def test_a_failing_message_is_isolated_and_dead_lettered_alone():
    runner, _, publisher = make(Echo(poison={"Title 2"}))
    runner.process([record(article(n), offset=n) for n in (1, 2, 3)])
    assert keys(publisher, "out") == ["a1", "a3"]
    [letter] = [decode(v, DeadLetter) for t, _, v in publisher.sent if t == "dlq"]
    assert letter.stage == "echo.process" and "cannot handle this one" in letter.error
    assert runner.stats.dead_lettered == 1 and runner.stats.processed == 2


def test_a_transient_error_is_retried_then_succeeds():
    step = Echo(transient=2)
    runner, _, publisher = make(step)
    runner.process([record(article(1), offset=0)])
    assert keys(publisher, "out") == ["a1"] and step.calls == 3 and runner.stats.dead_lettered == 0


def test_the_same_id_twice_in_one_batch_is_handled_once():
    runner, _, publisher = make(Echo())
    runner.process([record(article(1), offset=0), record(article(1, "another body"), offset=1)])
    assert keys(publisher, "out") == ["a1"] and runner.stats.duplicates == 1


def test_ids_written_before_a_restart_are_dropped():
    runner, _, publisher = make(Echo(), recent_keys=lambda: ["a1"])
    runner.process([record(article(1), offset=0), record(article(2), offset=1)])
    assert keys(publisher, "out") == ["a2"]


def test_offsets_are_not_committed_when_outputs_are_not_acknowledged():
    runner, subscriber, publisher = make(Echo())
    publisher.fail_wait = True
    with pytest.raises(Exception, match="did not acknowledge"):
        runner.process([record(article(1), offset=0)])
    assert subscriber.commits == []


def test_a_rebalance_before_the_commit_keeps_the_ids_unseen():
    runner, subscriber, publisher = make(Echo())
    subscriber.commit_ok = False
    runner.process([record(article(1), offset=0)])
    subscriber.commit_ok = True
    runner.process([record(article(1), offset=0)])  # the new owner's copy, or ours after re-reading
    assert keys(publisher, "out") == ["a1", "a1"] and runner.stats.duplicates == 0


def test_an_aborted_transaction_rolls_back_and_reads_the_batch_again():
    runner, subscriber, publisher = make(Echo(), transactional=True)
    publisher.abort_next = True
    runner.process([record(article(1), offset=4), record(article(2), offset=9, partition=1)])
    assert publisher.sent == [] and set(subscriber.seeks) == {(("in", 0), 4), (("in", 1), 9)}
    assert runner.stats.aborted == 1
    runner.process([record(article(1), offset=4), record(article(2), offset=9, partition=1)])
    assert keys(publisher, "out") == ["a1", "a2"]
    assert publisher.committed[-1][1] == {("in", 0): 5, ("in", 1): 10}


def test_an_output_too_large_to_publish_dead_letters_its_input_with_a_digest():
    runner, _, publisher = make(Echo())
    runner.process([record(article(1, "x" * 70_000), offset=0), record(article(2), offset=1)])
    assert keys(publisher, "out") == ["a2"]
    [letter] = [decode(v, DeadLetter) for t, _, v in publisher.sent if t == "dlq"]
    assert letter.stage == "echo.publish" and letter.value_size > 70_000 and len(letter.value_sha256) == 64


def test_a_dead_letter_too_large_to_copy_keeps_its_first_bytes_size_and_digest():
    runner, _, publisher = make(Echo())
    huge = b"\xff" * 200_000
    runner.process([record(huge, offset=0)])
    [letter] = [decode(v, DeadLetter) for t, _, v in publisher.sent if t == "dlq"]
    assert letter.value_truncated and letter.value_size == 200_000 and len(letter.value_b64) < 65_536


class Scheduled:
    """Delivers Delivery messages, each not before its time."""

    name = "scheduled"

    def not_before(self, msg: Message) -> float | None:
        return msg.not_before.timestamp()

    def handle(self, batch):
        return [[Output("out", m.id, m)] for m in batch]


def delivery(n: int, due: float) -> Delivery:
    from newsmon.messages import Alert, RuleHit, Source

    alert = Alert(id=f"al{n}", story_id="s", headline="t", rules=(RuleHit(id="r", name="r", severity="low", why="w"),),
                  sources=(Source(id="a", title="t"),))
    return Delivery(id=f"d{n}", alert=alert, endpoint="e", retry=1, not_before=datetime.fromtimestamp(due, timezone.utc))


def test_a_record_not_due_holds_its_partition_until_then_and_is_not_committed():
    subscriber, publisher = FakeSubscriber(), FakePublisher()
    runner = Runner(SETTINGS, Scheduled(), inputs={"in": Delivery}, group="g", connect=lambda: (subscriber, publisher),
                    recent_keys=lambda: ()).start()
    now = time.time()
    runner.process([record(delivery(1, now - 1), offset=0), record(delivery(2, now + 0.3), offset=1),
                    record(delivery(3, now - 1), offset=2), record(delivery(4, now - 1), offset=0, partition=1)])
    assert keys(publisher, "out") == ["d1", "d4"]
    assert subscriber.commits == [{("in", 0): 1, ("in", 1): 1}]
    # The held records stay with the runner, the partition paused: no seek (a seek on a paused partition could
    # leave the client never fetching it again).
    assert subscriber.seeks == [] and subscriber.paused == {("in", 0)}
    runner._resume_due()
    assert subscriber.paused == {("in", 0)} and keys(publisher, "out") == ["d1", "d4"]
    time.sleep(0.35)
    runner._resume_due()  # due now: the kept records are handled in order, then the partition fetched again
    assert keys(publisher, "out") == ["d1", "d4", "d2", "d3"]
    assert subscriber.commits[-1] == {("in", 0): 3} and subscriber.paused == set() and subscriber.seeks == []


def test_a_kept_record_still_not_due_keeps_its_partition_paused_with_the_records_after_it():
    subscriber, publisher = FakeSubscriber(), FakePublisher()
    runner = Runner(SETTINGS, Scheduled(), inputs={"in": Delivery}, group="g", connect=lambda: (subscriber, publisher),
                    recent_keys=lambda: ()).start()
    now = time.time()
    runner.process([record(delivery(1, now + 0.2), offset=5), record(delivery(2, now + 60), offset=6),
                    record(delivery(3, now - 1), offset=7)])
    time.sleep(0.25)
    runner._resume_due()
    assert keys(publisher, "out") == ["d1"] and subscriber.paused == {("in", 0)}
    assert subscriber.commits[-1] == {("in", 0): 6}  # d2 (and d3 behind it) wait their turn, in order


def test_run_stops_at_the_end_offsets_it_was_given_and_leaves_later_records():
    later = [record(article(1), offset=0), record(article(2), offset=1), record(article(3), offset=2)]
    runner, subscriber, publisher = make(Echo(), batches=[later])
    subscriber.owned = {("in", 0)}
    stats = runner.run(until={("in", 0): 2}, timeout_s=5)
    assert keys(publisher, "out") == ["a1", "a2"] and ("in", 0) in subscriber.paused
    assert stats.consumed == 3 and subscriber.commits == [{("in", 0): 2}]


def test_run_ends_after_idle_time_and_closes_the_ports():
    runner, subscriber, publisher = make(Echo(), batches=[[record(article(1), offset=0)]])
    started = time.monotonic()
    stats = runner.run(idle_timeout_s=0.3, timeout_s=5)
    assert stats.processed == 1 and time.monotonic() - started < 3
    assert subscriber.closed and publisher.closed


def test_the_stop_flag_ends_the_run_after_the_current_batch():
    runner, subscriber, publisher = make(Echo(), batches=[[record(article(1), offset=0)]] * 3)
    original = runner.process

    def process_then_stop(records):
        original(records)
        runner.stop()

    runner.process = process_then_stop
    stats = runner.run(timeout_s=5)
    assert stats.processed == 1 and subscriber.commits == [{("in", 0): 1}]


def test_the_dedupe_window_forgets_ids_after_its_window_and_beyond_its_size():
    from newsmon.dedupe import DedupeWindow

    now = [0.0]
    window = DedupeWindow(window_s=10, max_ids=2, clock=lambda: now[0])
    window.add("a")
    window.add("b")
    assert window.seen("a") and window.seen("b")
    window.add("c")
    assert not window.seen("a") and window.seen("c")
    now[0] = 11.0
    assert not window.seen("b") and not window.seen("c")


def test_a_rolled_back_batch_tells_a_step_with_state_to_forget_it():
    class Stateful(Echo):
        rollbacks = 0

        def rolled_back(self) -> None:
            self.rollbacks += 1

    step = Stateful()
    runner, _, publisher = make(step, transactional=True)
    publisher.abort_next = True
    runner.process([record(article(1), offset=0)])
    assert step.rollbacks == 1
    runner.process([record(article(1), offset=0)])
    assert step.rollbacks == 1 and keys(publisher, "out") == ["a1"]


def test_the_lag_gauge_follows_the_consumer_down_to_zero_while_idle():
    from newsmon.metrics import CONSUMER_LAG

    runner, subscriber, _ = make(Echo())
    lags = iter([7, 0, 0, 0])
    subscriber.lag = lambda: next(lags)
    runner._observe_lag()
    assert CONSUMER_LAG.labels("echo")._value.get() == 7
    runner._lag_checked = 0.0  # five seconds later
    runner.run(timeout_s=0.6)  # no records at all: the idle loop still measures
    assert CONSUMER_LAG.labels("echo")._value.get() == 0
