"""Fetching feeds safely: SSRF check on every hop, a decoded-byte cap, a wall-clock deadline, conditional GET, and
per-host turns (`hosts.HostGate`: one request at a time, a gap between requests, Retry-After holds the host).

`FeedFetcher.fetch` never raises for network or HTTP trouble; `FetchResult.error` says what went wrong. Redirects
are followed by hand so each hop passes `netguard.check_url` and connects to the address checked. The body is read
raw and inflated here in bounded pieces (gzip bombs stay small); a watchdog shuts the socket at the deadline.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator

import httpx

from newsmon import netguard
from producers.feeds.hosts import HostGate, HostHeld

log = logging.getLogger(__name__)

USER_AGENT = "newsmon/0.1 (+https://github.com/newsmon/newsmon; security news monitor)"
ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, "
          "text/xml;q=0.8, text/html;q=0.3, */*;q=0.1")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PIECE = 64 * 1024  # most bytes inflated from compressed input in one step


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and where a fetch may go."""
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0
    deadline_s: float = 30.0  # wall clock for the whole fetch: connects, redirects and body
    max_bytes: int = 5 * 1024 * 1024  # decoded body bytes
    max_redirects: int = 5
    allow_private: bool = False  # loopback/private targets; only tests and explicit config turn this on


@dataclass(frozen=True)
class Conditional:
    """Validators from the last successful fetch, sent back as If-None-Match / If-Modified-Since."""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """The outcome of one fetch; `error` is None only for 200 and 304."""
    url: str  # final URL after redirects
    status: int | None  # None when no HTTP response was received
    content: bytes | None  # the decoded body, only for 200
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool  # 304: etag/last_modified fall back to the validators sent
    retry_after_s: float | None  # from Retry-After on 429/503
    max_age_s: float | None  # Cache-Control max-age; None when absent, no-cache or no-store
    error: str | None
    elapsed_s: float
    links: tuple[tuple[str, str], ...] = ()  # (rel, URL) of the Link headers, e.g. WebSub's hub and self
    held: bool = False  # not sent: the host's Retry-After hold outlasts the deadline (retry_after_s: what is left)


class _Failed(Exception):
    """A fetch ended without a usable response; the message is the FetchResult error."""


class FeedFetcher:
    """Fetches feed URLs under FetchLimits, at most per_host_limit at a time per host and host_gap_s apart;
    thread-safe."""

    def __init__(self, *, limits: FetchLimits = FetchLimits(), client: httpx.Client | None = None,
                 resolve=socket.getaddrinfo, per_host_limit: int = 1, host_gap_s: float = 0.0) -> None:
        self.limits, self._resolve = limits, resolve
        self._own_client = client is None
        self._client = client or httpx.Client(follow_redirects=False, trust_env=False)
        self.hosts = HostGate(limit=per_host_limit, gap_s=host_gap_s)
        self._deadline_error = f"timeout after {limits.deadline_s:g} s deadline"

    def close(self) -> None:
        """Close the HTTP client if this fetcher made it."""
        if self._own_client:
            self._client.close()

    def fetch(self, url: str, conditional: Conditional = Conditional()) -> FetchResult:
        """GET url with conditional headers, following up to max_redirects safe redirects, within the deadline."""
        started = time.monotonic()
        deadline = started + self.limits.deadline_s
        current, fields = url, {}
        try:
            for hop in range(self.limits.max_redirects + 1):
                fields = self._hop(current, conditional, deadline)
                if (location := fields.pop("location", None)) is None:
                    break
                if hop == self.limits.max_redirects:
                    raise _Failed(f"too many redirects ({self.limits.max_redirects})")
                current = str(httpx.URL(current).join(location))
        except _Failed as exc:
            fields["error"] = str(exc)
        except HostHeld as exc:
            fields.update(error=str(exc), retry_after_s=exc.seconds, held=True)
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, zlib.error) as exc:
            fields["error"] = self._describe(exc, deadline)
        result = _result(current, fields, conditional, time.monotonic() - started)
        log.log(logging.INFO if result.error else logging.DEBUG, "Fetch of %s ended in %.2f s: %s.",
                url, result.elapsed_s, result.error or f"HTTP {result.status}")
        return result

    def _hop(self, url: str, conditional: Conditional, deadline: float) -> dict:
        """One request; the fields of a FetchResult, or {"location": ...} for a redirect to follow."""
        try:
            addresses = netguard.check_url(url, allow_private=self.limits.allow_private, resolve=self._resolve)
        except netguard.UnresolvableHost as exc:
            raise _Failed(exc.reason) from exc
        except netguard.PrivateAddress as exc:
            raise _Failed(f"unsafe URL: {exc.reason} (set NEWSMON_FEED_ALLOW_PRIVATE=true to allow private "
                          "addresses)") from exc
        except netguard.UnsafeURL as exc:
            raise _Failed(f"unsafe URL: {exc.reason}") from exc
        target, pinning, extensions = netguard.pinned(url, addresses, allow_private=self.limits.allow_private)
        headers = self._headers(conditional) | pinning
        host = httpx.URL(url).host
        if not self.hosts.acquire(host, deadline):
            raise _Failed(self._deadline_error)
        watchdog = _Watchdog(deadline)
        extensions["trace"] = watchdog.trace
        try:
            with self._client.stream("GET", target, headers=headers, extensions=extensions,
                                     timeout=self._timeout(deadline), follow_redirects=False) as response:
                fields = self._answer(response, deadline)
        finally:
            watchdog.cancel()
            self.hosts.release(host)
        if fields.get("retry_after_s"):  # the whole host waits, not only this feed
            self.hosts.hold(host, fields["retry_after_s"])
        return fields

    def _answer(self, response: httpx.Response, deadline: float) -> dict:
        status, headers = response.status_code, response.headers
        if status in _REDIRECTS and "location" in headers:  # without one it is just an "HTTP 302" failure
            return {"location": headers["location"]}
        fields = {"status": status, "content_type": headers.get("content-type"), "etag": headers.get("etag"),
                  "last_modified": headers.get("last-modified"), "max_age_s": _max_age(headers),
                  "links": tuple((rel, link["url"]) for rel, link in response.links.items() if link.get("url"))}
        if status in (429, 503):
            fields["retry_after_s"] = netguard.retry_after(headers.get("retry-after"))
        if status == 200:
            try:
                fields["content"] = self._read_body(response, deadline)
            except _Failed as exc:  # the status stays: the server answered, its body was refused
                fields["error"] = str(exc)
        elif status != 304:
            fields["error"] = f"HTTP {status}"
        return fields

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        """The decoded body, counted against max_bytes as it arrives and abandoned at the deadline."""
        cap = self.limits.max_bytes
        coding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
        declared = response.headers.get("content-length", "")
        if coding == "identity" and declared.isdigit() and int(declared) > cap:
            raise _Failed(f"body over {cap} bytes")
        parts, size = [], 0
        for piece in _inflate(coding, response.iter_raw()):
            size += len(piece)
            if size > cap:
                raise _Failed(f"body over {cap} bytes")
            parts.append(piece)
            if time.monotonic() > deadline:
                raise _Failed(self._deadline_error)
        return b"".join(parts)

    def _headers(self, conditional: Conditional) -> dict[str, str]:
        headers = {"user-agent": USER_AGENT, "accept": ACCEPT, "accept-encoding": "gzip, deflate",
                   "connection": "close",  # a fresh connection per hop, so the watchdog sees its socket
                   "if-none-match": conditional.etag, "if-modified-since": conditional.last_modified}
        return {name: value for name, value in headers.items() if value}

    def _timeout(self, deadline: float) -> httpx.Timeout:
        left = max(0.001, deadline - time.monotonic())
        read = min(self.limits.read_timeout_s, left)
        return httpx.Timeout(connect=min(self.limits.connect_timeout_s, left), read=read, write=read, pool=left)

    def _describe(self, exc: Exception, deadline: float) -> str:
        """One line for a transport failure; anything that ends at the deadline is the deadline."""
        if time.monotonic() >= deadline - 0.01:
            return self._deadline_error
        if isinstance(exc, httpx.TimeoutException):
            return f"{type(exc).__name__.removesuffix('Timeout').lower()} timeout"
        text = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, httpx.ConnectError) and "refused" in text.lower():
            return "connection refused"
        prefix = {httpx.ConnectError: "connection failed", zlib.error: "invalid compressed body"}.get(
            type(exc), type(exc).__name__)
        return f"{prefix}: {text}"[:200]


class _Watchdog:
    """Shuts the hop's socket down at the deadline, which ends any blocked read (headers or body)."""

    def __init__(self, deadline: float) -> None:
        self._sock, self._lock, self._done, self._fired = None, threading.Lock(), False, False
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict) -> None:
        """httpcore trace hook: remember the socket of each new connection (TCP, then TLS)."""
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")) and info.get("return_value"):
            with self._lock:
                self._sock = info["return_value"].get_extra_info("socket")
            self._fire(timer=False)  # a connection made after the deadline is shut at once

    def _fire(self, timer: bool = True) -> None:
        with self._lock:
            self._fired = self._fired or (timer and not self._done)
            if self._fired and self._sock is not None:
                try:  # the plain socket method: SSLSocket.shutdown would drop its TLS state under the reader
                    socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
                except OSError:  # already closed
                    pass

    def cancel(self) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()


def _inflate(coding: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Undo a Content-Encoding in pieces of at most _PIECE bytes whatever the ratio; b"" after each raw chunk."""
    if coding == "identity":
        yield from chunks
        return
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise _Failed(f"unsupported content-encoding {coding!r}")
    inflater = None
    for data in chunks:
        if inflater is None:  # deflate comes with a zlib header or, from many servers, without one
            zlib_header = len(data) > 1 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            wbits = 16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
            inflater = zlib.decompressobj(wbits)
        yield b""
        while data and not inflater.eof:
            yield inflater.decompress(data, _PIECE)
            data = inflater.unconsumed_tail
    if inflater is not None:
        yield inflater.flush()


def _result(url: str, fields: dict, conditional: Conditional, elapsed_s: float) -> FetchResult:
    values = {key: None for key in ("status", "content", "content_type", "etag", "last_modified",
                                    "retry_after_s", "max_age_s", "error")} | {"links": ()} | fields
    not_modified = values["status"] == 304 and not values["error"]
    if not_modified:  # a 304 may omit the validators: the ones sent are still current
        values["etag"] = values["etag"] or conditional.etag
        values["last_modified"] = values["last_modified"] or conditional.last_modified
    return FetchResult(url=url, not_modified=not_modified, elapsed_s=elapsed_s, **values)


def _max_age(headers: httpx.Headers) -> float | None:
    """Cache-Control max-age in seconds (s-maxage is for shared caches); None when absent or no-cache."""
    directives = {}
    for part in ",".join(headers.get_list("cache-control")).split(","):
        name, _, value = part.strip().partition("=")
        directives[name.strip().lower()] = value.strip().strip('"')
    if "no-cache" in directives or "no-store" in directives:
        return None
    return float(directives["max-age"]) if directives.get("max-age", "").isdigit() else None
