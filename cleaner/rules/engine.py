"""The rule engine: an ordered rule set applied to a document, each removal recorded with why."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..document import Document, Line
from ..layout import laid_out
from ..errors import RuleError
from ..result import Removal
from .base import Rule, RunContext
from .loader import RulePack
from .pattern import PatternRule
from .pattern_pass import PatternPass


# Rounds of context rules at most; in practice a second round finds nothing.
MAX_ROUNDS = 5
# Marker rules (stage 1) already saw what pattern rules removed; a removal by a headline list
# or a line-quality rule (stage 2 and later) is what can change an earlier decision.
RECHECK_AFTER_STAGE = 2


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

    def apply(self, lines: Sequence[str], context: RunContext) -> dict[int, Removal]:
        """Run the rules over normalised ``lines``; return removals keyed by 0-based line index.

        Rules see the lines as the output layout would show them (trailing spaces stripped,
        blank runs collapsed), so cleaning the output again sees exactly what they saw. Lines
        one rule removes can change what an earlier-running context rule decides (a menu line
        that split a headline run goes, and the run is longer): so after a round in which a
        later-stage rule removed anything, the context rules run again on what is left, until
        a round removes nothing. That fixed point is what makes ``clean`` idempotent. Pattern
        rules read one line at a time, so one round is all they need.
        """
        removed: dict[int, Removal] = {}
        alive = laid_out(lines, range(len(lines)))
        first_round = True
        for _ in range(MAX_ROUNDS):
            document = Document([Line(index + 1, lines[index].rstrip()) for index in alive])
            found = self._apply_once(document, context, with_patterns=first_round)
            for position, (rule, reason) in found.items():
                index = alive[position]
                removed[index] = Removal(index + 1, lines[index], rule.id, rule.category, reason)
            if not any(rule.stage >= RECHECK_AFTER_STAGE for rule, _ in found.values()):
                break
            alive = laid_out(lines, [index for index in alive if index not in removed])
            first_round = False
        return removed

    def _apply_once(self, document: Document, context: RunContext,
                    with_patterns: bool) -> dict[int, tuple[Rule, str]]:
        removed: dict[int, tuple[Rule, str]] = {}
        if with_patterns:
            for index, rule in self._pattern_pass.find(document, removed, context):
                removed[index] = (rule, rule.reason)
        for rule in self._other_rules:
            for index, reason in rule.find(document, removed, context):
                if index not in removed:  # first rule wins: the more specific kind explains it better
                    removed[index] = (rule, reason)
        return removed
