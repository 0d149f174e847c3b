"""The compiled twins of the line-quality rule's scoring (csrc/scoring.c) give exactly what
their pure-Python references in cleaner/rules/quality.py give: the same bools, and the same
doubles bit for bit (a last-bit difference in a score can flip a tie, and so a removal).

Skipped where the extension is not in use (not built, or CLEANER_PURE_PYTHON=1), unless
CLEANER_REQUIRE_SPEEDUPS=1 (CI sets it, so a broken build fails instead of passing as a skip).
"""
from __future__ import annotations

import os
from collections import Counter
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner._accel import speedups as _speedups

if _speedups is None:  # not built, or CLEANER_PURE_PYTHON=1: the twins are not wired in
    if os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0"):
        pytest.fail("CLEANER_REQUIRE_SPEEDUPS is set but cleaner._speedups is not in use",
                    pytrace=False)
    pytest.skip("cleaner._speedups is not in use", allow_module_level=True)

import cleaner
from cleaner import _accel, document
from cleaner.document import Document
from cleaner.normalize import normalize_lines
from cleaner.quality_features import context_features, is_running_text, own_features
from cleaner.quality_model import default_model
from cleaner.rules import quality

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TWINS = [  # (name in quality.py, Python reference, compiled twin)
    ("add_weights", quality.py_add_weights, _speedups.add_weights),
    ("segment", quality.py_segment, _speedups.segment),
    ("best_block", quality.py_best_block, _speedups.best_block),
]


def c_keep_article_edges(lines, keep):
    """The compiled keep_article_edges, given the Python judges as the rule gives them."""
    _speedups.keep_article_edges(lines, keep, quality.reads_as_sentence, quality.is_running_text,
                                 quality.is_title_of)


def edges_agree(lines, keep) -> list[bool]:
    """Both keep_article_edges on copies of ``keep``: they must change it the same way."""
    expected, got = list(keep), list(keep)
    quality.py_keep_article_edges(lines, expected)
    c_keep_article_edges(lines, got)
    assert got == expected
    return got


def bits(values: list[float]) -> list[str]:
    """Floats compared exactly: -0.0 differs from 0.0, NaN equals NaN, no tolerance."""
    assert all(type(v) is float for v in values)
    return [v.hex() for v in values]


# --- generated inputs -----------------------------------------------------------------------

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, 5e-324, float("inf"), float("-inf"),
           float("nan")]
# Small whole numbers make ties likely; huge ones overflow to inf; every float may appear.
scores_st = st.lists(st.one_of(st.sampled_from(SPECIAL), st.integers(-4, 4).map(float),
                               st.floats(allow_nan=True, allow_infinity=True)), max_size=40)
switch_st = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 50.0, 1e300, float("inf")]),
                      st.floats(0, 60), st.floats(allow_nan=False))


@settings(max_examples=800)
@given(scores_st, switch_st)
def test_segment_matches_the_reference(scores, switch_cost):
    assert _speedups.segment(scores, switch_cost) == quality.py_segment(scores, switch_cost)


@settings(max_examples=800)
@given(scores_st)
def test_best_block_matches_the_reference(scores):
    assert _speedups.best_block(scores) == quality.py_best_block(scores)


@st.composite
def weighted_rows(draw):
    """(rows, tables, starts): rows of bins (maybe shorter than the tables, maybe negative
    indexes, which Python allows), tables of weights, and one start per row."""
    weight = st.one_of(st.sampled_from(SPECIAL), st.integers(-3, 3).map(float),
                       st.floats(-10, 10), st.floats(allow_nan=True))
    tables = draw(st.lists(st.lists(weight, min_size=1, max_size=6), max_size=8))
    row = st.tuples(*[st.integers(-len(t), len(t) - 1) for t in tables]) if tables else st.just(())
    rows = draw(st.lists(row.flatmap(lambda r: st.integers(0, len(r)).map(lambda n: r[:n])),
                         max_size=20))
    starts = draw(st.lists(weight, min_size=len(rows), max_size=len(rows)))
    return rows, tables, starts


@settings(max_examples=400)
@given(weighted_rows())
def test_add_weights_matches_the_reference(case):
    rows, tables, starts = case
    assert bits(_speedups.add_weights(rows, tables, starts)) == bits(
        quality.py_add_weights(rows, tables, starts))


def test_edge_cases():
    for scores in ([], [0.0], [-1.0], [3.0], [0.0, 0.0], [-1.0, -1.0], [1.0, -2.0, 1.0]):
        for cost in (0.0, 1.0, 1e300):
            assert _speedups.segment(scores, cost) == quality.py_segment(scores, cost)
        assert _speedups.best_block(scores) == quality.py_best_block(scores)
    assert _speedups.segment(scores=[1.0, -0.5, 1.0], switch_cost=2.0) == [True, True, True]
    assert _speedups.best_block(scores=[-1.0, 2.0]) == [False, True]
    assert _speedups.add_weights([], [[1.0]], []) == []
    assert bits(_speedups.add_weights([(), (0,)], [], [0.25, -0.0])) == bits([0.25, -0.0])
    # not associative: (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3); the twin adds left to right
    assert _speedups.add_weights([(0, 0)], [[0.2], [0.3]], [0.1]) == [(0.1 + 0.2) + 0.3]


@pytest.mark.parametrize("name, call", [
    ("segment", lambda f: f(None, 1.0)),
    ("segment", lambda f: f(["x"], 1.0)),
    ("segment", lambda f: f([1.0, 2.0], "1")),
    ("best_block", lambda f: f([1.0, None])),
    ("best_block", lambda f: f(3)),
    ("add_weights", lambda f: f([(0.0,)], [[1.0]], [0.0])),   # a float bin
    ("add_weights", lambda f: f([(0,)], [["1"]], [0.0])),     # a str weight
    ("add_weights", lambda f: f([None], [[1.0]], [0.0])),     # a row that is no sequence
    ("add_weights", lambda f: f([(0,)], [[1.0]], ["0"])),     # a str start
])
def test_wrong_types_raise_type_error(name, call):
    twin = getattr(_speedups, name)
    with pytest.raises(TypeError):
        call(twin)
    with pytest.raises(TypeError):
        call(dict((n, ref) for n, ref, _ in TWINS)[name])


def test_bad_bins_and_lengths_raise_as_the_reference_does():
    for args, error in ((([(1,)], [[1.0]], [0.0]), IndexError),
                        (([(-2,)], [[1.0]], [0.0]), IndexError),
                        (([(0,)], [[1.0]], []), ValueError)):
        for function in (_speedups.add_weights, quality.py_add_weights):
            with pytest.raises(error):
                function(*args)
    with pytest.raises(TypeError):
        _speedups.segment([1.0])


def test_the_rule_uses_the_twins_when_the_extension_is_in_use():
    for name, reference, twin in TWINS:
        assert getattr(quality, name) is (twin if _accel.speedups is not None else reference)
    assert (quality.keep_article_edges is quality.py_keep_article_edges) == (_accel.speedups is None)


def test_the_constants_csrc_mirrors_are_unchanged():
    """csrc/scoring.c repeats these; change them there too (then here)."""
    assert (quality.ATTRIBUTION_MAX_WORDS, quality.ATTRIBUTED_MIN_WORDS, quality.TITLE_GAP_LINES,
            quality.TITLE_GAP_WORDS, quality.LIST_ITEM_MAX_WORDS, quality.LIST_MAX_ITEMS,
            quality.LEAD_IN_MIN_WORDS) == (8, 12, 4, 4, 12, 20, 2)


# Lines that each branch of keep_article_edges looks for: lead-ins and list items, sentences,
# attributions after paragraphs, titles sharing the article's words, long and short furniture.
EDGE_LINES = [
    "", "Menu", "Home | News | Sport", "Share", "Email", "X",
    "The results in full:", "Tags:", "Results:", "Harbour United 2 Seal Rock 1", "Gull Point",
    "Ferry pier rebuild approved by the council", "Council approves ferry pier rebuild",
    "“No comment,” she said.", "It will.", "The council voted on Tuesday to rebuild the ferry pier.",
    "The council voted on Tuesday to rebuild the old ferry pier before the summer season starts "
    "and the builders said the work would take four months.",
    "— Reuters", "(Reporting by Ana Ruiz; Editing by Tom Lee)", "Source: AFP", "(dpa)",
    "Read more about the pier and the council's plans for the harbour this year",
    "Sign up for our newsletter to get the latest news from the harbour every morning.",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "one two three four five six seven eight nine ten eleven twelve",
]
RUNNING = ("The council voted on Tuesday to rebuild the old ferry pier before the summer season "
           "starts and the builders said the work would take four months.")
PARAGRAPH_OF_12 = "one two three four five six seven eight nine ten eleven twelve"


@pytest.mark.parametrize("texts, keep, expected", [
    # a list joining two kept blocks of text: its lead-in, its items and the text above stay
    ([RUNNING, "The results in full:", "Harbour United 2", "Gull Point", RUNNING],
     [False, False, False, False, True], [True] * 5),
    # a list under kept text: the lead-in and the items stay
    ([RUNNING, "The results in full:", "Harbour United 2", "Gull Point", PARAGRAPH_OF_12 + " x"],
     [True, False, False, False, False], [True, True, True, True, False]),
    # a credit line after a 12-word paragraph (the least that may carry one)
    ([PARAGRAPH_OF_12, "— Reuters"], [True, False], [True, True]),
    ([PARAGRAPH_OF_12[:-7], "— Reuters"], [True, False], [True, False]),
    # sentences next to kept text, both ways; a title above it, across short furniture
    (["“No comment,” she said.", RUNNING, "It will."], [False, True, False], [True] * 3),
    (["Council approves ferry pier rebuild", "Share", "X", RUNNING],
     [False, False, False, True], [True, False, False, True]),
])
def test_keep_article_edges_on_each_branch(texts, keep, expected):
    assert edges_agree(Document.from_lines(texts).lines, keep) == expected


@settings(max_examples=600)
@given(st.lists(st.sampled_from(EDGE_LINES), max_size=30), st.data())
def test_keep_article_edges_matches_the_reference(texts, data):
    lines = Document.from_lines(texts).lines
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    edges_agree(lines, keep)


def test_keep_article_edges_raises_as_it_should():
    lines = Document.from_lines(["A title about the pier and the council", "Text."]).lines
    with pytest.raises(TypeError):
        c_keep_article_edges(lines, (False, True))           # keep must be a list it can change
    with pytest.raises(ValueError):
        c_keep_article_edges(lines, [False])
    with pytest.raises(AttributeError):                      # as the reference: no Line
        c_keep_article_edges(["Tags:", "a b"], [False, True])

    def fails(*args):
        raise RuntimeError("a judge failed")

    with pytest.raises(RuntimeError):
        _speedups.keep_article_edges(lines, [False, True], fails, fails, fails)


# --- the fixture pages ----------------------------------------------------------------------

def fixture_pages() -> list[Path]:
    return sorted(FIXTURES.glob("**/*.txt"))


@pytest.fixture(scope="module")
def fixture_lines():
    """The non-blank lines of each fixture page, as the rule sees them (with at least one)."""
    pages = []
    for path in fixture_pages():
        lines = Document.from_lines(normalize_lines(path.read_text(encoding="utf-8"))).lines
        lines = [line for line in lines if not line.is_blank]
        if lines:
            pages.append(lines)
    assert len(pages) > 100
    return pages


def test_twins_match_on_the_fixture_pages(fixture_lines):
    model = default_model()
    for lines in fixture_lines:
        own = [own_features(line, False, model.vocabulary, model.vocabulary_edges) for line in lines]
        starts = [model.bias] * len(own)
        base = _speedups.add_weights(own, model.own_weights, starts)
        assert bits(base) == bits(quality.py_add_weights(own, model.own_weights, starts))
        context = context_features(lines, [is_running_text(line) for line in lines])
        scores = _speedups.add_weights(context, model.context_weights, base)
        assert bits(scores) == bits(quality.py_add_weights(context, model.context_weights, base))
        for cost in (model.switch_cost, 0.0, 1.0, 1e9):
            assert _speedups.segment(scores, cost) == quality.py_segment(scores, cost)
            for shift in (-4.0, 4.0):  # pages all furniture, all content
                shifted = [s + shift for s in scores]
                assert _speedups.segment(shifted, cost) == quality.py_segment(shifted, cost)
        assert _speedups.best_block(scores) == quality.py_best_block(scores)
        negative = [s - 100.0 for s in scores]
        assert _speedups.best_block(negative) == quality.py_best_block(negative)
        count = len(lines)
        for keep in (quality.py_segment(scores, model.switch_cost), [False] * count,
                     [True] * count, [i % 3 == 0 for i in range(count)],
                     [i % 5 != 1 for i in range(count)]):
            edges_agree(lines, keep)


def test_cleaning_the_fixture_pages_is_identical_with_the_references(monkeypatch):
    """Every removal and its reason, with the twins and with the references (same process)."""
    texts = [path.read_text(encoding="utf-8") for path in fixture_pages()]
    monkeypatch.setattr(quality, "add_weights", _speedups.add_weights)
    monkeypatch.setattr(quality, "segment", _speedups.segment)
    monkeypatch.setattr(quality, "best_block", _speedups.best_block)
    monkeypatch.setattr(quality, "keep_article_edges", c_keep_article_edges)
    monkeypatch.setattr(quality, "page_features", _speedups.page_features)
    monkeypatch.setattr(quality, "score_alive", _speedups.score_alive)
    cleaning = cleaner.Cleaner()
    compiled = [cleaning.explain(text) for text in texts]
    for name, reference, _ in TWINS:
        monkeypatch.setattr(quality, name, reference)
    monkeypatch.setattr(quality, "keep_article_edges", quality.py_keep_article_edges)
    monkeypatch.setattr(quality, "page_features", quality.py_page_features)
    monkeypatch.setattr(quality, "score_alive", quality.py_score_alive)
    for text, twin in zip(texts, compiled):
        result = cleaning.explain(text)
        assert result.text == twin.text
        assert ([(r.line_number, r.rule_id, str(r.reason)) for r in result.removals]
                == [(r.line_number, r.rule_id, str(r.reason)) for r in twin.removals])


# --- the rule's bookkeeping: drop_unkept, and the headline rules' key counts ----------------

def drop_both(alive, keep, lines, own, bins, repeated, scores):
    """Both drop_unkept on the same input: the same survivors, the same verdicts."""
    verdicts = []
    for function in (quality.py_drop_unkept, _speedups.drop_unkept):
        verdict = {}
        kept = function(alive, keep, verdict, partial, tuple, lines, own, bins, repeated, scores)
        # a partial compares by its parts: tuple(...) is what the reason would be given
        verdicts.append((kept, {k: (why.func, why.args) for k, why in verdict.items()}))
    assert verdicts[0] == verdicts[1]
    return verdicts[0]


@settings(max_examples=400)
@given(st.data())
def test_drop_unkept_matches_the_reference(data):
    count = data.draw(st.integers(0, 12))
    alive = sorted(data.draw(st.sets(st.integers(0, count - 1), max_size=count))) if count else []
    keep = data.draw(st.lists(st.sampled_from([True, False, 0, 1, None, "x"]),
                              min_size=len(alive), max_size=len(alive) + 1))
    lines = [f"line {k}" for k in range(count)]
    own = [(k, k + 1) for k in range(count)]
    bins = [(p,) for p in range(len(alive))]
    repeated = [p % 2 == 0 for p in range(len(alive))]
    scores = [p - 0.5 for p in range(len(alive))]
    kept, verdict = drop_both(alive, keep, lines, own, bins, repeated, scores)
    assert kept == [k for k, flag in zip(alive, keep) if flag]
    assert sorted(verdict) == [k for k, flag in zip(alive, keep) if not flag]


def test_drop_unkept_builds_the_reasons_of_the_rule():
    kept, verdict = drop_both([0, 2, 3], [True, False, False], ["a", "b", "c", "d"],
                              ["o0", "o1", "o2", "o3"], ["b0", "b1", "b2"], [False, True, False],
                              [1.0, -2.0, 0.5])
    assert kept == [0]
    assert verdict == {2: (tuple, ("c", "o2", "b1", True, -2.0)),
                       3: (tuple, ("d", "o3", "b2", False, 0.5))}


def test_drop_unkept_without_reasons_stores_the_plain_reason():
    """What clean() asks for (partial None): the rule's reason for every dropped line."""
    for function in (quality.py_drop_unkept, _speedups.drop_unkept):
        verdict = {}
        kept = function([0, 2, 3], [True, False, 0], verdict, None, "furniture",
                        ["a", "b", "c", "d"], [], [], [], [])
        assert kept == [0] and verdict == {2: "furniture", 3: "furniture"}


def test_drop_unkept_raises_as_the_reference_does():
    def fails(*args):
        raise RuntimeError("no reason")

    class Truthless:
        def __bool__(self):
            raise ValueError("no truth")

    for function in (quality.py_drop_unkept, _speedups.drop_unkept):
        with pytest.raises(IndexError):        # an alive index past the lines
            function([5], [False], {}, partial, tuple, ["a"], ["o"], ["b"], [False], [0.0])
        with pytest.raises(IndexError):        # fewer scores than alive lines
            function([0], [False], {}, partial, tuple, ["a"], ["o"], ["b"], [False], [])
        with pytest.raises(RuntimeError):
            function([0], [False], {}, fails, tuple, ["a"], ["o"], ["b"], [False], [0.0])
        with pytest.raises(ValueError):
            function([0], [Truthless()], {}, partial, tuple, ["a"], ["o"], ["b"], [False], [0.0])
        with pytest.raises(TypeError):         # a verdict that takes no items
            function([0], [False], (), partial, tuple, ["a"], ["o"], ["b"], [False], [0.0])
        with pytest.raises(TypeError):
            function(None, [], {}, partial, tuple, [], [], [], [], [])


def removal_sets(count: int) -> list[list[int]]:
    """Sets of removed line indices: none, all, every other, the first half, the last third."""
    return [[], list(range(count)), list(range(0, count, 2)), list(range(count // 2)),
            list(range(count - count // 3, count))]


def test_the_key_index_matches_the_reference_on_the_fixture_pages():
    for path in fixture_pages():
        lines = Document.from_lines(normalize_lines(path.read_text(encoding="utf-8"))).lines
        expected = document.python_index_keys(lines)
        got = _speedups.index_keys(lines)
        assert list(got.items()) == list(expected.items()), path  # keys in the same order too


def test_the_key_index_of_any_keys_matches_the_reference():
    """Keys that are not plain str (a str subclass, numbers, a tuple; keys equal across types:
    1 and 1.0 and True) are indexed as the reference's dicts index them, in the same order;
    and thousands of keys on one page (the table of first lines grows many times)."""
    class Folded(str):
        pass

    class Keyed:
        def __init__(self, keys):
            self.content_keys = keys

    pages = [
        [Keyed(("a", Folded("a"))), Keyed(("a",)), Keyed((Folded("b"),)), Keyed(("b", "c"))],
        [Keyed((1, "x")), Keyed((1.0, True)), Keyed(((1, 2), "x")), Keyed(((1, 2),))],
        [Keyed(["dup", "dup"]), Keyed(iter(["dup", "new"])), Keyed(frozenset())],
        [Keyed(frozenset(f"k{n % 997}x{n % 5}" for n in range(i, i + 40))) for i in range(0, 4000, 7)],
    ]
    for lines in pages:
        expected = document.python_index_keys(lines)
        for line in lines:  # an iterator is spent: give the twin a fresh one
            if not isinstance(line.content_keys, (tuple, list, frozenset)):
                line.content_keys = iter(["dup", "new"])
        got = _speedups.index_keys(lines)
        assert list(got.items()) == list(expected.items())
        assert [type(key) for key in got] == [type(key) for key in expected]


def test_the_key_index_raises_as_the_reference_does():
    for function in (document.python_index_keys, _speedups.index_keys):
        with pytest.raises(AttributeError):
            function(["not a Line"])
    with pytest.raises(TypeError):  # the twin indexes a list only
        _speedups.index_keys(tuple(Document.from_lines(["Harbour ferry"]).lines))


def test_the_bookkeeping_twins_are_wired_in_when_the_extension_is_in_use():
    on = _accel.speedups is not None
    assert (quality.drop_unkept is _speedups.drop_unkept) == on
    assert (document.index_keys is _speedups.index_keys) == on


# --- the rule's batches: page_features (once per page) and score_alive (once per pass) -------

MODEL = default_model()
SIGN_INDEX = quality.OWN_INDEX["comment_sign"]
REPEATED_TABLE = MODEL.own_weights[quality.OWN_INDEX["repeated"]]


def same_objects(a: list, b: list) -> bool:
    """Equal, and of the same types item by item (True is not 1, a bool is not the str that
    ends_like_sentence might be): the twins must give what the references give."""
    return a == b and [type(x) for x in a] == [type(y) for y in b]


def page_features_agree(lines, in_play, known_c=None, known_py=None):
    """Both page_features on the same lines, each with its own memo (maybe prefilled): the same
    lists, and the same memo after."""
    known_c = {} if known_c is None else known_c
    known_py = {} if known_py is None else known_py
    got = _speedups.page_features(lines, in_play, known_c, MODEL.vocabulary,
                                  MODEL.vocabulary_edges, SIGN_INDEX)
    expected = quality.py_page_features(lines, in_play, known_py, MODEL.vocabulary,
                                        MODEL.vocabulary_edges, SIGN_INDEX)
    assert type(got) is tuple and len(got) == 6
    assert [x is y for x, y in zip(got[0], expected[0])] == [True] * len(expected[0])
    for mine, theirs in zip(got[1:], expected[1:]):
        assert same_objects(mine, theirs)
    assert known_c == known_py
    return expected


def score_alive_agree(alive, features, base, repeated_table=REPEATED_TABLE,
                      tables=MODEL.context_weights):
    play_lines, _, running, kinds, signs, twice = features
    args = (alive, play_lines, base, running, kinds, signs, twice, repeated_table, tables)
    got, expected = _speedups.score_alive(*args), quality.py_score_alive(*args)
    assert type(got) is tuple and len(got) == 4
    assert [x is y for x, y in zip(got[0], expected[0])] == [True] * len(expected[0])
    assert len(got[0]) == len(expected[0])
    assert bits(got[1]) == bits(expected[1])
    assert got[2] == expected[2]
    assert same_objects(got[3], expected[3])
    return expected


def test_page_batches_match_the_references_on_the_fixture_pages():
    for path in fixture_pages():
        text = path.read_text(encoding="utf-8")
        lines = Document.from_lines(normalize_lines(text)).lines
        for removed in removal_sets(len(lines)):
            in_play = [i for i, line in enumerate(lines)
                       if i not in set(removed) and not line.is_blank]
            # a memo filled by a first look at half of the lines, as after an earlier run
            known_c, known_py = {}, {}
            page_features_agree(lines, in_play[::2], known_c, known_py)
            features = page_features_agree(lines, in_play, known_c, known_py)
            own = features[1]
            starts = [MODEL.bias] * len(own)
            base = quality.py_add_weights(own, MODEL.own_weights, starts)
            count = len(in_play)
            for alive in (list(range(count)), list(range(0, count, 2)),
                          [k for k in range(count) if k % 7 not in (1, 2)], [0][:count]):
                score_alive_agree(alive, features, base)


def test_page_features_reads_the_memo_it_is_given_by_line_text():
    lines = Document.from_lines(["Home | News", "Home | News", "A line of text.", "New line", ""]).lines
    own = ((0,) * SIGN_INDEX + (2,), (1,) * SIGN_INDEX + (0,))
    # whatever the memo says for a text is read, for every line with that text
    known = {"Home | News": (own[0], "yes", 7), "A line of text.": (own[1], False, 3)}
    known_c, known_py = dict(known), dict(known)
    features = page_features_agree(lines, [0, 1, 2, 3], known_c, known_py)
    assert features[1][0] is own[0] and features[1][1] is own[0] and features[1][2] is own[1]
    assert features[2][:3] == ["yes", "yes", False] and features[3][:3] == [7, 7, 3]
    assert features[4][:3] == [True, True, False]
    assert features[5] == [True, True, False, False]
    assert set(known_c) == set(known) | {"New line"}  # what was not known is added, by text


@st.composite
def alive_pages(draw):
    """A page in play and the alive lines of a pass, with every list the pass reads drawn
    freely (running and signs anywhere, repeated texts, any scores)."""
    texts = draw(st.lists(st.sampled_from(EDGE_LINES[1:]), min_size=1, max_size=25))
    lines = Document.from_lines(texts).lines
    count = len(lines)
    weight = st.one_of(st.sampled_from(SPECIAL), st.integers(-3, 3).map(float),
                       st.floats(allow_nan=True))
    flags = st.lists(st.booleans(), min_size=count, max_size=count)
    running, signs = draw(flags), draw(flags)
    kinds = draw(st.lists(st.integers(0, 3), min_size=count, max_size=count))
    base = draw(st.lists(weight, min_size=count, max_size=count))
    counts = Counter(line.stripped for line in lines)
    twice = [counts[line.stripped] > 1 for line in lines]
    alive = sorted(draw(st.sets(st.integers(0, count - 1))))
    tables = [draw(st.lists(weight, min_size=size, max_size=size))
              for _, size in quality.CONTEXT_FEATURES]
    repeated_table = draw(st.lists(weight, min_size=2, max_size=2))
    return alive, (lines, None, running, kinds, signs, twice), base, repeated_table, tables


@settings(max_examples=500)
@given(alive_pages())
def test_score_alive_matches_the_reference(case):
    alive, features, base, repeated_table, tables = case
    score_alive_agree(alive, features, base, repeated_table, tables)


def test_score_alive_adds_in_the_reference_order():
    lines = Document.from_lines(["Menu", "Menu"]).lines
    features = (lines, None, [False, False], [3, 3], [False, False], [True, True])
    tables = [[0.0] * size for _, size in quality.CONTEXT_FEATURES]
    tables[0] = [0.3] * 10
    _, scores, _, repeated = score_alive_agree([0, 1], features, [0.1, 0.1], [9.0, 0.2], tables)
    assert repeated == [True, True]
    assert scores == [(0.1 + 0.2) + 0.3] * 2  # not 0.1 + (0.2 + 0.3)


def test_the_batches_raise_as_the_references_do():
    lines = Document.from_lines(["Home | News", "A line of text."]).lines
    features = ([lines[0], lines[1]], None, [False, False], [3, 3], [False, False], [False] * 2)
    base = [0.0, 0.0]
    tables = MODEL.context_weights
    for page, score in ((_speedups.page_features, _speedups.score_alive),
                        (quality.py_page_features, quality.py_score_alive)):
        vocabulary, edges = MODEL.vocabulary, MODEL.vocabulary_edges
        with pytest.raises(IndexError):
            page(lines, [0, 5], {}, vocabulary, edges, SIGN_INDEX)
        with pytest.raises(AttributeError):
            page(["not a Line"], [0], {}, vocabulary, edges, SIGN_INDEX)
        with pytest.raises(TypeError):
            page(lines, None, {}, vocabulary, edges, SIGN_INDEX)
        with pytest.raises(IndexError):
            page(lines, [0], {}, vocabulary, edges, 99)
        with pytest.raises(IndexError):  # an alive index past the lines
            score([0, 2], *features[:1], base, *features[2:], REPEATED_TABLE, tables)
        with pytest.raises(IndexError):  # fewer scores than lines
            score([0, 1], *features[:1], base[:1], *features[2:], REPEATED_TABLE, tables)
        with pytest.raises(TypeError):   # a str weight
            score([0, 1], *features[:1], base, *features[2:], REPEATED_TABLE,
                  [["x"] * 10] + tables[1:])
        with pytest.raises(TypeError):
            score([0, 1], *features[:1], ["0", "0"], *features[2:], REPEATED_TABLE, tables)
        with pytest.raises(AttributeError):  # running text needs its words
            score([0], ["not a Line"], [0.0], [True], [1], [False], [False], REPEATED_TABLE,
                  tables)
    with pytest.raises(TypeError):  # the twin's memo is a dict (the document's)
        _speedups.page_features(lines, [0], [], MODEL.vocabulary, MODEL.vocabulary_edges,
                                SIGN_INDEX)


def test_the_batch_twins_are_wired_in_when_the_extension_is_in_use():
    on = _accel.speedups is not None
    assert (quality.page_features is _speedups.page_features) == on
    assert (quality.score_alive is _speedups.score_alive) == on
