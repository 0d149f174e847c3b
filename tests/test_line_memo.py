"""One Line per text, shared by the lines and pages that repeat it (document.new_lines).

A Line depends on its text alone, so the pages of a site share the Lines of its template:
these tests check that sharing is real on both paths (pure Python and compiled), that the
memo stays bounded, and that nothing a page cleans to depends on what the memo holds.
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
def test_a_text_gets_one_line_within_a_page_and_across_pages(new_lines):
    memo: dict = {}
    first = new_lines(["Share this", "A sentence.  ", "Share this", ""], memo)
    assert first[0] is first[2] and first[0] is not first[1]
    assert first[1].text == "A sentence."  # keyed by the text without trailing spaces
    second = new_lines(["A sentence.", "Share this\t", "Other"], memo)
    assert second[0] is first[1] and second[1] is first[0]
    assert set(memo) == {"Share this", "A sentence.", "", "Other"}


@pytest.mark.parametrize("new_lines", PATHS)
def test_a_full_memo_starts_over(new_lines, monkeypatch):
    monkeypatch.setattr(document, "LINE_MEMO_SIZE", 3)
    memo: dict = {}
    new_lines(["a", "b", "c", "d"], memo)  # a page may take it past the bound ...
    assert len(memo) == 4
    kept = new_lines(["a", "e"], memo)  # ... the next one starts it over
    assert set(memo) == {"a", "e"} and kept[0].text == "a"


def test_pages_clean_the_same_whatever_the_memo_holds(monkeypatch):
    """Golden pages clean to their expected text in any order and with a memo that starts
    over again and again; line numbers in reasons are where each page has the line."""
    from test_golden import KNOWN_MISSES
    pairs = [(read(raw), read(expected)) for folder in ("seeds", "cases", "blind3", "blind6")
             for raw, expected in golden_pairs(folder) if raw.name not in KNOWN_MISSES]
    monkeypatch.setattr(document, "LINE_MEMO_SIZE", 40)
    shared = Cleaner()
    for raw, expected in pairs + pairs[::-1]:
        assert shared.clean(raw) == expected
    article = "An article about the harbour that runs to a few sentences of text.\n"
    for blank_lines in (0, 2):  # the same form lines, on another line of the page
        result = shared.explain(article + "\n" * blank_lines + "\nComments\nName *\nWebsite\n")
        marker = 3 + blank_lines
        assert all(f"marker on line {marker})" in removal.reason for removal in result.removals
                   if removal.text in ("Name *", "Website"))
