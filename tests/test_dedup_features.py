"""Dedup building blocks: features, bulk signatures (equal to datasketch's), exact scores."""
from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from cleaner.dedup.features import NAME_PREFIX, NUMBER_PREFIX, extract_features, stem
from cleaner.dedup.signatures import MinHasher, feature_hash
from cleaner.dedup import DEFAULT_THRESHOLD
from cleaner.dedup.verify import effective_threshold, feature_weight, CorpusScorer, cosine, query_scores
from cleaner.errors import CleanerError, ConfigError


def test_features_keep_content_words_names_and_numbers_and_drop_stop_words():
    features = extract_features("The mayor said that Rosa Quintero paid 1,250 pounds for it.")
    assert {"mayor", "rosa", "quintero", NAME_PREFIX + "rosa", NAME_PREFIX + "quintero",
            NUMBER_PREFIX + "1250"} <= features
    assert not {"the", "that", "for", "it"} & features


def test_a_capitalised_word_that_starts_a_sentence_or_line_is_not_a_name():
    features = extract_features("Firefighters came. Crews stayed\nResidents left with Vickers")
    assert NAME_PREFIX + "firefighters" not in features
    assert NAME_PREFIX + "crews" not in features
    assert NAME_PREFIX + "residents" not in features
    assert NAME_PREFIX + "vickers" in features


def test_paraphrased_word_forms_meet_after_stemming():
    assert stem("annexation") == stem("annexed")
    assert stem("operations") == stem("operation")
    assert stem("planned") == stem("plans") == "plan"
    assert extract_features("Ukraine’s forces") == extract_features("Ukraine forces")


def test_features_of_empty_or_stop_word_text_are_empty():
    assert extract_features("") == frozenset()
    assert extract_features("and the of it is") == frozenset()


@pytest.mark.parametrize("num_perm, seed", [(128, 1), (64, 7), (2, 42)])
def test_bulk_signatures_equal_datasketch_update_per_feature(num_perm, seed):
    rng = random.Random(seed)
    vocabulary = [f"w{rng.random():.12f}" for _ in range(400)] + ["ünïcode", "N:name", "#2024"]
    documents = [rng.sample(vocabulary, rng.randint(1, 150)) for _ in range(25)] + [[]]
    signatures = MinHasher(num_perm, seed).signatures(documents)
    assert signatures.shape == (len(documents), num_perm) and signatures.dtype == np.uint32
    for features, row in zip(documents, signatures):
        reference = MinHash(num_perm=num_perm, seed=seed, hashfunc=feature_hash)
        for feature in features:
            reference.update(feature.encode("utf-8"))
        assert np.array_equal(reference.hashvalues, row)


def test_signatures_work_in_datasketch_lsh_and_estimate_jaccard():
    hasher = MinHasher(128, 1)
    shared = [f"shared{i}" for i in range(80)]
    a, b = shared + ["only_a"] * 1, shared + ["only_b"]
    signatures = hasher.signatures([a, b, [f"other{i}" for i in range(80)]])
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for key, row in enumerate(signatures):
        lsh.insert(key, hasher.lean_minhash(row))
    assert sorted(lsh.query(hasher.lean_minhash(signatures[0]))) == [0, 1]
    assert hasher.lean_minhash(signatures[0]).jaccard(hasher.lean_minhash(signatures[1])) > 0.8


def test_minhasher_rejects_bad_arguments_with_cleaner_errors():
    for bad in (0, 1, -5, 2.5, True):
        with pytest.raises(ConfigError):
            MinHasher(bad)
    with pytest.raises(CleanerError):
        MinHasher(128, seed=-1)


def test_corpus_scorer_equals_the_reference_cosine():
    rng = random.Random(3)
    vocabulary = [f"term{i}" for i in range(60)] + [f"{NUMBER_PREFIX}{i}" for i in range(10)]
    feature_sets = [frozenset(rng.sample(vocabulary, rng.randint(0, 30))) for _ in range(30)]
    scorer = CorpusScorer(feature_sets)
    left, right = np.triu_indices(len(feature_sets), 1)
    fast = scorer.scores(left, right)
    for a, b, score in zip(left.tolist(), right.tolist(), fast.tolist()):
        expected = cosine(feature_sets[a], feature_sets[b], scorer.document_frequency, len(feature_sets))
        assert score == pytest.approx(expected, abs=1e-9)


def test_identical_sets_score_one_disjoint_zero_and_a_topic_word_alone_little():
    sets = [frozenset({"fire", "mill", "dunmore"}), frozenset({"fire", "mill", "dunmore"}),
            frozenset({"fire", "budget", "ashby"}), frozenset({"fire", "port", "quay"})]
    scorer = CorpusScorer(sets)
    assert scorer.score(0, 1) == pytest.approx(1.0)
    assert scorer.score(0, 2) < effective_threshold(DEFAULT_THRESHOLD, len(sets))
    # In a large corpus the corpus's own IDF takes over: a word every document has weighs nothing.
    many = sets[2:] + [frozenset({"fire", f"detail{k}", f"place{k}"}) for k in range(2000)]
    assert CorpusScorer(many).score(0, 1) < 0.01


def test_background_table_loads_once_and_knows_common_from_rare_words():
    from cleaner.dedup.background import background_probabilities, background_rarity, table_size
    assert table_size() > 40_000
    assert background_probabilities() is background_probabilities()  # loaded once, cached
    said, incursion, unseen, year = background_rarity(["said", "incurs", "N:stoltenberg", "#2014"]).tolist()
    assert 0 < said < year < incursion < unseen == 1.0
    assert feature_weight("said", 0, 2) < feature_weight("incurs", 0, 2)


def test_query_scores_count_the_query_as_one_more_document():
    indexed = [frozenset({"fire", "mill", "dunmore"}), frozenset({"budget", "ashby"})]
    query = frozenset({"fire", "mill", "dunmore"})
    frequencies = {"fire": 1, "mill": 1, "dunmore": 1, "budget": 1, "ashby": 1}
    scores = query_scores(query, indexed, frequencies, 2)
    together = CorpusScorer(indexed + [query])
    assert scores == pytest.approx([together.score(2, 0), together.score(2, 1)])


@pytest.mark.parametrize("lsh_threshold", [0.1, 0.3, 0.6])
def test_bulk_banding_gives_exactly_the_pairs_of_datasketch_minhashlsh(lsh_threshold):
    from cleaner.dedup.candidates import band_pairs, bucket_pairs, lsh_bands, make_lsh
    rng = random.Random(9)
    base = [f"word{i}" for i in range(300)]
    documents = []
    for _ in range(120):  # clusters of overlapping sets, so buckets of several sizes exist
        core = rng.sample(base, 40)
        documents += [rng.sample(core, 30) + rng.sample(base, 5) for _ in range(rng.randint(1, 4))]
    documents.append([])  # an empty document is left out of both
    hasher = MinHasher(128)
    signatures = hasher.signatures(documents)
    lsh = make_lsh(128, lsh_threshold)
    for row, features in enumerate(documents):
        if features:
            lsh.insert(row, hasher.lean_minhash(signatures[row]))
    expected = bucket_pairs(lsh)
    bands, rows = lsh_bands(128, lsh_threshold)
    got = band_pairs(signatures, bands, rows, np.arange(len(documents) - 1))
    assert len(expected) > 20
    assert np.array_equal(got, expected)


def test_encoded_corpus_holds_the_same_feature_sets_signatures_and_scores():
    from cleaner.dedup.features import encode_corpus
    rng = random.Random(5)
    words = ["Mill", "fire", "Dunmore", "1,250", "crews", "annexed", "annexation", "O'Neill's", "snake_case",
             "the", "Ukraine’s", "forces", "2024", "İstanbul", "ΟΔΟΣ", "planned", "plans"] + \
        [f"w{k}" for k in range(60)]
    texts = ["" , "the and of"] + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) +
                                   (". " if rng.random() < 0.5 else "\n") + " ".join(rng.sample(words, 5))
                                   for _ in range(40)]
    corpus = encode_corpus(texts)
    feature_sets = [extract_features(text) for text in texts]
    assert [corpus.feature_set(row) for row in range(len(texts))] == feature_sets
    assert corpus.codes.dtype == np.int32 and len(corpus.vocabulary) == len(set(corpus.vocabulary))
    hasher = MinHasher(64, 3)
    assert np.array_equal(hasher.signatures_from_codes(corpus.hashes, corpus.indptr, corpus.codes),
                          hasher.signatures(feature_sets))
    left, right = np.triu_indices(len(texts), 1)
    expected = CorpusScorer(feature_sets).scores(left, right)
    assert np.allclose(CorpusScorer.from_encoded(corpus).scores(left, right), expected, rtol=0, atol=1e-12)


def test_background_table_read_in_bulk_equals_a_line_by_line_read():
    import gzip
    import math
    from importlib import resources
    from cleaner.dedup import background
    from cleaner.dedup.features import _lowered, _token_feature
    frequency: dict[str, float] = {}
    with resources.files("cleaner.data").joinpath(background.TABLE).open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            word, zipf = line.rstrip("\n").split("\t")
            per_word = 10 ** (float(zipf) - 9)
            for feature in (_token_feature(word), None if word[0].isdigit() else NAME_PREFIX + _lowered(word)):
                if feature is not None:
                    frequency[feature] = frequency.get(feature, 0.0) + per_word
    assert background.background_frequencies() == frequency
    expected = {f: max(1.0 - math.exp(-background.ARTICLE_WORDS * v), background._UNSEEN_PROBABILITY)
                for f, v in frequency.items()}
    assert background.background_probabilities() == expected
    features = list(expected)[:500] + ["zzqx", "N:zzqx", "#99999"]
    values = np.array([expected.get(f, background._UNSEEN_PROBABILITY) for f in features])
    assert np.array_equal(background.background_rarity(features), -np.log(values) / background._MAX_IDF)


def test_corpus_encoded_in_blocks_equals_one_block_and_extract_features(monkeypatch):
    from cleaner.dedup import features
    from cleaner.dedup.features import encode_corpus
    texts = [f"Crews fought word{k % 7} and Mill fire, then Vickers said {k} more" for k in range(30)] + ["", "the"]
    expected = [extract_features(text) for text in texts]
    whole = encode_corpus(texts)
    monkeypatch.setattr(features, "_BLOCK_DOCUMENTS", 4)  # blocks of 4, the last one of 4 too
    blocks = encode_corpus(texts)
    assert [blocks.feature_set(row) for row in range(len(texts))] == expected
    assert blocks.vocabulary == whole.vocabulary
    assert np.array_equal(blocks.indptr, whole.indptr) and np.array_equal(blocks.hashes, whole.hashes)
    monkeypatch.setattr(features, "_BLOCK_DOCUMENTS", 5)  # a short last block
    assert [encode_corpus(texts).feature_set(row) for row in range(len(texts))] == expected
    assert encode_corpus([]).indptr.tolist() == [0] and encode_corpus(iter(texts[:3])).lengths.tolist()[2] == len(expected[2])


def test_ascii_text_is_scanned_exactly_as_by_the_unicode_patterns():
    import re

    import regex
    from cleaner.dedup.features import _ASCII_NAME, _ASCII_TOKEN, _NAME, _TOKEN, scan
    for code in range(128):  # the character classes the ASCII twins spell out
        char = chr(code)
        assert bool(re.fullmatch(r"\w", char)) == bool(re.fullmatch(r"\w", char, re.ASCII))
        assert bool(re.fullmatch(r"\d", char)) == (char in "0123456789")
        assert bool(regex.fullmatch(r"[\p{L}\p{N}]", char)) == char.isalnum()
        assert bool(regex.fullmatch(r"\p{Lu}", char)) == char.isupper()
        assert not regex.fullmatch(r"\p{M}", char)
    rng = random.Random(11)
    alphabet = "aZb Yc9 0 1,2.3:4 '_-!?.\n\t\r\x0bx\"()Mr St."
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    texts += ["The mayor said Rosa Quintero's 1,250 pounds. Then O'Neill left\nSmith and Jones_Bar 3.5 x"]
    for text in texts:
        assert text.isascii()
        assert scan(text) == (_TOKEN.findall(text), _NAME.findall(text))
        assert (_ASCII_TOKEN.findall(text), _ASCII_NAME.findall(text)) == scan(text)
    assert scan("Ünïcode Café ’s") == (_TOKEN.findall("Ünïcode Café ’s"), _NAME.findall("Ünïcode Café ’s"))


def test_known_lsh_bands_are_what_datasketch_chooses():
    from cleaner.dedup.candidates import KNOWN_BANDS, lsh_bands
    for (num_perm, lsh_threshold), bands_rows in KNOWN_BANDS.items():
        lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        assert (lsh.b, lsh.r) == bands_rows == lsh_bands(num_perm, lsh_threshold)
    assert lsh_bands(64, 0.1) == (15, 1)  # not in the table: asked of datasketch
