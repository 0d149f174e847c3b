"""``DuplicateIndex``: a corpus that grows, queried one new text at a time.

Add documents once (their features, signatures and LSH buckets are computed then), save to
a file and load it back, add more; a new article is checked against a million without
rebuilding anything. With ``redis_url`` the whole index lives in Redis, so several workers
add to and query one shared index.
"""
from __future__ import annotations

import os
from collections.abc import Hashable
from typing import Optional

import numpy as np

from ..errors import CleanerError, DuplicateIndexError, InputError
from .candidates import DEFAULT_LSH_THRESHOLD
from .features import encode_corpus, extract_features
from .finder import DEFAULT_THRESHOLD, prepare_texts
from .indexfile import read_index_file, write_index_file
from .inputs import Documents, check_fraction, check_text, document_items
from .results import DuplicateMatch
from .signatures import MinHasher
from .stores import MemoryStore, RedisStore, check_index_id, optional_url
from .verify import effective_threshold, query_scores


class DuplicateIndex:
    """An incremental same-story index: ``add``/``add_many``, ``query``, ``save``/``load``.

    ``threshold``: the exact score a match must reach (default as in ``find_duplicates``).
    ``clean``: run :func:`cleaner.clean` on added and queried texts first.
    ``num_perm``/``seed``/``lsh_threshold``: the MinHash LSH that proposes candidates.
    ``redis_url`` (``redis://host:port/db``) and ``name``: keep everything in Redis under
    that name, shared by every worker that opens the same URL and name with the same
    settings (needs the ``redis`` extra). Ids are str or int.

    IDF comes from the documents in the index, updated as they are added: scores of one
    pair drift slightly as the corpus grows, as they would in ``find_duplicates``.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, clean: bool = True, num_perm: int = 128,
                 seed: int = 1, lsh_threshold: float = DEFAULT_LSH_THRESHOLD,
                 redis_url: Optional[str] = None, name: str = "cleaner-dedup") -> None:
        self.threshold = check_fraction("threshold", threshold)
        self.lsh_threshold = check_fraction("lsh_threshold", lsh_threshold)
        self.clean = bool(clean)
        self._hasher = MinHasher(num_perm, seed)
        self.num_perm, self.seed = num_perm, seed
        self.redis_url = optional_url(redis_url)
        if not isinstance(name, str) or not name:
            raise DuplicateIndexError(f"name must be a non-empty string, got {name!r}")
        self.name = name
        if self.redis_url is None:
            self._store = MemoryStore(num_perm, self.lsh_threshold)
        else:
            self._store = RedisStore(self.redis_url, name, self._shared_settings(), self.lsh_threshold)

    def _shared_settings(self) -> dict:
        """What every user of one stored index must agree on (scores depend on all of it)."""
        return {"num_perm": self.num_perm, "seed": self.seed, "lsh_threshold": self.lsh_threshold,
                "clean": self.clean}

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, document_id: object) -> bool:
        return isinstance(document_id, (str, int)) and document_id in self._store

    def __repr__(self) -> str:
        where = f"redis_url={self.redis_url!r}, name={self.name!r}" if self.redis_url else "in memory"
        return f"DuplicateIndex({len(self)} documents, threshold={self.threshold}, {where})"

    def add(self, document_id: Hashable, text: str) -> None:
        """Add one document. InputError if the id is already in the index."""
        self.add_many([(document_id, text)])

    def add_many(self, documents: Documents) -> None:
        """Add many documents at once (signatures computed in bulk). Nothing is added on error."""
        items = document_items(documents)
        for document_id, _ in items:
            check_index_id(document_id)
            if document_id in self._store:
                raise InputError(f"document id {document_id!r} is already in the index")
        if not items:
            return
        ids = [document_id for document_id, _ in items]
        corpus = encode_corpus(prepare_texts([t for _, t in items], self.clean))
        signatures = self._hasher.signatures_from_codes(corpus.hashes, corpus.indptr, corpus.codes)
        self._store.add(ids, corpus, signatures, self._hasher)

    def query(self, text: str, *, threshold: Optional[float] = None,
              limit: Optional[int] = None) -> list[DuplicateMatch]:
        """Indexed documents that tell the same story as ``text``, best first (ties by id).

        Every LSH candidate is scored exactly; those at or above ``threshold`` (default: the
        index's; raised for a small index as in ``find_duplicates``) are returned, at most
        ``limit`` of them. The text is not added.
        """
        check_text("query", text)
        threshold = self.threshold if threshold is None else check_fraction("threshold", threshold)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise InputError(f"limit must be a positive integer or None, got {limit!r}")
        features = extract_features(prepare_texts([text], self.clean)[0])
        if not features:
            return []
        signature = self._hasher.signatures([features])[0]
        candidates = self._store.candidates(self._hasher.lean_minhash(signature))
        if not candidates:
            return []
        others = self._store.features_of(candidates)
        frequencies = self._store.frequencies(set(features).union(*others))
        count = self._store.document_count()
        scores = query_scores(features, others, frequencies, count)
        needed = effective_threshold(threshold, count + 1)  # the query counts as one more document
        matches = [DuplicateMatch(i, s) for i, s in zip(candidates, scores) if s >= needed]
        matches.sort(key=lambda m: (-m.similarity, type(m.id).__name__, m.id))
        return matches[:limit] if limit is not None else matches

    def save(self, path: str | os.PathLike) -> None:
        """Write the index to ``path`` atomically (a versioned, pickle-free .npz; see indexfile).

        A Redis-backed index is already shared and persistent: saving it is an error.
        """
        if not isinstance(self._store, MemoryStore):
            raise DuplicateIndexError(f"index {self.name!r} lives in Redis at {self.redis_url}; "
                                      f"use Redis persistence instead of save()")
        store = self._store
        signatures = np.array(store.signatures, dtype=np.uint32).reshape(len(store), self.num_perm)
        settings = {"threshold": self.threshold, **self._shared_settings()}
        write_index_file(path, settings, store.ids, store.vocabulary, store.features, signatures)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "DuplicateIndex":
        """Read an index written by :meth:`save`; DuplicateIndexError naming the file if it is bad.

        Features and signatures are read, not recomputed; the LSH buckets are refilled from
        the signatures.
        """
        content = read_index_file(path)
        settings = content["settings"]
        try:
            index = cls(settings["threshold"], clean=settings["clean"], num_perm=settings["num_perm"],
                        seed=settings["seed"], lsh_threshold=settings["lsh_threshold"])
        except (KeyError, TypeError, CleanerError) as error:
            raise DuplicateIndexError(f"{path}: invalid settings in the index file ({error})") from None
        store = index._store
        try:
            for document_id in content["ids"]:
                check_index_id(document_id)
        except InputError as error:
            raise DuplicateIndexError(f"{path}: {error}") from None
        store.vocabulary = list(content["vocabulary"])
        store.code_of = {feature: code for code, feature in enumerate(store.vocabulary)}
        if len(store.code_of) != len(store.vocabulary):
            raise DuplicateIndexError(f"{path}: corrupt index file (repeated vocabulary entries)")
        all_codes = [np.asarray(codes, dtype=np.int32) for codes in content["features"]]
        flat = np.concatenate(all_codes) if all_codes else np.empty(0, dtype=np.int32)
        store.document_frequency = np.bincount(flat, minlength=len(store.vocabulary)).tolist()
        store.features = all_codes
        store.ids = list(content["ids"])
        store.row_of = {document_id: row for row, document_id in enumerate(store.ids)}
        signatures = content["signatures"]
        store.signatures = list(signatures)
        nonempty = np.flatnonzero(np.fromiter(map(len, all_codes), dtype=np.int64, count=len(all_codes)))
        store.lsh.add(signatures[nonempty], nonempty)
        return index
