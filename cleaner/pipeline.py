"""Cleaner: normalise, apply the rules, lay out what is kept, and say why for the rest."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Union

from .corpus_lines import RepeatedLines
from .errors import ConfigError, InputError
from .layout import layout
from .normalize import normalize_lines
from .result import CleanResult
from .rules import Rule, RulePack, RuleSet, RunContext, default_rules, load_rules
from .rules.repeated import RepeatedLineRule

RuleSource = Union[RulePack, str, Path, Iterable[Rule]]

DEFAULT_MAX_LINE_LENGTH = 100_000  # characters; no paragraph is that long, a minified blob is


class Cleaner:
    """Removes page furniture from scraped article text, line by line, with reasons.

    rules: the base rules: None for the built-in pack, or a pack, a path to a TOML pack, or a
        list of those.
    extra_rules: packs added after the base; a rule whose id is already there replaces it.
    disable: rule ids to switch off (an unknown id is an error, so typos do not pass silently).
    pattern_timeout: seconds one pattern may take on one line before PatternTimeoutError.
    max_line_length: longer lines raise InputError instead of being judged.
    repeated_lines: line counts over the corpus (``RepeatedLines``): adds the
        ``corpus-repeated`` rule, which removes lines the corpus repeats (site templates).
    """

    def __init__(self, rules: RuleSource | Iterable[RuleSource] | None = None, *,
                 extra_rules: RuleSource | Iterable[RuleSource] = (),
                 disable: Iterable[str] = (),
                 pattern_timeout: float | None = 0.25,
                 max_line_length: int = DEFAULT_MAX_LINE_LENGTH,
                 repeated_lines: RepeatedLines | None = None) -> None:
        if isinstance(disable, str):
            disable = [disable]
        if pattern_timeout is not None and not pattern_timeout > 0:
            raise ConfigError(f"pattern_timeout must be a positive number of seconds or None, not {pattern_timeout!r}")
        if not isinstance(max_line_length, int) or max_line_length <= 0:
            raise ConfigError(f"max_line_length must be a positive integer, not {max_line_length!r}")
        if repeated_lines is not None and not isinstance(repeated_lines, RepeatedLines):
            raise ConfigError(f"repeated_lines must be a RepeatedLines table, not {type(repeated_lines).__name__}")
        base = [default_rules()] if rules is None else _as_packs(rules)
        corpus = [[RepeatedLineRule(repeated_lines)]] if repeated_lines is not None else []
        self.rules = RuleSet(base + _as_packs(extra_rules) + corpus, disable)
        self.context = RunContext(pattern_timeout=pattern_timeout,
                                  gate_vocabulary=self.rules.gate_vocabulary)
        self._clean_context = replace(self.context, explain=False)  # clean() needs no reasons
        self.max_line_length = max_line_length

    def clean(self, text: str) -> str:
        """The cleaned article text: what ``explain(text).text`` is, without the records of
        what went (a page's removals are most of its lines)."""
        return self._clean_counted(text)[0]

    def _clean_counted(self, text: str) -> tuple[str, int]:
        """``clean(text)`` and how many lines it removed: what a batch run reports when no
        one asked for the removals themselves (cheaper than ``explain``, which writes them)."""
        lines = self._lines(text)
        removed = self.rules.find(lines, self._clean_context)
        return layout(line for index, line in enumerate(lines) if index not in removed), len(removed)

    def explain(self, text: str) -> CleanResult:
        """The cleaned text, the kept lines and one Removal (line, rule, reason) per removed line."""
        lines = self._lines(text)
        removed = self.rules.apply(lines, self.context)
        kept = tuple(n for n in range(1, len(lines) + 1) if n - 1 not in removed)
        return CleanResult(
            text=layout(lines[n - 1] for n in kept),
            input_lines=tuple(lines),
            kept_line_numbers=kept,
            removals=tuple(map(removed.__getitem__, sorted(removed))),
        )

    def _lines(self, text: str) -> list[str]:
        """``text`` normalised and split into lines, each checked against max_line_length."""
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}; decode bytes first")
        lines = normalize_lines(text)
        if lines and max(map(len, lines)) > self.max_line_length:  # rare: then find the first
            for number, line in enumerate(lines, 1):
                if len(line) > self.max_line_length:
                    raise InputError(f"line {number} is {len(line):,} characters long (limit "
                                     f"{self.max_line_length:,}): not article text")
        return lines


def _as_packs(source) -> list:
    """Accept a pack, a path, a list of rules, or a list of packs/paths."""
    if isinstance(source, (str, Path)):
        return [load_rules(source)]
    if isinstance(source, RulePack):
        return [source]
    items = list(source)
    if all(isinstance(item, Rule) for item in items):
        return [items] if items else []
    packs: list = []
    for item in items:
        packs.extend(_as_packs(item))
    return packs


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The shared Cleaner behind ``cleaner.clean``: the default pack, built once."""
    return Cleaner()


def clean(text: str) -> str:
    """Return ``text`` without page furniture, using the default rules."""
    return default_cleaner().clean(text)
