"""The WebSub callback: a small WSGI app (Werkzeug), served by Waitress like the console, in the poller's process.

Each subscription's callback URL ends in its own random token; the app reads that last path segment, so a proxy
may serve it under any prefix. GET is the hub verifying our intent (answered by `Subscriber.verify`); POST is
content: refused unless signed with the subscription's secret, then parsed and its new entries published at once
(`FeedPoller.accept_push`), acknowledged only once Kafka has them so a hub retries what we could not publish.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

from waitress import create_server
from werkzeug.wrappers import Request, Response

from newsmon.metrics import WEBSUB_PUSHES
from producers.feeds.config import Feed
from producers.feeds.websub import Subscriber

log = logging.getLogger(__name__)

Accept = Callable[[Feed, bytes, str | None], int]  # (feed, content, content type) -> new entries published


class CallbackApp:
    """WSGI: GET = verification of intent, POST = pushed content."""

    def __init__(self, subscriber: Subscriber, accept: Accept, *, max_bytes: int = 5 * 1024 * 1024) -> None:
        self.subscriber, self._accept, self._max_bytes = subscriber, accept, max_bytes

    def __call__(self, environ, start_response):
        request = Request(environ)
        token = request.path.rstrip("/").rsplit("/", 1)[-1]
        if request.method == "GET":
            status, text = self.subscriber.verify(token, request.args)
            response = Response(text, status=status, content_type="text/plain; charset=utf-8")
        elif request.method == "POST":
            response = self._push(request, token)
        else:
            response = Response("GET or POST", status=405, headers={"Allow": "GET, POST"})
        return response(environ, start_response)

    def _push(self, request: Request, token: str) -> Response:
        if (request.content_length or 0) > self._max_bytes:
            return Response("too large", status=413)
        body = request.stream.read(self._max_bytes + 1)
        if len(body) > self._max_bytes:
            return Response("too large", status=413)
        feed, status, why = self.subscriber.pushed(token, body, request.headers.get("X-Hub-Signature"))
        if feed is None:
            if status == 403:
                WEBSUB_PUSHES.labels(self.subscriber.feed_name(token) or "unknown", "refused").inc()
            return Response(why, status=status)
        try:
            published = self._accept(feed, body, request.headers.get("Content-Type"))
        except Exception as exc:  # noqa: BLE001 - not acknowledged: the hub sends it again
            log.error("Could not publish what the hub pushed for feed %s (%s: %s).", feed.name,
                      exc.__class__.__name__, exc)
            return Response("not published, try again", status=503)
        WEBSUB_PUSHES.labels(feed.name, "published" if published else "unchanged").inc()
        return Response("", status=202)


class CallbackServer:
    """The callback app on host:port (0 = any free port) on a daemon thread."""

    def __init__(self, app: CallbackApp, *, host: str, port: int) -> None:
        self._server = create_server(app, host=host, port=port, threads=4, ident="newsmon-websub",
                                     clear_untrusted_proxy_headers=True)
        self.port = int(self._server.effective_port)  # waitress gives the port as getnameinfo does: a string
        self._thread = threading.Thread(target=self._serve, name="websub-callback", daemon=True)
        self._closing = False

    def _serve(self) -> None:
        try:
            self._server.run()
        except OSError:  # closed while stopping
            if not self._closing:
                raise

    def start(self) -> "CallbackServer":
        self._thread.start()
        log.info("The WebSub callback server listens on port %d.", self.port)
        return self

    def close(self) -> None:
        self._closing = True
        self._server.close()
        self._thread.join(5.0)
