"""The compiled twins of csrc/document.c give what their pure-Python references give.

The line model's construction (new_lines) gives Lines
equal to the pure-Python reference's in every attribute and property, including those it stores
at once instead of leaving them to the lazy property (content_keys, ends_like_sentence,
is_attribution, core): on every fixture line, on each character of most scripts placed where
those properties look, on generated text and on edge cases. The engine's removal table
(removals_of) gives the same Removals, in the same order, on every fixture page.

Skipped where the extension is not built, unless CLEANER_REQUIRE_SPEEDUPS=1 (CI): then a
missing or stale build fails here instead of passing silently in pure Python.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import document
from cleaner._accel import speedups
from cleaner.document import Document, Line, StoredLine
from cleaner.normalize import normalize_lines
from cleaner.result import Removal
from cleaner.rules import default_rules, engine
from cleaner.words import STOP_WORDS

REQUIRED = os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0")
if not REQUIRED and not (speedups is not None and hasattr(speedups, "removals_of")):
    pytest.skip("cleaner._speedups (with the line model twins) is not built", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ATTRIBUTES = ("text", "words", "lowered", "stripped", "is_blank", "word_count", "core",
              "key", "ends_like_sentence", "is_attribution", "capitalized_share",
              "stop_word_share", "content_keys")
EAGER = {"content_keys", "ends_like_sentence", "is_attribution", "core"}
EDGES = [
    "", " ", "\t \u3000", "trailing  \t", "  leading", "— Reuters", "– AP", "-x", "- ", "(dpa)",
    "(With reports from AFP)", "(Reporting by Jane Doe; Editing by John Roe)", "Source: AFP",
    "ſources: AFP", "SOURCES : x", "Via: y", "Credit:z", "Additional reporting by A",
    "Translated by B", "Research by", "writing by", "compiled by", "(Avec AFP)", "(Com Lusa)",
    "Reportingby x", "The end.", "The end.” ", "Really?!)]", "Wait…", "a:", "b;", "x.'\"’”»)]",
    ". ", "»", "✨ Summarise this story with AI", "→ Read more", "Home | News |", "* item",
    "+1", "<b>", "~x~", "^x`", "© 2024 Example Media", "•", "| |", "Ünïcödé ärticle ß",
    "ǅemal", "١٢٣", "🙂 x 🙂", "don't stop", "Ukraine’s stories", "x_y __init__", "\x00a\x00",
    "a\x1cb\x1f", "\u2028x\u2029", "\x85next",
]


def compiled_lines(texts: list[str]) -> list[Line]:
    return document.new_lines(texts)


def sharing(lines: list[Line]) -> list[int]:
    """For each line, the position of the first line that is the same object."""
    first: dict[int, int] = {}
    return [first.setdefault(id(line), position) for position, line in enumerate(lines)]


def check(texts: list[str]) -> None:
    expected = document.python_new_lines(texts)
    got = compiled_lines(texts)
    assert len(got) == len(expected)
    # the same texts share a Line on both paths, and only they do: each line is the Line of
    # the first line with its text
    assert sharing(got) == sharing(expected)
    for want, line in zip(expected, got):
        assert type(line) is StoredLine and isinstance(line, Line)
        for name in ATTRIBUTES:
            value, reference = getattr(line, name), getattr(want, name)
            assert value == reference and type(value) is type(reference), (name, want.text)


def test_the_line_model_uses_the_twin():
    assert document.new_lines is not document.python_new_lines
    lines = Document.from_lines(["— Reuters  ", "", "A sentence.", "— Reuters"]).lines
    assert lines[0] is lines[3] and lines[0] is not lines[2]  # one Line per text
    assert lines[0].text == "— Reuters" and type(lines[0]) is StoredLine
    assert set(StoredLine.__slots__) == EAGER
    # the eager properties are in slots, set: no instance dict was needed for them
    assert all(not hasattr(line, "__dict__") or not line.__dict__ for line in lines)


def test_a_stored_line_made_in_python_equals_a_line():
    for text in EDGES:
        stored, line = StoredLine(text), Line(text)
        for name in ATTRIBUTES:
            assert getattr(stored, name) == getattr(line, name), (name, text)


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases(text):
    check([text])


def test_every_fixture_line():
    texts = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        texts.extend(normalize_lines(path.read_text(encoding="utf-8")))
    assert len(texts) > 4000
    check(texts)


# Every character of these ranges at the start and the end of a line, and at the start of the
# attribution pattern's branches (so a character that matches a branch's first letter when case
# is ignored, like the long s, is found), and before closing quotes at the end.
RANGES = [range(0, 0x3100), range(0xFE00, 0x10000), range(0x1F000, 0x1FB00)]
TAILS = ["", "x", "dditional reporting by A", "eporting by A", "diting by A", "riting by A",
         "ompiled by A", "ranslated by A", "esearch by A", "ources: A", "ia: A", "redit: A",
         " Reuters", "ith AFP)", "dpa)"]


@pytest.mark.parametrize("block", RANGES, ids=lambda r: f"U+{r.start:04X}")
def test_each_character(block):
    texts = []
    for code in block:
        character = chr(code)
        texts.extend(character + tail for tail in TAILS)
        texts.extend([f"x{character}", f"a{character}”", f"{character}{character}"])
    check(texts)


# The attribution pattern's words, and what follows each for the pattern to match.
ATTRIBUTION_WORDS = {"additional": " reporting by A", "reporting": " by A", "editing": " by A",
                     "writing": " by A", "compiled": " by A", "translated": " by A",
                     "research": " by A", "source": ": A", "sources": ": A", "via": ": A",
                     "credit": ":A"}


def test_attribution_words_with_any_character_anywhere():
    """The twin rules the attribution pattern out by a line's first word; ignoring case, the
    pattern matches a few other letters to ASCII ones (ſ, ı, İ, the Kelvin sign) and its \\s
    matches every kind of space. Each such character, and a sample of all others, stands in
    for and next to each letter of each word, in each case: is_attribution is the pattern's."""
    folding = [chr(c) for c in range(128, 0x110000) if re.match("[a-z]", chr(c), re.IGNORECASE)]
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    characters = folding + spaces + [chr(c) for c in range(0, 0x3100, 7)] + list("_0:(-—")
    texts = []
    for word, tail in ATTRIBUTION_WORDS.items():
        for form in (word, word.upper(), word.title()):
            for at in range(len(form) + 1):
                for character in characters:
                    texts.append(form[:at] + character + form[at + 1:] + tail)  # in its place
                    texts.append(form[:at] + character + form[at:] + tail)      # next to it
    lines = document.new_lines(texts)
    expected = [document._ATTRIBUTION.match(text.rstrip()) is not None for text in texts]
    assert [line.is_attribution for line in lines] == expected
    assert sum(expected) > 1000  # the pattern does match many of them


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("aRsSvWeC—–-()*|+.!?…:;\"'”’»]✨→© \t\u3000ſıİK_")
                                         + ["eporting by", "ources:", "ith AFP)", "The", "via",
                                            "Credit", "sources", "ADDITIONAL", "by", "edit"]),
                         max_size=12).map("".join), max_size=8))
def test_generated_lines(texts):
    check(texts)


CORE = Line.core.function


def test_wrong_types_raise_instead_of_crashing():
    match = document._ATTRIBUTION.match
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, ["ok", b"bytes"], STOP_WORDS, match, CORE, {})
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, None, STOP_WORDS, match, CORE, {})
    with pytest.raises(TypeError):
        speedups.new_lines("Line", ["x"], STOP_WORDS, match, CORE, {})
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, ["x"], ["not", "a", "set"], match, CORE, {})
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, ["x"], STOP_WORDS, match, CORE)
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, ["x"], STOP_WORDS, match, CORE, [])
    with pytest.raises(TypeError):
        speedups.new_lines(StoredLine, ["x"], STOP_WORDS, match, None, {})
    memo: dict = {}
    with pytest.raises(ZeroDivisionError):  # the pattern's errors come through
        speedups.new_lines(StoredLine, ["x", "Reporting by"], STOP_WORDS, lambda text: 1 / 0, CORE, memo)
    assert list(memo) == ["x"]  # what was made before the error stays valid; nothing half-made
    with pytest.raises(ZeroDivisionError):  # and so do Line.core's, for a decorated line
        speedups.new_lines(StoredLine, ["y", "✨ z"], STOP_WORDS, match, lambda line: 1 / 0, memo)
    assert list(memo) == ["x", "y"]


# ---- the engine's removal table (rules/engine.py: removals_of) ----

def check_removals(found, lines):
    expected = engine.python_removals_of(found, lines)
    got = speedups.removals_of(found, lines, Removal)
    assert list(got) == list(expected)  # the same keys in the same order
    for index, removal in got.items():
        want = expected[index]
        assert type(removal) is Removal
        for name in Removal.__slots__:
            value, reference = getattr(removal, name), getattr(want, name)
            assert value == reference and type(value) is type(reference), (name, index)
        assert removal._reason is want._reason  # a reason function stays unwritten


def test_the_engine_uses_the_removals_twin():
    assert engine.removals_of is not engine.python_removals_of
    rule = default_rules().rules[0]
    assert engine.removals_of({0: (rule, "why")}, ["text"]) == {
        0: Removal(1, "text", rule.id, rule.category, "why")}


def test_removals_of_every_fixture_page():
    rules = list(default_rules())
    for number, path in enumerate(sorted(FIXTURES.glob("*/*.txt"))):
        lines = normalize_lines(path.read_text(encoding="utf-8"))
        # runs of removals by one rule and changes of rule, indices out of order, lazy reasons
        found = {index: (rules[(index // 3 + number) % len(rules)],
                         (lambda index=index: f"because {index}") if index % 4 else f"r{index}")
                 for index in sorted(range(len(lines)), key=lambda i: (i * 7919) % (len(lines) or 1))
                 if index % 5}
        check_removals(found, lines)
        check_removals(found, tuple(lines))
    check_removals({}, [])


def test_removals_of_wrong_input_raises_instead_of_crashing():
    rule = default_rules().rules[0]
    with pytest.raises(TypeError):
        speedups.removals_of([(0, (rule, "r"))], ["x"], Removal)
    with pytest.raises(TypeError):
        speedups.removals_of({0: (rule,)}, ["x"], Removal)
    with pytest.raises(TypeError):
        speedups.removals_of({"0": (rule, "r")}, ["x"], Removal)
    with pytest.raises(TypeError):
        speedups.removals_of({0: (rule, "r")}, None, Removal)
    with pytest.raises(TypeError):
        speedups.removals_of({0: (rule, "r")}, ["x"], "Removal")
    with pytest.raises(IndexError):
        speedups.removals_of({1: (rule, "r")}, ["x"], Removal)
    with pytest.raises(IndexError):
        speedups.removals_of({-1: (rule, "r")}, ["x"], Removal)
    with pytest.raises(AttributeError):  # a rule without an id
        speedups.removals_of({0: (object(), "r")}, ["x"], Removal)


# ---- what new_lines builds without a Python call: words lowered, containers untracked ----

def test_words_lower_as_str_lower_on_every_code_point():
    # The twin skips str.lower() for a word none of whose characters has a lower-case mapping
    # of its own; full mappings (İ, the final sigma) must still come out as str.lower() gives.
    for start in range(0, 0x110000, 0x1000):
        characters = [chr(code) for code in range(start, start + 0x1000)
                      if not 0xD800 <= code < 0xE000 and chr(code).isalnum()]
        text = " ".join(f"{c}{c}x {c} A{c}Σ İ{c} {c}ΣΑ Σ{c}" for c in characters)
        assert speedups.split_words(text) == document.python_split_words(text), hex(start)
    for text in ["ΟΔΟΣ ΟΔΟΣ.", "İSTANBUL", "ǅemal ǈ ǋ", "ẞ", "Ⅻ ⓐⒶ", "Ｆｕｌｌ"]:
        assert speedups.split_words(text) == document.python_split_words(text)


def test_containers_of_str_only_are_left_to_reference_counting():
    import gc
    lines = document.new_lines(["Ukraine’s stories go on", "", "the of and", "x"])
    for line in lines:
        assert gc.is_tracked(line)  # a Line's __dict__ may later hold anything
        assert not gc.is_tracked(line.content_keys)
        if line.words:
            assert not gc.is_tracked(line.words) and not gc.is_tracked(line.lowered)
    assert lines[1].content_keys == frozenset() and lines[2].content_keys == frozenset()
    gc.collect()
    check(["Ukraine’s stories go on", "", "the of and", "x"])


def test_a_type_without_the_slots_is_refused():
    class NotALine:
        pass

    class ReadOnly:
        __slots__ = ("text", "words", "lowered", "stripped", "__dict__")

    match = document._ATTRIBUTION.match
    for line_type in (NotALine, ReadOnly, int, Line):  # Line: its eager properties are lazy there
        with pytest.raises((TypeError, AttributeError)):
            speedups.new_lines(line_type, ["x"], STOP_WORDS, match, CORE, {})


def test_the_twins_read_an_emptied_slot_as_python_does():
    """The twins read a StoredLine's slots directly; a slot someone emptied is read through the
    attribute protocol, so the twin raises where Python raises instead of reading NULL."""
    from cleaner import quality_features
    from cleaner.rules.headline import headline_fits
    (line,) = document.new_lines(["Twelve words of plain running text are here to read now, fine."])
    assert speedups.is_running_text(line) is quality_features.python_is_running_text(line)
    del line.words
    with pytest.raises(AttributeError):
        quality_features.python_is_running_text(line)
    with pytest.raises(AttributeError):
        speedups.is_running_text(line)
    with pytest.raises(AttributeError):
        headline_fits(line, 2, 25)


# --- the word table: each distinct word made once, shared by every line that uses it ----------

def test_a_word_is_one_object_in_any_line_storage():
    """The same word cut out of a one-, two- and four-byte line is one entry: one str object,
    whose lower-case form and content key are worked out once."""
    texts = ["Ukraine talks resume", "Ukraine talks resume at €5", "Ukraine talks resume 🙂",
             "UKRAINE Talks", "ukraine talks"]
    lines = compiled_lines(texts)
    check(texts)
    first = lines[0]
    for line in lines[1:3]:
        assert all(a is b for a, b in zip(line.words, first.words))
        assert all(a is b for a, b in zip(line.lowered, first.lowered))
    # the lower-cased forms of "UKRAINE" and "Ukraine" are equal, and each is made once
    assert lines[3].lowered == lines[4].lowered == ("ukraine", "talks")
    assert lines[3].lowered[0] is compiled_lines(["UKRAINE"])[0].lowered[0]


def test_the_word_table_is_bounded_and_forgets_nothing_it_gives():
    """Past its bound the table is emptied and fills again: words before and after are right."""
    held, slots, most = speedups._word_table()
    assert held <= most and slots <= 2 * most or slots == 0
    words = [f"w{n}ord{n % 7}s" for n in range(most * 3)]
    texts = [" ".join(words[i:i + 40]) for i in range(0, len(words), 40)]
    check(texts)
    held, slots, most = speedups._word_table()
    assert 0 < held <= most and held * 2 <= slots <= 2 * most
    check(texts[:5] + texts[-5:])  # words from before and after the table was emptied


def test_content_keys_follow_the_stop_words_they_are_made_with():
    """A key is kept with the stop words it was worked out with: other stop words (a frozenset,
    or a set, which may change between calls) give their own keys."""
    match = document._ATTRIBUTION.match
    core = Line.core.function

    def keys(text, stop_words):
        (line,) = speedups.new_lines(StoredLine, [text], stop_words, match, core, {})
        return line.content_keys

    text = "Markets rally as stories unfold"
    assert keys(text, STOP_WORDS) == document.python_content_keys(Line(text).lowered)
    assert keys(text, frozenset({"markets"})) == {"rally", "story", "unfold"}
    stop = {"rally"}
    assert keys(text, stop) == {"market", "story", "unfold"}
    stop.add("unfold")
    assert keys(text, stop) == {"market", "story"}
    assert keys(text, STOP_WORDS) == document.python_content_keys(Line(text).lowered)
    assert compiled_lines([text])[0].content_keys == {"market", "rally", "story", "unfold"}


def test_stop_words_that_run_python_code_cannot_break_the_word_table():
    """A stop word compared in Python may itself make lines (and so empty the shared table)
    while a key is being worked out: the keys stay right and nothing dangles."""
    match = document._ATTRIBUTION.match
    core = Line.core.function
    most = speedups._word_table()[2]
    flood = [" ".join(f"flood{n}x{k}" for k in range(40)) for n in range(0, most * 2, 40)]
    calls = []

    class Meddler:
        """Equal to nothing; hashes like "market", so a look-up of "market" asks it."""

        def __hash__(self):
            return hash("market")

        def __eq__(self, other):
            calls.append(other)
            speedups.new_lines(StoredLine, flood, STOP_WORDS, match, core, {})
            return False

    text = "Markets rally as market stories unfold"
    for stop_words in (frozenset({Meddler(), "rally"}), {Meddler(), "rally"}):
        for _ in range(2):
            (line,) = speedups.new_lines(StoredLine, [text], stop_words, match, core, {})
            assert line.content_keys == {"market", "story", "unfold"}
            assert line.words == ("Markets", "rally", "as", "market", "stories", "unfold")
            # the words the meddling made are in the table with their own keys
            check(flood[-5:])
    assert calls
    check([text, *flood[:3]])
