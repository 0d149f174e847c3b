"""What duplicate detection returns: matched pairs, groups with the one to keep, query matches."""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class DuplicatePair:
    """Two documents that tell the same story, and their exact score (0..1, higher = closer)."""

    first: Hashable
    second: Hashable
    similarity: float


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents that all tell one story.

    ``ids``: the members in id order. ``pairs``: every pair of members with its exact score
    (complete linkage: each is at least the threshold). ``keep``: the member to keep — the
    one with the longest text, the most complete report; ties go to the first id.
    """

    ids: tuple[Hashable, ...]
    pairs: tuple[DuplicatePair, ...]
    keep: Hashable

    @property
    def drop(self) -> tuple[Hashable, ...]:
        """The members other than ``keep``: the ones a deduplicated corpus leaves out."""
        return tuple(i for i in self.ids if i != self.keep)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class DuplicateMatch:
    """A document of a :class:`~cleaner.dedup.DuplicateIndex` that a queried text duplicates."""

    id: Hashable
    similarity: float
