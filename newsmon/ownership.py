"""Which partitions a group member owns, and when a step that keeps state may load and use what their last
owner left.

Not at assignment: at that moment the previous owner may still have a transaction in flight whose offsets
are already part of it (it stalled between adding them and committing). The first records of a gained
partition come only once the group's committed offsets for it are stable (KIP-447: a read_committed member
fetches offsets with require_stable), that is once that transaction has committed or aborted; state read
then includes everything the previous owner committed, and nothing it did not. Until then the partition is
owned but not usable: the step must not touch its state.
"""

from __future__ import annotations

from typing import Iterable

from newsmon.kafka_io import Record

Partition = tuple[str, int]


class Ownership:
    """The owned partitions, and the gained ones whose state has not been loaded since."""

    def __init__(self) -> None:
        self.owned: set[Partition] = set()
        self._unloaded: set[Partition] = set()

    @property
    def usable(self) -> set[Partition]:
        """Owned, and loaded since they were gained: the partitions whose state a step may use now."""
        return self.owned - self._unloaded

    def assigned(self, owned: set[Partition], step: object) -> bool:
        """Take the member's assignment now; True if it changed. A step that keeps state hears at once of
        partitions that left (`partitions_revoked(usable)`): their state is another member's from now on."""
        if owned == self.owned:
            return False
        left, gained = self.owned - owned, owned - self.owned
        self.owned = set(owned)
        self._unloaded = (self._unloaded & owned) | gained
        if left and hasattr(step, "partitions_revoked"):
            step.partitions_revoked(self.usable)
        return True

    def before(self, records: Iterable[Record], step: object) -> None:
        """Before the first records of a gained partition, a step that keeps state loads what the previous
        owner committed (`partitions_assigned(usable)`)."""
        arrived = self._unloaded & {(r.topic, r.partition) for r in records}
        if arrived:
            self._unloaded -= arrived
            if hasattr(step, "partitions_assigned"):
                step.partitions_assigned(self.usable)
