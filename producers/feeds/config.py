"""The feeds file users edit: which feeds to poll, how often, with which tags."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsmon.errors import ConfigError
from producers import DATA_DIR

DEFAULT_FEEDS_FILE = DATA_DIR / "feeds.yaml"


class Feed(BaseModel):
    """One feed entry of the feeds file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    interval: float = Field(900.0, gt=0, description="Seconds between polls: where adaptive polling starts, and the "
                            "interval itself with adaptive polling off (NEWSMON_FEED_ADAPTIVE=false).")
    tags: tuple[str, ...] = ()
    language: str | None = None
    enabled: bool = True
    full_text: bool = False

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return url


def load_feeds(path: Path = DEFAULT_FEEDS_FILE, *, include_disabled: bool = False) -> list[Feed]:
    """Read and check a feeds file; ConfigError names the file, the feed and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"feeds file {path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"feeds file {path}{where}: not valid YAML") from exc
    entries = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"feeds file {path}: expected a list under 'feeds:'")
    feeds, names = [], set()
    for index, entry in enumerate(entries, 1):
        label = entry.get("name", f"#{index}") if isinstance(entry, dict) else f"#{index}"
        try:
            feed = Feed.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "entry"
            raise ConfigError(f"feeds file {path}: feed {label}: {field}: {first['msg']}") from exc
        if feed.name in names:
            raise ConfigError(f"feeds file {path}: feed {label}: duplicate name")
        names.add(feed.name)
        if feed.enabled or include_disabled:
            feeds.append(feed)
    return feeds
