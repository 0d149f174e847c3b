"""cleaner: remove page furniture from scraped news text, explain every removal, flag
same-story near-duplicates.

    >>> import cleaner
    >>> cleaner.clean(text)                       # the article, without widgets and lists
    >>> cleaner.Cleaner(disable=["share-row"]).explain(text).removals
    >>> cleaner.Cleaner(repeated_lines=cleaner.RepeatedLines.from_texts(corpus))  # + site templates
    >>> cleaner.find_duplicates({"a": text_a, "b": text_b})
"""
from .corpus_lines import RepeatedLines
from .errors import (CleanerError, ConfigError, DuplicateIndexError, InputError,
                     PatternTimeoutError, RuleError)
from .pipeline import Cleaner, clean
from .result import CleanResult, Removal, apply_removals
from .rules import RulePack, default_rules, load_rules

__version__ = "0.1.0"

# Near-duplicate detection imports datasketch (and numpy), which costs a third of a second:
# loaded on first use, so `clean-corpus` and the hooks start fast when they only clean.
_DEDUP_NAMES = frozenset({"find_duplicates", "DuplicateGroup", "DuplicatePair", "DuplicateMatch",
                          "DuplicateIndex"})


def __getattr__(name: str):
    if name in _DEDUP_NAMES:
        from . import dedup
        return getattr(dedup, name)
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _DEDUP_NAMES)

__all__ = [
    "clean", "Cleaner", "CleanResult", "Removal", "apply_removals",
    "load_rules", "default_rules", "RulePack", "RepeatedLines",
    "find_duplicates", "DuplicateGroup", "DuplicatePair", "DuplicateMatch", "DuplicateIndex",
    "CleanerError", "InputError", "RuleError", "PatternTimeoutError", "ConfigError",
    "DuplicateIndexError",
]
