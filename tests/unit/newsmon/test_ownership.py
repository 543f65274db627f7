"""A stateful step loads its state when a gained partition's first records arrive, not when it is assigned."""

from __future__ import annotations

from typing import Sequence

from newsmon.messages import Message, RawArticle
from newsmon.ownership import Ownership
from newsmon.runner import Runner
from newsmon.settings import Settings
from newsmon.step import Output, Reject
from tests.unit.newsmon.fakes import FakePublisher, FakeSubscriber, record


class Stateful:
    """Writes down, in order, when it loaded its state and which articles it handled."""

    name = "stateful"

    def __init__(self) -> None:
        self.events: list[str] = []

    def partitions_assigned(self, owned: set) -> None:
        self.events.append(f"load {sorted(p for _, p in owned)}")

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
    assert step.events == ["load [0, 1]", "handle a1", "handle a2", "load [0, 1]", "handle a3"]


def test_a_partition_that_leaves_and_comes_back_is_loaded_again():
    ownership = Ownership()
    assert ownership.update({("in", 0), ("in", 1)})
    assert not ownership.update({("in", 0), ("in", 1)})
    assert ownership.first_records([("in", 0)]) and not ownership.first_records([("in", 0)])
    assert ownership.update({("in", 1)})  # partition 0 left before its records came again
    assert ownership.first_records([("in", 1)])
    assert ownership.update({("in", 0), ("in", 1)})
    assert not ownership.first_records([("in", 1)]) and ownership.first_records([("in", 0)])
