"""The one exception tree of newsmon.

    NewsmonError
    ├── PermanentError            retrying cannot help: dead-letter at once / stop with a message
    │   ├── ConfigError           a setting or data file is wrong (names the setting)
    │   ├── InputError            a user-supplied file or page cannot be used (names the file)
    │   ├── DecodeError           a Kafka record is not a valid message (poison)
    │   └── RecordTooLarge        a record over the size limit (max_record_bytes) cannot be published
    └── TransientError            may work later: bounded retries with backoff, then dead-letter
        ├── BrokerUnavailable     Kafka cannot be reached (names the bootstrap address)
        └── DeliveryError         a send was not acknowledged in time

Expected failures are raised as one of these and printed by the CLI as one line, no traceback.
"""

from __future__ import annotations


class NewsmonError(Exception):
    """Base of every error newsmon raises on purpose."""


class PermanentError(NewsmonError):
    """An error that retrying cannot fix."""


class ConfigError(PermanentError):
    """A setting, or a data file named by a setting, is invalid."""


class InputError(PermanentError):
    """A user-supplied input (file, page, path) cannot be used."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class DecodeError(PermanentError):
    """A Kafka record does not decode into a valid message."""


class RecordTooLarge(PermanentError):
    """A record is larger than the pipeline accepts (NEWSMON_MAX_RECORD_BYTES)."""


class TransientError(NewsmonError):
    """An error that may go away if the operation is retried later."""


class BrokerUnavailable(TransientError):
    """The Kafka broker did not answer."""


class DeliveryError(TransientError):
    """A record was not acknowledged by the broker."""
