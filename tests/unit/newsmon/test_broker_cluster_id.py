"""The local broker's cluster id never reads as an option to kafka-storage.sh."""

from __future__ import annotations

import uuid

from newsmon import broker


def test_a_cluster_id_never_starts_with_a_dash(monkeypatch):
    # 0xf8 encodes to "-" first in URL-safe base64: the first draw is refused, the second kept.
    draws = iter([uuid.UUID(bytes=b"\xf8" + bytes(15)), uuid.UUID(bytes=b"\x10" + bytes(15))])
    monkeypatch.setattr(broker.uuid, "uuid4", lambda: next(draws))
    cluster_id = broker._cluster_id()
    assert cluster_id == "EAAAAAAAAAAAAAAAAAAAAA"
    assert len(cluster_id) == 22
