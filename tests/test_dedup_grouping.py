"""Complete linkage (cleaner.dedup.grouping) against a plain reference implementation."""
from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from cleaner.dedup import grouping
from cleaner.dedup.grouping import complete_linkage


def reference_linkage(count: int, candidates: set[tuple[int, int]], score, threshold: float) -> list[list[int]]:
    """Complete linkage the slow way: groups are adjacent when a candidate pair between them
    scores ≥ threshold; merge the adjacent pair whose lowest cross score is highest (ties: the
    smallest first members), until none reaches the threshold."""
    groups = [[i] for i in range(count)]
    while True:
        best = None
        for a, b in combinations(sorted(groups), 2):
            if not any((min(x, y), max(x, y)) in candidates and score(x, y) >= threshold for x in a for y in b):
                continue
            similarity = min(score(x, y) for x in a for y in b)
            if similarity >= threshold and (best is None or similarity > best[0]):
                best = (similarity, a, b)
        if best is None:
            return sorted(group for group in groups if len(group) > 1)
        groups.remove(best[1])
        groups.remove(best[2])
        groups.append(sorted(best[1] + best[2]))


def random_case(seed: int, count: int = 30):
    """Clustered scores rounded to 0.05 (so ties happen), and a random share of pairs as candidates."""
    rng = random.Random(seed)
    cluster = [rng.randrange(6) for _ in range(count)]
    matrix = np.zeros((count, count))
    for a, b in combinations(range(count), 2):
        base = 0.6 if cluster[a] == cluster[b] else 0.1
        matrix[a, b] = matrix[b, a] = round(min(1.0, max(0.0, base + rng.uniform(-0.35, 0.35))) * 20) / 20
    share = rng.choice([1.0, 0.7, 0.4])
    candidates = sorted(pair for pair in combinations(range(count), 2) if rng.random() < share)
    return matrix, candidates


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("threshold", [0.3, 0.5])
def test_complete_linkage_equals_the_reference(seed, threshold):
    matrix, candidates = random_case(seed)
    scored: list[int] = []

    def score_pairs(left, right):
        scored.append(len(left))
        return matrix[np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)]

    pairs = np.array(candidates, dtype=np.int64).reshape(-1, 2)
    groups, known = complete_linkage(len(matrix), pairs, matrix[pairs[:, 0], pairs[:, 1]], threshold, score_pairs)
    expected = reference_linkage(len(matrix), set(candidates), lambda x, y: matrix[x, y], threshold)
    assert groups == expected
    for group in groups:  # every pair inside a group is known exactly and reaches the threshold
        for a, b in combinations(group, 2):
            assert known[(a, b)] == matrix[a, b] >= threshold


def test_pairs_two_steps_apart_are_scored_at_once_and_change_nothing(monkeypatch):
    matrix, candidates = random_case(3, count=40)
    pairs = np.array(candidates, dtype=np.int64)
    calls: list[int] = []

    def score_pairs(left, right):
        calls.append(len(left))
        return matrix[np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)]

    ahead = complete_linkage(len(matrix), pairs, matrix[pairs[:, 0], pairs[:, 1]], 0.3, score_pairs)
    assert calls[0] > 10  # the batch of pairs two steps apart comes first
    calls.clear()
    monkeypatch.setattr(grouping, "_two_steps_apart", lambda known, matched: np.empty((0, 2), dtype=np.int64))
    one_by_one = complete_linkage(len(matrix), pairs, matrix[pairs[:, 0], pairs[:, 1]], 0.3, score_pairs)
    assert ahead[0] == one_by_one[0]
    assert all(ahead[1][(a, b)] == one_by_one[1][(a, b)]
               for group in ahead[0] for a, b in combinations(group, 2))
