"""The console store's tables. Kafka is the source of truth: every row is derived from a topic record, and the
offsets table says how far each partition has been applied, in the same transaction as the rows."""

SCHEMA_VERSION = 8  # 7: stix_objects (consumers.console.store_stix), for the TAXII server; 8: corrections

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offsets (topic TEXT NOT NULL, part INTEGER NOT NULL, next INTEGER NOT NULL,
    PRIMARY KEY (topic, part));
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL, url TEXT, outlet TEXT,
    source TEXT, source_kind TEXT, language TEXT, published TEXT, seen TEXT NOT NULL, event_type TEXT,
    killed INTEGER, injured INTEGER, country TEXT, admin1 TEXT, place TEXT, perpetrator TEXT, basis TEXT,
    truncated INTEGER NOT NULL DEFAULT 0, related TEXT NOT NULL DEFAULT '[]');
CREATE INDEX IF NOT EXISTS articles_by_seen ON articles (seen);
CREATE INDEX IF NOT EXISTS articles_by_source ON articles (source_kind, source, seen);
CREATE TABLE IF NOT EXISTS article_actors (actor_id TEXT NOT NULL, article_id TEXT NOT NULL, role TEXT,
    PRIMARY KEY (actor_id, article_id)) WITHOUT ROWID;
-- rowid = articles.seq. Letters, digits and combining marks are word characters (Devanagari vowel signs too).
CREATE VIRTUAL TABLE IF NOT EXISTS article_text USING fts5(title, body, content='',
    tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'");
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, updated TEXT NOT NULL, first_seen TEXT, revision INTEGER NOT NULL, severity TEXT,
    severity_rank INTEGER NOT NULL, headline TEXT NOT NULL, event_type TEXT, killed INTEGER, injured INTEGER,
    country TEXT, admin1 TEXT, place TEXT, perpetrator TEXT, perpetrator_name TEXT, basis TEXT,
    languages TEXT NOT NULL, rules TEXT NOT NULL, article_count INTEGER NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stories_by_updated ON stories (updated);
CREATE TABLE IF NOT EXISTS story_actors (actor_id TEXT NOT NULL, story_id TEXT NOT NULL, role TEXT,
    updated TEXT NOT NULL, first_seen TEXT NOT NULL, PRIMARY KEY (actor_id, story_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_actors_by_story ON story_actors (story_id);
CREATE INDEX IF NOT EXISTS story_actors_by_time ON story_actors (actor_id, updated);
CREATE INDEX IF NOT EXISTS story_actors_by_start ON story_actors (actor_id, first_seen);
CREATE TABLE IF NOT EXISTS story_articles (story_id TEXT NOT NULL, article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_articles_by_article ON story_articles (article_id);
CREATE TABLE IF NOT EXISTS revisions (
    story_id TEXT NOT NULL, revision INTEGER NOT NULL, alert_id TEXT NOT NULL, severity TEXT NOT NULL,
    at TEXT NOT NULL, headline TEXT NOT NULL, changes TEXT NOT NULL, rules TEXT NOT NULL, destinations TEXT NOT NULL,
    PRIMARY KEY (story_id, revision));
CREATE INDEX IF NOT EXISTS revisions_by_alert ON revisions (alert_id);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY, alert_id TEXT NOT NULL, story_id TEXT NOT NULL, endpoint TEXT NOT NULL,
    attempt INTEGER NOT NULL, outcome TEXT NOT NULL, status_code INTEGER, latency_ms REAL, reason TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_by_alert ON deliveries (alert_id, endpoint, seq);
CREATE INDEX IF NOT EXISTS deliveries_by_endpoint ON deliveries (endpoint, seq);
CREATE TABLE IF NOT EXISTS endpoints (name TEXT PRIMARY KEY, disabled INTEGER NOT NULL, reason TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deadletters (
    id TEXT PRIMARY KEY, stage TEXT NOT NULL, error TEXT NOT NULL, source_topic TEXT NOT NULL, endpoint TEXT,
    key TEXT, at TEXT NOT NULL, attempts INTEGER NOT NULL, value_size INTEGER);
CREATE INDEX IF NOT EXISTS deadletters_by_stage ON deadletters (stage, at);
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY, url TEXT NOT NULL, tags TEXT NOT NULL, last_attempt TEXT, last_success TEXT,
    error_streak INTEGER NOT NULL, last_error TEXT, last_status INTEGER, polls INTEGER NOT NULL,
    not_modified INTEGER NOT NULL, next_poll_at TEXT);
CREATE TABLE IF NOT EXISTS facets (kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stage_lag (stage TEXT PRIMARY KEY, lag INTEGER, at TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (id TEXT PRIMARY KEY, key TEXT NOT NULL, story_id TEXT NOT NULL,
    kind TEXT NOT NULL, target TEXT, article_id TEXT, at TEXT NOT NULL, summary TEXT NOT NULL, note TEXT NOT NULL,
    record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS corrections_by_story ON corrections (story_id, at);
CREATE INDEX IF NOT EXISTS corrections_by_target ON corrections (target);
CREATE INDEX IF NOT EXISTS corrections_by_key ON corrections (key);
CREATE TABLE IF NOT EXISTS merged_stories (id TEXT PRIMARY KEY, target TEXT NOT NULL);
"""
