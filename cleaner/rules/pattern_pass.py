"""All pattern rules of a rule set in one pass over the lines.

Each line is looked up once in a table of every rule's phrases, and its words once in the
union of every rule's ``any_words`` gates; only the rules whose gate the line passes (and rules without
a gate) try their patterns, in rule order. The first rule that matches explains the removal,
exactly as if the rules had run one after another.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from ..document import Document, Line
from .base import RunContext
from .pattern import PatternRule


class PatternPass:
    def __init__(self, rules: Sequence[PatternRule]) -> None:
        self.rules = tuple(rules)
        self.max_words = max((rule.max_words for rule in self.rules), default=0)
        self.max_phrase_words = max((rule.matcher.max_phrase_words for rule in self.rules), default=0)
        self.phrase_owners: dict[str, list[int]] = {}
        for position, rule in enumerate(self.rules):
            for phrase in rule.matcher.phrases:
                self.phrase_owners.setdefault(phrase, []).append(position)
        self.ungated: list[int] = []
        self.gated_by: dict[str, list[int]] = {}
        for position, rule in enumerate(self.rules):
            if rule.matcher.pattern is None:
                continue
            if not rule.matcher.any_words:
                self.ungated.append(position)
            for word in rule.matcher.any_words:
                self.gated_by.setdefault(word, []).append(position)
        self.gate_words = frozenset(self.gated_by)

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, PatternRule]]:
        for index, line in enumerate(document.lines):
            if index in removed or line.is_blank or len(line.words) > self.max_words:
                continue
            rule = self._first_match(line, context)
            if rule is not None:
                yield index, rule

    def _first_match(self, line: Line, context: RunContext) -> PatternRule | None:
        word_count = len(line.words)
        by_phrase = None
        if word_count <= self.max_phrase_words:
            by_phrase = next((p for p in self.phrase_owners.get(line.key, ())
                              if word_count <= self.rules[p].max_words), None)
        candidates = set(self.ungated)
        for word in self.gate_words.intersection(map(str.lower, line.words)):
            candidates.update(self.gated_by[word])
        for position in sorted(candidates):
            if by_phrase is not None and position >= by_phrase:
                break
            rule = self.rules[position]
            if word_count <= rule.max_words and rule.matcher.matches_pattern(line, context):
                return rule
        return self.rules[by_phrase] if by_phrase is not None else None
