"""Full text for feeds that carry only a summary: fetch the article page and extract its main text."""

from __future__ import annotations

import logging
import warnings
from typing import Callable

import trafilatura

from newsmon.messages import RawArticle
from producers.feeds.fetch import FeedFetcher

log = logging.getLogger(__name__)


def extract_main_text(html: bytes | str) -> str | None:
    """The article text of a page (trafilatura: boilerplate removed), or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)


def full_text_filler(fetcher: FeedFetcher) -> Callable[[RawArticle], RawArticle]:
    """A function that fills an article's body from its page, under the same fetch safety rules."""

    def fill(article: RawArticle) -> RawArticle:
        if article.body or not article.url:
            return article
        result = fetcher.fetch(article.url)
        if result.error or result.status != 200 or not result.content:
            log.warning("Could not fetch the full text of %s (%s); keeping the summary.", article.url,
                        result.error or f"HTTP {result.status}")
            return article
        text = extract_main_text(result.content)
        return article.model_copy(update={"body": text}) if text else article

    return fill
