"""The desk console: a consumer of the enriched, story, alert, delivery and health topics that keeps an embedded
SQLite store (rebuilt from the topics when missing) and serves server-rendered pages on 127.0.0.1.

    store_schema  the tables and the full-text index
    ingest        pure: one decoded record -> the rows it writes
    store         the SQLite file: apply a batch with its offsets in one transaction; open read connections
    follower      the Kafka side: read the topics from the store's offsets, apply, refresh stage lag
    queries       read-only questions the pages ask (board, story, search, actor, health, corrections)
    corrections   pure: an analyst's form on a story page -> a Correction for the alerter; what it asks, in words
    web           the WSGI app: routes, guard (auth, CSRF, CSP), templates, static files
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
