"""The HTTP service: its routes, metrics, logs and tracing."""

import logging
import os
from typing import Any, Dict, List

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from .loader import ModelLoader
from .metrics import RequestMetricsMiddleware, ServiceMetrics
from .model import InstanceError
from .server import Lifecycle
from .tracing import configure_tracing

SERVICE_NAME = os.environ.get("SERVICE_NAME", "${{ values.name }}")
# More instances per request would hold a worker for long: send several requests.
MAX_INSTANCES = int(os.environ.get("MAX_INSTANCES", "1000"))

logger = logging.getLogger("app")


class PredictRequest(BaseModel):
    instances: List[Dict[str, Any]]


def loader_from_env() -> ModelLoader:
    return ModelLoader(
        uri=os.environ.get("MODEL_URI", "model/example.json"),
        model_dir=os.environ.get("MODEL_DIR", "/models"),
        sha256=os.environ.get("MODEL_SHA256", ""),
    )


def create_app(lifecycle: Lifecycle = None, metrics: ServiceMetrics = None, loader: ModelLoader = None) -> FastAPI:
    lifecycle = lifecycle or Lifecycle()
    metrics = metrics or ServiceMetrics()
    loader = loader or loader_from_env()
    app = FastAPI(title=SERVICE_NAME)
    app.state.lifecycle = lifecycle
    app.state.metrics = metrics
    app.state.loader = loader

    @app.get("/")
    def hello():
        model = loader.model
        return {
            "service": SERVICE_NAME,
            "model": None if model is None else {"name": model.name, "version": model.version},
        }

    # Liveness: the process answers. Never checks the model, or a slow download
    # would restart the pod before it ends (the startup probe bounds that).
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    # Readiness: whether to send traffic here; not before the model is loaded,
    # and not while shutting down.
    @app.get("/readyz")
    def readyz():
        if lifecycle.draining:
            return JSONResponse({"status": "draining"}, status_code=503)
        if not loader.loaded:
            body = {"status": "loading", "attempts": loader.attempts}
            if loader.last_error:
                body["error"] = loader.last_error
            return JSONResponse(body, status_code=503)
        return {"status": "ready"}

    @app.post("/v1/predict")
    def predict(request: PredictRequest):
        model = loader.model
        if model is None:
            raise HTTPException(status_code=503, detail="the model is still loading", headers={"Retry-After": "5"})
        if not request.instances:
            raise HTTPException(status_code=422, detail="instances: must hold at least one instance")
        if len(request.instances) > MAX_INSTANCES:
            raise HTTPException(status_code=422, detail=f"instances: at most {MAX_INSTANCES} per request")
        try:
            predictions = model.predict(request.instances)
        except InstanceError as error:
            raise HTTPException(status_code=422, detail=str(error)) from error
        return {"model": model.name, "version": model.version, "predictions": predictions}

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
