"""Score newsmon on a labelled sample of real published news, the way the desk reads it.

Run: .venv/bin/python bench/realnews_score.py SAMPLE_DIR [--newsmon .venv/bin/newsmon] [--save FILE] [--mistakes]

SAMPLE_DIR holds one YAML file per article in <lang>/ folders (en, ur, fa, ps): title, published, url, outlet,
body, story (the label of the real event; "none" for a non-event) and expect (the gold-set format of
tests/gold/README.md, with `alert`). The texts stay outside the repository: this script writes each article as a
page (headline, date line, body) into a temporary folder, runs `newsmon analyze --json` on them and
`newsmon rules test --json --stories` on all of them in date order as one stream, and prints per language:

- must-alert recall per real event (an event counts when any of its articles alerted);
- non-stories that alerted; false critical alerts (per article) and missed critical events (an event labelled
  critical none of whose alerts was critical);
- principal actors (an actor with a role of perpetrator, claimant, target, subject or participant): precision and
  recall, and how many of those found have the label's very role. The state of the event's place takes a part
  in it even when the text names only the place (issue 19: "a blast in Mastung" hits Pakistan); labels list
  only the actors a text names, so such a state, when it is the label's `country` and not among its actors, is
  left out of both sides and counted apart ("place states");
- killed and injured exact (over articles where the label or newsmon gives a figure);
- security categories: recall and false labels;
- stories: real events split over several stories, and stories that merged several real events.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from newsmon.yaml_files import load_labels  # noqa: E402

PRINCIPAL = {"perpetrator", "claimant", "target", "subject", "participant"}
SECURITY = {"terrorism", "counter-terrorism", "military", "arms-trade", "border", "intelligence"}
REGION = ("ur", "fa", "ps")


@dataclass
class Case:
    path: Path
    lang: str
    title: str
    published: date | None
    body: str
    story: str
    expect: dict
    page: Path | None = None


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    def __str__(self) -> str:
        return f"{self.hit}/{self.total}" + (f" ({self.hit / self.total:.2f})" if self.total else "")


@dataclass
class Scores:
    must_events: dict[str, bool] = field(default_factory=dict)  # event -> alerted
    non_stories: Tally = field(default_factory=Tally)  # alerted / non-stories
    false_critical: int = 0
    missed_critical: Tally = field(default_factory=Tally)
    roles_tp: int = 0
    roles_fp: int = 0
    roles_fn: int = 0
    role_same: int = 0  # principal actors found with the very role of the label
    place_states: int = 0  # the state of the labelled place, which the text never names, given a part
    killed: Tally = field(default_factory=Tally)
    injured: Tally = field(default_factory=Tally)
    cats_tp: int = 0
    cats_fn: int = 0
    cats_fp: int = 0
    articles: int = 0
    mistakes: list[str] = field(default_factory=list)


def load(sample: Path) -> list[Case]:
    cases = []
    for path in sorted(sample.glob("*/*.yaml")):
        data = load_labels(path.read_text(encoding="utf-8"))
        published = data.get("published")
        cases.append(Case(path, path.parent.name, str(data["title"]), published if isinstance(published, date) else None,
                          str(data.get("body") or ""), str(data.get("story") or "none"), dict(data["expect"])))
    return cases


def write_pages(cases: list[Case], folder: Path) -> None:
    """Each case as a page named so that a directory listing is date order (undated last)."""
    ordered = sorted(cases, key=lambda c: (c.published or date.max, c.path.name))
    for n, case in enumerate(ordered):
        line = f"{case.published:%B} {case.published.day}, {case.published.year}\n" if case.published else ""
        case.page = folder / f"{n:04d}_{case.lang}_{case.path.stem}.txt"
        case.page.write_text(f"{case.title}\n{line}\n{case.body.strip()}\n", encoding="utf-8")


def run(newsmon: str, *args: str) -> list[dict]:
    done = subprocess.run([newsmon, *args], capture_output=True, text=True, timeout=3600)
    if done.returncode not in (0, 1):
        raise SystemExit(f"newsmon {args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    for line in done.stderr.splitlines():
        if "skipped" in line:
            print(line, file=sys.stderr)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def score(cases: list[Case], analyzed: dict[str, dict], alerts: dict[str, list[dict]], stories: dict[str, str],
          scores: dict[str, Scores]) -> None:
    # An event is recalled when any of its articles alerted, in whatever language: a translation that arrives after
    # the first report rightly attaches to its story without an alert of its own.
    alerted_events = {c.story for c in cases if c.story != "none" and alerts.get(str(c.page))}
    critical_events = {c.story for c in cases if c.story != "none"
                       and any(a["severity"] == "critical" for a in alerts.get(str(c.page), []))}
    counted: set[str] = set()
    for case in cases:
        s = scores[case.lang]
        s.articles += 1
        want = case.expect.get("alert") or {}
        got = alerts.get(str(case.page), [])
        row = analyzed.get(str(case.page))
        name = f"{case.lang}/{case.path.name}"
        if want.get("fire"):
            key = case.story if case.story != "none" else name
            s.must_events[key] = s.must_events.get(key, False) or bool(got) or key in alerted_events
            if not got:
                s.mistakes.append(f"{name}: must-alert article raised no alert (event {key}"
                                  + (", which alerted through another article)" if key in alerted_events else ")"))
            if want.get("severity") == "critical" and key not in counted:  # per real event, like recall
                counted.add(key)
                s.missed_critical.total += 1
                if not any(a["severity"] == "critical" for a in got) and key not in critical_events:
                    s.missed_critical.hit += 1
                    s.mistakes.append(f"{name}: critical missed (event {key})")
        else:
            s.non_stories.total += 1
            if got:
                s.non_stories.hit += 1
                s.mistakes.append(f"{name}: non-story alerted ({got[0]['event']['type']}, {got[0]['title'][:60]})")
        if any(a["severity"] == "critical" for a in got) and want.get("severity") != "critical":
            s.false_critical += 1
            s.mistakes.append(f"{name}: false critical")
        if row is None:
            s.mistakes.append(f"{name}: not analysed")
            continue
        _roles(case, row, s, name)
        _tolls(case, row, s, name)
        _categories(case, row, s, name)


def _roles(case: Case, row: dict, s: Scores, name: str) -> None:
    """Principal actors (an actor with any principal role) for precision and recall; the exact role apart."""
    wanted_roles = {a: r for a, r in (case.expect.get("roles") or {}).items() if r in PRINCIPAL}
    got_roles = {a["id"]: a["role"] for a in row["actors"] if a["role"] in PRINCIPAL}
    place = case.expect.get("country")
    if place in got_roles and place not in wanted_roles and place not in (case.expect.get("actors") or []):
        del got_roles[place]
        s.place_states += 1
    wanted, got = set(wanted_roles), set(got_roles)
    s.roles_tp += len(wanted & got)
    s.roles_fp += len(got - wanted)
    s.roles_fn += len(wanted - got)
    s.role_same += sum(wanted_roles[a] == got_roles[a] for a in wanted & got)
    if wanted != got:
        s.mistakes.append(f"{name}: principal actors missing {sorted(wanted - got)} extra {sorted(got - wanted)}")
    elif wanted_roles != got_roles:
        s.mistakes.append(f"{name}: roles {sorted(got_roles.items())} (label {sorted(wanted_roles.items())})")


def _tolls(case: Case, row: dict, s: Scores, name: str) -> None:
    for fact, tally in (("killed", s.killed), ("injured", s.injured)):
        want, got = case.expect.get(fact), row["event"].get(fact)
        if want is None and got is None:
            continue
        tally.total += 1
        tally.hit += want == got
        if want != got:
            s.mistakes.append(f"{name}: {fact} {got} (label {want})")


def _categories(case: Case, row: dict, s: Scores, name: str) -> None:
    want = set(case.expect.get("categories") or []) & SECURITY
    got = {c["label"] for c in row["categories"]} & SECURITY
    s.cats_tp += len(want & got)
    s.cats_fn += len(want - got)
    s.cats_fp += len(got - want)
    if want != got:
        s.mistakes.append(f"{name}: categories missing {sorted(want - got)} extra {sorted(got - want)}")


def story_errors(cases: list[Case], stories: dict[str, str]) -> tuple[list[str], list[str]]:
    """Real events split over stories; stories holding articles of several real events (non-events apart)."""
    by_event, by_story = defaultdict(set), defaultdict(set)
    for case in cases:
        story = stories.get(str(case.page))
        if case.story != "none" and story:
            by_event[case.story].add(story)
        if story:
            by_story[story].add(case.story if case.story != "none" else f"none:{case.path.name}")
    splits = [f"{e} in {len(s)} stories" for e, s in sorted(by_event.items()) if len(s) > 1]
    merges = [f"story {s[:10]} holds {sorted(e)}" for s, e in sorted(by_story.items()) if len(e) > 1]
    return splits, merges


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def print_scores(title: str, s: Scores) -> dict:
    events = len(s.must_events)
    recalled = sum(s.must_events.values())
    p = ratio(s.roles_tp, s.roles_tp + s.roles_fp)
    r = ratio(s.roles_tp, s.roles_tp + s.roles_fn)
    figures = {
        "articles": s.articles, "must_alert_events": events, "must_alert_recalled": recalled,
        "non_stories": s.non_stories.total, "non_stories_alerted": s.non_stories.hit,
        "false_critical": s.false_critical, "critical_events": s.missed_critical.total,
        "missed_critical": s.missed_critical.hit, "roles_precision": p, "roles_recall": r,
        "same_role": [s.role_same, s.roles_tp], "place_states": s.place_states,
        "killed_exact": [s.killed.hit, s.killed.total], "injured_exact": [s.injured.hit, s.injured.total],
        "security_recall": ratio(s.cats_tp, s.cats_tp + s.cats_fn), "security_false": s.cats_fp,
    }
    print(f"{title}: {s.articles} articles; must-alert recall {recalled}/{events} ({ratio(recalled, events)}); "
          f"non-stories alerted {s.non_stories}; false critical {s.false_critical}, missed critical "
          f"{s.missed_critical}; principal actors P {p} R {r} (same role {s.role_same}/{s.roles_tp}, place states {s.place_states}); killed exact {s.killed}, injured exact {s.injured}; "
          f"security categories recall {figures['security_recall']}, false {s.cats_fp}")
    return figures


def merge(parts: list[Scores]) -> Scores:
    total = Scores()
    for part in parts:
        total.must_events.update(part.must_events)
        for name in ("non_stories", "missed_critical", "killed", "injured"):
            mine, theirs = getattr(total, name), getattr(part, name)
            mine.hit, mine.total = mine.hit + theirs.hit, mine.total + theirs.total
        for name in ("false_critical", "roles_tp", "roles_fp", "roles_fn", "role_same", "place_states", "cats_tp", "cats_fn", "cats_fp", "articles"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        total.mistakes += part.mistakes
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", type=Path)
    parser.add_argument("--newsmon", default=".venv/bin/newsmon")
    parser.add_argument("--save", type=Path, help="write the figures as JSON here")
    parser.add_argument("--mistakes", action="store_true", help="list every mistake")
    args = parser.parse_args()
    cases = load(args.sample)
    folder = Path(tempfile.mkdtemp(prefix="newsmon-realnews-"))
    write_pages(cases, folder)
    analyzed = {row["source"]: row for row in run(args.newsmon, "analyze", "--json", str(folder))}
    alerts, stories = defaultdict(list), {}
    for row in run(args.newsmon, "rules", "test", "--json", "--stories", str(folder)):
        if "rules" in row:
            alerts[row["source"]].append(row)
        else:
            stories[row["source"]] = row["story"]
    scores: dict[str, Scores] = defaultdict(Scores)
    score(cases, analyzed, alerts, stories, scores)
    figures = {}
    for lang in sorted(scores):
        figures[lang] = print_scores(lang, scores[lang])
    region = [scores[lang] for lang in REGION if lang in scores]
    if region:
        figures["region"] = print_scores("ur + fa + ps", merge(region))
    figures["all"] = print_scores("all", merge(list(scores.values())))
    splits, merges = story_errors(cases, stories)
    figures["story_splits"], figures["story_merges"] = splits, merges
    print(f"stories: {len(splits)} real events split, {len(merges)} stories merging events")
    for line in splits + merges:
        print(f"  {line}")
    if args.mistakes:
        for lang in sorted(scores):
            for line in scores[lang].mistakes:
                print(f"  {line}")
    if args.save:
        args.save.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
