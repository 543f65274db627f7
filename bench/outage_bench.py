"""One webhook endpoint down for minutes while another is healthy: does the healthy one wait? Does the alerter?

Run: .venv/bin/python bench/outage_bench.py [--down 600] [--rate 1] [--after 900] [--schedule 5,30,60,120,300,600]

Starts a broker (or uses NEWSMON_TEST_BOOTSTRAP), a real alerter and deliverer as processes and two local
receivers: `healthy` answers 200, `down` answers 503 for --down seconds and 200 after. Enriched stories (a
TTP bombing each in its own town, which the shipped rules alert on) are published at --rate per second for the
whole outage. Printed: the healthy endpoint's publish-to-arrival delay (p50, p99, max), the alerter's consumer
lag as /metrics reported it, and how long after the endpoint came back every alert had reached it (the retry
schedule here is 5 s, 30 s, 1 min, 2 min, 5 min, 10 min, so an alert that failed early waits for its next step).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from newsmon import kafka_io  # noqa: E402
from newsmon.broker import LocalBroker, free_port  # noqa: E402
from newsmon.messages import encode  # noqa: E402
from newsmon.settings import Settings  # noqa: E402
from tests.integration.pipeline import SECRET  # noqa: E402
from tests.integration.receiver import Receiver  # noqa: E402
from tests.integration.test_deliverer import story  # noqa: E402

SCHEDULE = [5, 30, 60, 120, 300, 600]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def lag(port: int) -> float | None:
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
    except httpx.HTTPError:
        return None
    values = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
              if line.startswith('newsmon_consumer_lag{stage="alerter"}')]
    return values[0] if values else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--down", type=float, default=600.0, help="seconds the `down` endpoint answers 503")
    parser.add_argument("--rate", type=float, default=1.0, help="stories published per second during the outage")
    parser.add_argument("--after", type=float, default=900.0, help="most seconds to wait for the retries after it")
    parser.add_argument("--schedule", default=",".join(map(str, SCHEDULE)),
                        help="retry delays in seconds, comma-separated (a short one, 1,2,4,8,16,32, runs in minutes)")
    args = parser.parse_args()
    schedule = [float(s) for s in args.schedule.split(",")]
    work = Path(tempfile.mkdtemp(prefix="newsmon-outage-"))
    broker, bootstrap = None, os.environ.get("NEWSMON_TEST_BOOTSTRAP")
    if not bootstrap:
        broker = LocalBroker(home=work / "kafka", cache_dir=Path.home() / ".cache" / "newsmon")
        broker.home.mkdir(parents=True)
        bootstrap = broker.start(port=free_port())
    tag = f"outage{int(time.time())}"
    settings = Settings(kafka_bootstrap=bootstrap, topic_raw=f"{tag}.raw", topic_enriched=f"{tag}.enriched",
                        topic_alerts=f"{tag}.alerts", topic_deadletter=f"{tag}.dlq",
                        topic_deliveries=f"{tag}.deliveries", topic_endpoints=f"{tag}.endpoints",
                        webhook_retry_delays_s=tuple(schedule))
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    healthy, down = Receiver(), Receiver()
    down.script["/hook"] = [(503, {}, 0.0)]
    endpoints = work / "endpoints.yaml"
    endpoints.write_text("endpoints:\n" + "".join(
        f"  - name: {n}\n    url: {r.url('/hook')}\n    secret_env: OUTAGE_SECRET\n" for n, r in (("healthy", healthy), ("down", down))))
    env = {**os.environ, "OUTAGE_SECRET": SECRET, "NEWSMON_ENDPOINTS_FILE": str(endpoints),
           "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true", "NEWSMON_WEBHOOK_RETRY_DELAYS_S": json.dumps(schedule)}
    env.update({f"NEWSMON_{k.upper()}": str(v) for k, v in settings.model_dump(mode="json").items()
                if k.startswith(("kafka_bootstrap", "topic_"))})
    port = free_port()
    logs = [(work / f"{n}.log").open("w") for n in ("alerter", "deliverer")]
    procs = [subprocess.Popen([sys.executable, "-m", "newsmon.cli", "alert"], env={**env, "NEWSMON_HEALTH_PORT": str(port)},
                              stdout=logs[0], stderr=logs[0]),
             subprocess.Popen([sys.executable, "-m", "newsmon.cli", "deliver"], env=env, stdout=logs[1], stderr=logs[1])]
    published: dict[str, float] = {}
    lags: list[float] = []
    try:
        time.sleep(15)  # both services joined their groups
        print(f"outage: `down` answers 503 for {args.down:g} s; {args.rate:g} stories/s meanwhile", flush=True)
        started, n = time.monotonic(), 0
        with kafka_io.Publisher(settings) as publisher:
            while time.monotonic() - started < args.down:
                msg = story(10_000 + n)
                publisher.wait([publisher.send(settings.topic_enriched, msg.id, encode(msg))])
                published[msg.id] = time.monotonic()
                n += 1
                if n % 10 == 0 and (value := lag(port)) is not None:
                    lags.append(value)
                if n % 60 == 0:
                    print(f"  {time.monotonic() - started:.0f} s: {n} stories, healthy got {len(healthy.hits_for('/hook'))}",
                          flush=True)
                time.sleep(max(0.0, started + n / args.rate - time.monotonic()))
        back = len(down.hits_for("/hook"))
        down.script["/hook"] = [(200, {}, 0.0)]
        came_back = time.monotonic()
        alerts = {json.loads(r.value)["id"]: json.loads(r.value)["sources"][-1]["id"]
                  for r in kafka_io.read_topic(settings, settings.topic_alerts, timeout_s=30)}
        while time.monotonic() - came_back < args.after:
            if set(alerts) <= {h.headers["webhook-id"] for h in down.hits_for("/hook")[back:]}:
                break
            time.sleep(1)
        recovered = time.monotonic() - came_back
        first: dict[str, float] = {}
        for hit in healthy.hits_for("/hook"):
            first.setdefault(hit.headers["webhook-id"], hit.at)
        delays = [first[a] - published[s] for a, s in alerts.items() if a in first]
        missing_down = set(alerts) - {h.headers["webhook-id"] for h in down.hits_for("/hook")[back:]}
        print(f"{len(alerts)} alerts; healthy endpoint got {len(delays)}: delay p50 {pct(delays, 0.5) * 1000:.0f} ms, "
              f"p99 {pct(delays, 0.99) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms")
        print(f"alerter consumer lag during the outage: {len(lags)} samples, max {max(lags) if lags else 'none'}")
        print(f"`down` endpoint: {back} failed attempts during the outage; after it came back every alert reached it "
              f"within {recovered:.0f} s" if not missing_down else f"`down` endpoint: {len(missing_down)} alerts still "
              f"missing after {recovered:.0f} s")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
        for log in logs:
            log.close()
        healthy.close()
        down.close()
        if broker:
            broker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
