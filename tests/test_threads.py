"""Threads sharing one Cleaner clean as one thread does.

What they share: the rule set, each pattern list's memo of verdicts and, when the extension is
built, the table of words behind the line model (emptied whenever it is full, which the
fixture pages make it be several times). Switching threads as often as the interpreter allows
puts their work in every interleaving it can.
"""
from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cleaner import Cleaner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREADS = 6


def test_threads_sharing_a_cleaner_give_what_one_thread_gives():
    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("**/*.txt"))]
    assert len(texts) > 400
    expected = [Cleaner().clean(text) for text in texts]
    explained = [Cleaner().explain(text).removals for text in texts[::7]]
    shared = Cleaner()
    orders = [random.Random(seed).sample(range(len(texts)), len(texts)) for seed in range(THREADS)]

    def clean_in(order: list[int]) -> list[tuple[int, str]]:
        return [(index, shared.clean(texts[index])) for index in order]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            cleaned = list(pool.map(clean_in, orders))
            removals = list(pool.map(lambda text: shared.explain(text).removals, texts[::7]))
    finally:
        sys.setswitchinterval(interval)
    for result in cleaned:
        assert len(result) == len(texts)
        for index, text in result:
            assert text == expected[index], index
    assert removals == explained
