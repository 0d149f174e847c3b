"""Every removal is explained (line, rule, category, reason) and replaying them gives the output."""
from __future__ import annotations

import pytest

import cleaner
from cleaner import CleanerError, Removal, apply_removals
from cleaner.normalize import normalize_lines
from conftest import golden_pairs, read

PAGES = [raw for raw, _ in golden_pairs("seeds") + golden_pairs("cases")]


ALL_GOLDEN = [raw for folder in ("seeds", "cases", "blind", "blind2", "blind3", "blind4",
                                  "blind5", "blind6", "blind7") for raw, _ in golden_pairs(folder)]


def test_clean_gives_the_text_explain_gives_on_every_golden_page():
    """clean() skips the removal records explain() builds: the text must be the same."""
    shared = cleaner.Cleaner()
    for raw in ALL_GOLDEN:
        text = read(raw)
        assert shared.clean(text) == shared.explain(text).text, raw.name


@pytest.mark.parametrize("raw", PAGES, ids=[p.name for p in PAGES])
def test_removals_and_kept_lines_partition_the_input(raw):
    text = read(raw)
    result = cleaner.Cleaner().explain(text)
    lines = normalize_lines(text)
    removed = [r.line_number for r in result.removals]
    assert sorted(removed + list(result.kept_line_numbers)) == list(range(1, len(lines) + 1))
    for removal in result.removals:
        assert removal.text == lines[removal.line_number - 1]
        assert removal.rule_id and removal.category and removal.reason
    assert apply_removals(text, result.removals) == result.text


def test_explain_names_rule_and_reason_for_seed_widgets():
    raw = next(p for p in PAGES if p.name.startswith("001_"))
    result = cleaner.Cleaner().explain(read(raw))
    by_text = {r.text.strip(): r for r in result.removals}
    assert by_text["No time to read?"].rule_id == "summary-widget"
    assert by_text["Previous Article"].category == "navigation"
    headline = by_text["Seven-Year-Old Rescued From Drowning in Beachfront Alicante Pool"]
    assert headline.rule_id == "prev-next-navigation"
    assert "line" in headline.reason  # names the marker line it is tied to
    assert "headline" in str(headline)


def test_headline_list_reason_gives_the_overlap():
    raw = next(p for p in PAGES if p.name.startswith("004_"))
    removals = cleaner.Cleaner().explain(read(raw)).removals
    assert len(removals) == 16
    assert {r.rule_id for r in removals} == {"unrelated-headline-list"}
    assert "share" in removals[0].reason and "%" in removals[0].reason


def test_apply_removals_refuses_removals_of_another_text():
    removal = Removal(1, "Comments", "comment-widget", "comments", "comment widget")
    with pytest.raises(CleanerError, match="does not match"):
        apply_removals("Something else entirely\n", [removal])


def test_result_reports_counts_and_serialises():
    raw = next(p for p in PAGES if p.name.startswith("001_"))
    result = cleaner.Cleaner().explain(read(raw))
    assert result.changed
    counts = result.counts_by_rule()
    assert counts["summary-widget"] == 4 and counts["prev-next-navigation"] == 4
    data = result.to_dict()
    assert data["lines_removed"] == len(result.removals) == 8
    assert data["removals"][0]["rule"] == "summary-widget"


def test_unchanged_text_is_reported_unchanged():
    result = cleaner.Cleaner().explain("A sentence that is an article.\n")
    assert not result.changed and result.removals == ()


def test_removals_pickle_with_their_reasons_written_out():
    """Worker processes (clean-corpus -j) send results back pickled."""
    import pickle
    text = read(next(p for p in PAGES if p.name.startswith("001_")))
    result = cleaner.Cleaner().explain(text)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert [r.reason for r in copy.removals] == [r.reason for r in result.removals]


def test_a_reason_may_be_written_on_demand():
    calls = []
    removal = Removal(3, "Menu", "x", "page-chrome", lambda: calls.append(1) or "menu line")
    assert calls == []
    assert removal.reason == "menu line" and removal.reason == "menu line"
    assert calls == [1]
    assert removal == Removal(3, "Menu", "x", "page-chrome", "menu line")
