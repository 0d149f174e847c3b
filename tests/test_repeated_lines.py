"""Corpus-repeated lines: a site's template goes, the article stays, copies keep their text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, ConfigError, InputError, RepeatedLines
from cli_support import err, out, run_cli

# A line every page of the site carries, right under the article. It reads as a sentence, so
# line quality keeps it next to the article; only the corpus shows it is template.
BLURB = "Harbour Daily is an independent newspaper serving the coast since 1921, read by thousands every week."
STORIES = {
    "ferry": ("Ferry terminal delayed until May",
              "The harbour authority said on Monday that the new ferry terminal would open in May, "
              "two months later than planned, because of delays in delivering the steel frame.\n"
              "Officials said the cost of the terminal would not rise, and that the old pier "
              "would stay open until the new one is ready."),
    "lanes": ("Council approves new bike lanes",
              "The city council voted on Tuesday to build twelve kilometres of protected bike "
              "lanes along the waterfront, after a debate that lasted more than five hours.\n"
              "Work is due to start in the spring, and the first section should be finished "
              "before the summer holidays begin."),
    "storm": ("Storm closes schools across the coast",
              "Schools along the coast stayed closed on Wednesday as a storm brought winds of up "
              "to 120 kilometres an hour and cut power to thousands of homes.\n"
              "The weather service expects the wind to ease by the evening, and most schools "
              "should open again on Thursday morning."),
}


def page(story: str) -> str:
    title, body = STORIES[story]
    return f"{title}\n\n{body}\n\n{BLURB}\n"


def article(story: str) -> str:
    title, body = STORIES[story]
    return f"{title}\n\n{body}\n"


def test_without_the_corpus_the_blurb_reads_as_article_text():
    # What makes this test mean something: no rule of the default pack removes the blurb.
    assert BLURB in Cleaner().clean(page("ferry"))


def test_a_line_every_page_repeats_goes_and_says_why():
    corpus = {name: page(name) for name in STORIES}
    cleaner = Cleaner(repeated_lines=RepeatedLines.from_texts(corpus.values()))
    for name, text in corpus.items():
        result = cleaner.explain(text)
        assert result.text == article(name)
        [removal] = result.removals
        assert removal.rule_id == "corpus-repeated"
        assert removal.text == BLURB
        assert "stands in 3 of 3 documents" in removal.reason


def test_copies_of_a_syndicated_story_keep_their_title_and_text():
    # Three copies of one story and two other stories, all under the same blurb: the copies'
    # lines stand in 3 documents, the blurb in 5. Only the blurb goes.
    corpus = [page("ferry"), page("ferry"), page("ferry"), page("lanes"), page("storm")]
    cleaner = Cleaner(repeated_lines=RepeatedLines.from_texts(corpus))
    assert cleaner.clean(corpus[0]) == article("ferry")
    assert "the article's text in 3" in cleaner.explain(corpus[0]).removals[0].reason
    assert cleaner.clean(corpus[3]) == article("lanes")


def test_below_min_documents_nothing_goes():
    corpus = [page("ferry"), page("lanes")]
    cleaner = Cleaner(repeated_lines=RepeatedLines.from_texts(corpus, min_documents=3))
    assert BLURB in cleaner.clean(corpus[0])


def test_the_rule_switches_off_by_id():
    table = RepeatedLines.from_texts(page(name) for name in STORIES)
    assert "corpus-repeated" in Cleaner(repeated_lines=table).rules.ids
    assert BLURB in Cleaner(repeated_lines=table, disable=["corpus-repeated"]).clean(page("ferry"))


def test_counting_is_per_document_and_compact():
    table = RepeatedLines(min_documents=2)
    table.add("Menu\nMenu\nFirst story.\n")
    table.add("Menu\r\nSecond story.\n")  # normalised like clean: CRLF is a line break
    table.compact()
    assert table.documents == 2
    assert table.count("Menu") == 2        # twice in the first document still counts once
    assert table.count("First story.") == 1  # forgotten by compact(): stands in one document
    assert table.repeated() == {"Menu": 2}


@pytest.mark.parametrize("value", [1, 0, True, 2.5, "3"])
def test_min_documents_is_validated(value):
    with pytest.raises(ConfigError, match="min_documents"):
        RepeatedLines(value)


def test_bad_inputs_are_named():
    with pytest.raises(InputError, match="bytes"):
        RepeatedLines().add(b"Menu\n")
    with pytest.raises(ConfigError, match="RepeatedLines"):
        Cleaner(repeated_lines={"Menu": 3})


def test_cleaning_twice_with_the_same_table_changes_nothing_more():
    corpus = [page("ferry"), page("lanes"), page("storm")]
    cleaner = Cleaner(repeated_lines=RepeatedLines.from_texts(corpus))
    for text in corpus:
        once = cleaner.clean(text)
        assert cleaner.clean(once) == once


# --- the CLI ----------------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for name in STORIES:
        (folder / f"{name}.txt").write_text(page(name), encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_repeated_lines_cleans_the_template_in_every_file(site, tmp_path, jobs):
    result = run_cli(site, "--repeated-lines", "3", "-o", tmp_path / "out", "-j", jobs,
                     "--explain", "--no-config")
    assert result.returncode == 0, err(result)
    for name in STORIES:
        assert (tmp_path / "out" / f"{name}.txt").read_text(encoding="utf-8") == article(name)
    assert out(result).count("[corpus-repeated]") == 3


def test_cli_repeated_lines_in_jsonl_records(tmp_path):
    source = tmp_path / "pages.jsonl"
    source.write_text("".join(json.dumps({"id": name, "text": page(name)}) + "\n" for name in STORIES),
                      encoding="utf-8")
    result = run_cli(source, "--repeated-lines", "3", "-o", tmp_path / "out", "--no-config")
    assert result.returncode == 0, err(result)
    records = [json.loads(line) for line in (tmp_path / "out" / "pages.jsonl").read_text().splitlines()]
    assert [r["text"] for r in records] == [article(name) for name in STORIES]


def test_cli_repeated_lines_from_pyproject(site, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\nrepeated-lines = 3\n", encoding="utf-8")
    result = run_cli(site / "ferry.txt", site / "lanes.txt", site / "storm.txt", "-o", tmp_path / "out",
                     cwd=tmp_path)
    assert result.returncode == 0, err(result)
    assert (tmp_path / "out" / "ferry.txt").read_text(encoding="utf-8") == article("ferry")


@pytest.mark.parametrize("arguments, message", [
    (["-", "--repeated-lines", "3"], "reads the inputs twice"),
    (["x.txt", "--repeated-lines", "1"], "2 or more"),
])
def test_cli_repeated_lines_usage_errors(arguments, message, tmp_path):
    result = run_cli(*arguments, "--no-config", cwd=tmp_path, stdin=b"Menu\n")
    assert result.returncode == 2
    assert message in err(result)


def test_cli_repeated_lines_with_a_bad_file_cleans_the_others(site, tmp_path):
    (site / "broken.txt").write_bytes(b"\xff\xfe\x00binary\x00")
    result = run_cli(site, "--repeated-lines", "3", "-o", tmp_path / "out", "--no-config")
    assert result.returncode == 2
    [error] = [line for line in err(result).splitlines() if "broken.txt" in line]
    assert "Traceback" not in err(result)
    for name in STORIES:
        assert (tmp_path / "out" / f"{name}.txt").read_text(encoding="utf-8") == article(name)
    assert not (tmp_path / "out" / "broken.txt").exists()
