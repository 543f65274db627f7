"""Multi-label topic classification from an editable taxonomy, with a score and evidence per label."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsmon.yaml_files import load_yaml
from consumers import DATA_DIR
from newsmon.arabic_script import unify
from newsmon.errors import ConfigError

TAXONOMY_FILE = DATA_DIR / "taxonomy.yaml"
MAX_TERM_COUNT = 3
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Taxonomy:
    """Labels with weighted terms, the score scale and the keep threshold."""

    labels: dict[str, dict[str, float]]
    scale: float
    threshold: float
    by_event: dict = field(default_factory=dict)  # kind of main event -> {"add": [...], "drop": [...], "swap": {}}
    needs: dict[str, frozenset[str]] = field(default_factory=dict)  # label -> its terms not `weak`: one must be found


@dataclass(frozen=True)
class LabelScore:
    """A kept label, its score in [0, 1] and the terms and sentences behind it."""

    label: str
    score: float
    evidence: tuple[str, ...]


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """Read and check a taxonomy file."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        labels = {
            name: {unify(str(term)).lower(): float(weight) for term, weight in (spec.get("terms") or {}).items()}
            for name, spec in (data.get("labels") or {}).items()
        }
        by_event = {str(kind): {"add": [str(x) for x in (spec.get("add") or [])],
                                "drop": [str(x) for x in (spec.get("drop") or [])],
                                "swap": {str(a): str(b) for a, b in (spec.get("swap") or {}).items()},
                                "in_title": [str(x) for x in (spec.get("in_title") or [])]}
                    for kind, spec in (data.get("by_event") or {}).items()}
        weak = {name: {unify(str(t)).lower() for t in spec["weak"]}
                for name, spec in (data.get("labels") or {}).items() if spec.get("weak")}
        if any(not terms <= set(labels[name]) for name, terms in weak.items()):
            raise ValueError("a label's `weak` list names a term that is not among its terms")
        needs = {name: frozenset(set(labels[name]) - terms) for name, terms in weak.items()}
        taxonomy = Taxonomy(labels, float(data.get("scale", 4.0)), float(data.get("threshold", 0.5)), by_event, needs)
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError) as exc:
        raise ConfigError(f"taxonomy {path}: {exc}") from exc
    if not taxonomy.labels or taxonomy.scale <= 0:
        raise ConfigError(f"taxonomy {path}: needs labels and a positive scale")
    return taxonomy


class TopicClassifier:
    """Scores a Doc against every label of the taxonomy."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, terms in taxonomy.labels.items():
            for term in terms:
                self._matcher.add(f"{label}|{term}", [nlp.make_doc(term)])

    def classify(self, doc: Doc) -> list[LabelScore]:
        """Kept labels, best first; `other` when none reaches the threshold."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        sentences: dict[str, list[str]] = defaultdict(list)
        has_sents = doc.has_annotation("SENT_START")
        matches = (doc.vocab.strings[m].split("|", 1) + [s, e] for m, s, e in self._matcher(doc))
        for label, term, start, end in _longest(matches):
            counts[label][term] += 1
            sentence = doc[start:end].sent.text.strip() if has_sents else doc[start:end].text
            if sentence not in sentences[label] and len(sentences[label]) < MAX_EVIDENCE:
                sentences[label].append(sentence)
        kept = []
        for label, terms in counts.items():
            weights = self.taxonomy.labels[label]
            total = sum(weights[t] * min(n, MAX_TERM_COUNT) for t, n in terms.items())
            score = 1.0 - math.exp(-total / self.taxonomy.scale)
            needed = self.taxonomy.needs.get(label)
            if score >= self.taxonomy.threshold and (needed is None or needed & set(terms)):
                top = sorted(terms, key=lambda t: -weights[t] * min(terms[t], MAX_TERM_COUNT))[:5]
                evidence = (f"terms: {', '.join(top)}", *sentences[label])
                kept.append(LabelScore(label, round(score, 3), evidence))
        if not kept:
            return [LabelScore("other", 1.0, ("no taxonomy label reached its threshold",))]
        return sorted(kept, key=lambda s: -s.score)


def _longest(matches) -> list:
    """Per label, the longest of overlapping term matches: "security forces" is one term, not also "forces"."""
    kept, taken = [], set()
    for label, term, start, end in sorted(matches, key=lambda m: m[2] - m[3]):
        if all((label, i) not in taken for i in range(start, end)):
            kept.append((label, term, start, end))
            taken.update((label, i) for i in range(start, end))
    return sorted(kept, key=lambda m: m[2])


# a clash or a strike: of one state's forces (two states: between_states)
_AGAINST_MILITANTS = ("arrest", "operation", "conviction", "execution", "clash", "strike")
_TALKS = ("talks", "agreement", "meeting", "exercise")


def event_kind(family: str | None, roles: dict[str, str], kinds: dict[str, str], kind: str | None = None,
               after_attack: bool = False, governing: frozenset[str] = frozenset(),
               answered: bool = False, basis: str | None = None, labels: frozenset[str] = frozenset()) -> str | None:
    """Which kind of main event decides labels (taxonomy `by_event`): closure, attack, against_group (of the legal
    family: justice_against_group; an operation: operation_against_group), between_states,
    against_militants (an arrest, operation, conviction or execution with no group named in it), after_attack
    (the same, over an attack the article refers to), talks_with_group (talks, a deal or a meeting with or about a
    militant group that governs no state), talks_between_states (states' talks, agreement, meeting or exercise);
    an attack is attack_answered when the article also tells of arrests, an operation or a strike (`answered`),
    foiled when it is a plot the forces foiled, and by_state when a state's forces did it as the report itself or
    the state tells it (`basis` of the perpetrator: a state blamed for an attack, "India-sponsored", did not do it
    in the report's own words); trade when there is no main event and the words found economy. Arrests,
    operations, convictions and executions, and clashes and strikes of one state's forces, with no group named
    are against_militants."""
    if kind == "border-closure":
        return "closure"  # a closed crossing is a border story, whatever words the report uses for it
    if kind is None and "economy" in labels:
        return "trade"  # no event of the desk's kind, and the words of trade (`labels`: those the words found)
    groups = {a for a, r in roles.items() if kinds.get(a) == "group" and r != "mentioned"}
    if family == "attack" and kind != "plot" and basis in ("reported", "claimed") and _by_a_state(roles, kinds):
        return "by_state"
    if family == "attack":
        return "foiled" if kind == "plot" else "attack_answered" if answered else "attack"
    if family == "diplomacy" and any(roles[a] in ("participant", "subject") for a in groups - governing):
        return "talks_with_group"
    if family == "diplomacy" and kind in _TALKS:
        return "talks_between_states"
    if family in ("armed", "legal") and any(roles[a] == "subject" for a in groups):
        return "justice_against_group" if family == "legal" else "operation_against_group" \
            if kind == "operation" else "against_group"
    # a group that governs a state (the Taliban since 2021) stands for that state in a clash with another's forces
    states = {a for a, r in roles.items() if (kinds.get(a) == "state" or a in governing)
              and r in ("participant", "target")}
    if family == "armed" and not groups - governing and len(states) >= 2:
        return "between_states"
    if kind in _AGAINST_MILITANTS and not groups:
        return "operation" if kind == "operation" else "after_attack" if after_attack else "against_militants"
    return None


def _by_a_state(roles: dict[str, str], kinds: dict[str, str]) -> bool:
    """A state's forces did it (border guards firing on migrants), and no group: not even one that governs a state,
    whose fighters' attacks (the Taliban's, before and after they came to govern) are still read as militants'."""
    doers = {a for a, r in roles.items() if r == "perpetrator"}
    return bool(doers) and all(kinds.get(a) == "state" for a in doers)


def with_event_labels(found: list[LabelScore], taxonomy: Taxonomy, kind: str | None,
                      evidence: str | None, title: str = "") -> list[LabelScore]:
    """The labels with those the main event decides added or dropped, and those it keeps only when the title holds
    one of their terms (`in_title`: an attack is a border story when its headline says so, not when its body
    says the bombers came across the border)."""
    rule = taxonomy.by_event.get(kind or "")
    if not rule:
        return found
    headline = unify(title).lower()
    found = [s for s in found if s.label not in rule["in_title"] or any(
        re.search(rf"(?<!\w){re.escape(term)}(?!\w)", headline) for term in taxonomy.labels.get(s.label, {}))]
    swap = rule.get("swap") or {}
    swapped = [LabelScore(swap[s.label], s.score, s.evidence) if s.label in swap else s for s in found]
    found = [s for n, s in enumerate(swapped) if s.label not in {t.label for t in swapped[:n]}]  # one per label
    kept = [s for s in found if s.label not in rule["drop"] and s.label != "other"]
    have = {s.label for s in kept}
    why = (f"the main event: {evidence}",) if evidence else ("the main event",)
    kept += [LabelScore(label, 1.0, why) for label in rule["add"] if label not in have]
    return kept or [LabelScore("other", 1.0, ("no taxonomy label reached its threshold",))]
