"""Verified pairs → groups that cannot chain: complete linkage, deterministic.

Single linkage (transitive closure of the matched pairs) lets A~B and B~C put A and C in
one group although A and C tell different stories; on the dev corpus it merges most pairs
of sibling stories. Here two groups merge only when **every** cross pair scores at least
the threshold, best merge first (agglomerative complete linkage). Pairs the LSH did not
propose are scored exactly when a merge needs them, so a group is never held together by
an estimate, and every pair inside a returned group is a verified match.

Determinism: documents are numbered in id order by the caller; merges are taken by score,
ties by the smallest member numbers, so the same corpus in any input order gives the same
groups.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable

import numpy as np
from scipy import sparse

#: Scores the pairs (left[k], right[k]) exactly; returns float scores.
PairScorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


class PairScores:
    """Exact scores known so far: the candidate pairs' as two arrays (searched, not a dict of
    millions of tuples), plus a small dict of the pairs scored on demand during grouping."""

    def __init__(self, count: int, pairs: np.ndarray, scores: np.ndarray) -> None:
        self.width = max(count, 1)
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        codes = pairs[:, 0] * self.width + pairs[:, 1]
        order = np.argsort(codes, kind="stable") if len(codes) and np.any(codes[1:] < codes[:-1]) else None
        self._codes = codes if order is None else codes[order]
        scores = np.asarray(scores, dtype=np.float64)
        self._scores = scores if order is None else scores[order]
        self.extra: dict[tuple[int, int], float] = {}

    def lookup(self, pairs: list[tuple[int, int]]) -> list[float | None]:
        """Scores of (smaller, larger) pairs; None where unknown."""
        found: list[float | None] = [self.extra.get(pair) for pair in pairs]
        unknown = [k for k, value in enumerate(found) if value is None]
        if unknown and len(self._codes):
            codes = np.fromiter((pairs[k][0] * self.width + pairs[k][1] for k in unknown), dtype=np.int64,
                                count=len(unknown))
            positions = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
            hit = self._codes[positions] == codes
            scores = self._scores[positions].tolist()
            extra = self.extra
            for k, is_hit, score in zip(unknown, hit.tolist(), scores):
                if is_hit:
                    found[k] = extra[pairs[k]] = score  # looked up again by later merges
        return found

    def __len__(self) -> int:
        """The number of candidate pairs (those given at the start)."""
        return len(self._codes)

    def holds(self, codes: np.ndarray) -> np.ndarray:
        """Whether each pair code (smaller · width + larger) is among the candidate pairs."""
        if not len(self._codes):
            return np.zeros(len(codes), dtype=bool)
        return self._codes[np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)] == codes

    def __getitem__(self, pair: tuple[int, int]) -> float:
        value = self.lookup([pair])[0]
        if value is None:
            raise KeyError(pair)
        return value


def complete_linkage(count: int, pairs: np.ndarray, scores: np.ndarray, threshold: float,
                     score_pairs: PairScorer) -> tuple[list[list[int]], PairScores]:
    """Group documents 0..count-1 by complete linkage at ``threshold``.

    ``pairs`` (an (n, 2) array, smaller first) are the verified candidate pairs and
    ``scores`` their exact scores; ``score_pairs`` scores any other pair a merge needs.
    Returns the groups of two or more (each sorted, groups sorted by first member) and
    every pair score known (``known[(smaller, larger)]``).
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    scores = np.asarray(scores, dtype=np.float64)
    above = np.flatnonzero(scores >= threshold)
    known = PairScores(count, pairs, scores)
    # What merges ask for most, kept in the dict: the matching pairs, and the pairs two steps
    # apart over them, these scored in one batch instead of one by one as merges ask.
    ahead = _two_steps_apart(known, pairs[above])
    for batch, batch_scores in ((pairs[above], scores[above]), (ahead, score_pairs(*ahead.T))):
        known.extra.update(zip(zip(*batch.T.tolist()), batch_scores.tolist()))
    neighbours: dict[int, set[int]] = {}
    heap: list[tuple[float, int, int, int, int]] = []
    for i, j, score in zip(pairs[above, 0].tolist(), pairs[above, 1].tolist(), scores[above].tolist()):
        neighbours.setdefault(i, set()).add(j)
        neighbours.setdefault(j, set()).add(i)
        heap.append((-score, i, j, 0, 0) if i < j else (-score, j, i, 0, 0))

    members: dict[int, list[int]] = {i: [i] for i in neighbours}  # root (smallest member) → members
    adjacent_roots: dict[int, set[int]] = neighbours  # becomes root → adjacent roots as groups merge
    version = dict.fromkeys(neighbours, 0)
    heapq.heapify(heap)

    def link(group_a: list[int], group_b: list[int]) -> float:
        """Complete-linkage similarity: the lowest score over all cross pairs.

        Pairs not scored yet are scored only if every known one reaches the threshold;
        otherwise the lowest known score is returned: below the threshold, it decides
        "no merge" as the exact value would (a group's similarity only falls as it grows).
        """
        cross = [(a, b) if a < b else (b, a) for a in group_a for b in group_b]
        found = known.lookup(cross)
        scores = [value for value in found if value is not None]
        if len(scores) == len(cross) or (scores and min(scores) < threshold):
            return min(scores)
        missing = [pair for pair, value in zip(cross, found) if value is None]
        left = np.fromiter((p[0] for p in missing), dtype=np.int64, count=len(missing))
        right = np.fromiter((p[1] for p in missing), dtype=np.int64, count=len(missing))
        new = score_pairs(left, right).tolist()
        known.extra.update(zip(missing, new))
        return min(scores + new)

    # Complete-linkage similarities computed so far, keyed by the two roots and their
    # versions: a merged group's similarity to C is the lower of its two parts' (the
    # Lance–Williams update), so a part's earlier result is reused, not rescanned.
    linked: dict[tuple[int, int], tuple[int, int, float]] = {}

    def cached(root_1: int, version_1: int, root_2: int, version_2: int) -> float | None:
        key, versions = ((root_1, root_2), (version_1, version_2)) if root_1 < root_2 else \
            ((root_2, root_1), (version_2, version_1))
        entry = linked.get(key)
        if entry is not None and entry[:2] == versions:
            return entry[2]
        # Two groups never merged are two documents: their similarity is their pair's score.
        return known.extra.get(key) if versions == (0, 0) else None

    while heap:
        negative, root_a, root_b, version_a, version_b = heapq.heappop(heap)
        if version.get(root_a) != version_a or version.get(root_b) != version_b:
            continue  # one side has merged since this entry was pushed
        parts = ((root_a, version_a, members[root_a]), (root_b, version_b, members[root_b]))
        merged_root, other_root = min(root_a, root_b), max(root_a, root_b)
        members[merged_root] = sorted(members[merged_root] + members.pop(other_root))
        del version[other_root]
        version[merged_root] += 1
        # Groups adjacent to the merged one (a member pair scoring ≥ threshold), kept per
        # root: the union of the two parts', not a rescan of every member's neighbours.
        other_adjacent = adjacent_roots.pop(other_root)
        for root in other_adjacent:
            around = adjacent_roots[root]
            around.discard(other_root)
            around.add(merged_root)
        adjacent = adjacent_roots[merged_root]
        adjacent |= other_adjacent
        adjacent.discard(merged_root)
        adjacent.discard(other_root)
        for root in sorted(adjacent):
            other, other_version = members[root], version[root]
            # The lower of the two parts' similarities (Lance–Williams), known ones first: once
            # one is below the threshold the other need not be worked out.
            similarity, unknown = None, []
            for part_root, part_version, part_members in parts:
                part = cached(part_root, part_version, root, other_version)
                if part is None:
                    unknown.append(part_members)
                elif similarity is None or part < similarity:
                    similarity = part
            for part_members in unknown:
                if similarity is not None and similarity < threshold:
                    break
                part = link(part_members, other)
                if similarity is None or part < similarity:
                    similarity = part
            low, high = min(merged_root, root), max(merged_root, root)
            linked[(low, high)] = (version[low], version[high], similarity)
            if similarity >= threshold:
                heapq.heappush(heap, (-similarity, low, high, version[low], version[high]))

    groups = sorted(group for group in members.values() if len(group) > 1)
    return groups, known


def _two_steps_apart(known: PairScores, matched: np.ndarray) -> np.ndarray:
    """Pairs (a, c), not among the candidates ``known`` holds, with a~b and b~c both
    ``matched``: what merging {a, b} with {c} needs scored. Empty when finding them could
    cost more than a few times the candidates, or there are more of them than candidates (a
    few hubs make them quadratic): merges then score what they need as they go, as they do
    for pairs three or more steps apart.
    """
    candidates, width = len(known), known.width
    degree = np.bincount(matched.ravel(), minlength=width)
    if len(matched) == 0 or int((degree * (degree - 1) // 2).sum()) > 4 * candidates:
        return np.empty((0, 2), dtype=np.int64)
    ones = np.ones(2 * len(matched), dtype=np.int32)
    adjacency = sparse.csr_matrix((ones, (matched.ravel(), matched[:, ::-1].ravel())), shape=(width, width))
    two_steps = sparse.triu(adjacency @ adjacency, k=1).tocoo()
    codes = two_steps.row.astype(np.int64) * width + two_steps.col
    codes = codes[~known.holds(codes)]
    if len(codes) > candidates:
        return np.empty((0, 2), dtype=np.int64)
    return np.stack((codes // width, codes % width), axis=1)
