"""deploy/k8s: the namespace, the shared ConfigMap and one Deployment per service, all consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.deploy.conftest import (
    HEALTH_PORT_NAME,
    IMAGE,
    K8S,
    SERVICES,
    assert_command,
    assert_real_settings,
    container_env,
    container_of,
    deployment,
    k8s_all,
    k8s_docs,
    names_of,
    settings_from,
)


def test_k8s_documents_are_well_formed_and_in_the_namespace():
    namespaces = names_of("Namespace")
    assert list(namespaces) == ["newsmon"]
    for filename, docs in k8s_all().items():
        assert docs, f"{filename} is empty"
        for doc in docs:
            assert doc.get("apiVersion") and doc.get("kind") and doc.get("metadata", {}).get("name"), filename
            if doc["kind"] != "Namespace":
                assert doc["metadata"].get("namespace") == "newsmon", f"{filename}: {doc['metadata']['name']}"
    kinds = {filename: [doc["kind"] for doc in docs] for filename, docs in k8s_all().items()}
    assert kinds == {
        "alerter.yaml": ["Deployment"],
        "console.yaml": ["PersistentVolumeClaim", "Deployment", "Service"],
        "configmap.yaml": ["ConfigMap", "ConfigMap"],
        "deliverer.yaml": ["Deployment"],
        "enricher.yaml": ["Deployment"],
        "namespace.yaml": ["Namespace"],
        "poller-state.yaml": ["PersistentVolumeClaim"],
        "poller.yaml": ["Deployment"],
        "secret.yaml": ["Secret"],
    }


def test_k8s_configmap_holds_string_settings_that_load(monkeypatch):
    config = names_of("ConfigMap")["newsmon-config"]["data"]
    assert all(isinstance(value, str) for value in config.values()), "ConfigMap values must be strings"
    assert_real_settings(config, "configmap.yaml")
    assert config["NEWSMON_HEALTH_HOST"] == "0.0.0.0"  # probes come from the kubelet, not loopback
    assert config["NEWSMON_HEALTH_PORT"] == "9100"
    assert config["NEWSMON_LOG_FORMAT"] == "json"
    assert "NEWSMON_KAFKA_BOOTSTRAP" in config
    assert "NEWSMON_ENDPOINTS_FILE" not in config  # shared by every Deployment; only the deliverer gets it
    settings = settings_from(config, monkeypatch)
    assert settings.health_port == 9100 and settings.article_partitions == 6 and settings.alert_partitions == 3


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_k8s_deployment(name, monkeypatch):
    doc = deployment(name)
    assert doc["metadata"]["name"] == f"newsmon-{name}"
    spec = doc["spec"]
    template = spec["template"]
    labels = template["metadata"]["labels"]
    assert spec["selector"]["matchLabels"].items() <= labels.items()
    assert labels["app.kubernetes.io/component"] == name
    container = container_of(doc)
    assert_command(container["args"], name)
    assert "command" not in container  # keep the image's ENTRYPOINT ["newsmon"]
    assert container["image"] == IMAGE
    # Every ConfigMap it loads exists, and what it sees is real, loadable settings.
    configmaps = names_of("ConfigMap")
    refs = [source["configMapRef"]["name"] for source in container["envFrom"]]
    assert refs == ["newsmon-config"] and all(ref in configmaps for ref in refs)
    env = container_env(container)
    assert_real_settings(env, f"{name}.yaml")
    settings = settings_from(env, monkeypatch)
    # One health port everywhere: env, containerPort, probes, scrape annotation.
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {HEALTH_PORT_NAME: settings.health_port}
    probes = {kind: container[kind]["httpGet"] for kind in ("livenessProbe", "readinessProbe", "startupProbe")}
    assert probes["livenessProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"
    assert probes["startupProbe"]["path"] == "/healthz"
    for probe in probes.values():
        port = probe["port"]
        assert (ports[port] if isinstance(port, str) else port) == settings.health_port
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(settings.health_port)
    assert annotations["prometheus.io/path"] == "/metrics"
    # Restricted Pod Security, as the namespace enforces; the uid is the image's.
    pod_security = template["spec"]["securityContext"]
    assert pod_security["runAsNonRoot"] is True and pod_security["runAsUser"] == 10001
    assert pod_security["seccompProfile"] == {"type": "RuntimeDefault"}
    security = container["securityContext"]
    assert security["allowPrivilegeEscalation"] is False and security["capabilities"] == {"drop": ["ALL"]}
    resources = container["resources"]
    assert set(resources) == {"requests", "limits"}
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_k8s_poller_is_a_single_instance_with_its_state_on_the_pvc(monkeypatch):
    doc = deployment("poller")
    assert doc["spec"]["replicas"] == 1
    assert doc["spec"]["strategy"] == {"type": "Recreate"}
    pod = doc["spec"]["template"]["spec"]
    claims = {vol["name"]: vol["persistentVolumeClaim"]["claimName"] for vol in pod["volumes"]
              if "persistentVolumeClaim" in vol}
    (pvc,) = k8s_docs("poller-state.yaml")
    assert list(claims.values()) == [pvc["metadata"]["name"]]
    mounts = {m["name"]: m["mountPath"] for m in container_of(doc)["volumeMounts"]}
    settings = settings_from(container_env(container_of(doc)), monkeypatch)
    (volume,) = claims
    assert settings.feed_state_path.parent == Path(mounts[volume])
    assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]


def test_k8s_enricher_scale_and_size():
    doc = deployment("enricher")
    config = names_of("ConfigMap")["newsmon-config"]["data"]
    assert doc["spec"]["replicas"] == 2
    assert doc["spec"]["replicas"] <= int(config["NEWSMON_ARTICLE_PARTITIONS"])
    resources = container_of(doc)["resources"]
    assert resources["requests"] == {"cpu": "1", "memory": "1Gi"}
    assert resources["limits"]["memory"] == "1Gi"


def test_k8s_alerter_is_a_single_instance_replaced_with_recreate():
    doc = deployment("alerter")
    assert doc["spec"]["replicas"] == 1 and doc["spec"]["strategy"] == {"type": "Recreate"}
    lines = (K8S / "alerter.yaml").read_text(encoding="utf-8").splitlines()
    comment = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
    assert "one is plenty" in comment and "Recreate" in comment


def test_k8s_deliverer_is_one_replica_within_the_alert_partitions():
    doc = deployment("deliverer")
    config = names_of("ConfigMap")["newsmon-config"]["data"]
    assert doc["spec"]["replicas"] == 1
    assert doc["spec"]["replicas"] <= int(config["NEWSMON_ALERT_PARTITIONS"])
    # Instances share one consumer group, so a rolling update may briefly run two; never zero.
    strategy = doc["spec"].get("strategy", {"type": "RollingUpdate"})
    assert strategy["type"] == "RollingUpdate"
    assert strategy.get("rollingUpdate", {}).get("maxUnavailable") == 0
