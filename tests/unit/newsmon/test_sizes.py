"""The largest article: cut at a paragraph boundary, marked truncated, and settings that agree with it."""

from __future__ import annotations

import pytest

from newsmon.errors import ConfigError
from newsmon.messages import RawArticle
from newsmon.settings import load_settings
from newsmon.sizes import MAX_TITLE_CHARS, cut, fit_article, record_bytes_needed


def article(body: str, title: str = "Blast in Quetta", summary: str = "") -> RawArticle:
    return RawArticle(id="a1", title=title, body=body, summary=summary, source="test")


def test_a_body_is_cut_at_the_last_paragraph_boundary_within_the_limit():
    paragraph = "Police said the blast hit a market. " * 20  # 720 characters
    body = "\n\n".join([paragraph.strip()] * 10)
    fitted = fit_article(article(body), max_chars=2_000)
    assert fitted.truncated
    assert len(fitted.title) + len(fitted.body) <= 2_000
    assert body.startswith(fitted.body) and fitted.body.endswith("market.")  # a whole paragraph, not a half word
    assert fitted.body.count("\n\n") == len(fitted.body.split("\n\n")) - 1
    assert fitted.id == "a1"


def test_without_paragraphs_the_cut_falls_at_a_sentence_end_or_a_space():
    assert cut("one two three. four five six", 20) == "one two three."
    assert cut("x" * 50, 20) == "x" * 20  # no boundary at all: the bare head
    assert cut("short", 20) == "short"


def test_an_article_that_fits_is_the_same_object_and_a_long_title_is_cut_too():
    small = article("Two people were hurt.")
    assert fit_article(small, max_chars=1_000) is small and not small.truncated
    long_title = fit_article(article("body", title="word " * 1_000), max_chars=50_000)
    assert long_title.truncated and len(long_title.title) <= MAX_TITLE_CHARS


def test_the_record_size_must_hold_the_largest_article():
    settings = load_settings()
    assert settings.max_record_bytes >= record_bytes_needed(settings.max_article_chars)
    with pytest.raises(ConfigError, match="NEWSMON_MAX_RECORD_BYTES=2097152 cannot hold .* NEWSMON_MAX_ARTICLE_CHARS"):
        load_settings(max_article_chars=1_000_000)
