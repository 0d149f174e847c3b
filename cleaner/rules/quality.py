"""Line quality: furniture on pages nobody wrote a pattern for, judged by cheap features.

Each line still in play gets a score from a learnt additive model (see quality_model.py and
quality_features.py): positive reads like article text, negative like page furniture. Lines are
not judged alone: a two-state segmentation (content / furniture runs, each switch costing
``switch_cost``) keeps the article's main block together, so a sub-heading or a "— Reuters"
inside the article stays, and a lone sentence in a menu goes.

Two guarantees, both checked by tests:
- never empty: if nothing would be kept, the best-scoring block of lines stays;
- idempotent: the rule re-judges the survivors until none is removed, so a second clean, which
  sees exactly those survivors, removes nothing more.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from .._accel import speedups
from ..document import Document, Line
from ..quality_features import (CONTEXT_FEATURES, END_NAMES, NO_SIGN, OWN_FEATURES,
                                OWN_INDEX, context_features, is_running_text, neighbour_kind,
                                own_features)
from ..quality_model import LineQualityModel, default_model, load_model
from .base import Rule, RunContext, SpecReader
from .headline import TITLE_SUBJECT_SHARE, subject_overlap

MAX_PASSES = 8  # re-judging converges in two or three passes; this only bounds the worst case


class LineQualityRule(Rule):
    kind = "line_quality"
    stage = 3

    def __init__(self, *, model: LineQualityModel, threshold: float, switch_cost: float,
                 min_lines: int, **common) -> None:
        super().__init__(**common)
        self.model = model
        self.threshold = threshold
        self.switch_cost = switch_cost
        self.min_lines = min_lines
        self._repeated_index = OWN_INDEX["repeated"]
        self._sign_index = OWN_INDEX["comment_sign"]
        # How far each bin lies below the typical article line's bin, per feature: a reason
        # names the features that pulled furthest down (precomputed: explaining is per line).
        tables = model.own_weights + model.context_weights
        reference = model.reference or (0,) * len(tables)
        self._pulls = [tuple(w - table[r] for w in table) for table, r in zip(tables, reference)]
        self._names = [name for name, _ in OWN_FEATURES + CONTEXT_FEATURES]

    @classmethod
    def from_spec(cls, spec: SpecReader, common: dict) -> "LineQualityRule":
        model_path = spec.take("model", str, "", expect="a path to a model JSON file")
        if model_path:
            # Relative to the rule file, so a pack and its model travel together.
            base = Path(common["source"]).parent
            model = load_model(base / model_path if not Path(model_path).is_absolute() else model_path)
        else:
            model = default_model()
        number = (int, float)
        threshold = spec.take("threshold", number, model.threshold,
                              lambda x: -10 <= x <= 10, "a number between -10 and 10")
        switch_cost = spec.take("switch_cost", number, model.switch_cost,
                                lambda x: 0 <= x <= 50, "a number between 0 and 50")
        min_lines = spec.take("min_lines", int, 3, lambda n: n >= 1, "an integer ≥ 1")
        return cls(model=model, threshold=float(threshold), switch_cost=float(switch_cost),
                   min_lines=min_lines, **common)

    # --- judging --------------------------------------------------------------------------

    def find(self, document: Document, removed: Collection[int],
             context: RunContext) -> Iterator[tuple[int, str]]:
        lines = document.lines
        in_play = [i for i, line in enumerate(lines) if i not in removed and not line.is_blank]
        if len(in_play) < self.min_lines:
            return  # too little to tell an article from its furniture
        model = self.model
        # What a line is on its own depends on its text alone: worked out once per text of
        # the page, kept in the document's memo for the engine's later rounds. (Kept across
        # pages too, it saved work but cost time: the memo's look-ups miss the CPU's caches.)
        play_lines, own, running, kinds, signs, twice_on_page = page_features(
            lines, in_play, document.memo(self, dict), model.vocabulary, model.vocabulary_edges,
            self._sign_index)
        offset = model.bias + self.threshold - model.own_weights[self._repeated_index][0]
        base = add_weights(own, model.own_weights, [offset] * len(own))
        repeated_table = model.own_weights[self._repeated_index]
        alive = list(range(len(in_play)))
        verdict: dict[int, partial] = {}
        for _ in range(MAX_PASSES):
            alive_lines, score, context_bins, repeated = score_alive(
                alive, play_lines, base, running, kinds, signs, twice_on_page, repeated_table,
                model.context_weights)
            keep = segment(score, self.switch_cost)
            if not any(keep):
                keep = best_block(score)
            keep_article_edges(alive_lines, keep)
            if all(keep):
                break
            # The reasons are written only when read, and only prepared when asked for:
            # clean() needs none (most lines of a page go here).
            wrap, reason = (partial, self._explain) if context.explain else (None, self.reason)
            alive = drop_unkept(alive, keep, verdict, wrap, reason, play_lines, own,
                                context_bins, repeated, score)
        for k in sorted(verdict):
            yield in_play[k], verdict[k]

    # --- explaining -----------------------------------------------------------------------

    def _explain(self, line: Line, own: tuple[int, ...], context_bins: tuple[int, ...],
                 repeated: bool, score: float) -> str:
        """The reason for one removal: the features that pulled the line's score down most."""
        model = self.model
        own = own[:self._repeated_index] + (1 if repeated else 0,) + own[self._repeated_index + 1:]
        bins = own + context_bins
        pulls = [pull[b] for pull, b in zip(self._pulls, bins)]
        strongest = sorted(range(len(pulls)), key=pulls.__getitem__)[:3]
        described = [describe(self._names[f], bins[f], line, model)
                     for f in strongest if pulls[f] < -0.25]
        described = [d for d in described if d]
        if score >= 0:
            described.insert(0, "inside a run of lines judged furniture")
        features = "; ".join(described) or "low overall score"
        return f"{self.reason}: {features} (score {score:+.1f})"


def describe(name: str, bin_index: int, line: Line, model: LineQualityModel) -> str:
    """Words for one feature bin, so a reason names what decided it."""
    words = len(line.words)
    if name == "shape":
        word_bin, end = divmod(bin_index, 4)
        size = "short" if word_bin <= 5 else "long"
        return f"{size} line ({words} word{'s' if words != 1 else ''}, {END_NAMES[end]})"
    if name == "stop_words":
        return f"few function words ({line.stop_word_share:.0%} stop words)"
    if name == "capitals":
        return f"title-case or capitalised words ({line.capitalized_share:.0%})"
    if name == "digits":
        return "mostly numbers (a date, time or count)"
    if name == "separators":
        return "menu separators (| • » /)"
    if name == "first_char":
        return "starts like a list item or a fragment"
    if name == "word_length":
        return "long tokens (like a URL, code or file name)"
    if name == "link_like":
        return "link-like text (@, http, www.)"
    if name == "repeated":
        return "repeated elsewhere on the page"
    if name == "vocabulary":
        # Ties in weight go alphabetically: a set's order changes from run to run.
        furniture = sorted({w.lower() for w in line.words if model.vocabulary.get(w.lower(), 0) < -0.5},
                           key=lambda w: (model.vocabulary[w], w))[:3]
        return ("page-furniture words (" + ", ".join(repr(w) for w in furniture) + ")"
                if furniture else "words typical of page furniture")
    if name == "position":
        return f"at {bin_index * 10}–{bin_index * 10 + 10}% of the page"
    if name == "text_before":
        return "before the main text block" if bin_index == 0 else "after most of the text"
    if name == "text_after":
        return "after the main text block" if bin_index == 0 else "before most of the text"
    if name == "text_distance":
        distance = bin_index // 2
        return (f"{distance}+ lines away from running text" if distance >= 6
                else f"{distance} lines away from running text" if distance else "")
    if name == "neighbours":
        return "between short label-like lines"
    if name == "comment_sign":
        return "a comment's header (a timestamp or “… says:”)"
    if name == "signs_above":
        return "below comment headers (a comment thread)"
    if name == "signs_near":
        return "next to comment headers (a comment thread)"
    return ""


ATTRIBUTION_MAX_WORDS = 8
ATTRIBUTED_MIN_WORDS = 12  # a paragraph that long may carry a credit line after it
SENTENCE_MIN_WORDS = 2
SENTENCE_MIN_STOP_SHARE = 0.2
PROSE_MIN_WORDS = 12


def keep_article_edges(lines: Sequence[Line], keep: list[bool]) -> None:
    """Keep what borders kept running text and belongs to the article, though short:

    - sentences that touch it (a closing "“No comment,” she said." or a one-line paragraph):
      a line that reads as a sentence is article text unless furniture separates it from the
      article. Menus, footers and link lists do not read as sentences;
    - a "— Reuters" line that closes it (it credits the article);
    - a title right above it that shares its subject.

    Checked on every pass against the survivors, so it holds at the fixed point too.
    """
    keep_introduced_lists(lines, keep)
    # Forwards, then backwards, so a run of sentences next to the article stays whole.
    for order in (range(1, len(lines)), range(len(lines) - 2, -1, -1)):
        for position in order:
            neighbour = position - 1 if order.step == 1 else position + 1
            if not keep[position] and keep[neighbour] and reads_as_sentence(lines[position]):
                keep[position] = True
    for position in range(1, len(lines)):
        line = lines[position]
        if (not keep[position] and keep[position - 1] and line.is_attribution
                and len(line.words) <= ATTRIBUTION_MAX_WORDS
                and (lines[position - 1].ends_like_sentence or lines[position - 1].is_attribution
                     or len(lines[position - 1].words) >= ATTRIBUTED_MIN_WORDS)):
            keep[position] = True
    article_keys: set[str] | None = None  # the kept lines' content keys, gathered on first need
    for position in range(len(lines) - 1):
        if keep[position] or not _article_follows(lines, keep, position):
            continue
        if article_keys is None:
            article_keys = set().union(*(line.content_keys for line, kept in zip(lines, keep) if kept))
        if is_title_of(lines[position], article_keys):
            keep[position] = True
            article_keys.update(lines[position].content_keys)


TITLE_GAP_LINES = 4  # short furniture lines ("X", "Email") that may stand between title and text
TITLE_GAP_WORDS = 4


def _article_follows(lines: Sequence[Line], keep: list[bool], position: int) -> bool:
    """Whether kept text follows the line, across at most a few short furniture lines."""
    for following in range(position + 1, min(len(lines), position + 2 + TITLE_GAP_LINES)):
        if keep[following]:
            return True
        if len(lines[following].words) > TITLE_GAP_WORDS:
            return False
    return False


LIST_ITEM_MAX_WORDS = 12
LIST_MAX_ITEMS = 20
LEAD_IN_MIN_WORDS = 2


def keep_introduced_lists(lines: Sequence[Line], keep: list[bool]) -> None:
    """Keep a list the article introduces: "The result in full:" right after running text,
    and the short lines under it (results, places, names), whether or not the lead-in itself
    was kept. The text above must be kept, or the list must run into kept text (then the list
    joins the two, and the text above it stays too). A lead-in has a few words, unlike a
    one-word label such as "Tags:"."""
    for position in range(1, len(lines) - 1):
        lead = lines[position]
        if not lead.stripped.endswith(":") or len(lead.words) < LEAD_IN_MIN_WORDS:
            continue
        above = lines[position - 1]
        if not (above.ends_like_sentence or is_running_text(above)):
            continue
        end = position + 1
        while (end < len(lines) and end - position <= LIST_MAX_ITEMS
               and 1 <= len(lines[end].words) <= LIST_ITEM_MAX_WORDS):
            end += 1
        if end == position + 1:
            continue
        if keep[position - 1]:
            start = position
        elif end < len(lines) and keep[end] and is_running_text(above):
            start = position - 1
        else:
            continue
        for item in range(start, end):
            keep[item] = True


TITLE_MIN_WORDS = 4  # "Harbour Life" is a menu entry, "Storm closes schools" a title
TITLE_MAX_WORDS = 25


def is_title_of(line: Line, article_keys: set[str] | frozenset[str]) -> bool:
    """A short line, not a sentence, most of whose content words the article uses
    (``article_keys``: the content keys of the article's lines)."""
    if not TITLE_MIN_WORDS <= len(line.words) <= TITLE_MAX_WORDS or line.stripped.endswith((".", ":", ";")):
        return False
    return subject_overlap(line, article_keys) >= TITLE_SUBJECT_SHARE


def reads_as_sentence(line: Line) -> bool:
    """Ends like a sentence and has the function words of one (a short sentence needs only
    one: "No comment." — a share of a few words says little)."""
    share = line.stop_word_share
    if len(line.words) >= PROSE_MIN_WORDS and share >= SENTENCE_MIN_STOP_SHARE:
        return True  # a paragraph, even one that ends in "— AFP" or a link
    if not line.ends_like_sentence or line.stripped.endswith(":") or len(line.words) < SENTENCE_MIN_WORDS:
        return False
    return share >= SENTENCE_MIN_STOP_SHARE or (len(line.words) < 10 and share > 0)


def page_features(lines: Sequence[Line], in_play: Sequence[int], known: dict,
                  vocabulary: Mapping[str, float], vocabulary_edges: Sequence[float],
                  sign_index: int) -> tuple[list, list, list, list, list, list]:
    """What the rule reads of each line in play (``in_play``: indices into ``lines``), as lists
    parallel to ``in_play``: (the lines, their own-feature bins, whether each is running text,
    its neighbour kind, whether its bins hold a comment sign (``sign_index``), whether its text
    stands more than once among them).

    ``known`` is a memo keyed by line text: a line's (own bins, running, kind) depend on its
    text alone, so they are worked out the first time a text is in play, and read from there
    when the engine runs the rule again or another page repeats the line. Each entry is read
    once, where it is found or made (another thread may clear the memo meanwhile).
    """
    play_lines = [lines[i] for i in in_play]
    entries = []
    for line in play_lines:
        entry = known.get(line.text)
        if entry is None:
            running = is_running_text(line)
            entry = known[line.text] = (own_features(line, False, vocabulary, vocabulary_edges),
                                        running, neighbour_kind(line, running))
        entries.append(entry)
    own = [entry[0] for entry in entries]
    running = [entry[1] for entry in entries]
    kinds = [entry[2] for entry in entries]
    signs = [bins[sign_index] != NO_SIGN for bins in own]
    # Lines whose text stands more than once on the page: only they can be repeated among the
    # lines still alive.
    counts = Counter(line.stripped for line in play_lines)
    twice_on_page = [counts[line.stripped] > 1 for line in play_lines]
    return play_lines, own, running, kinds, signs, twice_on_page


def score_alive(alive: Sequence[int], play_lines: Sequence[Line], base: Sequence[float],
                running: Sequence[bool], kinds: Sequence[int], signs: Sequence[bool],
                twice_on_page: Sequence[bool], repeated_table: Sequence[float],
                tables: Sequence[Sequence[float]],
                ) -> tuple[list[Line], list[float], list[tuple[int, ...]], list[bool]]:
    """One pass's scores of the lines still alive (``alive``: indices into the other lists,
    those of ``page_features``): the own part (``base``, fixed) plus whether the line is
    repeated among the alive lines (``repeated_table``) plus the context part (recomputed,
    ``tables``). Returns (the alive lines, their scores, context bins, repeated flags)."""
    alive_lines = [play_lines[k] for k in alive]
    counts = Counter(line.stripped for k, line in zip(alive, alive_lines) if twice_on_page[k])
    context_bins = context_features(alive_lines, [running[k] for k in alive],
                                    [kinds[k] for k in alive], [signs[k] for k in alive])
    repeated = [twice_on_page[k] and counts[line.stripped] > 1
                for k, line in zip(alive, alive_lines)]
    starts = [base[k] + repeated_table[1 if twice else 0] for k, twice in zip(alive, repeated)]
    return alive_lines, add_weights(context_bins, tables, starts), context_bins, repeated


def add_weights(rows: Sequence[Sequence[int]], tables: Sequence[Sequence[float]],
                starts: Sequence[float]) -> list[float]:
    """Each row's start plus the weights of its bins, ``tables[j][row[j]]``, added left to right.

    The additive model's scores. Float addition is not associative, so the order is part of
    the result: the compiled twin adds in this same order.
    """
    sums = []
    for bins, value in zip(rows, starts, strict=True):
        for table, b in zip(tables, bins):
            value += table[b]
        sums.append(value)
    return sums


def drop_unkept(alive: Sequence[int], keep: Sequence[bool], verdict: dict, partial: type,
                reason, lines: Sequence[Line], own: Sequence[tuple[int, ...]],
                context_bins: Sequence[tuple[int, ...]], repeated: Sequence[bool],
                scores: Sequence[float]) -> list[int]:
    """The entries of ``alive`` (indices into ``lines`` and ``own``) that ``keep`` keeps; for
    each one it drops, at position ``p`` of this pass, ``verdict[k]`` becomes
    ``partial(reason, lines[k], own[k], context_bins[p], repeated[p], scores[p])``, or
    ``reason`` itself when ``partial`` is None (no reasons asked for).

    Most lines of a scraped page are furniture, so this runs for most lines of a page.
    """
    kept = []
    for position, (k, flag) in enumerate(zip(alive, keep)):
        if flag:
            kept.append(k)
        elif partial is None:
            verdict[k] = reason
        else:
            verdict[k] = partial(reason, lines[k], own[k], context_bins[position],
                                 repeated[position], scores[position])
    return kept


def segment(scores: Sequence[float], switch_cost: float) -> list[bool]:
    """Best split of a page into content/furniture runs: Viterbi over two states.

    Content earns its line's score, furniture earns 0, and every switch between the two costs
    ``switch_cost``; the page may start and end in either state.
    """
    count = len(scores)
    if not count:
        return []
    # best totals ending in furniture (0) / content (1), with back-pointers
    furniture, content = 0.0, scores[0]
    back: list[tuple[bool, bool]] = []  # (furniture came from content, content came from furniture)
    for index in range(1, count):
        stay_f, switch_f = furniture, content - switch_cost
        stay_c, switch_c = content, furniture - switch_cost
        from_content = switch_f > stay_f
        from_furniture = switch_c > stay_c
        furniture = switch_f if from_content else stay_f
        content = (switch_c if from_furniture else stay_c) + scores[index]
        back.append((from_content, from_furniture))
    state = content > furniture
    keep = [False] * count
    for index in range(count - 1, -1, -1):
        keep[index] = state
        if index:
            from_content, from_furniture = back[index - 1]
            state = (not from_furniture) if state else from_content
    return keep


def best_block(scores: Sequence[float]) -> list[bool]:
    """The contiguous block with the highest total score (at least one line): never empty."""
    best, best_range = float("-inf"), (0, 1)
    total, start = 0.0, 0
    for index, value in enumerate(scores):
        if total <= 0:
            total, start = value, index
        else:
            total += value
        if total > best:
            best, best_range = total, (start, index + 1)
    return [best_range[0] <= i < best_range[1] for i in range(len(scores))]


# The pure-Python references, under names that stay when the compiled twins (cleaner._speedups,
# identical results, see tests/test_speedups_scoring.py) take over the public names.
py_add_weights, py_segment, py_best_block = add_weights, segment, best_block
py_keep_article_edges, py_drop_unkept = keep_article_edges, drop_unkept
if speedups is not None:
    add_weights, segment, best_block = speedups.add_weights, speedups.segment, speedups.best_block
    drop_unkept = speedups.drop_unkept

    def keep_article_edges(lines: Sequence[Line], keep: list[bool]) -> None:  # noqa: F811
        """``py_keep_article_edges`` with its loops in C; the judges it calls on a few lines
        (not per line) stay these Python functions."""
        speedups.keep_article_edges(lines, keep, reads_as_sentence, is_running_text, is_title_of)

py_page_features, py_score_alive = page_features, score_alive
# (an extension built before these twins existed lacks them: the references run)
if speedups is not None and hasattr(speedups, "score_alive"):
    # One C call per page and one per pass instead of Python loops over every line in play.
    page_features, score_alive = speedups.page_features, speedups.score_alive
