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
        self.phrase_owners: dict[str, int] = {}
        for position, rule in enumerate(self.rules):
            for phrase in rule.matcher.phrases:
                self.phrase_owners.setdefault(phrase, position)
        self.phrase_first_words = frozenset().union(*(r.matcher.phrase_first_words for r in self.rules))
        with_patterns = [(p, r) for p, r in enumerate(self.rules) if r.matcher.pattern is not None]
        # Rules without a word gate are tried on every line; rules gated by a symbol ("©") on
        # lines containing it; the rest only when one of their words is on the line.
        self.always = [p for p, r in with_patterns if not r.matcher.gate_words and not r.matcher.gate_symbols]
        self.by_symbol = [(p, r.matcher.gate_symbols) for p, r in with_patterns if r.matcher.gate_symbols]
        self.by_word: dict[str, list[int]] = {}
        for position, rule in with_patterns:
            for word in rule.matcher.gate_words:
                self.by_word.setdefault(word, []).append(position)
        self.gate_words = frozenset(self.by_word)

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
        if word_count <= self.max_phrase_words and (
                not word_count or line.lowered[0] in self.phrase_first_words):
            by_phrase = self.phrase_owners.get(line.key)
            if by_phrase is not None and word_count > self.rules[by_phrase].max_words:
                by_phrase = None
        candidates = self._candidates(line)
        for position in candidates:
            if by_phrase is not None and position >= by_phrase:
                break
            rule = self.rules[position]
            if word_count <= rule.max_words and rule.matcher.matches_pattern(line, context):
                return rule
        return self.rules[by_phrase] if by_phrase is not None else None

    def _candidates(self, line: Line) -> list[int]:
        """Positions of the rules whose patterns are worth trying on this line, in rule order."""
        hits = self.gate_words.intersection(line.lowered)
        if not hits and not self.always and not self.by_symbol:
            return []
        positions = set(self.always)
        for word in hits:
            positions.update(self.by_word[word])
        for position, symbols in self.by_symbol:
            for symbol in symbols:
                if symbol in line.stripped:
                    positions.add(position)
                    break
        return sorted(positions)
