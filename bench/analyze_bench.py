"""`newsmon analyze` speed against bare spaCy with the same components, on the same texts, in one run.

Run: .venv/bin/python bench/analyze_bench.py [PATH ...] [--rounds R] [--process-rounds P]
PATH: page files or folders of .txt pages (default: seeds/). For example the 324 real-world incident reports:
    .venv/bin/python bench/analyze_bench.py ../shared/benchmarks/realworld/cases
Pages are segmented once (as analyze does); then, interleaved over R rounds, the bare baseline (en_core_web_sm
with every component the enricher runs: the sentencizer and the NER on the whole text, and the tagger, parser,
attribute ruler and lemmatizer it runs on the sentences it reads by their grammar, here on the whole text) and the
whole enrichment (actors, places, categories, events, parsing the chosen sentences) run over the same texts. Times are this process's CPU time (time.process_time), so other load
on a shared machine does not count against either side; the first round of each warms caches and is not
counted. Printed: articles per CPU-second of each and the median of the per-round ratios (target: >= 0.75).

Then the same as whole processes, start included, over P rounds (0: skip): `newsmon analyze --json PATH...` as a
subprocess against a subprocess that loads bare spaCy with the components the enricher runs (read from its
nlp.component_names, default settings) and pipes the same article texts. Times are the children's CPU time (user +
system) and wall time; the first round warms the disk cache and the places cache and is not counted. Printed: the
median of the per-round CPU ratios bare / analyze (target: >= 0.75), and the median wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from consumers.enrich.enricher import Enricher, article_text  # noqa: E402
from consumers.enrich.nlp import MIRROR_MODEL  # noqa: E402
from producers.replay.replayer import page_articles  # noqa: E402
from processes import child  # noqa: E402 - bench/processes.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--process-rounds", type=int, default=5)
    args = parser.parse_args()
    articles = [a for _, found in page_articles(args.paths, on_skip=lambda problem: None) for a in found]
    texts = [article_text(a) for a in articles]
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    enricher = Enricher.load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = spacy.load(MIRROR_MODEL, exclude=["senter"])  # NER and the parsing components, all enabled
    enricher.enrich_batch(articles[:8])  # warm up: language model, gazetteer, caches
    list(bare.pipe(texts[:8]))
    print(f"{len(articles)} articles of {words:.0f} words on average")
    ceiling, step = [], []
    for round_no in range(0, args.rounds + 1):
        started = time.process_time()
        list(bare.pipe(texts, batch_size=8))
        bare_rate = len(texts) / (time.process_time() - started)
        started = time.process_time()
        enricher.enrich_batch(articles)
        step_rate = len(texts) / (time.process_time() - started)
        if round_no == 0:
            continue
        ceiling.append(bare_rate)
        step.append(step_rate)
        print(f"  round {round_no}: bare spaCy {bare_rate:7.1f} articles/s   analyze {step_rate:7.1f} articles/s")
    ratio = statistics.median(s / c for s, c in zip(step, ceiling))  # per round: both ran under the same load
    print(f"bare spaCy ({', '.join(bare.pipe_names)}): {statistics.median(ceiling):.1f} articles/s; analyze: "
          f"{statistics.median(step):.1f} "
          f"articles/s; ratio {ratio:.2f} (target >= 0.75: {'met' if ratio >= 0.75 else 'NOT met'})")
    if args.process_rounds > 0:
        whole_processes(args.paths, texts, list(enricher.nlp.component_names), args.process_rounds)
    return 0


# Bare spaCy as its own process: the model with only the given components, the same texts piped in batches of 8.
BARE = """
import json, sys, warnings
import spacy
model, components, exclude, texts_file = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    nlp = spacy.load(model, exclude=exclude)
for i, name in enumerate(components):
    if name not in nlp.pipe_names:
        nlp.add_pipe(name, before=nlp.pipe_names[i] if i < len(nlp.pipe_names) else None)
assert nlp.pipe_names == components, nlp.pipe_names
with open(texts_file, encoding="utf-8") as fh:
    texts = json.load(fh)
for doc in nlp.pipe(texts, batch_size=8):
    pass
"""


def whole_processes(paths: list[str], texts: list[str], components: list[str], rounds: int) -> None:
    """`newsmon analyze` against bare spaCy with the enricher's components, each a whole process (start included)."""
    meta = spacy.util.load_meta(spacy.util.get_package_path(MIRROR_MODEL) / "meta.json")
    exclude = [name for name in meta["components"] if name not in components]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(texts, fh)
    try:
        bare = [sys.executable, "-c", BARE, MIRROR_MODEL, json.dumps(components), json.dumps(exclude), fh.name]
        analyze = [sys.executable, "-m", "newsmon.cli", "analyze", "--json", *paths]
        print(f"whole processes: `newsmon analyze` against bare spaCy with {components}, start included")
        ratios, walls = [], {"bare": [], "analyze": []}
        for round_no in range(0, rounds + 1):
            (bare_cpu, bare_wall), (step_cpu, step_wall) = child(bare), child(analyze)
            if round_no == 0:
                continue
            ratios.append(bare_cpu / step_cpu)
            walls["bare"].append(bare_wall)
            walls["analyze"].append(step_wall)
            print(f"  round {round_no}: bare spaCy {bare_cpu:5.2f} s CPU {bare_wall:5.2f} s wall   "
                  f"analyze {step_cpu:5.2f} s CPU {step_wall:5.2f} s wall")
    finally:
        os.unlink(fh.name)
    ratio = statistics.median(ratios)
    print(f"whole process: bare spaCy {statistics.median(walls['bare']):.2f} s wall; analyze "
          f"{statistics.median(walls['analyze']):.2f} s wall; ratio {ratio:.2f} (CPU, target >= 0.75: "
          f"{'met' if ratio >= 0.75 else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
