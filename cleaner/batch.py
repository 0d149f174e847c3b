"""Clean one input file (plain text or JSON Lines) into an outcome the CLI can write and report.

This is the part of ``clean-corpus`` that runs in worker processes: read, decode, clean each
text (``Cleaner.explain``, or ``clean`` counting what went when no one asked for the
removals), and hand back plain data (picklable) — the new file content, the removals, error
lines. It writes nothing itself: the main process writes outputs in input order, so a run's
output is the same whatever ``-j``.
"""
from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .corpus_io import InputFile, decode_text, is_jsonl, read_input_bytes
from .corpus_lines import RepeatedLines
from .errors import CleanerError
from .pipeline import Cleaner
from .result import Removal

MAX_ERRORS_PER_FILE = 5  # a broken JSONL file with 10,000 bad lines needs a few, not all


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
    """Everything the CLI needs about one input after cleaning it.

    ``errors``: one-line problems, each ``(location, message)`` where location is the file's
    display name, or ``name:line`` for a JSONL record; a file with errors is not written.
    ``output``: the whole new content of the file (None when there are errors).
    ``changed``: whether ``output`` differs from the file as read.
    """

    item: InputFile
    format: str
    output: str | None = None
    changed: bool = False
    texts: list[TextOutcome] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: str = ""
    read_bytes: int = 0

    # What release() keeps of the texts: (lines removed, records, records changed).
    released_counts: tuple[int, int, int] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lines_removed(self) -> int:
        if self.released_counts is not None:
            return self.released_counts[0]
        return sum(t.lines_removed for t in self.texts)

    @property
    def records(self) -> int:
        return self.released_counts[1] if self.released_counts is not None else len(self.texts)

    @property
    def records_changed(self) -> int:
        if self.released_counts is not None:
            return self.released_counts[2]
        return sum(1 for t in self.texts if t.changed)

    def release(self, *, keep_texts: bool) -> None:
        """Drop what a delivered file no longer needs: its output, diff and removals (most of
        its lines, with their reasons). A run over a whole corpus then holds a few numbers
        per file, not every removal it made; ``keep_texts`` keeps the cleaned texts (for
        --dedup, which compares them all at the end)."""
        self.released_counts = (self.lines_removed, self.records, self.records_changed)
        self.output, self.diff = None, ""
        self.texts = [TextOutcome(t.record_line, (), t.changed, t.text, t.lines_removed)
                      for t in self.texts] if keep_texts else []


def process_file(item: InputFile, cleaner: Cleaner, options: ProcessOptions) -> FileOutcome:
    """Read, decode and clean one input; never raises for a problem with the input itself."""
    file_format = _format_of(item, options)
    outcome = FileOutcome(item=item, format=file_format)
    try:
        data = read_input_bytes(item)
        outcome.read_bytes = len(data)
        text = decode_text(data)
    except CleanerError as exc:
        outcome.errors.append((item.display, str(exc)))
        return outcome
    if not text:
        outcome.warnings.append("empty file, nothing to clean")
    if file_format == "jsonl":
        _clean_jsonl(text, outcome, cleaner, options)
    else:
        _clean_text(text, outcome, cleaner, options)
    if outcome.errors:
        outcome.output, outcome.changed, outcome.diff = None, False, ""
    return outcome


def count_repeated_lines(items: Sequence[InputFile], options: ProcessOptions,
                         min_documents: int) -> RepeatedLines:
    """The first pass of ``--repeated-lines``: count the lines of every text of every input.

    Inputs that cannot be read or decoded, and bad JSONL records, are skipped here: the
    cleaning pass reports them."""
    table = RepeatedLines(min_documents)
    for item in items:
        try:
            text = decode_text(read_input_bytes(item))
        except CleanerError:
            continue
        if _format_of(item, options) == "jsonl":
            for _, line, _ in _split_lines(text):
                try:
                    record = json.loads(line) if line.strip() else None
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and isinstance(record.get(options.field), str):
                    table.add(record[options.field])
        else:
            table.add(text)
    return table.compact()


def _format_of(item: InputFile, options: ProcessOptions) -> str:
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


def _clean_jsonl(text: str, outcome: FileOutcome, cleaner: Cleaner, options: ProcessOptions) -> None:
    """Clean the ``options.field`` of every record; other fields and unchanged records are
    written back byte for byte (a changed record is re-serialised, its keys in order)."""
    name = outcome.item.display
    output_lines: list[str] = []
    for number, line, ending in _split_lines(text):
        stripped = line.strip()
        if not stripped:
            output_lines.append(line + ending)  # blank lines stay, JSONL readers skip them
            continue
        location = f"{name}:{number}"
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            _add_error(outcome, location, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            _add_error(outcome, location, f"a JSONL record must be an object, got {type(record).__name__}")
            continue
        if options.field not in record:
            _add_error(outcome, location, f"no field {options.field!r} (set the field with --field)")
            continue
        value = record[options.field]
        if not isinstance(value, str):
            _add_error(outcome, location, f"field {options.field!r} must be a string, got "
                                          f"{type(value).__name__}")
            continue
        try:
            cleaned, removals, removed = clean_one(cleaner, value, options)
        except CleanerError as exc:
            _add_error(outcome, location, f"field {options.field!r}: {exc}")
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


def _add_error(outcome: FileOutcome, location: str, message: str) -> None:
    if len(outcome.errors) < MAX_ERRORS_PER_FILE:
        outcome.errors.append((location, message))
    elif len(outcome.errors) == MAX_ERRORS_PER_FILE:
        outcome.errors.append((outcome.item.display, "more bad records follow; not listed"))


def _split_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line, its ending) for each line; only "\\n" ends a JSONL line (a raw
    U+2028 inside a JSON string is legal and must not split a record)."""
    pieces = text.split("\n")
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if index == last and piece == "":
            break  # the final newline ends the last line; it does not start another
        ending = "\n" if index < last else ""
        if piece.endswith("\r"):
            piece, ending = piece[:-1], "\r" + ending
        yield index + 1, piece, ending


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one text, ``a/name`` → ``b/name``."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


# --- worker processes -------------------------------------------------------------------

_worker_cleaner: Cleaner | None = None
_worker_options: ProcessOptions | None = None


def init_worker(cleaner_options: CleanerOptions, process_options: ProcessOptions) -> None:
    """Process-pool initializer: build the Cleaner once per worker (rules loaded once)."""
    global _worker_cleaner, _worker_options
    _worker_cleaner = cleaner_options.build()
    _worker_options = process_options


def process_in_worker(item: InputFile) -> FileOutcome:
    """Clean one file with the worker's Cleaner (see :func:`init_worker`)."""
    assert _worker_cleaner is not None and _worker_options is not None, "init_worker not run"
    return process_file(item, _worker_cleaner, _worker_options)


def process_all(items: Sequence[InputFile], cleaner: Cleaner, cleaner_options: CleanerOptions,
                options: ProcessOptions, jobs: int) -> Iterable[FileOutcome]:
    """Outcomes of every item, in input order; ``jobs`` > 1 cleans in that many processes."""
    if jobs <= 1 or len(items) < 2:
        for item in items:
            yield process_file(item, cleaner, options)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(items))
    chunk = max(1, min(64, len(items) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=init_worker,
                             initargs=(cleaner_options, options)) as pool:
        yield from pool.map(process_in_worker, items, chunksize=chunk)

