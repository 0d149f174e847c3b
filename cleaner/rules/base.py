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
from typing import Any, ClassVar

import regex

from ..document import Document, Line
from ..errors import PatternTimeoutError, RuleError

RULE_ID = regex.compile(r"[a-z0-9][a-z0-9._-]*")
_EDGE_NOISE = regex.compile(r"^[\W_]+|[\W_]+$")
_SPACES = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class RunContext:
    """Settings of one clean that rules need: the time limit of each pattern match."""

    pattern_timeout: float | None = 0.25


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
        """Yield (0-based line index, reason) for each line this rule removes."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id!r} from {self.source}>"


def phrase_key(text: str) -> str:
    """Fold a line for phrase lookup: case, surrounding punctuation and inner spacing ignored."""
    return _SPACES.sub(" ", _EDGE_NOISE.sub("", text)).casefold()


class LineMatcher:
    """Whole-line matching against a rule's patterns (regex) and phrases (exact, folded).

    Patterns are joined into one compiled alternation and matched with the ``regex``
    package's time limit, so a catastrophic user pattern raises instead of hanging.
    """

    def __init__(self, rule_id: str, source: str, patterns: list[str], phrases: list[str],
                 case_sensitive: bool = False) -> None:
        self.rule_id = rule_id
        flags = 0 if case_sensitive else regex.IGNORECASE
        for pattern in patterns:
            try:
                regex.compile(pattern, flags)
            except regex.error as exc:
                raise RuleError(f"{source}: rule {rule_id!r}: invalid pattern {pattern!r}: {exc}") from None
        self.pattern = (regex.compile("|".join(f"(?:{p})" for p in patterns), flags)
                        if patterns else None)
        self.phrases = frozenset(phrase_key(p) for p in phrases)
        self.empty = self.pattern is None and not self.phrases

    def matches(self, line: Line, context: RunContext) -> bool:
        text = line.stripped
        if not text:
            return False
        if self.phrases and phrase_key(text) in self.phrases:
            return True
        if self.pattern is None:
            return False
        try:
            return self.pattern.fullmatch(text, timeout=context.pattern_timeout) is not None
        except TimeoutError:
            raise PatternTimeoutError(
                f"rule {self.rule_id!r}: a pattern ran past {context.pattern_timeout}s on line "
                f"{line.number}; simplify the pattern (nested repeats like (a+)+ backtrack)") from None


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
