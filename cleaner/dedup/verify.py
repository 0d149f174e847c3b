"""The exact score that decides: cosine of two feature sets, weighted by how rare each feature is.

MinHash/LSH only proposes candidates; every candidate pair is scored here on the real
feature sets, so the estimate's noise never becomes a false flag.

Score of documents A and B with feature sets FA, FB, in a corpus of N documents::

    w(f)     = (α·idf(f) + (1 - α)·ln(N + 1)·rarity(f)) · kind(f)       α = N / (N + K)
    idf(f)   = ln((N + 1) / (df(f) + 1))                                 (the corpus)
    rarity(f)= (background IDF / its maximum) ** 0.5                     (general English)
    score    = Σ_{f ∈ FA ∩ FB} w(f)² / sqrt(Σ_{f ∈ FA} w(f)² · Σ_{f ∈ FB} w(f)²)

Corpus IDF is what tells stories of one topic apart in a real corpus (a word every article
uses — the topic — weighs nothing there), but it needs documents: with two, every shared
word weighs zero. So the background (:mod:`cleaner.dedup.background`) counts as ``K`` = 30
documents: a small corpus is weighed mostly by general-English rarity, a large one by
itself. ``kind`` doubles numbers (:func:`cleaner.dedup.features.feature_kind_weight`).

The two weightings put scores on different scales (with little corpus to discount the topic,
two reports on one subject share more weight), so the decision threshold moves with the same
share: :func:`effective_threshold` = α·t + (1 - α)·t·``SMALL_CORPUS_RATIO``, where ``t`` is the
threshold users set (the large-corpus one). Chosen on the dev corpus and the seed corpora
(docs/dedup.md). Binary weights on purpose: see :mod:`cleaner.dedup.features`.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat

import numpy as np
from scipy import sparse

from .background import background_rarity
from .features import NUMBER_PREFIX, EncodedCorpus

_SMALL_BATCH = 64
#: How many documents the background counts as: the corpus's own IDF takes over as it grows.
BACKGROUND_DOCUMENTS = 30
#: Background rarity is flattened (square root): measured on the seeds, full background IDF
#: lets shared names (in every report on a topic) outweigh the story's details.
RARITY_POWER = 0.5
#: The threshold for a corpus of (almost) no documents, relative to the large-corpus one.
SMALL_CORPUS_RATIO = 0.40 / 0.07


def _tidy(scores: np.ndarray) -> np.ndarray:
    """Round away float noise (identical sets score exactly 1.0 whichever path summed them)."""
    return np.minimum(np.round(scores, 12), 1.0)


def idf(document_frequency: int, document_count: int) -> float:
    """Smoothed inverse document frequency in the corpus; 0 for a feature every document has."""
    return math.log((document_count + 1) / (document_frequency + 1))


def corpus_share(document_count: int) -> float:
    """α: how much the corpus's own IDF counts against the background (0 → 1 as it grows)."""
    return document_count / (document_count + BACKGROUND_DOCUMENTS)


def effective_threshold(threshold: float, document_count: int) -> float:
    """The score a pair must reach in a corpus of ``document_count`` documents.

    ``threshold`` is the large-corpus threshold; small corpora, weighed mostly by the
    background, need a higher one (same mixing share as the weights). Never above 1.
    """
    share = corpus_share(document_count)
    return min(1.0, share * threshold + (1.0 - share) * threshold * SMALL_CORPUS_RATIO)


def feature_weights(features: Sequence[str], document_frequency: np.ndarray, document_count: int) -> np.ndarray:
    """The weights of features (see the module docstring), vectorised."""
    share = corpus_share(document_count)
    corpus = np.log((document_count + 1) / (np.asarray(document_frequency, dtype=np.float64) + 1))
    rarity = background_rarity(features) ** RARITY_POWER
    # feature_kind_weight, vectorised: numbers (NUMBER_PREFIX) count twice.
    is_number = np.fromiter(map(str.startswith, features, repeat(NUMBER_PREFIX)), dtype=bool, count=len(features))
    kind = np.where(is_number, 2.0, 1.0)
    return (share * corpus + (1.0 - share) * math.log(document_count + 1) * rarity) * kind


def feature_weight(feature: str, document_frequency: int, document_count: int) -> float:
    """The weight of one feature (see :func:`feature_weights`)."""
    return float(feature_weights([feature], np.array([document_frequency]), document_count)[0])


def cosine(features_a: Iterable[str], features_b: Iterable[str],
           document_frequency: Mapping[str, int], document_count: int) -> float:
    """The exact score of one pair (see the module docstring). 0.0 when either side weighs nothing."""
    set_a, set_b = set(features_a), set(features_b)
    union = sorted(set_a | set_b)
    frequencies = np.fromiter((document_frequency.get(f, 0) for f in union), dtype=np.float64, count=len(union))
    squared = dict(zip(union, (feature_weights(union, frequencies, document_count) ** 2).tolist()))
    norm_a = sum(squared[f] for f in set_a)
    norm_b = sum(squared[f] for f in set_b)
    if norm_a <= 0.0 or norm_b <= 0.0:
        return 0.0
    shared = sum(squared[f] for f in set_a & set_b)
    return min(round(shared / math.sqrt(norm_a * norm_b), 12), 1.0)


class CorpusScorer:
    """Scores many pairs of one corpus at once: unit-length weighted rows, sparse dot products.

    Built once per corpus from its feature sets; ``scores(left, right)`` scores the pairs
    (left[k], right[k]) in one vectorised step. Results equal :func:`cosine` with the
    corpus's own document frequencies.
    """

    def __init__(self, feature_sets: Sequence[Iterable[str]]) -> None:
        feature_sets = [f if isinstance(f, (set, frozenset, list, tuple)) else list(f) for f in feature_sets]
        # Codes in first-seen order, built at C speed (dict.fromkeys / map), not per feature in Python.
        distinct = dict.fromkeys(chain.from_iterable(feature_sets))
        vocabulary = dict(zip(distinct, range(len(distinct))))
        lengths = np.fromiter(map(len, feature_sets), dtype=np.int64, count=len(feature_sets))
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        columns = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(feature_sets)),
                              dtype=np.int32, count=int(indptr[-1]))
        self._build(list(vocabulary), indptr, columns)

    @classmethod
    def from_encoded(cls, corpus: EncodedCorpus) -> "CorpusScorer":
        """The scorer of a corpus already encoded as feature codes (no strings per document)."""
        scorer = cls.__new__(cls)
        scorer._build(corpus.vocabulary, corpus.indptr, corpus.codes)
        return scorer

    def _build(self, vocabulary: list[str], indptr: np.ndarray, columns: np.ndarray) -> None:
        count = len(indptr) - 1
        document_frequency = np.bincount(columns, minlength=len(vocabulary)) if len(columns) else \
            np.zeros(len(vocabulary), dtype=np.int64)
        weights = feature_weights(vocabulary, document_frequency, count)
        rows = sparse.csr_matrix((weights[columns], columns, indptr), shape=(count, len(vocabulary)))
        rows.sort_indices()  # sums run in column order, whatever order the features came in
        # Row norms straight from the CSR values (each row's squared weights summed).
        lengths = np.diff(indptr)
        values = rows.data
        row_of_value = np.repeat(np.arange(count), lengths)
        norms = np.sqrt(np.bincount(row_of_value, weights=values * values, minlength=count))
        norms[norms == 0.0] = 1.0  # an all-zero row stays zero and scores 0 with everything
        values *= np.repeat(1.0 / norms, lengths)
        self._rows = rows
        self.document_count = count
        self._vocabulary, self._frequency_array = vocabulary, document_frequency

    @property
    def document_frequency(self) -> Counter[str]:
        """Documents per feature (built on demand: find_duplicates never needs it)."""
        return Counter(dict(zip(self._vocabulary, self._frequency_array.tolist())))

    def scores(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Exact scores of the pairs (left[k], right[k]) (row numbers), as float64."""
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        if len(left) < _SMALL_BATCH:  # grouping asks for a few pairs at a time: skip sparse set-up
            return _tidy(np.fromiter((self._pair(a, b) for a, b in zip(left.tolist(), right.tolist())),
                                     dtype=np.float64, count=len(left)))
        out = np.empty(len(left), dtype=np.float64)
        step = 20_000  # bound the memory of the gathered rows (~30 MB per step)
        for start in range(0, len(left), step):
            a = self._rows[left[start:start + step]]
            b = self._rows[right[start:start + step]]
            out[start:start + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        return _tidy(out)

    def _pair(self, a: int, b: int) -> float:
        """One pair's score from the two CSR rows: their shared columns' weight products."""
        indptr, indices, data = self._rows.indptr, self._rows.indices, self._rows.data
        start_a, end_a, start_b, end_b = indptr[a], indptr[a + 1], indptr[b], indptr[b + 1]
        if start_a == end_a or start_b == end_b:
            return 0.0
        columns_b = indices[start_b:end_b]  # sorted (the rows are kept in canonical order)
        at = np.searchsorted(columns_b, indices[start_a:end_a])
        np.minimum(at, len(columns_b) - 1, out=at)
        shared = columns_b[at] == indices[start_a:end_a]
        return float(data[start_a:end_a][shared] @ data[start_b:end_b][at[shared]])

    def score(self, left: int, right: int) -> float:
        """Exact score of one pair of row numbers."""
        return float(self.scores(np.array([left]), np.array([right]))[0])


def query_scores(query: frozenset[str], others: Sequence[frozenset[str]],
                 document_frequency: Mapping[str, int], document_count: int) -> list[float]:
    """Exact scores of a new text against indexed documents, counting the text as one more document.

    ``document_frequency``/``document_count`` describe the index without the query; the
    query joins the corpus for IDF (N + 1, and +1 for its own features), which is what
    :func:`cleaner.dedup.find_duplicates` would see with the text in the corpus.
    """
    count = document_count + 1

    def frequency(feature: str) -> int:
        return document_frequency.get(feature, 0) + (1 if feature in query else 0)

    return [cosine(query, other, _Frequencies(frequency), count) for other in others]


class _Frequencies(Mapping):
    """A read-only mapping view over a frequency function (what :func:`cosine` reads)."""

    def __init__(self, function) -> None:
        self._function = function

    def __getitem__(self, feature: str) -> int:
        return self._function(feature)

    def get(self, feature, default=None):
        return self._function(feature)

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0
