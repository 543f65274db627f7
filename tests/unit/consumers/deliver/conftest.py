"""A scripted webhook receiver on 127.0.0.1 and a sample alert, shared by the deliverer's unit tests."""

from __future__ import annotations

import base64
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pydantic
import pytest

from consumers.deliver.endpoints import Endpoint
from newsmon.messages import Actor, Alert, EventFacts, Evidence, Perpetrator, Place, RuleHit, Source

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"x" * 32).decode()


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"
    delay_s: float = 0.0


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes
    arrived: float
    answered: float = 0.0


class Receiver:
    """A real HTTP server whose answers are scripted per path; records every request and connection."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.connections = 0
        self.scripts: dict[str, list[Reply]] = {}
        self.stop = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                seen = Seen(self.path, dict(self.headers.items()),
                            self.rfile.read(int(self.headers.get("content-length", 0))), time.monotonic())
                receiver.seen.append(seen)
                script = receiver.scripts.get(self.path, [Reply()])
                reply = script.pop(0) if len(script) > 1 else script[0]
                receiver.stop.wait(reply.delay_s)
                seen.answered = time.monotonic()
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = False  # server_close() joins the handler threads

            def process_request(self, request, client_address) -> None:
                receiver.connections += 1
                super().process_request(request, client_address)

            def handle_error(self, request, client_address) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def script(self, path: str, *replies: Reply) -> str:
        self.scripts[path] = list(replies)
        return self.url(path)

    def at(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]


@pytest.fixture
def receiver():
    rec = Receiver()
    rec.thread.start()
    yield rec
    rec.stop.set()
    rec.server.shutdown()
    rec.server.server_close()
    rec.thread.join()


@pytest.fixture
def alert() -> Alert:
    where = Place(name="Kaduna", admin1="Kaduna State", country="NG", kind="city")
    killed = Evidence(fact="killed", sentence="Gunmen killed three pupils at a school in Kaduna.", start=0, end=49)
    return Alert(
        id="msg_story-42-r2", story_id="story-42", revision=2, severity="high",
        headline="Toll in <Kaduna> school attack rises & gunmen flee",
        key_sentence=killed.sentence,
        event=EventFacts(type="armed-assault", killed=3, injured=12, date="2024-05-01", where=where,
                         perpetrator=Perpetrator(actor="g-1", name="Example Front", basis="blamed"),
                         evidence=(killed,)),
        place=where,
        changes=("toll rose from 1 to 3 killed",),
        rules=(RuleHit(id="rule-7", name="Attacks on schools", severity="high", why="armed assault in Kaduna"),),
        actors=(Actor(id="g-1", name="Example Front", kind="group", mentions=3, role="perpetrator"),),
        sources=(Source(id="a1", title="Gunmen attack school in Kaduna", url="https://news.example/a1",
                        outlet="Example News"),
                 Source(id="a2", title="Toll in <Kaduna> school attack rises & gunmen flee", url=None)),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def json_endpoint(name: str, url: str, **kwargs) -> Endpoint:
    return Endpoint(name, url, "json", pydantic.SecretStr(SECRET), **kwargs)
