"""Pattern rules: a line that is, as a whole, a known piece of page furniture."""
from __future__ import annotations

from collections.abc import Collection, Iterator

from ..document import Document
from .base import LineMatcher, Rule, RunContext, SpecReader


class PatternRule(Rule):
    """Removes every line that fully matches one of its patterns or phrases.

    ``max_words`` keeps a pattern from ever judging a long line: furniture is short, and a
    paragraph that happens to start like a widget is still a paragraph.
    """

    kind = "pattern"
    stage = 0

    def __init__(self, *, matcher: LineMatcher, max_words: int, **common) -> None:
        super().__init__(**common)
        self.matcher = matcher
        self.max_words = max_words

    @classmethod
    def from_spec(cls, spec: SpecReader, common: dict) -> "PatternRule":
        matcher = LineMatcher(common["id"], common["source"], spec.take_strings("patterns"),
                              spec.take_strings("phrases"), spec.take("case_sensitive", bool, False),
                              spec.take_strings("any_words"), spec.take("needs_digit", bool, False))
        max_words = spec.take("max_words", int, 30, lambda n: n > 0, "a positive integer")
        spec.finish()  # a misspelt field explains an empty rule better than "needs patterns"
        if matcher.empty:
            raise spec.fail("a pattern rule needs at least one entry in 'patterns' or 'phrases'")
        return cls(matcher=matcher, max_words=max_words, **common)

    def matchers(self) -> tuple[LineMatcher, ...]:
        return (self.matcher,)

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, str]]:
        lines = document.lines
        for index in self.matcher.candidate_lines(document, self.max_words, context):
            if index not in removed and self.matcher.matches(lines[index], context):
                yield index, self.reason
