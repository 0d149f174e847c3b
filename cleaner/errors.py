"""The one exception family of cleaner: every failure a user can cause is a CleanerError."""
from __future__ import annotations


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose; catch this one to catch them all."""


class InputError(CleanerError):
    """The text or file to clean cannot be used: binary, undecodable, a line too long, missing."""


class RuleError(CleanerError):
    """A rule or rule file is broken: bad TOML, a missing field, an invalid pattern, an unknown id."""


class PatternTimeoutError(RuleError):
    """A rule's pattern ran past its time limit on a line (a catastrophic pattern, usually)."""


class ConfigError(CleanerError):
    """Configuration (``[tool.cleaner]`` or command-line options) is invalid."""


class DuplicateIndexError(CleanerError):
    """A duplicate index cannot be created, loaded, saved or reached (file or Redis)."""
