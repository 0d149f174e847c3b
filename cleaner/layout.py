"""The output layout: how kept lines become the cleaned text.

Kept lines keep their text and order; trailing whitespace is stripped; a run of blank lines
collapses to one; no blank lines at the start or end; exactly one final newline, or "" when
nothing is left.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence


def layout(lines: Iterable[str]) -> str:
    """Join kept lines into the cleaned text by the layout rules above."""
    lines = list(lines)
    out = [lines[i].rstrip() for i in laid_out(lines, range(len(lines)))]
    return "\n".join(out) + "\n" if out else ""


def laid_out(lines: Sequence[str], indices: Iterable[int]) -> list[int]:
    """Which of ``indices`` (into ``lines``) the layout keeps: it drops only blank lines."""
    out: list[int] = []
    previous_blank = True  # true at the start, so leading blank lines are dropped
    for index in indices:
        if lines[index].strip():
            out.append(index)
            previous_blank = False
        elif not previous_blank:
            out.append(index)
            previous_blank = True
    if out and not lines[out[-1]].strip():
        out.pop()
    return out
