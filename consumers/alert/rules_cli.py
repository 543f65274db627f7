"""`newsmon rules check` and `newsmon rules test`: find mistakes in a rules file and try it on saved pages.

Imported only to run one of them: nothing here loads spaCy until `rules test` runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsmon import exitcodes
from newsmon.settings import Settings


def rules_path(name: str | None, settings: Settings) -> Path:
    """The rules file named on the command line, else NEWSMON_RULES_FILE, else the shipped default."""
    from consumers.alert.rules import DEFAULT_RULES_FILE

    return Path(name) if name else (settings.rules_file or DEFAULT_RULES_FILE)


def _mistakes(path: Path) -> list[str]:
    from consumers.alert.rules import check_rules
    from consumers.catalog import load_catalog
    from consumers.enrich.classify import load_taxonomy

    return check_rules(path, catalog=load_catalog(), labels=set(load_taxonomy().labels) | {"other"})


def run_rules_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print every mistake in a rules file as FILE:LINE: message; exit 3 when there is any."""
    from consumers.alert.rules import load_rules

    path = rules_path(args.file, settings)
    mistakes = _mistakes(path)
    for line in mistakes:
        print(line)
    if mistakes:
        print(f"{path}: {len(mistakes)} mistake{'s' if len(mistakes) != 1 else ''}")
        return exitcodes.CONFIG
    print(f"{path}: {len(load_rules(path))} rules, no mistakes")
    return exitcodes.OK


def run_rules_test(args: argparse.Namespace, settings: Settings) -> int:
    """Enrich saved pages and show which rules fire, or with --against what changes from an old file."""
    from consumers.alert.rules import load_rules, match_rules
    from consumers.catalog import load_catalog
    from consumers.enrich.enricher import Enricher
    from newsmon.reporting import SkipReport
    from producers.replay.replayer import page_articles

    paths = [rules_path(args.file, settings)] + ([Path(args.against)] if getattr(args, "against", None) else [])
    mistakes = [line for path in paths for line in _mistakes(path)]
    if mistakes:
        for line in mistakes:
            print(line)
        return exitcodes.CONFIG
    catalog = load_catalog()
    new_rules, *old = [load_rules(path) for path in paths]
    enricher = Enricher.from_settings(settings, catalog=catalog)
    skips = SkipReport()
    articles = fired = added = dropped = 0
    for _path, raw in page_articles(args.paths, on_skip=skips):
        for article in enricher.enrich_batch(raw):
            articles += 1
            matches = match_rules(new_rules, article, catalog)
            if not old:
                fired += len(matches)
                for match in matches:
                    print(_firing(match, article))
                continue
            now = {m.rule.id for m in matches}
            before = {m.rule.id for m in match_rules(old[0], article, catalog)}
            title = _one_line(article.article.title)
            for rule_id in sorted(now - before):
                print(f'+ ADDED rule={rule_id} article="{title}"')
            for rule_id in sorted(before - now):
                print(f'- DROPPED rule={rule_id} article="{title}"')
            added += len(now - before)
            dropped += len(before - now)
    if old:
        print(f"{added} added, {dropped} dropped")
    else:
        print(f"{articles} articles, {fired} firings")
    return skips.exit_code


def _firing(match, article) -> str:
    """The FIRE line of one match and its evidence lines."""
    rule = match.rule
    lines = [f'FIRE rule={rule.id} severity={rule.severity} article="{_one_line(article.article.title)}" '
             f"({article.article.source})"]
    for actor in match.actors:
        sentence = _one_line(actor.evidence[0]) if actor.evidence else "(no evidence sentence kept)"
        lines.append(f"  {actor.id}: {sentence}")
    lines.append("  categories: " + (", ".join(match.categories) or "none"))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())
