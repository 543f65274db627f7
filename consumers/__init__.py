"""Consumers: the enricher, the alerter and the webhook deliverer, each a step run by newsmon's runner."""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"  # the catalog, taxonomy, event types, places and rules users edit
