"""Enrichment speed: the whole step against spaCy's bare NER ceiling, and end to end through Kafka.

Run: .venv/bin/python bench/enrich_bench.py [--articles N] [--rounds R]
The ceiling is en_core_web_sm with only `ner` (no tok2vec, tagger, parser, attribute_ruler, lemmatizer),
measured on the same texts, in the same process and run, interleaved with the step to share noise.
Target: the step reaches at least 80% of the ceiling.
"""

from __future__ import annotations

import argparse
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
from newsmon.messages import RawArticle  # noqa: E402
from producers.replay.replayer import load_articles  # noqa: E402


def corpus(n: int, words: int = 600) -> list[RawArticle]:
    """n distinct ~600-word articles made by mixing the seed articles' paragraphs."""
    seeds = [a for p in sorted((ROOT / "seeds").glob("*.txt")) for a in load_articles(p)]
    paragraphs = [p for a in seeds for p in a.body.split("\n\n")]
    out = []
    for i in range(n):
        body, k = [], i
        while sum(len(p.split()) for p in body) < words:
            body.append(paragraphs[k % len(paragraphs)])
            k += 7
        seed = seeds[i % len(seeds)]
        out.append(RawArticle(id=f"bench-{i}", title=f"{seed.title} ({i})", summary=seed.summary,
                              body="\n\n".join(body), source="bench"))
    return out


def rate(fn, n: int) -> float:
    started = time.perf_counter()
    fn()
    return n / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--no-kafka", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args()

    articles = corpus(args.articles)
    texts = [article_text(a) for a in articles]
    words = statistics.mean(len(t.split()) for t in texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = spacy.load(MIRROR_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    enricher = Enricher.load(batch_size=args.batch_size)
    print(f"{len(texts)} articles of {words:.0f} words on average; bare pipeline {bare.pipe_names}, "
          f"step pipeline {enricher.nlp.pipe_names}; batch size {args.batch_size}")
    list(bare.pipe(texts[:8]))  # warm up both
    enricher.enrich_batch(articles[:8])

    ceiling, step = [], []
    for r in range(args.rounds):
        ceiling.append(rate(lambda: list(bare.pipe(texts, batch_size=args.batch_size)), len(texts)))
        step.append(rate(lambda: [enricher.enrich_batch(articles[i:i + args.batch_size])
                                  for i in range(0, len(articles), args.batch_size)], len(articles)))
        print(f"  round {r + 1}: ceiling {ceiling[-1]:6.1f} articles/s   step {step[-1]:6.1f} articles/s")
    best_ceiling, best_step = max(ceiling), max(step)
    ratio = best_step / best_ceiling
    print(f"ceiling (bare spaCy NER): {best_ceiling:.1f} articles/s")
    print(f"enrichment step:          {best_step:.1f} articles/s")
    print(f"ratio step/ceiling:       {ratio:.2f}  (target >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'})")
    if not args.no_kafka:
        print(f"end to end through Kafka: {end_to_end(enricher, articles):.1f} articles/s "
              "(publish raw -> enricher runner -> enriched acknowledged and committed)")
    return 0


def end_to_end(enricher: Enricher, articles: list[RawArticle]) -> float:
    """Publish the articles, then time one enricher runner draining them."""
    import os

    from consumers.enrich.step import EnrichStep
    from newsmon import kafka_io
    from newsmon.broker import LocalBroker, free_port
    from newsmon.messages import encode
    from newsmon.runner import Runner
    from newsmon.settings import Settings

    broker = None
    bootstrap = os.environ.get("NEWSMON_TEST_BOOTSTRAP")
    if not bootstrap:
        broker = LocalBroker(home=Path(tempfile.mkdtemp(prefix="newsmon-bench-")),
                             cache_dir=Path.home() / ".cache" / "newsmon")
        bootstrap = broker.start(port=free_port())
    try:
        tag = str(int(time.time()))
        settings = Settings(kafka_bootstrap=bootstrap, topic_raw=f"bench-{tag}.raw",
                            topic_enriched=f"bench-{tag}.enriched", topic_deadletter=f"bench-{tag}.dlq")
        kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
        with kafka_io.Publisher(settings) as publisher:
            publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
        runner = Runner(settings, EnrichStep(enricher, output_topic=settings.topic_enriched),
                        inputs={settings.topic_raw: RawArticle}, group=f"bench-{tag}")
        started = time.perf_counter()
        stats = runner.run(max_messages=len(articles), timeout_s=600)
        return stats.processed / (time.perf_counter() - started)
    finally:
        if broker:
            broker.stop()


if __name__ == "__main__":
    sys.exit(main())
