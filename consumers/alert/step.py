"""The alerting step: EnrichedArticle in; at most one Alert per story revision and the story's state out.

Per article: find its story (story_index), merge its facts (story.merge), match the watch rules against the
story as it now stands (matching), and raise revision 1 when a story first matches, or the next revision when
an article brings a material change. One alert lists every rule that matched, with the highest severity.
The story's whole state goes to a compacted topic with the alert, in the same transaction, so a restarted
or rebalanced alerter resumes with every story as it was, and a repeat is byte-identical.

Analyst corrections (consumers/alert/corrections.py) arrive in the partitions of their stories' articles and are
applied the same way: the corrected stories' states, and a revision when the story is for the desk, in the
transaction that carries the correction's offset.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable, Iterable, Sequence

from consumers.alert.corrections import CorrectableIndex, CorrectionRefused, apply_correction, hold
from consumers.alert.matching import StoryView, Vocabulary, match_rules
from consumers.alert.payload import build_alert
from consumers.alert.rule_model import Rule
from consumers.alert.rules import Known
from consumers.alert.story import Story, from_state, merge, to_state
from consumers.alert.story_index import Link
from consumers.enrich.routing import route_of
from newsmon.messages import Actor, Alert, Correction, EnrichedArticle, EventFacts, StoryArticle, StoryState
from newsmon.step import Output, Reject

log = logging.getLogger(__name__)
LEAD_WORDS = 80
ACTOR_EVIDENCE = 1  # sentences an article's own copy of an actor keeps (the story's copy keeps them all)


def lead_text(title: str, summary: str, body: str) -> str:
    """Title, summary and the first words of the body: what a story's text fingerprint is made from."""
    return " ".join(part for part in (title, summary, " ".join(body.split()[:LEAD_WORDS])) if part)


class AlertStep:
    """Turns enriched articles into stories and story-level alerts."""

    name = "alerter"

    def __init__(self, *, rules: list[Rule], known: Known, output_topic: str, stories_topic: str,
                 similarity: float = 0.5, story_window_s: float = 30 * 86400.0,
                 reload: Callable[[], Iterable[StoryState]] | None = None,
                 partition_of: Callable[[str], int] | None = None, arrival_is_time: bool = True,
                 on_alert: Callable[[Alert], None] | None = None) -> None:
        self._rules, self._known = rules, known
        self._vocab = Vocabulary(family_of=known.family_of, lineage=known.lineage)
        self._topic, self._stories_topic = output_topic, stories_topic
        self._similarity, self._window = similarity, timedelta(seconds=story_window_s)
        self._reload = reload
        self._partition_of = partition_of  # a story's route -> its partition of the enriched topic
        self._arrival_is_time = arrival_is_time  # False for saved pages read at once: arrival says nothing of when
        self._on_alert = on_alert  # told of every alert raised (the service's freshness metric)
        self._index = self._new_index()
        self._latest: datetime | None = None
        self._swept: datetime | None = None

    def restore(self, states: Iterable[StoryState]) -> int:
        """Rebuild the stories from their saved states (the latest of each; a story merged into another is
        gone); returns how many."""
        latest: dict[str, StoryState] = {}
        for state in states:
            latest[state.id] = state
        self._reindex([from_state(state) for state in latest.values() if not state.merged_into])
        return len(self._index.stories)

    def _reindex(self, stories: Iterable[Story]) -> None:
        self._index = self._new_index()
        for story in stories:
            for article in story.articles:
                self._index.add(story, article.id, article.lead)

    def _new_index(self) -> CorrectableIndex:
        return CorrectableIndex(family_of=self._known.family_of, lineage=self._known.lineage,
                                threshold=self._similarity, arrival_is_time=self._arrival_is_time)

    def partitions_assigned(self, _partitions: set) -> None:
        """Before the first records of partitions gained in a rebalance, take the stories as their previous owner
        committed them."""
        if self._reload is not None:
            count = self.restore(self._reload())
            log.info("The alerter read %d %s before the first records of the partitions it gained.", count,
                     "story" if count == 1 else "stories")

    def rolled_back(self) -> None:
        """A batch's transaction aborted: its story states were never written, so the stories go back to the last
        committed ones, and reading the batch again gives the same alerts, byte for byte."""
        if self._reload is not None:
            count = self.restore(self._reload())
            log.info("The alerter went back to %d committed stories after a rolled-back batch.", count)

    def handle(self, batch: Sequence[EnrichedArticle | Correction]) -> list[list[Output | Reject]]:
        """Outputs per article or correction; one that breaks the step is rejected alone, not the batch."""
        results = []
        for msg in batch:
            try:
                results.append(self._correct(msg) if isinstance(msg, Correction) else self._one(msg))
            except Exception as exc:  # noqa: BLE001 - one bad article must not hold back its batch
                log.exception("The alerter could not process %s %s.", msg.SCHEMA, msg.id)
                results.append([Reject("process", f"{exc.__class__.__name__}: {exc}")])
        return results

    def _one(self, enriched: EnrichedArticle) -> list[Output | Reject]:
        seen = enriched.produced_at
        self._sweep(seen)
        if any(story.has(enriched.id) for story in self._index.stories.values()):
            return []  # already part of a story (a replay)
        raw = enriched.article
        lead = lead_text(raw.title, raw.summary, raw.body)
        referenced = [e for e in enriched.related_events if e.relation == "referenced"]
        states = frozenset(a.id for a in enriched.actors if a.kind == "state" and a.role != "mentioned")
        parties = frozenset(a.id for a in enriched.actors if a.role != "mentioned")
        link = self._index.find(enriched.event, referenced, lead, published=raw.published, seen=seen,
                                allowed=self._joinable(route_of(enriched)), states=states, parties=parties)
        link = self._apart(link, lead)
        actors = [a for a in enriched.actors if a.role != "mentioned"]
        categories = {c.label for c in enriched.categories}
        article = StoryArticle(id=enriched.id, title=raw.title, lead=lead, outlet=raw.outlet, url=raw.url,
                               published=raw.published, first_seen=raw.first_seen or seen, language=enriched.language,
                               source=raw.source, facts=enriched.event,
                               referred=link.facts if link is not None and link.kind == "follow-up" else None,
                               actors=tuple(a.model_copy(update={"evidence": a.evidence[:ACTOR_EVIDENCE]})
                                            for a in actors), categories=tuple(sorted(categories)))
        if link is None:
            story = Story(id=enriched.id, route=route_of(enriched), family=self._known.family_of(enriched.event.type or ""),
                          event=EventFacts())
            changes = merge(story, enriched.event, article, actors, categories, side=self._known.side)
        else:
            story = link.story
            followup = enriched.event.type if link.kind == "follow-up" else None
            changes = merge(story, link.facts, article, actors, categories, followup=followup, side=self._known.side)
            log.info("Article %s joins story %s (%s)%s.", enriched.id, story.id, link.kind,
                     f": {'; '.join(changes)}" if changes else " without a material change")
        self._index.add(story, enriched.id, lead)
        outputs = self._revise(story, changes, enriched.produced_at)
        outputs.append(Output(self._stories_topic, story.id, to_state(story, enriched.produced_at)))
        return outputs

    def _revise(self, story: Story, changes: list[str], produced_at) -> list[Output | Reject]:
        """The story's next revision, when it matches the rules and is new or changed; a muted story holds the
        changes instead, to say them when it is unmuted."""
        hits = match_rules(self._rules, self._view(story), self._vocab)
        if not hits or not (story.revision == 0 or changes) or story.merged_into:
            return []
        if story.muted:
            hold(story, changes)
            log.info("Story %s is muted: no alert (%s).", story.id, "; ".join(changes) or "new story")
            return []
        story.revision += 1
        words = changes if story.revision > 1 else ["new story", *changes]
        alert = build_alert(story, hits, words, produced_at=produced_at, destinations=self._destinations(hits))
        story.alerted, story.severity = tuple(h.id for h in hits), alert.severity
        if self._on_alert is not None:
            self._on_alert(alert)
        log.info("Story %s revision %d: %s alert on rules %s (%s).", story.id, story.revision, alert.severity,
                 ", ".join(story.alerted), "; ".join(words))
        return [Output(self._topic, alert.id, alert)]

    def _correct(self, correction: Correction) -> list[Output | Reject]:
        """Apply an analyst's correction: the stories it changed, each with its revision when one is due."""
        stories = self._index.stories
        kept = (stories.get(correction.story_id), stories.get(getattr(correction.change, "into", "")))
        if any(story is not None and correction.id in story.corrections for story in kept):
            return []  # applied before (read again after a rollback, or sent twice)
        may_join = lambda one, other: self._joinable(one.route)(other)  # noqa: E731
        try:
            outcome = apply_correction(correction, self._index.stories, family_of=self._known.family_of,
                                       actor_of=self._actor, side=self._known.side, may_join=may_join)
        except CorrectionRefused as exc:
            log.warning("Correction %s (%s) was not applied: %s.", correction.id, correction.key, exc)
            return [Reject("correction", str(exc))]
        if outcome.moved:
            self._index.regroup([touched for touched, _ in outcome.touched])
        outputs: list[Output | Reject] = []
        for touched, words in outcome.touched:
            log.info("Correction %s (%s) changed story %s%s.", correction.id, correction.key, touched.id,
                     f": {'; '.join(words)}" if words else "")
            if words is not None:
                outputs += self._revise(touched, words, correction.produced_at)
            outputs.append(Output(self._stories_topic, touched.id, to_state(touched, correction.produced_at)))
        return outputs

    def _actor(self, actor_id: str) -> Actor | None:
        """A catalog actor as a story names it, for a perpetrator an analyst names."""
        entry = self._known.catalog.actors.get(actor_id)
        if entry is None:
            return None
        return Actor(id=entry.id, name=entry.name, kind="state" if entry.kind == "state" else "group",
                     role="perpetrator", evidence=("named by an analyst",))

    def _apart(self, link: Link | None, lead: str) -> Link | None:
        """An analyst split these stories apart: a report that could join one of them by its event goes to the one
        whose reports its title and lead resemble most (the split article's rewrites follow it)."""
        if link is None or link.kind == "follow-up":
            return link
        stories = self._index.stories
        root = stories.get(link.story.split_from or "", link.story)
        kin = [root, *(s for s in stories.values() if s.split_from == root.id)]
        if len(kin) == 1:
            return link
        likeness = {s.id: self._index.resemblance(lead, s) for s in kin}
        best = max(kin, key=lambda s: (likeness[s.id], s is link.story))
        return link if best is link.story else Link(best, link.kind, link.facts)

    def _joinable(self, route: str) -> Callable[[Story], bool]:
        """The stories an article of this route may join. In a running alerter (partitions known), only those of
        its own partition: a story's state is then written only with the offsets of that partition's articles,
        in one transaction, so whoever owns the partition next reads it whole, and no two alerters ever revise
        one story. Without partitions (eval, `rules test`), every story."""
        if self._partition_of is None:
            return lambda _story: True
        partition_of, mine = self._partition_of, self._partition_of(route)
        return lambda story: partition_of(story.route) == mine

    def _view(self, story: Story) -> StoryView:
        roles = {a.id: a.role for a in story.actors.values()}
        kinds = {a.id: a.kind for a in story.actors.values()}
        names = {a.id: a.name for a in story.actors.values()}
        for actor in list(story.actors.values()):  # a government acting is its state acting ("Taliban forces")
            state = self._known.side(actor.id)
            if state != actor.id and actor.role != "mentioned" and roles.get(state, "mentioned") == "mentioned":
                roles[state], kinds[state] = actor.role, "state"
                names[state] = self._known.catalog.actors[state].name if state in self._known.catalog.actors else state
        return StoryView(event=story.event, roles=roles, kinds=kinds, names=names,
                         categories=frozenset(story.categories), languages=frozenset(story.languages),
                         text=story.text)

    def _destinations(self, hits) -> tuple[str, ...]:
        rules = {r.id: r for r in self._rules}
        named = [rules[h.id].destinations for h in hits]
        if any(not d for d in named):
            return ()  # one of the rules wants every endpoint
        return tuple(dict.fromkeys(d for group in named for d in group))

    def _sweep(self, now: datetime) -> None:
        """Forget stories idle longer than the window (by the stream's own clock), so memory stays bounded."""
        if self._latest is None or now > self._latest:
            self._latest = now
        if self._swept is not None and self._latest - self._swept < timedelta(minutes=1):
            return
        self._swept = self._latest
        stale = self._index.forget_before(self._latest - self._window)
        if stale:
            log.info("Forgot %d stories idle longer than the story window.", len(stale))
