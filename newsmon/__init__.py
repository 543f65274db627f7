"""newsmon: a streaming monitor for security news (shared core: settings, messages, Kafka, CLI)."""

__version__ = "0.1.0"
