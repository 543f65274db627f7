"""Where an event happened, among the places its clauses name: a place written as a location ("in Quetta") beats
one named in passing; a place named as a topic, an origin, the setting's neighbour or where the wounded were taken is not the setting, nor is
a report's dateline ("اسلام آباد (نیوز ڈیسک)", where the report was filed) while another place of its country is.

Pure function of the event's clauses; sets the event's `where` and its evidence.
"""

from __future__ import annotations

import re
from typing import Protocol

from consumers.enrich.events.units import PlaceMention, Unit
from newsmon.arabic_script import unify


class Event(Protocol):
    """What of an event (assemble.Event) its place is read from and into."""

    units: list[Unit]
    where: PlaceMention | None
    evidence: dict[str, Unit]


_PLACE_RANK = {"city": 0, "district": 0, "landmark": 0, "town": 0, "region": 1, "admin1": 2, "country": 3}

# "from" is not among them, nor may it come between: it names where people or fire came from ("pilgrims from
# Delhi", "a convoy on its way from Islamabad"), not where the event happened. Up to seven words may come between
# ("in Bisham tehsil of Khyber Pakhtunkhwa's Shangla", "in the remote Machedi area of Jammu and Kashmir's Kathua",
# "of J&K's Gulmarg"), but no word that starts another phrase ("agree on joint patrols after Saravan killings").
_LOCATIVE = re.compile(r"(?<!situation )(?<!developments )(?<!crisis )(?<!security )\b(?:in|at|near|outside|inside|on|into|"
                       r"across|off)\s+(?:the\s+)?(?:(?!(?:from|to|towards?|after|before|for|with|against|amid|following|during|since|by)\s)"
                       r"[\w'’()&.-]+\s+){0,7}$", re.I)


# A country named as the topic ("a meeting on the situation in Afghanistan", "talks on Afghanistan") or as where
# the participants come from ("intelligence heads from Russia"), or a place used as an adjective ("the strategic
# Red Sea country"), is not where the event happened.
_TOPIC = re.compile(r"\b(?:(?:situation|developments|crisis|peace|stability|future|affairs|policy|question|terrorism|"
                    r"militancy|threats?|violence|insurgency|extremism|instability)[”\"’']?\s+(?:in|of|on|from)"
                    r"(?:\s+the\s+region(?:\s+and|,))?"
                    r"|(?:meeting|talks|conference|dialogue|envoy|summit)\s+on"
                    r"|(?:heads?|chiefs?|officials?|delegations?|ministers?|envoys?|representatives?|counterparts?)\s+"
                    r"(?:from|of)(?:\s+[\w'’-]+,?(?:\s+and)?){0,3})\s+(?:the\s+)?$", re.I)
# Where the people hit came from, whatever the place ("a bus carrying pilgrims from Uttar Pradesh and Delhi").
_ORIGIN = re.compile(r"\b(?:pilgrims|devotees|tourists|visitors|passengers|workers|labou?rers|traders|migrants|students|"
                     r"worshippers|people|residents|natives)\s+from(?:\s+[\w'’-]+,?(?:\s+and)?){0,3}\s+(?:the\s+)?$", re.I)
# Where a report came from, in Persian: "به گزارش خبرگزاری ... از اسلام‌آباد" (reporting from Islamabad)
_REPORTED_FROM = re.compile(unify("به گزارش") + r"[^.،:]{0,60}(?<!\w)" + unify("از") + r"\s*$")
# Where the wounded were taken ("hospitalised in Srinagar, about 70 km away"; "died in hospitals in Peshawar") is
# not where it happened.
_TAKEN_TO = re.compile(r"\b(?:(?:hospitali[sz]ed|admitted|treated|taken|shifted|rushed|airlifted|evacuated|referred|"
                       r"transferred)\s+(?:to|in|at)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}"
                       r"|hospitals?\s+(?:in|at)\s+(?:the\s+)?)$", re.I)
# A place named as the setting's neighbour ("the police station in Lakki Marwat bordering the South Waziristan
# district") is not the setting; "in the adjoining Khyber district" is.
_NEIGHBOUR = re.compile(r"(?<!the )(?<!in )\b(?:bordering|borders|adjoining|adjacent\s+to)\s+(?:the\s+)?$", re.I)
_AS_ADJECTIVE = re.compile(r"^\s+(?:country|nation|state|countries|nations|states)\b", re.I)
# a place that speaks is its government, not a setting: "Tehran said the militants crossed over from Pakistan"
_SPEAKS = re.compile(r"^\s+(?:has\s+|had\s+|also\s+)?(?:said|says|told|accused|blamed|urged|demanded|warned|denied|"
                     r"rejected|condemned|claimed|called\s+on|asked)\b", re.I)
_HOSTS = re.compile(r"^\s+(?:hosts|hosted|is\s+hosting|will\s+host|to\s+host)\b", re.I)  # "Pakistan hosts a meeting": there


# Where the report was filed: the place that opens the lead, set off by a bracket, a colon or a dash ("اسلام آباد
# (نیوز ڈیسک)", "LAHORE: ", "QUETTA, Pakistan (AP) — ").
_DATELINE = re.compile(r"^\s*(?:\(|:|[—–-]\s)|^,\s+(?:[A-Z][\w ]+?\s*)?(?:\([^)]*\)\s*)?[—–:-]\s")


# A place that names a road ("on the Srinagar-Jammu national highway in Kulgam district", "Quetta-Karachi highway"):
# where the road goes, not where on it the event happened; it gives way to any other place the clauses name.
_ROAD_AFTER = re.compile(r"^(?:[-–][\w]+)?\s+(?:national\s+|main\s+|old\s+)?(?:highway|road|motorway|expressway|"
                         r"railway\s+line|rail\s+line|link\s+road)\b", re.I)


# A province or a country named as one side of a border ("near KP border", "on the Punjab and Khyber Pakhtunkhwa
# border"): where the border runs, not where near it the event happened.
_BORDER_SIDE = re.compile(r"^(?:\s+and\s+(?:[\w'’-]+\s+){1,3}?)?\s*(?:border|frontier)\b", re.I)
# A place in the name of a company that works elsewhere ("near the Kabul Bank in ... Lashkar Gah", "نوي کابل بانک"):
# the company, not a place.
_COMPANY_AFTER = re.compile(r"^\s+(?:Bank|Airlines|Airways|Electric)\b|^\s*%s(?!\w)" % unify("بانک"))


def _names_another(place: PlaceMention, unit: Unit) -> bool:
    """The place names a road, a border it is one side of, or a company: it gives way to any other place."""
    after = _around(place, unit, 0)[1]
    return _ROAD_AFTER.match(after) is not None or _COMPANY_AFTER.match(unify(after)) is not None or (
        place.kind in ("admin1", "country", "region") and _BORDER_SIDE.match(after) is not None)


_MEIN = re.compile(r"^\s*" + unify("میں") + r"(?!\w)")  # Urdu "بولان میں", in Bolan (in the one form)


# the event set in a country: "at Negour area of Iran", "in Afghanistan" (not "in Afghanistan's government")
_IN_COUNTRY = re.compile(r"\b(?:in|at|near|inside)\s+(?:[\w-]+\s+){0,4}$", re.I)
_AS_OWNER = re.compile(r"^(?:['’]s\b|-)")


def _dateline(place: PlaceMention, unit: Unit) -> bool:
    before, after = _around(place, unit, 60)
    return unit.section == "lead" and not before.strip() and _DATELINE.match(after) is not None


def _around(place: PlaceMention, unit: Unit, width: int) -> tuple[str, str]:
    """The `width` characters of the place's sentence before it, and the rest of the sentence after it."""
    text, offset = unit.sentence.text, unit.sentence.start
    return text[max(0, place.start - offset - width): place.start - offset], text[place.end - offset:]


def place_of(event: Event) -> None:
    """Where: a place written as a location ("in Quetta", "near the border at Torkham") beats one named in
    passing ("Pakistan-Russia talks"); then the more specific; then the first. Kept within one country."""
    def setting(place, unit) -> bool:
        before, after = _around(place, unit, 40)
        return not ((place.kind == "country" and _TOPIC.search(before)) or _ORIGIN.search(before)
                    or _REPORTED_FROM.search(unify(_around(place, unit, 100)[0]))
                    or _TAKEN_TO.search(before) or _NEIGHBOUR.search(before) or _AS_ADJECTIVE.match(after) or _SPEAKS.match(after))

    named = [(p, u) for u in event.units for p in u.places if setting(p, u)]
    if not named:
        return

    # the dateline gives way to another place of its country ("اسلام آباد (نیوز ڈیسک) ضلع کیچ میں ..."), not to a
    # place abroad, which a report filed at home names for other reasons, nor when the report names it again
    datelines = {id(place) for place, unit in named if _dateline(place, unit)
                 and not any(other is not place and other.name == place.name for other, _ in named)
                 and any(other.kind != "country" and other.country == place.country and other.name != place.name
                         and not _names_another(other, other_unit) for other, other_unit in named)}

    # a dateline whose own sentence sets the event in another country ("Islamabad: Islamabad condemned the killing
    # of eight border guards at Negour area of Iran") is where the reaction was filed, not where the event happened
    abroad = {p.name for p, u in named if _dateline(p, u) and any(
        o.kind == "country" and o.country != p.country and u2.sentence.start == u.sentence.start
        and _IN_COUNTRY.search(_around(o, u2, 60)[0]) and not _AS_OWNER.match(_around(o, u2, 0)[1])
        for o, u2 in named)}
    named = [(p, u) for p, u in named if p.name not in abroad] or named
    named = [(p, u) for p, u in named if not _lone_homonym(p, named)] or named

    def score(indexed: tuple) -> tuple:
        n, (place, unit) = indexed
        before, after = _around(place, unit, 60)
        located = _LOCATIVE.search(before) is not None or _HOSTS.match(after) is not None or _MEIN.match(after) is not None
        return (place.kind == "country", id(place) in datelines, _names_another(place, unit), not located,
                _PLACE_RANK.get(place.kind, 1), n)

    _, (place, unit) = min(enumerate(named), key=score)
    event.where, event.evidence["where"] = _swept_province(place, named) or (place, unit)


def _lone_homonym(place: PlaceMention, named: list[tuple[PlaceMention, Unit]]) -> bool:
    """A town or city abroad that is the only place of its country, among two or more places of one other country:
    a local name it shares ("the Sur Kamar area of Jamrud in Khyber" is no town in Oman)."""
    if place.kind not in ("city", "town"):
        return False
    others = [p for p, _ in named if p.country != place.country]
    return len({p.country for p in others}) == 1 and len({p.name.lower() for p in others}) >= 2 and not any(
        p.country == place.country and p.name != place.name for p, _ in named)


_SWEEP = 3  # towns of one province listed in one sentence: a sweep across the province


def _swept_province(place: PlaceMention, named: list[tuple[PlaceMention, Unit]]) -> tuple[PlaceMention, Unit] | None:
    """The province, named in the article, when one sentence lists three or more of its towns or districts ("the
    operations were carried out in Bahawalpur, Mianwali, Toba Tek Singh and Chiniot"): arrests or operations across
    the province, not in the one town chosen."""
    if place.kind not in ("city", "district", "town") or not place.admin1:
        return None
    province = next(((p, u) for p, u in named if p.kind == "admin1" and p.name == place.admin1
                     and p.country == place.country), None)
    if province is None:
        return None
    towns: dict[int, set[str]] = {}
    for p, u in named:
        if p.kind in ("city", "district", "town") and p.admin1 == place.admin1 and p.country == place.country:
            towns.setdefault(u.sentence.start, set()).add(p.name)
    return province if any(len(names) >= _SWEEP for names in towns.values()) else None
