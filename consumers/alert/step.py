"""The alerting step: EnrichedArticle in; at most one Alert per story revision and the story's state out.

Per article: find its story (story_index), merge its facts (story.merge), match the watch rules against the
story as it now stands (matching), and raise revision 1 when a story first matches, or the next revision when
an article brings a material change. One alert lists every rule that matched, with the highest severity.
The story's whole state goes to a compacted topic with the alert, in the same transaction, so a restarted
or rebalanced alerter resumes with every story as it was, and a repeat is byte-identical.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable, Iterable, Sequence

from consumers.alert.matching import StoryView, Vocabulary, match_rules
from consumers.alert.payload import build_alert
from consumers.alert.rule_model import Rule
from consumers.alert.rules import Known
from consumers.alert.story import Story, merge
from consumers.alert.story_index import StoryIndex
from consumers.enrich.routing import route_of
from newsmon.messages import EnrichedArticle, EventFacts, StoryArticle, StoryState
from newsmon.step import Output, Reject

log = logging.getLogger(__name__)
LEAD_WORDS = 80


def lead_text(title: str, summary: str, body: str) -> str:
    """Title, summary and the first words of the body: what a story's text fingerprint is made from."""
    return " ".join(part for part in (title, summary, " ".join(body.split()[:LEAD_WORDS])) if part)


class AlertStep:
    """Turns enriched articles into stories and story-level alerts."""

    name = "alerter"

    def __init__(self, *, rules: list[Rule], known: Known, output_topic: str, stories_topic: str,
                 similarity: float = 0.5, story_window_s: float = 14 * 86400.0,
                 reload: Callable[[], Iterable[StoryState]] | None = None,
                 partition_of: Callable[[str], int] | None = None, arrival_is_time: bool = True) -> None:
        self._rules, self._known = rules, known
        self._vocab = Vocabulary(family_of=known.family_of, lineage=known.lineage)
        self._topic, self._stories_topic = output_topic, stories_topic
        self._similarity, self._window = similarity, timedelta(seconds=story_window_s)
        self._reload = reload
        self._partition_of = partition_of  # a story's route -> its partition of the enriched topic
        self._arrival_is_time = arrival_is_time  # False for saved pages read at once: arrival says nothing of when
        self._index = self._new_index()
        self._latest: datetime | None = None
        self._swept: datetime | None = None

    def restore(self, states: Iterable[StoryState]) -> int:
        """Rebuild the stories from their saved states (the latest of each); returns how many."""
        latest: dict[str, StoryState] = {}
        for state in states:
            latest[state.id] = state
        self._index = self._new_index()
        for state in latest.values():
            story = Story(id=state.id, route=state.route, family=state.family, event=state.event,
                          articles=list(state.articles), actors={a.id: a for a in state.actors},
                          categories=set(state.categories), text=state.keywords_text, revision=state.revision,
                          alerted=state.alerted, severity=state.severity, updated=state.updated,
                          followups=list(state.followups), places=list(state.places))
            for article in story.articles:
                self._index.add(story, article.id, article.lead)
        return len(latest)

    def _new_index(self) -> StoryIndex:
        return StoryIndex(family_of=self._known.family_of, lineage=self._known.lineage, threshold=self._similarity,
                          arrival_is_time=self._arrival_is_time)

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

    def handle(self, batch: Sequence[EnrichedArticle]) -> list[list[Output | Reject]]:
        """Outputs per article; an article that breaks the step is rejected alone, not the batch."""
        results = []
        for enriched in batch:
            try:
                results.append(self._one(enriched))
            except Exception as exc:  # noqa: BLE001 - one bad article must not hold back its batch
                log.exception("The alerter could not process article %s.", enriched.id)
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
        link = self._index.find(enriched.event, referenced, lead, published=raw.published, seen=seen,
                                allowed=self._joinable(route_of(enriched)))
        article = StoryArticle(id=enriched.id, title=raw.title, lead=lead, outlet=raw.outlet, url=raw.url,
                               published=raw.published, first_seen=seen, language=enriched.language,
                               source=raw.source)
        actors = [a for a in enriched.actors if a.role != "mentioned"]
        categories = {c.label for c in enriched.categories}
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
        outputs: list[Output | Reject] = []
        hits = match_rules(self._rules, self._view(story), self._vocab)
        if hits and (story.revision == 0 or changes):
            story.revision += 1
            words = changes if story.revision > 1 else ["new story", *changes]
            alert = build_alert(story, hits, words, produced_at=enriched.produced_at,
                                destinations=self._destinations(hits))
            story.alerted, story.severity = tuple(h.id for h in hits), alert.severity
            log.info("Story %s revision %d: %s alert on rules %s (%s).", story.id, story.revision, alert.severity,
                     ", ".join(story.alerted), "; ".join(words))
            outputs.append(Output(self._topic, alert.id, alert))
        outputs.append(Output(self._stories_topic, story.id, self._state(story, enriched.produced_at)))
        return outputs

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

    def _state(self, story: Story, produced_at: datetime) -> StoryState:
        return StoryState(id=story.id, produced_at=produced_at, route=story.route, family=story.family,
                          articles=tuple(story.articles), event=story.event, actors=tuple(story.actors.values()),
                          keywords_text=story.text, categories=tuple(sorted(story.categories)),
                          followups=tuple(story.followups), revision=story.revision, alerted=story.alerted,
                          severity=story.severity, updated=story.updated, places=tuple(story.places))

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
