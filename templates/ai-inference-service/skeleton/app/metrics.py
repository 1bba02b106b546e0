"""The Prometheus metrics every golden-path service exposes.

The portal's alert rules and dashboards query these names, labels and bucket
boundaries (a latency SLO must sit on a boundary): keep them as they are.
"""

import os
import time

# Counters and histograms would also get a `_created` series each: the portal reads
# none, and they double the number of series. Read when prometheus_client is imported.
os.environ.setdefault("PROMETHEUS_DISABLE_CREATED_SERIES", "True")

from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from starlette.routing import Match  # noqa: E402

LABEL_NAMES = ("method", "route", "status_code")


def build_info() -> dict:
    """The build that runs, exposed as service_build_info: the version (as in
    pyproject.toml unless SERVICE_VERSION says otherwise) and the commit CI built the
    image from (GIT_COMMIT, set in the Dockerfile). The portal's dashboard marks a
    deploy where these change; a restart keeps them."""
    return {
        "version": os.environ.get("SERVICE_VERSION") or "0.1.0",
        "commit": os.environ.get("GIT_COMMIT") or "unknown",
    }
LATENCY_BUCKETS_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5)

# Only known methods and matched routes become label values, so a scan of random
# URLs cannot blow up the number of time series.
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED_ROUTE = "unmatched"


class _BucketsAsGoPrintsThem:
    """Exposes a registry's metrics with each bucket boundary printed the way the Go
    and Node.js clients print it (`le="1"`, where prometheus_client prints
    `le="1.0"`): the portal's SLO rules select buckets by that exact text."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    def describe(self):
        return []

    def collect(self):
        for metric in self._registry.collect():
            metric.samples = [
                sample._replace(labels={**sample.labels, "le": sample.labels["le"][:-2]})
                if sample.labels.get("le", "").endswith(".0")
                else sample
                for sample in metric.samples
            ]
            yield metric


class ServiceMetrics:
    """The request counter and latency histogram, the build info and the process
    metrics, in a registry of their own."""

    def __init__(self, build: dict = None) -> None:
        self.registry = CollectorRegistry()
        build = build or build_info()
        Gauge(
            "service_build_info",
            "The build that runs: always 1, labelled with its version and commit.",
            ("version", "commit"),
            registry=self.registry,
        ).labels(version=build["version"], commit=build["commit"]).set(1)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

        requests = CollectorRegistry()
        self.requests_total = Counter(
            "http_requests_total",
            "HTTP requests handled, by method, route and status code.",
            LABEL_NAMES,
            registry=requests,
        )
        self.request_duration = Histogram(
            "http_request_duration_seconds",
            "Time to handle an HTTP request, by method, route and status code.",
            LABEL_NAMES,
            buckets=LATENCY_BUCKETS_SECONDS,
            registry=requests,
        )
        self.registry.register(_BucketsAsGoPrintsThem(requests))

    def observe(self, method: str, route: str, status_code: int, seconds: float) -> None:
        labels = (method, route, str(status_code))
        self.requests_total.labels(*labels).inc()
        self.request_duration.labels(*labels).observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    content_type = CONTENT_TYPE_LATEST


def matched_route(routes, scope) -> str:
    """The path template of the route a request matches (`/items/{id}`, never the
    raw URL); a route that matches the path but not the method counts too."""
    partial = None
    for route in routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return route.path
        if match == Match.PARTIAL and partial is None:
            partial = route.path
    return partial or UNMATCHED_ROUTE


class RequestMetricsMiddleware:
    """ASGI middleware counting and timing every HTTP request, and logging those
    that are not probes or scrapes."""

    def __init__(self, app, *, router, metrics: ServiceMetrics, logger, quiet_paths=()) -> None:
        self.app = app
        self.router = router
        self.metrics = metrics
        self.logger = logger
        self.quiet_paths = set(quiet_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
        route = matched_route(self.router.routes, scope)
        # What an unhandled exception becomes: the error middleware outside this one
        # answers 500.
        status_code = 500

        async def send_with_status(message):
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.observe(method, route, status_code, seconds)
            if route not in self.quiet_paths:
                self.logger.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "path": scope["path"],
                        "status_code": status_code,
                        "duration_ms": round(seconds * 1000, 3),
                    },
                )
