"""Which partitions a group member owns, and when a step that keeps state may load what their last owner left.

Not at assignment: at that moment the previous owner may still have a transaction in flight whose offsets
are already part of it (it stalled between adding them and committing). The first records of a gained
partition come only once the group's committed offsets for it are stable (KIP-447: a read_committed member
fetches offsets with require_stable), that is once that transaction has committed or aborted; state read
then includes everything the previous owner committed, and nothing it did not.
"""

from __future__ import annotations

from typing import Iterable

Partition = tuple[str, int]


class Ownership:
    """The owned partitions, and the gained ones whose state has not been loaded since."""

    def __init__(self) -> None:
        self.owned: set[Partition] = set()
        self._unloaded: set[Partition] = set()

    def update(self, owned: set[Partition]) -> bool:
        """Take the member's assignment now; True if it changed."""
        if owned == self.owned:
            return False
        gained, self.owned = owned - self.owned, set(owned)
        self._unloaded = (self._unloaded & owned) | gained
        return True

    def first_records(self, partitions: Iterable[Partition]) -> bool:
        """True when records arrived from a gained partition whose state was not loaded yet (it is, now)."""
        arrived = self._unloaded & set(partitions)
        self._unloaded -= arrived
        return bool(arrived)
