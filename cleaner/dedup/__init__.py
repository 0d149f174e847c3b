"""Near-duplicate (same-story) detection: ``find_duplicates`` for a corpus, ``DuplicateIndex``
for a growing one. See docs/dedup.md for how it works and why."""
from .finder import DEFAULT_THRESHOLD, find_duplicates
from .index import DuplicateIndex
from .results import DuplicateGroup, DuplicateMatch, DuplicatePair

__all__ = ["find_duplicates", "DuplicateIndex", "DuplicateGroup", "DuplicatePair", "DuplicateMatch",
           "DEFAULT_THRESHOLD"]
