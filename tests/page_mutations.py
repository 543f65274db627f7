"""Pages built from the gold set and the seeds, mutated the ways real pages break, for the read path's fuzzing.

`make_page(rng, corpus)` takes one to three source texts and does some of: shuffle and drop paragraphs (the lead
too), insert random words, numbers (Latin and Arabic-Indic digits, number words), dates and names in English,
Urdu, Persian and Pashto, add empty and whitespace-only parts and invisible characters, glue sentences into one
very long sentence, cut the page mid-word, repeat paragraphs, or keep only a headline. Used by
tests/unit/test_read_path_fuzz.py (Hypothesis hands it a seeded Random) and bench/read_path_fuzz.py (a long run).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

NUMBER_WORDS = {
    "en": "one two three four five six seven eight nine ten eleven twelve dozen twenty thirty hundred".split(),
    "ur": "ایک دو تین چار پانچ چھ سات آٹھ نو دس گیارہ بارہ درجن بیس تیس سو".split(),
    "fa": "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده بیست سی صد".split(),
    "ps": "یو دوه درې څلور پنځه شپږ اووه اته نهه لس یوولس دولس شل دېرش سل".split(),
}
COUNTERS = {"en": ["people", "soldiers", "militants", "policemen", "others"], "ur": ["افراد", "اہلکار", "شدت پسند"],
            "fa": ["تن", "نفر", "سرباز"], "ps": ["تنه", "کسان", "سرتېري"]}
VERBS = {"en": ["killed", "wounded", "injured", "arrested", "claimed", "denied", "attacked"],
         "ur": ["جاں بحق", "زخمی", "ہلاک", "گرفتار", "ذمہ داری قبول"], "fa": ["کشته", "زخمی", "بازداشت", "مسئولیت"],
         "ps": ["ووژل", "ټپیان", "ونیول", "مسؤلیت"]}
DATES = ["12 March 2024", "March 12, 2024", "2024-03-12", "12/03/2024", "Tuesday", "last week", "on Oct. 11",
         "۱۲ مارچ ۲۰۲۴", "۱۴۰۳/۱۲/۲۲", "د ۱۴۰۳ کال د حمل ۲۲مه", "31 February 2023", "0 January 0001", "9999-99-99"]
NAMES = ["TTP", "Tehreek-e-Taliban Pakistan", "ISKP", "Daesh", "BLA", "Majeed Brigade", "Jaish al-Adl", "Haqqani",
         "Lashkar-e-Taiba", "TRF", "Fitna al-Khawarij", "Peshawar", "Bannu", "Turbat", "Kabul", "Khost", "Torkham",
         "Zahedan", "Sangin", "Georgia", "Isis", "تحریک طالبان پاکستان", "داعش", "بلوچ لبریشن آرمی", "جیش العدل",
         "پشاور", "کابل", "خوست", "تورخم", "سنگین", "شام", "پاک افغان", "طالبان", "د پاکستان طالبان", "خوارج"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00a0", "\u2028", "\u202e", "\x00", "\t"]
DIGITS = {"latin": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}


@dataclass(frozen=True)
class Source:
    """One text to build pages from."""

    title: str
    body: str


@lru_cache(maxsize=1)
def corpus() -> tuple[Source, ...]:
    """The gold cases, the story streams' articles and the seed pages."""
    found = []
    for path in sorted((ROOT / "tests" / "gold").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append(Source(str(data["title"]), str(data["body"])))
    for path in sorted((ROOT / "tests" / "gold" / "streams").glob("*.yaml")):
        for article in yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]:
            found.append(Source(str(article["title"]), str(article["body"])))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n")
        found.append(Source(head.strip(), rest))
    return tuple(found)


def _number(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(NUMBER_WORDS[rng.choice(list(NUMBER_WORDS))])
    digits = DIGITS[rng.choice(list(DIGITS))]
    value = str(rng.choice([0, 1, 2, 7, 10, 11, 70, 100, 1000, 2024, 99999999, rng.randint(0, 10 ** rng.randint(1, 12))]))
    return "".join(digits[int(c)] for c in value) + rng.choice(["", "", "+", "%", ",000", ".5", "-"])


def _noise(rng: random.Random, words: list[str]) -> str:
    """A short run of random material in any of the four languages."""
    lang = rng.choice(list(NUMBER_WORDS))
    parts = []
    for _ in range(rng.randint(1, 12)):
        pick = rng.random()
        if pick < 0.3:
            parts.append(rng.choice(words))
        elif pick < 0.45:
            parts.append(_number(rng))
        elif pick < 0.55:
            parts.append(rng.choice(DATES))
        elif pick < 0.7:
            parts.append(rng.choice(NAMES))
        elif pick < 0.8:
            parts.append(rng.choice(COUNTERS[lang]))
        elif pick < 0.9:
            parts.append(rng.choice(VERBS[lang]))
        else:
            parts.append(rng.choice(INVISIBLE) + rng.choice(words))
    return " ".join(parts)


def make_page(rng: random.Random, sources: tuple[Source, ...] | None = None) -> str:
    """One mutated page: a headline line, a blank line, paragraphs."""
    sources = sources or corpus()
    picked = [rng.choice(sources) for _ in range(rng.randint(1, 3))]
    title = rng.choice(picked).title
    paragraphs = [p for s in picked for p in s.body.split("\n\n")]
    words = [w for p in paragraphs for w in p.split()] or ["word"]
    if rng.random() < 0.05:  # a headline only
        return title + rng.choice(["", "\n", "\n\n", "\n\n \n"])
    if rng.random() < 0.4:
        rng.shuffle(paragraphs)
    if rng.random() < 0.5:
        paragraphs = [p for i, p in enumerate(paragraphs) if rng.random() < 0.7 or (i and rng.random() < 0.5)]
    for _ in range(rng.choice([0, 0, 1, 2, 5])):  # random material inside paragraphs
        if paragraphs:
            i = rng.randrange(len(paragraphs))
            cut = rng.randint(0, len(paragraphs[i]))
            paragraphs[i] = paragraphs[i][:cut] + " " + _noise(rng, words) + " " + paragraphs[i][cut:]
    if rng.random() < 0.2:  # whole paragraphs of it
        paragraphs.insert(rng.randint(0, len(paragraphs)), _noise(rng, words) + rng.choice([".", "۔", "", "!"]))
    if rng.random() < 0.15:  # empty and whitespace-only parts
        for _ in range(rng.randint(1, 4)):
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(["", " ", "\t", "\u200b", "   \n  ", "."]))
    if rng.random() < 0.1 and paragraphs:  # one very long sentence
        glued = ", ".join(p.rstrip(".۔") for p in paragraphs for _ in range(rng.randint(1, 6)))
        paragraphs = [glued.replace(". ", ", ").replace("۔ ", "، ")]
    if rng.random() < 0.1 and paragraphs:  # a repeated paragraph
        paragraphs.append(rng.choice(paragraphs))
    if rng.random() < 0.1:
        title = rng.choice(["", " ", _noise(rng, words), title.upper(), title * 3])
    page = title + "\n\n" + "\n\n".join(paragraphs)
    if rng.random() < 0.1:  # cut mid-word
        page = page[: rng.randint(0, len(page))]
    return page


class ReadPath:
    """Segmentation, enrichment and alert matching, as `newsmon rules test` runs them, for one page at a time."""

    def __init__(self) -> None:
        from consumers.alert.rules import DEFAULT_RULES_FILE, default_known, load_rules
        from consumers.alert.step import AlertStep
        from consumers.enrich.enricher import Enricher

        known = default_known()
        self.enricher = Enricher.load(catalog=known.catalog)
        self.step = AlertStep(rules=load_rules(DEFAULT_RULES_FILE, known=known), known=known, output_topic="alerts",
                              stories_topic="stories", similarity=0.5, story_window_s=72 * 3600.0)

    def read(self, page: str) -> int:
        """The alerts one page raises; any exception is a defect of the read path."""
        from producers.replay.replayer import articles_from_page

        alerts = 0
        for enriched in self.enricher.enrich_batch(articles_from_page(page, source="fuzz")):
            alerts += sum(getattr(o, "topic", None) == "alerts" for outs in self.step.handle([enriched]) for o in outs)
        return alerts
