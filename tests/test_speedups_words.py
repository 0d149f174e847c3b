"""The compiled twins of the line model's word functions (csrc/words.c) give exactly what the
pure-Python references in cleaner/document.py give: on every line of every fixture, on
generated text and on edge cases (apostrophes, underscores, digits of other scripts,
possessives, plurals, letters whose lower case is longer).

Skipped where the extension is not built, unless CLEANER_REQUIRE_SPEEDUPS=1 (CI): then a
missing or stale build fails here instead of passing silently in pure Python.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import document
from cleaner._accel import speedups
from cleaner.normalize import normalize_lines
from cleaner.words import STOP_WORDS

REQUIRED = os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0")
if not REQUIRED and not (speedups is not None and hasattr(speedups, "split_words")):
    pytest.skip("cleaner._speedups (with the word twins) is not built", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EDGES = [
    "", " ", "don't", "Ukraine’s", "Ukraine’s’", "bus'", "a''b", "a’’b", "'abc'", "x_y __init__",
    "é²٣ ½ Ⅻ", "İstanbul's İ", "ΟΔΟΣ Σ", "ǅemal ǅ", "STORIES stories ies glass its bus’ mess",
    "Carries Ladies ties", "the a an it’s", "ＡＢＣ full width", "emoji 🙂 word🙂word", "tab\tsep",
]


def fixture_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        lines.extend(normalize_lines(path.read_text(encoding="utf-8")))
    return lines


def check(text: str) -> None:
    words, lowered = speedups.split_words(text)
    assert (words, lowered) == document.python_split_words(text), text
    assert speedups.content_keys(lowered, STOP_WORDS) == document.python_content_keys(lowered), text


def test_the_line_model_uses_the_twins():
    assert document.split_words is speedups.split_words
    line = document.Line("Ukraine’s stories")
    assert line.content_keys == frozenset({"ukraine", "story"})


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases(text):
    check(text)


def test_every_fixture_line():
    lines = fixture_lines()
    assert len(lines) > 4000
    for text in lines:
        check(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("aBz09_'’- .,İǅΣσßé²٣🙂\t") + ["ies", "s's", "ss", "The"]),
                max_size=40))
def test_generated_text(pieces):
    check("".join(pieces))


def test_wrong_types_raise_instead_of_crashing():
    with pytest.raises(TypeError):
        speedups.split_words(b"bytes")
    with pytest.raises(TypeError):
        speedups.content_keys(["list"], STOP_WORDS)
    with pytest.raises(TypeError):
        speedups.content_keys((1,), STOP_WORDS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abiesy'’İσ")), max_size=8)
                .map(str.lower), max_size=6))
def test_content_keys_of_any_lowered_words(words):
    # Words straight from split_words never end in an apostrophe; other callers' words may.
    lowered = tuple(words)
    assert speedups.content_keys(lowered, STOP_WORDS) == document.python_content_keys(lowered)


# --- the document's line indexes (csrc/lines.c) -------------------------------------------

def fixture_documents() -> list[document.Document]:
    return [document.Document.from_lines(normalize_lines(path.read_text(encoding="utf-8")))
            for path in sorted(FIXTURES.glob("*/*.txt"))]


def test_the_document_uses_the_index_twins():
    assert document.index_words is speedups.index_words
    assert document.index_first_words is speedups.index_first_words
    assert document.lines_up_to is speedups.lines_up_to


def test_line_indexes_on_every_fixture_page():
    vocabulary = frozenset({"the", "comments", "share", "more", "a", "read", "", "2024"})
    documents = fixture_documents()
    assert len(documents) > 100
    for doc in documents:
        lines = doc.lines
        present = vocabulary & doc.words_used()
        assert speedups.index_words(lines, present) == document.python_index_words(lines, present)
        assert speedups.index_first_words(lines) == document.python_index_first_words(lines)
        for limit in (0, 1, 3, 12, 80):
            assert speedups.lines_up_to(lines, limit) == document.python_lines_up_to(lines, limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "  ", "The the THE", "a b c d", "Read more", "read, read",
                                 "— ★ —", "Share this", "more", "x " * 20]), max_size=12),
       st.frozensets(st.sampled_from(["the", "a", "read", "more", "share", "x", "zz"])))
def test_line_indexes_on_generated_pages(texts, present):
    lines = document.Document.from_lines(texts).lines
    assert speedups.index_words(lines, present) == document.python_index_words(lines, present)
    assert speedups.index_first_words(lines) == document.python_index_first_words(lines)
    for limit in (0, 2, 5):
        assert speedups.lines_up_to(lines, limit) == document.python_lines_up_to(lines, limit)


def test_index_twins_reject_wrong_types():
    with pytest.raises(TypeError):
        speedups.index_words(("not", "a list"), frozenset())
    with pytest.raises(AttributeError):  # as the Python reference fails on a non-line
        speedups.index_words([object()], frozenset({"a"}))
    with pytest.raises(TypeError):
        speedups.lines_up_to([], "3")
    with pytest.raises(TypeError):
        speedups.index_first_words(None)


# --- headline shape (csrc/lines.c) ----------------------------------------------------------

from cleaner.rules import headline  # noqa: E402 - grouped with its tests


def test_the_headline_rule_uses_the_twins():
    assert headline.headline_fits is speedups.headline_fits
    assert headline.headline_runs is speedups.headline_runs


def test_headline_shape_and_runs_on_every_fixture_page():
    for doc in fixture_documents():
        lines = doc.lines
        for low, high in ((2, 25), (1, 3), (4, 12)):
            shaped = [speedups.headline_fits(line, low, high) for line in lines]
            assert shaped == [headline.python_headline_fits(line, low, high) for line in lines]
        removed = {index for index in range(0, len(lines), 7)}
        for removed_lines in (set(), removed, dict.fromkeys(removed, None)):
            for min_lines in (2, 3):
                assert (speedups.headline_runs(lines, removed_lines, 2, 25, min_lines)
                        == headline.python_headline_runs(lines, removed_lines, 2, 25, min_lines))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([
    "", "Storm closes schools", "Storm closes schools.", "storm closes schools", "2024 in review",
    "Why it matters:", "He said “no.”", "A title ending in dots..", "One, two,", "— Reuters",
    "(Reporting by Jane Doe)", "Ǆungla is titlecase", "İstanbul votes", "¿Qué pasa?", "«Le titre»",
    "Ends with a quote,”", "]", "X", "Two Words", "— ★ —"]), max_size=15),
    st.sets(st.integers(0, 14)))
def test_headline_twins_on_generated_pages(texts, removed):
    lines = document.Document.from_lines(texts).lines
    for line in lines:
        if line.words:
            assert speedups.headline_fits(line, 1, 6) == headline.python_headline_fits(line, 1, 6)
    assert (speedups.headline_runs(lines, removed, 1, 6, 2)
            == headline.python_headline_runs(lines, removed, 1, 6, 2))


def test_headline_twins_fail_like_the_references():
    wordless = document.Line("— ★ —")
    with pytest.raises(IndexError):
        headline.python_headline_fits(wordless, 0, 5)
    with pytest.raises(IndexError):
        speedups.headline_fits(wordless, 0, 5)
    with pytest.raises(TypeError):
        speedups.headline_runs((), set(), 2, 25, 3)
    with pytest.raises(TypeError):
        speedups.headline_fits(wordless, "2", 5)


# --- signs that a text needs repair (csrc/text.c) ---------------------------------------------

from cleaner import normalize  # noqa: E402 - grouped with its tests

REPAIR_ALPHABET = list("aZ \t\n\r\x00\x08\x0b\x0c\x1b\x7f") + [
    "\u0080", "\u0085", "\u009f", "\u00a0", "\u00ad", "\u00bf", "\u00c1", "\u00c2", "\u00c3", "\u00e9",
    "\u00f4", "\u00f5", "\u0160", "\u2019", "\u201c", "\u20ac", "\u2122", "\u1680", "\u2000", "\u200a",
    "\u200b", "\u200c", "\u2028", "\u2029", "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff", "\ufffd",
    "\ud800", "\udfff", "🙂"]


def test_normalisation_uses_the_twins():
    assert normalize._needs_ftfy is speedups.needs_ftfy
    assert normalize._needs_translation is speedups.needs_translation


def test_repair_signs_on_every_fixture_file():
    for path in sorted(FIXTURES.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        assert speedups.needs_ftfy(text) == normalize.python_needs_ftfy(text), path
        assert speedups.needs_translation(text) == normalize.python_needs_translation(text), path


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(REPAIR_ALPHABET), max_size=6))
def test_repair_signs_on_generated_text(pieces):
    text = "".join(pieces)
    assert speedups.needs_ftfy(text) == normalize.python_needs_ftfy(text)
    assert speedups.needs_translation(text) == normalize.python_needs_translation(text)


def test_repair_signs_of_every_character():
    for code in range(0x3100):  # every character the tables name lies below U+3100 but U+FEFF/U+FFFD
        character = chr(code)
        for text in (character, "\u00c3" + character, "x" + character):
            assert speedups.needs_ftfy(text) == normalize.python_needs_ftfy(text), hex(code)
            assert speedups.needs_translation(text) == normalize.python_needs_translation(text), hex(code)


# --- the pattern rules' pass (csrc/lines.c: pattern_pass) -----------------------------------

from cleaner import PatternTimeoutError  # noqa: E402 - grouped with its tests
from cleaner.rules import RuleSet, RunContext, default_rules  # noqa: E402
from cleaner.rules.base import PATTERN_MEMO_SIZE, LineMatcher  # noqa: E402
from cleaner.rules.pattern import PatternRule  # noqa: E402
from cleaner.rules.pattern_pass import PatternPass  # noqa: E402


def pattern_rule(rule_id, patterns=(), phrases=(), any_words=(), needs_digit=False,
                 case_sensitive=False, max_words=6):
    matcher = LineMatcher(rule_id, "test", list(patterns), list(phrases), case_sensitive,
                          list(any_words), needs_digit)
    return PatternRule(matcher=matcher, max_words=max_words, id=rule_id, category="x",
                       reason=rule_id, source="test")


# Rules aimed at each branch: phrases with and without words (and a line of only symbols),
# a word gate, a symbol gate, a digit with and without a word gate, a case-sensitive pattern,
# overlapping rules (the first in order wins), a tight max_words.
TEST_RULES = [
    pattern_rule("phrases", phrases=["Read more", "Share this", "***", "The the"], max_words=3),
    pattern_rule("gated", patterns=[r"read\s+(?:more|on)", r"share\b.*"], any_words=["read", "share"]),
    pattern_rule("symbol", patterns=[r".*(?:©|★).*"], any_words=["©", "★", "more"], max_words=4),
    # the patterns match lines without digits: only the gate's digit test keeps them out
    pattern_rule("digits", patterns=[r"[^,]*"], needs_digit=True, max_words=2),
    pattern_rule("digit-gate", patterns=[r".+"], any_words=["share"], needs_digit=True),
    pattern_rule("case", patterns=["THE THE THE"], phrases=["a b c d"], case_sensitive=True,
                 any_words=["the"]),
    pattern_rule("anything", patterns=[r"[^,]+"], max_words=1),
]
TEXTS = ["", "  ", "The the THE", "THE THE THE", "a b c d", "Read more", "read, read", "Read on",
         "— ★ —", "***", "Share this", "share 3 times", "more ©", "© 2024", "x " * 20, "٣ items",
         "12", "Comments (4)", "Share", "★ Read more ★", "the the", "One, two"]


def same_pass(rules, texts, removed, context):
    """The twin's removals, and which lines' folded keys it computed, are the reference's,
    from empty memos of pattern verdicts (so the twin calls the patterns itself) and from the
    memos it filled."""
    reference_doc = document.Document.from_lines(texts)
    twin_doc = document.Document.from_lines(texts)
    pattern_pass = PatternPass(rules)
    clear_memos(rules)
    expected = list(pattern_pass.python_find(reference_doc, removed, context))
    clear_memos(rules)
    assert pattern_pass.compiled_find(twin_doc, removed, context) == expected
    assert ([("key" in line.__dict__) for line in twin_doc.lines]
            == [("key" in line.__dict__) for line in reference_doc.lines])
    assert pattern_pass.compiled_find(document.Document.from_lines(texts), removed, context) == expected
    return expected


def clear_memos(rules):
    for rule in rules:
        rule.matcher.pattern_memo.clear()


def test_the_pattern_pass_uses_the_twin():
    assert PatternPass.find is PatternPass.compiled_find


def test_marker_lines_on_every_fixture_page():
    """A marker rule's marker lines come from a one-rule pattern pass over its markers: the
    compiled walk finds what the rule's own candidate look-up and matching find."""
    from cleaner.rules.marker import MarkerRule

    markers = [rule for rule in default_rules() if isinstance(rule, MarkerRule)]
    context = RunContext(gate_vocabulary=RuleSet([default_rules()]).gate_vocabulary)
    found = 0
    for path in sorted(FIXTURES.glob("*/*.txt")):
        texts = normalize_lines(path.read_text(encoding="utf-8"))
        for rule in markers:
            doc = document.Document.from_lines(texts)
            expected = [index for index in rule.marker.candidate_lines(doc, rule.max_words, context)
                        if rule.marker.matches(doc.lines[index], context)]
            assert rule._marker_lines(document.Document.from_lines(texts), context) == expected
            found += len(expected)
    assert found > 200


def test_pattern_pass_on_every_fixture_page():
    rules = [rule for rule in default_rules() if isinstance(rule, PatternRule)]
    contexts = (RunContext(), RunContext(gate_vocabulary=RuleSet([default_rules()]).gate_vocabulary),
                RunContext(gate_vocabulary=frozenset({"share"})))
    found = 0
    for path in sorted(FIXTURES.glob("*/*.txt")):
        texts = normalize_lines(path.read_text(encoding="utf-8"))
        every_third = {index: None for index in range(0, len(texts), 3)}
        for context in contexts:
            found += len(same_pass(rules, texts, {}, context))
        same_pass(rules, texts, every_third, contexts[1])
        same_pass(rules[::-1], texts, set(range(1, len(texts), 4)), contexts[1])
    assert found > 300


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TEXTS), max_size=14), st.sets(st.integers(0, 13)),
       st.permutations(range(len(TEST_RULES))))
def test_pattern_pass_on_generated_pages(texts, removed, order):
    rules = [TEST_RULES[i] for i in order]
    for context in (RunContext(), RunContext(gate_vocabulary=frozenset({"read", "the", "x"}))):
        same_pass(rules, texts, removed, context)


def test_pattern_pass_keeps_the_time_limit():
    evil = pattern_rule("evil", patterns=["(?:(?:a|a)+)+b"], max_words=100)
    doc = document.Document.from_lines(["fine", "a" * 60 + "!"])
    # the pass names the line by its text (a Line stands for every line with it); the engine
    # adds its number (tests/test_rules.py)
    with pytest.raises(PatternTimeoutError, match="'evil'.*the line 'aaaa") as raised:
        PatternPass([evil]).compiled_find(doc, {}, RunContext(pattern_timeout=0.05))
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert raised.value.rule_id == "evil" and raised.value.line_text == "a" * 60 + "!"


def test_pattern_pass_twin_rejects_wrong_types():
    pattern_pass = PatternPass(TEST_RULES)
    lines = document.Document.from_lines(["Read more", "12"]).lines
    args = (lines, {}, pattern_pass.plan, pattern_pass.phrase_first_words, {}, RunContext(), None,
            PATTERN_MEMO_SIZE)
    assert speedups.pattern_pass(*args) == [(0, TEST_RULES[0]), (1, TEST_RULES[3])]
    no_memo = tuple(plan[:11] + (None,) for plan in pattern_pass.plan)
    for position, wrong in ((0, tuple(lines)), (2, list(pattern_pass.plan)), (2, ((1, 2),)),
                            (2, no_memo), (3, ["read"]), (4, {"read": (0,)}), (4, {"read": ["0"]}),
                            (7, "16")):
        with pytest.raises(TypeError):
            speedups.pattern_pass(*args[:position], wrong, *args[position + 1:])
    with pytest.raises(ValueError):
        speedups.pattern_pass(*args[:4], {"read": [5]}, *args[5:])
    with pytest.raises(TypeError):
        speedups.pattern_pass(*args[:7])
    with pytest.raises(AttributeError):  # as the reference fails on a non-line
        speedups.pattern_pass([object()], *args[1:])


# --- the marker and headline-list rules' page bookkeeping (csrc/lines.c) ------------------------

from types import MappingProxyType  # noqa: E402 - grouped with its tests

from cleaner.rules import marker  # noqa: E402 - grouped with its tests


class _Rule:
    def __init__(self, rule_id):
        self.id = rule_id


def test_the_marker_and_headline_rules_use_the_twins():
    assert headline.body_keys_among is speedups.body_keys_among
    rules = (_Rule("cookie"), _Rule("other"))
    removed = {3: (rules[0], "r"), 1: (rules[1], "r"), 0: (rules[0], "r")}
    assert marker.removed_by(removed, frozenset({"cookie"})) == [3, 0]
    assert marker.removed_by(removed, frozenset()) == []
    # another mapping than the engine's dict goes to the reference
    assert marker.removed_by(MappingProxyType(removed), frozenset({"other"})) == [1]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["a", "b", "c", "a"])), max_size=25),
       st.sets(st.sampled_from(["a", "b", "x"])))
def test_removed_by_on_generated_removals(entries, wanted):
    rules = {name: _Rule(name) for name in "abc"}  # one object per id: runs of the same rule
    removed = {index: (rules[name], "why") for index, name in entries}
    # and a rule object per entry: no run shares its object
    scattered = {index: (_Rule(name), "why") for index, name in entries}
    for table in (removed, scattered):
        assert (speedups.removed_by(table, frozenset(wanted))
                == marker.python_removed_by(table, frozenset(wanted)))


def test_removed_by_fails_like_the_reference():
    rule = _Rule("a")
    assert speedups.removed_by({0: [rule, "why"], 1: iter((rule, 2))}, frozenset({"a"})) == [0, 1]
    for table, error in (({0: (rule,)}, ValueError), ({0: [rule, 1, 2]}, ValueError),
                         ({0: rule}, TypeError), ({1: (rule, 1), 0: [rule]}, ValueError),
                         ({0: (object(), "why")}, AttributeError), ({0: ([], "w")}, AttributeError),
                         ({0: (_Rule(["unhashable"]), "why")}, TypeError)):
        with pytest.raises(error):
            marker.python_removed_by(table, frozenset({"a"}))
        with pytest.raises(error):
            speedups.removed_by(table, frozenset({"a"}))
    with pytest.raises(TypeError):
        speedups.removed_by([(0, (rule, "why"))], frozenset({"a"}))
    with pytest.raises(TypeError):
        speedups.removed_by({0: (rule, "why")}, ["a"])


def body_keys_of_the_old_way(lines, removed, in_runs):
    """What subject_overlap used to be given: every content key of the body's lines."""
    body = [line for index, line in enumerate(lines) if index not in removed and index not in in_runs]
    return frozenset().union(*(line.content_keys for line in body))


def check_body_keys(lines, in_runs, removed):
    by_key = document.index_keys(lines)
    got = speedups.body_keys_among(lines, in_runs, by_key, removed)
    assert got == headline.python_body_keys_among(lines, in_runs, by_key, removed)
    # the keys of the run lines that the body holds: the body's keys as far as they matter
    run_keys = set().union(*(lines[index].content_keys for index in in_runs))
    assert got == run_keys & body_keys_of_the_old_way(lines, removed, in_runs)
    for index in in_runs:
        assert (headline.subject_overlap(lines[index], got)
                == headline.subject_overlap(lines[index], body_keys_of_the_old_way(lines, removed, in_runs)))
    assert type(got) is set
    return got


def test_body_keys_on_every_fixture_page():
    found = 0
    for doc in fixture_documents():
        lines = doc.lines
        every_fifth = set(range(0, len(lines), 5))
        runs = set(range(1, len(lines), 3))
        for removed in (set(), every_fifth, dict.fromkeys(every_fifth)):
            for in_runs in (set(), runs, every_fifth - {0}):
                found += len(check_body_keys(lines, in_runs, removed))
    assert found > 1000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "  ", "Storm closes schools", "the a an", "Ukraine’s ports",
                                 "ukraine port reopens", "— ★ —", "x " * 12, "Schools storm"]),
                max_size=12),
       st.sets(st.integers(-1, 13)), st.sets(st.integers(0, 11)))
def test_body_keys_on_generated_pages(texts, removed, in_runs):
    lines = document.Document.from_lines(texts).lines
    check_body_keys(lines, {index for index in in_runs if index < len(lines)}, removed)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Storm closes schools", "the a an", "Ukraine’s ports", "x " * 12]),
                max_size=12),
       st.sets(st.integers(0, 13)), st.sets(st.integers(0, 13)), st.integers(0, 40))
def test_body_word_count_stops_where_the_rule_stops_asking(texts, removed, in_runs, words):
    lines = document.Document.from_lines(texts).lines
    body = sum(len(line.words) for index, line in enumerate(lines)
               if index not in removed and index not in in_runs)
    assert headline.body_reaches(lines, removed, in_runs, words) == (body >= words)


def test_body_keys_fail_like_the_reference():
    lines = document.Document.from_lines(["Storm closes schools", "Storm again"]).lines
    by_key = document.index_keys(lines)
    for args, error in (((lines, {5}, by_key, set()), IndexError),
                        (([object()], {0}, by_key, set()), AttributeError),
                        ((lines, {0}, by_key, None), TypeError),
                        ((lines, None, by_key, set()), TypeError)):
        with pytest.raises(error):
            headline.python_body_keys_among(*args)
        with pytest.raises(error):
            speedups.body_keys_among(*args)
    with pytest.raises(TypeError):
        speedups.body_keys_among(tuple(lines), {0}, by_key, set())
    with pytest.raises(TypeError):
        speedups.body_keys_among(lines, {0}, list(by_key.items()), set())
