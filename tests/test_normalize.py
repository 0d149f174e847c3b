"""Normalisation repairs encoding damage and line breaks but never rewrites a word."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.normalize import normalize_lines, normalize_text


@pytest.mark.parametrize("raw, lines", [
    ("a\r\nb\rc\n", ["a", "b", "c"]),
    ("\ufeffTitle\n", ["Title"]),
    ("nul\x00 byte\x07s", ["nul bytes"]),
    ("zero\u200bwidth soft\u00adhyphen", ["zerowidth softhyphen"]),
    ("no-break\u00a0space and\u2009thin", ["no-break space and thin"]),
    ("line\u2028separator", ["line", "separator"]),
    ("", []),
    ("\n", [""]),
])
def test_line_breaks_and_invisible_characters(raw, lines):
    assert normalize_lines(raw) == lines


def test_mojibake_is_repaired():
    assert normalize_text("The alliance\u00e2\u20ac\u2122s chief \u00e2\u20ac\u201d NATO") == "The alliance’s chief — NATO"


@pytest.mark.parametrize("damaged, repaired", [
    ("caf\u00c3\u00a9 in Z\u00c3\u00bcrich", "café in Zürich"),       # Latin-1 lead + continuation
    ("Plain ASCII with a \x1b[1mterminal escape\x1b[0m", "Plain ASCII with a terminal escape"),
    ("caf\u00e9 and a C1 control\u0085here", "café and a C1 control…here"),  # cp1252 ellipsis
])
def test_every_sign_of_damage_reaches_the_repair(damaged, repaired):
    # The scan that decides whether ftfy runs takes shortcuts (ASCII text, a lead character
    # first); each kind of damage must still get through them.
    assert normalize_text(damaged) == repaired


@pytest.mark.parametrize("text", [
    "“Curly quotes” and ‘single’ ones stay — as do dashes – and ellipses…",
    "ﬁne ligatures and Ｆｕｌｌｗｉｄｔｈ letters stay as written",
    "HTML entities like &amp; and &lt;b&gt; are not unescaped",
    "Accents: café, naïve, Zürich, São Paulo, Łódź",
    "Tabs\tstay",
])
def test_text_as_written_is_not_rewritten(text):
    assert normalize_text(text) == text
    assert cleaner.clean(text) == text + "\n"


def test_normalisation_is_idempotent_on_double_mojibake():
    twice = "caf\u00c3\u0192\u00c2\u00a9"  # "café" encoded as UTF-8 and misread twice
    once = normalize_text(twice)
    assert normalize_text(once) == once


# Pieces of damaged and undamaged lines, without line-break characters (\x85 and \x0b are
# line breaks too): mojibake of several depths, C1 controls, escapes, odd and invisible spaces.
_LINE_PIECES = ["a", "Word ", "café ", "caf\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00c3\u0192\u00c2\u00a9",
                "\u00c2\u00a0", "\u0080", "\u009d", "\x1b[1m", "\ufffd", "\u00a0", "\u200b", "\ufeff",
                "\x00", "\t", "e\u0301", "“q”", "—", "Ã", "©", "\u2060", "\u206a", "\ufff9"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join), min_size=1, max_size=6))
def test_each_line_is_repaired_on_its_own(lines):
    """Damage on one line never changes how another is normalised: a page is repaired line by
    line (ftfy runs on the lines that show a sign of what it repairs)."""
    assert normalize_text("\n".join(lines)) == "\n".join(normalize_text(line) for line in lines)


# ---- the compiled twin (csrc/text.c: plain_lines, behind normalize_lines) ----
# normalize_lines runs one C scan that returns the lines of text normalisation leaves as it is
# and hands every other text to the Python path; the two must agree on every text.

import unicodedata  # noqa: E402

from cleaner import normalize  # noqa: E402
from cleaner._accel import speedups  # noqa: E402

needs_twin = pytest.mark.skipif(
    speedups is None and os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") in ("", "0"),
    reason="cleaner._speedups is not built")

# Every character normalisation looks at, and neighbours that make pairs of them.
ODD = (normalize._LINE_BREAK_CHARACTERS + normalize._ODD_SPACES + normalize._INVISIBLE
       + normalize._CP1252_CONTINUATION + "\n\t\r\x1b\ufffd\ud800\udfff\u2028\u2029"
       + "".join(map(chr, range(0x7f, 0x100))) + "\u0301\u0327\u212b\u1100\u1161\uac00\u0340"
       + "e\u00c3\u00e2\u00c2’“”—…ß")


def check_lines(text: str) -> None:
    assert normalize_lines(text) == normalize.python_normalize_lines(text), repr(text)


@needs_twin
def test_normalisation_uses_the_twin():
    assert normalize_lines is not normalize.python_normalize_lines
    assert speedups.plain_lines("a\nb\n", unicodedata.is_normalized) == ["a", "b"]
    assert speedups.plain_lines("a\r\nb", unicodedata.is_normalized) is None


@needs_twin
@pytest.mark.parametrize("block", [range(0, 0x3100), range(0xD700, 0xE000), range(0xFE00, 0x10000)],
                         ids=lambda r: f"U+{r.start:04X}")
def test_each_character(block):
    for code in block:
        character = chr(code)
        for text in (character, f"a{character}b\n", f"{character}\n{character}\n\n", f"x\n{character}"):
            check_lines(text)


@needs_twin
def test_every_mojibake_pair():
    for lead in range(0xC0, 0xF6):
        for follower in [*map(chr, range(0x7F, 0xC1)), *normalize._CP1252_CONTINUATION, "a", "’"]:
            check_lines(f"x {chr(lead)}{follower} y\nz")
            check_lines(f"{chr(lead)}{follower}")


@needs_twin
@pytest.mark.parametrize("text", [
    "", "\n", "\n\n", "a", "a\n", "a\n\n", "\r\n\r\n", "a\r\r\nb", "\r", "\n\r", "x\r\n" * 5,
    "caf\u00c3\u00a9", "caf\u00c3\u0192\u00c2\u00a9", "\x1b[1mx\x1b[0m", "e\u0301\n", "\u212b",
    "\ud800", "a\udfffb", "Ünïcödé\u00a0ärticle\n", "— dash’s “quote”\n\n", "\ufeffTitle\n",
])
def test_edge_cases(text):
    check_lines(text)


@needs_twin
@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(list(ODD) + ["a", "A ", "\r\n", "\r\n\r\n", "\n\n", "é", "Ã©",
                                             "â€™", "ï»¿"]), max_size=30).map("".join))
def test_generated_text(text):
    check_lines(text)


@needs_twin
def test_the_twin_on_every_fixture_page():
    pages = sorted(Path(__file__).resolve().parents[1].glob("fixtures/*/*.txt"))
    assert pages
    for path in pages:
        check_lines(path.read_text(encoding="utf-8"))


@needs_twin
def test_wrong_types_raise_instead_of_crashing():
    with pytest.raises(TypeError):
        speedups.plain_lines(b"bytes", unicodedata.is_normalized)
    with pytest.raises(TypeError):
        speedups.plain_lines("text")
    with pytest.raises(TypeError):
        normalize_lines(b"bytes")
    with pytest.raises(ZeroDivisionError):  # the NFC check's errors come through
        speedups.plain_lines("\u0301", lambda form, text: 1 / 0)
