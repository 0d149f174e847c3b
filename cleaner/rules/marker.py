"""Marker rules: a marker line and the lines tied to it.

"Previous Article" is noise, and so is the headline it links on the next line, although that
headline alone would look like content. A marker rule removes the marker and then follows it:
- ``follow = "headline"``: the next line if it looks like a headline (at most ``max_follow``);
- ``follow = "headlines"``: the run of headline-like lines after it ("Related stories" …);
- ``follow = "matching"``: the lines after it that match ``follow_patterns``/``follow_phrases``
  (a comment widget and its form: "Name", "Email", "Post Comment" …);
- ``follow = "none"``: only the marker.
A marker is a line matching ``markers``/``marker_phrases``, or a line that one of the rules
named in ``marker_rules`` removed (the buttons under a cookie banner follow the banner).
Blank lines and lines other rules already took are skipped while following.

A box may also have a heading right above its first marker (a newsletter's name above its
sign-up line): the line directly above a marker — no blank line between — goes too when it is
headline-shaped with at most ``heading_max_words`` words, or matches ``heading_patterns``.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from operator import attrgetter

from .._accel import speedups
from ..document import Document
from .base import LineMatcher, Rule, RunContext, SpecReader
from .headline import HeadlineShape, WordsInPlay, introduces_text
from .pattern_pass import PatternPass

FOLLOW_MODES = ("headline", "headlines", "matching", "none")


class MarkerRule(Rule):
    kind = "marker"
    stage = 1

    def __init__(self, *, marker: LineMatcher, follow: str, follow_matcher: LineMatcher | None,
                 max_follow: int, max_words: int, shape: HeadlineShape,
                 marker_rules: frozenset[str] = frozenset(), heading_max_words: int = 0,
                 heading_matcher: LineMatcher | None = None, **common) -> None:
        super().__init__(**common)
        self.heading_max_words = heading_max_words
        self.heading_matcher = heading_matcher
        self.marker = marker
        self.follow = follow
        self.follow_matcher = follow_matcher
        self.max_follow = max_follow
        self.max_words = max_words
        self.shape = shape
        self.marker_rules = marker_rules
        # The marker lines: what a pattern rule of these markers would match (see _marker_lines).
        self._marker_pass = PatternPass([self], matcher_of=attrgetter("marker"))

    @classmethod
    def from_spec(cls, spec: SpecReader, common: dict) -> "MarkerRule":
        rule_id, source = common["id"], common["source"]
        marker = LineMatcher(rule_id, source, spec.take_strings("markers"),
                             spec.take_strings("marker_phrases"), spec.take("case_sensitive", bool, False),
                             spec.take_strings("any_words"), spec.take("needs_digit", bool, False))
        follow = spec.take("follow", str, "headline", lambda v: v in FOLLOW_MODES,
                           "one of " + ", ".join(FOLLOW_MODES))
        follow_matcher = LineMatcher(rule_id, source, spec.take_strings("follow_patterns"),
                                     spec.take_strings("follow_phrases"))
        default_follow = {"headline": 1, "headlines": 30, "matching": 30, "none": 0}[follow]
        max_follow = spec.take("max_follow", int, default_follow, lambda n: n >= 0, "an integer ≥ 0")
        max_words = spec.take("max_words", int, 12, lambda n: n > 0, "a positive integer")
        marker_rules = frozenset(spec.take_strings("marker_rules"))
        heading_max_words = spec.take("heading_max_words", int, 0, lambda n: n >= 0, "an integer ≥ 0")
        heading_matcher = LineMatcher(rule_id, source, spec.take_strings("heading_patterns"), [])
        shape = HeadlineShape.from_spec(spec)
        spec.finish()  # a misspelt field explains a broken rule better than what it lacks
        if marker.empty and not marker_rules:
            raise spec.fail("a marker rule needs 'markers', 'marker_phrases' or 'marker_rules'")
        if follow == "matching" and follow_matcher.empty:
            raise spec.fail("follow = \"matching\" needs 'follow_patterns' or 'follow_phrases'")
        if follow != "matching" and not follow_matcher.empty:
            raise spec.fail(f"follow_patterns/follow_phrases need follow = \"matching\", not {follow!r}")
        return cls(marker=marker, follow=follow,
                   follow_matcher=follow_matcher if follow == "matching" else None,
                   max_follow=max_follow, max_words=max_words, shape=shape,
                   marker_rules=marker_rules, heading_max_words=heading_max_words,
                   heading_matcher=None if heading_matcher.empty else heading_matcher, **common)

    def matchers(self) -> tuple[LineMatcher, ...]:
        return (self.marker,)

    def find(self, document: Document, removed: Mapping[int, tuple[Rule, str]],
             context: RunContext) -> Iterator[tuple[int, str]]:
        markers = document.memo(self, lambda: self._marker_lines(document, context))
        if self.marker_rules:  # lines other rules removed can be markers too ("the banner's buttons")
            markers = sorted(set(markers).union(removed_by(removed, self.marker_rules)))
        if not markers:
            return  # most rules on most pages: nothing to follow
        lines = document.lines
        taken: set[int] = set()
        words_in_play = WordsInPlay(document, removed)
        # A marker's block ends where the next marker's begins: its scan never runs through
        # another block (so a page of thousands of markers costs one pass, not one per marker).
        block_ends = dict(zip(markers, [*markers[1:], len(lines)]))
        for index in markers:
            # A marker another rule already removed ("Comments" is also a comment widget on
            # its own) still ties the lines after it to itself.
            if index in taken:
                continue
            taken.add(index)
            if index not in removed:
                yield index, self.reason
            heading = self._heading_above(document, index, removed, taken, context)
            if heading is not None:
                taken.add(heading)
                yield heading, f"{self.reason} (the heading above the marker on line {index + 1})"
            followed = 0
            for next_index in range(index + 1, block_ends[index]):
                if followed >= self.max_follow:
                    break
                following = lines[next_index]
                if following.is_blank:
                    continue
                if next_index in removed:
                    # What this rule took in an earlier round still counts as followed, so a
                    # second look never reaches past it; what other rules took is skipped.
                    if removed[next_index][0] is self:
                        taken.add(next_index)
                        followed += 1
                    continue
                if self.marker.matches(following, context) or not self._takes(following, context):
                    break
                if self.follow == "headlines" and introduces_text(
                        document, next_index, removed, self.shape, words_in_play):
                    break  # the article's title or a sub-heading: the list ended before it
                taken.add(next_index)
                followed += 1
                yield next_index, f"{self.reason} (the line tied to the marker on line {index + 1})"

    def _heading_above(self, document: Document, index: int, removed: Mapping[int, tuple[Rule, str]],
                       taken: set[int], context: RunContext) -> int | None:
        """The index of the box heading right above marker ``index``, if there is one."""
        if not (self.heading_max_words or self.heading_matcher) or index == 0:
            return None
        above = index - 1
        line = document.lines[above]
        if line.is_blank or above in removed or above in taken:
            return None
        if len(line.words) <= self.heading_max_words and self.shape.fits(line):
            return above
        if self.heading_matcher is not None and self.heading_matcher.matches_pattern(line, context):
            return above
        return None

    def _marker_lines(self, document: Document, context: RunContext) -> list[int]:
        """Indices of the marker lines: they depend on nothing but the line, so the engine's
        later rounds over the same document reuse them. Found as the pattern rules' lines are
        (the same candidates and matching, in one compiled walk when it is built)."""
        if self.marker.empty:
            return []
        return [index for index, _ in self._marker_pass.find(document, (), context)]

    def _takes(self, line, context: RunContext) -> bool:
        if self.follow in ("headline", "headlines"):
            return self.shape.fits(line)
        if self.follow == "matching":
            return self.follow_matcher.matches(line, context)
        return False


def removed_by(removed: Mapping[int, tuple[Rule, str]], rule_ids: frozenset[str]) -> list[int]:
    """The lines in ``removed`` that a rule with an id in ``rule_ids`` took, in its order."""
    return [index for index, (rule, _) in removed.items() if rule.id in rule_ids]


# The compiled twin, when built (identical results; tests/test_speedups_words.py): the walk
# over every removed line ran on each of a marker rule's looks at a page.
python_removed_by = removed_by
if speedups is not None:
    def removed_by(removed: Mapping[int, tuple[Rule, str]], rule_ids: frozenset[str]) -> list[int]:  # noqa: F811
        if type(removed) is dict and type(rule_ids) is frozenset:  # what the engine passes
            return speedups.removed_by(removed, rule_ids)
        return python_removed_by(removed, rule_ids)
