"""find_duplicates: seeds, same-topic traps, no chaining, order independence, inputs, errors."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from cleaner.dedup import DuplicateGroup, find_duplicates
from cleaner.dedup.features import extract_features
from cleaner.dedup.verify import CorpusScorer, effective_threshold
from cleaner.errors import CleanerError, ConfigError, InputError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
STORIES = FIXTURES / "dedup"


def read_corpus(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


def member_lists(groups: list[DuplicateGroup]) -> list[list[str]]:
    return sorted(sorted(group.ids) for group in groups)


def test_seeds_only_000_and_001_group_with_the_defaults():
    expected = json.loads((SEEDS / "expected" / "duplicates.json").read_text())["near_duplicate_groups"]
    groups = find_duplicates(read_corpus(SEEDS))  # clean=True: the default, as users call it
    assert member_lists(groups) == sorted(sorted(group) for group in expected)


def test_two_stories_on_one_topic_stay_apart():
    expected = json.loads((STORIES / "expected.json").read_text())["groups"]
    assert member_lists(find_duplicates(read_corpus(STORIES))) == sorted(expected)


def test_a_group_reports_every_member_pair_at_or_above_the_threshold_and_keeps_the_longest():
    corpus = read_corpus(STORIES)
    for threshold in (0.1, 0.2):
        for group in find_duplicates(corpus, threshold=threshold):
            pairs = {(pair.first, pair.second) for pair in group.pairs}
            members = list(group.ids)
            assert pairs == {(a, b) for k, a in enumerate(members) for b in members[k + 1:]}
            assert all(threshold <= pair.similarity <= 1.0 for pair in group.pairs)
            longest = max(len(corpus[i]) for i in members)
            assert len(corpus[group.keep]) == longest and group.keep in members
            assert set(group.drop) == set(members) - {group.keep}


def test_keep_ties_go_to_the_first_id():
    text = read_corpus(STORIES)["mill_fire_1.txt"]
    (group,) = find_duplicates({"b": text, "a": text, "c": "Unrelated council budget vote in Ashby."})
    assert group.ids == ("a", "b") and group.keep == "a"
    assert group.pairs[0].similarity == pytest.approx(1.0)


def test_input_order_does_not_change_the_result():
    corpus = {**read_corpus(STORIES), **read_corpus(SEEDS)}
    reference = find_duplicates(corpus)
    # One topic (five NATO seeds) among a few unrelated stories: grouped by story, not by topic.
    seeds_group = json.loads((SEEDS / "expected" / "duplicates.json").read_text())["near_duplicate_groups"]
    stories_groups = json.loads((STORIES / "expected.json").read_text())["groups"]
    assert member_lists(reference) == sorted(sorted(g) for g in seeds_group + stories_groups)
    rng = random.Random(11)
    for _ in range(3):
        items = list(corpus.items())
        rng.shuffle(items)
        assert find_duplicates(items) == reference  # pairs, scores and keep included
        assert find_duplicates(dict(items)) == reference


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(4))
            for _ in range(count)]


def test_groups_do_not_chain_two_stories_through_a_third_document():
    rng = random.Random(5)
    story_a, story_c = _words(rng, 40), _words(rng, 40)
    corpus = {
        "A": " ".join(story_a),
        "B": " ".join(story_a[:20] + story_c[:20]),  # half of each story: like both, is neither
        "C": " ".join(story_c),
    }
    corpus.update({f"filler{k}": " ".join(_words(rng, 40)) for k in range(5)})
    ids = sorted(corpus)
    scorer = CorpusScorer([extract_features(corpus[i]) for i in ids])
    a, b, c = ids.index("A"), ids.index("B"), ids.index("C")
    threshold = 0.07
    needed = effective_threshold(threshold, len(ids))  # what a pair must score in 8 documents
    assert scorer.score(a, b) >= needed and scorer.score(b, c) >= needed  # A~B, B~C
    assert scorer.score(a, c) < needed  # A !~ C
    groups = find_duplicates(corpus, threshold=threshold, clean=False)
    assert len(groups) == 1 and "B" in groups[0].ids
    assert not {"A", "C"} <= set(groups[0].ids)


def test_mapping_and_iterable_of_pairs_give_the_same_groups():
    corpus = read_corpus(STORIES)
    from_mapping = find_duplicates(corpus, clean=False)
    assert find_duplicates(list(corpus.items()), clean=False) == from_mapping
    assert find_duplicates(iter(corpus.items()), clean=False) == from_mapping
    assert find_duplicates([[i, t] for i, t in corpus.items()], clean=False) == from_mapping


def test_integer_ids_are_returned_as_given():
    corpus = read_corpus(STORIES)
    numbered = {number: corpus[name] for number, name in enumerate(sorted(corpus))}
    groups = find_duplicates(numbered, clean=False)
    assert [group.ids for group in groups] == [(1, 2, 3), (4, 5)]


def test_empty_single_and_textless_corpora_have_no_groups():
    assert find_duplicates({}) == []
    assert find_duplicates([]) == []
    assert find_duplicates({"only": "A single report of a mill fire in Dunmore."}) == []
    assert find_duplicates({"a": "", "b": "", "c": "the and of"}, clean=False) == []


def test_repeated_ids_are_an_input_error():
    with pytest.raises(InputError, match="'a' appears more than once"):
        find_duplicates([("a", "one text"), ("b", "two"), ("a", "three")])


@pytest.mark.parametrize("documents", [
    "just a string",
    [("a", b"bytes are not text")],
    [("a", None)],
    [("a", "text", "extra")],
    [42],
    [(["unhashable"], "text")],
])
def test_malformed_documents_are_input_errors(documents):
    with pytest.raises(InputError):
        find_duplicates(documents)


@pytest.mark.parametrize("options", [
    {"threshold": 0}, {"threshold": 1.5}, {"threshold": -0.1}, {"threshold": "0.2"},
    {"lsh_threshold": 0}, {"num_perm": 0}, {"num_perm": 1}, {"seed": -1},
])
def test_bad_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        find_duplicates({"a": "x", "b": "y"}, **options)
    assert issubclass(ConfigError, CleanerError)


def test_threshold_one_groups_only_identical_feature_sets():
    corpus = read_corpus(STORIES)
    corpus["copy_of_mill_fire_1.txt"] = corpus["mill_fire_1.txt"] + "\n"
    groups = find_duplicates(corpus, threshold=1.0, clean=False)
    assert member_lists(groups) == [["copy_of_mill_fire_1.txt", "mill_fire_1.txt"]]


def test_each_distinct_text_is_cleaned_once_and_copies_group_as_cleaned(monkeypatch):
    import cleaner
    corpus = read_corpus(STORIES)
    copies = {**corpus, **{f"copy-{name}": text for name, text in corpus.items()}}
    cleaned: list[str] = []
    real_clean = cleaner.clean
    monkeypatch.setattr(cleaner, "clean", lambda text: cleaned.append(text) or real_clean(text))
    groups = find_duplicates(copies)
    assert sorted(cleaned) == sorted(corpus.values())
    monkeypatch.setattr(cleaner, "clean", real_clean)
    cleaned_copies = {name: real_clean(text) for name, text in copies.items()}
    assert groups == find_duplicates(cleaned_copies, clean=False)
