"""An attack that Urdu, Persian or Pashto name as what a suspect, a case or a plan is about, which the clause
refers to and does not report: the news is the arrest, the trial or the operation.

- Urdu and Pashto say it after the attack's word: "واہگہ حملے میں ملوث" (involved in the Wagah attack), "حملے
  کے سہولت کار" (the attack's facilitators), "حملے کا مقدمہ" (the attack's case), "د برید طراح" (the attack's
  planner), "په برید کې ښکیل" (involved in the attack), "د حملې په اړه" and "حملے کے بارے میں" (about the
  attack: a probe, a delegation).
- Persian says it before: "عاملان حمله" (the attack's perpetrators), "متهم به حمله" (accused of the attack),
  "در ارتباط با حمله" (in connection with the attack), "درباره حمله" (about the attack), or "در حمله ... دست
  داشتند" (had a hand in the attack); or the attack's site, memorial or anniversary ("محل وقوع حمله").
  "عامل" alone stays out: "عامل انتحاری" is a suicide bomber, who does the attack.
- An attack said with "no" before it ("هیچ‌گونه حمله ... صورت نگرفته", no attack took place; Pashto "هیڅ") is
  not reported either: the news is the denial.

The patterns read the text in its one form (newsmon/arabic_script.py).
"""

from __future__ import annotations

import re

from newsmon.arabic_script import unify

_AFTER = re.compile(unify(
    # Urdu: a postposition, maybe one word, then the suspect, plan or case
    r"\s*(?:میں|کے|کی|کا)\s+(?:\S+\s+)?(?:ملوث|مطلوب|ماسٹر\s*مائنڈ|سہولت\s*کار\S*|ملزم\S*|منصوبہ\s*ساز\S*|"
    r"منصوبہ\s*بندی|تحقیقات|مقدم\S*|کیس|بارے)(?!\S)"
    # Pashto: the attack's planner or perpetrators, "in it" involved, or what a probe is "about" ("په اړه")
    r"|\s*(?:طراح\S*|عاملین|عاملان|تورن\S*|شکمن\S*)(?!\S)|\s*کې\s+(?:ښکېل|لاس)(?!\S)|\s*په\s+اړه(?!\S)"
    # Persian: who had a hand in it, up to three words on
    r"|(?:\s+\S+){0,3}?\s+دست\s+داشت"))

_BEFORE = re.compile(unify(
    r"(?<!\S)(?:هیچ|هیچگونه|هیچ\s+گونه|هیڅ|"  # "no" attack
    r"عاملان|طراح|طراحان|متهم|متهمان|مظنون|مظنونان|به\s+اتهام|در\s+ارتباط\s+با|دست\s+داشتن\s+در|پرونده|"
    r"درباره|در\s+مورد|پیرامون|"
    # the site or the memory of the attack ("محل وقوع حمله", "یادبود حمله", "سالروز حمله"): a place named for it
    r"محل\s+وقوع|یادبود|سالروز|سالگرد|نام\s+شهدای|یاد\s+شهدای)"
    r"\s+(?:\S+\s+)?$"))


def referred(text: str, start: int, end: int) -> bool:
    """True when the attack's word at text[start:end] is named as what a suspect, a case or a plan is about."""
    return _AFTER.match(text, end) is not None or _BEFORE.search(text[max(0, start - 40):start]) is not None
