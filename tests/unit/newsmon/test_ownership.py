"""A stateful step loads its state when a gained partition's first records arrive, not when it is assigned, and
uses only the partitions it owns and has loaded."""

from __future__ import annotations

from typing import Sequence

from newsmon.messages import Message, RawArticle
from newsmon.ownership import Ownership
from newsmon.runner import Runner
from newsmon.settings import Settings
from newsmon.step import Output, Reject
from tests.unit.newsmon.fakes import FakePublisher, FakeSubscriber, record


class Stateful:
    """Writes down, in order, when it loaded its state, what it may use, and which articles it handled."""

    name = "stateful"

    def __init__(self) -> None:
        self.events: list[str] = []

    def partitions_assigned(self, usable: set) -> None:
        self.events.append(f"load {sorted(p for _, p in usable)}")

    def partitions_revoked(self, usable: set) -> None:
        self.events.append(f"narrow {sorted(p for _, p in usable)}")

    def handle(self, batch: Sequence[Message]) -> list[list[Output | Reject]]:
        self.events.extend(f"handle {m.id}" for m in batch)
        return [[Output("out", m.id, m)] for m in batch]


def article(n: int) -> RawArticle:
    return RawArticle(id=f"a{n}", title=f"Title {n}", body="text", source="test")


def test_state_is_loaded_before_each_gained_partitions_first_records_and_not_at_assignment():
    subscriber = FakeSubscriber(batches=[[], [], [record(article(1), offset=0, partition=0)],
                                         [record(article(2), offset=1, partition=0)],
                                         [record(article(3), offset=0, partition=1)]])
    step = Stateful()
    runner = Runner(Settings(), step, inputs={"in": RawArticle}, group="g",
                    connect=lambda: (subscriber, FakePublisher(transactional=True)), recent_keys=lambda: ())
    runner.run(max_messages=3, timeout_s=5)
    # Partition 1 is owned from the start but usable only once its own first records came.
    assert step.events == ["load [0]", "handle a1", "handle a2", "load [0, 1]", "handle a3"]


class Rec:
    def __init__(self, partition: int) -> None:
        self.topic, self.partition = "in", partition


def test_partitions_that_leave_narrow_at_once_and_one_that_comes_back_is_loaded_again():
    ownership, step = Ownership(), Stateful()
    assert ownership.assigned({("in", 0), ("in", 1)}, step)
    assert not ownership.assigned({("in", 0), ("in", 1)}, step) and ownership.usable == set()
    ownership.before([Rec(0)], step)
    ownership.before([Rec(0)], step)  # loaded once
    assert ownership.usable == {("in", 0)}
    ownership.assigned({("in", 1)}, step)  # partition 0 left: the step hears it at once
    ownership.before([Rec(1)], step)
    ownership.assigned({("in", 0), ("in", 1)}, step)  # partition 0 is back: not usable before its records
    assert ownership.usable == {("in", 1)}
    ownership.before([Rec(0)], step)
    assert step.events == ["load [0]", "narrow []", "load [1]", "load [0, 1]"]
