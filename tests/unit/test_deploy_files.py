"""Deployment files that cannot run on this machine (no Docker engine, no cluster) are
checked here: YAML parses, the pieces refer to each other correctly, the settings that
make several Rasa servers safe are there, and nginx accepts the balancer configs
(``nginx -t``, with the container host names pointed at loopback)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scripts import infra
from scripts.stack import ROOT

DEPLOY = ROOT / "deploy"


def nginx_accepts(config: str, tmp_path: Path) -> None:
    # container/cluster host names do not resolve here: point them at loopback
    local = re.sub(r"server ([a-z0-9.-]+):(\d+)", r"server 127.0.0.1:\2", config)
    local = local.replace("/dev/stderr", str(tmp_path / "error.log"))
    local = local.replace("/dev/stdout", str(tmp_path / "access.log"))
    local = local.replace("pid /tmp/", f"pid {tmp_path}/").replace(
        "_path /tmp/", f"_path {tmp_path}/"
    )
    local = re.sub(r"listen (\d+);", lambda m: f"listen 127.0.0.1:{infra.free_port()};", local)
    ok, output = infra.Nginx(tmp_path, local).test_config()
    assert ok, output


def test_generated_balancer_config_passes_nginx_t(tmp_path):
    config = infra.render_nginx_conf(
        listen=f"127.0.0.1:{infra.free_port()}",
        rasa=[infra.Upstream("rasa1", "127.0.0.1:5101"), infra.Upstream("rasa2", "127.0.0.1:5102")],
        actions=["127.0.0.1:5201", "127.0.0.1:5202"],
        widget="127.0.0.1:5301",
        action_listen=f"127.0.0.1:{infra.free_port()}",
        prefix=str(tmp_path),
        error_log=str(tmp_path / "e.log"),
        access_log=str(tmp_path / "a.log"),
    )
    ok, output = infra.Nginx(tmp_path, config).test_config()
    assert ok, output
    assert "~^rasa1\\. rasa_rasa1;" in config and "~^rasa2\\. rasa_rasa2;" in config
    assert "$request_uri" not in config and "$args" not in config.split("map")[0]


def test_compose_nginx_conf_is_the_generated_one_and_valid(tmp_path):
    committed = (DEPLOY / "nginx" / "nginx.conf").read_text()
    assert committed == infra.deploy_nginx_conf("compose"), (
        "regenerate: python -m scripts.infra compose > deploy/nginx/nginx.conf"
    )
    nginx_accepts(committed, tmp_path)


def load_compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_file_wires_the_scaled_stack():
    compose = load_compose()
    services = compose["services"]
    assert {
        "postgres",
        "redis",
        "rasa1",
        "rasa2",
        "actions1",
        "actions2",
        "nginx",
        "widget",
        "console",
    } <= set(services)
    for name, service in services.items():
        assert service.get("image") or service.get("build"), name
        for dependency in service.get("depends_on") or []:
            assert dependency in services, (name, dependency)
    ids = set()
    for name in ("rasa1", "rasa2"):
        env = services[name]["environment"]
        assert (
            env["TRACKER_DB_URL"].startswith("postgresql://")
            and "@postgres:" in env["TRACKER_DB_URL"]
        )
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["SANIC_WORKERS"] == "1"
        ids.add(env["RASA_INSTANCE_ID"])
        assert services[name]["command"][:3] == ["python", "-m", "rasa_ext"]
    assert ids == {"rasa1", "rasa2"}
    # only the balancer is public; the console only on the host's loopback
    published = {n: s.get("ports") for n, s in services.items() if s.get("ports")}
    assert set(published) == {"nginx", "console"}
    assert all(p.startswith("127.0.0.1:") for p in published["console"])
    assert "log_min_error_statement=panic" in services["postgres"]["command"]
    assert (DEPLOY / "nginx" / "nginx.conf").exists()
    assert "./nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]


def load_k8s():
    return [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "baclofen.yaml").read_text()) if d]


def test_kubernetes_manifests_are_consistent(tmp_path):
    docs = load_k8s()
    for doc in docs:
        assert {"apiVersion", "kind", "metadata"} <= set(doc), doc
    workloads = [d for d in docs if d["kind"] in ("Deployment", "StatefulSet")]
    services = [d for d in docs if d["kind"] == "Service"]
    labels = []
    for w in workloads:
        spec = w["spec"]
        assert (
            spec["selector"]["matchLabels"].items()
            <= spec["template"]["metadata"]["labels"].items()
        ), w["metadata"]["name"]
        for c in spec["template"]["spec"]["containers"]:
            assert c["image"] and c["ports"] and c["readinessProbe"], c["name"]
        if w["kind"] == "StatefulSet":
            assert any(s["metadata"]["name"] == spec["serviceName"] for s in services)
        labels.append(
            (
                spec["template"]["metadata"]["labels"],
                {
                    p["containerPort"]
                    for c in spec["template"]["spec"]["containers"]
                    for p in c["ports"]
                },
            )
        )
    for s in services:
        matches = [ports for lab, ports in labels if s["spec"]["selector"].items() <= lab.items()]
        assert matches, s["metadata"]["name"]
        for port in s["spec"]["ports"]:
            assert port["targetPort"] in matches[0], s["metadata"]["name"]
    rasa = next(w for w in workloads if w["metadata"]["name"] == "rasa")
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][:3] == ["python", "-m", "rasa_ext"]
    assert container["env"][0] == {
        "name": "RASA_INSTANCE_ID",
        "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}},
    }
    env = next(
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "baclofen-env"
    )["data"]
    assert env["SANIC_WORKERS"] == "1" and env["REDIS_URL"].startswith("redis://")
    conf = next(
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "nginx-conf"
    )["data"]["nginx.conf"]
    assert conf == infra.deploy_nginx_conf("k8s")
    for i in range(rasa["spec"]["replicas"]):
        assert f"~^rasa-{i}\\. rasa_rasa-{i};" in conf
    nginx_accepts(conf, tmp_path)


@pytest.mark.parametrize("path", ["deploy/Dockerfile", "deploy/README.md"])
def test_deploy_docs_exist(path):
    assert (ROOT / path).read_text().strip()
