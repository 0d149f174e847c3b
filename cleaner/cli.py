"""``clean-corpus``: clean whole corpora from the shell, check them, explain them, find duplicates.

This module parses arguments, decides where output goes, and reports; the cleaning is
``cleaner.Cleaner``'s, the file handling :mod:`cleaner.corpus_io`'s and :mod:`cleaner.batch`'s,
running it over many files (workers, big files in parts) :mod:`cleaner.runner`'s. Exit codes
(see docs/cli.md):

    0  nothing to do, or everything done
    1  --check found something: a file that would change, or near-duplicates (with --dedup)
    2  usage error, broken configuration or rules, or an input that could not be cleaned
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import __version__
from .batch import CleanerOptions, FileOutcome, ProcessOptions, count_repeated_lines
from .config import FORMATS, Settings, find_pyproject, load_config, resolve_settings
from .corpus_io import InputFile, InputProblem, atomic_write, discover
from .errors import CleanerError, InputError
from .pipeline import Cleaner
from .report import ReportWriter
from . import runner

PROG = "clean-corpus"
EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something impossible (exit 2, with the usage hint)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; every flag is documented in docs/cli.md."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Remove page furniture (widgets, navigation, share rows, headline lists) "
                    "from scraped news text files and JSON Lines, explain every removal, and "
                    "find near-duplicate articles.",
        epilog="Exit codes: 0 nothing to do or all done; 1 --check found something; "
               "2 usage, configuration or input error. See docs/cli.md.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files, folders (searched recursively) or - for standard input")
    parser.add_argument("--version", action="version", version=f"{PROG} (cleaner) {__version__}")

    output = parser.add_argument_group("where the cleaned text goes (default: stdout, one input only)")
    output.add_argument("-o", "--output", metavar="DIR",
                        help="write cleaned files to DIR, mirroring the input folders")
    output.add_argument("--in-place", action="store_true",
                        help="rewrite changed inputs in place (atomically)")
    output.add_argument("--check", action="store_true",
                        help="change nothing; list the files that would change and exit 1 if any")
    output.add_argument("--diff", action="store_true",
                        help="change nothing; print a unified diff of what cleaning would change")

    explain = parser.add_argument_group("explanations and reports")
    explain.add_argument("--explain", action="store_true",
                         help="list each removal: file, line number, rule id, reason, text")
    explain.add_argument("--report", metavar="FILE.json",
                         help="write a JSON report: per file its removals and counts, and totals")
    explain.add_argument("-q", "--quiet", action="store_true",
                         help="print only errors and what --check/--dedup found")
    explain.add_argument("-v", "--verbose", action="store_true",
                         help="also print one status line per file")
    explain.add_argument("--no-progress", action="store_true",
                         help="never show a progress bar (it only shows on a terminal anyway)")

    rules = parser.add_argument_group("rules")
    rules.add_argument("--rules", metavar="FILE", action="append",
                       help="add the rules of a TOML rule file (repeatable); a rule with a "
                            "built-in id replaces the built-in rule")
    rules.add_argument("--no-default-rules", action="store_true", default=None,
                       help="use only the --rules files, not the built-in pack")
    rules.add_argument("--disable", metavar="RULE_ID", action="append",
                       help="switch a rule off by id (repeatable, or comma-separated)")
    rules.add_argument("--repeated-lines", metavar="N", type=int,
                       help="also remove lines that stand in at least N of the input texts and "
                            "in more of them than the article's own text (site templates); "
                            "reads the inputs twice")
    rules.add_argument("--list-rules", action="store_true",
                       help="print the rules in effect (id, kind, category, reason) and exit")

    inputs = parser.add_argument_group("inputs")
    inputs.add_argument("--include", metavar="GLOB", action="append",
                        help="in folders, take only files matching GLOB (repeatable)")
    inputs.add_argument("--exclude", metavar="GLOB", action="append",
                        help="in folders, skip files and folders matching GLOB (repeatable)")
    inputs.add_argument("--format", choices=FORMATS,
                        help="input format: auto (by name: .jsonl/.ndjson are JSON Lines), "
                             "text or jsonl")
    inputs.add_argument("--field", metavar="NAME",
                        help="the JSONL field to clean (default: text); other fields are kept")

    dedup = parser.add_argument_group("near-duplicates")
    dedup.add_argument("--dedup", action="store_true",
                       help="report groups of near-duplicate articles across the inputs")
    dedup.add_argument("--dedup-threshold", metavar="SCORE", type=float,
                       help="the similarity score (0..1] a pair must reach")
    dedup.add_argument("--index", metavar="FILE",
                       help="also compare the inputs with the articles of a duplicate index")
    dedup.add_argument("--update-index", action="store_true",
                       help="add the inputs to --index FILE (created when missing)")

    run = parser.add_argument_group("running")
    run.add_argument("-j", "--jobs", metavar="N", type=int,
                     help="clean in N worker processes (0: one per CPU); output keeps input order")
    run.add_argument("--config", metavar="FILE",
                     help="read [tool.cleaner] from FILE instead of the nearest pyproject.toml")
    run.add_argument("--no-config", action="store_true",
                     help="ignore [tool.cleaner] in pyproject.toml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``clean-corpus`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except CleanerError as exc:  # configuration, rules, index: nothing was processed
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def run(args: argparse.Namespace) -> int:
    """Do what the parsed command line asks."""
    settings = load_settings(args)
    mode = output_mode(args)
    cleaner_options = CleanerOptions(rules=tuple(settings.rules),
                                     no_default_rules=settings.no_default_rules,
                                     disable=tuple(settings.disable))
    if cleaner_options.no_default_rules and not cleaner_options.rules:
        raise UsageError("--no-default-rules needs at least one --rules FILE")
    cleaner = cleaner_options.build()  # broken rules or an unknown --disable id fail here, once
    if args.list_rules:
        print_rules(cleaner)
        return EXIT_OK
    if not args.paths:
        raise UsageError("no PATH given (use - to read standard input)")

    output_dir = Path(args.output) if args.output else None
    found = discover(args.paths, settings.include, settings.exclude, skip_under=output_dir)
    items = [f for f in found if isinstance(f, InputFile)]
    check_inputs_fit_mode(mode, args, found, items, output_dir)
    process_options = ProcessOptions(field=settings.field, format=settings.format,
                                     want_diff=args.diff, want_texts=args.dedup,
                                     want_removals=bool(args.report or args.explain),
                                     want_output=mode in ("stdout", "output", "in-place"))
    if settings.repeated_lines:
        if any(item.is_stdin for item in items):
            raise UsageError("--repeated-lines reads the inputs twice: give files, not -")
        table = count_repeated_lines(items, process_options, settings.repeated_lines,
                                     runner.PART_BYTES)
        cleaner_options = replace(cleaner_options, repeated_lines=table)
        cleaner = cleaner_options.build()

    reporter = Reporter(args, mode)
    report = ReportWriter(Path(args.report), mode, f"{PROG} {__version__}") if args.report else None
    for problem in found:
        if isinstance(problem, InputProblem):
            reporter.error(problem.display, problem.message)
            if report is not None:
                report.add_problem(problem)

    jobs = settings.jobs if settings.jobs > 0 else (os.cpu_count() or 1)
    outcomes: list[FileOutcome] = []
    with progress_bar(len(items), enabled=not (args.quiet or args.no_progress)) as bar:
        for outcome in runner.process_all(items, cleaner, cleaner_options, process_options, jobs):
            deliver(outcome, mode, output_dir, reporter)
            if report is not None:
                report.add(outcome)
            # Once written and reported, a file keeps a few numbers (and its cleaned texts for
            # --dedup): the run's memory does not grow with every line it removed.
            outcome.release(keep_texts=args.dedup)
            outcomes.append(outcome)
            bar.update(1)

    duplicates = None
    if args.dedup:
        from .corpus_dedup import find_corpus_duplicates, print_duplicates

        duplicates = find_corpus_duplicates(outcomes, settings, update_index=args.update_index)
        print_duplicates(duplicates, reporter.findings)
        reporter.duplicates_found = bool(duplicates.groups or duplicates.index_matches)
    if report is not None:
        try:
            report.finish(duplicates)
        except CleanerError as exc:
            reporter.error(args.report, f"cannot write the report: {exc}")
    reporter.summary(outcomes)
    return reporter.exit_code()


def load_settings(args: argparse.Namespace) -> Settings:
    """Defaults ← ``[tool.cleaner]`` ← flags."""
    config: dict = {}
    if args.config and args.no_config:
        raise UsageError("--config and --no-config contradict each other")
    if args.config:
        config_path = Path(args.config)
        if not config_path.is_file():
            raise InputError(f"{config_path}: configuration file not found")
        config = load_config(config_path)
    elif not args.no_config:
        pyproject = find_pyproject()
        if pyproject is not None:
            config = load_config(pyproject)
    disable = None
    if args.disable is not None:
        disable = [rule_id.strip() for value in args.disable for rule_id in value.split(",")
                   if rule_id.strip()]
    if args.jobs is not None and args.jobs < 0:
        raise UsageError("-j/--jobs must be 0 (one per CPU) or more")
    if args.dedup_threshold is not None and not 0 < args.dedup_threshold <= 1:
        raise UsageError("--dedup-threshold must be in (0, 1]")
    if args.repeated_lines is not None and args.repeated_lines < 2:
        raise UsageError("--repeated-lines must be 2 or more (a line in one text is not repeated)")
    if args.field is not None and not args.field:
        raise UsageError("--field must not be empty")
    flags = {"rules": args.rules, "no_default_rules": args.no_default_rules, "disable": disable,
             "include": args.include, "exclude": args.exclude, "field": args.field,
             "format": args.format, "jobs": args.jobs, "dedup_threshold": args.dedup_threshold,
             "index": args.index, "repeated_lines": args.repeated_lines}
    return resolve_settings(config, flags)


def output_mode(args: argparse.Namespace) -> str:
    """One of: stdout, output (mirror to -o DIR), in-place, check, diff, none (--dedup only)."""
    chosen = [name for name, on in (("-o", bool(args.output)), ("--in-place", args.in_place),
                                    ("--check", args.check)) if on]
    if len(chosen) > 1:
        raise UsageError(f"{' and '.join(chosen)} cannot be combined: choose one")
    if args.diff and (args.output or args.in_place):
        raise UsageError("--diff changes nothing; it cannot be combined with -o or --in-place")
    if args.update_index and not args.index:
        raise UsageError("--update-index needs --index FILE")
    if args.update_index and args.check:
        raise UsageError("--check changes nothing; it cannot be combined with --update-index")
    if (args.index or args.dedup_threshold is not None) and not args.dedup:
        raise UsageError("--index and --dedup-threshold need --dedup")
    if args.output:
        return "output"
    if args.in_place:
        return "in-place"
    if args.check:
        return "check"
    if args.diff:
        return "diff"
    if args.dedup:
        return "none"
    return "stdout"


def check_inputs_fit_mode(mode: str, args: argparse.Namespace, found: list, items: list[InputFile],
                          output_dir: Path | None) -> None:
    """Usage errors that depend on the inputs: several inputs to stdout, stdin in place, …"""
    if mode == "stdout":
        folders = [p for p in args.paths if p != "-" and Path(p).is_dir()]
        if len(found) > 1 or folders:
            raise UsageError("several inputs (or a folder) need -o DIR, --in-place, --check, "
                             "--diff or --dedup; only a single input is written to stdout")
    if mode in ("output", "in-place") and any(item.is_stdin for item in items):
        raise UsageError("- (standard input) is only cleaned to stdout; it cannot go with "
                         "-o or --in-place")
    if mode == "output":
        assert output_dir is not None
        if output_dir.exists() and not output_dir.is_dir():
            raise UsageError(f"-o {output_dir}: exists and is not a folder")
        targets: dict[str, InputFile] = {}
        input_paths = {os.path.realpath(item.path) for item in items}
        for item in items:
            target = os.path.realpath(output_dir / item.relative)
            if target in input_paths:
                raise UsageError(f"-o {output_dir} would overwrite the input {item.display}; "
                                 "use --in-place to rewrite inputs")
            if target in targets:
                raise UsageError(f"{targets[target].display} and {item.display} would both be "
                                 f"written to {output_dir / item.relative}")
            targets[target] = item


def deliver(outcome: FileOutcome, mode: str, output_dir: Path | None, reporter: "Reporter") -> None:
    """Report one outcome and write its output where the mode says (only when it has no errors)."""
    item = outcome.item
    for location, message in outcome.errors:
        reporter.error(location, message)
    for message in outcome.warnings:
        reporter.warning(item.display, message)
    if not outcome.ok:
        return
    if reporter.explain_stream is not None:
        print_explanation(outcome, reporter.explain_stream)
    if mode == "stdout":
        for chunk in outcome.output_chunks():
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    elif mode == "diff" or (mode == "check" and outcome.diff):
        if outcome.diff:
            sys.stdout.write(outcome.diff)
    if mode == "check" and outcome.changed:
        reporter.finding(f"{item.display}: {describe_change(outcome, 'would be')}")
    try:
        if mode == "in-place" and outcome.changed:
            atomic_write(Path(item.path), outcome.output_chunks())
        elif mode == "output":
            assert output_dir is not None
            atomic_write(output_dir / item.relative, outcome.output_chunks(),
                         permissions_from=Path(item.path))
    except CleanerError as exc:
        target = item.display if mode == "in-place" else str(output_dir / item.relative)
        reporter.error(target, str(exc))
        outcome.errors.append((target, str(exc)))
        return
    reporter.status(outcome, mode)


def describe_change(outcome: FileOutcome, tense: str) -> str:
    """"3 lines would be removed", "2 lines were removed in 1 record", "would be reformatted"."""
    removed = outcome.lines_removed
    if removed == 0:
        return f"{tense} reformatted (layout only: blank lines, whitespace, line breaks)"
    text = f"{removed} line{'s' if removed != 1 else ''} {tense} removed"
    if outcome.format == "jsonl":
        records = outcome.records_changed
        text += f" in {records} record{'s' if records != 1 else ''}"
    return text


def print_explanation(outcome: FileOutcome, stream: TextIO) -> None:
    """One line per removal: ``file:LINE: [rule-id] reason: 'text'`` (``file:RECORD:LINE`` for JSONL)."""
    for text in outcome.texts:
        prefix = outcome.item.display if text.record_line is None else \
            f"{outcome.item.display}:{text.record_line}"
        for removal in text.removals:
            stream.write(f"{prefix}:{removal.line_number}: [{removal.rule_id}] {removal.reason}: "
                         f"{removal.text.strip()!r}\n")


def print_rules(cleaner: Cleaner) -> None:
    """The rules in effect, one per line, in the order they run."""
    for rule in cleaner.rules:
        print(f"{rule.id}\t{getattr(rule, 'kind', '?')}\t{rule.category}\t{rule.reason}")


class Reporter:
    """Where messages go and what the exit code will be.

    Errors and warnings go to stderr as one line each. Findings (--check listings,
    --explain lines, duplicates) go to stdout, unless stdout carries cleaned text or a diff:
    then they go to stderr, so ``clean-corpus file --explain > clean.txt`` stays a clean pipe.
    """

    def __init__(self, args: argparse.Namespace, mode: str) -> None:
        self.mode = mode
        self.quiet = args.quiet
        self.verbose = args.verbose and not args.quiet
        stdout_busy = mode in ("stdout", "diff") or (mode == "check" and args.diff)
        self.findings: TextIO = sys.stderr if stdout_busy else sys.stdout
        self.explain_stream: TextIO | None = self.findings if args.explain else None
        self.errors = 0
        self.found = 0
        self.duplicates_found = False

    def error(self, location: str, message: str) -> None:
        self.errors += 1
        print(f"{PROG}: {location}: {message}", file=sys.stderr)

    def warning(self, location: str, message: str) -> None:
        if not self.quiet:
            print(f"{PROG}: {location}: warning: {message}", file=sys.stderr)

    def finding(self, line: str) -> None:
        self.found += 1
        print(line, file=self.findings)

    def status(self, outcome: FileOutcome, mode: str) -> None:
        if not self.verbose or mode in ("stdout", "check"):
            return
        if not outcome.changed:
            line = "unchanged"
        elif mode == "in-place":
            line = describe_change(outcome, "were")
        elif mode == "output":
            line = "cleaned, " + describe_change(outcome, "were")
        else:
            line = describe_change(outcome, "would be")
        print(f"{outcome.item.display}: {line}", file=sys.stderr)

    def summary(self, outcomes: list[FileOutcome]) -> None:
        if self.quiet or self.mode == "stdout":
            return
        done = [o for o in outcomes if o.ok]
        changed = sum(1 for o in done if o.changed)
        removed = sum(o.lines_removed for o in done)
        verb = {"check": "would change", "diff": "would change", "none": "would change",
                "in-place": "changed", "output": "cleaned"}[self.mode]
        parts = [f"{changed} file{'s' if changed != 1 else ''} {verb} ({removed} line"
                 f"{'s' if removed != 1 else ''} removed)",
                 f"{len(done) - changed} unchanged"]
        if self.errors:
            parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
        print(f"{PROG}: " + ", ".join(parts), file=sys.stderr)

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        if self.mode == "check" and (self.found or self.duplicates_found):
            return EXIT_FOUND
        return EXIT_OK


class _NoBar:
    def update(self, count: int) -> None:
        pass

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        pass


def progress_bar(total: int, enabled: bool):
    """A tqdm bar on stderr when it is a terminal and the run is long (shown after 1 s);
    nothing otherwise, or when tqdm is not installed (it is optional: cleaner[progress])."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, file=sys.stderr, unit="file", delay=1.0, leave=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
