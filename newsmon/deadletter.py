"""Dead letters: a record that could not be processed or delivered, with its bytes (or their digest) and why."""

from __future__ import annotations

import base64
import hashlib

from newsmon.kafka_io import Record
from newsmon.messages import DeadLetter, Message, encode
from newsmon.step import Reject


def dead_letter(record: Record, *, stage: str, error: str, keep: Reject | None = None,
                max_bytes: int) -> DeadLetter:
    """The dead letter of a record; a value too large to copy keeps its first bytes, its size and a digest."""
    kept: bytes = encode(keep.message) if keep is not None and keep.message is not None else (record.value or b"")
    suffix = f":{keep.message.id}:{keep.endpoint}" if keep is not None and keep.message is not None else ""
    room = max(max_bytes * 3 // 4 - 4096, 1024)  # base64 adds a third; leave room for the envelope
    truncated = len(kept) > room
    return DeadLetter(
        id=f"{record.topic}:{record.partition}:{record.offset}{suffix}", stage=stage, error=error[:1000],
        source_topic=record.topic, source_partition=record.partition, source_offset=record.offset,
        key=record.key.decode("utf-8", "replace") if record.key else None,
        value_b64=base64.b64encode(kept[:room] if truncated else kept).decode("ascii"),
        value_size=len(kept), value_sha256=hashlib.sha256(kept).hexdigest(), value_truncated=truncated,
        endpoint=keep.endpoint if keep is not None else None,
        attempts=keep.attempts if keep is not None else 1,
    )


def kept_message(letter: DeadLetter) -> bytes:
    """The bytes a dead letter kept (the original value or the undelivered message)."""
    return base64.b64decode(letter.value_b64)


def describe(msg: Message) -> str:
    """A short name for a message in log lines."""
    return f"{msg.SCHEMA} {msg.id}"
