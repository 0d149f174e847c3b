"""LSH candidates: datasketch's MinHashLSH at a low threshold, for recall.

The LSH only proposes; :mod:`cleaner.dedup.verify` decides. Same-story reports written in
other words share few features (set Jaccard around 0.1–0.2), so the LSH is tuned for a
Jaccard threshold of 0.1 by default (datasketch picks 64 bands of 2 rows for 128
permutations): most such pairs collide in some band, and the extra candidates cost one
sparse dot product each.
"""
from __future__ import annotations

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
    codes = np.unique(pairs[:, 0] * width + pairs[:, 1])  # one int per pair: a fast unique
    return np.stack((codes // width, codes % width), axis=1)
