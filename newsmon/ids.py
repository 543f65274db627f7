"""Stable article ids: the same article gets the same id on every run."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader; they never change which article a link names.
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ocid|at_\w+|__twitter_impression)$",
    re.I,
)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragment, default port and tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    )
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def normalize_text(text: str) -> str:
    """Case-folded text with Unicode compatibility forms, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def article_id(*, url: str | None = None, title: str = "", body: str = "") -> str:
    """Id from the canonical URL when known, else from the normalised title and body."""
    if url:
        basis = "url:" + canonical_url(url)
    else:
        basis = "text:" + normalize_text(title) + "\n" + normalize_text(body)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
