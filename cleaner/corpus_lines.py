"""Lines a corpus repeats: how many documents each line stands in.

A site's template (menus, footers, "Most read", its newsletter blurb) repeats on every page
scraped from it, while an article's own lines stand in one document, or in the few copies of a
syndicated story. Counting lines across the corpus finds template lines no rule was written
for. The counts need the whole corpus, so they are built before cleaning (``clean-corpus
--repeated-lines``, or ``RepeatedLines`` in a pipeline) and handed to the ``Cleaner``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .errors import ConfigError, InputError
from .normalize import normalize_lines

DEFAULT_MIN_DOCUMENTS = 3  # two pages sharing a line may quote the same source; three is a pattern


class RepeatedLines:
    """Counts, per line, the documents of a corpus it stands in (each document counts once).

    Lines are compared as ``clean`` sees them: normalised, without surrounding spaces. Only
    lines seen in two documents or more are kept once counting is done (``compact``), so the
    table a worker process receives holds the repeated lines, not the whole corpus.
    """

    def __init__(self, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> None:
        if isinstance(min_documents, bool) or not isinstance(min_documents, int) or min_documents < 2:
            raise ConfigError(f"min_documents must be an integer ≥ 2 (a line in one document is "
                              f"not repeated), not {min_documents!r}")
        self.min_documents = min_documents
        self.documents = 0
        self._counts: Counter[str] = Counter()

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_documents: int = DEFAULT_MIN_DOCUMENTS) -> "RepeatedLines":
        """Count the lines of every text of ``texts``."""
        table = cls(min_documents)
        for text in texts:
            table.add(text)
        return table.compact()

    def add(self, text: str) -> None:
        """Count the distinct non-blank lines of one document."""
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}; decode bytes first")
        self.documents += 1
        self._counts.update({stripped for stripped in map(str.strip, normalize_lines(text)) if stripped})

    def compact(self) -> "RepeatedLines":
        """Forget the lines that stand in one document only (they decide nothing); returns self."""
        self._counts = Counter({line: count for line, count in self._counts.items() if count > 1})
        return self

    def count(self, line: str) -> int:
        """How many documents the line (stripped) stands in; 1 for a line never counted, since
        the document being cleaned holds it."""
        return self._counts.get(line, 1)

    def repeated(self) -> dict[str, int]:
        """The lines that stand in at least ``min_documents`` documents, with their counts."""
        return {line: count for line, count in self._counts.items() if count >= self.min_documents}

    def __len__(self) -> int:
        return len(self._counts)

    def __repr__(self) -> str:
        return (f"RepeatedLines({self.documents} documents, {len(self.repeated())} lines in "
                f"≥ {self.min_documents} of them)")
