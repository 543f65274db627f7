"""Turn the bytes of one RSS/Atom/RDF feed into RawArticles: pure, no network and no files.

feedparser does formats and encodings. It only gets an in-memory stream: handed a str or bytes it would
fetch a URL or open a local path itself (b"/etc/passwd" is opened as a file)."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXException, SAXParseException

import feedparser
import lxml.html
from lxml import etree

from newsmon.ids import article_id, canonical_url
from newsmon.messages import RawArticle

MAX_REASON_CHARS = 160
TITLE_WORDS = 12

_BOZO_KINDS = (
    (SAXException, "ill-formed XML"),
    ((feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown), "encoding problem"),
    (feedparser.NonXMLContentType, "not an XML content type"),
)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object")
_BLOCK_TAGS = frozenset("address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4"
                        " h5 h6 header hr li ol p pre section table tr ul".split())
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_WEB_URL = re.compile(r"https?://[^/?#\s]", re.I)
_CHARSET = re.compile(r";\s*charset\s*=", re.I)
_WEEKDAY = re.compile(r"^\s*[^\W\d]+\.?,\s*")
# Month abbreviations English date parsers do not know (pt, es), as in UOL's "Seg, 24 Set 2018 19:42:40 -0300".
_FOREIGN_MONTHS = {"fev": "Feb", "abr": "Apr", "mai": "May", "ago": "Aug", "set": "Sep", "out": "Oct",
                   "dez": "Dec", "ene": "Jan", "dic": "Dec"}


@dataclass(frozen=True)
class FeedConfig:
    """What the parser needs from a feed's entry in the feeds file."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """The usable entries of one feed, in feed order, with channel metadata and what went wrong."""

    articles: list[RawArticle]
    warning: str | None
    title: str | None
    link: str | None
    ttl_minutes: int | None
    skipped: int
    hub: str | None = None  # a WebSub hub the feed advertises (<atom:link rel="hub">)
    self_url: str | None = None  # its rel="self" link: the topic to subscribe to


def parse_feed(
    content: bytes, *, feed: FeedConfig, content_type: str | None = None, fetched_url: str | None = None
) -> ParsedFeed:
    """Parse feed bytes; keep every usable entry, even from an ill-formed feed, and say why others were lost."""
    # Pass charsets only: else feedparser applies RFC 3023's us-ascii default (dropped by RFC 7303) to text/xml.
    headers = {"content-type": content_type} if content_type and _CHARSET.search(content_type) else {}
    try:
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # noqa: BLE001 - one feed's bytes must never take the poller down
        return ParsedFeed([], f"no entries: feedparser failed ({_exc_text(exc)})", None, None, None, 0)
    channel = parsed.get("feed") or {}
    base_url = _base_url(channel, fetched_url, feed.url)
    outlet = _one_line(channel.get("title") or "") or None
    language = feed.language or (channel.get("language") or "").strip() or None
    found: dict[str, RawArticle] = {}
    skipped: list[str] = []
    for entry in parsed.get("entries") or []:
        try:
            article = _article(entry, base_url=base_url, feed=feed, outlet=outlet, language=language)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            skipped.append(f"invalid ({_exc_text(exc)})")
            continue
        if article is None or article.id in found:
            skipped.append("without title, summary or link" if article is None else "duplicate id")
        else:
            found[article.id] = article
    articles = list(found.values())
    ttl = str(channel.get("ttl") or "").strip()
    ttl_minutes = int(ttl) if re.fullmatch(r"[0-9]{1,6}", ttl) and int(ttl) > 0 else None
    link = base_url if (channel.get("link") or "").strip() and _is_web(base_url) else None
    return ParsedFeed(articles, _warning(parsed, articles, skipped), outlet, link, ttl_minutes, len(skipped),
                      hub=_rel_link(channel, "hub"), self_url=_rel_link(channel, "self"))


def _rel_link(channel: Any, rel: str) -> str | None:
    """The first absolute http(s) link of the channel with this rel."""
    for link in channel.get("links") or []:
        href = (link.get("href") or "").strip()
        if link.get("rel") == rel and _is_web(href):
            return href
    return None


def entry_id(entry: Any, *, base_url: str) -> str:
    """Stable id: the guid, else the canonical link, else the title and publication time."""
    guid = _one_line(entry.get("id") or "")
    if guid:
        if not _is_web(guid):
            return article_id(title="guid:" + guid)
        fragment = urlsplit(guid).fragment
        if not fragment:
            return article_id(url=guid)
        # A fragment in a URL guid (BBC's #0, #1, ...) names a distinct item: keep it in the id.
        return article_id(title=f"guid:{canonical_url(guid)}#{fragment}")
    link = _link(entry, base_url)
    if link:
        return article_id(url=link)
    published = _published(entry)
    return article_id(title=_title(entry), body=published.isoformat() if published else "")


def html_to_text(html: str) -> str:
    """Readable text of HTML: no tags, scripts or styles, entities decoded, paragraphs split by blank lines."""
    html = _CONTROL_CHARS.sub(" ", html or "")
    if not html.strip():
        return ""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        # Whitespace in HTML source is not layout: collapse it, then mark the breaks the markup makes.
        text, tail = _SPACES.sub(" ", element.text or ""), _SPACES.sub(" ", element.tail or "")
        if element.tag == "br":
            tail = "\n" + tail
        elif element.tag in _BLOCK_TAGS:
            text, tail = "\n\n" + text, "\n\n" + tail
        element.text, element.tail = text, tail
    paragraphs = (_one_line(part) for part in _BLANK_LINE.split(root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)


def _article(entry: Any, *, base_url: str, feed: FeedConfig, outlet: str | None, language: str | None):
    """The RawArticle of one entry, or None when it has no title, summary or link."""
    summary, body = _texts(entry)
    link = _link(entry, base_url)
    title = _title(entry) or link
    if not title:
        return None
    return RawArticle(
        id=entry_id(entry, base_url=base_url), title=title, body=body if len(body) > len(summary) else "",
        summary=summary, url=link, published=_published(entry), outlet=outlet, language_hint=language,
        source=feed.name, source_kind="feed", tags=feed.tags,
    )


def _title(entry: Any) -> str:
    """The entry's title on one line, else the first words of its summary or content."""
    title = _one_line(_detail_text(entry.get("title"), entry.get("title_detail")))
    if title:
        return title
    summary, body = _texts(entry)
    words = (summary or body).split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def _texts(entry: Any) -> tuple[str, str]:
    """Text of the summary/description and of the longest content (content:encoded, atom:content)."""
    contents = (_detail_text(c.get("value"), c) for c in entry.get("content") or [])
    return _detail_text(entry.get("summary"), entry.get("summary_detail")), max(contents, key=len, default="")


def _detail_text(value: str | None, detail: Any) -> str:
    """Text of a feedparser value; its *_detail type says whether it is HTML (assumed when unknown)."""
    if value and "html" in ((detail or {}).get("type") or "text/html"):
        return html_to_text(value)
    return _BLANK_LINE.sub("\n\n", value or "").strip()


def _link(entry: Any, base_url: str) -> str | None:
    """The entry's link, made absolute against the feed's base and canonicalised; None unless http(s)."""
    link = (entry.get("link") or "").strip()
    absolute = urljoin(base_url, link) if link else ""
    return canonical_url(absolute) if _is_web(absolute) else None


def _base_url(channel: Any, fetched_url: str | None, feed_url: str) -> str:
    """What relative links are resolved against: the channel's (site) link, else where the feed came from."""
    self_links = [link.get("href") or "" for link in channel.get("links") or [] if link.get("rel") == "self"]
    document = next((u for u in (fetched_url, feed_url, *self_links) if u and _is_web(u)), "")
    try:
        site = urljoin(document, (channel.get("link") or "").strip())
    except ValueError:
        return document
    return site if _is_web(site) else document


def _published(entry: Any) -> datetime | None:
    """Publication (else update) time in UTC; feedparser's *_parsed tuples are already UTC."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = dict.get(entry, key)  # dict.get: no deprecated updated -> published fallback and its warning
        try:
            if parsed:
                return datetime(*parsed[:6], tzinfo=timezone.utc)
        except (TypeError, ValueError, OverflowError):
            pass
    # feedparser leaves RFC 822 dates with Portuguese or Spanish names unparsed; translate the month and retry.
    try:
        raw = _WEEKDAY.sub("", dict.get(entry, "published") or dict.get(entry, "updated") or "")
        when = parsedate_to_datetime(" ".join(_FOREIGN_MONTHS.get(w.lower().rstrip("."), w) for w in raw.split()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _warning(parsed: Any, articles: list[RawArticle], skipped: list[str]) -> str | None:
    """One line saying what was wrong with the feed, or None when nothing was."""
    exc = parsed.get("bozo_exception")
    kind = next((kind for types, kind in _BOZO_KINDS if isinstance(exc, types)), "feed problem")
    problems = [f"{kind} ({_exc_text(exc)})" if exc is not None else kind] if parsed.get("bozo") else []
    if skipped:
        counts = ", ".join(f"{n} {reason}" for reason, n in Counter(skipped).items())
        problems.append(f"skipped {len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} ({counts})")
    if not articles:
        if not problems and parsed.get("version"):
            return None  # a well-formed feed with no items is merely quiet
        return "no entries: " + ("; ".join(problems) or "not an RSS or Atom document")
    kept = f" — kept {len(articles)} entr{'y' if len(articles) == 1 else 'ies'}"
    return "; ".join(problems) + kept if problems else None


def _exc_text(exc: BaseException) -> str:
    """'ExceptionName: message' on one line, at most MAX_REASON_CHARS long."""
    sax = isinstance(exc, SAXParseException)  # whose str() starts with a useless "<unknown>:6:0:"
    message = f"line {exc.getLineNumber()}: {exc.getMessage()}" if sax else str(exc)
    text = f"{type(exc).__name__}: {_one_line(message)}"
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def _is_web(url: str) -> bool:
    return bool(_WEB_URL.match(url))


def _one_line(text: str) -> str:
    return " ".join(text.split())
