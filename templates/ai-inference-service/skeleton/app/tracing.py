"""OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set.

The OpenTelemetry packages are imported only then, so the service (and its
tests) run without them. Configure the exporter with the standard variables:
OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://otel-collector:4318, OTLP over HTTP),
OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
OTEL_TRACES_SAMPLER.
"""

import os

# Probes and scrapes would be most of the spans and tell nothing.
UNTRACED_PATHS = "/healthz,/readyz,/metrics"


class TracingUnavailable(RuntimeError):
    pass


def configure_tracing(app, service: str, exporter=None):
    """Traces every request of `app` and exports the spans with OTLP over HTTP (or
    to `exporter`). Returns the tracer provider, to shut down on exit, or None
    when tracing is off."""
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return None
    try:
        from opentelemetry import trace
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as error:
        raise TracingUnavailable(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but the OpenTelemetry packages are not "
            f"installed ({error}): install requirements.txt, or unset the variable"
        ) from error
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()

    # OTEL_SERVICE_NAME, when set, names the service instead.
    attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": service}
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED_PATHS)
    return provider
