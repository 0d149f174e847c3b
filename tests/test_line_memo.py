"""One Line per text on a page (document.new_lines), and cleaning that never depends on what
was remembered from earlier pages (the patterns' verdicts are kept across pages).

A Line depends on its text alone, so a page's repeated lines (its menu twice, "Share" under
every photo) share one: these tests check that sharing is real on both paths (pure Python and
compiled), that line numbers in reasons still say where each line stands, and that golden
pages clean to their expected text in any order.
"""
from __future__ import annotations

import pytest
from conftest import golden_pairs, read

from cleaner import Cleaner, document
from cleaner._accel import speedups

PATHS = [pytest.param(document.python_new_lines, id="python")]
if speedups is not None:
    PATHS.append(pytest.param(document.new_lines, id="compiled"))


@pytest.mark.parametrize("new_lines", PATHS)
def test_a_text_gets_one_line_on_a_page(new_lines):
    lines = new_lines(["Share this", "A sentence.  ", "Share this", "", "A sentence."])
    assert lines[0] is lines[2] and lines[1] is lines[4] and lines[0] is not lines[1]
    assert lines[1].text == "A sentence."  # the text without its trailing spaces
    again = new_lines(["Share this"])
    assert again[0] is not lines[0] and again[0].text == lines[0].text  # nothing kept between pages


def test_pages_clean_the_same_in_any_order():
    """Golden pages clean to their expected text in any order with one Cleaner; line numbers
    in reasons are where each page has the line, even when the same lines stood elsewhere on
    the page before."""
    from test_golden import KNOWN_MISSES
    pairs = [(read(raw), read(expected)) for folder in ("seeds", "cases", "blind3", "blind6")
             for raw, expected in golden_pairs(folder) if raw.name not in KNOWN_MISSES]
    shared = Cleaner()
    for raw, expected in pairs + pairs[::-1]:
        assert shared.clean(raw) == expected
    article = "An article about the harbour that runs to a few sentences of text.\n"
    for blank_lines in (0, 2):  # the same form lines, on another line of the page
        result = shared.explain(article + "\n" * blank_lines + "\nComments\nName *\nWebsite\n")
        marker = 3 + blank_lines
        tied = [removal for removal in result.removals if removal.text in ("Name *", "Website")]
        assert len(tied) == 2
        assert all(f"marker on line {marker})" in removal.reason for removal in tied)
