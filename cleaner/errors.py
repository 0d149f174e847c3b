"""The one exception family of cleaner: every failure a user can cause is a CleanerError."""
from __future__ import annotations


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose; catch this one to catch them all."""


class InputError(CleanerError):
    """The text or file to clean cannot be used: binary, undecodable, a line too long, missing."""


class RuleError(CleanerError):
    """A rule or rule file is broken: bad TOML, a missing field, an invalid pattern, an unknown id."""


class PatternTimeoutError(RuleError):
    """A rule's pattern ran past its time limit on a line (a catastrophic pattern, usually).

    Names the rule, the limit and the line: its text, and its number once the engine has
    placed it on the page (``line_number``; a Line serves every line with its text).
    """

    def __init__(self, rule_id: str, seconds: float | None, line_text: str,
                 line_number: int | None = None) -> None:
        self.rule_id, self.seconds = rule_id, seconds
        self.line_text, self.line_number = line_text, line_number
        shown = line_text if len(line_text) <= 60 else line_text[:59] + "…"
        where = f"line {line_number} ({shown!r})" if line_number else f"the line {shown!r}"
        super().__init__(f"rule {rule_id!r}: a pattern ran past {seconds}s on {where}; simplify "
                         f"the pattern (nested repeats like (a+)+ backtrack)")

    def __reduce__(self):  # pickled whole (the CLI's worker processes send errors back)
        return type(self), (self.rule_id, self.seconds, self.line_text, self.line_number)


class ConfigError(CleanerError):
    """Configuration (``[tool.cleaner]`` or command-line options) is invalid."""


class DuplicateIndexError(CleanerError):
    """A duplicate index cannot be created, loaded, saved or reached (file or Redis)."""
