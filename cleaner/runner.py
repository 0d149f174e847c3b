"""Run ``batch.process_file`` over a corpus: in worker processes, big files in parts, outcomes
handed back whole and in input order.

A JSON Lines file bigger than ``PART_BYTES`` is cut at newlines into parts of about that
size (corpora often come as a few shards of gigabytes). Each part is cleaned like a file of
its own, in any worker, so ``-j`` shares one big file among the workers, and nothing ever
holds a whole big file: a part's outcome goes to temporary files (its new content, and its
removals when --explain or --report want them) as soon as it comes, and the file's outcome
reads them back. Small files go to the workers in batches, so each costs a share of a message,
not a round trip of its own. At most two tasks per worker are out at once: a slow first file cannot make the
finished ones behind it pile up in memory.
"""
from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from .batch import (MAX_ERRORS_PER_FILE, MORE_ERRORS, BinarySpool, CleanerOptions, FileOutcome,
                    ProcessOptions, TextSpool, add_error, format_of, process_file)
from .corpus_io import InputFile, Part, line_parts
from .pipeline import Cleaner

# Why 8 MB: a part's text, records and output take a few times its size in a worker, and
# two tasks per worker are out at once; a 2 GB shard still makes 250 tasks for the workers.
PART_BYTES = 8 << 20
# Small files go to a worker in batches of at most 16 files or 1 MB (~0.15 s of cleaning):
# the message costs ~1 % of that, and a corpus of 100 files still spreads evenly.
BATCH_FILES = 16
BATCH_BYTES = 1 << 20
TASKS_PER_WORKER = 2


@dataclass(frozen=True)
class Task:
    """One file, or one part of one (``part`` set; ``last``: the file's last part)."""

    item: InputFile
    part: Part | None = None
    last: bool = True
    size: int = 0  # bytes to read, roughly: how tasks are batched


def tasks_of(items: Iterable[InputFile], options: ProcessOptions, part_bytes: int) -> Iterator[Task]:
    """The tasks of ``items``, in order; a file is cut when its turn comes (cutting reads it)."""
    for item in items:
        parts: list[Part] = []
        if not item.is_stdin and format_of(item, options) == "jsonl":
            parts = line_parts(item.path, part_bytes)
        if not parts:
            yield Task(item, size=_size_of(item))
            continue
        for index, part in enumerate(parts):
            yield Task(item, part, index == len(parts) - 1, part.end - part.start)


def _size_of(item: InputFile) -> int:
    try:
        return 0 if item.is_stdin else os.path.getsize(item.path)
    except OSError:
        return 0


class FileAssembly:
    """A big file's outcome, put together from its parts' outcomes as they come, in order."""

    def __init__(self, item: InputFile, options: ProcessOptions) -> None:
        self.options = options
        self.outcome = FileOutcome(item=item, format="jsonl")
        self.outcome.texts = TextSpool() if options.want_removals else []
        self.outcome.rule_counts = Counter() if options.want_removals else None
        self.output = BinarySpool() if options.want_output else None
        self.lines_removed = self.records = self.records_changed = 0

    def add(self, part: FileOutcome) -> None:
        outcome = self.outcome
        outcome.read_bytes += part.read_bytes
        outcome.warnings.extend(w for w in part.warnings if w not in outcome.warnings)
        for location, message in part.errors:
            _add_error(outcome, location, message)
        if outcome.errors:  # the file will not be written: its content and removals can go
            self._drop_output()
            return
        outcome.changed |= part.changed
        outcome.diff += part.diff
        if self.output is not None:
            self.output.write(part.output.encode("utf-8"))
        self.lines_removed += part.lines_removed
        self.records += part.records
        self.records_changed += part.records_changed
        if self.options.want_removals or self.options.want_texts:
            outcome.texts.extend(part.texts)  # a TextSpool when they carry removals
        if outcome.rule_counts is not None:
            outcome.rule_counts.update(r.rule_id for text in part.texts for r in text.removals)

    def finish(self) -> FileOutcome:
        outcome = self.outcome
        if outcome.errors:  # as process_file leaves a file with errors: nothing to write
            outcome.changed, outcome.diff = False, ""
        outcome.output_spool = self.output
        outcome.totals = (self.lines_removed, self.records, self.records_changed)
        return outcome

    def _drop_output(self) -> None:
        if self.output is not None:
            self.output.close()
            self.output = None
        if isinstance(self.outcome.texts, TextSpool):
            self.outcome.texts.close()
        self.outcome.texts = []


def _add_error(outcome: FileOutcome, location: str, message: str) -> None:
    """Keep a file's first problems, whichever parts they come from, as process_file keeps a
    small file's: a read problem once (every part of a binary file has one), and a part's
    own "more follow" line only where the whole file's count calls for it."""
    errors, name = outcome.errors, outcome.item.display
    if message == MORE_ERRORS:  # a part's own cut-off: the whole file's count decides
        if len(errors) == MAX_ERRORS_PER_FILE:
            errors.append((name, MORE_ERRORS))
        return
    if location == name and any(where == name for where, _ in errors):
        return
    add_error(outcome, location, message)


# --- running the tasks ----------------------------------------------------------------------

_worker_cleaner: Cleaner | None = None
_worker_options: ProcessOptions | None = None


def init_worker(cleaner_options: CleanerOptions, process_options: ProcessOptions) -> None:
    """Process-pool initializer: build the Cleaner once per worker (rules loaded once)."""
    global _worker_cleaner, _worker_options
    _worker_cleaner = cleaner_options.build()
    _worker_options = process_options


def process_in_worker(tasks: Sequence[Task]) -> list[FileOutcome]:
    """Clean a batch of tasks with the worker's Cleaner (see :func:`init_worker`)."""
    assert _worker_cleaner is not None and _worker_options is not None, "init_worker not run"
    return [process_file(task.item, _worker_cleaner, _worker_options, task.part) for task in tasks]


def process_all(items: Sequence[InputFile], cleaner: Cleaner, cleaner_options: CleanerOptions,
                options: ProcessOptions, jobs: int, part_bytes: int | None = None) -> Iterator[FileOutcome]:
    """The outcome of every item, in input order; ``jobs`` > 1 cleans in that many processes.
    A big JSON Lines file's outcome has its content in ``output_spool`` (see FileAssembly).
    ``part_bytes``: PART_BYTES unless given."""
    part_bytes = part_bytes or PART_BYTES
    tasks = tasks_of(items, options, part_bytes)
    parallel = False
    if jobs > 1:  # worth starting workers only for two tasks or more
        first = list(islice(tasks, 2))
        parallel = len(first) > 1
        tasks = chain(first, tasks)
    done = (_run_in_workers(tasks, cleaner, cleaner_options, options, jobs) if parallel
            else ((task, process_file(task.item, cleaner, options, task.part)) for task in tasks))
    assembly: FileAssembly | None = None
    for task, outcome in done:
        if task.part is None:
            yield outcome
            continue
        if assembly is None:
            assembly = FileAssembly(task.item, options)
        assembly.add(outcome)
        if task.last:
            yield assembly.finish()
            assembly = None


def _batches(tasks: Iterator[Task]) -> Iterator[list[Task]]:
    """Consecutive tasks grouped up to BATCH_FILES files or BATCH_BYTES; a part of a big
    file, and standard input (only the main process can read it), go alone."""
    batch: list[Task] = []
    size = 0
    for task in tasks:
        alone = task.part is not None or task.item.is_stdin
        if batch and (alone or size + task.size > BATCH_BYTES or len(batch) == BATCH_FILES):
            yield batch
            batch, size = [], 0
        batch.append(task)
        size += task.size
        if alone:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _run_in_workers(tasks: Iterator[Task], cleaner: Cleaner, cleaner_options: CleanerOptions,
                    options: ProcessOptions, jobs: int) -> Iterator[tuple[Task, FileOutcome]]:
    from concurrent.futures import Future, ProcessPoolExecutor

    batches = _batches(tasks)
    pending: deque[tuple[list[Task], Future | None]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=init_worker,
                               initargs=(cleaner_options, options))

    def submit_next() -> None:
        batch = next(batches, None)
        if batch is not None:
            stdin = batch[0].item.is_stdin
            pending.append((batch, None if stdin else pool.submit(process_in_worker, batch)))

    try:
        for _ in range(jobs * TASKS_PER_WORKER):
            submit_next()
        while pending:
            batch, future = pending.popleft()
            if future is None:
                outcomes = [process_file(task.item, cleaner, options, task.part) for task in batch]
            else:
                outcomes = future.result()
            submit_next()
            yield from zip(batch, outcomes)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
