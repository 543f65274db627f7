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


class Rec:
    def __init__(self, partition: int) -> None:
        self.topic, self.partition = "in", partition


def test_a_partition_handed_back_by_a_rebalance_is_loaded_again_even_when_the_set_is_the_same():
    ownership, step = Ownership(), Stateful()
    assert ownership.assigned({("in", 0), ("in", 1)}, {("in", 0), ("in", 1)})
    ownership.before([Rec(0), Rec(1)], step)
    ownership.before([Rec(0)], step)  # loaded once
    # Frozen past its session, the member comes back and the group hands it the same two partitions.
    assert not ownership.assigned({("in", 0), ("in", 1)}, {("in", 0), ("in", 1)})
    ownership.before([Rec(1)], step)
    assert not ownership.assigned({("in", 0), ("in", 1)})  # no rebalance: nothing to load
    ownership.before([Rec(0), Rec(1)], step)
    assert ownership.assigned({("in", 1)}) and not ownership.assigned({("in", 1)})
    ownership.before([Rec(1)], step)
    assert step.events == ["load [0, 1]", "load [0, 1]", "load [0, 1]"]
