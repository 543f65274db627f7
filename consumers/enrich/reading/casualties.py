"""Killed and injured, from the parse of one English sentence: a number counts the people a verb of killing or
hurting acts on, not the word it happens to stand near.

    "Three policemen were killed and two others were also wounded"   3 killed, 2 injured (passive subjects)
    "killing at least 91 people and wounding another 9"              91 killed, 9 injured (objects)
    "At least 26 people were killed and 62 injured"                  26 killed, 62 injured
    "five soldiers died", "two were dead", "left 5 dead"             killed
    "The death toll ... rises to 14", "the number of people killed has risen to 14"   14 killed, a revised toll
    "32 people and 3 suicide bombers were killed"                    32 killed, 3 attackers killed (conjuncts)
    "Three Afghans and three Spaniards were killed"                  6 killed (conjuncts of one kind add up)

A number that counts attackers (militants, gunmen, suicide bombers, khawarij...) is attackers killed. Numbers
that count a part of another count ("including 4 police officers", "three of the dead") and increments ("three
more victims died") are not counts. "killed and wounded 20" says casualties without saying how many died: no
count. A negated verb ("no one was killed") counts nothing. Years, ages and money are not counts.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from consumers.enrich.events.casualties import Count
from consumers.enrich.events.numbers import is_year, parse_number
from consumers.enrich.reading.counted import of_whole, of_attackers, subset_or_more
from consumers.enrich.reading.grammar import age_or_money, coordinated, first_conjunct, negated, passive

KILL = frozenset({"kill", "slay", "martyr", "murder", "behead", "lynch", "massacre", "assassinate", "execute"})
DIE = frozenset({"die", "perish", "succumb"})
HURT = frozenset({"injure", "wound", "hurt", "hospitalize", "hospitalise", "maim"})
FATAL = frozenset({"shoot", "stab", "wound", "injure"})  # fatally or mortally: killed
DEAD = frozenset({"dead", "killed"})
HURT_ADJ = frozenset({"injured", "wounded", "hurt"})
RISE = frozenset({"rise", "climb", "reach", "jump", "increase", "mount", "stand", "hit", "soar", "go"})
TOLL_NOUNS = frozenset({"toll", "number", "count", "tally", "figure"})


def read_counts(doc: Doc) -> tuple[list[Count], set[tuple[str, bool]]]:
    """Every casualty count of one parsed sentence, in order (character offsets are the sentence's), and the kinds
    (killed or injured, of attackers or not) the sentence rules out: a negated verb ("no one was killed"), killing
    and hurting said of one group ("killed and wounded 20")."""
    found: list[Count] = []
    roots: dict[int, int] = {}  # a count of a noun -> the first noun of its coordination ("X and Y were killed")
    vetoed = _ruled_out(doc)
    for token in doc:
        if not _is_number(token):
            continue
        value = parse_number(token.text)
        if value is None or is_year(token.text, value) or age_or_money(token) or token.dep_ == "quantmod" \
                or (token.dep_ == "compound" and token.head.like_num):
            continue  # "Twenty" of "Twenty-nine": the whole number is read at its last word
        if token.i >= 2 and doc[token.i - 1].text in ("-", "–") and doc[token.i - 2].like_num:
            value = parse_number(f"{doc[token.i - 2].text}-{token.text}") or value  # "Twenty-nine people": 29
        scale = [c for c in token.children if c.dep_ == "quantmod" and c.i == token.i + 1
                 and c.lower_ in ("dozen", "hundred", "thousand")]
        if scale:  # "Nearly two dozen others were wounded": 24, not 2
            value = parse_number(f"{token.text} {scale[0].text}") or value
        part = [c for c in token.children if c.dep_ == "quantmod" and c.like_num]
        if part and any(c.dep_ == "quantmod" and c.lower_ == "of" for c in token.children):
            value = parse_number(part[0].text) or value  # "1 of 4 young children injured has died": one
        noun = token.head if token.dep_ in ("nummod", "quantmod") or (token.dep_ == "compound"
                                                                       and token.head.pos_ == "NOUN") else token
        if noun.pos_ == "ADJ" and noun.dep_ in ("oprd", "acomp"):  # "left 5 dead": the number is the object
            count = _left(token, noun, value)
            if count is not None:
                found.append(count)
            continue
        if token.head.lower_.startswith("succumb") and token.dep_ == "nummod":
            continue  # "with four succumbing to their injuries": of the injured who died (_less_those_who_died)
        count = _toll(token, value) or _on_verb(token, value)
        if count is None and (count := _count(token, noun, value)) is not None:
            roots[len(found)] = first_conjunct(noun).i
        if count is not None:
            found.append(count)
    return _less_those_who_died(doc, _summed(found, roots)), vetoed


def _less_those_who_died(doc: Doc, found: list[Count]) -> list[Count]:
    """ "Five soldiers were injured and four of them later succumbed": the injured are those still alive, one (the
    dead are counted as killed where the report says so)."""
    for token in doc:
        verb, whole = token.head, of_whole(token) if _is_number(token) else None
        # "with four succumbing to their injuries later": only the injured succumb, whatever the parse makes of it
        succumbed = _is_number(token) and verb.lower_.startswith("succumb") and not negated(verb)
        if not succumbed and (whole is None or whole.pos_ != "PRON" or verb.pos_ != "VERB"
                              or _lemma(verb) not in DIE | KILL or negated(verb)):
            continue
        if (died := parse_number(token.text)) is None:
            continue
        hurt = next((c for c in reversed(found) if c.kind == "injured" and c.start < token.idx and c.value > died), None)
        if hurt is not None:
            found = [replace(c, value=c.value - died) if c is hurt else c for c in found]
    return found


def _summed(found: list[Count], roots: dict[int, int]) -> list[Count]:
    """Counts of one kind in one coordination add up: "three Afghans and three Spaniards were killed" is 6 killed
    (victims and attackers stay apart); a total with its parts ("40 people, 6 soldiers and 34 civilians") is the
    total."""
    groups: dict[tuple, list[Count]] = {}
    for n, count in enumerate(found):
        groups.setdefault((roots[n], count.kind, count.attackers) if n in roots else (-1 - n,), []).append(count)
    out = []
    for group in groups.values():
        values = [c.value for c in group]
        total = values[0] if len(group) > 2 and 2 * values[0] == sum(values) else sum(values)  # the total first
        out.append(replace(group[0], value=total, end=group[-1].end))
    return sorted(out, key=lambda c: c.start)


REPORTING = frozenset({"say", "tell", "report", "confirm", "add", "state", "announce", "quote", "accord", "believe"})


def told_as_earlier(doc: Doc) -> bool:
    """True when the sentence's killing or hurting is in the past perfect ("At least 10 people had been killed in
    that blast") and not reported speech ("police said ten had been killed" is the tense shifted by "said"): it
    tells of an event before the one the article reports."""
    for token in doc:
        if token.pos_ != "VERB" or _lemma(token) not in KILL | DIE | HURT:
            continue
        if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in token.children):
            continue
        if not any(a.lemma_ in REPORTING for a in token.ancestors) and "according" not in doc.text.lower():
            return True
    return False


def _on_verb(number: Token, value: int) -> Count | None:
    """A number that stands on a participle of killing or hurting itself: "and at least 20 wounded", "and above
    100 injured" (the parser hangs the number on the verb, through "above" or "over" at most)."""
    head = number.head
    if head.dep_ in ("advmod", "prep", "quantmod") and head.lower_ in ("above", "over", "around", "about", "nearly"):
        head = head.head
    if head.i == number.i or head.pos_ != "VERB" or number.dep_ not in ("nummod", "pobj", "npadvmod", "advmod"):
        return None
    lemma = _lemma(head)
    kind = "killed" if lemma in KILL | DIE else "injured" if lemma in HURT else None
    if kind is None or negated(head) or any(c.dep_ in ("dobj", "nsubjpass") for c in head.children):
        return None
    return Count(kind, value, start=number.idx, end=number.idx + len(number.text))


def _ruled_out(doc: Doc) -> set[tuple[str, bool]]:
    """Kinds of count the sentence says there is none of, or says only together with another."""
    out: set[tuple[str, bool]] = set()
    for token in doc:
        lemma = _lemma(token)
        kind = "killed" if lemma in KILL | DIE else "injured" if lemma in HURT else None
        if kind is None or token.pos_ != "VERB":
            continue
        if negated(token):
            out.add((kind, False))
        elif _both(token):
            out |= {("killed", False), ("injured", False)}
    return out


def _is_number(token: Token) -> bool:
    return token.like_num and token.pos_ in ("NUM", "NOUN", "PROPN", "ADJ") and token.lower_ not in ("one-third",)


def _toll(token: Token, value: int) -> Count | None:
    """ "toll rose to 14", "the number of people killed has risen to 14", "a toll of 23"."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ("to", "at", "of"):
        return None
    if prep.lower_ == "of" and prep.head.lemma_.lower() == "toll":
        return Count("killed", value, start=token.idx, end=token.idx + len(token.text))
    verb = prep.head
    moved = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.lemma_.lower() in ("take", "bring", "push", "raise", "put", "increase") and moved is not None:
        holder = moved  # "taking the toll to 23"
    elif verb.lemma_.lower() in RISE:  # "the toll rose to 14", "increased to eight"
        holder = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    else:
        return None
    if holder is None or holder.lemma_.lower() not in TOLL_NOUNS:
        return None
    words = {t.lemma_.lower() for t in holder.subtree}
    if holder.lemma_.lower() != "toll" and not words & (KILL | DIE | DEAD | {"death", "dead", "fatality"}):
        kind = "injured" if words & (HURT | HURT_ADJ | {"injury"}) else None
        if kind is None:
            return None
        return Count(kind, value, update=True, start=token.idx, end=token.idx + len(token.text))
    return Count("killed", value, update=True, start=token.idx, end=token.idx + len(token.text))


def _count(number: Token, noun: Token, value: int) -> Count | None:
    """The number counts `noun`, which some verb of killing or hurting acts on (or is said to be dead)."""
    if subset_or_more(number, noun):
        return None
    attackers = of_attackers(noun)
    head = first_conjunct(noun)  # "32 people and 3 suicide bombers were killed": the first holds the role
    verb, role = head.head, head.dep_
    kind = harm_of(verb, role)
    if head.i != noun.i and kind is not None:
        # "killed 20 people and another 29 were injured": a conjunct goes with a coordinated verb that has
        # no subject of its own
        for other in coordinated(verb):
            if other.i > noun.i and not _has(other, ("nsubj", "nsubjpass", "dobj")):
                other_lemma = _lemma(other)
                kind = "killed" if other_lemma in KILL | DIE else "injured" if other_lemma in HURT else kind
    if kind is None:  # "left six civilians burned alive", "six people killed in the blast were ...": said of the noun
        said = next((c for c in head.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD") and not negated(c)), None)
        lemma = _lemma(said) if said is not None else ""
        kind = "killed" if lemma in KILL else "injured" if lemma in HURT else None
        verb = said if kind is not None else verb
    if kind is None and role == "pobj" and head.head.lower_ == "of":
        word = head.head.head.lemma_.lower()  # "the death of 2 people", "the wounding of 5", "the loss of 84 lives"
        if word in ("death", "killing", "martyrdom", "shahadat") or (word == "loss" and head.lemma_.lower() == "life"):
            kind = "killed"
        elif word in ("wounding", "injury", "injuring"):
            kind = "injured"
    if kind is None or negated(verb):
        return None
    return Count(kind, value, attackers, start=number.idx, end=number.idx + len(number.text))


def _left(number: Token, adjective: Token, value: int) -> Count | None:
    """ "The blast left 5 dead": a number under the complement of "leave"."""
    if adjective.head.lemma_.lower() != "leave" or negated(adjective.head):
        return None
    word = adjective.lower_
    kind = "killed" if word in DEAD else "injured" if word in HURT_ADJ else None
    return Count(kind, value, start=number.idx, end=number.idx + len(number.text)) if kind else None


def _lemma(verb: Token) -> str:
    """The verb's lemma, with "shot dead", "gunned down", "shot to death" and "claimed ... lives" read as kill, and
    "embraced martyrdom" or "lost their lives" as die."""
    lemma = verb.lemma_.lower()
    words = {c.lower_ for c in verb.children} | {g.lower_ for c in verb.children for g in c.children}
    if lemma in ("shoot", "gun", "stab", "beat", "hack", "burn") and words & {"dead", "down", "death"}:
        return "kill"
    if lemma == "burn" and "alive" in words:  # "six passengers were burnt alive"
        return "kill"
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
    if lemma in ("claim", "take") and "life" in objects:
        return "kill"
    martyred = lemma in ("embrace", "attain", "achieve", "receive") and objects & {"martyrdom", "shahadat", "shahdat"}
    return "die" if martyred or lemma in ("lose", "lay", "sacrifice") and objects & {"life", "lives"} else lemma


def harm_of(verb: Token, role: str) -> str | None:
    """What a verb says of its subject or object: killed, injured, or nothing (a killer, an unrelated verb)."""
    lemma = _lemma(verb)
    fatally = any(c.lower_ in ("fatally", "mortally") for c in verb.children)
    if role in ("nsubjpass", "dobj") and lemma in FATAL and fatally:
        return "killed"  # "gunmen fatally shot six labourers"
    if role in ("nsubjpass",) or (role == "nsubj" and verb.tag_ == "VBN" and verb.dep_ == "conj"):
        kind = "killed" if lemma in KILL else "injured" if lemma in HURT else None
    elif role == "dobj":
        if lemma == "leave":  # "left 5 dead"
            complement = next((c for c in verb.children if c.dep_ in ("oprd", "acomp", "advcl", "xcomp")), None)
            word = complement.lower_ if complement is not None else ""
            return "killed" if word in DEAD else "injured" if word in HURT_ADJ else None
        kind = "killed" if lemma in KILL else "injured" if lemma in HURT else None
    elif role == "nsubj":
        if lemma in DIE:
            return "killed"
        if lemma == "be":
            complement = next((c for c in verb.children if c.dep_ in ("acomp", "attr")), None)
            word = complement.lower_ if complement is not None else ""
            return "killed" if word in DEAD else "injured" if word in HURT_ADJ else None
        return None
    else:
        return None
    if kind is not None and _both(verb):
        return None  # "killed and wounded 20": casualties, not deaths
    return kind


def _both(verb: Token) -> bool:
    """A verb of killing coordinated with one of hurting (or the other way) that shares its object or subject:
    "killed and wounded 20 people"."""
    lemma = _lemma(verb)
    for other in coordinated(verb):
        other_lemma = _lemma(other)
        if (lemma in KILL and other_lemma in HURT) or (lemma in HURT and other_lemma in KILL):
            first, second = (verb, other) if other.head.i == verb.i else (other, verb)
            if second.i - first.i != 2 or first.doc[first.i + 1].dep_ != "cc":
                continue  # only "killed and wounded", side by side, says the two of one group
            if passive(first):  # "Twenty were killed and wounded": the second verb has no subject of its own
                if _has(first, ("nsubjpass", "nsubj")) and not _has(second, ("nsubjpass", "nsubj")):
                    return True
            elif _has(second, ("dobj",)) and not _has(first, ("dobj",)):  # "killed and wounded 20 people"
                return True
    return False


def _has(verb: Token, roles: tuple[str, ...]) -> bool:
    """The verb has a dependent in one of these roles, or a number of its own ("and 20 wounded")."""
    return any(c.dep_ in roles or c.like_num or any(g.like_num for g in c.children if c.dep_ in ("advmod", "prep"))
               for c in verb.children)
