"""The long run of the read-path property: many mutated pages through segmentation, enrichment and alert matching.

Run: .venv/bin/python bench/read_path_fuzz.py [--pages 100000] [--workers 2] [--first-seed 0]

Each page is `tests/page_mutations.make_page(random.Random(seed))` for consecutive seeds, so any failure can be
replayed alone from its seed. Progress every 5,000 pages; at the end the pages read, pages per second, the
alerts raised, and every distinct failure (exception, file and line) with its count and first seeds. Exits 1
when any page raised.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _work(job: tuple[int, int, int, object]) -> tuple[int, int, dict[str, list[int]]]:
    first, count, worker, queue = job
    import logging

    logging.disable(logging.WARNING)
    from tests.page_mutations import ReadPath, make_page

    path = ReadPath()
    alerts, failures = 0, {}
    for seed in range(first, first + count):
        try:
            alerts += path.read(make_page(random.Random(seed)))
        except Exception as exc:  # noqa: BLE001 - counted and reported: what this bench looks for
            where = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{exc.__class__.__name__} at {where.filename.rsplit('/', 3)[-3:]}:{where.lineno}: {str(exc)[:80]}"
            failures.setdefault(key, []).append(seed)
        if (seed - first + 1) % 1000 == 0:
            queue.put(1000)
    return count, alerts, failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--first-seed", type=int, default=0)
    args = parser.parse_args()
    per = -(-args.pages // args.workers)
    manager = multiprocessing.Manager()
    queue = manager.Queue()
    jobs = [(args.first_seed + w * per, min(per, args.pages - w * per), w, queue) for w in range(args.workers)]
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        pending = pool.map_async(_work, jobs)
        done = 0
        while not pending.ready() or not queue.empty():
            try:
                done += queue.get(timeout=1)
            except Exception:  # noqa: BLE001 - queue.Empty: nothing new yet
                continue
            if done % 5000 == 0:
                print(f"  {done} pages, {done / (time.monotonic() - started):.1f} pages/s", flush=True)
        results = pending.get()
    seconds = time.monotonic() - started
    pages = sum(r[0] for r in results)
    failures: dict[str, list[int]] = {}
    for _, _, found in results:
        for key, seeds in found.items():
            failures.setdefault(key, []).extend(seeds)
    print(f"{pages} pages in {seconds:.0f} s ({pages / seconds:.1f} pages/s, {args.workers} workers); "
          f"{sum(r[1] for r in results)} alerts raised; "
          f"{sum(len(s) for s in failures.values())} pages raised an exception")
    for key, seeds in Counter({k: len(v) for k, v in failures.items()}).most_common():
        print(f"  {seeds:6d}  {key}  (first seeds: {sorted(failures[key])[:5]})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
