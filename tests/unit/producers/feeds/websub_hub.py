"""A WebSub hub on 127.0.0.1 for the tests: takes (un)subscription requests, verifies the subscriber's intent
from a thread as the recommendation says, and pushes content signed (or not) to verified subscribers."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import httpx


@dataclass
class Request:
    mode: str
    topic: str
    callback: str
    lease_seconds: str | None
    secret: str | None


@dataclass
class Verification:
    request: Request
    status: int
    body: str
    challenge: str


@dataclass
class Hub:
    lease_s: int = 3600  # the lease granted, whatever was asked
    answer: int = 202  # the status a subscription request gets
    requests: list[Request] = field(default_factory=list)
    verifications: list[Verification] = field(default_factory=list)
    subscribers: dict[str, Request] = field(default_factory=dict)  # callback -> its verified request

    def __post_init__(self) -> None:
        self.lock, self.verified = threading.Lock(), threading.Condition()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
                request = Request(form.get("hub.mode", ""), form.get("hub.topic", ""), form.get("hub.callback", ""),
                                  form.get("hub.lease_seconds"), form.get("hub.secret"))
                with hub.lock:
                    hub.requests.append(request)
                self.send_response(hub.answer)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if 200 <= hub.answer < 300:
                    threading.Thread(target=hub.verify, args=(request,)).start()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def verify(self, request: Request, *, mode: str | None = None, topic: str | None = None) -> Verification:
        """GET the callback with a challenge, as the hub does after a request (mode and topic may be forged)."""
        challenge = secrets.token_hex(8)
        params = {"hub.mode": mode or request.mode, "hub.topic": topic or request.topic, "hub.challenge": challenge}
        if (mode or request.mode) == "subscribe":
            params["hub.lease_seconds"] = str(self.lease_s)
        response = httpx.get(request.callback, params=params, timeout=5)
        done = Verification(request, response.status_code, response.text, challenge)
        with self.verified:
            self.verifications.append(done)
            if mode is None and topic is None and response.status_code == 200 and response.text == challenge:
                if request.mode == "subscribe":
                    self.subscribers[request.callback] = request
                else:
                    self.subscribers.pop(request.callback, None)
            self.verified.notify_all()
        return done

    def wait_verified(self, count: int = 1, timeout_s: float = 5.0) -> list[Verification]:
        with self.verified:
            self.verified.wait_for(lambda: len(self.verifications) >= count, timeout_s)
            return list(self.verifications)

    def push(self, callback: str, body: bytes, *, secret: str | None = None, method: str = "sha256",
             signature: str | None = None) -> int:
        """POST content to a callback, signed with secret (the subscriber's own by default) unless signature is
        given ('' sends none)."""
        key = secret if secret is not None else self.subscribers[callback].secret
        if signature is None:
            signature = f"{method}=" + hmac.new(key.encode(), body, getattr(hashlib, method)).hexdigest()
        headers = {"Content-Type": "application/rss+xml"} | ({"X-Hub-Signature": signature} if signature else {})
        return httpx.post(callback, content=body, headers=headers, timeout=5).status_code

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
