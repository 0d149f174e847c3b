"""``clean-corpus --dedup``: near-duplicate groups across the inputs, and matches in an index.

The texts compared are the *cleaned* ones (furniture shared by pages of one site must not
make them look alike), so the dedup API is called with ``clean=False``. A text file is one
document, named by its path; a JSONL record is one document named ``path:LINE``.
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .batch import FileOutcome
from .config import Settings
from .errors import DuplicateIndexError


@dataclass
class CorpusDuplicates:
    """What --dedup found: groups among the inputs, and inputs that match indexed articles."""

    threshold: float
    groups: list = field(default_factory=list)  # cleaner.dedup.DuplicateGroup
    index_matches: list[tuple[Hashable, Hashable, float]] = field(default_factory=list)
    index_path: str | None = None
    index_added: int = 0

    def to_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "groups": [{"ids": list(g.ids), "keep": g.keep,
                        "pairs": [{"first": p.first, "second": p.second,
                                   "score": round(p.similarity, 4)} for p in g.pairs]}
                       for g in self.groups],
            "index": None if self.index_path is None else {
                "path": self.index_path, "added": self.index_added,
                "matches": [{"input": i, "indexed": m, "score": round(s, 4)}
                            for i, m, s in self.index_matches]},
        }


def corpus_documents(outcomes: list[FileOutcome]) -> list[tuple[str, str]]:
    """(id, cleaned text) of every cleaned, non-empty text of the run, in input order."""
    documents = []
    for outcome in outcomes:
        if not outcome.ok:
            continue
        for text in outcome.texts:
            if not text.text or not text.text.strip():
                continue  # an empty text tells no story
            document_id = outcome.item.display if text.record_line is None else \
                f"{outcome.item.display}:{text.record_line}"
            documents.append((document_id, text.text))
    return documents


def find_corpus_duplicates(outcomes: list[FileOutcome], settings: Settings, *,
                           update_index: bool = False) -> CorpusDuplicates:
    """Group the run's documents; compare them with ``settings.index`` (and add them to it)."""
    from .dedup import DEFAULT_THRESHOLD, DuplicateIndex, find_duplicates

    threshold = settings.dedup_threshold if settings.dedup_threshold is not None else DEFAULT_THRESHOLD
    documents = corpus_documents(outcomes)
    found = CorpusDuplicates(threshold=threshold)
    found.groups = find_duplicates(documents, threshold=threshold, clean=False)
    if settings.index is None:
        return found

    index_path = Path(settings.index)
    found.index_path = str(index_path)
    if index_path.exists():
        index = DuplicateIndex.load(index_path)
    elif update_index:
        index = DuplicateIndex(threshold, clean=False)
    else:
        raise DuplicateIndexError(f"{index_path}: index file not found (add --update-index to "
                                  "create it)")
    for document_id, text in documents:
        for match in index.query(text, threshold=threshold):
            if match.id != document_id:  # an input already indexed matches itself
                found.index_matches.append((document_id, match.id, match.similarity))
    if update_index:
        new = [(i, t) for i, t in documents if i not in index]
        index.add_many(new)
        index.save(index_path)
        found.index_added = len(new)
    return found


def print_duplicates(found: CorpusDuplicates, stream: TextIO) -> None:
    """Groups and index matches, one pair per line, scores with three decimals."""
    for number, group in enumerate(found.groups, 1):
        stream.write(f"near-duplicates, group {number} (keep {group.keep}): "
                     f"{', '.join(map(str, group.ids))}\n")
        for pair in group.pairs:
            stream.write(f"  {pair.first} ~ {pair.second} (score {pair.similarity:.3f})\n")
    for document_id, indexed_id, score in found.index_matches:
        stream.write(f"near-duplicate of indexed article: {document_id} ~ {indexed_id} "
                     f"(score {score:.3f}, index {found.index_path})\n")
