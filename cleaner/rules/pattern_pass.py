"""All pattern rules of a rule set in one pass over the lines that concern them.

Each rule names the lines it may match (``LineMatcher.candidate_lines``: found through the
document's index of lines by word, so a rule costs in proportion to those lines, not to the
page); each such line is then tried against its rules in rule order, and the first rule that
matches explains the removal, exactly as if the rules had run one after another.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from ..document import Document
from .base import RunContext
from .pattern import PatternRule


class PatternPass:
    def __init__(self, rules: Sequence[PatternRule]) -> None:
        self.rules = tuple(rules)

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, PatternRule]]:
        wanted_by: dict[int, list[PatternRule]] = {}  # line → the rules that may match it, in order
        for rule in self.rules:
            for index in rule.matcher.candidate_lines(document, rule.max_words, context):
                wanted_by.setdefault(index, []).append(rule)
        lines = document.lines
        for index in sorted(wanted_by):
            if index in removed:
                continue
            for rule in wanted_by[index]:
                if rule.matcher.matches(lines[index], context):
                    yield index, rule
                    break
