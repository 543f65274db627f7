"""`newsmon console`: the store, the follower and the web server wired together, and the actions (redeliver,
enable, and the analysts' corrections)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from waitress import create_server

from consumers.console.follower import Follower
from consumers.console.store import Store
from consumers.console.web.app import Actions, ConsoleApp, Context
from consumers.console.web.guard import Guard, is_loopback
from newsmon.errors import BrokerUnavailable, ConfigError
from newsmon.runloop import StopFlag, run_until_stopped
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def store_path(settings: Settings) -> Path:
    return settings.console_store or settings.state_dir / "console.sqlite"


def token_of(settings: Settings) -> str | None:
    """The console token: NEWSMON_CONSOLE_TOKEN, else the first line of NEWSMON_CONSOLE_TOKEN_FILE, else None."""
    if settings.console_token:
        return settings.console_token.get_secret_value()
    path = settings.console_token_file
    if path is None:
        return None
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"setting console_token_file (NEWSMON_CONSOLE_TOKEN_FILE): cannot read {path}: "
                          f"{getattr(exc, 'strerror', None) or exc}") from exc
    if not token or "\n" in token:
        raise ConfigError(f"setting console_token_file (NEWSMON_CONSOLE_TOKEN_FILE): {path} must hold the token "
                          "on one line")
    return token


def check_binding(host: str, token: str | None) -> None:
    """Off loopback the console serves only with a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"setting console_host (NEWSMON_CONSOLE_HOST) is {host}, not loopback: set "
                          "console_token (NEWSMON_CONSOLE_TOKEN) so the console asks for it")


def publish_correction(settings: Settings, correction) -> str:
    """Send an analyst's correction to the partition of its story's articles (the alerter that owns the story
    reads it there); BrokerUnavailable or ConfigError when it cannot go."""
    from newsmon import kafka_io
    from newsmon.messages import encode

    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    articles = len(kafka_io.end_offsets(settings, settings.topic_enriched))
    partitions = len(kafka_io.end_offsets(settings, settings.topic_corrections))
    if articles != partitions:
        raise ConfigError(f"setting topic_corrections (NEWSMON_TOPIC_CORRECTIONS): {settings.topic_corrections} has "
                          f"{partitions} partitions and {settings.topic_enriched} {articles}; a correction would reach "
                          "another alerter than its story's")
    with kafka_io.Publisher(settings, client_id=f"{settings.kafka_client_id}-console") as publisher:
        publisher.wait([publisher.send(settings.topic_corrections, correction.key, encode(correction),
                                       route=correction.route)])
    return f"Correction of story {correction.story_id} sent; the alerter applies it within seconds."


def pipeline_actions(settings: Settings) -> Actions:
    """Redeliver and enable through the deliverer's own code (none without an endpoints file); corrections
    always."""
    if settings.endpoints_file is None:
        return Actions(correct=lambda correction: publish_correction(settings, correction))
    from consumers.deliver.service import publish_endpoint_state, redeliver
    from newsmon.messages import EndpointState

    actions = Actions()

    running = threading.Lock()  # one redelivery at a time: they share the redelivery group

    def run_redeliver(endpoint: str | None) -> str:
        target = endpoint or "every endpoint"
        if not running.acquire(blocking=False):
            return f"A redelivery is already running; redelivery for {target} was not started."

        def work() -> None:
            try:
                step = redeliver(settings, endpoint=endpoint, group="newsmon-redeliver", timeout_s=120.0)
                outcome = f"Redelivery for {target}: {step.delivered} delivered, {step.failed} failed again."
            except (BrokerUnavailable, ConfigError) as exc:
                outcome = f"Redelivery for {target} did not run: {exc}"
            finally:
                running.release()
            log.info("%s", outcome)
            actions.record(outcome)

        threading.Thread(target=work, name="console-redeliver", daemon=True).start()
        return f"Redelivery for {target} started; its outcome appears here when it ends."

    def run_enable(endpoint: str) -> str:
        try:
            publish_endpoint_state(settings, EndpointState(id=endpoint, disabled=False,
                                                           reason="re-enabled from the console"))
        except BrokerUnavailable as exc:
            return f"Endpoint {endpoint} was not enabled: {exc}"
        return f"Endpoint {endpoint} is enabled; running deliverers pick it up within seconds."

    actions.redeliver, actions.enable = run_redeliver, run_enable
    actions.correct = lambda correction: publish_correction(settings, correction)
    return actions


def configured_endpoints(settings: Settings) -> list[str]:
    if settings.endpoints_file is None:
        return []
    from consumers.deliver.endpoints import endpoint_names

    return sorted(endpoint_names(settings.endpoints_file))


class Console:
    """A running console: follower thread plus web server thread; `address` once started."""

    def __init__(self, settings: Settings, *, host: str | None = None, port: int | None = None,
                 follow: bool = True, stop: StopFlag | None = None) -> None:
        from consumers.catalog import load_catalog

        self.host = host or settings.console_host
        token = token_of(settings)
        check_binding(self.host, token)
        self.stop = stop or StopFlag()
        self.store = Store(store_path(settings))
        self.follower = Follower(settings, self.store, stop=self.stop) if follow else None
        context = Context(store=self.store, guard=Guard(token=token, host=self.host), catalog=load_catalog(),
                          endpoints=configured_endpoints(settings), actions=pipeline_actions(settings),
                          is_ready=(self.follower.ready.is_set if self.follower else lambda: True))
        self.app = ConsoleApp(context)
        self.server = create_server(self.app, host=self.host, port=settings.console_port if port is None else port,
                                    threads=8, ident="newsmon-console", clear_untrusted_proxy_headers=True)
        self.port = int(self.server.effective_port)  # waitress gives it as a string
        self._web = threading.Thread(target=self._serve, name="console-web", daemon=True)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:  # closed while stopping
            if not self.stop.is_set:
                raise

    def start(self) -> "Console":
        if self.follower:
            self.follower.start()
        self._web.start()
        log.info("The console serves %s from the store %s.", self.address, self.store.path)
        return self

    def close(self) -> None:
        self.stop.set("console closing")
        self.server.close()
        if self.follower:
            self.follower.join(10.0)
        self._web.join(5.0)
        self.store.close()

    def run(self, *, timeout_s: float | None = None) -> str:
        """Serve until stopped (SIGTERM, Ctrl-C) or timeout_s; returns why it ended."""
        try:
            return run_until_stopped(lambda: False, stop=self.stop, timeout_s=timeout_s, interval_s=0.5)
        finally:
            self.close()
