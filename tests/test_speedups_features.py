"""The compiled twins of cleaner/quality_features.py (csrc/features.c) give exactly what the
pure-Python references give: on every line of every fixture, on generated lines, on edge cases.

Skipped where the extension is not built, unless CLEANER_REQUIRE_SPEEDUPS=1 (CI): then a
missing or stale build fails here instead of passing silently in pure Python.
"""
from __future__ import annotations

import math
import os
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import document
from cleaner import quality_features as qf
from cleaner._accel import speedups
from cleaner.document import Document, Line
from cleaner.normalize import normalize_lines
from cleaner.quality_model import default_model

TWINS = ("own_features", "inner_sentences", "comment_sign", "is_running_text", "neighbour_kind",
         "context_features")
REQUIRED = os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0")
if not REQUIRED and not (speedups is not None and hasattr(speedups, "_configure_features")):
    pytest.skip("cleaner._speedups (with the feature twins) is not built", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MODEL = default_model()
LINE_ATTEMPTS = settings(max_examples=400, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow])


def outcome(function, *args, **kwargs) -> str:
    """What a call gives, as comparable text: repr tells True from 1 and 1 from 1.0; an error
    counts by its type."""
    try:
        return repr(function(*args, **kwargs))
    except Exception as error:  # noqa: BLE001 - the twin must fail the same way
        return f"raises {type(error).__name__}"


def compare(name: str, make_args, twin_args=None, **kwargs) -> None:
    """The twin and the reference on fresh arguments each (``make_args()``, or ``twin_args()``
    for the twin), so neither reads what the other cached on a Line."""
    twin = outcome(getattr(speedups, name), *(twin_args or make_args)(), **kwargs)
    reference = outcome(getattr(qf, "python_" + name), *make_args(), **kwargs)
    assert twin == reference, (name, make_args())


def compare_line(text: str) -> None:
    """Every per-line twin on one line of text, given a Line, then given the Line the rules
    get (the compiled new_lines' StoredLine, whose slots the twins read directly and whose
    stop-word share they work out themselves) while the reference still gets a Line."""
    for made in (Line, stored_line):
        text = text if made is Line else text.rstrip()  # new_lines strips what ends a line
        for repeated in (False, True):
            compare("own_features", lambda: (Line(text), repeated, MODEL.vocabulary,
                                             MODEL.vocabulary_edges),
                    twin_args=lambda: (made(text), repeated, MODEL.vocabulary,
                                       MODEL.vocabulary_edges))
        for name in ("inner_sentences", "comment_sign", "is_running_text"):
            compare(name, lambda: (Line(text),), twin_args=lambda: (made(text),))
        for running in (None, False, True):
            compare("neighbour_kind", lambda: (Line(text), running),
                    twin_args=lambda: (made(text), running))


def stored_line(text: str) -> Line:
    (line,) = document.new_lines([text])
    assert type(line) is document.StoredLine
    return line


def compare_context(texts: list[str], running: list, kinds=None, signs=None) -> None:
    compare("context_features", lambda: ([Line(t) for t in texts], running,
                                         kinds, signs))


# --- the twins are the ones in use ------------------------------------------------------------

def test_the_module_uses_the_twins():
    for name in TWINS:
        assert getattr(qf, name) is getattr(speedups, name), name
        assert getattr(qf, "python_" + name).__module__ == qf.__name__


def test_constants_the_c_twins_mirror():
    """csrc/features.c copies these numbers and characters: change both together."""
    assert qf._WORD_BINS == [0, 1, 2, 3, 4, 4, 5, 5, 5] + [6] * 4 + [7] * 8 + [8] * 20 + [9]
    assert (qf.SAMPLED_WORDS, qf.COMMENT_SIGN_MAX_WORDS, qf.SAYS_MAX_WORDS) == (40, 16, 8)
    assert (qf.SIGNS_NEAR_LINES, qf._DISTANCE_CAP, qf._FLOW_BINS) == (5, 6, 6)
    assert qf._SIGNS_ABOVE_BINS == (0, 1, 2, 3, 3, 3, 4)
    assert (qf._CLOSERS, qf._SEPARATORS) == ("\"'”’»)]*", "|•·»›/>")
    assert qf._INNER_SENTENCE.pattern == r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]*[A-Z]"
    assert [name for name, _ in qf.OWN_FEATURES] == [
        "shape", "stop_words", "capitals", "digits", "separators", "first_char", "word_length",
        "link_like", "repeated", "vocabulary", "sentences", "comment_sign"]


# --- real lines -------------------------------------------------------------------------------

def fixture_documents() -> list[list[str]]:
    """The normalised lines of every fixture file."""
    return [normalize_lines(path.read_text(encoding="utf-8"))
            for path in sorted(FIXTURES.glob("**/*.txt"))]


def test_every_fixture_line():
    documents = fixture_documents()
    assert len(documents) > 400
    for texts in documents:
        for line in Document.from_lines(texts).lines:
            compare_line(line.text)


def test_context_features_of_every_fixture():
    for texts in fixture_documents():
        lines = [line for line in Document.from_lines(texts).lines if not line.is_blank]
        texts = [line.text for line in lines]
        running = [qf.python_is_running_text(line) for line in lines]
        compare_context(texts, running)
        kinds = [qf.python_neighbour_kind(line, flag) for line, flag in zip(lines, running)]
        signs = [qf.python_comment_sign(line) != qf.NO_SIGN for line in lines]
        compare_context(texts, running, kinds, signs)
        # the rule judges fewer lines on a later pass: every other one
        compare_context(texts[::2], running[::2], kinds[::2], signs[::2])


# --- generated lines --------------------------------------------------------------------------

WORD_CHARACTERS = "abcxyzABCXYZ0123456789éßİǅΩ²٣😀"
PUNCTUATION = ".!?:;…\"'”’»)]([“‘«*"
SEPARATORS = "|•·»›/>"
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\u2028", ""]
PHRASES = ["ago", "Ago", "says:", "SAYS :", "wrote:", "ſays:", "7:21", "07:21 AM", "13:24",
           "Nov 7, 2012", "7 Nov", "07.08.12", "2012", "2 hours ago", "an hour ago", "at",
           "the", "and", "of", "The", "http://example.com", "www.example.com", "a@b.c", "...",
           "…", "Mr.", "A", "I", "“Quoted”", "(Aside)", "[1]"]

pieces = st.one_of(
    st.text(alphabet=WORD_CHARACTERS, min_size=1, max_size=8),
    st.sampled_from(PHRASES),
    st.text(alphabet=PUNCTUATION, min_size=1, max_size=3),
    st.text(alphabet=SEPARATORS, min_size=1, max_size=2),
)
line_texts = st.one_of(
    st.lists(st.tuples(pieces, st.sampled_from(SPACES)), max_size=50).map(
        lambda parts: "".join(piece + space for piece, space in parts)),
    st.text(max_size=80),
)


@LINE_ATTEMPTS
@given(line_texts)
def test_generated_lines(text):
    compare_line(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_pages(data):
    texts = data.draw(st.lists(line_texts, max_size=30))
    running = data.draw(st.lists(st.sampled_from([True, False, None, 0, 1]), min_size=len(texts),
                                 max_size=len(texts)))
    kinds = data.draw(st.none() | st.lists(st.integers(0, 3), min_size=len(texts),
                                           max_size=len(texts)))
    signs = data.draw(st.none() | st.lists(st.booleans(), min_size=len(texts),
                                           max_size=len(texts)))
    compare_context(texts, running, kinds, signs)


# --- edge cases -------------------------------------------------------------------------------

def words(count: int, word: str = "word") -> str:
    return " ".join([word] * count)


EDGE_CASES = [
    "", "   ", "\t", "word", "Word", "ǅ", "ǅemal", "İstanbul", "²", "٣ three", "😀", "😀 Share",
    "...", "…", "!!!", ")]", "\"'”’»)]*", "*", "Wait for it...", "Wait for it…", "Wait ...\"",
    "A footnote follows.*", "Read this!**", "Wait...*", "He said “yes.”»)", "So:*", "End…’",
    "Dots..", ". . .", "x.", "!", "?\"", ":", "…)", "Wait...!",
    "Title”", "A title: with a colon", "Read more »", "Home | News | Sport | Weather",
    "a/b/c/d", "user@example.com", "see http://x.y", "www.", "htt p", "ww w.", "awww, shucks",
    "www", "HTTP", "https", "@",
    words(7) + ".", words(8) + ".", words(11) + ".", words(12) + ".", words(16) + ":",
    words(17) + ":", words(40), words(41), words(45, "the"), words(120, "Word"),
    # exactly 8 words, with and without sentence boundaries
    "One two. Three four. Five six. Seven eight.",
    "One two.Three four. five six? seven Eight!",
    'He left. "Then" she came. (And) It ended! Fine? Yes. Okay then, we go.',
    "He left.)] Then she came.\u2003Next one. \x1cAnd\u3000So. ‘Quoted’ and “More” here now",
    "Ending in dots... and More words follow here. And here. And More. And More.",
    # comment headers
    "Rand says:", "RAND SAYS :", "Rand ſays:", "one two three four five six seven says:",
    "one two three four five six seven eight says:", "Posted Nov 7, 2012 at 7:21 am",
    "07.08.12 at 13:24", "2 hours ago", "an hour ago", "ago", "long ago", "Updated 14:05 GMT",
    "reader on May 2, 2025 at 10:11 am", "٣:٢١ on 2012", "2 hours ago's news", "5 days ago’s",
    "3 weeks AGO", "a year_ago", "2 hours ago_x",
    # the colon shapes the twin checks before calling a pattern: a comment header's colon ends
    # the line; a time's colon has a digit before it and two after, in any script's digits
    "Rand says: hello", "says:", "Rand wrote :", "Rand says:\u00a0", "Share: 2012 7:21",
    "Nov 7, 2012 at 7:2", "Nov 7, 2012 at 7 :21", "Nov 7, 2012 at :21", "2012 at 7:",
    "2012 at x:21 then 9:30", "2012, ٧:٢١", "2012, １２:３４", "2012 at 12:345", "Photo: Reuters 2012",
] + [  # every closer and opener around an inner sentence boundary, in a line of 8+ words
    f"One two three four five six seven eight{end}{closer} {opener}Nine ten"
    for end in ".!?" for closer in ["", *"\"'”’)]»*"] for opener in ["", *"\"'“‘([«"]]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    compare_line(text)


def test_comment_sign_reads_the_line_s_own_stripped_text():
    """The says-pattern's ``$`` also matches before a final line break: a line whose stripped
    text keeps one (a subclass's) is still a comment header to the twin."""
    class KeptBreak(Line):
        def __init__(self, text):
            super().__init__(text)
            self.stripped = text
    for text in ("Rand says:\n", "Rand says:\n\n", "Posted 2012 at 7:21\n", "says: x\n"):
        compare("comment_sign", lambda: (KeptBreak(text),))
    assert qf.python_comment_sign(KeptBreak("Rand says:\n")) == qf.SIGN_SAYS


def test_edge_case_pages():
    compare_context([], [])
    compare_context(["only"], [True], [])          # one line reads no neighbour's kind
    compare_context(["a", "b"], [True])            # too few running flags
    compare_context(["a", "b"], [True, False], [1])
    compare_context(["2 hours ago", "b"], [False, False], None, [True])
    compare_context(["a", "b"], [False, False], None, [False])
    compare_context(EDGE_CASES, [i % 3 == 0 for i in range(len(EDGE_CASES))])
    compare_context(["Nov 7, 2012 7:21"] * 20, [False] * 20)


def test_other_vocabularies_and_edges():
    """A mapping other than dict, ints among the weights and edges, a word learnt as None."""
    vocabulary = dict(MODEL.vocabulary, the=2, of=None)
    proxy = types.MappingProxyType(vocabulary)
    for text in EDGE_CASES + ["the of and", "The cat of the hat", words(50, "of the")]:
        for table, edges in ((vocabulary, MODEL.vocabulary_edges), (proxy, [-1, 0, 1.5, 2, 3]),
                             ({}, ()), (vocabulary, None)):
            # (None: a fresh iterator of edges for each call)
            compare("own_features", lambda: (Line(text), False, table,
                                             edges if edges is not None else iter([0.0, 1.0])))


def test_vocabulary_mean_to_the_last_bit():
    """The mean weight sits exactly on an edge, and a sum whose order of rounding matters: the
    twin must add in double precision, in order, as builtins.sum does on this interpreter."""
    table = {"alpha": 0.1, "beta": 0.7, "big": 1e16, "one": 1.0, "minus": -1e16}
    mean = (0.1 + 0.7) / 2
    for text, edges in (("alpha beta", (mean, math.nextafter(mean, math.inf))),
                        ("beta alpha", (mean, math.nextafter(mean, math.inf))),
                        ("big one minus", (0.1, 0.2, 0.5)),
                        ("one big minus", (0.1, 0.2, 0.5))):
        compare("own_features", lambda: (Line(text), False, table, edges))


def test_keywords_and_wrong_arguments():
    line = Line("Home | News")
    assert speedups.neighbour_kind(line, running=True) == qf.python_neighbour_kind(line, running=True)
    assert speedups.own_features(line=line, repeated=True, vocabulary={}, vocabulary_edges=()) \
        == qf.python_own_features(line=line, repeated=True, vocabulary={}, vocabulary_edges=())
    lines = [line, Line("Some text.")]
    assert speedups.context_features(lines, [False, True], signs=[True, False], kinds=None) \
        == qf.python_context_features(lines, [False, True], signs=[True, False], kinds=None)
    bad_calls = [
        (speedups.own_features, (line, False, {}), {}),
        (speedups.own_features, (line, False, {}, (), 1), {}),
        (speedups.neighbour_kind, (line,), {"runnin": True}),
        (speedups.neighbour_kind, (line, True), {"running": True}),
        (speedups.comment_sign, (), {}),
        (speedups.context_features, ([line],), {}),
    ]
    for function, args, kwargs in bad_calls:
        with pytest.raises(TypeError):
            function(*args, **kwargs)


@pytest.mark.parametrize("name", TWINS)
def test_wrong_types_raise_not_crash(name):
    """Not a Line, or a Line-like object with wrong attribute types: an exception where Python
    raises one (the same, or a TypeError), never a crash."""
    fakes = [
        None, 5, "text",
        types.SimpleNamespace(words=("a",) * 20, stripped=5, text=5, lowered=("a",) * 20,
                              ends_like_sentence=False, stop_word_share=1.0),
        types.SimpleNamespace(words=(b"ab",) * 9, stripped="a. B c", text=b"a. B c",
                              lowered=(b"ab",) * 9, ends_like_sentence=False,
                              stop_word_share="x"),
        types.SimpleNamespace(words=("",) * 12, stripped="x: y", text="x. Y", lowered=([],) * 12,
                              ends_like_sentence=False, stop_word_share=0.5),
    ]
    for fake in fakes:
        if name == "own_features":
            args = (fake, False, MODEL.vocabulary, MODEL.vocabulary_edges)
        elif name == "context_features":
            args = ([fake, fake], [True, False])
        else:
            args = (fake,)
        reference = outcome(getattr(qf, "python_" + name), *args)
        twin = outcome(getattr(speedups, name), *args)
        if reference.startswith("raises "):  # TypeError where Python tripped up elsewhere
            assert twin in (reference, "raises TypeError"), (fake, twin, reference)
        else:  # what the function never reached is not checked by either
            assert twin == reference, (fake, twin, reference)
