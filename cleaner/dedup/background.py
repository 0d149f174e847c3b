"""Background word frequencies: how rare a feature is in English at large, not in the corpus.

IDF learnt from the corpus being compared needs a corpus: with two documents every shared
word is "in every document" and weighs nothing. The background table
(``cleaner/data/word_frequencies.tsv.gz``, built by ``scripts/build_word_frequencies.py``
from wordfreq, CC BY-SA 4.0) says how common a word is in general English, so small
corpora still weigh "said" below "incursion". Loaded once, lazily, on the first score.

The table lists words as written; they are mapped here onto dedup features (stemmed
content words, ``N:`` names, ``#`` numbers), summing the frequencies of words that meet in
one feature, so the table does not depend on the feature code.
"""
from __future__ import annotations

import gzip
import math
from functools import lru_cache
from importlib import resources

import numpy as np

from .features import NAME_PREFIX, NUMBER_PREFIX, _lowered, _token_feature

TABLE = "word_frequencies.tsv.gz"
#: Words per typical news article: turns a word's frequency into the chance that an article
#: uses it, ``p = 1 - exp(-ARTICLE_WORDS * frequency)``.
ARTICLE_WORDS = 400
#: Zipf frequency given to every word the table does not list (names, rare words), and the
#: floor of every listed one: about the table's last entries, so unseen words get the maximum.
UNSEEN_ZIPF = 2.5
_UNSEEN_PROBABILITY = 1.0 - math.exp(-ARTICLE_WORDS * 10 ** (UNSEEN_ZIPF - 9))
_MAX_IDF = -math.log(_UNSEEN_PROBABILITY)


@lru_cache(maxsize=1)
def background_probabilities() -> dict[str, float]:
    """Feature → chance that an English news article contains it (only features the table knows)."""
    frequency: dict[str, float] = {}
    with resources.files("cleaner.data").joinpath(TABLE).open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            word, zipf = line.rstrip("\n").split("\t")
            per_word = 10 ** (float(zipf) - 9)
            content = _token_feature(word)
            if content is not None:
                frequency[content] = frequency.get(content, 0.0) + per_word
            if not word[0].isdigit():  # a name feature is the lower-cased word itself
                name = NAME_PREFIX + _lowered(word)
                frequency[name] = frequency.get(name, 0.0) + per_word
    return {feature: max(1.0 - math.exp(-ARTICLE_WORDS * f), _UNSEEN_PROBABILITY)
            for feature, f in frequency.items()}


def background_rarity(features) -> np.ndarray:
    """How rare each feature is in general English, in [0, 1]: its background IDF over the
    maximum (1 for words the table does not list: names, rare words, long numbers)."""
    probabilities = background_probabilities()
    unseen = _UNSEEN_PROBABILITY
    values = np.fromiter((probabilities.get(f, unseen) for f in features), dtype=np.float64)
    return -np.log(values) / _MAX_IDF


def table_size() -> int:
    """Entries of the background table mapped onto features (for tests and docs)."""
    return len(background_probabilities())


__all__ = ["background_probabilities", "background_rarity", "table_size", "NUMBER_PREFIX"]
