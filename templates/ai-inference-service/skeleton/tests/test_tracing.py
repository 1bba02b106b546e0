import importlib.util
import sys

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.tracing import TracingUnavailable, configure_tracing


def installed(module):
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


HAS_OPENTELEMETRY = installed("opentelemetry.sdk") and installed("opentelemetry.instrumentation.fastapi")


def test_tracing_is_off_without_an_endpoint_and_loads_nothing(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    before = set(sys.modules)
    app = create_app()
    assert app.state.tracer_provider is None
    assert not [name for name in set(sys.modules) - before if name.startswith("opentelemetry")]


@pytest.mark.skipif(HAS_OPENTELEMETRY, reason="the OpenTelemetry packages are installed")
def test_an_endpoint_without_the_packages_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    with pytest.raises(TracingUnavailable, match="OTEL_EXPORTER_OTLP_ENDPOINT is set but the OpenTelemetry packages"):
        create_app()


@pytest.mark.skipif(not HAS_OPENTELEMETRY, reason="the OpenTelemetry packages are not installed")
def test_requests_become_spans_named_by_route(monkeypatch):
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    app = create_app()
    # Instrumented once, with spans kept in memory instead of exported.
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    exporter = InMemorySpanExporter()
    provider = configure_tracing(app, "my-service", exporter=exporter)
    client = TestClient(app)
    client.get("/")
    client.get("/healthz")
    provider.force_flush()
    routes = {span.attributes.get("http.route") for span in exporter.get_finished_spans()}
    assert "/" in routes
    assert "/healthz" not in routes
