"""Big JSON Lines files cut into parts: the same outcome as one piece, never held whole.

``clean-corpus`` cuts a JSON Lines file bigger than ``runner.PART_BYTES`` at newlines and
cleans the parts like files of their own (in any worker), then puts the file's outcome back
together. Here the parts are made small, so a fixture-sized file is cut into many, and every
visible result is compared with cleaning the file whole: output bytes, record numbers, the
removals and their reasons, error messages and their cap, the report and --explain.
"""
from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import pytest

from cleaner import cli, runner
from cleaner.batch import CleanerOptions, ProcessOptions, TextSpool, process_file
from cleaner.corpus_io import InputFile, line_parts
from cli_support import SEED_NAMES, SEEDS, err, run_cli

PAGES = [(SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES]


def write_jsonl(path: Path, records: int, bad_lines: dict[int, str] | None = None) -> Path:
    """``records`` records (seed pages, some twice, some ids only); ``bad_lines`` replaces
    lines (1-based) with other text, for error cases."""
    lines = []
    for number in range(1, records + 1):
        page = PAGES[number % len(PAGES)]
        lines.append(json.dumps({"id": number, "text": page, "source": "seed"}, ensure_ascii=False))
    for number, text in (bad_lines or {}).items():
        lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def whole_and_parts(path: Path, options: ProcessOptions, part_bytes: int, jobs: int = 1):
    cleaner = CleanerOptions().build()
    item = InputFile(str(path), path.name, str(path))
    whole = process_file(item, cleaner, options)
    [assembled] = list(runner.process_all([item], cleaner, CleanerOptions(), options, jobs,
                                          part_bytes=part_bytes))
    return whole, assembled


def removals_of(outcome) -> list[tuple]:
    return [(text.record_line, removal.line_number, removal.rule_id, removal.reason, removal.text)
            for text in outcome.texts for removal in text.removals]


# --- cutting ------------------------------------------------------------------------------

def test_parts_end_at_newlines_and_count_lines(tmp_path):
    rng = random.Random(7)
    for _ in range(300):
        lines = ["x" * rng.randint(0, 30) for _ in range(rng.randint(0, 60))]
        data = ("\n".join(lines) + rng.choice(["", "\n"])).encode()
        path = tmp_path / "f.jsonl"
        path.write_bytes(data)
        part_bytes = rng.randint(1, 80)
        parts = line_parts(str(path), part_bytes, block_bytes=rng.randint(1, 9))
        if len(data) <= part_bytes:
            assert parts == []  # read whole
            continue
        assert parts[0].start == 0 and parts[-1].end == len(data)
        assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
        for part in parts:
            chunk = data[part.start:part.end]
            assert chunk and part.first_line == data[:part.start].count(b"\n") + 1
            if part is not parts[-1]:  # it ends at the first newline at or past part_bytes
                assert chunk.find(b"\n", part_bytes - 1) == len(chunk) - 1


def test_a_small_or_missing_file_is_one_piece(tmp_path):
    path = tmp_path / "small.jsonl"
    path.write_text('{"text": "a"}\n')
    assert line_parts(str(path), 1 << 20) == []
    assert line_parts(str(tmp_path / "missing.jsonl"), 10) == []


def test_small_files_go_in_batches_and_parts_alone(tmp_path):
    small = [InputFile(str(tmp_path / f"{i}.txt"), f"{i}.txt", f"{i}.txt") for i in range(70)]
    for item in small:
        Path(item.path).write_text("a line\n")
    big = write_jsonl(tmp_path / "big.jsonl", 12)
    items = small[:3] + [InputFile(str(big), "big.jsonl", "big.jsonl")] + small[3:]
    tasks = list(runner.tasks_of(items, ProcessOptions(), part_bytes=2_000))
    batches = list(runner._batches(iter(tasks)))
    assert [task for batch in batches for task in batch] == tasks  # nothing lost, in order
    assert all(len(batch) == 1 for batch in batches if batch[0].part is not None)
    assert max(len(batch) for batch in batches) == runner.BATCH_FILES
    assert sum(1 for task in tasks if task.part is not None) > 3


# --- the same outcome as one piece ------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_parts_give_the_whole_files_output_and_removals(tmp_path, jobs):
    path = write_jsonl(tmp_path / "corpus.jsonl", 40)
    options = ProcessOptions(want_removals=True)
    whole, assembled = whole_and_parts(path, options, part_bytes=3_000, jobs=jobs)
    assert whole.ok and assembled.ok and whole.changed and assembled.changed
    assert whole.output is not None and assembled.output is None  # spooled, not held
    assert b"".join(assembled.output_chunks()) == whole.output.encode("utf-8")
    assert isinstance(assembled.texts, TextSpool) and len(assembled.texts) == 40
    assert removals_of(assembled) == removals_of(whole) != []
    assert removals_of(assembled) == removals_of(assembled)  # the spool reads back again
    assert [t.record_line for t in assembled.texts] == list(range(1, 41))
    assert (assembled.lines_removed, assembled.records, assembled.records_changed) == \
        (whole.lines_removed, whole.records, whole.records_changed)
    assert assembled.read_bytes == whole.read_bytes == path.stat().st_size


def test_parts_without_removals_keep_only_counts(tmp_path):
    path = write_jsonl(tmp_path / "corpus.jsonl", 30)
    whole, assembled = whole_and_parts(path, ProcessOptions(want_removals=False), part_bytes=3_000)
    assert assembled.texts == [] and assembled.lines_removed == whole.lines_removed > 0
    assert b"".join(assembled.output_chunks()) == whole.output.encode("utf-8")
    _, checked = whole_and_parts(path, ProcessOptions(want_removals=False, want_output=False),
                                 part_bytes=3_000)
    assert checked.changed and list(checked.output_chunks()) == []  # --check spools nothing


def test_parts_keep_texts_for_dedup(tmp_path):
    path = write_jsonl(tmp_path / "corpus.jsonl", 20)
    options = ProcessOptions(want_removals=False, want_texts=True)
    whole, assembled = whole_and_parts(path, options, part_bytes=2_500)
    assert [(t.record_line, t.text) for t in assembled.texts] == \
        [(t.record_line, t.text) for t in whole.texts]


def test_bad_records_in_many_parts_are_reported_as_for_the_whole_file(tmp_path):
    bad = {2: "{not json", 9: "[1, 2]", 15: '{"id": 15}', 22: '{"text": 5}', 30: "{",
           33: "nope", 38: "{"}
    path = write_jsonl(tmp_path / "corpus.jsonl", 40, bad)
    whole, assembled = whole_and_parts(path, ProcessOptions(), part_bytes=2_000)
    assert len(whole.errors) == 6 and whole.errors[-1][1] == "more bad records follow; not listed"
    assert assembled.errors == whole.errors
    assert assembled.errors[0] == (f"{path}:2", whole.errors[0][1])
    assert not assembled.changed and list(assembled.output_chunks()) == []


def test_a_few_bad_records_each_in_its_own_part(tmp_path):
    path = write_jsonl(tmp_path / "corpus.jsonl", 40, {5: "{", 35: "{"})
    whole, assembled = whole_and_parts(path, ProcessOptions(), part_bytes=2_000)
    assert assembled.errors == whole.errors
    assert [location for location, _ in assembled.errors] == [f"{path}:5", f"{path}:35"]


@pytest.mark.parametrize("damage, message", [(b"\x00", "binary file (NUL byte at offset {})"),
                                              (b"\xff", "invalid byte 0xff at offset {}")])
def test_a_damaged_byte_late_in_a_big_file_is_reported_once_at_its_file_offset(tmp_path, damage,
                                                                                message):
    path = write_jsonl(tmp_path / "corpus.jsonl", 40)
    data = bytearray(path.read_bytes())
    offsets = [len(data) * 2 // 3, len(data) - 10]
    for offset in offsets:
        data[offset:offset + 1] = damage
    path.write_bytes(bytes(data))
    whole, assembled = whole_and_parts(path, ProcessOptions(), part_bytes=2_000)
    assert len(whole.errors) == 1 and message.format(offsets[0]) in whole.errors[0][1]
    assert [e for e in assembled.errors if e[0] == str(path)] == whole.errors


# --- the command line ---------------------------------------------------------------------

def run_main(*arguments: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["--no-config", *arguments])
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_report_and_explain_are_the_same_when_a_file_is_cut(tmp_path, monkeypatch, jobs):
    path = write_jsonl(tmp_path / "corpus.jsonl", 30, {7: "{"})
    good = write_jsonl(tmp_path / "good.jsonl", 25)
    results = []
    for part_bytes in (1 << 30, 2_000):
        monkeypatch.setattr(runner, "PART_BYTES", part_bytes)
        report = tmp_path / f"report-{part_bytes}.json"
        code, stdout, stderr = run_main("--check", "-j", jobs, "--explain", "--report", str(report),
                                        str(path), str(good))
        results.append((code, stdout, stderr, report.read_bytes()))
    assert results[0] == results[1]
    code, stdout, stderr, report = results[0]
    assert code == 2 and f"{path}:7: invalid JSON" in stderr
    assert f"{good}:3:" in stdout  # explained, numbered by record
    assert json.loads(report)["totals"]["errors"] == 1


def test_a_big_file_cleaned_by_two_workers_as_a_subprocess(tmp_path):
    """A file past the real PART_BYTES, cleaned in parts by two worker processes, comes out
    byte for byte as cleaning its records one by one with the library gives."""
    records, size = [], 0
    while size <= runner.PART_BYTES + 200_000:
        page = PAGES[len(records) % len(PAGES)]
        records.append(json.dumps({"id": len(records), "text": page}, ensure_ascii=False))
        size += len(records[-1].encode("utf-8")) + 1
    path = tmp_path / "in" / "shard.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    assert len(line_parts(str(path), runner.PART_BYTES)) == 2

    result = run_cli("--no-config", "-j", "2", "-o", tmp_path / "out", path)
    assert result.returncode == 0, err(result)
    cleaned = {page: cli.Cleaner().clean(page) for page in PAGES}
    expected = []
    for line in records:
        record = json.loads(line)
        if cleaned[record["text"]] == record["text"]:
            expected.append(line)
        else:
            expected.append(json.dumps({**record, "text": cleaned[record["text"]]}, ensure_ascii=False))
    assert (tmp_path / "out" / "shard.jsonl").read_text(encoding="utf-8") == "\n".join(expected) + "\n"


def test_standard_input_is_read_by_the_main_process_among_workers(tmp_path):
    """Workers cannot read the main process's standard input: it used to reach them empty."""
    files = [SEEDS / name for name in SEED_NAMES[2:]]
    result = run_cli("--no-config", "-j", "2", "--check", "-", *files, stdin=PAGES[1].encode())
    assert result.returncode == 1, err(result)
    assert "-: 8 lines would be removed" in result.stdout.decode()
    assert "empty file" not in err(result)



def test_a_cut_file_with_a_bad_record_late_is_left_as_it_was(tmp_path, monkeypatch):
    """--in-place writes a cut file only when every part cleaned: the parts before the bad
    record were already spooled, and must not reach the input."""
    monkeypatch.setattr(runner, "PART_BYTES", 2_000)
    path = write_jsonl(tmp_path / "corpus.jsonl", 40, {38: "{"})
    before = path.read_bytes()
    code, _, stderr = run_main("--in-place", str(path))
    assert code == 2 and f"{path}:38: invalid JSON" in stderr
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]  # no temporary left


@pytest.mark.parametrize("mode", [["--in-place"], ["-o", "OUT"], []])
def test_a_cut_file_is_written_as_the_whole_file_would_be(tmp_path, monkeypatch, capsysbinary, mode):
    path = write_jsonl(tmp_path / "corpus.jsonl", 30)
    options = ProcessOptions(want_removals=False)
    expected = process_file(InputFile(str(path), path.name, str(path)), CleanerOptions().build(),
                            options).output.encode("utf-8")
    monkeypatch.setattr(runner, "PART_BYTES", 2_000)
    arguments = [str(tmp_path / "OUT") if a == "OUT" else a for a in mode]
    assert cli.main(["--no-config", *arguments, str(path)]) == 0
    written = {"--in-place": path, "-o": tmp_path / "OUT" / path.name}
    if mode:
        assert written[mode[0]].read_bytes() == expected
    else:
        assert capsysbinary.readouterr().out == expected  # to stdout, from the spool
