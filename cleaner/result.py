"""What a clean returns when asked why: the text, the kept lines and every removal."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import CleanerError
from .layout import layout
from .normalize import normalize_lines


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed line: where it was, what it said, and which rule took it and why."""

    line_number: int  # 1-based, in the normalised input
    text: str
    rule_id: str
    category: str
    reason: str

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
