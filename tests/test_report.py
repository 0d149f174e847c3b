"""A clean-corpus run keeps a few numbers per file, not every removal: the --report JSON is
written as files are delivered (``cleaner.report``), and outcomes let go of their removals."""
from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from cleaner import Cleaner, cli
from cleaner.batch import FileOutcome, ProcessOptions, process_file
from cleaner.corpus_io import InputFile, InputProblem
from cleaner.report import ReportWriter

from cli_support import SEED_NAMES, SEEDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    """Text files (changed and unchanged), a JSON Lines file with a bad record, an empty file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    files = {}
    for name in SEED_NAMES:
        files[name] = folder / name
        files[name].write_bytes((SEEDS / name).read_bytes())
    records = [{"id": i, "text": (SEEDS / name).read_text(encoding="utf-8")}
               for i, name in enumerate(SEED_NAMES)]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    files["pages.jsonl"] = folder / "pages.jsonl"
    files["pages.jsonl"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["broken.jsonl"] = folder / "broken.jsonl"
    files["broken.jsonl"].write_text(lines[1] + "\n{not json\n", encoding="utf-8")
    files["empty.txt"] = folder / "empty.txt"
    files["empty.txt"].write_bytes(b"")
    # a page the line-quality rule cleans too: its reasons are written only when read
    files["tour.txt"] = folder / "tour.txt"
    files["tour.txt"].write_bytes((FIXTURES / "blind2" / "20_kpop_world_tour.txt").read_bytes())
    return files


def outcomes_of(corpus: dict[str, Path], cleaner: Cleaner, **options) -> list[FileOutcome]:
    return [process_file(InputFile(str(path), name, path.name), cleaner, ProcessOptions(**options))
            for name, path in sorted(corpus.items())]


def reference_report(mode: str, problems: list[InputProblem], outcomes: list[FileOutcome],
                     duplicates=None) -> str:
    """The report as one json.dumps of the whole document: what ReportWriter must write."""
    files = [{"path": p.display, "status": "error",
              "errors": [{"location": p.display, "message": p.message}]} for p in problems]
    totals: Counter = Counter()
    for outcome in outcomes:
        entry: dict = {"path": outcome.item.display, "format": outcome.format}
        if not outcome.ok:
            entry["status"] = "error"
            entry["errors"] = [{"location": loc, "message": msg} for loc, msg in outcome.errors]
            files.append(entry)
            continue
        entry["status"] = "changed" if outcome.changed else "unchanged"
        if outcome.warnings:
            entry["warnings"] = list(outcome.warnings)
        removals = [{"record": t.record_line, **r.to_dict()} if t.record_line is not None
                    else r.to_dict() for t in outcome.texts for r in t.removals]
        entry["lines_removed"] = len(removals)
        if outcome.format == "jsonl":
            entry["records"] = len(outcome.texts)
            entry["records_changed"] = sum(t.changed for t in outcome.texts)
        entry["counts"] = dict(sorted(Counter(r["rule"] for r in removals).items()))
        entry["removals"] = removals
        totals.update(entry["counts"])
        files.append(entry)
    done = [o for o in outcomes if o.ok]
    report = {"tool": "clean-corpus test", "mode": mode, "files": files, "totals": {
        "files": len(files), "changed": sum(o.changed for o in done),
        "unchanged": sum(not o.changed for o in done),
        "errors": sum(f["status"] == "error" for f in files),
        "lines_removed": sum(o.lines_removed for o in done), "counts": dict(sorted(totals.items()))}}
    if duplicates is not None:
        report["duplicates"] = duplicates.to_dict()
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


class Duplicates:
    def to_dict(self) -> dict:
        return {"groups": [["a.txt", "b.txt"]], "threshold": 0.5, "note": "naïve — “quoted”"}


@pytest.mark.parametrize("with_problem", [False, True])
@pytest.mark.parametrize("duplicates", [None, Duplicates()])
def test_the_streamed_report_is_the_whole_report_dumped_at_once(tmp_path, corpus, cleaner,
                                                                with_problem, duplicates):
    outcomes = outcomes_of(corpus, cleaner)
    assert {o.ok for o in outcomes} == {True, False}  # the broken JSONL file
    assert any(o.warnings for o in outcomes) and any(o.changed for o in outcomes)
    assert any(not o.changed and o.ok for o in outcomes)
    problems = [InputProblem("missing.txt", "no such file or folder")] if with_problem else []
    writer = ReportWriter(tmp_path / "report.json", "check", "clean-corpus test")
    for problem in problems:
        writer.add_problem(problem)
    for outcome in outcomes:
        writer.add(outcome)
        outcome.release(keep_texts=False)  # as the CLI does: the report must not need them after
    writer.finish(duplicates)
    expected = reference_report("check", problems, outcomes_of(corpus, cleaner), duplicates)
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == expected


def test_a_report_of_no_files_and_of_files_without_removals(tmp_path, cleaner):
    writer = ReportWriter(tmp_path / "empty.json", "check", "clean-corpus test")
    writer.finish()
    assert (tmp_path / "empty.json").read_text(encoding="utf-8") == reference_report("check", [], [])
    clean = tmp_path / "clean.txt"
    clean.write_text("A plain sentence of an article, nothing more to it.\n", encoding="utf-8")
    outcome = process_file(InputFile(str(clean), "clean.txt", "clean.txt"), cleaner, ProcessOptions())
    assert outcome.lines_removed == 0
    writer = ReportWriter(tmp_path / "one.json", "check", "clean-corpus test")
    writer.add(outcome)
    writer.finish()
    assert (tmp_path / "one.json").read_text(encoding="utf-8") == reference_report("check", [], [outcome])
    assert '"removals": []' in (tmp_path / "one.json").read_text(encoding="utf-8")


def test_without_removals_the_same_text_and_counts(corpus, cleaner):
    full = outcomes_of(corpus, cleaner)
    lean = outcomes_of(corpus, cleaner, want_removals=False)
    for a, b in zip(full, lean):
        assert (a.output, a.changed, a.errors, a.lines_removed, a.records_changed) == \
               (b.output, b.changed, b.errors, b.lines_removed, b.records_changed)
        assert all(t.removals == () for t in b.texts)
    assert sum(o.lines_removed for o in lean) > 0


def test_release_keeps_the_numbers_and_only_what_dedup_needs(corpus, cleaner):
    for keep_texts in (False, True):
        for outcome in outcomes_of(corpus, cleaner, want_texts=True):
            numbers = (outcome.lines_removed, outcome.records, outcome.records_changed)
            texts = [(t.record_line, t.text) for t in outcome.texts]
            outcome.release(keep_texts=keep_texts)
            assert (outcome.lines_removed, outcome.records, outcome.records_changed) == numbers
            assert outcome.output is None and outcome.diff == ""
            assert all(t.removals == () for t in outcome.texts)
            assert [(t.record_line, t.text) for t in outcome.texts] == (texts if keep_texts else [])


@pytest.mark.parametrize("flags", [(), ("--report", "REPORT"), ("--explain",), ("--dedup",)])
def test_a_run_lets_go_of_each_file_once_delivered(tmp_path, corpus, monkeypatch, flags):
    """While the last file is cleaned, no earlier file still holds its removals or output."""
    delivered: list[FileOutcome] = []
    real_deliver = cli.deliver

    def deliver(outcome, *arguments):
        for earlier in delivered:
            assert earlier.output is None
            assert all(t.removals == () for t in earlier.texts)
            assert earlier.texts == [] or "--dedup" in flags
        assert outcome.lines_removed >= 0
        if "--report" not in flags and "--explain" not in flags:
            assert all(t.removals == () for t in outcome.texts)  # never made
        delivered.append(outcome)
        return real_deliver(outcome, *arguments)

    monkeypatch.setattr(cli, "deliver", deliver)
    arguments = [str(tmp_path / "report.json") if f == "REPORT" else f for f in flags]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["--no-config", "--check", "-q", *arguments, str(next(iter(corpus.values())).parent)])
    assert len(delivered) == len(corpus)
    assert sum(o.lines_removed for o in delivered) > 0
    if "--report" in flags:
        report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        assert report["totals"]["lines_removed"] == sum(o.lines_removed for o in delivered if o.ok)


def test_kept_removals_have_their_reasons_written(corpus, cleaner):
    """An unwritten reason is a function holding the rule's view of the page; a batch run
    keeps only the written sentence."""
    outcomes = outcomes_of(corpus, cleaner)
    removals = [r for o in outcomes for t in o.texts for r in t.removals]
    assert removals and all(isinstance(r._reason, str) for r in removals)
    assert any(r.rule_id == "line-quality" for r in removals)
