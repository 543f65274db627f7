"""Feed bytes -> RawArticles, over the real fixture feeds in tests/fixtures/feeds (see its SOURCES.md)."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from newsmon.ids import article_id
from producers.feeds.parse import FeedConfig, entry_id, html_to_text, parse_feed

FEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "feeds"

# fixture -> (feed URL it was served from, usable entries, whether parsing warns)
EXPECTED = {
    "thehindu_news_2016-06-14.xml": ("http://www.thehindu.com/news/?service=rss", 511, False),
    "guardian_world_2016-06-14.xml": ("https://www.theguardian.com/world/rss", 95, False),
    "aljazeera_america_2016-02-26.xml": ("http://america.aljazeera.com/articles.rss", 50, False),
    "caravan_magazine_2016-06-14.xml": ("http://www.caravanmagazine.in/feed", 10, False),
    "bbc_world_2025-06-23.xml": ("https://feeds.bbci.co.uk/news/world/rss.xml", 28, False),
    "tpm_all_news_2017-11-08.atom": ("http://talkingpointsmemo.com/feed/all", 20, False),
    "bad_atom_xhtml_svg_intertwingly.atom": ("http://intertwingly.net/blog/index.atom", 20, False),
    "bad_windows1251_oren_ru.xml": ("http://www.oren.ru/rss/news.xml", 10, False),
    "bad_undeclared_latin1_uol_noticias.rss": ("https://rss.uol.com.br/feed/noticias.xml", 15, True),
    "bad_rss10_rdf_science.rdf": ("http://science.sciencemag.org/rss/twis.xml", 69, False),
    "bad_truncated_cdata.xml": ("http://adcdefgh.com/rss.xml", 0, True),
}
# Markup, not text: intertwingly quotes "<IfModule ...>" in a code sample, which is text and stays.
TAG = re.compile(r"</?(?:p|div|a|img|br|span|svg|path|b|i|em|strong|ul|ol|li|table|script|style|iframe)\b[^>]*>|<!--")


def parse(name: str, **kwargs):
    url = EXPECTED[name][0]
    feed = kwargs.pop("feed", FeedConfig(name=name.split(".")[0], url=url, tags=("test",)))
    return parse_feed((FEEDS / name).read_bytes(), feed=feed, **kwargs)


def rss(items: str, channel: str = "<title>T</title><link>https://example.org/</link>") -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in FEEDS.iterdir() if p.name != "SOURCES.md") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_yields_its_entries_and_warns_only_when_ill_formed(name):
    _, count, warns = EXPECTED[name]
    parsed = parse(name)
    assert len(parsed.articles) == count
    assert (parsed.warning is not None) is warns
    if parsed.warning:
        assert "\n" not in parsed.warning and len(parsed.warning) < 300
    with (FEEDS / name).open("rb") as fh:  # the same bytes straight through feedparser: nothing lost
        raw = feedparser.parse(fh)
    assert len(parsed.articles) + parsed.skipped == len(raw.entries)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ids_are_unique_and_stable_across_parses(name):
    first, second = parse(name), parse(name)
    ids = [a.id for a in first.articles]
    assert len(set(ids)) == len(ids)
    assert ids == [a.id for a in second.articles]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_articles_are_well_formed(name):
    for article in parse(name).articles:
        assert article.url and re.match(r"https?://[^/]+/", article.url), article.url
        assert "#" not in article.url and "utm_" not in article.url
        assert article.title and "\n" not in article.title and not TAG.search(article.title)
        assert not TAG.search(article.summary) and not TAG.search(article.body)
        assert article.published is None or article.published.utcoffset().total_seconds() == 0
        assert (article.source_kind, article.tags) == ("feed", ("test",))


def test_tpm_relative_links_resolve_against_the_alternate_link():
    parsed = parse("tpm_all_news_2017-11-08.atom", fetched_url="https://feeds.example.net/tpm")
    assert parsed.link == "http://talkingpointsmemo.com"
    assert all(a.url.startswith("http://talkingpointsmemo.com/") for a in parsed.articles)
    assert parsed.articles[0].url == (
        "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"
    )


def test_a_relative_alternate_link_resolves_against_the_feed_url():
    parsed = parse("bad_atom_xhtml_svg_intertwingly.atom")
    assert parsed.link == "http://intertwingly.net/blog/"
    assert parsed.articles[0].url == "http://intertwingly.net/blog/2012/07/16/Inhibiting-Suspend"


def test_inline_svg_in_xhtml_content_is_dropped():
    article = parse("bad_atom_xhtml_svg_intertwingly.atom").articles[0]
    assert article.summary.startswith("The interface is a bit low level, but workable:")
    assert "M107,51" not in article.summary


def test_windows_1251_titles_decode_to_cyrillic():
    parsed = parse("bad_windows1251_oren_ru.xml")
    assert all(re.search("[а-яё]", a.title, re.I) for a in parsed.articles)
    assert parsed.articles[0].title == "В Бузулуке главные стройплощадки – детсад и Ледовый дворец"
    assert parsed.title == "Новости Оренбурга и области / Раздел Новости" and parsed.ttl_minutes == 30


def test_undeclared_latin1_decodes_with_portuguese_accents_and_dates():
    parsed = parse("bad_undeclared_latin1_uol_noticias.rss")
    titles = " ".join(a.title for a in parsed.articles)
    assert "ç" in titles and "ã" in titles and "Ã" not in titles
    assert "CharacterEncodingOverride" in parsed.warning and parsed.warning.endswith("kept 15 entries")
    # "Seg, 24 Set 2018 19:42:40 -0300": Portuguese names that feedparser leaves unparsed.
    assert parsed.articles[0].published == datetime(2018, 9, 24, 22, 42, 40, tzinfo=timezone.utc)
    assert parsed.articles[0].language_hint is None  # <language> is empty


def test_the_hindu_links_lose_their_utm_parameters_and_key_the_id():
    article = parse("thehindu_news_2016-06-14.xml").articles[0]
    assert article.url == (
        "http://www.thehindu.com/sport/football/hungary-stun-10man-austria-to-end-30year-wait/article8729022.ece"
    )
    assert article.id == article_id(url=article.url)  # no <guid>: the canonical link is the id


def test_bbc_guid_fragments_stay_in_the_id_but_not_in_the_link():
    parsed = parse("bbc_world_2025-06-23.xml")
    article = parsed.articles[0]
    assert article.url == "https://www.bbc.com/news/articles/cp8621gnknjo"
    assert article.id == article_id(title="guid:https://www.bbc.com/news/articles/cp8621gnknjo#0")
    entry = {"id": "https://www.bbc.com/news/articles/cp8621gnknjo#1", "link": article.url}
    assert entry_id(entry, base_url="https://www.bbc.co.uk/") != article.id
    assert (parsed.title, parsed.ttl_minutes, article.language_hint) == ("BBC News", 15, "en-gb")


def test_a_permalink_guid_is_canonicalised():
    entry = {"id": "https://www.example.org/a/1?utm_source=rss&b=2", "link": "https://other.example/x"}
    assert entry_id(entry, base_url="https://example.org/") == article_id(url="https://www.example.org/a/1?b=2")
    guardian = parse("guardian_world_2016-06-14.xml").articles[0]
    assert guardian.id == article_id(url=guardian.url)


def test_entry_id_falls_back_to_title_and_date():
    item = "<item><title>Only a title</title><pubDate>Tue, 14 Jun 2016 11:45:52 GMT</pubDate></item>"
    entry = feedparser.parse(io.BytesIO(rss(item, channel="<title>T</title>"))).entries[0]
    assert entry_id(entry, base_url="") == article_id(title="Only a title", body="2016-06-14T11:45:52+00:00")


def test_truncated_feed_has_no_articles_and_says_why():
    parsed = parse("bad_truncated_cdata.xml")
    assert parsed.articles == [] and parsed.skipped == 1
    assert parsed.warning.startswith("no entries: ill-formed XML (SAXParseException: line 6:")
    assert parsed.title == "can feedparser read this xml"


def test_content_is_the_body_only_when_longer_than_the_summary():
    caravan = parse("caravan_magazine_2016-06-14.xml").articles[0]
    assert caravan.title.startswith("“We Will Fight Till the End”")
    assert len(caravan.body) > 5 * len(caravan.summary) > 0 and "\n\n" in caravan.body
    assert all(a.body == "" for a in parse("guardian_world_2016-06-14.xml").articles)


def test_the_configured_language_wins_over_the_channel_language():
    feed = FeedConfig(name="bbc", url=EXPECTED["bbc_world_2025-06-23.xml"][0], language="en")
    parsed = parse("bbc_world_2025-06-23.xml", feed=feed)
    assert {a.language_hint for a in parsed.articles} == {"en"}
    assert {a.source for a in parsed.articles} == {"bbc"} and parsed.articles[0].outlet == "BBC News"


@pytest.mark.parametrize(
    ("content_type", "warns"),
    [
        (None, False),
        ("text/xml", False),  # no charset: the XML declaration decides (RFC 7303), not RFC 3023's us-ascii
        ("application/rss+xml; charset=windows-1251", False),
        ("text/xml; charset=utf-8", True),  # the server is wrong; feedparser falls back and says so
    ],
)
def test_the_http_charset_is_honoured(content_type, warns):
    parsed = parse("bad_windows1251_oren_ru.xml", content_type=content_type)
    assert parsed.articles[0].title.startswith("В Бузулуке")
    assert (parsed.warning is not None) is warns


def test_bytes_naming_a_local_file_are_parsed_as_content_not_opened(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss("<item><title>secret</title><link>https://example.org/s</link></item>"))
    parsed = parse_feed(str(path).encode(), feed=FeedConfig("x", "https://example.org/feed"))
    assert parsed.articles == [] and parsed.warning.startswith("no entries:")


def test_entries_without_title_borrow_the_summary_and_empty_ones_are_skipped():
    items = (
        "<item><description>&lt;p&gt;One two three four five six seven eight nine ten eleven twelve thirteen"
        "&lt;/p&gt;</description><link>/a</link></item>"
        "<item><guid isPermaLink='false'>x-1</guid></item>"
        "<item><link>https://example.org/only-link?utm_medium=rss</link></item>"
        "<item><title>Twice</title><link>https://example.org/b</link></item>"
        "<item><title>Twice</title><link>https://example.org/b</link></item>"
    )
    parsed = parse_feed(rss(items), feed=FeedConfig("x", "https://example.org/feed.xml"))
    assert [a.title for a in parsed.articles] == [
        "One two three four five six seven eight nine ten eleven twelve…",
        "https://example.org/only-link",
        "Twice",
    ]
    assert parsed.articles[0].url == "https://example.org/a" and parsed.skipped == 2
    assert parsed.warning == (
        "skipped 2 entries (1 without title, summary or link, 1 duplicate id) — kept 3 entries"
    )


@pytest.mark.parametrize(
    ("content", "warning_start"),
    [
        (b"", "no entries: not an RSS or Atom document"),
        (b"<html><body><p>Not a feed</p></body></html>", "no entries: not an RSS or Atom document"),
        (rss("", channel="<title>Quiet</title><ttl>abc</ttl>"), None),
        (b"\x00\xff\xfe<<<", "no entries: ill-formed XML (SAXParseException: line "),
    ],
)
def test_documents_without_entries(content, warning_start):
    parsed = parse_feed(content, feed=FeedConfig("x", "https://example.org/feed"))
    assert (parsed.articles, parsed.ttl_minutes) == ([], None)
    if warning_start is None:  # a well-formed feed with no items is quiet, not broken
        assert parsed.warning is None and parsed.title == "Quiet"
    else:
        assert parsed.warning.startswith(warning_start)


def test_entries_before_a_broken_tail_are_kept_with_a_one_line_warning():
    items = "<item><title>a</title><link>https://example.org/a</link></item>"
    parsed = parse_feed(rss(items).replace(b"</channel>", b"<" + b"x" * 500), feed=FeedConfig("x", "https://e.org/"))
    assert [a.url for a in parsed.articles] == ["https://example.org/a"]
    assert parsed.warning.startswith("ill-formed XML (SAXParseException: line 1: ")
    assert parsed.warning.endswith(" — kept 1 entry") and "\n" not in parsed.warning


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello&nbsp;<b>world</b> &amp; co</p>\n\n<p>Second   para</p>", "Hello world & co\n\nSecond para"),
        ("<script>alert(1)</script><style>p {}</style><p>Kept</p><!-- gone -->", "Kept"),
        ("Line one<br>same para<br><br>New para", "Line one same para\n\nNew para"),
        ("<div><svg><text>chart</text></svg>Text</div>", "Text"),
        ("<ul><li>One</li><li>Two</li></ul>", "One\n\nTwo"),
        ("Plain &#8220;quoted&#8221; text\x00 with a NUL", "Plain “quoted” text with a NUL"),
        ("<?xml version='1.0' encoding='utf-8'?><p>declared</p>", "declared"),
        ("", ""),
        ("   \n ", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text
