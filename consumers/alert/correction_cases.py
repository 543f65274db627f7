"""The desk's corrections as labelled cases in the gold-set format (tests/gold/README.md), pure: records in, YAML
documents out, so that what an analyst corrected becomes part of the desk's regression suite.

- A fact correction (toll, perpetrator, place, date) labels the report the analyst read it in: one case per
  (story, report) with every correction made on it. `expect` holds the analyst's values for what was corrected,
  and for everything else what the enricher read in that report when the desk saw it, so the case checks the
  corrected facts and that nothing else slipped.
- Mute and unmute label the story's first report: `alert: {fire: false}` for "not for the desk", and
  `fire: true` with the severity the story alerted at for "back on the desk".
- A merge or a split labels story membership, which only a stream can say: a story stream (streams/*.yaml) of the
  corrected stories' reports in the order newsmon saw them, with `story` as the analyst decided and `alert` as the
  desk received it (the revisions an analyst's correction raised left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import yaml

from consumers.alert.corrections import ANALYST, split_story_id
from newsmon.messages import (
    Alert,
    Correction,
    DateFix,
    EnrichedArticle,
    Merge,
    Mute,
    PerpetratorFix,
    PlaceFix,
    Split,
    StoryState,
    TollFix,
)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class Export:
    """File name -> YAML text, for cases (top level) and streams (streams/), and what could not be exported."""

    cases: dict[str, str] = field(default_factory=dict)
    streams: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (correction key, why)


def export_cases(corrections: list[Correction], states: dict[str, StoryState], alerts: list[Alert],
                 articles: dict[str, EnrichedArticle]) -> Export:
    """Every correction (the latest of each key) as a case or a stream."""
    out = Export()
    labels: dict[tuple[str, str], list[Correction]] = {}
    alert_of: dict[tuple[str, str], Correction] = {}
    for c in sorted(corrections, key=lambda c: c.produced_at):
        if isinstance(c.change, Mute):
            first = _first_article(c.story_id, states)
            alert_of[(c.story_id, first)] = c
            labels.setdefault((c.story_id, first), [])
        elif isinstance(c.change, (Merge, Split)):
            _stream(c, states, alerts, articles, out)
        elif c.article_id:
            labels.setdefault((c.story_id, c.article_id), []).append(c)
    for (story_id, article_id), facts in labels.items():
        keys = [c.key for c in facts] + ([alert_of[(story_id, article_id)].key] if (story_id, article_id) in alert_of
                                         else [])
        enriched = articles.get(article_id)
        if enriched is None:
            out.skipped += [(key, f"article {article_id} is no longer in the enriched topic") for key in keys]
            continue
        expect = reading(enriched)
        for c in facts:
            _label(expect, c)
        muted = alert_of.get((story_id, article_id))
        if muted is not None:
            expect["alert"] = _wanted_alert(muted, states.get(story_id), alerts)
        header = [f"Exported from the desk's corrections of story {story_id}: {', '.join(keys)}.",
                  "Set by an analyst: " + ", ".join(_set_by(c) for c in [*facts, *([muted] if muted else [])]) + ";",
                  "every other expected fact is what the enricher read in this report when the desk saw it."]
        out.cases[f"corr-{story_id[:12]}-{article_id[:12]}.yaml"] = _document(header, {**_text(enriched),
                                                                                       "expect": expect})
    return out


def reading(enriched: EnrichedArticle) -> dict:
    """What the enricher read in a report, as a gold case's `expect`."""
    event = enriched.event
    expect: dict = {"language": enriched.language,
                    "actors": sorted({a.id for a in enriched.actors if a.mentions}),
                    "categories": sorted({c.label for c in enriched.categories}),
                    "killed": event.killed, "injured": event.injured, "event": event.type,
                    "perpetrator": event.perpetrator.actor if event.perpetrator else None}
    if event.perpetrator:
        expect["basis"] = event.perpetrator.basis
    if event.attackers_killed is not None:
        expect["attackers_killed"] = event.attackers_killed
    if event.where is not None:
        expect.update({k: v for k, v in (("country", event.where.country), ("admin1", event.where.admin1)) if v})
    return expect


def _label(expect: dict, c: Correction) -> None:
    change = c.change
    if isinstance(change, TollFix):
        expect.update(killed=change.killed, injured=change.injured)
    elif isinstance(change, PerpetratorFix):
        doer = change.perpetrator
        expect["perpetrator"] = doer.actor if doer else None
        expect.pop("basis", None)
        if doer:
            expect["basis"] = doer.basis
            expect["actors"] = sorted({*expect["actors"], doer.actor})
    elif isinstance(change, PlaceFix):
        for key in ("country", "admin1"):
            expect.pop(key, None)
            if getattr(change.where, key):
                expect[key] = getattr(change.where, key)
    elif isinstance(change, DateFix):
        expect["date"] = change.date  # the day of the main event (not scored by `newsmon eval` yet)


def _set_by(c: Correction) -> str:
    return {"toll": "killed, injured", "perpetrator": "perpetrator, basis", "place": "country, admin1",
            "date": "date", "mute": "alert"}[c.change.kind]


def _wanted_alert(c: Correction, state: StoryState | None, alerts: list[Alert]) -> dict:
    if c.change.muted:
        return {"fire": False, "severity": None}
    sent = [a for a in alerts if a.story_id == c.story_id]
    severity = sent[-1].severity if sent else (state.severity if state else None)
    return {"fire": True, "severity": severity}


def _first_article(story_id: str, states: dict[str, StoryState]) -> str:
    state = states.get(story_id)
    return state.articles[0].id if state is not None and state.articles else story_id


def _stream(c: Correction, states, alerts, articles, out: Export) -> None:
    """A merge or a split as a story stream of the stories as the analyst left them."""
    if isinstance(c.change, Merge):
        target = _resolve(c.change.into, states)
        groups = [(target.articles if target else (), "A")]
        name = f"corr-merge-{c.story_id[:12]}"
    else:
        left = states.get(c.story_id)
        alone = states.get(split_story_id(c.story_id, c.change.article_id))
        groups = [(left.articles if left else (), "A"), (alone.articles if alone else (), "B")]
        name = f"corr-split-{c.story_id[:12]}-{c.change.article_id[:12]}"
    members = sorted(((a, label) for kept, label in groups for a in kept),
                     key=lambda item: item[0].first_seen or item[0].published or EPOCH)
    missing = [a.id for a, _ in members if a.id not in articles]
    if len(members) < 2 or missing:
        why = f"articles {', '.join(missing)} are no longer in the enriched topic" if missing else \
            "the stories it made are no longer in the stories topic"
        out.skipped.append((c.key, why))
        return
    received = _received(alerts)
    items = []
    for article, label in members:
        enriched = articles[article.id]
        item = {"id": article.id[:16], "seen": article.first_seen or enriched.produced_at, **_text(enriched)}
        item["expect"] = {"story": label, **({"alert": {"severity": received[article.id]}}
                                             if article.id in received else {})}
        items.append(item)
    header = [f"Exported from the desk's corrections: {c.key} ({'merge' if isinstance(c.change, Merge) else 'split'}).",
              "`story` is as the analyst decided; `alert` is what the desk received for each report."]
    out.streams[f"{name}.yaml"] = _document(header, {"name": name, "articles": items})


def _resolve(story_id: str, states: dict[str, StoryState]) -> StoryState | None:
    """A story's state, following merges into other stories."""
    seen: set[str] = set()
    state = states.get(story_id)
    while state is not None and state.merged_into and state.id not in seen:
        seen.add(state.id)
        state = states.get(state.merged_into)
    return state


def _received(alerts: list[Alert]) -> dict[str, str]:
    """Article id -> the severity of the last alert it raised (not counting revisions an analyst raised)."""
    raised = {}
    for alert in alerts:
        if alert.sources and not any(change.startswith(ANALYST) for change in alert.changes):
            raised[alert.sources[-1].id] = alert.severity
    return raised


def _text(enriched: EnrichedArticle) -> dict:
    raw = enriched.article
    text: dict = {"title": _Quoted(raw.title), "summary": raw.summary}
    if raw.outlet:
        text["outlet"] = raw.outlet
    if raw.published is not None:
        text["published"] = raw.published.date()
    text["body"] = raw.body.rstrip() + "\n"
    return text


class _Quoted(str):
    """A string written in double quotes (a case's title always is)."""


class _Dumper(yaml.SafeDumper):
    """Titles quoted, texts as literal blocks, keys in the order given."""


_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v,
                                                             style="|" if "\n" in v else None))


def _document(header: list[str], data: dict) -> str:
    comments = "".join(f"# {line}\n" for line in header)
    return comments + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
