"""The rule engine: an ordered rule set applied to a document, each removal recorded with why."""
from __future__ import annotations

from collections.abc import Iterable

from ..document import Document
from ..errors import RuleError
from ..result import Removal
from .base import Rule, RunContext
from .loader import RulePack
from .pattern import PatternRule
from .pattern_pass import PatternPass


class RuleSet:
    """The rules one Cleaner applies, in the order it applies them.

    Built from packs: a later pack's rule with an id already present replaces the earlier one
    (so users can retune a default rule), new ids are added, and ``disable`` switches rules off
    by id. Rules then run by kind stage (patterns, markers, headline lists, line quality), in
    pack order within a stage.
    """

    def __init__(self, packs: Iterable[RulePack | Iterable[Rule]], disable: Iterable[str] = ()) -> None:
        by_id: dict[str, Rule] = {}
        for pack in packs:
            for rule in pack:
                if not isinstance(rule, Rule):
                    raise RuleError(f"not a rule: {rule!r}")
                by_id[rule.id] = rule
        disable = list(disable)
        unknown = [rule_id for rule_id in disable if rule_id not in by_id]
        if unknown:
            raise RuleError(f"cannot disable unknown rule id(s) {', '.join(map(repr, unknown))}; "
                            f"known ids: {', '.join(sorted(by_id))}")
        for rule_id in disable:
            del by_id[rule_id]
        self.rules: tuple[Rule, ...] = tuple(sorted(by_id.values(), key=lambda r: r.stage))
        self._pattern_pass = PatternPass([r for r in self.rules if isinstance(r, PatternRule)])
        self._other_rules = [r for r in self.rules if not isinstance(r, PatternRule)]

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def apply(self, document: Document, context: RunContext) -> dict[int, Removal]:
        """Run every rule once over ``document``; return removals keyed by 0-based line index."""
        removed: dict[int, Removal] = {}
        lines = document.lines
        for index, rule in self._pattern_pass.find(document, removed, context):
            line = lines[index]
            removed[index] = Removal(line.number, line.text, rule.id, rule.category, rule.reason)
        for rule in self._other_rules:
            for index, reason in rule.find(document, removed, context):
                if index in removed:
                    continue  # first rule wins: the more specific kind explains it better
                line = lines[index]
                removed[index] = Removal(line.number, line.text, rule.id, rule.category, reason)
        return removed
