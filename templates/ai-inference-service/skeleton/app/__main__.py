"""`python -m app`: serves the app on PORT (8080 by default)."""

import logging
import os
import sys

import uvicorn

from .logs import configure_logging
from .main import SERVICE_NAME, create_app, loader_from_env
from .server import GracefulServer, Lifecycle


def main() -> None:
    configure_logging(SERVICE_NAME, os.environ.get("LOG_LEVEL", "INFO"))
    lifecycle = Lifecycle()
    # The model loads in the background: the server answers /healthz at once and
    # /readyz once the model is in memory.
    loader = loader_from_env().start()
    app = create_app(lifecycle, loader=loader)
    config = uvicorn.Config(
        app,
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8080")),
        # Logs are configured above (JSON); requests are logged by the app.
        log_config=None,
        access_log=False,
        # No Server header: it tells scanners which version to try.
        server_header=False,
    )
    server = GracefulServer(config, lifecycle, float(os.environ.get("SHUTDOWN_DELAY_SECONDS", "5")))
    server.run()
    loader.stop()
    if not server.started:
        sys.exit(3)  # as uvicorn.run does when it could not start (port taken, ...)
    provider = app.state.tracer_provider
    if provider is not None:
        provider.shutdown()  # exports the spans still buffered
    logging.getLogger("app").info("stopped")


if __name__ == "__main__":
    main()
