"""Sizes as policy: the largest article the pipeline accepts, and how a longer one is cut.

One setting, `max_article_chars`, bounds an article's text. Producers cut a longer body at a paragraph boundary
(else a sentence end, else a space) and mark the article `truncated`; the enricher cuts whatever reaches it the
same way, so no input makes its memory grow without bound. The record size (`max_record_bytes`) is checked to
hold the largest article twice over in the widest UTF-8 (an enriched record carries the article and its
evidence), so an article that fits is never refused downstream.
"""

from __future__ import annotations

from newsmon.messages import RawArticle

MAX_ARTICLE_CHARS = 200_000
MAX_TITLE_CHARS = 1_000
BYTES_PER_CHAR = 4  # the widest UTF-8 character
RECORD_OVERHEAD = 32_768
_BOUNDARIES = ("\n\n", "\n", ". ", "۔", "? ", "! ", " ")


def record_bytes_needed(max_article_chars: int) -> int:
    """The record size that holds an enriched record of the largest article."""
    return 2 * BYTES_PER_CHAR * max_article_chars + RECORD_OVERHEAD


def cut(text: str, limit: int) -> str:
    """The text if it fits, else its head up to the last paragraph boundary (else sentence end, else space) in the
    second half of the limit, else the bare head."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for boundary in _BOUNDARIES:
        at = head.rfind(boundary)
        if at >= limit // 2:
            keep = at + (len(boundary.rstrip()) if boundary.strip() else 0)
            return head[:keep].rstrip()
    return head


def fit_article(article: RawArticle, max_chars: int = MAX_ARTICLE_CHARS) -> RawArticle:
    """The article within max_chars of text (title, summary, body), cut and marked `truncated` when it was longer."""
    title = cut(article.title, MAX_TITLE_CHARS)
    summary = cut(article.summary, max(0, min(len(article.summary), max_chars // 10)))
    body = cut(article.body, max(0, max_chars - len(title) - len(summary)))
    if (title, summary, body) == (article.title, article.summary, article.body):
        return article
    return article.model_copy(update={"title": title, "summary": summary, "body": body, "truncated": True})
