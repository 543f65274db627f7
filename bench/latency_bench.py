"""End-to-end latency and throughput of the whole pipeline, and a memory soak.

Run: .venv/bin/python bench/latency_bench.py [--rate 3] [--seconds 60] [--burst 120] [--soak 600]

Publishes distinct articles (each fires the `ttp` rule as a story of its own) to the raw topic, runs a
real enricher, alerter and deliverer as processes, and times each article from its publish to its webhook's
arrival at a local receiver: p50 and p99 at a steady rate. Then a burst measures the sustained
throughput of the whole pipeline, with the bare spaCy NER rate on the same texts alongside as the
ceiling. --soak N keeps the steady rate for N seconds and samples the services' resident memory.
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


def make_articles(n: int, *, seed: int = 7) -> list[RawArticle]:
    """n articles of ~500 words; each lead is random text and each attack has its own date (four days apart),
    so every article is a story of its own."""
    rng = random.Random(seed)
    seeds = [a for p in sorted((ROOT / "seeds").glob("*.txt")) for a in load_articles(p)]
    words = sorted({w for a in seeds for w in a.body.split() if w.isalpha() and len(w) > 3})
    paragraphs = [p for a in seeds for p in a.body.split("\n\n")]
    out = []
    for i in range(n):
        lead = " ".join(rng.choice(words) for _ in range(60))
        day = date(1900, 1, 1) + timedelta(days=4 * i + 5000 * (seed % 10))
        body = [f"Militants of the Tehreek-e-Taliban Pakistan (TTP) attacked a post on {day:%d %B %Y}, police said. {lead}."]
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

    def wait_ready(self, publisher) -> None:
        """Publish one warm-up article and wait for its alert (models loaded, groups joined)."""
        warm = make_articles(1, seed=999)[0]
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


def steady(pipeline: Pipeline, publisher, articles: list[RawArticle], rate: float, *, sample=None) -> list[float]:
    """Publish at `rate`/s; returns each article's publish-to-webhook latency in seconds."""
    sent: dict[str, float] = {}
    next_at = time.monotonic()
    for article in articles:
        time.sleep(max(next_at - time.monotonic(), 0))
        sent[article.id] = time.monotonic()
        publisher.wait([publisher.send(pipeline.settings.topic_raw, article.id, encode(article))])
        next_at += 1 / rate
        if sample:
            sample()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all(a in pipeline.arrivals for a in sent):
        time.sleep(0.2)
    missing = [a for a in sent if a not in pipeline.arrivals]
    if missing:
        print(f"  WARNING: {len(missing)} alerts did not arrive within 120 s")
    return sorted(pipeline.arrivals[a] - t for a, t in sent.items() if a in pipeline.arrivals)


def pct(values: list[float], q: float) -> float:
    return values[min(int(q * len(values)), len(values) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=3.0, help="steady publish rate, articles/s")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady run")
    parser.add_argument("--burst", type=int, default=120, help="articles published at once for throughput")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of steady load while sampling memory")
    args = parser.parse_args()
    import spacy

    from consumers.enrich.enricher import article_text
    from consumers.enrich.nlp import MIRROR_MODEL

    workdir = Path(tempfile.mkdtemp(prefix="newsmon-latency-"))
    pipeline = Pipeline(workdir)
    try:
        with kafka_io.Publisher(pipeline.settings) as publisher:
            pipeline.wait_ready(publisher)
            count = int(args.rate * args.seconds)
            latencies = steady(pipeline, publisher, make_articles(count, seed=1), args.rate)
            print(f"steady {args.rate:g} articles/s for {args.seconds:g} s: {len(latencies)} alerts, "
                  f"latency p50 {pct(latencies, 0.5) * 1000:.0f} ms, p99 {pct(latencies, 0.99) * 1000:.0f} ms, "
                  f"max {latencies[-1] * 1000:.0f} ms")

            burst = make_articles(args.burst, seed=2)
            started = time.monotonic()
            publisher.wait([publisher.send(pipeline.settings.topic_raw, a.id, encode(a)) for a in burst])
            deadline = started + 600
            while time.monotonic() < deadline and not all(a.id in pipeline.arrivals for a in burst):
                time.sleep(0.2)
            elapsed = max(pipeline.arrivals.get(a.id, deadline) for a in burst) - started
            print(f"sustained throughput (burst of {args.burst}, publish to last webhook): {args.burst / elapsed:.1f} articles/s")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bare = spacy.load(MIRROR_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
            texts = [article_text(a) for a in burst]
            t0 = time.perf_counter()
            list(bare.pipe(texts, batch_size=8))
            print(f"bare spaCy NER ceiling on the same texts (this process, while idle): {len(texts) / (time.perf_counter() - t0):.1f} articles/s")

            if args.soak:
                samples: list[tuple[float, float, float]] = []
                last = [0.0]

                def sample() -> None:
                    if time.monotonic() - last[0] >= 10:
                        last[0] = time.monotonic()
                        samples.append((time.monotonic(), *(rss_mb(proc.pid) for proc in pipeline.procs)))

                soak = make_articles(int(args.rate * args.soak), seed=3)
                soak_lat = steady(pipeline, publisher, soak, args.rate, sample=sample)
                first, mid, final = samples[0], samples[len(samples) // 2], samples[-1]
                print(f"soak {args.soak:g} s at {args.rate:g}/s: {len(soak_lat)} alerts, p50 {pct(soak_lat, 0.5) * 1000:.0f} ms, "
                      f"p99 {pct(soak_lat, 0.99) * 1000:.0f} ms")
                print(f"  enricher RSS MiB: start {first[1]:.0f}, middle {mid[1]:.0f}, end {final[1]:.0f}, max {max(s[1] for s in samples):.0f}")
                print(f"  alerter  RSS MiB: start {first[2]:.0f}, middle {mid[2]:.0f}, end {final[2]:.0f}, max {max(s[2] for s in samples):.0f}")
                print(f"  deliverer RSS MiB: start {first[3]:.0f}, middle {mid[3]:.0f}, end {final[3]:.0f}, max {max(s[3] for s in samples):.0f}")
                second_half = [s[1] for s in samples[len(samples) // 2:]]
                print(f"  enricher second-half spread: {max(second_half) - min(second_half):.0f} MiB "
                      f"({'flat' if max(second_half) - min(second_half) < 0.05 * final[1] else 'GROWING'})")
    finally:
        pipeline.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
