"""`newsmon rules check` and `newsmon rules test`: find mistakes in a rules file and try it on saved pages.

`rules test` reads the pages in the order given as one stream through the same enricher and alert step the
services run, so stories and revisions form exactly as they would live. Imported only to run one of them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsmon import exitcodes
from newsmon.settings import Settings


def rules_path(name: str | None, settings: Settings) -> Path:
    """The rules file named on the command line, else NEWSMON_RULES_FILE, else the shipped default."""
    from consumers.alert.rules import DEFAULT_RULES_FILE

    return Path(name) if name else (settings.rules_file or DEFAULT_RULES_FILE)


def run_rules_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print every mistake in a rules file as FILE:LINE: message; exit 3 when there is any."""
    from consumers.alert.rules import default_known, read_rules

    path = rules_path(args.file, settings)
    rules, mistakes = read_rules(path, known=default_known())
    if not mistakes:
        mistakes = destination_mistakes(path, rules, settings)
    for line in mistakes:
        print(line)
    if mistakes:
        print(f"{path}: {len(mistakes)} mistake{'s' if len(mistakes) != 1 else ''}")
        return exitcodes.CONFIG
    print(f"{path}: {len(rules)} rules, no mistakes")
    return exitcodes.OK


def destination_mistakes(path: Path, rules, settings: Settings) -> list[str]:
    """Rules sending to endpoints the endpoints file (NEWSMON_ENDPOINTS_FILE) lacks; none when no file is set."""
    from consumers.alert.rules import check_destinations
    from consumers.deliver.endpoints import endpoint_names

    if settings.endpoints_file is None:
        return []
    return check_destinations(path, rules, settings.endpoints_file, endpoint_names(settings.endpoints_file))


def run_rules_test(args: argparse.Namespace, settings: Settings) -> int:
    """Enrich saved pages as one stream and print the alerts the rules raise (or what a change adds and drops)."""
    from consumers.alert.rules import default_known, read_rules
    from consumers.alert.step import AlertStep
    from consumers.enrich.enricher import EnrichFailure, Enricher
    from newsmon.errors import InputError
    from newsmon.reporting import SkipReport
    from producers.replay.replayer import page_articles

    paths = [rules_path(args.rules, settings)] + ([Path(args.against)] if args.against else [])
    known = default_known()
    read = [read_rules(path, known=known) for path in paths]
    mistakes = [line for _rules, found in read for line in found]
    if mistakes:
        print("\n".join(mistakes))
        return exitcodes.CONFIG
    steps = [AlertStep(rules=rules, known=known, output_topic="alerts", stories_topic="stories",
                       similarity=settings.story_similarity, story_window_s=settings.story_window_s,
                       arrival_is_time=False) for rules, _found in read]
    enricher = Enricher.from_settings(settings, catalog=known.catalog)
    skips = SkipReport()
    seen: list[list[dict]] = [[] for _ in steps]
    for path, raw in page_articles(args.paths, on_skip=skips):
        for enriched in enricher.enrich_each(raw):
            if isinstance(enriched, EnrichFailure):
                skips(enriched.problem(str(path)))
                continue
            for step, rows in zip(steps, seen):
                try:
                    outputs = [o for outs in step.handle([enriched]) for o in outs]
                except Exception as exc:  # noqa: BLE001 - reported in one line; the other pages go on
                    reason = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:300]
                    skips(InputError(str(path), f"article {enriched.id}: alert matching failed: internal error "
                                                f"{reason}"))
                    continue
                rows += [alert_row(o.message, str(path)) for o in outputs if getattr(o, "topic", None) == "alerts"]
                if getattr(args, "stories", False) and step is steps[0]:
                    rows.append(story_row(enriched, outputs, str(path)))
    if args.against:
        return _compare(seen[0], seen[1], skips.exit_code)
    for row in seen[0]:
        print(json.dumps(row, ensure_ascii=False) if args.json else readable(row) if "rules" in row else
              f"  article {row['article'][:12]} -> story {str(row['story'])[:12]}"
              + (f" (revision {row['raised']})" if row["raised"] else " (silent)") + f": {row['title']}")
    alerts = [r for r in seen[0] if "rules" in r]
    if not args.json:
        print(f"{len(alerts)} alerts from {len({r['story'] for r in alerts})} stories")
    return skips.exit_code


def story_row(enriched, outputs: list, source: str) -> dict:
    """Where one article went (`rules test --stories`): its story, and the revision it raised (None: silent)."""
    stories = [o.message.id for o in outputs if getattr(o, "topic", None) == "stories"]
    alerts = [o.message.revision for o in outputs if getattr(o, "topic", None) == "alerts"]
    return {"article": enriched.id, "source": source, "title": enriched.article.title,
            "story": stories[0] if stories else None, "raised": alerts[0] if alerts else None}


def alert_row(alert, source: str) -> dict:
    """One alert as `rules test --json` prints it."""
    event = alert.event
    return {
        "story": alert.story_id, "revision": alert.revision, "source": source, "title": alert.headline,
        "rules": [{"id": r.id, "why": r.why} for r in alert.rules], "severity": alert.severity,
        "event": {"type": event.type, "killed": event.killed, "injured": event.injured, "claimed": event.claimed,
                  "perpetrator": event.perpetrator.actor if event.perpetrator else None},
        "place": alert.place.model_dump(exclude={"kind"}) if alert.place else None,
        "changes": list(alert.changes), "key_sentence": alert.key_sentence,
    }


def readable(row: dict) -> str:
    """An alert in a few lines: severity, story and revision, headline, rules and why, facts, changes."""
    event, place = row["event"], row["place"] or {}
    toll = ", ".join(f"{event[k]} {k}" for k in ("killed", "injured") if event[k] is not None)
    where = ", ".join(x for x in (place.get("name"), place.get("admin1"), place.get("country")) if x)
    lines = [f"ALERT [{row['severity']}] story {row['story'][:12]} rev {row['revision']}: {row['title']}",
             f"  source:  {row['source']}",
             f"  event:   {event['type'] or 'unknown'}" + (f" in {where}" if where else "") + (f" ({toll})" if toll else "")
             + (f", by {event['perpetrator']}" if event["perpetrator"] else ""),
             "  rules:   " + "; ".join(f"{r['id']} ({r['why']})" for r in row["rules"]),
             "  changes: " + "; ".join(row["changes"])]
    if row["key_sentence"]:
        lines.append(f"  key:     {' '.join(row['key_sentence'].split())[:200]}")
    return "\n".join(lines)


def _compare(new: list[dict], old: list[dict], code: int) -> int:
    """Print the alerts a rules change adds and drops (by source article and revision), and the rule changes."""
    def key(row: dict) -> tuple:
        return row["source"], row["title"], row["revision"]

    before, after = {key(r): r for r in old}, {key(r): r for r in new}
    for k in sorted(after.keys() - before.keys()):
        print(f'+ ADDED [{after[k]["severity"]}] "{k[1]}" rev {k[2]} ({k[0]}): '
              + ", ".join(r["id"] for r in after[k]["rules"]))
    for k in sorted(before.keys() - after.keys()):
        print(f'- DROPPED [{before[k]["severity"]}] "{k[1]}" rev {k[2]} ({k[0]})')
    for k in sorted(before.keys() & after.keys()):
        was, now = {r["id"] for r in before[k]["rules"]}, {r["id"] for r in after[k]["rules"]}
        if was != now or before[k]["severity"] != after[k]["severity"]:
            print(f'~ CHANGED "{k[1]}" rev {k[2]}: rules {sorted(was)} -> {sorted(now)}, '
                  f'severity {before[k]["severity"]} -> {after[k]["severity"]}')
    print(f"{len(after.keys() - before.keys())} added, {len(before.keys() - after.keys())} dropped")
    return code
