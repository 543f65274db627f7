"""The stuck-retries sequence, run again and again: does every alert arrive after an endpoint outage?

Run: .venv/bin/python bench/retry_outage.py [--runs 20] [--outage 60] [--after 30] [--alerts 30] [--deliverers 1]

Each run, on fresh topics: about 30 alerts wait in the alerts topic (TTP bombings, each its own story); one
endpoint answers 503 for --outage seconds and 200 afterwards, with the retry schedule 1 s, 2 s; `newsmon deliver`
starts when the outage begins and stops --after seconds past its end; then `newsmon alerts redeliver` sends
what was dead-lettered. Printed per run: alerts, delivered, redelivered, missing (with the reports of each
missing alert); at the end, runs with nothing missing out of all runs. Starts its own broker unless
NEWSMON_TEST_BOOTSTRAP names one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsmon.broker import LocalBroker, free_port  # noqa: E402
from tests.conftest import fresh_settings  # noqa: E402
from tests.integration.outage import run_outage  # noqa: E402
from tests.integration.test_deliverer import story  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--outage", type=float, default=60.0, help="seconds the endpoint answers 503")
    parser.add_argument("--after", type=float, default=30.0, help="seconds the deliverer runs on after the outage")
    parser.add_argument("--alerts", type=int, default=30)
    parser.add_argument("--deliverers", type=int, default=1, help="deliverer processes in one group")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsmon-retry-outage-"))
    broker, bootstrap = None, os.environ.get("NEWSMON_TEST_BOOTSTRAP")
    if not bootstrap:
        broker = LocalBroker(home=work / "kafka", cache_dir=Path.home() / ".cache" / "newsmon")
        broker.home.mkdir(parents=True)
        bootstrap = broker.start(port=free_port())
    clean = 0
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            folder = work / f"run{run}"
            folder.mkdir()
            result = run_outage(fresh_settings(bootstrap), [story(n) for n in range(args.alerts)], folder,
                                outage_s=args.outage, after_s=args.after, deliverers=args.deliverers)
            clean += not result.missing
            print(f"run {run}/{args.runs}: {len(result.alerts)} alerts, {len(result.delivered)} delivered "
                  f"({result.redelivered} of them by redeliver), {len(result.missing)} missing "
                  f"[{time.monotonic() - started:.0f} s]", flush=True)
            for alert_id, trail in sorted(result.trails.items()):
                print(f"    missing {alert_id}: {' -> '.join(trail)}", flush=True)
    finally:
        if broker:
            broker.stop()
    print(f"every alert delivered in {clean} of {args.runs} runs")
    return 0 if clean == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
