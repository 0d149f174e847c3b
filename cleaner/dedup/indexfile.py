"""The DuplicateIndex file: one ``.npz`` (numpy's zip of arrays), no pickle, versioned.

Why not pickle: a file from elsewhere must never run code when loaded, and a pickle of
datasketch objects breaks when datasketch changes. The file holds plain arrays and JSON:

- ``meta``: JSON (as bytes) — ``format``, ``version``, settings, document count;
- ``ids``: JSON list of the document ids, in insertion order;
- ``vocabulary``: JSON list of the feature strings;
- ``feature_indptr`` / ``feature_codes``: each document's features as codes (CSR rows);
- ``signatures``: uint32 (documents × num_perm) MinHash minima.

Loading recomputes nothing per document: document frequencies are a bincount of the codes
and the LSH tables are refilled from the stored signatures.
"""
from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DuplicateIndexError

FORMAT_NAME = "cleaner-duplicate-index"
FORMAT_VERSION = 1
_ARRAYS = ("meta", "ids", "vocabulary", "feature_indptr", "feature_codes", "signatures")


def _json_bytes(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def write_index_file(path: str | os.PathLike, settings: dict[str, Any], ids: list, vocabulary: list[str],
                     features: list[np.ndarray], signatures: np.ndarray) -> None:
    """Write atomically: a temporary file beside the target, then ``os.replace``.

    A crash mid-write leaves the old file intact, never half a file.
    """
    path = Path(path)
    lengths = np.fromiter((len(f) for f in features), dtype=np.int64, count=len(features))
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    codes = np.concatenate(features).astype(np.int32) if features else np.empty(0, dtype=np.int32)
    meta = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "count": len(ids), **settings}
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(dir=directory, prefix=f".{path.name}.", suffix=".tmp",
                                             delete=False)
    except OSError as error:
        raise DuplicateIndexError(f"{path}: cannot write the index: {error}") from None
    try:
        with handle:
            np.savez(handle, meta=_json_bytes(meta), ids=_json_bytes(ids), vocabulary=_json_bytes(vocabulary),
                     feature_indptr=indptr, feature_codes=codes,
                     signatures=np.asarray(signatures, dtype=np.uint32))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException as error:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(error, (OSError, TypeError, ValueError)):
            raise DuplicateIndexError(f"{path}: cannot write the index: {error}") from None
        raise


def read_index_file(path: str | os.PathLike) -> dict[str, Any]:
    """Read and validate a file written by :func:`write_index_file`.

    Returns ``settings`` (dict), ``ids``, ``vocabulary``, ``features`` (list of code
    arrays) and ``signatures``. Raises DuplicateIndexError naming the file when it is
    missing, not an index, of another version, or inconsistent.
    """
    path = Path(path)

    def broken(reason: str) -> DuplicateIndexError:
        return DuplicateIndexError(f"{path}: {reason}")

    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [name for name in _ARRAYS if name not in archive.files]
            if missing:
                raise broken(f"not a duplicate index file (missing {', '.join(missing)})")
            arrays = {name: archive[name] for name in _ARRAYS}
    except DuplicateIndexError:
        raise
    except FileNotFoundError:
        raise broken("no such file") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise broken(f"not a readable duplicate index file ({error})") from None

    try:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        ids = json.loads(arrays["ids"].tobytes().decode("utf-8"))
        vocabulary = json.loads(arrays["vocabulary"].tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise broken(f"corrupt metadata ({error})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise broken("not a duplicate index file (wrong format tag)")
    if meta.get("version") != FORMAT_VERSION:
        raise broken(f"index file version {meta.get('version')!r}; this cleaner reads version "
                     f"{FORMAT_VERSION}: rebuild the index")
    indptr, codes, signatures = arrays["feature_indptr"], arrays["feature_codes"], arrays["signatures"]
    count = meta.get("count")
    num_perm = meta.get("num_perm")
    consistent = (
        isinstance(ids, list) and isinstance(vocabulary, list) and count == len(ids)
        and len(set(map(json.dumps, ids))) == len(ids)
        and indptr.ndim == 1 and len(indptr) == count + 1 and indptr.dtype.kind == "i"
        and (count == 0 or (indptr[0] == 0 and np.all(np.diff(indptr) >= 0) and indptr[-1] == len(codes)))
        and codes.dtype.kind == "i" and (len(codes) == 0 or (codes.min() >= 0 and codes.max() < len(vocabulary)))
        and signatures.dtype == np.uint32 and signatures.shape == (count, num_perm)
    )
    if not consistent:
        raise broken("corrupt index file (its arrays do not agree with each other)")
    settings = {k: v for k, v in meta.items() if k not in ("format", "version", "count")}
    features = [codes[indptr[k]:indptr[k + 1]] for k in range(count)]
    return {"settings": settings, "ids": ids, "vocabulary": vocabulary, "features": features,
            "signatures": signatures}
