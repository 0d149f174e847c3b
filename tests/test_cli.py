"""``clean-corpus`` through a real subprocess: outputs, modes, exit codes, bad input."""
from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from cli_support import (CLI_FIXTURES, EXPECTED, SEED_000, SEED_001, SEED_002, SEED_003, SEED_004,
                         SEED_NAMES, SEEDS, err, out, run_cli, tree_digest)


def expected_text(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the five raw seeds in a folder of their own."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in SEED_NAMES:
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    """The acceptance folder: a good (noisy) article, invalid UTF-8, a binary file, an empty file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS / SEED_004, folder / "good.txt")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 au lait, a plain sentence.\n".encode("latin-1"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    (folder / "empty.txt").write_bytes(b"")
    return folder


# --- one input to stdout -------------------------------------------------------------------

@pytest.mark.parametrize("name", [SEED_001, SEED_004])  # all seeds: test_golden, via the API
def test_single_file_goes_to_stdout_cleaned_exactly(name: str) -> None:
    result = run_cli("--no-config", SEEDS / name)
    assert result.returncode == 0, err(result)
    assert out(result) == expected_text(name)
    assert err(result) == ""


def test_stdin_is_cleaned_to_stdout() -> None:
    result = run_cli("--no-config", "-", stdin=(SEEDS / SEED_001).read_bytes())
    assert result.returncode == 0, err(result)
    assert out(result) == expected_text(SEED_001)


def test_explain_goes_to_stderr_when_text_goes_to_stdout() -> None:
    result = run_cli("--no-config", "--explain", SEEDS / SEED_001)
    assert result.returncode == 0
    assert out(result) == expected_text(SEED_001)  # the pipe carries only the article
    lines = err(result).splitlines()
    assert len(lines) == 8
    assert lines[0].startswith(f"{SEEDS / SEED_001}:3: [summary-widget] ")
    assert lines[0].endswith("'No time to read?'")
    assert any(":18: [prev-next-navigation] " in line for line in lines)


def test_several_inputs_without_an_output_are_a_usage_error(seeds: Path) -> None:
    result = run_cli("--no-config", seeds / SEED_000, seeds / SEED_001)
    assert result.returncode == 2
    assert out(result) == ""
    assert "need -o DIR, --in-place" in err(result)
    folder = run_cli("--no-config", seeds)
    assert folder.returncode == 2 and "need -o DIR" in err(folder)


@pytest.mark.parametrize("arguments, message", [
    (["-o", "x", "--in-place"], "cannot be combined"),
    (["--check", "--in-place"], "cannot be combined"),
    (["--diff", "--in-place"], "cannot be combined"),
    (["--update-index"], "--update-index needs --index"),
    (["--index", "i.npz"], "need --dedup"),
    (["-j", "-1"], "--jobs"),
])
def test_contradictory_flags_are_usage_errors(seeds: Path, arguments: list[str], message: str) -> None:
    result = run_cli("--no-config", *arguments, seeds / SEED_001)
    assert result.returncode == 2
    assert message in err(result)
    assert "Traceback" not in err(result)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert out(result).startswith("clean-corpus (cleaner) ")


# --- the acceptance folder: bad inputs ---------------------------------------------------------

def test_bad_inputs_exit_2_one_line_each_and_good_file_cleaned(bad_folder: Path, tmp_path: Path) -> None:
    before = tree_digest(bad_folder)
    output = tmp_path / "clean"
    result = run_cli("--no-config", bad_folder, tmp_path / "missing.txt", "-o", output)
    assert result.returncode == 2
    stderr = err(result)
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines.count(f"clean-corpus: {tmp_path / 'missing.txt'}: no such file or directory") == 1
    assert [l for l in lines if "image.png" in l] == [
        f"clean-corpus: {bad_folder / 'image.png'}: binary file (NUL byte at offset 8), not text"]
    assert [l for l in lines if "latin1.txt" in l] == [
        f"clean-corpus: {bad_folder / 'latin1.txt'}: not UTF-8 text (invalid byte 0xe9 at offset 3)"]
    assert [l for l in lines if "empty.txt" in l] == [
        f"clean-corpus: {bad_folder / 'empty.txt'}: warning: empty file, nothing to clean"]
    # The good article is cleaned exactly; the bad files are not written; no input changed.
    assert (output / "good.txt").read_text(encoding="utf-8") == expected_text(SEED_004)
    assert sorted(p.name for p in output.iterdir()) == ["empty.txt", "good.txt"]
    assert tree_digest(bad_folder) == before
    assert not list(bad_folder.glob(".*.tmp")) and not list(output.glob(".*.tmp"))


def test_bad_inputs_in_place_rewrite_only_the_good_file(bad_folder: Path) -> None:
    before = tree_digest(bad_folder)
    result = run_cli("--no-config", "--in-place", bad_folder)
    assert result.returncode == 2
    assert (bad_folder / "good.txt").read_text(encoding="utf-8") == expected_text(SEED_004)
    after = tree_digest(bad_folder)
    assert after.pop("good.txt") != before.pop("good.txt")
    assert after == before  # the binary, the Latin-1 and the empty file are untouched


def test_check_with_bad_inputs_exits_2_not_1(bad_folder: Path) -> None:
    result = run_cli("--no-config", "--check", bad_folder)
    assert result.returncode == 2  # errors win over findings
    assert f"{bad_folder / 'good.txt'}: 16 lines would be removed" in out(result)


def test_broken_rules_file_exits_2_naming_it(seeds: Path, tmp_path: Path) -> None:
    broken = CLI_FIXTURES / "broken-rules.toml"
    result = run_cli("--no-config", "--rules", broken, seeds, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert err(result).splitlines() == [
        f"clean-corpus: {broken}: invalid TOML: Expected ']]' at the end of an array declaration "
        "(at line 4, column 7)"]
    assert not (tmp_path / "out").exists()


def test_missing_rules_file_exits_2(seeds: Path) -> None:
    result = run_cli("--no-config", "--rules", "nope.toml", "--check", seeds)
    assert result.returncode == 2
    assert "nope.toml: rule file not found" in err(result)


def test_huge_line_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_text("x" * 200_001 + "\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("A plain sentence of an article.\n", encoding="utf-8")
    result = run_cli("--no-config", "--check", tmp_path)
    assert result.returncode == 2
    assert "blob.txt: line 1 is 200,001 characters long" in err(result)


# --- writing modes ------------------------------------------------------------------------------

def test_output_folder_mirrors_inputs(tmp_path: Path, seeds: Path) -> None:
    nested = seeds / "world" / "europe"
    nested.mkdir(parents=True)
    shutil.move(seeds / SEED_003, nested / SEED_003)
    result = run_cli("--no-config", seeds, "-o", tmp_path / "clean")
    assert result.returncode == 0, err(result)
    assert (tmp_path / "clean" / "world" / "europe" / SEED_003).read_text(encoding="utf-8") == \
        expected_text(SEED_003)
    for name in (SEED_000, SEED_001, SEED_002, SEED_004):
        assert (tmp_path / "clean" / name).read_text(encoding="utf-8") == expected_text(name)
    assert "4 files cleaned (34 lines removed)" in err(result) or "5 files cleaned" in err(result)


def test_in_place_rewrites_changed_files_keeping_permissions(seeds: Path) -> None:
    target = seeds / SEED_001
    os.chmod(target, 0o640)
    clean_copy = seeds / "already-clean.txt"
    shutil.copy(EXPECTED / SEED_002, clean_copy)
    clean_mtime = clean_copy.stat().st_mtime_ns
    result = run_cli("--no-config", "--in-place", seeds)
    assert result.returncode == 0, err(result)
    assert target.read_text(encoding="utf-8") == expected_text(SEED_001)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert clean_copy.stat().st_mtime_ns == clean_mtime  # unchanged files are not rewritten
    second = run_cli("--no-config", "--check", seeds)
    assert second.returncode == 0, out(second)  # idempotent: nothing left to clean


def test_output_onto_the_inputs_is_refused(seeds: Path) -> None:
    result = run_cli("--no-config", seeds, "-o", seeds)
    assert result.returncode == 2
    assert "use --in-place" in err(result)


# --- check, diff, report ----------------------------------------------------------------------

def test_check_lists_files_that_would_change_and_exits_1(seeds: Path) -> None:
    before = tree_digest(seeds)
    result = run_cli("--no-config", "--check", seeds)
    assert result.returncode == 1
    listed = out(result).splitlines()
    assert f"{seeds / SEED_001}: 8 lines would be removed" in listed
    assert f"{seeds / SEED_002}: 2 lines would be removed" in listed
    assert f"{seeds / SEED_004}: 16 lines would be removed" in listed
    assert tree_digest(seeds) == before


def test_check_on_clean_files_exits_0(tmp_path: Path) -> None:
    for name in SEED_NAMES:
        shutil.copy(EXPECTED / name, tmp_path / name)
    result = run_cli("--no-config", "--check", tmp_path)
    assert result.returncode == 0
    assert out(result) == ""


def test_diff_shows_removed_lines_and_changes_nothing(seeds: Path) -> None:
    before = tree_digest(seeds)
    result = run_cli("--no-config", "--diff", seeds / SEED_002)
    assert result.returncode == 0
    diff = out(result)
    assert diff.startswith(f"--- a/{seeds / SEED_002}\n+++ b/{seeds / SEED_002}\n")
    assert "\n-Comments\n" in diff and "\n-Post a Comment\n" in diff
    assert tree_digest(seeds) == before
    checked = run_cli("--no-config", "--check", "--diff", seeds / SEED_002)
    assert checked.returncode == 1 and "\n-Comments\n" in out(checked)


def test_report_lists_removals_counts_and_totals(seeds: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = run_cli("--no-config", "--check", "--report", report_path, seeds, tmp_path / "gone.txt")
    assert result.returncode == 2  # the missing path
    report = json.loads(report_path.read_text(encoding="utf-8"))
    by_path = {entry["path"]: entry for entry in report["files"]}
    assert by_path[str(tmp_path / "gone.txt")]["status"] == "error"
    entry = by_path[str(seeds / SEED_001)]
    assert entry["status"] == "changed"
    assert entry["counts"] == {"prev-next-navigation": 4, "summary-widget": 4}
    assert entry["removals"][0] == {
        "line": 3, "text": "No time to read?", "rule": "summary-widget", "category": "summary-widget",
        "reason": "summary widget (a button that offers a summary, not article text)"}
    assert report["totals"]["files"] == 6
    assert report["totals"]["errors"] == 1
    assert report["totals"]["lines_removed"] == 34
    assert sum(report["totals"]["counts"].values()) == 34


# --- rules ---------------------------------------------------------------------------------------

def test_disable_keeps_the_lines_of_that_rule(seeds: Path) -> None:
    result = run_cli("--no-config", "--disable", "summary-widget", seeds / SEED_001)
    assert result.returncode == 0, err(result)
    assert out(result).count("No time to read?") == 2
    assert "Previous Article" not in out(result)


def test_disable_unknown_rule_is_an_error(seeds: Path) -> None:
    result = run_cli("--no-config", "--disable", "no-such-rule", seeds / SEED_001)
    assert result.returncode == 2
    assert "no-such-rule" in err(result) and out(result) == ""


def test_extra_rules_file_adds_rules(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday to discuss the budget.\nSponsored by ACME Corp\n",
                       encoding="utf-8")
    result = run_cli("--no-config", "--rules", CLI_FIXTURES / "extra-rules.toml", "--explain", article)
    assert result.returncode == 0, err(result)
    assert out(result) == "The council met on Monday to discuss the budget.\n"
    assert f"{article}:2: [sponsor-line] sponsor line: 'Sponsored by ACME Corp'" in err(result)


def test_list_rules_prints_ids() -> None:
    result = run_cli("--no-config", "--list-rules")
    assert result.returncode == 0
    ids = [line.split("\t")[0] for line in out(result).splitlines()]
    assert "summary-widget" in ids and "prev-next-navigation" in ids


# --- inputs: globs, JSONL ------------------------------------------------------------------

def test_include_and_exclude_globs_select_files_in_folders(seeds: Path) -> None:
    (seeds / "notes.md").write_text("No time to read?\n", encoding="utf-8")
    drafts = seeds / "drafts"
    drafts.mkdir()
    shutil.copy(SEEDS / SEED_001, drafts / "draft.txt")
    result = run_cli("--no-config", "--check", "--include", "*.txt", "--exclude", "drafts", seeds)
    listed = out(result)
    assert "notes.md" not in listed and "draft.txt" not in listed
    assert str(seeds / SEED_001) in listed


def test_jsonl_cleans_the_field_and_keeps_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "in" / "articles.jsonl"
    source.parent.mkdir()
    unchanged = json.dumps({"id": 0, "body": (EXPECTED / SEED_000).read_text(encoding="utf-8"),
                            "url": "https://example.org/0"}, separators=(",", ":"))
    noisy = {"id": 1, "body": (SEEDS / SEED_001).read_text(encoding="utf-8"), "lang": "en"}
    source.write_text(unchanged + "\n" + json.dumps(noisy) + "\n", encoding="utf-8")
    result = run_cli("--no-config", "--field", "body", source.parent, "-o", tmp_path / "out")
    assert result.returncode == 0, err(result)
    lines = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == unchanged  # an unchanged record is kept byte for byte
    record = json.loads(lines[1])
    assert list(record) == ["id", "body", "lang"]
    assert record["body"] == expected_text(SEED_001)
    check = run_cli("--no-config", "--field", "body", "--check", "--explain", source)
    assert check.returncode == 1
    assert f"{source}:2:3: [summary-widget]" in out(check)
    assert f"{source}: 8 lines would be removed in 1 record" in out(check)


def test_jsonl_bad_records_are_named_and_the_file_is_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = json.dumps({"text": (SEEDS / SEED_002).read_text(encoding="utf-8")})
    (folder / "bad.jsonl").write_text(good + "\n{not json\n" + json.dumps({"title": "x"}) + "\n"
                                      + json.dumps({"text": 3}) + "\n", encoding="utf-8")
    (folder / "good.jsonl").write_text(good + "\n", encoding="utf-8")
    result = run_cli("--no-config", folder, "-o", tmp_path / "out")
    assert result.returncode == 2
    lines = err(result).splitlines()
    bad = folder / "bad.jsonl"
    assert f"clean-corpus: {bad}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)" in lines
    assert f"clean-corpus: {bad}:3: no field 'text' (set the field with --field)" in lines
    assert f"clean-corpus: {bad}:4: field 'text' must be a string, got int" in lines
    assert not (tmp_path / "out" / "bad.jsonl").exists()
    written = json.loads((tmp_path / "out" / "good.jsonl").read_text(encoding="utf-8"))
    assert written["text"] == expected_text(SEED_002)


# --- parallel ----------------------------------------------------------------------------

def test_parallel_jobs_give_the_same_output_in_input_order(seeds: Path, tmp_path: Path) -> None:
    serial = run_cli("--no-config", "--check", "--explain", "-j", "1", seeds)
    parallel = run_cli("--no-config", "--check", "--explain", "-j", "3", seeds)
    assert parallel.returncode == serial.returncode == 1
    assert out(parallel) == out(serial)
    run_cli("--no-config", "-j", "3", seeds, "-o", tmp_path / "parallel")
    for name in SEED_NAMES:
        assert (tmp_path / "parallel" / name).read_text(encoding="utf-8") == expected_text(name)


# --- configuration --------------------------------------------------------------------------

def test_pyproject_settings_apply_and_flags_override_them(tmp_path: Path) -> None:
    shutil.copy(SEEDS / SEED_001, tmp_path / "a.txt")
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\ndisable = ["summary-widget"]\n',
                                             encoding="utf-8")
    from_config = run_cli("a.txt", cwd=tmp_path)
    assert from_config.returncode == 0, err(from_config)
    assert "No time to read?" in out(from_config)
    overridden = run_cli("--disable", "prev-next-navigation", "--explain", "a.txt", cwd=tmp_path)
    assert "No time to read?" not in out(overridden)  # the flag replaced the configured list
    assert "[prev-next-navigation]" not in err(overridden)
    assert "[summary-widget]" in err(overridden)
    ignored = run_cli("--no-config", "a.txt", cwd=tmp_path)
    assert out(ignored) == expected_text(SEED_001)


def test_bad_pyproject_setting_exits_2_naming_the_file(tmp_path: Path) -> None:
    shutil.copy(SEEDS / SEED_001, tmp_path / "a.txt")
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\njobs = "many"\n', encoding="utf-8")
    result = run_cli("a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert err(result).strip() == (f"clean-corpus: {tmp_path / 'pyproject.toml'}: [tool.cleaner] jobs "
                                   "must be a whole number ≥ 0 (0: one per CPU), got 'many'")


# --- duplicates ------------------------------------------------------------------------------

def test_dedup_reports_the_seed_group(seeds: Path) -> None:
    result = run_cli("--no-config", "--dedup", seeds)
    assert result.returncode == 0, err(result)
    report = out(result)
    assert f"{seeds / SEED_000} ~ {seeds / SEED_001} (score " in report
    assert report.count(" ~ ") == 1  # only the one expected pair
    checked = run_cli("--no-config", "--dedup", "--check", EXPECTED)
    assert checked.returncode == 1


def test_dedup_index_is_created_updated_and_queried(seeds: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.npz"
    others = [seeds / n for n in (SEED_000, SEED_002, SEED_003, SEED_004)]
    missing = run_cli("--no-config", "--dedup", "--index", index, *others)
    assert missing.returncode == 2 and "--update-index" in err(missing)
    created = run_cli("--no-config", "--dedup", "--index", index, "--update-index", *others)
    assert created.returncode == 0, err(created)
    assert index.exists()
    queried = run_cli("--no-config", "--dedup", "--check", "--index", index, seeds / SEED_001)
    assert queried.returncode == 1
    assert f"{seeds / SEED_001} ~ {seeds / SEED_000}" in out(queried)
