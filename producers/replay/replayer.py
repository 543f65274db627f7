"""SeedReplayer: segment saved pages into articles and publish them as RawArticle records."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsmon.errors import InputError, RecordTooLarge
from newsmon.ids import article_id
from newsmon.messages import RawArticle, encode
from newsmon.sizes import MAX_ARTICLE_CHARS, fit_article
from producers.replay.seed_files import find_pages, read_page
from producers.replay.segment import segment_page

log = logging.getLogger(__name__)


@dataclass
class ReplaySummary:
    """What a replay did."""

    files: int = 0
    articles: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The closing summary line."""
        return (
            f"replayed {self.files} files: {self.articles} articles published, "
            f"{self.skipped} skipped, {len(self.errors)} errors"
        )


def articles_from_page(text: str, *, source: str, tags: Iterable[str] = ()) -> list[RawArticle]:
    """Segment one page's text into RawArticle records with stable ids."""
    articles = []
    for draft in segment_page(text):
        articles.append(
            RawArticle(
                id=article_id(title=draft.title, body=draft.body),
                title=draft.title,
                body=draft.body,
                summary=draft.summary,
                published=draft.published,
                dateline=draft.dateline,
                outlet=draft.outlet,
                source=source,
                source_kind="seed",
                tags=tuple(tags),
            )
        )
    return articles


def load_articles(path: Path) -> list[RawArticle]:
    """Read and segment one file; raises InputError when it holds nothing usable."""
    articles = articles_from_page(read_page(path), source=str(path))
    if not articles:
        raise InputError(str(path), "no article found in the page")
    return articles


def page_articles(paths: list[str], *, on_skip: Callable[[InputError], None]) -> Iterator[tuple[Path, list[RawArticle]]]:
    """Each usable page with its articles; each unusable one is passed to on_skip and the rest go on."""
    for page in find_pages(paths):
        try:
            if page.problem is not None:
                raise page.problem
            articles = load_articles(page.path)
        except InputError as exc:
            on_skip(exc)
            continue
        yield page.path, articles


def _chars(article: RawArticle) -> int:
    return len(article.title) + len(article.summary) + len(article.body)


class SeedReplayer:
    """Publishes the articles of saved pages to the raw topic, paced and with a summary."""

    def __init__(
        self,
        publisher,
        *,
        topic: str,
        rate: float = 0.0,
        on_problem: Callable[[str], None] = lambda line: None,
        progress=None,
        max_chars: int = MAX_ARTICLE_CHARS,
    ) -> None:
        self._publisher = publisher
        self._max_chars = max_chars
        self._topic = topic
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._on_problem = on_problem
        self._progress = progress
        self._next_send = 0.0

    def replay(self, paths: list[str]) -> ReplaySummary:
        """Replay every page once; each unusable file is reported and skipped, the rest go on."""
        summary = ReplaySummary()
        for path, articles in page_articles(paths, on_skip=lambda problem: self._skip(summary, problem)):
            summary.files += 1
            futures = []
            for article in articles:
                fitted = fit_article(article, self._max_chars)
                if fitted.truncated:
                    self._on_problem(f"cut {path}: \"{article.title[:60]}\" has {_chars(article)} characters; "
                                     f"kept {_chars(fitted)} (NEWSMON_MAX_ARTICLE_CHARS)")
                try:
                    futures.append(self._send(fitted))
                except RecordTooLarge as exc:  # a limit set lower than the article size allows
                    self._skip(summary, InputError(str(path), str(exc)))
            summary.articles += self._publisher.wait(futures)
            log.info("Published %d article(s) from %s.", len(articles), path)
        return summary

    def _skip(self, summary: ReplaySummary, problem: InputError) -> None:
        """One line per unusable file or article; the replay goes on (exit 1 at the end)."""
        summary.skipped += 1
        summary.errors.append(str(problem))
        self._on_problem(f"skipped {problem}")

    def _send(self, article: RawArticle):
        if self._interval:
            delay = self._next_send - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_send = max(self._next_send, time.monotonic()) + self._interval
        future = self._publisher.send(self._topic, article.id, encode(article))
        if self._progress is not None:
            self._progress.update(1)
        return future
