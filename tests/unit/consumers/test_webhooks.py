"""WebhookSender against a real HTTP receiver on 127.0.0.1, plus endpoint loading and payload rendering."""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pydantic
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from consumers.webhooks import Endpoint, WebhookSender, load_endpoints, render_payload
from newsmon.alerts_cli import run_alerts_test
from newsmon.errors import ConfigError
from newsmon.messages import Actor, Alert, AlertArticle, EventFacts
from newsmon.settings import Settings

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"x" * 32).decode()
DELAYS = (0.05, 0.1)


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
    return Alert(
        id="rule-7.story-42.r1", rule_id="rule-7", rule_name="Attacks on schools", severity="high",
        story_id="story-42", reason="new story",
        articles=(AlertArticle(id="a1", title="Gunmen attack school in <Kaduna> & flee", url="https://news.example/a1",
                               outlet="Example News"),
                  AlertArticle(id="a2", title="Second report", url=None)),
        actors=(Actor(id="g-1", name="Example Front", kind="group", mentions=3),),
        categories=("armed-attack",), event=EventFacts(type="attack", killed=3, injured=12, date="2024-05-01"),
    )


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_sender(endpoints: list[Endpoint], **kwargs) -> WebhookSender:
    options = {"timeout_s": 2.0, "retry_delays_s": DELAYS, "allow_private": True, **kwargs}
    return WebhookSender({e.name: e for e in endpoints}, **options)


def json_endpoint(name: str, url: str, **kwargs) -> Endpoint:
    return Endpoint(name, url, "json", pydantic.SecretStr(SECRET), **kwargs)


# --- delivery -------------------------------------------------------------------------------------------


def test_success_is_signed_and_verifies(receiver, alert, caplog):
    caplog.set_level(logging.INFO, logger="consumers.webhooks")
    url = receiver.script("/ok", Reply(200))
    with make_sender([json_endpoint("soc", url)]) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code, outcome.reason) == (True, 1, 200, "200 OK")
    [seen] = receiver.seen
    assert Webhook(SECRET).verify(seen.body, seen.headers) == json.loads(seen.body)
    assert seen.headers["webhook-id"] == alert.id == outcome.webhook_id
    assert abs(int(seen.headers["webhook-timestamp"]) - time.time()) < 5
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["user-agent"] == "newsmon/0.1 (+webhooks)"
    assert Alert.model_validate_json(seen.body) == alert
    text = caplog.text
    assert "soc" in text and alert.id in text and "attempt 1" in text and "200" in text and " ms" in text
    assert SECRET not in text and seen.headers["webhook-signature"] not in text


def test_tampered_body_id_or_timestamp_fails_verification(receiver, alert):
    url = receiver.script("/ok", Reply(200))
    with make_sender([json_endpoint("soc", url)]) as sender:
        sender.deliver(alert)
    [seen] = receiver.seen
    for body, headers in [
        (seen.body.replace(b"Attacks", b"Attackz"), seen.headers),
        (seen.body, {**seen.headers, "webhook-id": "other-id"}),
        (seen.body, {**seen.headers, "webhook-timestamp": str(int(seen.headers["webhook-timestamp"]) - 1)}),
    ]:
        with pytest.raises(WebhookVerificationError):
            Webhook(SECRET).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER_SECRET).verify(seen.body, seen.headers)


def test_500_always_gives_up_after_every_retry_with_the_same_id_and_body(receiver, alert):
    url = receiver.script("/down", Reply(500, body=b"boom"))
    with make_sender([json_endpoint("soc", url)]) as sender:
        [outcome] = sender.deliver(alert)
    assert not outcome.delivered
    assert outcome.attempts == len(DELAYS) + 1 == len(receiver.seen)
    assert outcome.reason == f"gave up after {len(DELAYS) + 1} attempts: 500"
    assert {s.headers["webhook-id"] for s in receiver.seen} == {alert.id}
    assert len({s.body for s in receiver.seen}) == 1
    for seen in receiver.seen:
        Webhook(SECRET).verify(seen.body, seen.headers)


def test_503_twice_then_200_is_delivered_on_attempt_3(receiver, alert):
    url = receiver.script("/flaky", Reply(503), Reply(503), Reply(200))
    sleep = FakeSleep()
    jitter_calls = []

    def jitter(lo, hi):
        jitter_calls.append((lo, hi))
        return hi

    with make_sender([json_endpoint("soc", url)], sleep=sleep, jitter=jitter) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (True, 3, 200)
    assert sleep.calls == pytest.approx([DELAYS[0] * 1.2, DELAYS[1] * 1.2])
    assert jitter_calls == [(0.8, 1.2), (0.8, 1.2)]


def test_429_honours_retry_after_seconds(receiver, alert):
    url = receiver.script("/busy", Reply(429, {"Retry-After": "1"}), Reply(200))
    sleep = FakeSleep()
    with make_sender([json_endpoint("soc", url)], sleep=sleep) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts) == (True, 2)
    assert sleep.calls == [pytest.approx(1.0)]


def test_retry_after_http_date_is_honoured(receiver, alert):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    url = receiver.script("/busy", Reply(503, {"Retry-After": when}), Reply(200))
    sleep = FakeSleep()
    with make_sender([json_endpoint("soc", url)], sleep=sleep) as sender:
        [outcome] = sender.deliver(alert)
    assert outcome.delivered
    assert 27 <= sleep.calls[0] <= 30


def test_retry_after_above_the_cap_gives_up_at_once(receiver, alert):
    url = receiver.script("/busy", Reply(429, {"Retry-After": "3600"}), Reply(200))
    sleep = FakeSleep()
    with make_sender([json_endpoint("soc", url)], sleep=sleep, max_retry_after_s=300) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (False, 1, 429)
    assert "Retry-After 3600 s" in outcome.reason and "300 s" in outcome.reason
    assert sleep.calls == [] and len(receiver.seen) == 1


def test_410_disables_the_endpoint_for_later_deliveries(receiver, alert, caplog):
    gone = receiver.script("/gone", Reply(410))
    ok = receiver.script("/ok", Reply(200))
    with make_sender([json_endpoint("old", gone), json_endpoint("new", ok)]) as sender:
        first = sender.deliver(alert)
        second = sender.deliver(alert)
    assert [(o.endpoint, o.delivered, o.attempts, o.reason) for o in first] == [
        ("old", False, 1, "410 Gone: endpoint disabled"), ("new", True, 1, "200 OK")]
    assert (second[0].delivered, second[0].attempts, second[0].reason) == (False, 0, "endpoint disabled earlier (410)")
    assert second[1].delivered
    assert sender.disabled == {"old"}
    assert len(receiver.at("/gone")) == 1 and len(receiver.at("/ok")) == 2
    assert any(r.levelno == logging.WARNING and "410" in r.getMessage() for r in caplog.records)


def test_302_is_a_failure_and_is_not_followed(receiver, alert):
    canary = receiver.url("/canary")
    url = receiver.script("/moved", Reply(302, {"Location": canary}))
    with make_sender([json_endpoint("soc", url)]) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (False, 1, 302)
    assert "redirect is a failure" in outcome.reason
    assert receiver.at("/canary") == [] and len(receiver.seen) == 1


def test_other_4xx_is_a_permanent_failure(receiver, alert):
    url = receiver.script("/bad", Reply(400))
    with make_sender([json_endpoint("soc", url)]) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.reason) == (False, 1, "400 Bad Request: permanent failure")


def test_timeout_is_retried_then_fails(receiver, alert):
    url = receiver.script("/slow", Reply(200, delay_s=5.0))
    with make_sender([json_endpoint("soc", url, timeout_s=0.3)]) as sender:
        started = time.monotonic()
        [outcome] = sender.deliver(alert)
    assert time.monotonic() - started < 3
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (False, 3, None)
    assert outcome.reason == "gave up after 3 attempts: timed out after 0.3 s"
    assert len(receiver.seen) == 3


def test_connection_refused_is_retried_then_fails(alert):
    url = f"http://127.0.0.1:{free_port()}/hook"
    sleep = FakeSleep()
    with make_sender([json_endpoint("soc", url)], sleep=sleep) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts) == (False, 3)
    assert outcome.reason.startswith("gave up after 3 attempts: connection failed")
    assert len(sleep.calls) == 2


def test_a_slow_endpoint_does_not_delay_a_fast_one(receiver, alert):
    slow = receiver.script("/slow", Reply(200, delay_s=0.8))
    fast = receiver.script("/fast", Reply(200))
    with make_sender([json_endpoint("slow", slow), json_endpoint("fast", fast)]) as sender:
        outcomes = sender.deliver(alert)
    assert [(o.endpoint, o.delivered) for o in outcomes] == [("slow", True), ("fast", True)]
    [slow_seen], [fast_seen] = receiver.at("/slow"), receiver.at("/fast")
    assert fast_seen.answered < slow_seen.answered
    assert fast_seen.arrived < slow_seen.arrived + 0.5


def test_private_url_is_refused_without_any_connection(receiver, alert):
    url = receiver.script("/canary", Reply(200))
    with make_sender([json_endpoint("soc", url)], allow_private=False) as sender:
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (False, 0, None)
    assert outcome.reason.startswith("unsafe URL: ") and "loopback" in outcome.reason
    assert receiver.seen == [] and receiver.connections == 0


def test_public_url_connects_to_the_checked_address(alert):
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(204)

    def resolve(host, port, *args, **kwargs):
        assert host == "hooks.example.org"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    endpoint = json_endpoint("soc", "https://hooks.example.org:8443/in?x=1")
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        sender = WebhookSender({"soc": endpoint}, client=client, resolve=resolve)
        [outcome] = sender.deliver(alert)
    assert outcome.delivered
    [request] = requests
    assert str(request.url) == "https://93.184.215.14:8443/in?x=1"
    assert request.headers["host"] == "hooks.example.org:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.org"


def test_unresolvable_host_is_retried_then_fails(alert):
    def resolve(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    sleep = FakeSleep()
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        sender = WebhookSender({"soc": json_endpoint("soc", "https://gone.example.org/")}, client=client,
                               resolve=resolve, retry_delays_s=DELAYS, sleep=sleep)
        [outcome] = sender.deliver(alert)
    assert (outcome.delivered, outcome.attempts, outcome.status_code) == (False, 3, None)
    assert outcome.reason.startswith("gave up after 3 attempts: cannot resolve host gone.example.org")
    assert len(sleep.calls) == 2


def test_unknown_destination_is_reported(receiver, alert):
    url = receiver.script("/ok", Reply(200))
    with make_sender([json_endpoint("soc", url)]) as sender:
        outcomes = sender.deliver(alert, ["nope", "soc"])
    assert [(o.endpoint, o.delivered, o.reason) for o in outcomes] == [
        ("nope", False, "unknown endpoint"), ("soc", True, "200 OK")]


def test_send_once_reports_status_latency_and_body(receiver, alert):
    url = receiver.script("/down", Reply(503, body=b"maintenance"))
    with make_sender([json_endpoint("soc", url)]) as sender:
        status, latency_s, detail = sender.send_once(sender.endpoints["soc"], alert)
    assert (status, detail) == (503, "maintenance")
    assert 0 < latency_s < 2 and len(receiver.seen) == 1


# --- payloads -------------------------------------------------------------------------------------------


def test_slack_format_renders_text_and_blocks(receiver, alert):
    url = receiver.script("/slack", Reply(200))
    with make_sender([Endpoint("chat", url, "slack")]) as sender:
        [outcome] = sender.deliver(alert)
    assert outcome.delivered
    [seen] = receiver.seen
    assert "webhook-signature" not in seen.headers and seen.headers["webhook-id"] == alert.id
    payload = json.loads(seen.body)
    assert seen.body == render_payload(alert, "slack")
    assert payload["text"] == "[HIGH] Attacks on schools: Gunmen attack school in <Kaduna> & flee (+1 more)"
    assert payload["blocks"][0]["type"] == "header"
    text = "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")
    assert "*Severity:* high" in text and "rule-7" in text
    assert "<https://news.example/a1|Gunmen attack school in &lt;Kaduna&gt; &amp; flee>" in text
    assert "• Second report" in text
    assert "Example Front (group, 3x)" in text
    assert "killed: 3" in text and "injured: 12" in text


def test_json_payload_is_the_alert_message(alert):
    assert Alert.model_validate_json(render_payload(alert, "json")) == alert
    with pytest.raises(ValueError, match="unknown payload format"):
        render_payload(alert, "xml")


# --- endpoints file -------------------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "endpoints.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_endpoints_reads_env_and_file_secrets(tmp_path):
    (tmp_path / "soc.secret").write_text(OTHER_SECRET + "\n", encoding="utf-8")
    path = write(tmp_path, """
endpoints:
  - {name: soc, url: "https://hooks.example.org/in", secret_env: SOC_SECRET, timeout_s: 5}
  - {name: ir, url: "https://ir.example.org/in", secret_file: soc.secret}
  - {name: chat, url: "https://hooks.slack.example/T/B/X", format: slack}
""")
    endpoints = load_endpoints(path, env={"SOC_SECRET": SECRET})
    assert list(endpoints) == ["soc", "ir", "chat"]
    assert endpoints["soc"].secret.get_secret_value() == SECRET and endpoints["soc"].timeout_s == 5.0
    assert endpoints["ir"].secret.get_secret_value() == OTHER_SECRET
    assert endpoints["chat"].secret is None and endpoints["chat"].format == "slack"
    assert SECRET not in repr(endpoints["soc"])


@pytest.mark.parametrize(
    "body, env, expected",
    [
        ("[{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]", {}, "expected a mapping with an 'endpoints'"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: NOPE}]", {},
         "endpoint 'soc': environment variable NOPE is not set"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]",
         {"SOC_SECRET": SECRET.removeprefix("whsec_")}, "environment variable SOC_SECRET must hold 'whsec_' + base64"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET}]",
         {"SOC_SECRET": "whsec_c2hvcnQ="}, "at least 24 random bytes"),
        (f"endpoints: [{{name: soc, url: 'https://x.example/', secret: '{SECRET}'}}]", {},
         "secret: Extra inputs are not permitted; put secrets in secret_env or secret_file"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_file: missing.secret}]", {},
         "cannot read secret file"),
        ("endpoints: [{name: soc, url: 'https://x.example/', secret_env: SOC_SECRET, secret_file: s}]",
         {"SOC_SECRET": SECRET}, "not both"),
        ("endpoints: [{name: soc, url: 'https://x.example/'}]", {}, "json endpoints need secret_env or secret_file"),
        ("endpoints: [{name: soc, url: 'ftp://x.example/', format: slack}]", {}, "url must be an http or https URL"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: xml}]", {},
         "format: Input should be 'json' or 'slack'"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: slack, timeout_s: -1}]", {},
         "timeout_s: Input should be greater than 0"),
        ("endpoints: [{name: soc, url: 'https://x.example/', format: slack, timeout_s: true}]", {},
         "timeout_s: Input should be a valid number"),
        ("endpoints: [{url: 'https://x.example/', format: slack}]", {}, "endpoint #1"),
        ("endpoints:\n - {name: a, url: 'https://x.example/', format: slack}\n"
         " - {name: a, url: 'https://y.example/', format: slack}", {}, "endpoint 'a': name used twice"),
        (f"endpoints:\n  - name: soc\n    secret: {SECRET}\n   url: [broken", {}, "invalid YAML at line"),
    ],
)
def test_load_endpoints_errors_name_the_problem_but_never_the_secret(tmp_path, body, env, expected):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_endpoints(path, env=env)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and expected in message
    for secret in (SECRET, SECRET.removeprefix("whsec_")):
        assert secret not in message
    assert info.value.__cause__ is None or SECRET not in str(info.value.__cause__)


def test_missing_endpoints_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read endpoints file"):
        load_endpoints(tmp_path / "nope.yaml", env={})


# --- newsmon alerts test --------------------------------------------------------------------------------


def cli_settings(tmp_path: Path, url: str | None) -> Settings:
    if url is None:
        return Settings(endpoints_file=None, webhook_allow_private=True)
    (tmp_path / "soc.secret").write_text(SECRET, encoding="utf-8")
    path = write(tmp_path, f"endpoints:\n  - {{name: soc, url: '{url}', secret_file: soc.secret}}\n")
    return Settings(endpoints_file=path, webhook_allow_private=True, webhook_timeout_s=2.0)


def test_alerts_test_prints_what_happened(receiver, tmp_path, capsys):
    url = receiver.script("/ok", Reply(200, body=b"thanks " * 100))
    code = run_alerts_test(type("Args", (), {"endpoint": "soc"})(), cli_settings(tmp_path, url))
    out = capsys.readouterr().out
    assert code == 0
    [seen] = receiver.seen
    Webhook(SECRET).verify(seen.body, seen.headers)
    assert seen.headers["webhook-id"].startswith("test-") and len(seen.headers["webhook-id"]) == 17
    assert json.loads(seen.body)["rule_id"] == "newsmon-test"
    assert f"soc {url}" in out and f"webhook-id: {seen.headers['webhook-id']}" in out
    assert "webhook-signature: v1,<redacted>" in out and seen.headers["webhook-signature"] not in out
    assert f"webhook-timestamp: {seen.headers['webhook-timestamp']}" in out
    assert "HTTP 200 OK" in out and " ms" in out and repr(("thanks " * 100)[:200]) in out
    assert SECRET not in out


def test_alerts_test_exits_2_when_not_delivered(receiver, tmp_path, capsys):
    url = receiver.script("/down", Reply(503, body=b"down"))
    assert run_alerts_test(type("Args", (), {"endpoint": "soc"})(), cli_settings(tmp_path, url)) == 2
    assert "HTTP 503 Service Unavailable" in capsys.readouterr().out
    assert len(receiver.seen) == 1


def test_alerts_test_needs_a_known_endpoint(tmp_path):
    args = type("Args", (), {"endpoint": "other"})()
    with pytest.raises(ConfigError, match="no endpoint named 'other'"):
        run_alerts_test(args, cli_settings(tmp_path, "http://127.0.0.1:9/"))
    with pytest.raises(ConfigError, match="NEWSMON_ENDPOINTS_FILE"):
        run_alerts_test(args, cli_settings(tmp_path, None))
