"""What a clean returns when asked why: the text, the kept lines and every removal."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import CleanerError
from .layout import layout
from .normalize import normalize_lines


class Removal:
    """One removed line: where it was, what it said, and which rule took it and why.

    ``reason`` may be given as a function that writes it: a rule can then say exactly why
    without every ``clean`` paying for sentences only ``explain`` readers look at. It is
    written on first read and kept.
    """

    __slots__ = ("line_number", "text", "rule_id", "category", "_reason")

    def __init__(self, line_number: int, text: str, rule_id: str, category: str,
                 reason: str | Callable[[], str]) -> None:
        self.line_number = line_number  # 1-based, in the normalised input
        self.text = text
        self.rule_id = rule_id
        self.category = category
        self._reason = reason

    @property
    def reason(self) -> str:
        if not isinstance(self._reason, str):
            self._reason = self._reason()
        return self._reason

    def _key(self) -> tuple:
        return (self.line_number, self.text, self.rule_id, self.category, self.reason)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Removal) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self):
        # Pickled (for worker processes) with the reason written out, not the function.
        return (Removal, (self.line_number, self.text, self.rule_id, self.category, self.reason))

    def __repr__(self) -> str:
        return (f"Removal(line_number={self.line_number!r}, text={self.text!r}, "
                f"rule_id={self.rule_id!r}, category={self.category!r}, reason={self.reason!r})")

    def __str__(self) -> str:
        return f"line {self.line_number}: [{self.rule_id}] {self.reason}: {self.text.strip()!r}"

    def to_dict(self) -> dict:
        return {"line": self.line_number, "text": self.text, "rule": self.rule_id,
                "category": self.category, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text with its explanation.

    ``input_lines`` are the normalised input lines; ``kept_line_numbers`` and ``removals``
    partition their numbers, so replaying the removals on the input gives ``text``.
    """

    text: str
    input_lines: tuple[str, ...]
    kept_line_numbers: tuple[int, ...]
    removals: tuple[Removal, ...]

    @property
    def kept_lines(self) -> tuple[str, ...]:
        return tuple(self.input_lines[n - 1] for n in self.kept_line_numbers)

    @property
    def changed(self) -> bool:
        """Whether cleaning changed anything at all (a removal, or layout and normalisation)."""
        return self.text != "\n".join(self.input_lines) + ("\n" if self.input_lines else "")

    def counts_by_rule(self) -> Counter:
        """How many lines each rule removed, e.g. for a report."""
        return Counter(r.rule_id for r in self.removals)

    def to_dict(self) -> dict:
        return {"removals": [r.to_dict() for r in self.removals],
                "counts": dict(sorted(self.counts_by_rule().items())),
                "lines_in": len(self.input_lines), "lines_removed": len(self.removals)}


def apply_removals(text: str, removals: Iterable[Removal]) -> str:
    """Replay recorded removals on ``text``: drop those lines and lay out the rest.

    Raises CleanerError when a removal does not describe ``text`` (wrong line number or
    different line text), so a stale report cannot silently delete the wrong lines.
    """
    lines = normalize_lines(text)
    drop = set()
    for removal in removals:
        number = removal.line_number
        if not 1 <= number <= len(lines) or lines[number - 1] != removal.text:
            raise CleanerError(
                f"removal of line {number} ({removal.rule_id}) does not match this text; "
                "was it recorded on another version of the file?")
        drop.add(number)
    return layout(line for n, line in enumerate(lines, 1) if n not in drop)
