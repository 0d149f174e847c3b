"""The rule engine: an ordered rule set applied to a document, each removal recorded with why."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._accel import speedups
from ..document import Document
from ..errors import PatternTimeoutError, RuleError
from ..result import Removal
from .base import Rule, RunContext
from .loader import RulePack
from .pattern import PatternRule
from .pattern_pass import PatternPass


# Rounds of context rules at most; in practice the second round finds nothing new.
MAX_ROUNDS = 5


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
        # The words the matchers look lines up by: one index per document serves them all.
        self.gate_vocabulary = frozenset().union(*(
            matcher.index_words for rule in self.rules for matcher in rule.matchers()))

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def apply(self, lines: Sequence[str], context: RunContext) -> dict[int, Removal]:
        """Run the rules over normalised ``lines``; return removals keyed by 0-based line index."""
        return removals_of(self.find(lines, context), lines)

    def find(self, lines: Sequence[str], context: RunContext) -> dict[int, tuple[Rule, str]]:
        """Run the rules over normalised ``lines``; return the rule that removes each line and
        why, keyed by 0-based line index (``apply`` without the Removal records: ``clean``
        needs only which lines go).

        Rules see the lines without trailing spaces and skip blank lines, so cleaning the
        output again shows them what they saw here. Lines one rule removes can change what a
        context rule that ran earlier decides (a menu line that split a headline run goes, and
        the run grows): so every context rule runs again while lines went since it last ran,
        until none has anything new to look at. That fixed point makes ``clean`` idempotent.
        Pattern rules read one line at a time, so one pass is all they need.
        """
        document = Document.from_lines(lines)
        try:
            return self._find(document, context)
        except PatternTimeoutError as error:
            if error.line_number is not None:
                raise
            # A Line stands for every line with its text: name the first of them (the pattern
            # runs past its limit on each, and the pattern pass tries lines in order).
            number = next((index + 1 for index, line in enumerate(document.lines)
                           if line.stripped == error.line_text), None)
            raise PatternTimeoutError(error.rule_id, error.seconds, error.line_text, number) from None

    def _find(self, document: Document, context: RunContext) -> dict[int, tuple[Rule, str]]:
        found: dict[int, tuple[Rule, str]] = {}
        for index, rule in self._pattern_pass.find(document, found, context):
            found[index] = (rule, rule.reason)
        blank = document.blank_lines()
        left = len(document.lines) - len(blank) - len(found.keys() - blank)  # non-blank lines left
        removals_seen: dict[int, int] = {}  # rule position → how many removals it last saw
        for _ in range(MAX_ROUNDS):
            ran = False
            for position, rule in enumerate(self._other_rules):
                if removals_seen.get(position) == len(found):
                    continue  # nothing went since this rule last looked
                ran = True
                # first rule wins: the more specific kind explains the line better
                new = {index: (rule, reason) for index, reason in rule.find(document, found, context)
                       if index not in found}
                if not new:  # most looks find nothing
                    removals_seen[position] = len(found)
                    continue
                going = len(new.keys() - blank)
                # Context rules judge lines against the rest of the page: they never take the
                # last of it. (Pattern rules may: a page of nothing but widgets cleans to "".)
                if going < left:
                    found.update(new)
                    left -= going
                removals_seen[position] = len(found)
            if not ran:
                break
        return found


def removals_of(found: dict[int, tuple[Rule, str]], lines: Sequence[str]) -> dict[int, Removal]:
    """The Removal of each found line (0-based index → (rule, reason)), keyed by its index."""
    return {index: Removal(index + 1, lines[index], rule.id, rule.category, reason)
            for index, (rule, reason) in found.items()}


# The compiled twin, when built (identical results; tests/test_speedups_document.py).
python_removals_of = removals_of
if speedups is not None:
    def removals_of(found: dict[int, tuple[Rule, str]], lines: Sequence[str]) -> dict[int, Removal]:  # noqa: F811
        return speedups.removals_of(found, lines, Removal)
