import hashlib
import http.server
import threading

import pytest

from app.artifact import ArtifactError, cached_path, fetch_artifact, redact
from app.loader import ModelLoader

from .conftest import EXAMPLE_MODEL

with open(EXAMPLE_MODEL, "rb") as example:
    ARTIFACT = example.read()
DIGEST = hashlib.sha256(ARTIFACT).hexdigest()


@pytest.fixture
def server():
    """An HTTP server holding the example model at /models/churn.json, counting its downloads."""
    served = {"downloads": 0, "status": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != "/models/churn.json" or served["status"] != 200:
                self.send_error(served["status"] if served["status"] != 200 else 404)
                return
            served["downloads"] += 1
            self.send_response(200)
            self.send_header("Content-Length", str(len(ARTIFACT)))
            self.end_headers()
            self.wfile.write(ARTIFACT)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    served["url"] = f"http://127.0.0.1:{httpd.server_address[1]}/models/churn.json"
    yield served
    httpd.shutdown()


def test_a_download_is_kept_on_the_volume_and_reused(server, tmp_path):
    path = fetch_artifact(server["url"], str(tmp_path), DIGEST)
    assert path == cached_path(server["url"], str(tmp_path))
    assert open(path, "rb").read() == ARTIFACT
    # A restarted pod finds it on the volume.
    assert fetch_artifact(server["url"], str(tmp_path), DIGEST) == path
    assert server["downloads"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.split("/")[-1]]


def test_a_download_with_another_digest_is_refused_and_not_kept(server, tmp_path):
    with pytest.raises(ArtifactError, match=f"MODEL_SHA256: the artifact's digest is {DIGEST}, expected 00"):
        fetch_artifact(server["url"], str(tmp_path), "00" * 32)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_download_names_the_uri_without_its_query(server, tmp_path):
    server["status"] = 503
    with pytest.raises(ArtifactError) as error:
        fetch_artifact(server["url"] + "?X-Amz-Signature=secret", str(tmp_path))
    assert f"downloading {server['url']} failed" in str(error.value)
    assert "secret" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_local_files_are_read_where_they_are(tmp_path):
    assert fetch_artifact(EXAMPLE_MODEL, str(tmp_path)) == EXAMPLE_MODEL
    assert fetch_artifact(f"file://{EXAMPLE_MODEL}", str(tmp_path), DIGEST) == EXAMPLE_MODEL
    with pytest.raises(ArtifactError, match="MODEL_URI: no file at /no/such/model.json"):
        fetch_artifact("/no/such/model.json", str(tmp_path))
    with pytest.raises(ArtifactError, match="scheme 's3' is not one of https, http, file"):
        fetch_artifact("s3://bucket/model.json", str(tmp_path))


def test_redact_drops_credentials_and_query():
    assert redact("https://user:pw@store.example:8443/m.json?sig=x") == "https://store.example:8443/m.json"


def test_the_loader_retries_until_the_artifact_is_served(server, tmp_path):
    server["status"] = 503
    loader = ModelLoader(server["url"], str(tmp_path), DIGEST, retry_seconds=0.05).start()
    try:
        for _ in range(100):
            if loader.attempts >= 2:
                break
            threading.Event().wait(0.02)
        assert not loader.loaded
        assert "503" in loader.last_error
        server["status"] = 200
        assert loader.wait(timeout=5)
        assert loader.model.name == "example-churn"
        assert loader.last_error is None
    finally:
        loader.stop()
