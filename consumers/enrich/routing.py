"""Which partition an enriched article goes to: its event's theatre (data/theatres.yaml), so that one alerter
sees every report of a story, also of one reported from both sides of a border."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from newsmon.errors import ConfigError
from newsmon.messages import EnrichedArticle

THEATRES_FILE = DATA_DIR / "theatres.yaml"


@lru_cache(maxsize=4)
def load_theatres(path: Path = THEATRES_FILE) -> tuple[dict[str, str], str]:
    """Country code -> theatre name, and the default theatre; ConfigError names the file and the problem."""
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
        theatres, default = data["theatres"], str(data["default"])
        of: dict[str, str] = {}
        for name, countries in theatres.items():
            for code in countries:
                if code in of:
                    raise ConfigError(f"{path}: {code} is in two theatres ({of[code]} and {name})")
                of[str(code)] = str(name)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a theatres file ({exc.__class__.__name__}: {exc})") from exc
    return of, default


def route_of(enriched: EnrichedArticle) -> str:
    """The theatre of the main event's country (else of the first state with a part in it), or that country
    when it is in no theatre; the default theatre when neither is known."""
    theatre_of, default = load_theatres()
    where = enriched.event.where
    country = where.country if where is not None and where.country else None
    if country is None:
        states = [a for a in enriched.actors if a.kind == "state" and a.role != "mentioned"]
        country = states[0].id if states else None
    if country is None:
        return default
    return theatre_of.get(country, country)
