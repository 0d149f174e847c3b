"""Cheap per-line features for the line-quality rule, as small integers (bins).

Every feature is a bin index into a table of learnt weights, so scoring a line is a handful of
list look-ups and additions: no numpy per line, no regex beyond what ``Line`` already did.
Two groups:

- *own* features read only the line (length, sentence ending, stop words, capitals, digits,
  separators, link-like text, furniture vocabulary). They never change, so they are computed
  once per clean, even when the rule re-judges a page after a first removal.
- *context* features read the line's place among the lines still in play (position, where the
  article's running text lies, the lines around it). They are recomputed on every pass, which
  is what lets the rule reach a fixed point and so keep ``clean`` idempotent.

The training script (scripts/train_line_quality.py) uses these same functions, so the model
is learnt on exactly what the rule computes at run time.

The per-line functions have compiled twins (csrc/features.c) with identical results; where the
extension is built, the public names are rebound to them at the end of this module.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .document import Line
from .words import STOP_WORDS

# --- own features ---------------------------------------------------------------------------

# Word count → bin: 0, 1, 2, 3, 4-5, 6-8, 9-12, 13-20, 21-40, 41+.
_WORD_BINS = [0, 1, 2, 3, 4, 4, 5, 5, 5] + [6] * 4 + [7] * 8 + [8] * 20 + [9]
MAX_WORD_BIN = len(_WORD_BINS) - 1
WORD_BIN_NAMES = ("0", "1", "2", "3", "4-5", "6-8", "9-12", "13-20", "21-40", "41+")

# How a line ends: a full stop/!/? (a sentence), a colon (leads into something), an ellipsis or
# a dangling "..." (a teaser cut short), or anything else (a label, a title, a menu entry).
END_SENTENCE, END_COLON, END_ELLIPSIS, END_OTHER = range(4)
END_NAMES = ("sentence punctuation", "a colon", "an ellipsis", "no sentence punctuation")
_CLOSERS = "\"'”’»)]*"
# A sentence boundary inside a line: end punctuation, a space, then a capital (or a quote).
_INNER_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]*[A-Z]")
_SEPARATORS = "|•·»›/>"


def _end_type(text: str) -> int:
    stripped = text.rstrip(_CLOSERS) or text
    last = stripped[-1]
    if last == "." and not stripped.endswith("..."):
        return END_SENTENCE
    if last in "!?":
        return END_SENTENCE
    if last == ":":
        return END_COLON
    if last == "…" or stripped.endswith("..."):
        return END_ELLIPSIS
    return END_OTHER


def _share_bin(share: float, bins: int) -> int:
    """A share in [0, 1] → 0 … bins-1 (1.0 lands in the last bin)."""
    index = int(share * bins)
    return index if index < bins else bins - 1


def _first_char_type(text: str) -> int:
    """0 lower-case letter, 1 upper-case letter, 2 digit, 3 quote or bracket, 4 other symbol."""
    first = text[0]
    if first.isalpha():
        return 0 if first.islower() else 1
    if first.isdigit():
        return 2
    if first in "\"'“‘«([":
        return 3
    return 4


# The own features, in the order ``own_features`` returns them, with the size of each table.
OWN_FEATURES: tuple[tuple[str, int], ...] = (
    ("shape", (MAX_WORD_BIN + 1) * 4),  # word-count bin × end type
    ("stop_words", 6 * 2),              # stop-word share bin × long line (≥ 6 words)
    ("capitals", 5 * 2),                # capitalised-word share bin × long line
    ("digits", 4),                      # share of words that are numbers
    ("separators", 4),                  # menu separators like | • » (0, 1, 2, 3+)
    ("first_char", 5),                  # how the line starts
    ("word_length", 6),                 # characters per word (URLs and codes are long)
    ("link_like", 2),                   # contains @, http or www.
    ("repeated", 2),                    # the same line appears elsewhere on the page
    ("vocabulary", 9),                  # furniture vocabulary score bin (learnt word weights)
    ("sentences", 4),                   # sentence boundaries inside the line (0, 1, 2, 3+)
    ("comment_sign", 3),                # a comment's header: a timestamp (1) or "… says:" (2)
)
OWN_INDEX = {name: position for position, (name, _) in enumerate(OWN_FEATURES)}


def _vocabulary_bin(mean: float, known: int, edges: Sequence[float]) -> int:
    """Bin of the mean learnt log-odds of the line's known words (bin 0: no known word)."""
    if not known:
        return 0
    index = 1
    for edge in edges:
        if mean < edge:
            return index
        index += 1
    return index


# Shares (stop words, capitals, digits, vocabulary) are estimated on a line's first words:
# a paragraph's first 40 words say as much as all of them, at a fraction of the cost.
SAMPLED_WORDS = 40


def own_features(line: Line, repeated: bool, vocabulary: Mapping[str, float],
                 vocabulary_edges: Sequence[float]) -> tuple[int, ...]:
    """The own-feature bins of one non-blank line, in ``OWN_FEATURES`` order.

    One loop over the (first) words computes every share, instead of one pass per feature.
    """
    words = line.words
    count = len(words)
    text = line.stripped
    word_bin = _WORD_BINS[count] if count <= MAX_WORD_BIN else _WORD_BINS[-1]
    long_line = 1 if count >= 6 else 0
    # Counted with map() over builtins rather than a loop of statements: this is the hottest
    # function of a clean, and the C-level loops are several times faster.
    sample = words if count <= SAMPLED_WORDS else words[:SAMPLED_WORDS]
    lowered = line.lowered if count <= SAMPLED_WORDS else line.lowered[:SAMPLED_WORDS]
    stop = sum(map(STOP_WORDS.__contains__, lowered))
    initials = "".join([word[0] for word in sample])
    alphabetic = sum(map(str.isalpha, initials))
    capitals = sum(map(str.isupper, initials))
    digits = sum(map(str.isdigit, initials))
    values = [value for value in map(vocabulary.get, lowered) if value is not None]
    known = len(values)
    weight = sum(values)
    sampled = len(sample) or 1
    separators = 0
    for mark in _SEPARATORS:
        if mark in text:
            separators += text.count(mark)
    link_like = "@" in text or "http" in text or "www." in text
    return (
        word_bin * 4 + _end_type(text),
        _share_bin(stop / sampled, 6) * 2 + long_line,
        _share_bin(capitals / alphabetic if alphabetic else 0.0, 5) * 2 + long_line,
        _share_bin(digits / sampled, 4),
        separators if separators < 3 else 3,
        _first_char_type(text),
        min(int(len(text) / (count or 1)) // 3, 5),
        1 if link_like else 0,
        1 if repeated else 0,
        _vocabulary_bin(weight / known if known else 0.0, known, vocabulary_edges),
        python_inner_sentences(line),
        # (comment_sign needs a colon or "ago"; most lines have neither)
        python_comment_sign(line) if ":" in text or "ago" in lowered else NO_SIGN,
    )


# Signs of a comment thread's header lines, which hold on any site: a date with a time of day
# ("November 7, 2012 7:21 AM", "07.08.12 at 13:24"), an age ("2 hours ago"), or a line that
# introduces what someone wrote ("Rand says:"). Only short lines count (an article sentence may
# mention a date), and a time without a date is no sign (a timetable lists times).
COMMENT_SIGN_MAX_WORDS = 16
NO_SIGN, SIGN_TIMESTAMP, SIGN_SAYS = range(3)
_TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")
_DATE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE)
_AGE = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE)
_SAYS = re.compile(r"\b(?:says|wrote)\s*:$", re.IGNORECASE)
SAYS_MAX_WORDS = 8


def comment_sign(line: Line) -> int:
    """0 none; 1 a short line with a timestamp (a date with a time of day, or "… ago"); 2 a
    line of a few words ending in "says:" or "wrote:" — the header of a comment."""
    if len(line.words) > COMMENT_SIGN_MAX_WORDS:
        return NO_SIGN
    text = line.stripped
    # Cheap tests first: a time of day and "says:" both need a colon, an age the word "ago".
    if ":" in text:
        if len(line.words) <= SAYS_MAX_WORDS and _SAYS.search(text):
            return SIGN_SAYS
        if _TIME_OF_DAY.search(text) and _DATE.search(text):
            return SIGN_TIMESTAMP
    if "ago" in line.lowered and _AGE.search(text):
        return SIGN_TIMESTAMP
    return NO_SIGN


def inner_sentences(line: Line) -> int:
    """Sentence boundaries inside the line, capped at 3: prose has them, menus and titles not."""
    if len(line.words) < 8:
        return 0
    return min(len(_INNER_SENTENCE.findall(line.text)), 3)


def is_running_text(line: Line) -> bool:
    """A line that reads like article prose: long, made of sentences, with stop words.

    "Made of sentences": it ends like one, or holds two sentence boundaries (a paragraph that
    ends in "— Reuters" or a link is still prose).
    """
    return (len(line.words) >= 12 and line.stop_word_share >= 0.2
            and (line.ends_like_sentence or python_inner_sentences(line) >= 2))


# --- context features -----------------------------------------------------------------------

# Share of the page's running-text words before the line → bin: 0, (0,.25), [.25,.5),
# [.5,.75), [.75,1), 1 (all of it). Same bins for the share after the line.
_FLOW_BINS = 6
_DISTANCE_CAP = 6

CONTEXT_FEATURES: tuple[tuple[str, int], ...] = (
    ("position", 10),                                     # decile of the line among lines in play
    ("text_before", _FLOW_BINS),                          # share of running text above the line
    ("text_after", _FLOW_BINS),                           # share of running text below the line
    ("text_distance", (_DISTANCE_CAP + 1) * 2),           # lines to the nearest running text × own
    ("neighbours", 4 * 4),                                # shape of the previous × next line
    ("signs_above", 5),                                   # comment headers above: 0,1,2,3-5,6+
    ("signs_near", 3),                                    # comment headers within a few lines
)
CONTEXT_INDEX = {name: position for position, (name, _) in enumerate(CONTEXT_FEATURES)}


def _flow_bin(share: float) -> int:
    if share <= 0.0:
        return 0
    if share >= 1.0:
        return _FLOW_BINS - 1
    return 1 + int(share * 4)


def neighbour_kind(line: Line, running: bool | None = None) -> int:
    """1 running text, 2 other sentence, 3 short label-like line (0 is the page edge).

    ``running``: ``is_running_text(line)`` when the caller already knows it."""
    if running is None:
        running = python_is_running_text(line)
    if running:
        return 1
    if len(line.words) >= 4 and (line.ends_like_sentence or python_inner_sentences(line)):
        return 2
    return 3


_SIGNS_ABOVE_BINS = (0, 1, 2, 3, 3, 3, 4)
SIGNS_NEAR_LINES = 5


def context_features(lines: Sequence[Line], running: Sequence[bool],
                     kinds: Sequence[int] | None = None,
                     signs: Sequence[bool] | None = None) -> list[tuple[int, ...]]:
    """The context-feature bins of each line of ``lines`` (the non-blank lines in play).

    ``running`` says which lines are running text; ``kinds`` (optional) their
    ``neighbour_kind`` and ``signs`` whether ``comment_sign`` found a comment header, for a
    caller that judges the same lines more than once."""
    count = len(lines)
    if not count:
        return []
    if signs is None:
        signs = [python_comment_sign(line) != NO_SIGN for line in lines]
    # Comment headers above each line (a thread's lines lie below several), and near it; most
    # pages have none, and then every line's two bins are 0.
    above = near = None
    if any(signs):
        above = [0] * count
        seen = 0
        for index in range(count):
            above[index] = _SIGNS_ABOVE_BINS[seen if seen < 6 else 6]
            if signs[index]:
                seen += 1
        near = [0] * count
        for index in range(count):
            if signs[index]:
                for other in range(max(0, index - SIGNS_NEAR_LINES),
                                   min(count, index + SIGNS_NEAR_LINES + 1)):
                    if other != index and near[other] < 2:
                        near[other] += 1
    text_words = [len(line.words) if flag else 0 for line, flag in zip(lines, running)]
    total = sum(text_words) or 1
    # Distance to the nearest running-text line, looking both ways.
    distance = [_DISTANCE_CAP] * count
    last = -_DISTANCE_CAP - 1
    for index in range(count):
        if running[index]:
            last = index
        distance[index] = min(index - last, _DISTANCE_CAP)
    last = count + _DISTANCE_CAP + 1
    for index in range(count - 1, -1, -1):
        if running[index]:
            last = index
        gap = last - index
        if gap < distance[index]:
            distance[index] = gap
    if kinds is None:
        kinds = [python_neighbour_kind(line, flag) for line, flag in zip(lines, running)]
    features = []
    before = 0
    for index in range(count):
        own = text_words[index]
        after = total - before - own
        previous_kind = kinds[index - 1] if index else 0
        next_kind = kinds[index + 1] if index + 1 < count else 0
        features.append((
            index * 10 // count,
            _flow_bin(before / total),
            _flow_bin(after / total),
            distance[index] * 2 + (1 if running[index] else 0),
            previous_kind * 4 + next_kind,
            above[index] if above else 0,
            near[index] if near else 0,
        ))
        before += own
    return features


# --- compiled twins -------------------------------------------------------------------------

# The pure-Python functions above are the references, kept under these names: tests compare
# the compiled twins with them, and they call one another through these names, so they stay
# pure Python when the public names below are rebound to the twins.
python_own_features = own_features
python_inner_sentences = inner_sentences
python_comment_sign = comment_sign
python_is_running_text = is_running_text
python_neighbour_kind = neighbour_kind
python_context_features = context_features

from ._accel import speedups  # noqa: E402 - the references above must exist either way

# (an extension built before the twins existed has no _configure_features: Python then runs)
if speedups is not None and hasattr(speedups, "_configure_features"):
    # The twins mirror this module's numbers (bins, word limits, character sets) in C; the
    # objects below they take from here, once.
    speedups._configure_features(STOP_WORDS, _SAYS.search, _TIME_OF_DAY.search, _DATE.search,
                                 _AGE.search)
    own_features = speedups.own_features  # noqa: F811
    inner_sentences = speedups.inner_sentences  # noqa: F811
    comment_sign = speedups.comment_sign  # noqa: F811
    is_running_text = speedups.is_running_text  # noqa: F811
    neighbour_kind = speedups.neighbour_kind  # noqa: F811
    context_features = speedups.context_features  # noqa: F811
