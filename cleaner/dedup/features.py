"""Text → the set of features that survive paraphrase: content-word stems, names, numbers.

Two outlets reporting one story share few word sequences but many *details*: the people
and places (names), the figures and dates (numbers), and the content words of the event,
however the sentences around them are rewritten. So a document becomes a **set** of such
features; how often a word repeats is deliberately ignored (measured on the dev corpus:
repeated topic words such as "Putin" or "Ukraine" otherwise make two different stories on
one topic look alike, while distinct shared details are what one story's reports have in
common).

Feature kinds, told apart by a prefix so they never collide:

- content word: lower-cased, stop words dropped, a light suffix stripping so that
  "annexed" / "annexation" and "operations" / "operating" meet (no prefix);
- name: a capitalised word that does not start a sentence, *in addition* to its content
  word (prefix ``N:``), which doubles the weight of names: they tell stories apart;
- number: digits, with thousands separators dropped (prefix ``#``); weighted twice in
  verification (see :mod:`cleaner.dedup.verify`): ages, counts and dates separate stories.
"""
from __future__ import annotations

import re
import zlib
from array import array
from collections import defaultdict
from functools import lru_cache
from itertools import count
from typing import NamedTuple

import numpy as np
import regex

NAME_PREFIX = "N:"
NUMBER_PREFIX = "#"

#: English function words: they say nothing about which story an article tells. A module
#: constant, not the rule engine's list, so that dedup scores do not move when cleaning
#: rules are tuned.
STOP_WORDS: frozenset[str] = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
be became because become becomes becoming been before beforehand behind being below beside besides
between beyond both but by can cannot could did do does doing done down during each either else
elsewhere enough etc even ever every everyone everything everywhere except few for former formerly
from further get gets getting got had has have having he hence her here hereafter hereby herein hers
herself him himself his how however i ie if in indeed into is it its itself just last latter least
less let like made make many may me meanwhile might mine more moreover most mostly much must my myself
namely neither never nevertheless next no nobody none nor not nothing now nowhere of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps please put quite
rather re really same see seem seemed seeming seems several she should since so some somehow someone
something sometime sometimes somewhere still such than that the their theirs them themselves then
thence there thereafter thereby therefore therein thereupon these they this those though through
throughout thru thus to together too toward towards under until up upon us very via was we well were
what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether
which while whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
s t don didn doesn isn wasn weren won wouldn couldn shouldn ll ve d m o y aren hasn haven hadn
mr mrs ms dr
""".split())

# Words may carry inner apostrophes ("O'Neill"); numbers may carry separators ("1,000",
# "5:59", "3.5").
# Tokens via the stdlib engine: on this simple pattern it is ~3x faster than `regex`, and
# tokenizing must not be the bottleneck of bulk MinHash. \w is Unicode-aware in `re` too.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+|\w+(?:['’]\w+)*")
# A name: a capitalised word inside a sentence, i.e. after a word or number on the same line
# with no sentence-ending punctuation in between. One regex scan instead of a Python loop
# over tokens: feature extraction must not be the bottleneck of bulk MinHash.
_NAME = regex.compile(r"(?<=[\p{L}\p{N}][^\p{L}\p{N}.!?…\n]+)\p{Lu}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")
_POSSESSIVE = ("'s", "’s")
_THOUSANDS = regex.compile(r"(?<=\d),(?=\d{3}\b)")

# Longest first, so "ations" is tried before "s". Stripping stops at a four-letter stem:
# shorter stems ("us" from "uses") merge unrelated words.
_SUFFIXES = tuple(sorted(
    "ations ation ings ing ions ion ments ment edly ed ies es s ly ers er ity ities ive ives al".split(),
    key=len, reverse=True))
_MIN_STEM = 4
# The suffixes by their last letter: a word is checked only against those it could end with.
_SUFFIXES_BY_LAST_LETTER: dict[str, tuple[str, ...]] = {}
for _suffix in _SUFFIXES:
    _SUFFIXES_BY_LAST_LETTER[_suffix[-1]] = _SUFFIXES_BY_LAST_LETTER.get(_suffix[-1], ()) + (_suffix,)


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """Strip one common English suffix, so paraphrases of one word meet.

    Crude on purpose (no dictionary, no dependency): "annexation" → "annex",
    "participated" → "participat"; both members of a pair are stripped alike, which is all
    a shared-feature score needs. Cached: news vocabulary repeats heavily.
    """
    for suffix in _SUFFIXES_BY_LAST_LETTER.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if len(word) > _MIN_STEM and word[-1] == "e":
        word = word[:-1]
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "planned" → "plann" → "plan"
    return word


def _lowered(token: str) -> str:
    lowered = token.lower()
    return lowered[:-2] if lowered.endswith(_POSSESSIVE) else lowered


def _token_feature(token: str) -> str | None:
    """The feature of one token as written (None: not a feature). Look-ups go through
    ``_TOKEN_FEATURES``, which calls this once per new token.

    No ``lru_cache`` wrapper: ``_TOKEN_FEATURES`` already calls it once per distinct word.
    """
    if token[0].isdigit():
        return NUMBER_PREFIX + _THOUSANDS.sub("", token)
    if "_" in token:  # \w also matches "_" (snake_case, markup): not words of a story
        return None
    word = token.lower()
    if word.endswith(_POSSESSIVE):
        word = word[:-2]
    if len(word) < 2 or word in STOP_WORDS:
        return None
    return stem(word)


def _name_feature(token: str) -> str | None:
    lowered = _lowered(token)
    if len(lowered) < 2 or lowered in STOP_WORDS:
        return None
    return NAME_PREFIX + lowered


#: token → feature (None: no feature), remembered across calls: news vocabulary repeats.
#: Plain dicts on purpose: ``set.difference(dict)`` and ``map(dict.__getitem__, ...)`` run
#: at C speed only on an exact dict. Cleared when one outgrows _MEMO_LIMIT (bounded memory).
_TOKEN_FEATURES: dict[str, str | None] = {}
_NAME_FEATURES: dict[str, str | None] = {}
_MEMO_LIMIT = 1 << 20


def _learn(memo: dict[str, str | None], function, tokens: set[str]) -> None:
    """Remember the features of the tokens ``memo`` does not know yet, in one pass."""
    new = tokens.difference(memo)
    if new:
        if len(memo) + len(new) > _MEMO_LIMIT:
            memo.clear()
            new = tokens  # the caller looks all of them up
        memo.update(zip(new, map(function, new)))


def _lookup(memo: dict[str, str | None], function, tokens: set[str]):
    """The features of ``tokens`` (an iterator), computing those of new tokens in one pass."""
    _learn(memo, function, tokens)
    return map(memo.__getitem__, tokens)


def _feature_set(text: str) -> set[str]:
    features = set(_lookup(_TOKEN_FEATURES, _token_feature, set(_TOKEN.findall(text))))
    features.update(_lookup(_NAME_FEATURES, _name_feature, set(_NAME.findall(text))))
    features.discard(None)
    return features


def extract_features(text: str) -> frozenset[str]:
    """The paraphrase-robust feature set of one text (see the module docstring).

    A line start counts as a sentence start, so a heading's first word is not taken for a
    name more often than any sentence's first word.
    """
    return frozenset(_feature_set(text))


class EncodedCorpus(NamedTuple):
    """The feature sets of a corpus as integer codes (CSR rows): what the bulk steps need.

    ``vocabulary[c]`` is the feature of code ``c`` (codes in CRC-32 order); document
    ``k``'s features are ``codes[indptr[k]:indptr[k + 1]]`` (distinct, in no particular order).
    """
    vocabulary: list[str]
    indptr: np.ndarray  # int64, documents + 1
    codes: np.ndarray  # int32
    hashes: np.ndarray  # uint32: CRC-32 of each vocabulary entry's UTF-8 (see signatures.feature_hash)

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.indptr)

    def feature_set(self, row: int) -> frozenset[str]:
        vocabulary = self.vocabulary
        return frozenset(vocabulary[c] for c in self.codes[self.indptr[row]:self.indptr[row + 1]].tolist())


def encode_corpus(texts) -> EncodedCorpus:
    """Every text's feature set (as :func:`extract_features`), encoded as integer codes.

    No per-document set of strings is kept: a token is mapped to its feature's code once
    per corpus (C-level ``map``s over dicts; a ``defaultdict`` hands out new codes), and each
    document becomes a set of ints, stored as int32. Code 0 stands for "no feature" while
    encoding and is dropped.
    """
    code_of: defaultdict[str | None, int] = defaultdict(count(-1).__next__)
    code_of[None]  # -1: not a feature
    token_code: dict[str, int] = {}
    name_code: dict[str, int] = {}
    codes = array("i")
    lengths = array("q")
    feature_code = code_of.__getitem__
    for text in texts:
        tokens = set(_TOKEN.findall(text))
        names = set(_NAME.findall(text))
        for memo, function, run, seen in ((_TOKEN_FEATURES, _token_feature, token_code, tokens),
                                          (_NAME_FEATURES, _name_feature, name_code, names)):
            new = seen.difference(run)
            if new:
                _learn(memo, function, new)
                run.update(zip(new, map(feature_code, map(memo.__getitem__, new))))
        document = set(map(token_code.__getitem__, tokens))
        document.update(map(name_code.__getitem__, names))
        document.discard(-1)
        codes.extend(document)
        lengths.append(len(document))
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    if len(lengths):
        np.cumsum(np.frombuffer(lengths, dtype=np.int64), out=indptr[1:])
    flat = np.frombuffer(codes, dtype=np.int32) if len(codes) else np.empty(0, dtype=np.int32)
    vocabulary = list(code_of)[1:]  # without None
    # Codes follow the order of the features' CRC-32 (ties: first seen), not of set
    # iteration, which depends on the process's string hashing: scores summed over a
    # document's features then add up in the same order in every process.
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, vocabulary)), dtype=np.uint32, count=len(vocabulary))
    order = np.argsort(hashes, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return EncodedCorpus([vocabulary[k] for k in order.tolist()], indptr, rank[flat], hashes[order])
