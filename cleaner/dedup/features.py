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
from collections import defaultdict
from itertools import count, islice
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
# ASCII text (most English news) is scanned with twins of the two patterns that know only
# ASCII: on ASCII text they find exactly the same (\w, \d, \p{L}, \p{Lu}, \p{N} reduce to
# their ASCII members, \p{M} to none, and ’ and … cannot occur), 15–25 % faster.
_ASCII_TOKEN = re.compile(_TOKEN.pattern, re.ASCII)
_ASCII_NAME = regex.compile(r"(?<=[A-Za-z0-9][^A-Za-z0-9.!?\n]+)[A-Z][A-Za-z]*(?:'[A-Za-z][A-Za-z]*)*")
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


def stem(word: str) -> str:
    """Strip one common English suffix, so paraphrases of one word meet.

    Crude on purpose (no dictionary, no dependency): "annexation" → "annex",
    "participated" → "participat"; both members of a pair are stripped alike, which is all
    a shared-feature score needs. Not cached: callers work out each distinct token once,
    and a cache's bookkeeping costs more than stripping a suffix.
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
    """The feature of one token as written (None: not a feature)."""
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
    """The feature of one name as written (None: a stop word or a single letter)."""
    lowered = _lowered(token)
    if len(lowered) < 2 or lowered in STOP_WORDS:
        return None
    return NAME_PREFIX + lowered


def scan(text: str) -> tuple[list[str], list[str]]:
    """The tokens and the names of a text, each in order of appearance."""
    if text.isascii():
        return _ASCII_TOKEN.findall(text), _ASCII_NAME.findall(text)
    return _TOKEN.findall(text), _NAME.findall(text)


def _feature_set(text: str) -> set[str]:
    tokens, names = scan(text)
    features = set(map(_token_feature, set(tokens)))
    features.update(map(_name_feature, set(names)))
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
    ``k``'s features are ``codes[indptr[k]:indptr[k + 1]]`` (distinct, ascending).
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


#: Documents encoded at a time: bounds the arrays that hold every token occurrence of a block
#: (~40 bytes per occurrence while its documents' codes are sorted).
_BLOCK_DOCUMENTS = 4096


def encode_corpus(texts) -> EncodedCorpus:
    """Every text's feature set (as :func:`extract_features`), encoded as integer codes.

    No per-document set of strings is kept: each document's tokens are numbered as they are
    scanned (one dict look-up per occurrence, at C speed), the features of a block's
    distinct tokens are worked out once, and each document's distinct feature codes come
    from one numpy sort per block (see :func:`_encode_block`). Stored as int32.
    """
    code_of: defaultdict[str | None, int] = defaultdict(count(-1).__next__)
    code_of[None]  # -1: not a feature
    texts = iter(texts)
    lengths: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    while block := list(islice(texts, _BLOCK_DOCUMENTS)):
        block_lengths, block_codes = _encode_block(block, code_of)
        lengths.append(block_lengths)
        codes.append(block_codes)
    indptr = np.zeros(sum(map(len, lengths)) + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=indptr[1:])
    flat = np.concatenate(codes) if codes else np.empty(0, dtype=np.int32)
    vocabulary = list(code_of)[1:]  # without None
    # Codes follow the order of the features' CRC-32 (ties: first seen), not of first
    # appearance: scores summed over a document's features then add up in the same order
    # however the corpus was encoded.
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, vocabulary)), dtype=np.uint32, count=len(vocabulary))
    # (CRC, first-seen code) as one uint64: a plain sort of these is the stable sort by CRC,
    # several times faster than numpy's stable argsort.
    keys = (hashes.astype(np.uint64) << np.uint64(32)) | np.arange(len(hashes), dtype=np.uint64)
    keys.sort()
    order = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    # Each document's codes ascending, by one sort of (document, code): the scorer sums in
    # code order and need not sort them itself.
    keys = (np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr)) << 32) | rank[flat]
    keys.sort()
    codes = (keys & 0xFFFFFFFF).astype(np.int32)
    return EncodedCorpus([vocabulary[k] for k in order.tolist()], indptr, codes, hashes[order])


def _encode_block(texts: list[str], code_of: defaultdict) -> tuple[np.ndarray, np.ndarray]:
    """(features per document, their codes) for a block of texts; ``code_of`` hands out codes.

    Tokens are numbered per block as they come (a ``defaultdict`` gives each new token the
    next number), so the per-document work is two scans and two C-level ``map``s; a token's
    feature is then looked up once per block, not once per document that uses it.
    """
    token_number: defaultdict[str, int] = defaultdict(count().__next__)
    name_number: defaultdict[str, int] = defaultdict(count().__next__)
    # Lists, not arrays: they hold the dicts' own int objects, which is faster than
    # converting each to a C int (one conversion per block below instead).
    token_numbers: list[int] = []
    name_numbers: list[int] = []
    token_counts: list[int] = []
    name_counts: list[int] = []
    number_token, number_name = token_number.__getitem__, name_number.__getitem__
    for text in texts:
        tokens, names = scan(text)
        token_numbers.extend(map(number_token, tokens))
        token_counts.append(len(tokens))
        name_numbers.extend(map(number_name, names))
        name_counts.append(len(names))
    rows = np.arange(len(texts), dtype=np.int64)
    documents = np.concatenate((np.repeat(rows, token_counts), np.repeat(rows, name_counts)))
    codes = np.concatenate((_feature_codes(token_number, _token_feature, code_of)[np.array(token_numbers, dtype=np.int64)],
                            _feature_codes(name_number, _name_feature, code_of)[np.array(name_numbers, dtype=np.int64)]))
    # Each document's distinct codes: (document, code) as one int64, sorted, repeats dropped.
    is_feature = codes >= 0
    keys = (documents[is_feature] << 32) | codes[is_feature]
    keys.sort()
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    lengths = np.bincount(keys >> 32, minlength=len(texts))
    return lengths, (keys & 0xFFFFFFFF).astype(np.int32)


def _feature_codes(numbered: dict[str, int], feature_of, code_of: defaultdict) -> np.ndarray:
    """The feature code of each numbered token (-1: no feature), by token number.

    Each distinct token's feature is worked out here, once per block; no cache across
    calls: on a corpus, looking a token up in a cache costs about as much as working its
    feature out, and filling the cache costs more.
    """
    features = map(feature_of, numbered)  # a dict iterates in insertion (= number) order
    return np.fromiter(map(code_of.__getitem__, features), dtype=np.int64, count=len(numbered))

