"""Clean one input file (plain text or JSON Lines), or one part of a big JSON Lines file, into an
outcome the CLI can write and report.

This is the part of ``clean-corpus`` that runs in worker processes: read, decode, clean each
text (``Cleaner.explain``, or ``clean`` counting what went when no one asked for the
removals), and hand back plain data (picklable) — the new file content, the removals, error
lines. It writes nothing itself: the main process writes outputs in input order, so a run's
output is the same whatever ``-j``.
"""
from __future__ import annotations

import difflib
import json
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .corpus_io import InputFile, Part, decode_text, is_jsonl, line_parts, read_input_bytes
from .corpus_lines import RepeatedLines
from .errors import CleanerError
from .pipeline import Cleaner
from .result import Removal

MAX_ERRORS_PER_FILE = 5  # a broken JSONL file with 10,000 bad lines needs a few, not all
MORE_ERRORS = "more bad records follow; not listed"


@dataclass(frozen=True)
class CleanerOptions:
    """How to build the Cleaner: picklable, so each worker process builds its own once."""

    rules: tuple[str, ...] = ()
    no_default_rules: bool = False
    disable: tuple[str, ...] = ()
    repeated_lines: RepeatedLines | None = None  # --repeated-lines: counted over the inputs first

    def build(self) -> Cleaner:
        """The Cleaner these options describe; RuleError/ConfigError when they are broken."""
        if self.no_default_rules:
            return Cleaner(rules=list(self.rules), disable=self.disable,
                           repeated_lines=self.repeated_lines)
        return Cleaner(extra_rules=list(self.rules), disable=self.disable,
                       repeated_lines=self.repeated_lines)


@dataclass(frozen=True)
class ProcessOptions:
    """What to do with each file besides cleaning it."""

    field: str = "text"
    format: str = "auto"  # auto (by file name), text or jsonl
    want_diff: bool = False
    want_texts: bool = False  # keep the cleaned texts (for --dedup)
    # Keep the new content of a file cut into parts (see runner.py); --check, --diff and
    # --dedup alone write nothing, so they need not spool it.
    want_output: bool = True
    # Keep each Removal (for --explain and --report); without them a text keeps only how many
    # lines went, and is cleaned without writing the reasons.
    want_removals: bool = True


@dataclass
class TextOutcome:
    """One cleaned text: a whole text file, or one JSONL record (``record_line`` set)."""

    record_line: int | None
    removals: tuple[Removal, ...]
    changed: bool
    text: str | None = None  # the cleaned text, only when asked for (dedup)
    lines_removed: int = -1  # len(removals), kept when a delivered file drops its removals

    def __post_init__(self) -> None:
        if self.lines_removed < 0:
            self.lines_removed = len(self.removals)


@dataclass
class FileOutcome:
    """Everything the CLI needs about one input (or one part of it) after cleaning it.

    ``errors``: one-line problems, each ``(location, message)`` where location is the file's
    display name, or ``name:line`` for a JSONL record; a file with errors is not written.
    ``output``: the whole new content of the file (None when there are errors), or
    ``output_spool``: the same, in a temporary file, for a big file cleaned in parts.
    ``changed``: whether the output differs from the file as read.
    ``texts``: one TextOutcome per text, a list or (a big file's, with removals) a TextSpool.
    """

    item: InputFile
    format: str
    output: str | None = None
    changed: bool = False
    texts: list[TextOutcome] | TextSpool = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: str = ""
    read_bytes: int = 0
    output_spool: BinarySpool | None = None

    # (lines removed, records, records changed), once ``texts`` no longer tells them: after
    # release(), or for a big file whose records were counted as its parts came.
    totals: tuple[int, int, int] | None = None
    # Removals per rule id, when counted as a big file's parts came (reading them back from
    # the spool only to count would cost as much as reading them for the report).
    rule_counts: Counter[str] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lines_removed(self) -> int:
        if self.totals is not None:
            return self.totals[0]
        return sum(t.lines_removed for t in self.texts)

    @property
    def records(self) -> int:
        return self.totals[1] if self.totals is not None else len(self.texts)

    @property
    def records_changed(self) -> int:
        if self.totals is not None:
            return self.totals[2]
        return sum(1 for t in self.texts if t.changed)

    def output_chunks(self) -> Iterator[bytes]:
        """The new content as UTF-8 bytes, in chunks (a big file's is never held whole)."""
        if self.output_spool is not None:
            yield from self.output_spool.chunks()
        elif self.output is not None:
            yield self.output.encode("utf-8")

    def release(self, *, keep_texts: bool) -> None:
        """Drop what a delivered file no longer needs: its output, diff and removals (most of
        its lines, with their reasons). A run over a whole corpus then holds a few numbers
        per file, not every removal it made; ``keep_texts`` keeps the cleaned texts (for
        --dedup, which compares them all at the end)."""
        self.totals = (self.lines_removed, self.records, self.records_changed)
        self.output, self.diff = None, ""
        texts = self.texts
        self.texts = [TextOutcome(t.record_line, (), t.changed, t.text, t.lines_removed)
                      for t in texts] if keep_texts else []
        for spool in (texts, self.output_spool):
            if isinstance(spool, (TextSpool, BinarySpool)):
                spool.close()
        self.output_spool = None


class BinarySpool:
    """Bytes written in turn to an anonymous temporary file, read back in chunks."""

    CHUNK = 1 << 20

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def chunks(self) -> Iterator[bytes]:
        self._file.seek(0)
        while chunk := self._file.read(self.CHUNK):
            yield chunk

    def close(self) -> None:
        self._file.close()


class TextSpool:
    """TextOutcomes (with their removals) kept in a temporary file, part by part, and read
    back one part at a time, as often as asked: --explain and --report read a big file's
    removals when the whole file is done, without holding them all."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._parts = 0
        self._count = 0

    def extend(self, texts: Sequence[TextOutcome]) -> None:
        self._file.seek(0, os.SEEK_END)
        pickle.dump(list(texts), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._parts += 1
        self._count += len(texts)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[TextOutcome]:
        self._file.seek(0)
        for _ in range(self._parts):
            yield from pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


def process_file(item: InputFile, cleaner: Cleaner, options: ProcessOptions,
                 part: Part | None = None) -> FileOutcome:
    """Read, decode and clean one input, or one ``part`` of a JSON Lines input (its outcome
    tells that part's records, numbered as lines of the whole file); never raises for a
    problem with the input itself."""
    file_format = format_of(item, options)
    outcome = FileOutcome(item=item, format=file_format)
    try:
        data = read_input_bytes(item, part)
        outcome.read_bytes = len(data)
        text = decode_text(data, 0 if part is None else part.start)
    except CleanerError as exc:
        outcome.errors.append((item.display, str(exc)))
        return outcome
    if not text and part is None:
        outcome.warnings.append("empty file, nothing to clean")
    if file_format == "jsonl":
        _clean_jsonl(text, outcome, cleaner, options, 1 if part is None else part.first_line)
    else:
        _clean_text(text, outcome, cleaner, options)
    if outcome.errors:
        outcome.output, outcome.changed, outcome.diff = None, False, ""
    return outcome


def count_repeated_lines(items: Sequence[InputFile], options: ProcessOptions,
                         min_documents: int, part_bytes: int) -> RepeatedLines:
    """The first pass of ``--repeated-lines``: count the lines of every text of every input
    (a JSON Lines file bigger than ``part_bytes`` read part by part, never whole).

    Inputs that cannot be read or decoded, and bad JSONL records, are skipped here: the
    cleaning pass reports them."""
    table = RepeatedLines(min_documents)
    for item in items:
        if format_of(item, options) != "jsonl":
            try:
                table.add(decode_text(read_input_bytes(item)))
            except CleanerError:
                pass
            continue
        for part in line_parts(item.path, part_bytes) or [None]:
            try:
                text = decode_text(read_input_bytes(item, part))
            except CleanerError:
                continue
            for _, line, _ in _split_lines(text):
                try:
                    record = json.loads(line) if line.strip() else None
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and isinstance(record.get(options.field), str):
                    table.add(record[options.field])
    return table.compact()


def format_of(item: InputFile, options: ProcessOptions) -> str:
    """"jsonl" or "text": the --format asked for, else by the file name (standard input is
    text unless --format says otherwise)."""
    if options.format != "auto":
        return options.format
    return "jsonl" if not item.is_stdin and is_jsonl(item.path) else "text"


def clean_one(cleaner: Cleaner, text: str, options: ProcessOptions) -> tuple[str, tuple[Removal, ...], int]:
    """(the cleaned text, its removals if ``options.want_removals`` else (), how many lines
    went). Kept removals have their reasons written out: an unwritten reason holds on to the
    rule's view of the page (its lines and features) until it is read."""
    if not options.want_removals:
        cleaned, removed = cleaner._clean_counted(text)
        return cleaned, (), removed
    result = cleaner.explain(text)
    for removal in result.removals:
        removal.reason  # noqa: B018 - writing it lets go of what it was written from
    return result.text, result.removals, len(result.removals)


def _clean_text(text: str, outcome: FileOutcome, cleaner: Cleaner, options: ProcessOptions) -> None:
    try:
        cleaned, removals, removed = clean_one(cleaner, text, options)
    except CleanerError as exc:
        outcome.errors.append((outcome.item.display, str(exc)))
        return
    outcome.output = cleaned
    outcome.changed = cleaned != text
    outcome.texts.append(TextOutcome(None, removals, outcome.changed,
                                     cleaned if options.want_texts else None, removed))
    if options.want_diff and outcome.changed:
        outcome.diff = unified_diff(text, cleaned, outcome.item.display)


def _clean_jsonl(text: str, outcome: FileOutcome, cleaner: Cleaner, options: ProcessOptions,
                 first_line: int = 1) -> None:
    """Clean the ``options.field`` of every record; other fields and unchanged records are
    written back byte for byte (a changed record is re-serialised, its keys in order).
    ``first_line``: the number of ``text``'s first line in its file."""
    name = outcome.item.display
    output_lines: list[str] = []
    for number, line, ending in _split_lines(text, first_line):
        stripped = line.strip()
        if not stripped:
            output_lines.append(line + ending)  # blank lines stay, JSONL readers skip them
            continue
        location = f"{name}:{number}"
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            add_error(outcome, location, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            add_error(outcome, location, f"a JSONL record must be an object, got {type(record).__name__}")
            continue
        if options.field not in record:
            add_error(outcome, location, f"no field {options.field!r} (set the field with --field)")
            continue
        value = record[options.field]
        if not isinstance(value, str):
            add_error(outcome, location, f"field {options.field!r} must be a string, got "
                                          f"{type(value).__name__}")
            continue
        try:
            cleaned, removals, removed = clean_one(cleaner, value, options)
        except CleanerError as exc:
            add_error(outcome, location, f"field {options.field!r}: {exc}")
            continue
        changed = cleaned != value
        outcome.texts.append(TextOutcome(number, removals, changed,
                                         cleaned if options.want_texts else None, removed))
        if changed:
            record[options.field] = cleaned
            output_lines.append(json.dumps(record, ensure_ascii=False) + ending)
            if options.want_diff:
                outcome.diff += unified_diff(value, cleaned, location)
        else:
            output_lines.append(line + ending)
    outcome.output = "".join(output_lines)
    outcome.changed = any(t.changed for t in outcome.texts)


def add_error(outcome: FileOutcome, location: str, message: str) -> None:
    """Keep a file's first MAX_ERRORS_PER_FILE problems, then one line saying more follow."""
    if len(outcome.errors) < MAX_ERRORS_PER_FILE:
        outcome.errors.append((location, message))
    elif len(outcome.errors) == MAX_ERRORS_PER_FILE:
        outcome.errors.append((outcome.item.display, MORE_ERRORS))


def _split_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str, str]]:
    """(line number, line, its ending) for each line, numbered from ``first_line``; only
    "\\n" ends a JSONL line (a raw U+2028 inside a JSON string is legal and must not split a
    record)."""
    pieces = text.split("\n")
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if index == last and piece == "":
            break  # the final newline ends the last line; it does not start another
        ending = "\n" if index < last else ""
        if piece.endswith("\r"):
            piece, ending = piece[:-1], "\r" + ending
        yield first_line + index, piece, ending


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one text, ``a/name`` → ``b/name``."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)
