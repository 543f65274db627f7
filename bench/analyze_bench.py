"""`newsmon analyze` speed against spaCy's bare NER on the same texts, in one run.

Run: .venv/bin/python bench/analyze_bench.py [PATH ...] [--rounds R]
PATH: page files or folders of .txt pages (default: seeds/). For example the 324 real-world incident reports:
    .venv/bin/python bench/analyze_bench.py ../shared/benchmarks/realworld/cases
Pages are segmented once (as analyze does); then, interleaved over R rounds, the bare ceiling
(en_core_web_sm with only `ner`) and the whole enrichment (sentencizer + NER, actors, places, categories,
events) run over the same article texts. Times are this process's CPU time (time.process_time), so other load
on a shared machine does not count against either side; the first round of each warms caches and is not
counted. Printed: articles per CPU-second of each and the median of the per-round ratios (target: >= 0.75).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from consumers.enrich.enricher import Enricher, article_text  # noqa: E402
from consumers.enrich.nlp import MIRROR_MODEL  # noqa: E402
from producers.replay.replayer import page_articles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    articles = [a for _, found in page_articles(args.paths, on_skip=lambda problem: None) for a in found]
    texts = [article_text(a) for a in articles]
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    enricher = Enricher.load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = spacy.load(MIRROR_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer",
                                                 "senter"])
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
        print(f"  round {round_no}: bare NER {bare_rate:7.1f} articles/s   analyze {step_rate:7.1f} articles/s")
    ratio = statistics.median(s / c for s, c in zip(step, ceiling))  # per round: both ran under the same load
    print(f"bare spaCy NER: {statistics.median(ceiling):.1f} articles/s; analyze: {statistics.median(step):.1f} "
          f"articles/s; ratio {ratio:.2f} (target >= 0.75: {'met' if ratio >= 0.75 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
