"""One person killed together with a counted group: "the police chief along with 15 other personnel", "15 soldiers
together with their commander", "قوماندان امنیه یکجا با 15 پرسونل امنیتی دیگر", "ولسوال ... به همراه هشت تن از
محافظانش". The count is the group; the toll is the group and the one beside it.

Pure function of one sentence's text and the counts read in it (consumers/enrich/events/units.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from consumers.enrich.events.casualties import Count
from consumers.enrich.events.numbers import NUMBER_RE
from newsmon.arabic_script import unify

_WITH = re.compile(r"(?<=\w)[\s,]+(?:along|together)\s+with\s|(?<!\w)(?:%s)(?!\w)" % "|".join(
    unify(w) for w in ("به همراه", "همراه با", "یکجا با", "یکجابا", "سره یوځای")), re.I)
# only after the group: "15 soldiers as well as their commander", "۱۵ نظامی و همچنین فرمانده این نیروها"
_ALSO = re.compile(r"\s+as\s+well\s+as\s|(?<!\w)(?:%s)(?!\w)" % "|".join(unify(w) for w in ("و همچنین", "و نیز")), re.I)
# the one beside the group, after it: "15 soldiers along with their commander" (one of them, not "with 3 others");
# in Persian a word without a plural ending ("فرمانده", not "سربازان" or "نیروها")
_ONE_AFTER = re.compile(r"^\s*(?:(?:his|her|their|the|a|an|its)\s+(?!\d)[\w-]+(?<!s)\b"
                        r"|[\u0621-\u06d3]+(?<!ها)(?<!ان)(?!\w))", re.I)
_NEAR = 60  # characters between the marker and the count, with no other figure between


def with_companion(text: str, counts: list[Count]) -> list[Count]:
    """The victims' killed counts joined to one person by "along with" or its Persian and Pashto words, plus one."""
    folded = unify(text)
    markers, also = list(_WITH.finditer(folded)), list(_ALSO.finditer(folded))
    if not markers and not also:
        return counts
    return [replace(c, value=c.value + 1) if _joined(folded, c, markers, also, counts) else c for c in counts]


def _joined(text: str, count: Count, markers: list[re.Match], also: list[re.Match], counts: list[Count]) -> bool:
    if count.kind != "killed" or count.attackers or count.update:
        return False
    for marker in markers:
        # not two counts joined ("15 soldiers along with 3 civilians": each is counted already)
        counted_before = any(o is not count and o.start < marker.start() <= o.end + _NEAR for o in counts) \
            or NUMBER_RE.search(text[max(0, marker.start() - 40):marker.start()]) is not None
        if count.start - _NEAR <= marker.end() <= count.start and not counted_before \
                and not re.search(r"\d", text[marker.end():count.start]):
            return True  # "the commander along with 15 others", "به همراه ولسوال کوهستان، 8 محافظ وی"
    for marker in markers + also:
        # the count's span may run past the marker to its verb ("۱۵ نظامی و همچنین فرمانده ... کشته")
        between = text[count.start:marker.start()]
        if count.start < marker.start() <= count.end + _NEAR and len(re.findall(r"\d+", between)) <= 1 \
                and _ONE_AFTER.match(text[marker.end():]):
            return True  # "15 soldiers along with their commander"
    return False
