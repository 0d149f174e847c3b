"""What every rule is: an id, a category, a reason, and a way to find the lines it removes.

A rule never removes anything itself: it yields (line index, reason) pairs and the engine
records them. Rules see which lines earlier rules took (``removed``) and skip them, so the
order of kinds (patterns first, then markers, headline lists, line quality) is the order of
confidence.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn

import re

import regex

from ..document import WORD, Document, Line, phrase_key
from ..errors import PatternTimeoutError, RuleError

RULE_ID = regex.compile(r"[a-z0-9][a-z0-9._-]*")
# A numbered back-reference (\1) would point at another pattern's group once a rule's
# patterns are joined into one alternation; named ones stay correct.
_NUMBERED_BACKREFERENCE = regex.compile(r"(?<!\\)(?:\\\\)*\\[1-9]")
_DIGIT = re.compile(r"\d")  # as the patterns' \d: any decimal digit, in any script
# Entries in each matcher's memo of pattern verdicts (``LineMatcher.pattern_memo``); a full
# memo is emptied. Site templates repeat their furniture lines, so most texts a pattern sees
# were seen before (62 % of the pattern calls on the dev pages). A matcher sees a few texts a
# page, so 1,024 of them span a site's worth of pages (a bound of 4,096 or 16,384 measured no
# faster), and memory stays ~150 KB a pattern list when full (~4 MB for the 25 default
# lists; a user pack of 200 pattern rules ~30 MB at most).
PATTERN_MEMO_SIZE = 1 << 10


@dataclass(frozen=True, slots=True)
class RunContext:
    """Settings of one clean that rules need.

    pattern_timeout: the time limit of each pattern match.
    gate_vocabulary: every word the rule set's matchers look lines up by (gate words and the
        first words of phrases): one index of a document's lines by these words serves them all.
    explain: whether removals need their reasons in full (``explain``); ``clean`` asks only
        which lines go, so a rule may then give its plain reason without working out the rest.
    """

    pattern_timeout: float | None = 0.25
    gate_vocabulary: frozenset[str] = frozenset()
    explain: bool = True


class Rule(ABC):
    """A rule of some kind. Subclasses are built from a validated spec (a TOML table)."""

    kind: ClassVar[str]
    stage: ClassVar[int]  # kinds run in stage order: the most specific evidence first

    def __init__(self, *, id: str, category: str, reason: str, source: str) -> None:
        self.id = id
        self.category = category
        self.reason = reason
        self.source = source

    @abstractmethod
    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, str]]:
        """Yield (0-based line index, reason) for each line this rule removes.

        ``removed`` maps the lines other rules (or this one, in an earlier round) already took
        to (rule, reason); rules skip them.

        The reason is a string, or a function that returns one when somebody reads it (for
        rules whose reasons cost more to write than the decision did)."""

    def matchers(self) -> tuple["LineMatcher", ...]:
        """The matchers whose lines this rule finds through ``LineMatcher.candidate_lines``
        (their words make up the rule set's ``RunContext.gate_vocabulary``)."""
        return ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id!r} from {self.source}>"


class LineMatcher:
    """Whole-line matching against a rule's phrases (exact, folded) and patterns (regex).

    ``any_words`` (optional) names words of which a line must contain at least one before
    the patterns are tried: it states what a rule is about ("summary", "summarize" …) and
    lets the engine skip the regex for nearly every line. An entry that is not a word ("©")
    is looked for as a substring. Phrases are exact and need no gate.
    ``needs_digit``: patterns are only tried on lines with a digit (counters, scores, dates).
    Patterns are joined into one alternation and matched with the ``regex`` package's time
    limit, so a catastrophic user pattern raises instead of hanging.
    """

    def __init__(self, rule_id: str, source: str, patterns: list[str], phrases: list[str],
                 case_sensitive: bool = False, any_words: list[str] = (),
                 needs_digit: bool = False) -> None:
        self.rule_id = rule_id
        flags = 0 if case_sensitive else regex.IGNORECASE
        for pattern in patterns:
            try:
                regex.compile(pattern, flags)
            except regex.error as exc:
                raise RuleError(f"{source}: rule {rule_id!r}: invalid pattern {pattern!r}: {exc}") from None
            if _NUMBERED_BACKREFERENCE.search(pattern):
                raise RuleError(f"{source}: rule {rule_id!r}: pattern {pattern!r} uses a numbered "
                                "back-reference; name the group: (?P<word>...) then (?P=word)")
        self.pattern = (regex.compile("|".join(f"(?:{p})" for p in patterns), flags)
                        if patterns else None)
        self.phrases = frozenset(phrase_key(p) for p in phrases)
        # The first word of every phrase: a line starting with another word cannot be one of
        # them, so most lines never need their folded key computed.
        self.phrase_first_words = first_words(phrases)
        self.any_words = frozenset(w.lower() for w in any_words)
        self.gate_words = frozenset(w for w in self.any_words if WORD.fullmatch(w))
        self.gate_symbols = tuple(sorted(self.any_words - self.gate_words))
        self.max_phrase_words = max((len(WORD.findall(p)) for p in phrases), default=0)
        self.needs_digit = needs_digit
        self.empty = self.pattern is None and not self.phrases
        # Whether the pattern fullmatches a text, by the text (``line.core``): a verdict
        # depends on nothing else, so a line seen before costs a look-up instead of a regex
        # call, whichever Cleaner or page it comes from (Cleaners built from one pack share
        # their matchers and so this memo; a verdict stored under one time limit holds under
        # another, as the limit only stops a match that runs long). Bounded by
        # PATTERN_MEMO_SIZE; a timeout or any other error is never stored. The compiled pass
        # (csrc/lines.c: pattern_pass) reads and fills this same dict, so it is emptied in
        # place, never rebound. Each get, set and clear is atomic under the GIL: threads sharing
        # a matcher at worst match a text twice or empty the memo early, never see a wrong verdict.
        self.pattern_memo: dict[str, bool] = {}
        # The words lines are looked up by (see ``candidate_lines``); phrases are looked up by
        # a line's first word instead.
        self.index_words = self.gate_words if self.pattern is not None else frozenset()

    def matches(self, line: Line, context: RunContext) -> bool:
        if (self.phrases and len(line.words) <= self.max_phrase_words
                and (not line.words or line.lowered[0] in self.phrase_first_words)
                and line.key in self.phrases):
            return True
        if self.pattern is None or not self.passes_gate(line):
            return False
        return self.matches_pattern(line, context)

    def candidate_lines(self, document: Document, max_words: int, context: RunContext) -> list[int]:
        """Indices, in order, of the lines ``matches`` may accept: non-blank, at most
        ``max_words`` words, and holding a phrase's first word or passing the gate.

        Found through the document's index of lines by word (shared by every matcher of the
        rule set, see ``RunContext.gate_vocabulary``), so a rule costs in proportion to the
        lines that concern it, not to the length of the page.
        """
        if self.empty:
            return []
        lines = document.lines
        vocabulary = (context.gate_vocabulary if self.index_words <= context.gate_vocabulary
                      else self.index_words)
        by_word = document.lines_with_words(vocabulary) if self.index_words else {}
        found: set[int] = set()
        if self.phrases:
            phrase_limit = min(max_words, self.max_phrase_words)
            by_first_word = document.lines_by_first_word()
            for word in self.phrase_first_words:
                starting = by_first_word.get(word)
                if starting:
                    found.update(i for i in starting if len(lines[i].words) <= phrase_limit)
            # A line without words (only punctuation or symbols) is looked up by its whole key.
            found.update(document.short_lines(0))
        if self.pattern is not None:
            if not self.any_words:
                short = document.short_lines(max_words)
                found.update(short if not self.needs_digit
                             else [i for i in short if _DIGIT.search(lines[i].stripped)])
            else:
                for word in self.gate_words.intersection(by_word):  # the few on this page
                    found.update(by_word[word])
                for symbol in self.gate_symbols:
                    if symbol in document.text:
                        found.update(i for i in document.short_lines(max_words)
                                     if symbol in lines[i].stripped)
        return sorted(i for i in found if not lines[i].is_blank and len(lines[i].words) <= max_words)

    def passes_gate(self, line: Line) -> bool:
        """Whether the line contains one of ``any_words`` (always true without a gate) and,
        for a rule that ``needs_digit``, a digit."""
        if self.needs_digit and not _DIGIT.search(line.stripped):
            return False
        if not self.any_words:
            return True
        if not self.gate_words.isdisjoint(line.lowered):
            return True
        for symbol in self.gate_symbols:
            if symbol in line.stripped:
                return True
        return False

    def matches_pattern(self, line: Line, context: RunContext) -> bool:
        text = line.core
        memo = self.pattern_memo
        verdict = memo.get(text)
        if verdict is None:
            try:
                verdict = self.pattern.fullmatch(text, timeout=context.pattern_timeout) is not None
            except TimeoutError:
                self.pattern_timed_out(line, context)
            if len(memo) >= PATTERN_MEMO_SIZE:
                memo.clear()
            memo[text] = verdict
        return verdict

    def pattern_timed_out(self, line: Line, context: RunContext) -> NoReturn:
        """Raise the error of a pattern that ran past the time limit on ``line``."""
        raise PatternTimeoutError(self.rule_id, context.pattern_timeout, line.stripped) from None


def first_words(phrases) -> frozenset[str]:
    """The lower-cased first word of each phrase ("" for a phrase without words)."""
    return frozenset((WORD.findall(phrase.lower()) or [""])[0] for phrase in phrases)


class SpecReader:
    """Reads one rule's TOML table, checking types, so errors name the file, rule and field."""

    def __init__(self, spec: dict[str, Any], source: str) -> None:
        self.spec = dict(spec)
        self.source = source
        self.rule_id = str(spec.get("id", "?"))

    def fail(self, message: str) -> RuleError:
        return RuleError(f"{self.source}: rule {self.rule_id!r}: {message}")

    def take(self, key: str, kind: type | tuple[type, ...], default: Any = ...,
             check: Callable[[Any], bool] | None = None, expect: str = "") -> Any:
        if key not in self.spec:
            if default is ...:
                raise self.fail(f"missing required field {key!r}")
            return default
        value = self.spec.pop(key)
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(f"field {key!r} must be a number, not {value!r}")
        if not isinstance(value, kind) or (check is not None and not check(value)):
            raise self.fail(f"field {key!r} must be {expect or _type_name(kind)}, not {value!r}")
        return value

    def take_strings(self, key: str) -> list[str]:
        values = self.take(key, list, [])
        if not all(isinstance(v, str) and v for v in values):
            raise self.fail(f"field {key!r} must be a list of non-empty strings")
        return values

    def finish(self) -> None:
        """Reject fields nobody read: a typo like ``pattern =`` must not be ignored silently."""
        if self.spec:
            raise self.fail(f"unknown field(s) {', '.join(sorted(self.spec))}")


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"str": "a string", "int": "an integer", "float": "a number",
                        "list": "a list", "bool": "true or false"}.get(k.__name__, k.__name__)
                       for k in kinds)
