"""The --report JSON of a clean-corpus run, written as the files are delivered.

A run over a whole corpus removes millions of lines, each with a reason. Holding every
removal until the end grew the process with the corpus: a 54 MB JSON Lines file took 1.6 GB.
The writer renders each file's entry when it comes, keeps it in a temporary spool file, and
only the totals in memory; ``finish`` writes the report atomically. The text is what
``json.dumps(report, ensure_ascii=False, indent=2)`` gives for the whole report.
"""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .batch import FileOutcome
from .corpus_io import InputProblem, atomic_write

_PLACEHOLDER = "\0streamed\0"  # stands for a list written item by item, around the rest
_ENTRY_INDENT = "    "  # an entry of "files" sits two levels deep at indent=2
_ITEM_INDENT = "    "  # and an item of its "removals" list two levels deeper
_SPOOL_CHUNK = 1 << 20


class ReportWriter:
    """Collects the report's file entries in order; ``finish`` writes the report to ``path``."""

    def __init__(self, path: Path, mode: str, tool: str) -> None:
        self.path = Path(path)
        self.mode = mode
        self.tool = tool
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._entries = 0
        self._files = self._changed = self._unchanged = self._errors = self._lines_removed = 0
        self._counts: Counter = Counter()

    def add_problem(self, problem: InputProblem) -> None:
        """An input that could not even be opened (missing path, unreadable folder)."""
        self._errors += 1
        self._write({"path": problem.display, "status": "error",
                     "errors": [{"location": problem.display, "message": problem.message}]})

    def add(self, outcome: FileOutcome) -> None:
        """One delivered file, before it releases its removals."""
        entry, removals = file_report(outcome)
        if outcome.ok:
            self._changed += outcome.changed
            self._unchanged += not outcome.changed
            self._lines_removed += entry["lines_removed"]
            self._counts.update(entry["counts"])
        else:
            self._errors += 1
        self._write(entry, removals)

    def finish(self, duplicates=None) -> None:
        """Write the report (atomically); InputError when it cannot be written."""
        report = {
            "tool": self.tool,
            "mode": self.mode,
            "files": _PLACEHOLDER,
            "totals": {
                "files": self._files,
                "changed": self._changed,
                "unchanged": self._unchanged,
                "errors": self._errors,
                "lines_removed": self._lines_removed,
                "counts": dict(sorted(self._counts.items())),
            },
        }
        if duplicates is not None:
            report["duplicates"] = duplicates.to_dict()
        before, after = json.dumps(report, ensure_ascii=False, indent=2).split(
            json.dumps(_PLACEHOLDER), 1)
        try:
            atomic_write(self.path, self._chunks(before, after + "\n"))
        finally:
            self._spool.close()

    def _write(self, entry: dict, removals: Iterator[dict] | None = None) -> None:
        """Spool ``entry`` as the next item of "files"; ``removals`` (its "removals" list, when
        it has one) is rendered item by item, never as one list: a big file's removals are
        hundreds of MB of JSON."""
        self._files += 1
        write = self._spool.write
        write((",\n" if self._entries else "") + _ENTRY_INDENT)
        self._entries += 1
        if removals is None:
            write(_nested(entry, _ENTRY_INDENT))
            return
        head, tail = _nested({**entry, "removals": _PLACEHOLDER}, _ENTRY_INDENT).split(
            json.dumps(_PLACEHOLDER), 1)
        write(head)
        items = _ENTRY_INDENT + _ITEM_INDENT  # a removal sits two levels below its entry
        first = next(removals, None)
        if first is None:
            write("[]")
        else:
            write("[\n" + items + _nested(first, items))
            for removal in removals:
                write(",\n" + items + _nested(removal, items))
            write("\n" + _ENTRY_INDENT + "  ]")
        write(tail)

    def _chunks(self, before: str, after: str) -> Iterator[bytes]:
        yield before.encode("utf-8")
        if not self._entries:
            yield b"[]"
        else:
            yield b"[\n"
            self._spool.seek(0)
            while chunk := self._spool.read(_SPOOL_CHUNK):
                yield chunk.encode("utf-8")
            yield b"\n  ]"
        yield after.encode("utf-8")


def _nested(value, indent: str) -> str:
    """``value`` rendered as ``json.dumps(..., indent=2)`` renders it at depth ``indent``
    (its first line is not indented: the caller has written that)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def file_report(outcome: FileOutcome) -> tuple[dict, Iterator[dict] | None]:
    """One file's entry in the --report JSON, without its "removals" list, and that list's
    items as an iterator (None for a file with errors, whose entry has no such list)."""
    entry: dict = {"path": outcome.item.display, "format": outcome.format}
    if not outcome.ok:
        entry["status"] = "error"
        entry["errors"] = [{"location": loc, "message": msg} for loc, msg in outcome.errors]
        return entry, None
    entry["status"] = "changed" if outcome.changed else "unchanged"
    if outcome.warnings:
        entry["warnings"] = list(outcome.warnings)
    counts = outcome.rule_counts
    if counts is None:
        counts = Counter(removal.rule_id for text in outcome.texts for removal in text.removals)
    entry["lines_removed"] = sum(counts.values())
    if outcome.format == "jsonl":
        entry["records"] = outcome.records
        entry["records_changed"] = outcome.records_changed
    entry["counts"] = dict(sorted(counts.items()))
    return entry, _removal_items(outcome)


def _removal_items(outcome: FileOutcome) -> Iterator[dict]:
    for text in outcome.texts:
        for removal in text.removals:
            item = removal.to_dict()
            yield item if text.record_line is None else {"record": text.record_line, **item}
