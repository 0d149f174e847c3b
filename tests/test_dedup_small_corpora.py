"""Small and lopsided corpora: weights that do not need a big corpus (background table).

Seed 000 and 001 tell one story in other words; 002 and 004 are other stories on the same
topic (NATO, Stoltenberg, Ukraine). Corpus IDF alone scores 000~001 at 0 in a two-document
corpus; these are the cases the pre-commit hook meets (a staged file against a few tracked ones).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.dedup import DuplicateIndex, find_duplicates

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CLEAN_SEEDS = {path.name[:3]: path.read_text(encoding="utf-8")
               for path in sorted((FIXTURES / "seeds" / "expected").glob("*.txt"))}
STORIES = {path.name: path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "dedup").glob("*.txt"))}
STORY_GROUPS = [["mill_fire_1.txt", "mill_fire_2.txt", "mill_fire_3.txt"],
                ["warehouse_fire_1.txt", "warehouse_fire_2.txt"]]


def groups_of(names: list[str]) -> list[list[str]]:
    corpus = {name: CLEAN_SEEDS[name] for name in names}
    return sorted(sorted(group.ids) for group in find_duplicates(corpus, clean=False))


@pytest.mark.parametrize("names, expected", [
    (["000", "001"], [["000", "001"]]),
    (["000", "001", "002"], [["000", "001"]]),
    (["002", "000", "001"], [["000", "001"]]),
    (["000", "002"], []),
    (["001", "002"], []),
    (["002", "004"], []),
    (["000", "002", "004"], []),
    (["000", "001", "002", "003", "004"], [["000", "001"]]),
])
def test_find_duplicates_on_two_to_five_seed_documents(names, expected):
    assert groups_of(names) == expected


@pytest.mark.parametrize("indexed, query, expected", [
    (["000"], "001", ["000"]),
    (["001"], "000", ["001"]),
    (["000"], "002", []),
    (["000", "002"], "001", ["000"]),
    (["002", "000"], "004", []),
])
def test_index_add_then_query_on_one_or_two_documents(indexed, query, expected):
    index = DuplicateIndex(clean=False)
    for name in indexed:
        index.add(name, CLEAN_SEEDS[name])
    assert [match.id for match in index.query(CLEAN_SEEDS[query])] == expected


def test_index_like_the_pre_commit_hook_cache():
    """The hook's cache holds every blob it has seen, the staged file included, and queries it."""
    index = DuplicateIndex(clean=False)
    index.add_many([("002", CLEAN_SEEDS["002"]), ("003", CLEAN_SEEDS["003"])])
    index.add("000", CLEAN_SEEDS["000"])
    index.add("001", CLEAN_SEEDS["001"])
    assert [m.id for m in index.query(CLEAN_SEEDS["001"])] == ["001", "000"]
    index.add("004", CLEAN_SEEDS["004"])
    assert [m.id for m in index.query(CLEAN_SEEDS["004"])] == ["004"]


@pytest.mark.parametrize("seed", sorted(CLEAN_SEEDS))
def test_each_seed_among_the_fire_stories_changes_nothing(seed):
    corpus = {**STORIES, seed: CLEAN_SEEDS[seed]}
    assert sorted(sorted(g.ids) for g in find_duplicates(corpus, clean=False)) == STORY_GROUPS


def test_one_topic_among_a_few_unrelated_stories_is_not_grouped_by_its_topic():
    """The five NATO seeds plus the fire stories: only 000+001 and the two fire stories group."""
    corpus = {**STORIES, **{f"seed_{k}": v for k, v in CLEAN_SEEDS.items()}}
    groups = sorted(sorted(g.ids) for g in find_duplicates(corpus, clean=False))
    assert groups == sorted(STORY_GROUPS + [["seed_000", "seed_001"]])
