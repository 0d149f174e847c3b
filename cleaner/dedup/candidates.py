"""LSH candidates: datasketch's MinHashLSH at a low threshold, for recall.

The LSH only proposes; :mod:`cleaner.dedup.verify` decides. Same-story reports written in
other words share few features (set Jaccard around 0.1–0.2), so the LSH is tuned for a
Jaccard threshold of 0.1 by default (datasketch picks 64 bands of 2 rows for 128
permutations): most such pairs collide in some band, and the extra candidates cost one
sparse dot product each.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from typing import Any, Optional

import numpy as np
from datasketch import MinHashLSH

from ..errors import ConfigError

DEFAULT_LSH_THRESHOLD = 0.1


def make_lsh(num_perm: int, lsh_threshold: float = DEFAULT_LSH_THRESHOLD,
             storage_config: Optional[dict[str, Any]] = None) -> MinHashLSH:
    """A MinHashLSH for ``num_perm`` signatures, optimised for ``lsh_threshold`` (Jaccard)."""
    try:
        if storage_config is None:
            return MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        # Keys are bytes we make ourselves: no pickling in shared storage.
        return MinHashLSH(threshold=lsh_threshold, num_perm=num_perm, storage_config=storage_config,
                          prepickle=False)
    except ValueError as error:  # datasketch's own argument checks
        raise ConfigError(f"cannot build the LSH index (lsh_threshold={lsh_threshold}, "
                          f"num_perm={num_perm}): {error}") from None


def bucket_pairs(lsh: MinHashLSH) -> np.ndarray:
    """Every pair of keys that share a bucket of an in-memory LSH whose keys are ints.

    Walks the buckets through datasketch's storage interface instead of querying each
    document: the same pairs, without a query per document. Returns an (n, 2) int64 array
    of distinct pairs, smaller key first, sorted.
    """
    chunks: list[np.ndarray] = []
    for table in lsh.hashtables:
        for bucket_key in table.keys():
            bucket = table.get(bucket_key)
            if len(bucket) > 1:
                members = sorted(bucket)
                chunks.append(np.fromiter((k for pair in combinations(members, 2) for k in pair),
                                          dtype=np.int64))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks).reshape(-1, 2)
    width = int(pairs.max()) + 1
    codes = distinct_sorted(pairs[:, 0] * width + pairs[:, 1])  # one int per pair: a fast unique
    return np.stack((codes // width, codes % width), axis=1)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted, as ``np.unique`` gives them, by one sort: recent numpy's
    ``np.unique`` (2.4 here) finds distinct integers with a hash table, measured 5–20×
    slower than sorting on these pair codes (50k–5M values)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


#: What datasketch's MinHashLSH chooses for the default settings, so that a process need not
#: work it out again (~15 ms of numerical integration). A test holds it equal to
#: MinHashLSH's own choice.
KNOWN_BANDS = {(128, DEFAULT_LSH_THRESHOLD): (64, 2)}


@lru_cache(maxsize=64)
def lsh_bands(num_perm: int, lsh_threshold: float = DEFAULT_LSH_THRESHOLD) -> tuple[int, int]:
    """The (bands, rows per band) datasketch's MinHashLSH chooses for this threshold."""
    known = KNOWN_BANDS.get((num_perm, lsh_threshold))
    if known is not None:
        return known
    lsh = make_lsh(num_perm, lsh_threshold)
    return lsh.b, lsh.r


def band_pairs(signatures: np.ndarray, bands: int, rows: int, rows_to_index: np.ndarray) -> np.ndarray:
    """The pairs that share a bucket of MinHashLSH(params=(bands, rows)), computed in bulk.

    A batch needs no incremental index, so instead of ``MinHashLSH.insert`` per document
    (64 dictionary updates each) every band of all signatures is sorted once with numpy:
    documents whose band values are equal share that bucket, exactly as in datasketch
    (same band ranges; a test checks the pairs are the same). ``rows_to_index``: the row
    numbers to bucket (documents with no features are left out). Returns sorted distinct
    (smaller, larger) row pairs as an (n, 2) int64 array.
    """
    rows_to_index = np.asarray(rows_to_index, dtype=np.int64)
    if len(rows_to_index) < 2:
        return np.empty((0, 2), dtype=np.int64)
    # Each pair as one int64 (smaller * width + larger); the bands' codes are deduplicated as
    # they come (a pair shares several bands), so memory follows the distinct pairs.
    width = int(rows_to_index.max()) + 1
    distinct = np.empty(0, dtype=np.int64)
    chunks: list[np.ndarray] = []
    pending = 0
    values_width = signatures.dtype.itemsize * rows
    # Band values as one sortable scalar when they fit in 8 bytes (r ≤ 2 for uint32), else bytes.
    key_type = {4: np.uint32, 8: np.uint64}.get(values_width, np.dtype((np.void, values_width)))
    positions = np.arange(len(rows_to_index))
    for band in range(bands):
        values = np.ascontiguousarray(signatures[rows_to_index, band * rows:(band + 1) * rows])
        keys = values.view(key_type).ravel()
        order = np.argsort(keys)  # the order within a bucket does not matter: all its pairs are taken
        sorted_keys = keys[order]
        # Each position pairs with every later position of its run of equal keys.
        new_run = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
        run_starts = np.flatnonzero(new_run)
        run_ends = np.concatenate((run_starts[1:], [len(keys)]))
        run_end_of = np.repeat(run_ends, run_ends - run_starts)
        later = run_end_of - positions - 1
        total = int(later.sum())
        if total == 0:
            continue
        left = np.repeat(positions, later)
        right = left + 1 + (np.arange(total) - np.repeat(np.cumsum(later) - later, later))
        a, b = rows_to_index[order[left]], rows_to_index[order[right]]
        chunks.append(np.minimum(a, b) * width + np.maximum(a, b))
        pending += total
        if pending > 4 * max(len(distinct), 1 << 22):  # a few sorts in all, bounded memory
            distinct = distinct_sorted(np.concatenate([distinct, *chunks]))
            chunks, pending = [], 0
    if chunks:
        distinct = distinct_sorted(np.concatenate([distinct, *chunks]))
    return np.stack((distinct // width, distinct % width), axis=1)


def _band_key_type(signatures_dtype: np.dtype, rows: int) -> np.dtype:
    """One sortable scalar per band: uint32/uint64 when the band fits in 8 bytes, else raw bytes."""
    width = np.dtype(signatures_dtype).itemsize * rows
    return np.dtype({4: np.uint32, 8: np.uint64}.get(width, np.dtype((np.void, width))))


class BandIndex:
    """The in-memory buckets of ``MinHashLSH(params=(bands, rows))``, as numpy arrays.

    datasketch keeps a dict of lists per band: 64 Python objects per document (~15 KB per
    document at 128 permutations). Here each band is a sorted array of band values and the
    matching row numbers (12 bytes per document and band); rows added since the last merge
    wait in a small unsorted tail that queries scan, and are merged (one sort per band) when
    the tail outgrows an eighth of the index. Queries return exactly the rows ``MinHashLSH.query``
    returns for the same signatures (same band ranges, equal band values share a bucket).
    """

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self._key_type: Optional[np.dtype] = None
        self._keys: Optional[np.ndarray] = None  # (bands, n) band values, each band sorted
        self._members: Optional[np.ndarray] = None  # (bands, n) int64 row numbers, same order
        self._tail_keys: list[np.ndarray] = []  # (k, bands) blocks not merged yet
        self._tail_members: list[np.ndarray] = []
        self._tail_size = 0

    def _band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """(documents, bands) band values of uint32 signatures."""
        signatures = np.ascontiguousarray(signatures, dtype=np.uint32)[:, :self.bands * self.rows]
        if self._key_type is None:
            self._key_type = _band_key_type(signatures.dtype, self.rows)
        return np.ascontiguousarray(signatures).view(self._key_type).reshape(len(signatures), self.bands)

    def add(self, signatures: np.ndarray, members: np.ndarray) -> None:
        """Index the signature rows (documents × num_perm uint32) under the row numbers ``members``."""
        if len(members) == 0:
            return
        self._tail_keys.append(self._band_keys(signatures))
        self._tail_members.append(np.asarray(members, dtype=np.int64))
        self._tail_size += len(members)
        merged = 0 if self._keys is None else self._keys.shape[1]
        if self._tail_size > max(1024, merged // 8):
            self._merge()

    def _merge(self) -> None:
        keys = np.concatenate(self._tail_keys).T  # (bands, k)
        members = np.broadcast_to(np.concatenate(self._tail_members), keys.shape)
        if self._keys is not None:
            keys = np.concatenate((self._keys, keys), axis=1)
            members = np.concatenate((self._members, members), axis=1)
        order = np.argsort(keys, axis=1, kind="stable")
        self._keys = np.take_along_axis(keys, order, axis=1)
        self._members = np.take_along_axis(np.asarray(members), order, axis=1)
        self._tail_keys, self._tail_members, self._tail_size = [], [], 0

    def query(self, signature: np.ndarray) -> set[int]:
        """Row numbers that share at least one band bucket with ``signature``."""
        if self._keys is None and not self._tail_keys:
            return set()
        keys = self._band_keys(np.asarray(signature).reshape(1, -1))[0]
        found: list[np.ndarray] = []
        if self._keys is not None:
            for band in range(self.bands):
                column = self._keys[band]
                low = np.searchsorted(column, keys[band], side="left")
                high = np.searchsorted(column, keys[band], side="right")
                if high > low:
                    found.append(self._members[band, low:high])
        for tail_keys, tail_members in zip(self._tail_keys, self._tail_members):
            hits = (tail_keys == keys[None, :]).any(axis=1)
            if hits.any():
                found.append(tail_members[hits])
        return set(np.concatenate(found).tolist()) if found else set()

    def memory_bytes(self) -> int:
        merged = 0 if self._keys is None else self._keys.nbytes + self._members.nbytes
        return merged + sum(k.nbytes + m.nbytes for k, m in zip(self._tail_keys, self._tail_members))
