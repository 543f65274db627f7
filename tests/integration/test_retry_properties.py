"""Property: whatever the outages, retry schedule and restarts, every alert ends delivered or dead-lettered, in time.

Hypothesis draws the alerts, the retry schedule, the endpoint's outages (503, 500, or 429 with Retry-After) and
when the deliverer is stopped and started again. The deliverer runs in-process on a real broker against a real
HTTP receiver. Every alert must reach a final outcome (delivered, or failed and in the dead-letter topic) no later
than its schedule allows: from its first outcome, the sum of the schedule's waits (each at least the Retry-After
given) plus BOUND_S, plus RESTART_S for each restart (a new member joins the group and reads from the committed
offsets). A bounded run is part of the test suite; NEWSMON_RETRY_EXAMPLES runs more (docs/quality.md).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings as hsettings, strategies as st

from consumers.deliver.service import build_step, deliver_runners, run_together
from newsmon import kafka_io
from newsmon.messages import Alert, RuleHit, Source, encode
from newsmon.runloop import StopFlag
from tests.conftest import fresh_settings
from tests.integration.pipeline import SECRET
from tests.integration.receiver import Receiver

BOUND_S = 10.0
RESTART_S = 15.0
EXAMPLES = int(os.environ.get("NEWSMON_RETRY_EXAMPLES", "3"))

outages = st.lists(st.tuples(st.floats(0.0, 6.0), st.floats(0.5, 8.0), st.sampled_from([503, 500, 429])),
                   max_size=2)


def alerts(n: int, tag: str) -> list[Alert]:
    return [Alert(id=f"{tag}-a{i}", story_id=f"{tag}-s{i}", headline=f"Alert {i}", sources=(Source(id="x", title="t"),),
                  rules=(RuleHit(id="r", name="r", severity="low", why="w"),)) for i in range(n)]


class Deliverer:
    """The deliverer's two runners in a thread, stopped and started again on demand."""

    def __init__(self, settings, group: str) -> None:
        self._settings, self._group = settings, group
        self._stop, self._thread = StopFlag(), None

    def start(self) -> None:
        self._stop = StopFlag()
        step, stop = build_step(self._settings), self._stop
        runners = deliver_runners(self._settings, step, group=self._group, stop=stop)
        self._thread = threading.Thread(target=lambda: run_together(runners, stop=stop), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def outcomes(settings) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for record in kafka_io.read_topic(settings, settings.topic_deliveries):
        report = json.loads(record.value)
        found.setdefault(report["alert_id"], []).append(report)
    return found


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
@given(when=st.lists(st.floats(0.0, 8.0), min_size=2, max_size=10), delays=st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=1, max_size=3),
       downs=outages, restarts=st.lists(st.floats(1.0, 10.0), max_size=2), retry_after=st.sampled_from([1, 2]))
def test_every_alert_ends_delivered_or_dead_lettered_within_its_schedule(kafka_bootstrap, when, delays, downs,
                                                                        restarts, retry_after):
    """`when`: the seconds at which each alert is published, counted from the moment the deliverer has joined."""
    work = Path(tempfile.mkdtemp(prefix="newsmon-retry-prop-"))
    os.environ["NEWSMON_TEST_WEBHOOK_SECRET"] = SECRET
    receiver = Receiver()
    began = [float("inf")]  # the endpoint answers 200 until the deliverer has joined and delivered a first alert

    def answer(_path: str):
        at = time.monotonic() - began[0]
        for start, length, status in downs:
            if start <= at < start + length:
                return status, ({"Retry-After": str(retry_after)} if status == 429 else {}), 0.0
        return 200, {}, 0.0

    receiver.answer = answer
    (work / "endpoints.yaml").write_text(f"endpoints:\n  - name: desk\n    url: {receiver.url('/hook')}\n"
                                         "    secret_env: NEWSMON_TEST_WEBHOOK_SECRET\n")
    settings = fresh_settings(kafka_bootstrap, endpoints_file=work / "endpoints.yaml", webhook_allow_private=True,
                              webhook_retry_delays_s=tuple(delays), webhook_timeout_s=2.0)
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    probe, *sent = alerts(len(when) + 1, settings.kafka_client_id)
    schedule_s = sum(max(d, retry_after) for d in delays)
    deliverer = Deliverer(settings, group=f"d-{settings.kafka_client_id}")
    final: dict[str, dict] = {}
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_alerts, probe.id, encode(probe))])
        deliverer.start()
        joined = time.monotonic() + 60
        while time.monotonic() < joined and not receiver.hits_for("/hook"):
            time.sleep(0.1)
        began[0] = time.monotonic()
        events = sorted([(t, "publish", a) for t, a in zip(when, sent)] + [(t, "restart", None) for t in restarts],
                        key=lambda e: e[0])
        last_down = max((start + length for start, length, _ in downs), default=0.0)
        deadline = began[0] + max(last_down, max(when)) + schedule_s + BOUND_S + RESTART_S * (1 + len(restarts))
        try:
            while time.monotonic() < deadline and len(final) < len(sent):
                while events and time.monotonic() - began[0] >= events[0][0]:
                    _, kind, alert = events.pop(0)
                    if kind == "publish":
                        publisher.wait([publisher.send(settings.topic_alerts, alert.id, encode(alert))])
                    else:
                        deliverer.stop()
                        deliverer.start()
                time.sleep(0.2 if events else 1.0)
                if not events:
                    reports = outcomes(settings)
                    final = {a: r for a, rs in reports.items() for r in rs
                             if r["outcome"] in ("delivered", "failed") and a != probe.id}
        finally:
            deliverer.stop()
            receiver.close()
    reports = outcomes(settings)
    note(f"{len(sent)} alerts, schedule {delays}, outages {downs}, restarts {restarts}: "
          f"{sum(r['outcome'] == 'delivered' for r in final.values())} delivered, {time.monotonic() - began[0]:.0f} s")
    assert set(final) == {a.id for a in sent}, {a.id: [r["outcome"] for r in reports.get(a.id, [])] for a in sent}
    letters = {json.loads(r.value)["id"].split(":", 3)[-1]
               for r in kafka_io.read_topic(settings, settings.topic_deadletter)}
    ok = {h.headers["webhook-id"] for h in receiver.hits_for("/hook") if h.status == 200}
    for alert_id, report in final.items():
        if report["outcome"] == "delivered":
            assert alert_id in ok
        else:
            assert f"{alert_id}:desk" in letters, f"{alert_id} failed without a dead letter"
        times = sorted(r["produced_at"] for r in reports[alert_id])
        spent = (_at(report["produced_at"]) - _at(times[0]))
        assert spent <= schedule_s + BOUND_S + RESTART_S * len(restarts), (alert_id, spent, reports[alert_id])


def _at(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
