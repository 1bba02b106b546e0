import re

import pytest
from fastapi.testclient import TestClient

from app.loader import ModelLoader
from app.main import create_app
from app.metrics import ServiceMetrics
from app.server import Lifecycle

from .conftest import EXAMPLE_MODEL


@pytest.fixture
def lifecycle():
    return Lifecycle()


@pytest.fixture
def loader(tmp_path):
    loader = ModelLoader(EXAMPLE_MODEL, str(tmp_path))
    loader.load_once()
    return loader


@pytest.fixture
def client(lifecycle, loader):
    return TestClient(create_app(lifecycle, loader=loader))


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


def test_readyz_is_not_ready_until_the_model_is_loaded(lifecycle, tmp_path):
    loader = ModelLoader(EXAMPLE_MODEL, str(tmp_path))
    client = TestClient(create_app(lifecycle, loader=loader))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "loading", "attempts": 0}
    assert client.get("/healthz").status_code == 200
    predict = client.post("/v1/predict", json={"instances": [{"tenure_months": 1, "support_tickets": 0}]})
    assert predict.status_code == 503
    assert predict.headers["retry-after"] == "5"
    loader.load_once()
    assert client.get("/readyz").json() == {"status": "ready"}


def test_predict_scores_every_instance_with_the_model(client):
    response = client.post(
        "/v1/predict",
        json={"instances": [{"tenure_months": 30, "support_tickets": 0}, {"tenure_months": 0, "support_tickets": 10}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "example-churn"
    assert body["version"] == "1"
    # logistic(-1.2 - 0.04 * 30) and logistic(-1.2 + 0.3 * 10)
    assert body["predictions"] == pytest.approx([0.0831727, 0.8581489], rel=1e-6)


def test_predict_names_the_instance_and_feature_it_cannot_score(client):
    response = client.post("/v1/predict", json={"instances": [{"tenure_months": 1, "support_tickets": 0}, {"tenure_months": 1}]})
    assert response.status_code == 422
    assert response.json() == {"detail": "instances[1]: missing feature 'support_tickets'"}
    response = client.post("/v1/predict", json={"instances": [{"tenure_months": "many", "support_tickets": 0}]})
    assert response.status_code == 422
    assert response.json() == {"detail": "instances[0].tenure_months: must be a finite number, got 'many'"}
    assert client.post("/v1/predict", json={"instances": []}).status_code == 422
    assert client.post("/v1/predict", json={"rows": []}).status_code == 422


def test_predict_requests_are_counted_under_their_route(client):
    client.post("/v1/predict", json={"instances": [{"tenure_months": 1, "support_tickets": 0}]})
    assert 'http_requests_total{method="POST",route="/v1/predict",status_code="200"} 1.0' in scrape(client)


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


def test_the_build_is_exposed_as_service_build_info(lifecycle, loader, monkeypatch):
    monkeypatch.delenv("SERVICE_VERSION", raising=False)
    monkeypatch.delenv("GIT_COMMIT", raising=False)
    body = scrape(client_of(create_app(lifecycle, loader=loader)))
    assert "# TYPE service_build_info gauge\n" in body
    assert build_info(body) == {"version": "0.1.0", "commit": "unknown"}

    monkeypatch.setenv("GIT_COMMIT", "4f2a9c1")
    body = scrape(client_of(create_app(lifecycle, loader=loader)))
    assert build_info(body) == {"version": "0.1.0", "commit": "4f2a9c1"}

    metrics = ServiceMetrics(build={"version": "1.2.0", "commit": "4f2a9c1"})
    body = scrape(client_of(create_app(lifecycle, metrics=metrics, loader=loader)))
    assert build_info(body) == {"version": "1.2.0", "commit": "4f2a9c1"}


def test_process_metrics_are_exposed(client):
    body = scrape(client)
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds"):
        assert re.search(rf"^{name} ", body, re.M), name


def test_an_unhandled_error_is_counted_as_a_500(lifecycle, loader):
    app = create_app(lifecycle, loader=loader)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/boom").status_code == 500
    assert 'http_requests_total{method="GET",route="/boom",status_code="500"} 1.0' in scrape(client)
