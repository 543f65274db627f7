"""Scaling out is Kafka's job: 2 enrichers and 2 alerters over 6 partitions lose nothing; each webhook goes once."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections import Counter

from newsmon import kafka_io
from newsmon.messages import RawArticle, encode
from tests.integration.pipeline import stop, wait_until_owning
from tests.integration.receiver import Receiver

SECRET = "whsec_" + base64.b64encode(b"newsmon-scale-out-test-secret-32b").decode()
PLACES = ["Bannu", "Peshawar", "Quetta", "Lakki Marwat", "Dera Ismail Khan", "Khyber", "Bajaur", "Kurram",
          "North Waziristan", "Mardan", "Swat", "Tank", "Kohat", "Charsadda", "Chitral", "Turbat"]


def article(i: int) -> RawArticle:
    place = PLACES[i % len(PLACES)]
    title = f"TTP militants attack checkpoint number {i} in {place}"
    body = (f"Militants of the banned Tehreek-e-Taliban Pakistan (TTP) attacked security post {i} near {place}, "
            f"killing {i % 7 + 1} soldiers, police said. Officials in Islamabad said operation {i * 37} "
            f"had begun in the district after the raid on post {i}.")
    return RawArticle(id=f"scale-{i}", title=title, body=body, source="scale-test")


def test_two_enrichers_and_two_alerters_lose_nothing_and_deliver_each_webhook_id_once(settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    receiver = Receiver()
    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text(f"endpoints:\n  - name: desk\n    url: {receiver.url('/hook')}\n    secret_env: SCALE_SECRET\n")
    env = {**cli_env, "NEWSMON_ENDPOINTS_FILE": str(endpoints), "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true",
           "SCALE_SECRET": SECRET}
    logs = [(tmp_path / f"{name}.log").open("w") for name in ("e1", "e2", "a1", "a2", "d1")]
    commands = ([["enrich", "--group", "scale-enrichers"]] * 2 + [["alert", "--group", "scale-alerters"]] * 2
                + [["deliver", "--group", "scale-deliverers"]])
    # The deliverer is last in line: it may wait for the others' first records longer than they wait for theirs.
    idle = ["15"] * 4 + ["40"]
    procs = [subprocess.Popen([sys.executable, "-m", "newsmon.cli", *cmd, "--idle-timeout", wait, "--timeout", "200"],
                              env=env, stdout=subprocess.PIPE, stderr=log, text=True)
             for cmd, log, wait in zip(commands, logs, idle)]
    articles = [article(i) for i in range(48)]
    try:
        wait_until_owning([tmp_path / f"{n}.log" for n in ("e1", "e2")])
        with kafka_io.Publisher(settings) as publisher:
            publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])
        outputs = [p.communicate(timeout=240)[0] for p in procs]
    finally:
        stop(procs, logs)
        receiver.close()
    assert [p.returncode for p in procs] == [0, 0, 0, 0, 0]
    consumed = [int(out.rsplit(": ", 1)[1].split(" consumed")[0]) for out in outputs[:4]]
    assert consumed[0] > 0 and consumed[1] > 0 and consumed[0] + consumed[1] == 48  # both enrichers worked
    assert consumed[2] + consumed[3] == 48

    enriched = [json.loads(r.value)["id"] for r in kafka_io.read_topic(settings, settings.topic_enriched)]
    assert sorted(enriched) == sorted(a.id for a in articles)  # nothing lost, nothing doubled
    alerts = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_alerts)]
    hits = Counter(h.headers["webhook-id"] for h in receiver.hits_for("/hook"))
    assert alerts and set(hits) == {a["id"] for a in alerts}
    assert set(hits.values()) == {1}  # each webhook-id delivered exactly once
