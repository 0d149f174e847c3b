"""All pattern rules of a rule set in one pass over the lines that concern them.

Each rule names the lines it may match (``LineMatcher.candidate_lines``: found through the
document's index of lines by word, so a rule costs in proportion to those lines, not to the
page); each such line is then tried against its rules in rule order, and the first rule that
matches explains the removal, exactly as if the rules had run one after another.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from operator import attrgetter

from .._accel import speedups
from ..document import Document
from . import base
from .base import LineMatcher, Rule, RunContext
from .pattern import PatternRule


class PatternPass:
    """``rules`` are pattern rules, or any rules with a ``max_words`` whose lines to match
    ``matcher_of(rule)`` names (a marker rule's markers: its marker lines are one such pass)."""

    def __init__(self, rules: Sequence[PatternRule | Rule],
                 matcher_of: Callable[[Rule], LineMatcher] = attrgetter("matcher")) -> None:
        self.rules = tuple(rules)
        self.matchers = matchers = tuple(matcher_of(rule) for rule in self.rules)
        # For the compiled pass: every rule's gate words (one index of the page's lines by them
        # tells each rule's gate), the first words of every rule's phrases (one look-up per
        # line), and each rule's matcher as plain values, its memo of pattern verdicts being the
        # matcher's own dict, which C reads and fills (see csrc/lines.c: pattern_pass).
        self.index_words = frozenset().union(*(m.index_words for m in matchers))
        self.phrase_first_words = frozenset().union(*(m.phrase_first_words for m in matchers
                                                      if m.phrases))
        self.plan = tuple(
            (rule, rule.max_words, m.phrases or None, m.phrase_first_words, m.max_phrase_words,
             None if m.pattern is None else m.pattern.fullmatch, bool(m.any_words), m.gate_words,
             m.gate_symbols, m.needs_digit, m.pattern_timed_out, m.pattern_memo)
            for rule, m in zip(self.rules, matchers))

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterable[tuple[int, PatternRule]]:
        wanted_by: dict[int, list[tuple[Rule, LineMatcher]]] = {}  # line → rules that may match it, in order
        for rule, matcher in zip(self.rules, self.matchers):
            for index in matcher.candidate_lines(document, rule.max_words, context):
                wanted_by.setdefault(index, []).append((rule, matcher))
        lines = document.lines
        for index in sorted(wanted_by):
            if index in removed:
                continue
            for rule, matcher in wanted_by[index]:
                if matcher.matches(lines[index], context):
                    yield index, rule
                    break

    python_find = find  # the reference of the compiled twin

    def compiled_find(self, document: Document, removed: Collection[int],
                      context: RunContext) -> list[tuple[int, PatternRule]]:
        """``python_find`` in one C walk over the lines (same removals, same calls of line.key
        and of the patterns, in the same order, through the same memos of pattern verdicts;
        csrc/lines.c explains why)."""
        vocabulary = (context.gate_vocabulary if self.index_words <= context.gate_vocabulary
                      else self.index_words)
        by_word = document.lines_with_words(vocabulary) if self.index_words else {}
        return speedups.pattern_pass(document.lines, removed, self.plan, self.phrase_first_words,
                                     by_word, context, context.pattern_timeout,
                                     base.PATTERN_MEMO_SIZE)


if speedups is not None:
    PatternPass.find = PatternPass.compiled_find
