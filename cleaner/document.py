"""The line model every rule reads: each line's text and cheap features, computed once.

Rules never re-tokenise a line: the features they need live here, computed on first use and
cached, so a new rule costs a pass over features, not one more pass over the text.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from ._accel import speedups
from .words import STOP_WORDS, content_key

# Words: runs of letters and digits, with inner apostrophes ("Ukraine’s", "don't"). The
# standard `re` is used on this hot path: it is faster than `regex` for a plain class.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def split_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of ``text`` (``WORD`` matches) in order, and the same words lower-cased."""
    words = tuple(WORD.findall(text))
    return words, tuple(map(str.lower, words))


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
# "— Reuters", "(Reporting by …; Editing by …)", "Source: AFP", "Additional reporting by …",
# and a news agency in brackets, alone or "with" ("(dpa)", "(With reports from AFP)",
# "(Avec AFP)", "(Com Lusa)", "(Con información de EFE)")
_ATTRIBUTION = re.compile(
    r"\s*(?:[—–-]\s*\S|\(?\s*(?:(?:additional\s+)?reporting|editing|writing|compiled|"
    r"translated|research)\s+by\b|\(?\s*(?:sources?|via|credit)\s*:"
    r"|\(\s*(?:with|avec|com|con|mit)\s+[^()]{2,60}\)\s*$|\(\s*[^\W\d_][\w.&/ -]{1,15}\)\s*$)",
    re.IGNORECASE)
_EDGE_NOISE = re.compile(r"^[\W_]+|[\W_]+$")


_KEPT_SYMBOLS = frozenset("©®℗™°")  # they say something ("© 2024 Example Media")


def _is_decoration(character: str) -> bool:
    """Emoji, arrows, stars (Unicode symbol categories, not currency) and bullets or pipes."""
    if character in _KEPT_SYMBOLS:
        return False
    return character in "•·|*▪►▸" or unicodedata.category(character) in ("So", "Sm", "Sk")


def phrase_key(text: str) -> str:
    """Fold a line for phrase lookup: case, surrounding punctuation and inner spacing ignored."""
    text = _EDGE_NOISE.sub("", text) if text and not (text[0].isalnum() and text[-1].isalnum()) else text
    if "  " in text or "\t" in text:
        text = " ".join(text.split())
    return text.casefold()


class cached_property:  # noqa: N801 - named like the functools one it replaces
    """A lazily computed attribute, stored on the instance after the first read.

    functools.cached_property takes a lock on every first read in Python < 3.12, which costs
    more than the features themselves on a hot path of one Line per input line.
    """

    def __init__(self, function) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class Line:
    """One line of a normalised document, with the features rules look at.

    Everything here depends on the text alone, so one Line serves every line of a page with
    that text (see ``new_lines``). Where a line stands is its index in ``Document.lines``.
    """

    __slots__ = ("text", "words", "lowered", "stripped", "is_blank", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text
        # The lower-cased words too: the rules' word index reads them on every line.
        self.words, self.lowered = split_words(text)
        self.stripped = text.strip()
        self.is_blank = not self.stripped

    def __repr__(self) -> str:
        return f"Line({self.text[:40]!r})"

    @property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def core(self) -> str:
        """The line without decoration at its ends: emoji, arrows, stars, bullets, pipes
        ("✨ Summarise this story with AI", "→ Read more"). Patterns match this."""
        text = self.stripped
        if text and (_is_decoration(text[0]) or _is_decoration(text[-1])):
            start, end = 0, len(text)
            while start < end and (_is_decoration(text[start]) or text[start].isspace()):
                start += 1
            while end > start and (_is_decoration(text[end - 1]) or text[end - 1].isspace()):
                end -= 1
            return text[start:end] or text
        return text

    @cached_property
    def key(self) -> str:
        """The line folded for phrase lookup (see ``phrase_key``)."""
        return phrase_key(self.stripped)

    @cached_property
    def ends_like_sentence(self) -> bool:
        """Ends with sentence punctuation (possibly followed by a closing quote or bracket)."""
        return bool(_SENTENCE_END.search(self.text))

    @cached_property
    def is_attribution(self) -> bool:
        """A credit like "— Reuters" or "(Reporting by …)": it belongs to the article."""
        return bool(_ATTRIBUTION.match(self.text))

    @cached_property
    def capitalized_share(self) -> float:
        """Share of alphabetic words that start with a capital letter (title case → near 1)."""
        alphabetic = [w for w in self.words if w[0].isalpha()]
        if not alphabetic:
            return 0.0
        return sum(w[0].isupper() for w in alphabetic) / len(alphabetic)

    @cached_property
    def stop_word_share(self) -> float:
        if not self.words:
            return 0.0
        return sum(map(STOP_WORDS.__contains__, self.lowered)) / len(self.words)

    @cached_property
    def content_keys(self) -> frozenset[str]:
        """Content words of the line, folded so "Ukraine’s" and "ukraine" compare equal."""
        return content_keys(self.lowered)


class StoredLine(Line):
    """A Line whose cheap or nearly always read properties are worked out when it is made and
    kept in slots (the compiled ``new_lines`` builds these): reading one is a slot read, and
    most Lines then never need an instance dict. The values are those Line's properties give."""

    __slots__ = ("content_keys", "ends_like_sentence", "is_attribution", "core")

    def __init__(self, text: str) -> None:
        super().__init__(text)
        for name in StoredLine.__slots__:
            setattr(self, name, getattr(Line, name).function(self))


def content_keys(lowered: tuple[str, ...]) -> frozenset[str]:
    """The content keys of lower-cased words (``words.content_key``; lowering twice changes
    nothing, so the lower-cased words give the words' keys)."""
    keys = set(map(content_key, lowered))
    keys.discard(None)
    return frozenset(keys)


def index_words(lines: list[Line], present: frozenset[str]) -> dict[str, list[int]]:
    """Word of ``present`` → indices of the lines holding it, in order."""
    found: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        if not present.isdisjoint(line.lowered):
            for word in present.intersection(line.lowered):
                found.setdefault(word, []).append(number)
    return found


def index_first_words(lines: list[Line]) -> dict[str, list[int]]:
    """Lower-cased first word → indices of the lines starting with it, in order."""
    found: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        if line.words:
            found.setdefault(line.lowered[0], []).append(number)
    return found


def new_lines(texts: list[str]) -> list[Line]:
    """The Lines of ``texts`` (trailing whitespace stripped), one Line per distinct text: a
    page's repeated lines (its menu twice, "Share" under every photo) share theirs."""
    made: dict[str, Line] = {}
    lines = []
    for text in texts:
        text = text.rstrip()
        line = made.get(text)
        if line is None:
            line = made[text] = Line(text)
        lines.append(line)
    return lines


def index_keys(lines: list[Line]) -> dict[str, list[int]]:
    """Content key → indices of the lines whose content keys hold it, in order, for the keys
    that at least two lines hold (in the order their second line comes). A key on one line
    only is never shared with another, and most keys of a page are such: they get no list."""
    first: dict[str, int] = {}
    found: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        for key in line.content_keys:
            indices = found.get(key)
            if indices is not None:
                indices.append(number)
            elif key in first:
                found[key] = [first[key], number]
            else:
                first[key] = number
    return found


def lines_up_to(lines: list[Line], max_words: int) -> list[int]:
    """Indices of the non-blank lines of at most ``max_words`` words."""
    return [number for number, line in enumerate(lines)
            if not line.is_blank and len(line.words) <= max_words]


# The compiled twins, when built (identical results; tests/test_speedups_words.py).
python_split_words, python_content_keys = split_words, content_keys
python_index_words, python_index_first_words, python_index_keys, python_lines_up_to = (
    index_words, index_first_words, index_keys, lines_up_to)
python_new_lines = new_lines
if speedups is not None:
    split_words = speedups.split_words
    index_words, index_first_words = speedups.index_words, speedups.index_first_words
    index_keys = speedups.index_keys
    lines_up_to = speedups.lines_up_to

    def content_keys(lowered: tuple[str, ...]) -> frozenset[str]:  # noqa: F811 - the twin
        return speedups.content_keys(lowered, STOP_WORDS)

    def new_lines(texts: list[str]) -> list[Line]:  # noqa: F811 - the twin
        # The twin also stores the cheap or nearly always read properties at once, with the
        # values they compute, in StoredLine's slots.
        return speedups.new_lines(StoredLine, texts, STOP_WORDS, _ATTRIBUTION.match,
                                  Line.core.function, {})


@dataclass
class Document:
    """The normalised lines of one text. Rules read it; they never change it."""

    lines: list[Line]
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _short: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, owner: object, compute):
        """What ``compute()`` returned the first time ``owner`` asked about this document.

        The engine runs context rules more than once over the same document; a rule keeps
        here what depends on the lines alone (not on which lines are gone), keyed by itself.
        """
        key = id(owner)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def words_used(self) -> frozenset[str]:
        """Every lower-cased word of the document: a rule whose trigger words are not among
        them need not look at a single line."""
        return self.memo(Document.words_used,
                         lambda: frozenset().union(*(line.lowered for line in self.lines)))

    def lines_with_words(self, vocabulary: frozenset[str]) -> dict[str, list[int]]:
        """For each word of ``vocabulary`` (lower-case) that the document uses, the indices of
        the lines holding it, in order. One pass over the lines finds every word at once, so
        rules that share a vocabulary share the pass (memoised per vocabulary object)."""
        # Each word of each line is looked up in the vocabulary: the same index as through the
        # vocabulary's intersection with words_used(), without building that set of every word.
        return self.memo(vocabulary, lambda: index_words(self.lines, vocabulary) if vocabulary else {})

    def lines_by_first_word(self) -> dict[str, list[int]]:
        """Lower-cased first word → indices of the lines that start with it (phrase look-up)."""
        return self.memo(Document.lines_by_first_word, lambda: index_first_words(self.lines))

    def lines_by_key(self) -> dict[str, list[int]]:
        """Content key → indices of the lines that use it, for the keys two or more lines use
        (memoised; see ``index_keys``)."""
        return self.memo(Document.lines_by_key, lambda: index_keys(self.lines))

    def short_lines(self, max_words: int) -> list[int]:
        """Indices of the non-blank lines of at most ``max_words`` words (memoised per limit)."""
        found = self._short.get(max_words)
        if found is None:
            found = self._short[max_words] = lines_up_to(self.lines, max_words)
        return found

    def blank_lines(self) -> frozenset[int]:
        """Indices of the blank lines: counting what a rule takes is then set arithmetic."""
        return self.memo(Document.blank_lines, lambda: frozenset(
            index for index, line in enumerate(self.lines) if line.is_blank))

    @property
    def text(self) -> str:
        """The lines joined by line breaks: one substring test tells whether any line has it."""
        return self.memo(Document.text, lambda: "\n".join(line.text for line in self.lines))

    @classmethod
    def from_lines(cls, texts: list[str]) -> "Document":
        """Lines as rules see them: numbered from 1, trailing whitespace stripped (as the
        output shows them, so a second clean sees what the first one saw)."""
        return cls(new_lines(texts))

    def __len__(self) -> int:
        return len(self.lines)

    def previous_text_line(self, index: int, skip: Collection[int] = ()) -> Line | None:
        """The last non-blank line before ``index`` whose index is not in ``skip``."""
        for preceding in range(index - 1, -1, -1):
            if preceding not in skip and not self.lines[preceding].is_blank:
                return self.lines[preceding]
        return None

    def next_text_line(self, index: int, skip: Collection[int] = ()) -> Line | None:
        """The first non-blank line after ``index`` whose index is not in ``skip``."""
        for following in range(index + 1, len(self.lines)):
            if following not in skip and not self.lines[following].is_blank:
                return self.lines[following]
        return None
