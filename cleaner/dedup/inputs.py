"""Checking what callers hand to dedup: documents, ids, thresholds. One place, one message style."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Union

from ..errors import ConfigError, InputError

#: A corpus: a mapping id → text, or an iterable of (id, text) pairs.
Documents = Union[Mapping[Hashable, str], Iterable[tuple[Hashable, str]]]


def check_fraction(name: str, value: object, *, allow_zero: bool = False) -> float:
    """A threshold in (0, 1] (or [0, 1] with ``allow_zero``), as float; ConfigError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number in (0, 1], got {value!r}")
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise ConfigError(f"{name} must be in {interval}, got {value!r}")
    return float(value)


def id_sort_key(document_id: Hashable) -> tuple:
    """Sort key that orders ids of one type naturally and mixed types by type name first."""
    return (type(document_id).__name__, document_id)


def sorted_ids(ids: Iterable[Hashable]) -> list[Hashable]:
    """Ids in a deterministic order, whatever order they came in (natural order when comparable)."""
    ids = list(ids)
    try:
        return sorted(ids, key=id_sort_key)
    except TypeError:  # ids of one type that do not compare (e.g. mixed tuples): fall back to repr
        return sorted(ids, key=lambda i: (type(i).__name__, repr(i)))


def document_items(documents: Documents) -> list[tuple[Hashable, str]]:
    """The (id, text) pairs of a corpus, sorted by id; InputError on a bad item or a repeated id."""
    if isinstance(documents, (str, bytes)):
        raise InputError("documents must be a mapping id → text or an iterable of (id, text) pairs, "
                         "not a single string")
    items = documents.items() if isinstance(documents, Mapping) else documents
    texts: dict[Hashable, str] = {}
    for position, item in enumerate(items):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise InputError(f"document #{position} must be an (id, text) pair, got {type(item).__name__}")
        document_id, text = item
        check_text(document_id, text)
        try:
            if document_id in texts:
                raise InputError(f"document id {document_id!r} appears more than once; ids must be unique")
        except TypeError:
            raise InputError(f"document id {document_id!r} is not hashable") from None
        texts[document_id] = text
    return [(i, texts[i]) for i in sorted_ids(texts)]


def check_text(document_id: Hashable, text: object) -> str:
    """The text itself, or InputError naming the document when it is not a str."""
    if not isinstance(text, str):
        raise InputError(f"document {document_id!r}: text must be str, got {type(text).__name__}")
    return text
