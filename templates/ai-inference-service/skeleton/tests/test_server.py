import signal
import time

import uvicorn

from app.main import create_app
from app.server import GracefulServer, Lifecycle


def server(drain_seconds):
    lifecycle = Lifecycle()
    return GracefulServer(uvicorn.Config(create_app(lifecycle)), lifecycle, drain_seconds), lifecycle


def test_sigterm_drains_then_stops():
    graceful, lifecycle = server(drain_seconds=0.2)
    graceful.handle_exit(signal.SIGTERM, None)
    assert lifecycle.draining
    assert not graceful.should_exit
    time.sleep(0.4)
    assert graceful.should_exit


def test_a_second_signal_stops_at_once():
    graceful, _ = server(drain_seconds=30)
    graceful.handle_exit(signal.SIGTERM, None)
    graceful.handle_exit(signal.SIGTERM, None)
    assert graceful.should_exit


def test_sigint_stops_at_once():
    graceful, lifecycle = server(drain_seconds=30)
    graceful.handle_exit(signal.SIGINT, None)
    assert lifecycle.draining
    assert graceful.should_exit
