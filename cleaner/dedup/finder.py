"""``find_duplicates``: a corpus → groups of articles that tell the same story.

features (paraphrase-robust sets) → bulk MinHash → LSH candidates (datasketch's MinHashLSH
banding at a low threshold, bucketed in bulk) → exact IDF-weighted cosine on every
candidate → complete-linkage groups.
"""
from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from .candidates import DEFAULT_LSH_THRESHOLD, band_pairs, lsh_bands
from .features import encode_corpus
from .grouping import complete_linkage
from .inputs import Documents, check_fraction, document_items
from .results import DuplicateGroup, DuplicatePair
from .signatures import MinHasher
from .verify import CorpusScorer, effective_threshold

#: The default decision threshold on the exact score for a large corpus; small corpora use a
#: higher one (:func:`cleaner.dedup.verify.effective_threshold`). Chosen on the dev corpus and
#: the seed corpora of 2–11 documents (see docs/dedup.md).
DEFAULT_THRESHOLD = 0.07


def prepare_texts(texts: list[str], clean: bool) -> list[str]:
    """The texts to compare: cleaned by ``cleaner.clean`` unless ``clean`` is False.

    Each distinct text is cleaned once (corpora hold exact copies: syndicated articles,
    pages scraped twice); cleaning depends on the text alone. Imported here, not at module
    level: dedup must not depend on the rule engine's import order, and callers who pass
    already-clean text never load it.
    """
    if not clean:
        return texts
    from cleaner import clean as clean_text
    cleaned = {text: clean_text(text) for text in dict.fromkeys(texts)}
    return [cleaned[text] for text in texts]


def find_duplicates(documents: Documents, *, threshold: float = DEFAULT_THRESHOLD, clean: bool = True,
                    num_perm: int = 128, seed: int = 1,
                    lsh_threshold: float = DEFAULT_LSH_THRESHOLD) -> list[DuplicateGroup]:
    """Groups of documents that report the same story, even in other words.

    ``documents``: a mapping id → text, or an iterable of (id, text) pairs (ids unique).
    ``threshold``: the exact score (0..1) every pair inside a group must reach in a large
    corpus; a small corpus needs more (:func:`cleaner.dedup.verify.effective_threshold`).
    ``clean``: run :func:`cleaner.clean` on each text first (page furniture would otherwise
    make pages of one site look alike). ``num_perm``/``seed``/``lsh_threshold`` tune the
    MinHash LSH that proposes candidates; they change speed and recall, not the scores.

    Returns the groups sorted by their first id; documents in no group are unique. The
    result does not depend on the input order. Raises :class:`cleaner.errors.InputError`
    for bad documents and :class:`cleaner.errors.ConfigError` for bad options.
    """
    threshold = check_fraction("threshold", threshold)
    lsh_threshold = check_fraction("lsh_threshold", lsh_threshold)
    hasher = MinHasher(num_perm, seed)
    items = document_items(documents)
    ids = [document_id for document_id, _ in items]
    texts = prepare_texts([text for _, text in items], clean)
    # Feature sets as int32 codes (CSR rows), never one Python set of strings per document.
    corpus = encode_corpus(texts)
    if len(ids) < 2:
        return []

    signatures = hasher.signatures_from_codes(corpus.hashes, corpus.indptr, corpus.codes)
    # The buckets of datasketch's MinHashLSH with the bands it picks for lsh_threshold,
    # filled in bulk (a batch needs no incremental index). An empty feature set has no
    # story to share and would collide with every other empty one: it is left out.
    bands, rows = lsh_bands(num_perm, lsh_threshold)
    indexed = np.flatnonzero(corpus.lengths)
    candidates = band_pairs(signatures, bands, rows, indexed)
    del signatures

    scorer = CorpusScorer.from_encoded(corpus)
    del corpus
    scores = scorer.scores(candidates[:, 0], candidates[:, 1])
    groups, known = complete_linkage(len(ids), candidates, scores,
                                     effective_threshold(threshold, len(ids)), scorer.scores)
    return [_group(members, ids, texts, known) for members in groups]


def _group(members: list[int], ids: list[Hashable], texts: list[str],
           known: dict[tuple[int, int], float]) -> DuplicateGroup:
    """A result group from row numbers: every member pair with its score, and the one to keep."""
    pairs = tuple(DuplicatePair(ids[a], ids[b], known[(a, b)])
                  for position, a in enumerate(members) for b in members[position + 1:])
    # Keep the longest text: the most complete report. max() returns the first of equals,
    # and members are in id order, so ties go to the first id.
    keep = max(members, key=lambda row: len(texts[row]))
    return DuplicateGroup(ids=tuple(ids[row] for row in members), pairs=pairs, keep=ids[keep])
