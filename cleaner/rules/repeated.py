"""Corpus-repeated lines: a line the corpus repeats more than the article's own text is template.

Needs counts over the corpus (``RepeatedLines``), so it is not in the default pack: a
``Cleaner`` built with ``repeated_lines=`` adds it, under the id ``corpus-repeated``.

The line has to stand in at least ``min_documents`` documents *and* in more documents than
the article's own running text does. On an ordinary page the paragraphs stand in one document,
so every line the corpus repeats goes. On one of five copies of a syndicated story the
paragraphs stand in five: its title and sub-headings, in five too, stay, and only the site's
template, on many more pages, goes. A credit ("— Reuters") belongs to the article wherever it
recurs.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator
from statistics import median_low

from ..corpus_lines import RepeatedLines
from ..document import Document
from ..quality_features import is_running_text
from .base import Rule, RunContext

RULE_ID = "corpus-repeated"


class RepeatedLineRule(Rule):
    kind = "corpus_repeated"
    stage = 4  # last: a pattern, marker or the line model explains a line better than a count

    def __init__(self, table: RepeatedLines, *, id: str = RULE_ID, category: str = "repeated",
                 reason: str = "repeated across the corpus", source: str = "corpus") -> None:
        if not isinstance(table, RepeatedLines):
            raise TypeError(f"expected RepeatedLines, got {type(table).__name__}")
        super().__init__(id=id, category=category, reason=reason, source=source)
        self.table = table
        self._repeated = table.repeated()

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, str]]:
        if not self._repeated:
            return
        lines = document.lines
        in_play = [i for i, line in enumerate(lines) if i not in removed and not line.is_blank]
        # How many documents the article's own text stands in: its typical paragraph's count
        # (the median, so one boilerplate paragraph on every page does not raise it).
        text_counts = [self.table.count(lines[i].stripped) for i in in_play if is_running_text(lines[i])]
        article = median_low(text_counts) if text_counts else 1
        documents = self.table.documents
        for i in in_play:
            line = lines[i]
            count = self._repeated.get(line.stripped, 0)
            if count > article and not line.is_attribution:
                yield i, (f"{self.reason}: the line stands in {count} of {documents} documents"
                          + (f", the article's text in {article}" if article > 1 else ""))
