"""Stable article ids."""

from __future__ import annotations

from newsmon.ids import article_id, canonical_url


def test_text_ids_ignore_case_spacing_and_punctuation():
    a = article_id(title="Pakistan arrests four", body="Twelve  people were killed.")
    b = article_id(title="PAKISTAN arrests four!", body="twelve people were\nkilled")
    assert a == b and len(a) == 32


def test_text_ids_differ_for_different_articles():
    assert article_id(title="A", body="x") != article_id(title="A", body="y")


def test_url_ids_drop_tracking_parameters_and_fragments():
    base = article_id(url="https://www.dawn.com/news/1645?page=2")
    assert article_id(url="HTTPS://WWW.Dawn.com:443/news/1645?utm_source=x&page=2#top") == base
    assert canonical_url("http://x.org/a?b=2&a=1&fbclid=z") == "http://x.org/a?a=1&b=2"
