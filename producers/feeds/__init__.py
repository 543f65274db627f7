"""The feed poller: RSS/Atom feeds fetched safely on their schedules and published to the raw topic."""
