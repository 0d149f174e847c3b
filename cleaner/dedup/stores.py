"""Where a DuplicateIndex keeps its documents: in this process, or in Redis for many workers.

Both stores hold the same three things, because exact verification needs more than the LSH:
each document's feature set, the document frequency of every feature (for IDF), and
datasketch's ``MinHashLSH`` over the signatures. With Redis, all three live in the server
(the LSH through datasketch's own Redis storage), so every worker scores against the same
corpus and sees the documents the others add.
"""
from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Optional

import numpy as np
from datasketch import LeanMinHash

from ..errors import DuplicateIndexError, InputError
from .candidates import BandIndex, lsh_bands, make_lsh
from .features import EncodedCorpus

FORMAT_VERSION = 1


def check_index_id(document_id: Hashable) -> Hashable:
    """An index id must be a str or an int: ids are written to files and Redis as JSON."""
    if isinstance(document_id, bool) or not isinstance(document_id, (str, int)):
        raise InputError(f"index document ids must be str or int, got {document_id!r}")
    return document_id


class MemoryStore:
    """Documents in this process: features as integer codes into one vocabulary, df counts,
    and the LSH buckets as numpy arrays (:class:`BandIndex`, the same candidates as
    datasketch's ``MinHashLSH`` at a fraction of its memory)."""

    def __init__(self, num_perm: int, lsh_threshold: float) -> None:
        self.lsh = BandIndex(*lsh_bands(num_perm, lsh_threshold))
        self.ids: list[Hashable] = []
        self.row_of: dict[Hashable, int] = {}
        self.vocabulary: list[str] = []
        self.code_of: dict[str, int] = {}
        self.document_frequency: list[int] = []
        self.features: list[np.ndarray] = []  # per document: int32 codes into vocabulary
        self.signatures: list[np.ndarray] = []  # per document: uint32 minima (kept for save)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, document_id: Hashable) -> bool:
        return document_id in self.row_of

    def add(self, ids: Sequence[Hashable], corpus: EncodedCorpus, signatures: np.ndarray, hasher) -> None:
        """Add documents whose ids are new (checked by the caller), encoded as one batch."""
        # The batch's codes → this store's codes: one look-up per distinct feature of the batch.
        store_codes = np.fromiter(map(self._code, corpus.vocabulary), dtype=np.int32, count=len(corpus.vocabulary))
        counts = np.bincount(corpus.codes, minlength=len(corpus.vocabulary)) if len(corpus.codes) else []
        frequency = self.document_frequency
        for code, count in zip(store_codes.tolist(), np.asarray(counts).tolist()):
            frequency[code] += count
        first = len(self.ids)
        indptr = corpus.indptr.tolist()
        mapped = store_codes[corpus.codes]
        for k, document_id in enumerate(ids):
            row = first + k
            self.ids.append(document_id)
            self.row_of[document_id] = row
            self.features.append(np.sort(mapped[indptr[k]:indptr[k + 1]]))
            self.signatures.append(signatures[k])
        nonempty = np.flatnonzero(corpus.lengths)
        self.lsh.add(signatures[nonempty], nonempty + first)

    def _code(self, feature: str) -> int:
        code = self.code_of.get(feature)
        if code is None:
            code = self.code_of[feature] = len(self.vocabulary)
            self.vocabulary.append(feature)
            self.document_frequency.append(0)
        return code

    def candidates(self, minhash: LeanMinHash) -> list[Hashable]:
        """Ids the LSH proposes for a signature."""
        return [self.ids[row] for row in sorted(self.lsh.query(np.asarray(minhash.hashvalues, dtype=np.uint32)))]

    def features_of(self, ids: Sequence[Hashable]) -> list[frozenset[str]]:
        vocabulary = self.vocabulary
        return [frozenset(vocabulary[c] for c in self.features[self.row_of[i]].tolist()) for i in ids]

    def frequencies(self, features: Iterable[str]) -> dict[str, int]:
        frequency = self.document_frequency
        return {f: (frequency[self.code_of[f]] if f in self.code_of else 0) for f in features}

    def document_count(self) -> int:
        return len(self.ids)


class RedisStore:
    """Documents in Redis, shared by every worker that opens the same URL and name.

    Keys, under the prefix ``name``: ``:meta`` (the settings every worker must share),
    ``:features`` (id → JSON list of features), ``:df`` (feature → document count), and
    datasketch's LSH tables (basename ``name:lsh``).
    """

    def __init__(self, url: str, name: str, settings: dict[str, Any], lsh_threshold: float) -> None:
        try:
            import redis
            from redis.connection import parse_url
        except ImportError:  # the optional extra
            raise DuplicateIndexError("a Redis-backed DuplicateIndex needs the redis package: "
                                      "pip install 'cleaner[redis]'") from None
        try:
            parameters = parse_url(url)
        except ValueError as error:
            raise DuplicateIndexError(f"bad Redis URL {url!r}: {error}") from None
        connection = {k: parameters[k] for k in ("host", "port", "db", "username", "password")
                      if parameters.get(k) is not None}
        self.url = url
        self.name = name
        self.redis = redis.Redis(**connection)
        self._errors = (redis.RedisError, OSError)
        # Fail fast when nothing listens: the first contact does not retry with back-off.
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        self._call(redis.Redis(**connection, retry=Retry(NoBackoff(), 0), socket_connect_timeout=5).ping)
        self._meta_key, self._features_key, self._df_key = (f"{name}:meta", f"{name}:features", f"{name}:df")
        self._check_settings(settings)
        storage = {"type": "redis", "basename": f"{name}:lsh".encode(), "redis": connection}
        self.lsh = self._call(make_lsh, settings["num_perm"], lsh_threshold, storage)

    def _call(self, function, *args, **kwargs):
        """Run one Redis operation; a connection or server error becomes DuplicateIndexError."""
        try:
            return function(*args, **kwargs)
        except self._errors as error:
            raise DuplicateIndexError(f"Redis at {self.url} (index {self.name!r}): {error}") from None

    def _check_settings(self, settings: dict[str, Any]) -> None:
        """The first worker writes the settings; every later one must use the same."""
        wanted = {k: json.dumps(v) for k, v in settings.items()}
        wanted["version"] = json.dumps(FORMAT_VERSION)
        for key, value in wanted.items():
            self._call(self.redis.hsetnx, self._meta_key, key, value)
        stored = {k.decode(): v.decode() for k, v in self._call(self.redis.hgetall, self._meta_key).items()}
        differing = sorted(k for k in wanted if stored.get(k) != wanted[k])
        if differing:
            shown = ", ".join(f"{k}={stored.get(k)} (asked {wanted[k]})" for k in differing)
            raise DuplicateIndexError(f"Redis index {self.name!r} at {self.url} was created with other "
                                      f"settings: {shown}; use the same settings or another name")

    def __len__(self) -> int:
        return int(self._call(self.redis.hlen, self._features_key))

    def document_count(self) -> int:
        return len(self)

    def __contains__(self, document_id: Hashable) -> bool:
        return bool(self._call(self.redis.hexists, self._features_key, json.dumps(document_id)))

    def add(self, ids: Sequence[Hashable], corpus: EncodedCorpus, signatures: np.ndarray, hasher) -> None:
        """Add documents; claims each id atomically first, so two workers cannot add one id twice."""
        for row, document_id in enumerate(ids):
            features, minhash = corpus.feature_set(row), hasher.lean_minhash(signatures[row])
            key = json.dumps(document_id)
            if not self._call(self.redis.hsetnx, self._features_key, key, json.dumps(sorted(features))):
                raise InputError(f"document id {document_id!r} is already in the index")
            if features:
                pipeline = self.redis.pipeline(transaction=False)
                for feature in features:
                    pipeline.hincrby(self._df_key, feature, 1)
                self._call(pipeline.execute)
                self._call(self.lsh.insert, key.encode(), minhash, check_duplication=False)

    def candidates(self, minhash: LeanMinHash) -> list[Hashable]:
        return [json.loads(key) for key in sorted(self._call(self.lsh.query, minhash))]

    def features_of(self, ids: Sequence[Hashable]) -> list[frozenset[str]]:
        if not ids:
            return []
        values = self._call(self.redis.hmget, self._features_key, [json.dumps(i) for i in ids])
        return [frozenset(json.loads(v)) if v is not None else frozenset() for v in values]

    def frequencies(self, features: Iterable[str]) -> dict[str, int]:
        features = list(features)
        if not features:
            return {}
        values = self._call(self.redis.hmget, self._df_key, features)
        return {f: int(v) if v is not None else 0 for f, v in zip(features, values)}


def optional_url(url: Optional[str]) -> Optional[str]:
    """A Redis URL or None; DuplicateIndexError for anything that is not a redis:// URL."""
    if url is None:
        return None
    if not isinstance(url, str) or not url.startswith(("redis://", "rediss://")):
        raise DuplicateIndexError(f"redis_url must look like redis://host:port/db, got {url!r}")
    return url
