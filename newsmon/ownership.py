"""Which partitions a group member owns, and when a step that keeps state loads what their last owner left.

Not at assignment: at that moment the previous owner may still have a transaction in flight whose offsets
are already part of it (it stalled between adding them and committing). The first records of a (re)assigned
partition come only once the group's committed offsets for it are stable (KIP-447: a read_committed member
fetches offsets with require_stable), that is once that transaction has committed or aborted; state read
then includes everything the previous owner committed, and nothing it did not. Every partition the group
assigns is loaded again, even one this member held before the rebalance: another member may have owned it
while this one was away (frozen past its session, then back with the same partitions).
"""

from __future__ import annotations

from typing import Iterable

from newsmon.kafka_io import Record

Partition = tuple[str, int]


class Ownership:
    """The owned partitions, and the (re)assigned ones whose state has not been loaded since."""

    def __init__(self) -> None:
        self.owned: set[Partition] = set()
        self._unloaded: set[Partition] = set()

    def assigned(self, owned: set[Partition], given: Iterable[Partition] = ()) -> bool:
        """Take the member's assignment now, and the partitions the group gave it since the last call (the
        rebalance listener's); True if the assignment changed."""
        again = (owned - self.owned) | (set(given) & owned)
        self._unloaded = (self._unloaded & owned) | again
        changed, self.owned = owned != self.owned, set(owned)
        return changed

    def before(self, records: Iterable[Record], step: object) -> None:
        """Before the first records of a (re)assigned partition, a step that keeps state loads what the previous
        owner committed (`partitions_assigned(owned)`)."""
        arrived = self._unloaded & {(r.topic, r.partition) for r in records}
        if arrived:
            self._unloaded -= arrived
            if hasattr(step, "partitions_assigned"):
                step.partitions_assigned(self.owned)
