"""SSRF guard for user-supplied URLs (webhook endpoints, feeds): http(s) only, public addresses only.

`check_url` resolves the host and refuses the URL unless every address is global. Numeric host forms
that resolvers accept (2130706433, 0x7f.1, ::ffff:127.0.0.1) are decoded here, not handed to DNS, and
IPv6 addresses that embed an IPv4 one (mapped, 6to4, NAT64) are judged by the embedded address too.
The caller connects to an address it got back (`pinned`), so a second DNS answer cannot differ.
`retry_after` reads the Retry-After header that feeds and webhook receivers send with 429 and 503.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlsplit

import httpx

from newsmon.errors import InputError

ALLOWED_SCHEMES = frozenset({"http", "https"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_INET_ATON_FORM = re.compile(r"[0-9a-fx.]+")  # 2130706433, 0x7f000001, 0177.0.0.1, 127.1


class UnsafeURL(InputError):
    """A URL that newsmon refuses to connect to (bad scheme, private address, unknown host)."""


class PrivateAddress(UnsafeURL):
    """A URL on a loopback, private, link-local or otherwise non-public address (a setting may allow those)."""


class UnresolvableHost(UnsafeURL):
    """The host name did not resolve; unlike the other refusals this may pass later."""


Resolver = Callable[..., list]


def check_url(url: str, *, allow_private: bool = False, resolve: Resolver = socket.getaddrinfo) -> list[str]:
    """The addresses url's host resolves to; raises UnsafeURL when any of them must not be contacted."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(url, f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURL(url, f"scheme {scheme or '(none)'!r} is not allowed; use http or https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL(url, "URL has no host")
    port = port or (443 if scheme == "https" else 80)

    literal = _literal_address(host)
    if literal is not None:
        addresses = [literal]
    elif not allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise PrivateAddress(url, f"host {host} is a loopback name")
    else:
        addresses = _resolve(url, host, port, resolve)

    if not allow_private:
        for address in addresses:
            kind = _not_public(address)
            if kind and literal is not None:
                raise PrivateAddress(url, f"{address} is a {kind}")
            if kind:
                raise PrivateAddress(url, f"host {host} resolves to {address}, a {kind}")
    return addresses


def _literal_address(host: str) -> str | None:
    """The address written in host itself (an IP literal or a legacy numeric IPv4 form), else None."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _INET_ATON_FORM.fullmatch(host) and any(ch.isdigit() for ch in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _resolve(url: str, host: str, port: int, resolve: Resolver) -> list[str]:
    """Every address the resolver gives for host, in its order, without duplicates."""
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnresolvableHost(url, f"cannot resolve host {host}: {exc}") from exc
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnresolvableHost(url, f"cannot resolve host {host}: no addresses")
    return addresses


def _not_public(address: str) -> str | None:
    """What kind of non-public address this is (loopback, link-local, ...), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "malformed address"
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    if isinstance(ip, ipaddress.IPv6Address):  # judge an embedded IPv4 address first: it names the real target
        candidates += [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
        if ip in _NAT64:
            candidates.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    for candidate in [*candidates, ip]:
        if not candidate.is_global or candidate.is_multicast:
            kind = "loopback" if candidate.is_loopback else "link-local" if candidate.is_link_local else "non-public"
            return f"{kind} address" + ("" if candidate is ip else f" (embedded {candidate})")
    return None


def pinned(url: str, addresses: list[str], *, allow_private: bool) -> tuple[httpx.URL, dict[str, str], dict]:
    """Where to connect for url: (URL with the checked address, extra headers, httpx extensions).

    The Host header and the TLS server name keep the original host, so virtual hosting and certificate
    checks work while the connection goes to the address `check_url` approved. With private addresses
    allowed (tests, explicit configuration) the URL is used as it is.
    """
    target = httpx.URL(url)
    if allow_private:
        return target, {}, {}
    headers = {"host": target.netloc.decode("ascii"), "connection": "close"}
    extensions = {"sni_hostname": target.raw_host.decode("ascii")} if target.scheme == "https" else {}
    return target.copy_with(host=addresses[0]), headers, extensions


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or invalid."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
