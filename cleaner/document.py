"""The line model every rule reads: each line's text and cheap features, computed once.

Rules never re-tokenise a line: the features they need live here, so a new rule costs one
pass over features, not one more pass over text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from .words import STOP_WORDS, content_key

WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")
_SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_ATTRIBUTION = regex.compile(r"^\s*[—–-]\s*\S")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a normalised document, with the features rules look at."""

    number: int  # 1-based, as a user counts lines in an editor
    text: str
    words: tuple[str, ...]

    @classmethod
    def from_text(cls, number: int, text: str) -> "Line":
        return cls(number, text, tuple(WORD.findall(text)))

    @property
    def is_blank(self) -> bool:
        return not self.words and not self.text.strip()

    @property
    def word_count(self) -> int:
        return len(self.words)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def ends_like_sentence(self) -> bool:
        """Ends with sentence punctuation (possibly followed by a closing quote or bracket)."""
        return bool(_SENTENCE_END.search(self.text))

    @property
    def is_attribution(self) -> bool:
        """A line like "— Reuters": a dash and a source, which is article content."""
        return bool(_ATTRIBUTION.match(self.text))

    @property
    def capitalized_share(self) -> float:
        """Share of alphabetic words that start with a capital letter (title case → near 1)."""
        alphabetic = [w for w in self.words if w[0].isalpha()]
        if not alphabetic:
            return 0.0
        return sum(w[0].isupper() for w in alphabetic) / len(alphabetic)

    @property
    def stop_word_share(self) -> float:
        if not self.words:
            return 0.0
        return sum(w.lower() in STOP_WORDS for w in self.words) / len(self.words)

    @property
    def content_keys(self) -> frozenset[str]:
        """Content words of the line, folded so "Ukraine’s" and "ukraine" compare equal."""
        return frozenset(k for k in map(content_key, self.words) if k)


@dataclass
class Document:
    """The normalised lines of one text. Rules read it; they never change it."""

    lines: list[Line]
    _vocabulary_cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_lines(cls, texts: list[str]) -> "Document":
        return cls([Line.from_text(i + 1, t) for i, t in enumerate(texts)])

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def total_words(self) -> int:
        return sum(line.word_count for line in self.lines)
