"""The SSRF guard: the matrix of RELIABILITY.md test 7, with a fake resolver (no DNS)."""

from __future__ import annotations

import socket

import pytest

from newsmon.errors import InputError
from newsmon.netguard import UnresolvableHost, UnsafeURL, check_url

PUBLIC_V4, PUBLIC_V6 = "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


def fake_resolve(table: dict[str, list[str]]):
    """A getaddrinfo stand-in answering from table; unknown names fail like DNS does."""
    calls: list[str] = []

    def resolve(host, port, *args, **kwargs):
        calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in table[host]
        ]

    resolve.calls = calls
    return resolve


def no_dns(host, port, *args, **kwargs):
    raise AssertionError(f"DNS lookup of {host!r} was not expected")


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://10.0.0.1/hook", "non-public"),
        ("http://192.168.1.20/hook", "non-public"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "127.0.0.1"),
        ("http://[::ffff:169.254.169.254]/", "169.254.169.254"),
        ("http://[2002:7f00:1::]/", "127.0.0.1"),  # 6to4 wrapping loopback
        ("http://[64:ff9b::a00:1]/", "10.0.0.1"),  # NAT64 wrapping a private address
        ("http://[fe80::1%25eth0]/", "link-local"),
        ("http://2130706433/hook", "127.0.0.1"),  # decimal form of 127.0.0.1
        ("http://0x7f000001/hook", "127.0.0.1"),
        ("http://0177.0.0.1/hook", "127.0.0.1"),
        ("http://127.1/hook", "127.0.0.1"),
        ("http://0.0.0.0/hook", "non-public"),
        ("http://100.64.0.1/hook", "non-public"),
        ("http://localhost/hook", "loopback name"),
        ("http://LOCALHOST./hook", "loopback name"),
        ("http://api.localhost/hook", "loopback name"),
    ],
)
def test_private_literal_addresses_are_refused_without_dns(url, fragment):
    with pytest.raises(UnsafeURL) as info:
        check_url(url, resolve=no_dns)
    assert fragment in info.value.reason
    assert info.value.source == url


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "gopher://127.0.0.1:70/_stats", "ftp://example.org/x", "javascript:alert(1)",
     "//example.org/hook", "example.org/hook", "dict://127.0.0.1:11211/"],
)
def test_schemes_other_than_http_and_https_are_refused(url):
    with pytest.raises(UnsafeURL, match="scheme"):
        check_url(url, resolve=no_dns)


@pytest.mark.parametrize("url", ["http:///hook", "https://", "http://:80/x", "http://user@/x"])
def test_urls_without_host_are_refused(url):
    with pytest.raises(UnsafeURL, match="no host"):
        check_url(url, resolve=no_dns)


def test_invalid_port_is_refused():
    with pytest.raises(UnsafeURL, match="not a valid URL"):
        check_url("http://example.org:99999/", resolve=no_dns)


@pytest.mark.parametrize(
    "answers",
    [["127.0.0.1"], ["10.0.0.1"], ["169.254.169.254"], ["::1"], ["::ffff:127.0.0.1"], [PUBLIC_V4, "10.1.2.3"],
     ["fe80::1%eth0"], ["fc00::5"]],
)
def test_a_name_resolving_to_any_private_address_is_refused(answers):
    resolve = fake_resolve({"hooks.example.org": answers})
    with pytest.raises(UnsafeURL, match="hooks.example.org resolves to"):
        check_url("https://hooks.example.org/x", resolve=resolve)
    assert resolve.calls == ["hooks.example.org"]


def test_public_addresses_are_returned_in_resolver_order_without_duplicates():
    resolve = fake_resolve({"hooks.example.org": [PUBLIC_V4, PUBLIC_V6, PUBLIC_V4]})
    assert check_url("https://hooks.example.org:8443/x", resolve=resolve) == [PUBLIC_V4, PUBLIC_V6]


def test_public_literal_is_accepted_without_dns():
    assert check_url(f"http://{PUBLIC_V4}/x", resolve=no_dns) == [PUBLIC_V4]
    assert check_url(f"https://[{PUBLIC_V6}]/x", resolve=no_dns) == [PUBLIC_V6]


def test_unresolvable_host_is_a_typed_refusal():
    with pytest.raises(UnresolvableHost, match="cannot resolve host nowhere.invalid") as info:
        check_url("https://nowhere.invalid/x", resolve=fake_resolve({}))
    assert isinstance(info.value, UnsafeURL) and isinstance(info.value, InputError)


def test_resolver_with_no_answers_is_unresolvable():
    with pytest.raises(UnresolvableHost, match="no addresses"):
        check_url("https://empty.example.org/x", resolve=fake_resolve({"empty.example.org": []}))


@pytest.mark.parametrize(
    "url, expected",
    [("http://127.0.0.1:8080/hook", ["127.0.0.1"]), ("http://2130706433/", ["127.0.0.1"]),
     ("http://[::1]:9/", ["::1"]), ("http://10.0.0.1/", ["10.0.0.1"])],
)
def test_allow_private_accepts_private_addresses(url, expected):
    assert check_url(url, allow_private=True, resolve=no_dns) == expected


def test_allow_private_resolves_localhost():
    resolve = fake_resolve({"localhost": ["127.0.0.1", "::1"]})
    assert check_url("http://localhost:8080/", allow_private=True, resolve=resolve) == ["127.0.0.1", "::1"]


def test_allow_private_still_refuses_bad_schemes():
    with pytest.raises(UnsafeURL, match="scheme"):
        check_url("file:///etc/passwd", allow_private=True, resolve=no_dns)
