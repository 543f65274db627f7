"""Who may read and who may act. Reads need nothing on loopback (for requests addressed to a loopback name);
on any other address, or addressed to any other name, every request needs the token (as HTTP Basic password
or Bearer). Actions always need the token and a CSRF token from a page this process rendered, and must come
from this origin. Every response carries a strict Content-Security-Policy."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from werkzeug.wrappers import Request, Response

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def _host_name(host: str) -> str:
    """The Host header without its port: 127.0.0.1:8470 -> 127.0.0.1, [::1]:8470 -> [::1]."""
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0].lower()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Guard:
    def __init__(self, *, token: str | None, host: str) -> None:
        self._token = token
        self.open_reads = is_loopback(host)
        self.actions_enabled = token is not None
        self._csrf_key = secrets.token_bytes(32)  # per process: a form from before a restart is refused

    def csrf_token(self) -> str:
        return hmac.new(self._csrf_key, b"newsmon-console-action", hashlib.sha256).hexdigest()

    def authenticated(self, request: Request) -> bool:
        if self._token is None:
            return False
        auth = request.authorization  # Werkzeug parses Basic (user, password) and Bearer (token)
        given = (auth.password if auth.type == "basic" else auth.token if auth.type == "bearer" else None) \
            if auth else None
        return bool(given) and hmac.compare_digest(given.encode(), self._token.encode())

    def refuse_read(self, request: Request) -> Response | None:
        """None when the request may read; else the 401 that asks for the token, or the 403 for a request
        that names another host than loopback on a loopback console (DNS rebinding: a web page whose name
        points at 127.0.0.1 must not read the console, nor show the console's login prompt under its own
        name). Such a request that already carries the token (a reverse proxy on the same host that adds it)
        is let in."""
        if self.authenticated(request):
            return None
        if self.open_reads and _host_name(request.host) not in LOOPBACK_NAMES:
            return Response("This console answers only to 127.0.0.1, localhost or [::1], or to a request that "
                            "carries its token.\n", 403, mimetype="text/plain")
        return None if self.open_reads else challenge()

    def refuse_action(self, request: Request) -> Response | None:
        """None when the request may act; else why not, in a response."""
        if not self.actions_enabled:
            return Response("Actions are off: set NEWSMON_CONSOLE_TOKEN to enable them.\n", 403,
                            mimetype="text/plain")
        if not self.authenticated(request):
            return challenge()
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
                return Response(f"Refused: the request came from another origin ({origin}).\n", 403,
                                mimetype="text/plain")
            if not hmac.compare_digest(request.form.get("csrf", ""), self.csrf_token()):
                return Response("Refused: the form's CSRF token is missing or stale; reload the page.\n", 403,
                                mimetype="text/plain")
        return None


def challenge() -> Response:
    return Response("This console needs its token (NEWSMON_CONSOLE_TOKEN) as the password.\n", 401,
                    {"WWW-Authenticate": 'Basic realm="newsmon console", charset="UTF-8"'}, mimetype="text/plain")


def confirmation_page(response: Response) -> Response:
    """A page whose form posts an action: Referrer-Policy same-origin instead of no-referrer, because under
    no-referrer browsers send `Origin: null` with a form post, which the origin check refuses. Cross-origin
    requests from it still carry no referrer."""
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def harden(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
