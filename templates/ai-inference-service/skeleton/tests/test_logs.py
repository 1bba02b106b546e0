import json
import logging
import sys

from app.logs import JsonFormatter


def format_record(**kwargs):
    record = logging.makeLogRecord({"name": "app", "levelno": logging.INFO, "levelname": "INFO", **kwargs})
    return json.loads(JsonFormatter("my-service").format(record))


def test_a_record_is_one_json_object_with_its_extra_fields():
    entry = format_record(msg="request %s", args=("done",), route="/healthz", status_code=200)
    assert entry["level"] == "info"
    assert entry["service"] == "my-service"
    assert entry["logger"] == "app"
    assert entry["message"] == "request done"
    assert entry["route"] == "/healthz"
    assert entry["status_code"] == 200
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_logged_with_its_traceback():
    try:
        raise ValueError("bad value")
    except ValueError:
        entry = format_record(msg="failed", exc_info=sys.exc_info())
    assert "ValueError: bad value" in entry["exception"]
