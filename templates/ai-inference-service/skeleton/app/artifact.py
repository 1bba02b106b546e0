"""Fetches the model artifact into the model volume, once.

MODEL_URI names the artifact: an `https://` or `http://` URL (a presigned object
storage URL works) is downloaded into MODEL_DIR, the PersistentVolumeClaim
mounted for model artifacts, and kept there: a restarted pod finds it and loads
at once. A `file://` URL or a path is read where it is (an artifact baked into
the image, or put on the volume by other means).
"""

import hashlib
import logging
import os
import shutil
import urllib.parse
import urllib.request

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20


class ArtifactError(RuntimeError):
    pass


def redact(uri: str) -> str:
    """The URI without credentials or query (presigned URLs carry a signature there)."""
    parts = urllib.parse.urlsplit(uri)
    if not parts.scheme or parts.scheme == "file":
        return uri
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cached_path(uri: str, model_dir: str) -> str:
    """Where the download of `uri` is kept: one file per URI, named after its last segment."""
    name = os.path.basename(urllib.parse.urlsplit(uri).path) or "model"
    key = hashlib.sha256(uri.encode()).hexdigest()[:16]
    return os.path.join(model_dir, f"{key}-{name}")


def fetch_artifact(uri: str, model_dir: str, sha256: str = "", timeout: float = 60) -> str:
    """The local path of the artifact, downloading it into `model_dir` unless it is
    there already. With `sha256` the file must have that digest, cached or not."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme in ("", "file"):
        path = urllib.parse.unquote(parts.path) if parts.scheme else uri
        if not os.path.isfile(path):
            raise ArtifactError(f"MODEL_URI: no file at {path}")
        _check_digest(path, sha256)
        return path
    if parts.scheme not in ("http", "https"):
        raise ArtifactError(f"MODEL_URI: scheme '{parts.scheme}' is not one of https, http, file")

    target = cached_path(uri, model_dir)
    if os.path.isfile(target):
        if not sha256 or _sha256(target) == sha256.lower():
            logger.info("model artifact found on the volume", extra={"path": target})
            return target
        logger.warning("cached model artifact has another digest: downloading again", extra={"path": target})

    os.makedirs(model_dir, exist_ok=True)
    partial = f"{target}.partial"
    logger.info("downloading the model artifact", extra={"uri": redact(uri), "path": target})
    try:
        with urllib.request.urlopen(uri, timeout=timeout) as response, open(partial, "wb") as file:
            shutil.copyfileobj(response, file, CHUNK_BYTES)
    except OSError as error:  # URLError and HTTPError are OSErrors
        _remove(partial)
        raise ArtifactError(f"downloading {redact(uri)} failed: {error}") from error
    try:
        _check_digest(partial, sha256)
    except ArtifactError:
        _remove(partial)
        raise
    # Atomic: a pod stopped mid-download never leaves a truncated artifact behind.
    os.replace(partial, target)
    return target


def _check_digest(path: str, sha256: str) -> None:
    if sha256:
        actual = _sha256(path)
        if actual != sha256.lower():
            raise ArtifactError(f"MODEL_SHA256: the artifact's digest is {actual}, expected {sha256.lower()}")


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
