"""Headline lists: runs of headline-shaped lines whose words have little to do with the body.

A "More news" block at the foot of a page is a run of short lines without sentence
punctuation, and its subjects are other stories. A run is judged by how much of its content
vocabulary the article body shares, never by a list of known headlines; a single title line on
the body's subject is not a run and stays, and so does a run of sub-headings on its subject.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from .._accel import speedups
from ..document import Document, Line
from .base import Rule, RunContext, SpecReader

# A headline may end in ?, ! or an ellipsis; a full stop, colon, semicolon or comma (before
# any closing quote or bracket) ends a sentence or leads into one.
_SENTENCE_ENDINGS = (".", ":", ";", ",")
_CLOSING = "\"'”’»)]"


@dataclass(frozen=True, slots=True)
class HeadlineShape:
    """What a headline looks like: a few words, no sentence ending, not an attribution."""

    min_words: int = 2
    max_words: int = 25

    @classmethod
    def from_spec(cls, spec: SpecReader) -> "HeadlineShape":
        positive = (lambda n: n > 0, "a positive integer")
        shape = cls(spec.take("headline_min_words", int, 2, *positive),
                    spec.take("headline_max_words", int, 25, *positive))
        if shape.min_words > shape.max_words:
            raise spec.fail("headline_min_words is larger than headline_max_words")
        return shape

    def fits(self, line: Line) -> bool:
        return headline_fits(line, self.min_words, self.max_words)


def headline_fits(line: Line, min_words: int, max_words: int) -> bool:
    """Whether ``line`` has a headline's shape (see ``HeadlineShape``)."""
    if not min_words <= len(line.words) <= max_words:
        return False
    text = line.stripped
    if text.rstrip(_CLOSING)[-1:] in _SENTENCE_ENDINGS and not text.endswith(".."):
        return False
    first = line.words[0][0]
    return (first.isupper() or first.isdigit()) and not line.is_attribution


def headline_runs(lines: list[Line], removed: Collection[int], min_words: int, max_words: int,
                  min_lines: int) -> list[list[int]]:
    """Runs of at least ``min_lines`` headline-shaped lines; blank lines and removed lines
    neither join nor break a run."""
    runs: list[list[int]] = []
    run: list[int] = []
    for index, line in enumerate(lines):
        if index in removed or line.is_blank:
            continue
        if headline_fits(line, min_words, max_words):
            run.append(index)
            continue
        if len(run) >= min_lines:
            runs.append(run)
        run = []
    if len(run) >= min_lines:
        runs.append(run)
    return runs


# The compiled twins, when built (identical results; tests/test_speedups_words.py).
python_headline_fits, python_headline_runs = headline_fits, headline_runs
if speedups is not None:
    headline_fits, headline_runs = speedups.headline_fits, speedups.headline_runs


# A headline-shaped line followed by prose that shares at least this much of its subject is
# the article's title or a sub-heading, wherever it stands.
TITLE_SUBJECT_SHARE = 0.5
# A line of at least this many words that is not headline-shaped is prose; so is a shorter
# one that ends like a sentence ("Three workshops have been added to the programme.").
PROSE_MIN_WORDS = 10
SHORT_SENTENCE_MIN_WORDS = 5


def introduces_text(document: Document, index: int, removed: Collection[int],
                    shape: HeadlineShape, words_in_play: "WordsInPlay") -> bool:
    """Whether line ``index`` is a title or sub-heading: prose on its subject comes right after.

    Lists of headlines end where the article starts; without this, the article's own title
    (headline-shaped too) would be taken as the last item of a "Trending" list above it.
    """
    following = document.next_text_line(index, removed)
    if following is None or shape.fits(following):
        return False
    return words_in_play.share_elsewhere(document.lines[index]) >= TITLE_SUBJECT_SHARE


class WordsInPlay:
    """Which content keys stand on more than one line still in play, asked key by key.

    Through the page's index of lines by key (``Document.lines_by_key``, built once per page):
    a key's lines are walked until a second one in play turns up, so a look costs a few steps
    per key, where counting every key of the page on every look cost a pass over the page.
    """

    def __init__(self, document: Document, removed: Collection[int]) -> None:
        self.document = document
        self.removed = removed

    def share_elsewhere(self, line: Line) -> float:
        """Share of the content words of ``line`` (a line in play) that another line in play
        uses, in any form: keys fold "Ukraine’s" and "ukraine" together."""
        keys = line.content_keys
        if not keys:
            return 0.0
        lines_by_key = self.document.lines_by_key()
        removed = self.removed
        shared = 0
        for key in keys:
            in_play = 0
            for index in lines_by_key.get(key, ()):  # not there: no other line has the key
                if index not in removed:
                    in_play += 1
                    if in_play == 2:
                        shared += 1
                        break
        return shared / len(keys)


def body_reaches(lines: list[Line], removed: Collection[int], in_runs: Collection[int],
                 words: int) -> bool:
    """Whether the lines in neither ``removed`` nor ``in_runs`` (the article body the rule
    compares its runs with) have at least ``words`` words: counting stops there."""
    count = 0
    for index, line in enumerate(lines):
        if count >= words:
            break
        if index not in removed and index not in in_runs:
            count += len(line.words)
    return count >= words


def body_keys_among(lines: list[Line], in_runs: Collection[int],
                    lines_by_key: dict[str, list[int]], removed: Collection[int]) -> set[str]:
    """The content keys of the lines in ``in_runs`` that a line of the body (in neither
    ``removed`` nor ``in_runs``) also holds, through the page's key index: all that
    ``subject_overlap`` asks of the body's keys for those lines, without gathering every key of
    the body. A key that no other line holds is not in the index, and not in the body."""
    found: set[str] = set()
    asked: set[str] = set()
    for index in in_runs:
        for key in lines[index].content_keys:
            if key in asked:
                continue
            asked.add(key)
            for other in lines_by_key.get(key, ()):
                if other not in removed and other not in in_runs:
                    found.add(key)
                    break
    return found


# The compiled twin, when built (identical results; tests/test_speedups_words.py).
python_body_keys_among = body_keys_among
if speedups is not None:
    body_keys_among = speedups.body_keys_among


class HeadlineListRule(Rule):
    kind = "headline_list"
    stage = 2

    def __init__(self, *, shape: HeadlineShape, min_lines: int, max_overlap: float,
                 min_body_words: int, **common) -> None:
        super().__init__(**common)
        self.shape = shape
        self.min_lines = min_lines
        self.max_overlap = max_overlap
        self.min_body_words = min_body_words

    @classmethod
    def from_spec(cls, spec: SpecReader, common: dict) -> "HeadlineListRule":
        return cls(
            shape=HeadlineShape.from_spec(spec),
            min_lines=spec.take("min_lines", int, 3, lambda n: n >= 2, "an integer ≥ 2"),
            max_overlap=spec.take("max_overlap", (int, float), 0.3, lambda x: 0 <= x <= 1,
                                  "a number between 0 and 1"),
            min_body_words=spec.take("min_body_words", int, 50, lambda n: n >= 0, "an integer ≥ 0"),
            **common)

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, str]]:
        runs = []
        words_in_play = WordsInPlay(document, removed)
        for run in self._runs(document, removed):
            if introduces_text(document, run[-1], removed, self.shape, words_in_play):
                run = run[:-1]  # the article's title closes the run: it is not in the list
            if (len(run) >= self.min_lines and not self._inside_text(document, run, removed)
                    and not self._introduced(document, run, removed)):
                runs.append(run)
        if not runs:
            return
        in_runs = {index for run in runs for index in run}
        # Without a body there is nothing for the lines to be unrelated to: keep them.
        if not body_reaches(document.lines, removed, in_runs, self.min_body_words):
            return
        body_keys = body_keys_among(document.lines, in_runs, document.lines_by_key(), removed)
        for whole_run in runs:
            overlaps = {i: subject_overlap(document.lines[i], body_keys) for i in whole_run}
            # A line mostly on the article's subject (its title, a sub-heading) is not one of
            # another story's headlines: it splits the run.
            for run in _split(whole_run, lambda i: overlaps[i] >= TITLE_SUBJECT_SHARE):
                if len(run) < self.min_lines:
                    continue
                mean = sum(overlaps[i] for i in run) / len(run)
                if mean < self.max_overlap:
                    why = (f"{self.reason}: {len(run)} headline-like lines share {mean:.0%} of "
                           f"their words with the article (limit {self.max_overlap:.0%})")
                    for index in run:
                        yield index, why

    def _inside_text(self, document: Document, run: list[int], removed: Collection[int]) -> bool:
        """Whether prose stands right before and right after the run: a list inside the
        article (key points, results, specifications) rather than one next to it."""
        before = document.previous_text_line(run[0], removed)
        after = document.next_text_line(run[-1], removed)
        return all(line is not None and not self.shape.fits(line)
                   and (len(line.words) >= PROSE_MIN_WORDS
                        or (len(line.words) >= SHORT_SENTENCE_MIN_WORDS and line.ends_like_sentence
                            and not line.stripped.endswith((":", ";"))))
                   for line in (before, after))

    @staticmethod
    def _introduced(document: Document, run: list[int], removed: Collection[int]) -> bool:
        """Whether the line before the run ends with a colon ("The result in full:"): the
        article introduces a list of its own."""
        before = document.previous_text_line(run[0], removed)
        return before is not None and before.stripped.endswith(":")

    def _runs(self, document: Document, removed: Collection[int]) -> list[list[int]]:
        """Runs of headline-shaped lines; blank lines and removed lines do not break a run."""
        return headline_runs(document.lines, removed, self.shape.min_words, self.shape.max_words,
                             self.min_lines)


def _split(run: list[int], breaks) -> Iterator[list[int]]:
    """The parts of ``run`` between the lines for which ``breaks(index)`` is true."""
    part: list[int] = []
    for index in run:
        if breaks(index):
            if part:
                yield part
            part = []
        else:
            part.append(index)
    if part:
        yield part


def subject_overlap(line: Line, body_keys: frozenset[str] | set[str]) -> float:
    """Share of the line's content words whose key (``words.content_key``: "Ukraine’s" and
    "ukraine" fold together) is in ``body_keys``, the keys of the article body."""
    keys = line.content_keys
    if not keys:
        return 0.0
    return len(keys & body_keys) / len(keys)
