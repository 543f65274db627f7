"""Segment a saved news page (plain text) into its articles, without the page's boilerplate.

Pure functions of strings: no I/O. jusText classifies each paragraph as content or boilerplate
(length, stop-word density and context); producers/data/page_rules.toml adds the site furniture
it cannot know about (datelines, date lines, share widgets, related-story lists).

A page may hold several articles. Each begins at a dateline ("ISLAMABAD: ...") or, when the page
has none, at its first content paragraph. Its title is the headline-like line before the body
that the page repeats most (sites print the headline several times), else the nearest one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html import escape

import justext

from newsmon.arabic_script import unify
from producers.replay.page_dates import parse_date
from producers.replay.lines import first_sentence, headline_like, short_sentence
from producers.replay.page_rules import PageRules, load_rules

_BULLET = re.compile(r"^[•·▪●◦‣\-*]\s*")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_SENTENCE_END_MARKS = (".", "!", "?", "\"", "”", "’", ")", "۔", "؟")
# a dateline saved on its own line, above the lead it opens: "KABUL, Afghanistan", "PESHAWAR (AP) —"
_PLACE_LINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][A-Za-z.' ]{1,40})?\s*(?:\(\w+\))?\s*[:—–-]?\s*$")


@dataclass(frozen=True)
class ArticleDraft:
    """One article found in a page, before it becomes a RawArticle."""

    title: str
    body: str
    summary: str = ""
    dateline: str | None = None
    published: datetime | None = None
    outlet: str | None = None


@dataclass
class _Para:
    text: str
    good: bool
    kinds: set[str] = field(default_factory=set)


def clean_text(text: str) -> str:
    """Normalise Unicode, drop control and stray combining characters (not the joiners Persian writes words
    with), keep line structure."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\t\u200c\u200d" or not (cat.startswith("C") or (cat == "Mn" and not kept)):
            kept.append(ch)
    return "".join(kept)


def _paragraphs(text: str) -> list[str]:
    lines = (re.sub(r"\s+", " ", line).strip() for line in clean_text(text).split("\n"))
    # A line with fewer than two letters is a stray mark, not text.
    return [line for line in lines if len(_LETTERS.findall(line)) >= 2]


@lru_cache(maxsize=2)
def _stoplist(arabic_script: bool) -> frozenset[str]:
    """jusText's stop words for the page's script: English, or Urdu and Persian together (it has no Pashto list,
    and Pashto shares many function words with them; a few of its own are added)."""
    if not arabic_script:
        return frozenset(justext.get_stoplist("English"))
    return frozenset(justext.get_stoplist("Urdu")) | frozenset(justext.get_stoplist("Persian")) | _PASHTO_STOP


_PASHTO_STOP = frozenset("د په او چې دا له سره ته کې یې هم شوي شول ده دي وو خو ولې نه پر".split())


_SENTENCE_END = re.compile(r"[۔.!?؟]\s*$")


def _classify(paras: list[str], rules: PageRules) -> list[_Para]:
    html = "<html><body>" + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</body></html>"
    letters = "".join(paras)[:4000]
    arabic = len(_ARABIC.findall(letters)) > 0.5 * max(1, len(_LETTERS.findall(letters)))
    verdicts = justext.justext(html, _stoplist(arabic))
    out = []
    for text, verdict in zip(paras, verdicts):
        para = _Para(text, verdict.class_type == "good")
        if _dateline(text, rules):
            para.kinds.add("dateline")
        elif _PLACE_LINE.match(text):
            para.kinds.add("place")
        if _BULLET.match(text):
            para.kinds.add("bullet")
        if any(p.search(text) for p in rules.skip):
            para.kinds.add("skip")
        if any(p.search(text) for p in rules.date_line) or parse_date(text, strict=True):
            para.kinds.add("date")
        if any(p.search(text) for p in rules.end):
            para.kinds.add("end")
        if not para.kinds and headline_like(text):
            para.kinds.add("headline")
        out.append(para)
    if len(out) > 1 and "date" in out[1].kinds and len(out[0].text.split()) <= 40 and (not out[0].kinds or (
            out[0].kinds == {"dateline"} and (not out[0].text.rstrip().endswith(_SENTENCE_END_MARKS)
                                              or out[0].text.rstrip().endswith(("?", "؟"))))):
        # a saved page's own headline, above its date line, whatever its form ("J-K: NC leader condemns attack" is
        # a headline with a label, not a dateline; "جنوبی وزیرستان: ... کون تھے؟" is one that asks)
        out[0].kinds = {"headline"}
    elif len(out) > 1 and out[0].kinds <= {"dateline"} and _ARABIC.search(out[0].text) and not out[1].kinds \
            and 6 <= len(out[0].text.split()) <= 16 and len(out[1].text.split()) >= 2 * len(out[0].text.split()) \
            and not out[0].text.rstrip().endswith((",", "،")):
        # a page's first line in the Arabic script, of six to sixteen words, over a paragraph twice its length that
        # opens with no dateline: the headline ("تربت: فورسز چوکی پر حملہ ... ۔ بی ایل ایف" over the group's
        # statement); not a source's line that ends on a comma ("به گزارش پارس نیوز،")
        out[0].kinds = {"headline"}
    return out


def _dateline(text: str, rules: PageRules) -> bool:
    """A paragraph that opens an article body with a dateline: "ISLAMABAD: ...". In the Arabic script, where a
    headline is often "place: ..." too, a place and a colon before prose of twelve words or more ending a
    sentence, unless the word before the colon says someone spoke ("وی بیان کرد: ...": a quote, not a dateline)."""
    match = rules.dateline.match(text)
    if match is None or text[:1].isascii():
        return match is not None
    place = unify(match.group("place") or "").split()
    return bool(place) and place[-1] not in rules.said and len(text.split()) >= 12 and _SENTENCE_END.search(text) is not None


def _date_of(para: _Para, rules: PageRules) -> datetime | None:
    for pattern in (*rules.date_line, *rules.outlet_line):
        match = pattern.search(para.text)
        if match and match.groupdict().get("date"):
            return parse_date(match.group("date"))
    return parse_date(para.text, strict=True)


def _starts(paras: list[_Para]) -> list[int]:
    datelines = [i for i, p in enumerate(paras) if "dateline" in p.kinds and _opens(paras, i)]
    if datelines:
        return datelines
    first = next((i for i, p in enumerate(paras) if p.good and not p.kinds - {"headline"} and len(p.text.split()) >= 12
                  and not ("headline" in p.kinds and "date" in paras[min(i + 1, len(paras) - 1)].kinds)), None)
    if first is not None:
        first = _lead_above(paras, first)
    if first is None:
        # A wire flash or a feed summary is too short for jusText to call content: its first prose paragraph
        # (a sentence that ends like one, or a long line) starts the article.
        usable = [i for i, p in enumerate(paras) if not p.kinds & {"skip", "date", "end"} and _prose(p.text)]
        # A sentence that ends like one beats a long headline (Persian and Urdu headlines run to twelve words).
        # A headline that ends on a quote mark ('... "at least 10 killed"') is no sentence of the body.
        ended = [i for i in usable if paras[i].text.rstrip().endswith(_SENTENCE_END_MARKS)]
        fallback = ended[0] if ended else usable[0] if usable else None
        first = next((i for i in ended if "headline" not in paras[i].kinds), fallback)
    if first is None:
        # Nothing but headlines: a flash ("A roadside bomb kills 35 and injures 27") is its own body.
        first = next((i for i in reversed(range(len(paras))) if "headline" in paras[i].kinds), None)
    return [] if first is None else [first]


def _opens(paras: list[_Para], at: int) -> bool:
    """A dateline opens an article under a headline, a date line, a standfirst or another article's end, or with
    no prose before it; right after prose it is a sentence of that article ("TTP — who are also known as ...")."""
    before = next((p for p in reversed(paras[:at]) if "skip" not in p.kinds), None)
    return before is None or bool(before.kinds & {"headline", "date", "end", "bullet"}) or not (
        before.good or _prose(before.text))


def _lead_above(paras: list[_Para], first: int) -> int:
    """The body starts higher when prose jusText judged poor (a lead dense with figures) sits right under the
    headline or the date line, above the first paragraph it judged good. Each must end as a sentence does, but for
    the one right under the headline or date line (a saved lead cut short, or closed with a comma). A dateline
    saved on its own line ("KABUL, Afghanistan") above such prose is where the body starts too."""
    start = first
    while start > 1 and first - start < 10 and not paras[start - 1].kinds and _prose(paras[start - 1].text) and (
            paras[start - 1].text.rstrip().endswith(_SENTENCE_END_MARKS)
            or paras[start - 2].kinds & {"headline", "date"}):
        start -= 1
    return start if start < first and paras[start - 1].kinds & {"headline", "date", "place"} else first


def _prose(text: str) -> bool:
    words = len(text.split())
    return words >= 5 and (text.rstrip().endswith(_SENTENCE_END_MARKS) or words >= 12)


def _title(paras: list[_Para], lo: int, hi: int) -> tuple[str | None, int]:
    """The title of the article whose body starts at hi, searched in paras[lo:hi]."""
    candidates = [(i, p.text) for i, p in enumerate(paras[lo:hi], lo) if "headline" in p.kinds]
    if not candidates:
        return None, hi
    counts = Counter(text for _, text in candidates)
    best = max(counts.values())
    # a headline with its date line right under it is the header; a headline-like line below the date line is the
    # standfirst ("Suicide attacks dropped to lowest in 2014" / date / "Peshawar, Karachi were worst hit")
    dated = [text for i, text in candidates if counts[text] == best and _dated(paras, i, hi)]
    title = dated[-1] if dated else next(text for _, text in reversed(candidates) if counts[text] == best)
    first_at = next(i for i, text in candidates if text == title)
    return title, first_at


def _dated(paras: list[_Para], at: int, hi: int) -> bool:
    """The next paragraph under paras[at] that is not furniture, before hi, is a date line."""
    below = next((p for p in paras[at + 1:hi] if "skip" not in p.kinds), None)
    return below is not None and "date" in below.kinds


def segment_page(text: str, *, rules: PageRules | None = None) -> list[ArticleDraft]:
    """Split one saved page into its articles; boilerplate is dropped."""
    rules = rules or load_rules()
    paras = _classify(_paragraphs(text), rules)
    starts = _starts(paras)
    heads: list[tuple[str | None, int]] = []
    prev_end = 0
    for start in starts:
        heads.append(_title(paras, prev_end, start))
        prev_end = start + 1
    # A date above the first headline belongs to the whole page (e.g. a masthead date).
    masthead = paras[: heads[0][1]] if heads else []
    page_date = next((d for p in masthead if "date" in p.kinds and (d := _date_of(p, rules))), None)
    drafts = []
    for k, start in enumerate(starts):
        title, head_at = heads[k]
        stop = heads[k + 1][1] if k + 1 < len(starts) else len(paras)
        draft = _build(paras, rules, title=title, head=(head_at, start), body=(start, stop))
        if draft is not None:
            if draft.published is None and page_date is not None:
                draft = ArticleDraft(**{**draft.__dict__, "published": page_date})
            drafts.append(draft)
    return drafts


def _build(
    paras: list[_Para], rules: PageRules, *, title: str | None, head: tuple[int, int], body: tuple[int, int]
) -> ArticleDraft | None:
    summary, published, outlet, dateline = [], None, None, None
    for p in paras[head[0] : head[1]]:
        if "bullet" in p.kinds:
            summary.append(_BULLET.sub("", p.text))
        elif "headline" in p.kinds and p.text != title and published is not None:
            summary.append(p.text)  # a standfirst under the headline and its date line
        elif "date" in p.kinds and published is None:
            published = _date_of(p, rules)
    lines = []
    for i in range(*body):
        p = paras[i]
        if i > body[0] and ("end" in p.kinds or (not p.good and len(p.text.split()) < 6 and not p.text.isupper()
                                                 and not short_sentence(p.text))):
            for pattern in rules.outlet_line:
                match = pattern.search(p.text)
                if match:
                    outlet = match.group("outlet").strip()
                    published = published or _date_of(p, rules)
            break
        if "date" in p.kinds and i <= body[0] + 2 and published is None:
            published = _date_of(p, rules)  # a date line right under a headline the body begins with
        if p.kinds & {"skip", "date"} or (p.text == title):
            continue
        if "bullet" in p.kinds:
            summary.append(_BULLET.sub("", p.text))
            continue
        if i == body[0] and "dateline" in p.kinds:
            place = rules.dateline.match(p.text).group("place").strip(" .")
            dateline = place.title()
            text = p.text[rules.dateline.match(p.text).end() - 1 :].strip()
            lines.append(text)
            continue
        lines.append(p.text)
    if not lines and title is not None and body[1] > body[0]:
        lines = [title]  # a headline-only flash
    if not lines:
        return None
    if title is None:
        title = first_sentence(lines[0])
    return ArticleDraft(
        title=title,
        body="\n\n".join(lines),
        summary="\n".join(summary),
        dateline=dateline,
        published=published,
        outlet=outlet,
    )
