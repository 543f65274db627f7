"""The `stix` endpoint format: the revision's STIX bundle, posted as application/stix+json and signed like every
webhook, to a real receiver on loopback; and `newsmon deliver` on its own without endpoints still exits 3."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pydantic
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from consumers.deliver.endpoint_state import EndpointStates
from consumers.deliver.endpoints import Endpoint, load_endpoints
from consumers.deliver.payload import render_payload
from consumers.deliver.service import FormatSender
from consumers.deliver.step import DeliverStep
from consumers.stix import ids
from newsmon.errors import ConfigError
from newsmon.settings import Settings
from tests.unit.consumers.deliver.conftest import SECRET, Reply, free_port
from tests.unit.consumers.stix.samples import bannu


def stix_step(url: str) -> DeliverStep:
    settings = Settings(webhook_retry_delays_s=(5.0,), webhook_allow_private=True)
    endpoint = Endpoint("cti", url, "stix", pydantic.SecretStr(SECRET))
    return DeliverStep(settings, endpoints={"cti": endpoint}, sender=FormatSender(timeout_s=2.0, allow_private=True),
                       states=EndpointStates(lambda: []))


def test_a_stix_endpoint_receives_the_signed_bundle_as_stix_json(receiver):
    alert = bannu(2)
    step = stix_step(receiver.script("/cti", Reply(202)))
    [outputs] = step.handle([alert])
    assert [o.message.outcome for o in outputs] == ["delivered"]
    [seen] = receiver.at("/cti")
    assert seen.headers["content-type"] == "application/stix+json;version=2.1"
    assert seen.body == render_payload(alert, "stix")  # the exact bytes the sender signed
    bundle = Webhook(SECRET).verify(seen.body, seen.headers)
    assert bundle["type"] == "bundle" and bundle["id"] == ids.bundle_id(alert.story_id, 2)
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    assert report["id"] == ids.report_id(alert.story_id) and report["x_newsmon_revision"] == 2
    assert seen.headers["webhook-id"] == alert.id
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(seen.body.replace(b"Bannu", b"Banni"), seen.headers)


def test_every_attempt_of_one_revision_sends_the_same_bytes(receiver):
    alert, url = bannu(1), receiver.script("/flaky", Reply(503), Reply(200))
    stix_step(url).handle([alert])  # fails: scheduled for a retry
    stix_step(url).handle([alert])  # as a deliverer after a restart, or a redelivery, sends it again
    first, second = receiver.at("/flaky")
    assert first.body == second.body and json.loads(first.body)["objects"]


def test_the_endpoints_file_takes_format_stix_and_it_needs_a_secret(tmp_path):
    path = tmp_path / "endpoints.yaml"
    path.write_text("endpoints:\n  - {name: cti, url: 'https://cti.example/hook', format: stix, secret_env: CTI}\n")
    assert load_endpoints(path, env={"CTI": SECRET})["cti"].format == "stix"
    path.write_text("endpoints:\n  - {name: cti, url: 'https://cti.example/hook', format: stix}\n")
    with pytest.raises(ConfigError, match="stix endpoints need secret_env or secret_file"):
        load_endpoints(path, env={})


def test_newsmon_deliver_without_endpoints_exits_3_with_one_line_and_no_wait_for_kafka(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env |= {"NEWSMON_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}", "NEWSMON_STATE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "newsmon.cli", "deliver"], cwd=tmp_path, env=env, timeout=60,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip().splitlines() == [
        "newsmon: configuration error: setting endpoints_file (NEWSMON_ENDPOINTS_FILE): no webhook endpoints are "
        "configured"]
