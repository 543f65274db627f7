"""Producers: the seed replayer and the feed poller, both publishing RawArticle records."""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"  # the feeds file and the page rules users edit
