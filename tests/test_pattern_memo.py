"""The memo of pattern verdicts (``LineMatcher.pattern_memo``): a text a pattern saw before is
not matched again, on the pure-Python path and in the compiled pass; results never depend on
the memo's state (a memo emptied every few entries gives what no memo gives); a timeout is
never remembered as a verdict.

The compiled-pass tests skip where the extension is not built, unless
CLEANER_REQUIRE_SPEEDUPS=1 (CI).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner import Cleaner, PatternTimeoutError
from cleaner._accel import speedups
from cleaner.document import Document, Line
from cleaner.rules import RunContext, base, default_rules
from cleaner.rules.base import LineMatcher
from cleaner.rules.pattern import PatternRule
from cleaner.rules.pattern_pass import PatternPass

REQUIRED = os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def the_pass(name: str) -> str:
    if name == "compiled" and speedups is None:
        if REQUIRED:
            pytest.fail("CLEANER_REQUIRE_SPEEDUPS=1 but cleaner._speedups is not built")
        pytest.skip("cleaner._speedups is not built")
    return name


@pytest.fixture(params=["python", "compiled"])
def pass_kind(request, monkeypatch):
    """Cleaners in the test run the pattern pass this way."""
    find = {"python": PatternPass.python_find,
            "compiled": PatternPass.compiled_find}[the_pass(request.param)]
    monkeypatch.setattr(PatternPass, "find", find)
    return request.param


class CountingPattern:
    """A compiled pattern that records the texts it is matched against."""

    def __init__(self, pattern) -> None:
        self.pattern = pattern
        self.texts: list[str] = []

    def fullmatch(self, text, timeout=None):
        self.texts.append(text)
        return self.pattern.fullmatch(text, timeout=timeout)


def counted_rule(rule_id="share", patterns=(r"share (?:this|on \w+)",), any_words=("share",),
                 max_words=6) -> tuple[PatternRule, CountingPattern]:
    matcher = LineMatcher(rule_id, "test", list(patterns), [], any_words=list(any_words))
    counting = matcher.pattern = CountingPattern(matcher.pattern)  # before the pass reads it
    rule = PatternRule(matcher=matcher, max_words=max_words, id=rule_id, category="x",
                       reason=rule_id, source="test")
    return rule, counting


PAGE = ("Share this\n\nThe council met on Tuesday to discuss the plan.\n\n→ Share this ✨\n"
        "Share the news with your friends\nShare this\n\nShare on Facebook\nShare this\n")


def test_a_repeated_line_is_matched_once(pass_kind):
    rule, counting = counted_rule()
    cleaner_ = Cleaner(rules=[rule])
    result = cleaner_.explain(PAGE)
    assert [r.line_number for r in result.removals] == [1, 5, 7, 9, 10]
    # "→ Share this ✨" is matched as its core, "Share this"; a line the pattern rejects is
    # remembered too
    assert counting.texts == ["Share this", "Share the news with your friends", "Share on Facebook"]
    assert set(rule.matcher.pattern_memo.items()) == {
        ("Share this", True), ("Share the news with your friends", False), ("Share on Facebook", True)}
    again = cleaner_.explain(PAGE + "Share on Twitter\n")  # another page of the same site
    assert [r.line_number for r in again.removals] == [1, 5, 7, 9, 10, 11]
    assert counting.texts[3:] == ["Share on Twitter"]


def test_matches_pattern_asks_the_memo_first():
    """The Python reference, which marker rules call directly as well."""
    rule, counting = counted_rule()
    matcher, context = rule.matcher, RunContext()
    lines = [Line("Share this"), Line("★ Share this"), Line("Share that"),
             Line("Share that")]
    assert [matcher.matches(line, context) for line in lines] == [True, True, False, False]
    assert [matcher.matches_pattern(line, context) for line in lines] == [True, True, False, False]
    assert counting.texts == ["Share this", "Share that"]


def test_a_full_memo_is_emptied(pass_kind, monkeypatch):
    monkeypatch.setattr(base, "PATTERN_MEMO_SIZE", 2)
    rule, counting = counted_rule()
    cleaner_ = Cleaner(rules=[rule])
    assert len(cleaner_.explain(PAGE).removals) == 5
    # the third text found the memo full and emptied it, so the first is matched again
    assert counting.texts == ["Share this", "Share the news with your friends", "Share on Facebook",
                              "Share this"]
    assert rule.matcher.pattern_memo == {"Share on Facebook": True, "Share this": True}
    assert [len(cleaner_.explain(text).removals) for text in ("Share this", PAGE.splitlines()[5])] == [1, 0]
    assert counting.texts[4:] == ["Share the news with your friends"]
    assert rule.matcher.pattern_memo == {"Share the news with your friends": False}


def unmemoised_matches_pattern(self, line, context):
    """LineMatcher.matches_pattern as it was before the memo."""
    try:
        return self.pattern.fullmatch(line.core, timeout=context.pattern_timeout) is not None
    except TimeoutError:
        self.pattern_timed_out(line, context)


def clean_all(cleaner_: Cleaner, pages: list[str]) -> list:
    results = []
    for text in pages:
        result = cleaner_.explain(text)
        results.append((result.text, result.kept_line_numbers,
                        [(r.line_number, r.rule_id, str(r.reason)) for r in result.removals]))
    return results


def test_results_never_depend_on_the_memo(pass_kind, monkeypatch):
    pages = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*/*.txt"))]
    assert len(pages) > 300
    with monkeypatch.context() as unmemoised:
        unmemoised.setattr(PatternPass, "find", PatternPass.python_find)
        unmemoised.setattr(LineMatcher, "matches_pattern", unmemoised_matches_pattern)
        expected = clean_all(Cleaner(), pages)
    assert sum(len(removals) for _, _, removals in expected) > 1000
    # one pack shared by two Cleaners shares its matchers and their memos, whatever the
    # Cleaners' time limits
    pack = default_rules()
    first, second = Cleaner(rules=pack), Cleaner(rules=pack, pattern_timeout=None)
    for size in (3, base.PATTERN_MEMO_SIZE):
        monkeypatch.setattr(base, "PATTERN_MEMO_SIZE", size)
        for matcher in (m for rule in pack for m in rule_matchers(rule)):
            matcher.pattern_memo.clear()
        assert clean_all(first, pages) == expected
        assert clean_all(second, pages) == expected  # through memos the first filled
        sizes = [len(m.pattern_memo) for rule in pack for m in rule_matchers(rule)]
        assert 0 < max(sizes) <= size


def rule_matchers(rule) -> list[LineMatcher]:
    """Every matcher of a rule whose pattern may be asked (markers' follow and heading
    matchers too)."""
    found = [rule.matcher] if isinstance(rule, PatternRule) else [
        m for m in (getattr(rule, "marker", None), getattr(rule, "follow_matcher", None),
                    getattr(rule, "heading_matcher", None)) if m is not None]
    return [m for m in found if m.pattern is not None]


def test_a_timeout_is_not_remembered(pass_kind):
    rule, counting = counted_rule("evil", patterns=["(?:(?:a|a)+)+b"], any_words=(), max_words=100)
    cleaner_ = Cleaner(rules=[rule], pattern_timeout=0.05)
    text = "fine\n" + "a" * 60 + "!\n"
    for _ in range(2):
        with pytest.raises(PatternTimeoutError, match="'evil'.*line 2"):
            cleaner_.clean(text)
    assert counting.texts == ["fine", "a" * 60 + "!", "a" * 60 + "!"]  # "fine" was remembered
    assert rule.matcher.pattern_memo == {"fine": False}


def test_the_compiled_pass_fills_the_matchers_memos():
    the_pass("compiled")
    rule, counting = counted_rule()
    pattern_pass = PatternPass([rule])
    assert pattern_pass.plan[0][-1] is rule.matcher.pattern_memo
    document = Document.from_lines(PAGE.splitlines())
    found = pattern_pass.compiled_find(document, {}, RunContext())
    assert [index for index, _ in found] == [0, 4, 6, 8, 9]
    assert counting.texts == ["Share this", "Share the news with your friends", "Share on Facebook"]
    # and the reference reads them: no call on another page of the same lines
    assert list(pattern_pass.python_find(Document.from_lines(PAGE.splitlines()), {}, RunContext())) == found
    assert len(counting.texts) == 3
