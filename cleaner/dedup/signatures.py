"""MinHash signatures for many documents at once, equal to datasketch's, without its loop.

datasketch's ``MinHash.update`` hashes one value and applies all permutations to it: a
Python call and a few numpy calls per shingle. Here every *distinct* feature of a batch is
hashed once with CRC-32 (stdlib, stable across processes and platforms, ~5x faster than
datasketch's default SHA-1 here), pre-mixed (datasketch's MurmurHash3 finaliser), and the affine permutations ``a * h + b mod 2**32`` of datasketch's
default ``"affine32"`` scheme are applied to all features of a block of documents in one
numpy expression; ``np.minimum.reduceat`` then takes each document's minima. The result is
bit for bit what ``MinHash(num_perm, seed, hashfunc=feature_hash)`` with one ``update(f.encode())``
per feature gives (a test checks it), so the signatures go straight into datasketch's ``MinHashLSH``.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
from datasketch import LeanMinHash, MinHash

from ..errors import ConfigError

SCHEME = "affine32"
_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's initial (empty-set) hash value
# Work on blocks of about this many (feature, permutation) cells: ~32 MB of uint32.
_BLOCK_CELLS = 8_000_000


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch pre-mixes input hashes (wrapping arithmetic)."""
    h = values.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def feature_hash(data: bytes) -> int:
    """The 32-bit hash of one encoded feature: CRC-32. Pass it as datasketch's ``hashfunc``
    to get the same signatures from ``MinHash.update``."""
    return zlib.crc32(data)


def hash_features(features: Iterable[str]) -> np.ndarray:
    """:func:`feature_hash` of each feature's UTF-8 bytes, as uint32 (one C-level pass)."""
    return np.fromiter(map(zlib.crc32, map(str.encode, features)), dtype=np.uint32)


class MinHasher:
    """Computes MinHash signatures in bulk with datasketch's permutations for (num_perm, seed).

    Validates its arguments like datasketch does, but raises :class:`cleaner.errors.ConfigError`.
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        if not isinstance(num_perm, int) or isinstance(num_perm, bool) or num_perm < 2:
            raise ConfigError(f"num_perm must be an integer of at least 2, got {num_perm!r}")
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {seed!r}")
        self.num_perm = num_perm
        self.seed = seed
        # datasketch draws the permutations from its own seeded generator: reuse them rather
        # than re-implement the draw, so the two can never drift apart.
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        self._a = np.ascontiguousarray(a, dtype=np.uint32)
        self._b = np.ascontiguousarray(b, dtype=np.uint32)

    def signatures(self, documents: Sequence[Iterable[str]]) -> np.ndarray:
        """One row of ``num_perm`` uint32 minima per document (all 2**32-1 for an empty one).

        Hashing a feature costs less than looking it up in a table, so every occurrence is
        hashed (CRC-32 in C); the permutations run once per (feature, document).
        """
        documents = [d if isinstance(d, (set, frozenset, list, tuple)) else list(d) for d in documents]
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        flat = np.fromiter(map(zlib.crc32, map(str.encode, chain.from_iterable(documents))),
                           dtype=np.uint32, count=int(lengths.sum()))
        return self._signatures_from_flat(_fmix32(flat), lengths)

    def signatures_from_codes(self, hashes: np.ndarray, indptr: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """Signatures of documents given as feature codes (CSR rows), with ``hashes[c]`` the
        :func:`feature_hash` of code ``c``'s feature.

        Each distinct feature is mixed once; its occurrences gather the result. Equal to
        :meth:`signatures` of the decoded feature sets.
        """
        mixed = _fmix32(np.asarray(hashes, dtype=np.uint32))
        return self._signatures_from_flat(mixed[codes], np.diff(indptr))

    def signatures_from_hashes(self, hashes: Sequence[np.ndarray]) -> np.ndarray:
        """Signatures from each document's 32-bit feature hashes (any stable hash function)."""
        lengths = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
        flat = np.concatenate([np.asarray(h, dtype=np.uint32) for h in hashes]) if lengths.sum() else \
            np.empty(0, dtype=np.uint32)
        return self._signatures_from_flat(_fmix32(flat), lengths)

    def _signatures_from_flat(self, mixed: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Signatures from all documents' pre-mixed hashes, concatenated, and their counts."""
        count = len(lengths)
        out = np.full((count, self.num_perm), _EMPTY, dtype=np.uint32)
        if count == 0:
            return out
        starts = np.concatenate(([0], np.cumsum(lengths)))
        features_per_block = max(1, _BLOCK_CELLS // self.num_perm)
        first = 0
        while first < count:
            # Grow the block of documents until it holds about features_per_block features.
            last = int(np.searchsorted(starts, starts[first] + features_per_block, side="right")) - 1
            last = min(max(last, first + 1), count)
            self._fill_block(mixed, starts, lengths, first, last, out)
            first = last
        return out

    def _fill_block(self, flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
                    first: int, last: int, out: np.ndarray) -> None:
        """Minima for documents first..last-1, in one (features × permutations) computation."""
        lo, hi = int(starts[first]), int(starts[last])
        if hi == lo:
            return
        # Permutations × features, features contiguous: numpy's fast layout for both the
        # multiply-add and the per-document reduceat along each row.
        permuted = self._a[:, None] * flat[None, lo:hi]  # wraps mod 2**32, as datasketch's
        permuted += self._b[:, None]
        nonempty = np.flatnonzero(lengths[first:last]) + first
        offsets = starts[nonempty] - lo
        out[nonempty] = np.minimum.reduceat(permuted, offsets, axis=1).T

    def lean_minhash(self, signature: np.ndarray) -> LeanMinHash:
        """A datasketch LeanMinHash holding one signature row (what MinHashLSH indexes)."""
        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME)
