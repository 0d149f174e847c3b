"""cleaner: remove page furniture from scraped news text, explain every removal, flag
same-story near-duplicates.

    >>> import cleaner
    >>> cleaner.clean(text)                       # the article, without widgets and lists
    >>> cleaner.Cleaner(disable=["share-row"]).explain(text).removals
    >>> cleaner.find_duplicates({"a": text_a, "b": text_b})
"""
from .errors import (CleanerError, ConfigError, DuplicateIndexError, InputError,
                     PatternTimeoutError, RuleError)
from .dedup import DuplicateGroup, DuplicateIndex, DuplicateMatch, DuplicatePair, find_duplicates
from .pipeline import Cleaner, clean
from .result import CleanResult, Removal, apply_removals
from .rules import RulePack, default_rules, load_rules

__version__ = "0.1.0"

__all__ = [
    "clean", "Cleaner", "CleanResult", "Removal", "apply_removals",
    "load_rules", "default_rules", "RulePack",
    "find_duplicates", "DuplicateGroup", "DuplicatePair", "DuplicateMatch", "DuplicateIndex",
    "CleanerError", "InputError", "RuleError", "PatternTimeoutError", "ConfigError",
    "DuplicateIndexError",
]
