"""End-to-end latency and throughput of the whole pipeline, and a memory soak.

Run: .venv/bin/python bench/latency_bench.py [--rates 3,10,20] [--seconds 20] [--burst 200] [--wait 120] [--soak 600]

The articles (TTP attacks, each in its own town on its own date) are first read in publication order through
the same enricher and alert step as `newsmon rules test`; only those that open a story of their own are used,
so each must raise exactly one alert. Then a real enricher, alerter and deliverer run as processes, and each
article is timed from its publish to its webhook's arrival at a local receiver: p50, p99 and the sustained
throughput (articles from the first publish to the last webhook) at each steady rate, then for a burst
published at once, with the bare spaCy NER rate on the same texts alongside as the ceiling. Every wait is
bounded (--wait); an alert that did not arrive is named with why: dead-lettered, joined a story, or missing
(unexplained: the bench exits 1). --soak N keeps the first rate for N seconds and samples resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consumers.deliver.sink import WebhookSink  # noqa: E402
from newsmon import kafka_io  # noqa: E402
from newsmon.broker import LocalBroker, free_port  # noqa: E402
from newsmon.messages import RawArticle, encode  # noqa: E402
from newsmon.settings import Settings  # noqa: E402
from producers.replay.replayer import load_articles  # noqa: E402

SECRET = "whsec_YmVuY2htYXJrLXNlY3JldC1mb3ItbmV3c21vbi0zMmI="


TOWNS = ("Bannu Lakki Marwat Tank Karak Kohat Hangu Mardan Swabi Charsadda Nowshera Mansehra Abbottabad Chitral "
         "Dir Swat Buner Shangla Malakand Bajaur Mohmand Khyber Parachinar Orakzai Wana Miranshah Mir Ali Zhob Loralai "
         "Sibi Kalat Khuzdar Turbat Gwadar Panjgur Kharan Mastung Noshki Chaman Pishin Dera Bugti Kohlu Jhal Magsi "
         "Dadu Larkana Sukkur Ghotki Jacobabad Shikarpur Mianwali Bhakkar Layyah Rajanpur").split()


def make_articles(n: int, *, seed: int = 7) -> list[RawArticle]:
    """n articles of ~500 words; each lead is random text and each attack has its own town and date (four days
    apart), so nearly every article is a story of its own (`checked` keeps only those that are)."""
    rng = random.Random(seed)
    seeds = [a for p in sorted((ROOT / "seeds").glob("*.txt")) for a in load_articles(p)]
    words = sorted({w for a in seeds for w in a.body.split() if w.isalpha() and len(w) > 3})
    paragraphs = [p for a in seeds for p in a.body.split("\n\n")]
    out = []
    for i in range(n):
        lead = " ".join(rng.choice(words) for _ in range(60))
        day = date(1900, 1, 1) + timedelta(days=4 * i + 5000 * (seed % 10))
        town = TOWNS[(i + seed) % len(TOWNS)]
        body = [f"Militants of the Tehreek-e-Taliban Pakistan (TTP) attacked a police post in {town} on {day:%d %B %Y}, "
                f"police said. {lead}."]
        body += rng.sample(paragraphs, 4)
        out.append(RawArticle(id=f"bench-{seed}-{i}", title=f"TTP attack report {i}: {' '.join(lead.split()[:6])}",
                              body="\n\n".join(body), source="bench"))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Pipeline:
    """A broker (own or given), fresh topics, a sink, and enricher, alerter and deliverer processes."""

    def __init__(self, workdir: Path) -> None:
        self.broker = None
        bootstrap = os.environ.get("NEWSMON_TEST_BOOTSTRAP")
        if not bootstrap:
            self.broker = LocalBroker(home=workdir / "kafka", cache_dir=Path.home() / ".cache" / "newsmon")
            self.broker.home.mkdir(parents=True)
            bootstrap = self.broker.start(port=free_port())
        tag = f"bench{int(time.time())}"
        self.settings = Settings(kafka_bootstrap=bootstrap, topic_raw=f"{tag}.raw", topic_enriched=f"{tag}.enriched",
                                 topic_alerts=f"{tag}.alerts", topic_deadletter=f"{tag}.dlq",
                                 topic_deliveries=f"{tag}.deliveries", topic_endpoints=f"{tag}.endpoints")
        kafka_io.ensure_topics(self.settings, kafka_io.standard_topics(self.settings))
        self.arrivals: dict[str, float] = {}
        self._lock = threading.Lock()
        self.sink = WebhookSink(secret=SECRET, on_alert=lambda line: None, on_request=self._arrived).start()
        endpoints = workdir / "endpoints.yaml"
        endpoints.write_text(f"endpoints:\n  - name: bench\n    url: {self.sink.url}\n    secret_env: BENCH_SECRET\n")
        env = {**os.environ, "BENCH_SECRET": SECRET, "NEWSMON_ENDPOINTS_FILE": str(endpoints),
               "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true"}
        env.update({f"NEWSMON_{k.upper()}": str(v) for k, v in self.settings.model_dump(mode="json").items()
                    if k.startswith(("kafka_bootstrap", "topic_"))})
        self.logs = [(workdir / f"{n}.log").open("w") for n in ("enricher", "alerter", "deliverer")]
        self.procs = [subprocess.Popen([sys.executable, "-m", "newsmon.cli", cmd], env=env, stdout=log, stderr=log)
                      for cmd, log in zip(("enrich", "alert", "deliver"), self.logs)]

    def _arrived(self, received) -> None:
        alert = json.loads(received.body)
        with self._lock:
            for article in alert.get("sources", []):
                self.arrivals.setdefault(article["id"], time.monotonic())

    def wait_ready(self, publisher, warm: RawArticle) -> None:
        """Publish one warm-up article and wait for its alert (models loaded, groups joined)."""
        publisher.wait([publisher.send(self.settings.topic_raw, warm.id, encode(warm))])
        deadline = time.monotonic() + 180
        while warm.id not in self.arrivals and time.monotonic() < deadline:
            time.sleep(0.2)
        if warm.id not in self.arrivals:
            raise SystemExit("the pipeline did not deliver the warm-up alert within 180 s")

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=60)
        for log in self.logs:
            log.close()
        self.sink.stop()
        if self.broker:
            self.broker.stop()


def checked(articles: list[RawArticle]) -> tuple[list[RawArticle], int]:
    """The articles that each open a story of their own and alert, read in this order through the same enricher and
    alert step as `newsmon rules test`; and how many were left out (they joined another story or raised nothing)."""
    from consumers.alert.rules import DEFAULT_RULES_FILE, default_known, load_rules
    from consumers.alert.step import AlertStep
    from consumers.enrich.enricher import Enricher

    known = default_known()
    enricher = Enricher.load(catalog=known.catalog)
    step = AlertStep(rules=load_rules(DEFAULT_RULES_FILE, known=known), known=known, output_topic="alerts",
                     stories_topic="stories")
    kept = []
    for article, enriched in zip(articles, enricher.enrich_batch(articles)):
        alerts = [o.message for outs in step.handle([enriched]) for o in outs if getattr(o, "topic", None) == "alerts"]
        if len(alerts) == 1 and [s.id for s in alerts[0].sources] == [article.id]:
            kept.append(article)
    return kept, len(articles) - len(kept)


def why_missing(settings: Settings, missing: set[str]) -> dict[str, str]:
    """For each article whose alert never came: dead-lettered, joined a story, or missing (unexplained)."""
    letters = {(r.key or b"").decode() for r in kafka_io.read_topic(settings, settings.topic_deadletter)}
    joined = set()
    for record in kafka_io.read_topic(settings, settings.topic_stories):
        if record.value:
            ids = [a["id"] for a in json.loads(record.value).get("articles", [])]
            joined |= set(ids[1:])
    return {a: "dead-lettered" if a in letters else "joined a story" if a in joined else "missing" for a in missing}


def timed_run(pipeline: Pipeline, publisher, articles: list[RawArticle], rate: float | None, *, wait_s: float,
              sample=None) -> tuple[list[float], float, dict[str, str]]:
    """Publish at `rate`/s (all at once when None); wait at most wait_s after the last for the webhooks. Returns
    the latencies (s), the throughput (articles from first publish to last webhook) and why each missing one is."""
    sent: dict[str, float] = {}
    futures: list = []
    started = next_at = time.monotonic()
    for article in articles:
        if rate:
            time.sleep(max(next_at - time.monotonic(), 0))
            next_at += 1 / rate
        sent[article.id] = time.monotonic()
        futures.append(publisher.send(pipeline.settings.topic_raw, article.id, encode(article)))
        if rate:
            publisher.wait(futures)
            futures = []
        if sample:
            sample()
    publisher.wait(futures)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not all(a in pipeline.arrivals for a in sent):
        time.sleep(0.2)
    arrived = {a: pipeline.arrivals[a] for a in sent if a in pipeline.arrivals}
    latencies = sorted(arrived[a] - sent[a] for a in arrived)
    throughput = len(arrived) / (max(arrived.values()) - started) if arrived else 0.0
    return latencies, throughput, why_missing(pipeline.settings, set(sent) - set(arrived))


def pct(values: list[float], q: float) -> float:
    return values[min(int(q * len(values)), len(values) - 1)] if values else float("nan")


def report(name: str, latencies: list[float], throughput: float, missing: dict[str, str], total: int) -> int:
    """Print one run's figures; returns the number of missing alerts nothing explains."""
    reasons = {why: sum(1 for w in missing.values() if w == why) for why in set(missing.values())}
    print(f"{name}: {len(latencies)} of {total} alerts, latency p50 {pct(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {pct(latencies, 0.99) * 1000:.0f} ms, max {(latencies[-1] if latencies else 0) * 1000:.0f} ms; "
          f"sustained {throughput:.1f} articles/s" + (f"; not arrived: {reasons}" if missing else ""), flush=True)
    for article, why in sorted(missing.items()):
        print(f"    {article}: {why}")
    return reasons.get("missing", 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="3,10,20", help="steady publish rates, articles/s, comma-separated")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each steady run")
    parser.add_argument("--burst", type=int, default=200, help="articles published at once for throughput")
    parser.add_argument("--wait", type=float, default=120.0, help="most seconds to wait for the alerts after a run")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of steady load (first rate) sampling memory")
    args = parser.parse_args()
    import spacy

    from consumers.enrich.enricher import article_text
    from consumers.enrich.nlp import MIRROR_MODEL

    rates = [float(r) for r in args.rates.split(",")]
    counts = [int(r * args.seconds) for r in rates] + [args.burst] + ([int(rates[0] * args.soak)] if args.soak else [])
    candidates = make_articles(int(sum(counts) * 1.25) + 20, seed=1)
    planned, left_out = checked(candidates)
    print(f"checked {len(candidates)} articles through the rules-test read path in order: {len(planned)} open a "
          f"story of their own, {left_out} left out (they join another story or raise no alert)", flush=True)
    if len(planned) < sum(counts) + 1:
        raise SystemExit(f"only {len(planned)} distinct stories for the {sum(counts)} articles the runs need")
    runs, at = [], 1  # the first is the warm-up
    for count in counts:
        runs.append(planned[at: at + count])
        at += count
    workdir = Path(tempfile.mkdtemp(prefix="newsmon-latency-"))
    pipeline = Pipeline(workdir)
    unexplained = 0
    try:
        with kafka_io.Publisher(pipeline.settings) as publisher:
            pipeline.wait_ready(publisher, planned[0])
            for rate, articles in zip(rates, runs):
                latencies, throughput, missing = timed_run(pipeline, publisher, articles, rate, wait_s=args.wait)
                unexplained += report(f"steady {rate:g} articles/s for {args.seconds:g} s", latencies, throughput,
                                      missing, len(articles))
            burst = runs[len(rates)]
            latencies, throughput, missing = timed_run(pipeline, publisher, burst, None, wait_s=args.wait)
            unexplained += report(f"burst of {len(burst)} at once", latencies, throughput, missing, len(burst))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bare = spacy.load(MIRROR_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
            texts = [article_text(a) for a in burst]
            t0 = time.perf_counter()
            list(bare.pipe(texts, batch_size=8))
            print(f"bare spaCy NER ceiling on the same texts (this process, while idle): "
                  f"{len(texts) / (time.perf_counter() - t0):.1f} articles/s")
            if args.soak:
                unexplained += soak(pipeline, publisher, runs[-1], rates[0], args)
    finally:
        pipeline.close()
    print(f"unexplained missing alerts: {unexplained}")
    return 1 if unexplained else 0


def soak(pipeline: Pipeline, publisher, articles: list[RawArticle], rate: float, args) -> int:
    """Steady load for args.soak seconds while sampling the services' resident memory."""
    samples: list[tuple[float, ...]] = []
    last = [0.0]

    def sample() -> None:
        if time.monotonic() - last[0] >= 10:
            last[0] = time.monotonic()
            samples.append((time.monotonic(), *(rss_mb(proc.pid) for proc in pipeline.procs)))

    latencies, throughput, missing = timed_run(pipeline, publisher, articles, rate, wait_s=args.wait, sample=sample)
    lost = report(f"soak {args.soak:g} s at {rate:g}/s", latencies, throughput, missing, len(articles))
    first, mid, final = samples[0], samples[len(samples) // 2], samples[-1]
    for i, name in enumerate(("enricher", "alerter", "deliverer"), start=1):
        print(f"  {name} RSS MiB: start {first[i]:.0f}, middle {mid[i]:.0f}, end {final[i]:.0f}, "
              f"max {max(s[i] for s in samples):.0f}")
    second_half = [s[1] for s in samples[len(samples) // 2:]]
    print(f"  enricher second-half spread: {max(second_half) - min(second_half):.0f} MiB "
          f"({'flat' if max(second_half) - min(second_half) < 0.05 * final[1] else 'GROWING'})")
    return lost


if __name__ == "__main__":
    sys.exit(main())
