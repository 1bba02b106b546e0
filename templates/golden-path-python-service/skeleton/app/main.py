"""The HTTP service: its routes, metrics, logs and tracing."""

import logging
import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from .metrics import RequestMetricsMiddleware, ServiceMetrics
from .server import Lifecycle
from .tracing import configure_tracing

SERVICE_NAME = os.environ.get("SERVICE_NAME", "${{ values.name }}")

logger = logging.getLogger("app")


def create_app(lifecycle: Lifecycle = None, metrics: ServiceMetrics = None) -> FastAPI:
    lifecycle = lifecycle or Lifecycle()
    metrics = metrics or ServiceMetrics()
    app = FastAPI(title=SERVICE_NAME)
    app.state.lifecycle = lifecycle
    app.state.metrics = metrics

    @app.get("/")
    def hello():
        return {"service": SERVICE_NAME, "message": f"Hello from {SERVICE_NAME}"}

    # Liveness: the process answers. Never checks dependencies, or a database
    # outage would restart every pod.
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    # Readiness: whether to send traffic here; not while shutting down.
    @app.get("/readyz")
    def readyz():
        if lifecycle.draining:
            return JSONResponse({"status": "draining"}, status_code=503)
        return {"status": "ready"}

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics():
        return Response(metrics.exposition(), media_type=metrics.content_type)

    app.add_middleware(
        RequestMetricsMiddleware,
        router=app.router,
        metrics=metrics,
        logger=logger,
        quiet_paths=("/healthz", "/readyz", "/metrics"),
    )
    app.state.tracer_provider = configure_tracing(app, SERVICE_NAME)
    return app
