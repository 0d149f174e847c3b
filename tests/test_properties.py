"""Properties that must hold for any input: no crash, idempotent, output lines a subsequence."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.normalize import normalize_lines
from cleaner.pipeline import default_cleaner
from conftest import FIXTURES, golden_pairs, read

# Lines from real fixture pages (article text and noise) to build plausible documents from.
_FIXTURE_LINES = sorted({line for raw, _ in golden_pairs("seeds") + golden_pairs("cases")
                         for line in read(raw).splitlines()}
                        | {line for path in (FIXTURES / "must_keep").glob("*.txt")
                           for line in read(path).splitlines()})

noise_text = st.text(st.characters(codec="utf-8"), max_size=300)  # any string, surrogates excluded
odd_text = st.text(alphabet=st.sampled_from(list("ab \t\n\r\x00\x0b\x0c\u00a0\u200b\ufeff\u2028’“—Ã©â€™?!.")),
                   max_size=200)
documents = st.lists(st.one_of(st.sampled_from(_FIXTURE_LINES), st.just(""), noise_text),
                     max_size=40).map("\n".join)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


def is_subsequence(small: list[str], big: list[str]) -> bool:
    iterator = iter(big)
    return all(any(line == candidate for candidate in iterator) for line in small)


def check(text: str) -> None:
    out = cleaner.clean(text)
    assert isinstance(out, str)
    assert out == default_cleaner().explain(text).text, "clean and explain disagree"
    assert cleaner.clean(out) == out, "clean is not idempotent"
    normalized = [line.rstrip() for line in normalize_lines(text)]
    assert is_subsequence(out.splitlines(), normalized), "output is not a subsequence of the input"
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n") and not out.startswith("\n"))


@PROPERTY_SETTINGS
@given(documents)
def test_properties_on_documents_made_of_fixture_lines(text):
    check(text)


@PROPERTY_SETTINGS
@given(noise_text)
def test_properties_on_any_string(text):
    check(text)


@PROPERTY_SETTINGS
@given(odd_text)
def test_properties_on_control_characters_and_mojibake(text):
    check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=2, max_size=6), st.integers(min_value=2, max_value=3))
def test_properties_with_corpus_repeated_lines(corpus, min_documents):
    # Documents drawn from one pool of lines share some of them, so the corpus-repeated rule
    # fires on some documents here; it must keep the guarantees every other rule keeps.
    site_cleaner = cleaner.Cleaner(repeated_lines=cleaner.RepeatedLines.from_texts(corpus, min_documents))
    for text in corpus:
        out = site_cleaner.clean(text)
        assert site_cleaner.clean(out) == out, "clean with a line table is not idempotent"
        normalized = [line.rstrip() for line in normalize_lines(text)]
        assert is_subsequence(out.splitlines(), normalized)
