"""Loads the model in the background, so the service answers its probes at once."""

import logging
import threading
import time

from .artifact import fetch_artifact, redact
from .model import load_model

logger = logging.getLogger(__name__)


class ModelLoader:
    """Fetches and loads the model in a thread of its own. Until it has, `model` is
    None and /readyz answers 503; a failed attempt (a network error, a bad
    artifact) is logged and retried with a growing delay, up to `max_retry_seconds`.
    A pod that never loads is restarted by its startup probe."""

    def __init__(self, uri: str, model_dir: str, sha256: str = "", retry_seconds: float = 2, max_retry_seconds: float = 60):
        self.uri = uri
        self.model_dir = model_dir
        self.sha256 = sha256
        self.retry_seconds = retry_seconds
        self.max_retry_seconds = max_retry_seconds
        self.model = None
        self.attempts = 0
        self.last_error = None
        self._stopped = threading.Event()
        self._thread = None

    @property
    def loaded(self) -> bool:
        return self.model is not None

    def start(self) -> "ModelLoader":
        self._thread = threading.Thread(target=self._run, name="model-loader", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()

    def wait(self, timeout: float = None) -> bool:
        """Whether the model loaded within `timeout` seconds (for tests and tools)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.loaded

    def load_once(self) -> None:
        self.attempts += 1
        started = time.monotonic()
        path = fetch_artifact(self.uri, self.model_dir, self.sha256)
        model = load_model(path)
        self.model = model
        self.last_error = None
        logger.info(
            "model loaded",
            extra={
                "model": model.name,
                "model_version": model.version,
                "uri": redact(self.uri),
                "load_seconds": round(time.monotonic() - started, 3),
            },
        )

    def _run(self) -> None:
        delay = self.retry_seconds
        while not self._stopped.is_set():
            try:
                self.load_once()
                return
            except Exception as error:  # any failure is retried, and logged with its reason
                self.last_error = str(error)
                logger.error(
                    "model load failed; retrying",
                    extra={"attempt": self.attempts, "error": self.last_error, "retry_in_seconds": delay},
                )
            self._stopped.wait(delay)
            delay = min(delay * 2, self.max_retry_seconds)
