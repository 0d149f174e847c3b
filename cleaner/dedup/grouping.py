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
from collections.abc import Callable, Iterable

import numpy as np

#: Scores the pairs (left[k], right[k]) exactly; returns float scores.
PairScorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


def complete_linkage(count: int, scored_pairs: Iterable[tuple[int, int, float]], threshold: float,
                     score_pairs: PairScorer) -> tuple[list[list[int]], dict[tuple[int, int], float]]:
    """Group documents 0..count-1 by complete linkage at ``threshold``.

    ``scored_pairs`` are the verified candidate pairs (i, j, score); ``score_pairs`` scores
    any other pair a merge needs. Returns the groups of two or more (each sorted, groups
    sorted by first member) and every pair score known, keyed (smaller, larger).
    """
    known: dict[tuple[int, int], float] = {}
    neighbours: dict[int, set[int]] = {}
    for i, j, score in scored_pairs:
        key = (i, j) if i < j else (j, i)
        known[key] = float(score)
        if score >= threshold:
            neighbours.setdefault(i, set()).add(j)
            neighbours.setdefault(j, set()).add(i)

    members: dict[int, list[int]] = {i: [i] for i in neighbours}  # root (smallest member) → members
    root_of = {i: i for i in neighbours}
    version = dict.fromkeys(neighbours, 0)
    heap: list[tuple[float, int, int, int, int]] = []
    for (i, j), score in known.items():
        if score >= threshold:
            heap.append((-score, i, j, 0, 0))
    heapq.heapify(heap)

    def link(group_a: list[int], group_b: list[int]) -> float:
        """Complete-linkage similarity: the lowest score over all cross pairs (scoring missing ones)."""
        cross = [(a, b) if a < b else (b, a) for a in group_a for b in group_b]
        missing = [pair for pair in cross if pair not in known]
        if missing:
            left = np.fromiter((p[0] for p in missing), dtype=np.int64, count=len(missing))
            right = np.fromiter((p[1] for p in missing), dtype=np.int64, count=len(missing))
            for pair, score in zip(missing, score_pairs(left, right).tolist()):
                known[pair] = score
        return min(known[pair] for pair in cross)

    while heap:
        negative, root_a, root_b, version_a, version_b = heapq.heappop(heap)
        if version.get(root_a) != version_a or version.get(root_b) != version_b:
            continue  # one side has merged since this entry was pushed
        merged_root, other_root = min(root_a, root_b), max(root_a, root_b)
        members[merged_root] = sorted(members[merged_root] + members.pop(other_root))
        del version[other_root]
        version[merged_root] += 1
        for member in members[merged_root]:
            root_of[member] = merged_root
        group = members[merged_root]
        adjacent = sorted({root_of[n] for m in group for n in neighbours[m]} - {merged_root})
        for root in adjacent:
            similarity = link(group, members[root])
            if similarity >= threshold:
                low, high = min(merged_root, root), max(merged_root, root)
                heapq.heappush(heap, (-similarity, low, high, version[low], version[high]))

    groups = sorted(group for group in members.values() if len(group) > 1)
    return groups, known
