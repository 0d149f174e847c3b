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
import re
from functools import lru_cache
from itertools import chain, compress, repeat
from importlib import resources

import numpy as np

from .features import NAME_PREFIX, NUMBER_PREFIX, _token_feature

TABLE = "word_frequencies.tsv.gz"
#: Words per typical news article: turns a word's frequency into the chance that an article
#: uses it, ``p = 1 - exp(-ARTICLE_WORDS * frequency)``.
ARTICLE_WORDS = 400
#: Zipf frequency given to every word the table does not list (names, rare words), and the
#: floor of every listed one: about the table's last entries, so unseen words get the maximum.
UNSEEN_ZIPF = 2.5
_UNSEEN_PROBABILITY = 1.0 - math.exp(-ARTICLE_WORDS * 10 ** (UNSEEN_ZIPF - 9))
_MAX_IDF = -math.log(_UNSEEN_PROBABILITY)
_COMMENT = re.compile(r"^#.*\n?", re.MULTILINE)
_POSSESSIVE_END = re.compile("['’]s$", re.MULTILINE)


@lru_cache(maxsize=1)
def background_frequencies() -> dict[str, float]:
    """Feature → summed frequency (per word of English) of the table's words that have it.

    Read in bulk: one decompress and split, each word's feature worked out once, Zipf →
    frequency once per distinct value. Frequencies of words that meet in one feature are
    summed in file order.
    """
    with resources.files("cleaner.data").joinpath(TABLE).open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    body = _COMMENT.sub("", text)
    fields = body.split()  # word, zipf, word, zipf, ... (words hold no white space)
    if len(fields) != 2 * len(body.splitlines()):  # not two fields a line: parse line by line
        fields = [field for line in body.splitlines() if line for field in line.split("\t")]
    words, zipfs = fields[0::2], fields[1::2]
    per_zipf = {zipf: 10 ** (float(zipf) - 9) for zipf in set(zipfs)}
    per_word = list(map(per_zipf.__getitem__, zipfs))
    # Every word's content feature, and its name feature (the word lower-cased, without a
    # possessive: lower-cased and stripped all at once, the words joined by line breaks).
    contents = list(map(_token_feature, words))
    named = [not word[0].isdigit() for word in words]
    names = _POSSESSIVE_END.sub("", "\n".join(compress(words, named)).lower()).split("\n")
    frequency: dict[str, float] = {}
    get = frequency.get
    for feature, f in chain(zip(contents, per_word), zip(map(NAME_PREFIX.__add__, names), compress(per_word, named))):
        if feature is not None:
            frequency[feature] = get(feature, 0.0) + f
    return frequency


def background_probabilities() -> dict[str, float]:
    """Feature → chance that an English news article contains it (only features the table knows)."""
    return _probabilities()


@lru_cache(maxsize=1)
def _probabilities() -> dict[str, float]:
    return {feature: _probability(f) for feature, f in background_frequencies().items()}


def _probability(frequency: float) -> float:
    """Chance that an article of ARTICLE_WORDS words uses a word of this frequency (floored)."""
    return max(1.0 - math.exp(-ARTICLE_WORDS * frequency), _UNSEEN_PROBABILITY)


def background_rarity(features) -> np.ndarray:
    """How rare each feature is in general English, in [0, 1]: its background IDF over the
    maximum (1 for words the table does not list: names, rare words, long numbers).

    Probabilities are worked out only for the features the table knows, once per distinct
    frequency (a few thousand values: sums of Zipf steps).
    """
    frequency = background_frequencies()
    found = np.fromiter(map(frequency.get, features, repeat(0.0)), dtype=np.float64)
    probabilities = np.full(len(found), _UNSEEN_PROBABILITY, dtype=np.float64)
    known = np.flatnonzero(found)  # every frequency in the table is above 0
    values, positions = np.unique(found[known], return_inverse=True)
    probabilities[known] = np.fromiter(map(_probability, values.tolist()), dtype=np.float64,
                                       count=len(values))[positions]
    return -np.log(probabilities) / _MAX_IDF


def table_size() -> int:
    """Entries of the background table mapped onto features (for tests and docs)."""
    return len(background_frequencies())


__all__ = ["background_frequencies", "background_probabilities", "background_rarity", "table_size", "NUMBER_PREFIX"]
