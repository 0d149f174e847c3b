"""The output layout rules of the seeds' README."""
from __future__ import annotations

import pytest

from cleaner.layout import layout


@pytest.mark.parametrize("lines, text", [
    ([], ""),
    (["", "  ", ""], ""),
    (["a"], "a\n"),
    (["", "", "a", "", "", "", "b", "", ""], "a\n\nb\n"),
    (["a  ", "b\t"], "a\nb\n"),
    (["  indented stays"], "  indented stays\n"),
])
def test_layout(lines, text):
    assert layout(lines) == text
