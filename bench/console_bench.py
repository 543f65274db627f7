"""Console page times on a large store, against the same pages on a small store, in one run.

Run: .venv/bin/python bench/console_bench.py [--articles 100000] [--stories 20000] [--rounds 15]
Builds two stores through the console's own ingest path (EnrichedArticle and StoryState records, as the topics
carry them): a small one (1% of the size) as the baseline and the large one. Articles are synthetic, in English,
Urdu, Persian and Pashto words, spread over a year, five to a story on average, with actors, places, tolls and
evidence offsets. Then each page is fetched over HTTP from the real server (Waitress on loopback) `rounds` times;
printed: p50, p95 and max milliseconds per page and store, and the large/small ratio of the p50s.
Target: every page under 200 ms at 100,000 articles and 20,000 stories.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from tqdm import tqdm  # noqa: E402
from waitress import create_server  # noqa: E402

from consumers.catalog import load_catalog  # noqa: E402
from consumers.console.ingest import rows_for  # noqa: E402
from consumers.console.store import Store  # noqa: E402
from consumers.console.web.app import ConsoleApp, Context  # noqa: E402
from consumers.console.web.guard import Guard  # noqa: E402
from newsmon.messages import (  # noqa: E402
    Actor,
    EnrichedArticle,
    EventFacts,
    Evidence,
    Perpetrator,
    Place,
    RawArticle,
    StoryArticle,
    StoryState,
)

WORDS = {
    "en": ("attack police checkpoint militants district officials said killed injured blast security forces "
           "convoy province border talks delegation arrested suspects claimed responsibility market mosque "
           "highway levies operation hideout commander statement government minister").split(),
    "ur": "حملہ پولیس چوکی عسکریت پسند ضلع حکام مطابق جاں بحق زخمی دھماکہ سیکیورٹی فورسز قافلہ صوبہ سرحد مذاکرات گرفتار".split(),
    "fa": "حمله پلیس ایست شبه نظامیان ولسوالی مقامات گفتند کشته زخمی انفجار نیروهای امنیتی کاروان ولایت مرز مذاکرات".split(),
    "ps": "برید پولیس پوسته وسله وال ولسوالۍ چارواکو وویل ووژل ټپیان چاودنه امنیتي ځواکونه کاروان ولایت پوله خبرې".split(),
}
PLACES = [("Quetta", "Balochistan", "PK"), ("Kech", "Balochistan", "PK"), ("Bannu", "Khyber Pakhtunkhwa", "PK"),
          ("Peshawar", "Khyber Pakhtunkhwa", "PK"), ("Karachi", "Sindh", "PK"), ("Kabul", "Kabul", "AF"),
          ("Jalalabad", "Nangarhar", "AF"), ("Zahedan", "Sistan and Baluchestan", "IR"), ("Srinagar", "Jammu and Kashmir", "IN")]
EVENTS = ["armed-assault", "bombing", "suicide-bombing", "arrest", "talks", "kidnapping", "targeted-killing"]
T_END = datetime(2026, 11, 30, tzinfo=timezone.utc)


def sentence(rng: random.Random, lang: str, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def build(path: Path, n_articles: int, n_stories: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    groups = [a.id for a in load_catalog().actors.values() if a.kind == "group"][:40]
    store = Store(path)
    batch, offset = [], 0
    per_story = [1] * n_stories
    for _ in range(n_articles - n_stories):
        per_story[rng.randrange(n_stories)] += 1
    with tqdm(total=n_articles, desc=f"store {path.name}", unit="article", mininterval=2) as bar:
        for s in range(n_stories):
            lang = rng.choices(["en", "ur", "fa", "ps"], [70, 10, 10, 10])[0]
            place = rng.choice(PLACES)
            actor = rng.choice(groups)
            killed = rng.choice([None, None, 0, 1, 2, 3, 5, 8, 13])
            start = T_END - timedelta(days=rng.random() * 365)
            articles = []
            for k in range(per_story[s]):
                toll = sentence(rng, lang, 10)
                title = sentence(rng, lang, 9)[:-1]
                body = "\n\n".join([toll] + [sentence(rng, lang) for _ in range(12)])
                at = start + timedelta(hours=k * rng.random() * 6)
                begin = len(title) + 2
                event = EventFacts(type=rng.choice(EVENTS), killed=killed, injured=killed and killed * 2,
                                   where=Place(name=place[0], admin1=place[1], country=place[2]),
                                   perpetrator=Perpetrator(actor=actor, name=actor, basis="claimed"),
                                   evidence=(Evidence(fact="killed", sentence=toll, start=begin,
                                                      end=begin + len(toll)),) if killed is not None else ())
                raw = RawArticle(id=f"a{s}-{k}", title=title, body=body, source=rng.choice(["dawn", "tolo", "bbc"]),
                                 source_kind="feed", published=at, outlet="Outlet")
                actors = (Actor(id=actor, name=actor, kind="group", role="perpetrator"),
                          Actor(id=place[2], name=place[2], kind="state", role="target"))
                articles.append(EnrichedArticle(id=raw.id, produced_at=at, article=raw, language=lang, event=event,
                                                actors=actors))
            state = StoryState(id=f"s{s}", produced_at=articles[-1].produced_at, route=place[2],
                               articles=tuple(StoryArticle(id=a.id, title=a.article.title, first_seen=a.produced_at,
                                                           language=a.language) for a in articles),
                               event=articles[0].event, actors=articles[0].actors, revision=rng.choice([0, 1, 2]),
                               severity=rng.choice(["low", "medium", "high", "critical"]),
                               updated=articles[-1].produced_at)
            for msg in [*articles, state]:
                batch.append(("bench", 0, offset, rows_for(msg)))
                offset += 1
            bar.update(len(articles))
            if len(batch) >= 2000:
                store.apply(batch)
                batch = []
        store.apply(batch)
    return store


def serve(store: Store):
    app = ConsoleApp(Context(store=store, guard=Guard(token=None, host="127.0.0.1"), catalog=load_catalog()))
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def pages(store: Store) -> dict[str, str]:
    conn = store.reader()
    busiest = conn.execute("SELECT actor_id FROM story_actors GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    biggest = conn.execute("SELECT id FROM stories ORDER BY article_count DESC LIMIT 1").fetchone()[0]
    return {
        "board": "/", "board, actor filter": f"/?actor={busiest}", "board, country+severity": "/?country=PK&severity=high",
        "board, language+7d": "/?language=ur&range=7d", "board, page 50": "/?page=50",
        "story (largest)": f"/story/{biggest}", "story (typical)": "/story/s17",
        "search, common word": "/search?q=police", "search, two words": "/search?q=convoy+levies",
        "search, urdu": "/search?q=%D8%AF%DA%BE%D9%85%D8%A7%DA%A9%DB%81", "search + filters": "/search?q=attack&country=AF&severity=medium",
        "actor (busiest)": f"/actor/{busiest}", "health": "/health", "live board (unchanged)": "/board/live?since=-1",
    }


def measure(base: str, paths: dict[str, str], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in paths}
    with httpx.Client(timeout=30) as client:
        for name, path in paths.items():
            client.get(base + path).raise_for_status()  # warm
        for _ in range(rounds):
            for name, path in paths.items():
                t0 = time.perf_counter()
                client.get(base + path).raise_for_status()
                times[name].append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = build(Path(tmp) / "small.sqlite", max(args.articles // 100, 50), max(args.stories // 100, 10))
        large = build(Path(tmp) / "large.sqlite", args.articles, args.stories)
        size_mb = (Path(tmp) / "large.sqlite").stat().st_size / 1e6
        results = {}
        for label, store in (("small", small), ("large", large)):
            _server, base = serve(store)  # left running until the process ends: closing races Waitress's trigger
            results[label] = measure(base, pages(store), args.rounds)
    print(f"\nconsole pages over HTTP, {args.rounds} rounds; large store: {args.articles:,} articles, "
          f"{args.stories:,} stories, {size_mb:.0f} MB; baseline: {args.articles // 100:,} articles, "
          f"{args.stories // 100:,} stories")
    print(f"{'page':<28}{'small p50':>10}{'large p50':>10}{'p95':>8}{'max':>8}{'ratio':>7}")
    worst = 0.0
    for name, large_times in results["large"].items():
        small_p50 = statistics.median(results["small"][name])
        p50 = statistics.median(large_times)
        p95 = sorted(large_times)[int(0.95 * (len(large_times) - 1))]
        worst = max(worst, max(large_times))
        print(f"{name:<28}{small_p50:>10.1f}{p50:>10.1f}{p95:>8.1f}{max(large_times):>8.1f}{p50 / small_p50:>7.1f}")
    print(f"slowest single page: {worst:.0f} ms (target < 200 ms): {'PASS' if worst < 200 else 'FAIL'}")
    return 0 if worst < 200 else 1


if __name__ == "__main__":
    sys.exit(main())
