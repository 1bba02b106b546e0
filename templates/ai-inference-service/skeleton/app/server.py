"""Runs the app with uvicorn and stops it gracefully."""

import logging
import signal
import threading

import uvicorn

logger = logging.getLogger(__name__)


class Lifecycle:
    """Whether the service takes traffic: /readyz answers 503 once it drains."""

    def __init__(self) -> None:
        self.draining = False


class GracefulServer(uvicorn.Server):
    """On SIGTERM (Kubernetes stopping the pod) the service reports not ready at
    once, keeps serving for `drain_seconds` while Kubernetes takes the pod out of
    its Service's endpoints, then stops accepting connections and finishes the
    requests in flight. SIGINT (Ctrl-C), or a second signal, stops without the wait.
    """

    def __init__(self, config: uvicorn.Config, lifecycle: Lifecycle, drain_seconds: float) -> None:
        super().__init__(config)
        self.lifecycle = lifecycle
        self.drain_seconds = drain_seconds

    def handle_exit(self, sig, frame) -> None:
        # Sets should_exit itself: uvicorn's main loop polls it in every version,
        # and newer versions would re-raise a signal passed to the parent handler.
        if self.lifecycle.draining or sig != signal.SIGTERM or self.drain_seconds <= 0:
            self.lifecycle.draining = True
            self.should_exit = True
            return
        self.lifecycle.draining = True
        logger.info("draining before shutdown", extra={"drain_seconds": self.drain_seconds})
        timer = threading.Timer(self.drain_seconds, self._stop)
        timer.daemon = True
        timer.start()

    def _stop(self) -> None:
        self.should_exit = True
