"""Normalisation repairs encoding damage and line breaks but never rewrites a word."""
from __future__ import annotations

import pytest

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
