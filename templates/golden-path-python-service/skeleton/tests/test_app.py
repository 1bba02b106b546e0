import re

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.metrics import ServiceMetrics
from app.server import Lifecycle


@pytest.fixture
def lifecycle():
    return Lifecycle()


@pytest.fixture
def client(lifecycle):
    return TestClient(create_app(lifecycle))


def client_of(app):
    return TestClient(app)


def scrape(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_until_the_service_drains(client, lifecycle):
    assert client.get("/readyz").json() == {"status": "ready"}
    lifecycle.draining = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "draining"}
    # Still alive: Kubernetes must not restart a pod that is shutting down.
    assert client.get("/healthz").status_code == 200


def test_unknown_paths_answer_404(client):
    assert client.get("/no-such-page").status_code == 404


def test_requests_are_counted_by_method_matched_route_and_status_code(client):
    client.get("/healthz")
    client.get("/no-such-page")
    client.post("/healthz")
    client.request("BREW", "/")
    body = scrape(client)
    assert 'http_requests_total{method="GET",route="/healthz",status_code="200"} 1.0' in body
    assert 'http_requests_total{method="GET",route="unmatched",status_code="404"} 1.0' in body
    # A known path with the wrong method keeps its route.
    assert 'http_requests_total{method="POST",route="/healthz",status_code="405"} 1.0' in body
    # Unknown methods are one label value, not one each.
    assert 'http_requests_total{method="OTHER",route="/",status_code="405"} 1.0' in body


def test_latency_buckets_are_the_contracts_printed_as_go_prints_them(client):
    client.get("/healthz")
    body = scrape(client)
    bounds = re.findall(
        r'^http_request_duration_seconds_bucket\{le="([^"]+)",[^}]*route="/healthz"', body, re.M
    )
    assert bounds == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.3", "0.5", "1", "2.5", "5", "+Inf"]
    assert 'http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"} 1.0\n' in body
    assert "_created" not in body


def build_info(body):
    """The labels of the one service_build_info sample, whose value must be 1."""
    samples = re.findall(r"^service_build_info\{([^}]*)\} (\S+)$", body, re.M)
    assert len(samples) == 1, samples
    labels, value = samples[0]
    assert float(value) == 1
    return dict(re.findall(r'(\w+)="([^"]*)"', labels))


def test_the_build_is_exposed_as_service_build_info(lifecycle, monkeypatch):
    monkeypatch.delenv("SERVICE_VERSION", raising=False)
    monkeypatch.delenv("GIT_COMMIT", raising=False)
    body = scrape(client_of(create_app(lifecycle)))
    assert "# TYPE service_build_info gauge\n" in body
    assert build_info(body) == {"version": "0.1.0", "commit": "unknown"}

    monkeypatch.setenv("GIT_COMMIT", "4f2a9c1")
    body = scrape(client_of(create_app(lifecycle)))
    assert build_info(body) == {"version": "0.1.0", "commit": "4f2a9c1"}

    metrics = ServiceMetrics(build={"version": "1.2.0", "commit": "4f2a9c1"})
    body = scrape(client_of(create_app(lifecycle, metrics=metrics)))
    assert build_info(body) == {"version": "1.2.0", "commit": "4f2a9c1"}


def test_process_metrics_are_exposed(client):
    body = scrape(client)
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds"):
        assert re.search(rf"^{name} ", body, re.M), name


def test_an_unhandled_error_is_counted_as_a_500(lifecycle):
    app = create_app(lifecycle)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/boom").status_code == 500
    assert 'http_requests_total{method="GET",route="/boom",status_code="500"} 1.0' in scrape(client)
