"""The output layout: how kept lines become the cleaned text.

Kept lines keep their text and order; trailing whitespace is stripped; a run of blank lines
collapses to one; no blank lines at the start or end; exactly one final newline, or "" when
nothing is left.
"""
from __future__ import annotations

from collections.abc import Iterable


def layout(lines: Iterable[str]) -> str:
    """Join kept lines into the cleaned text by the layout rules above."""
    out: list[str] = []
    previous_blank = True  # true at the start, so leading blank lines are dropped
    for line in lines:
        line = line.rstrip()
        if not line:
            if not previous_blank:
                out.append("")
            previous_blank = True
            continue
        out.append(line)
        previous_blank = False
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
