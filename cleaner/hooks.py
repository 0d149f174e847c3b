"""``corpus-duplicates``: the pre-commit hook that stops a commit adding a same-story duplicate.

pre-commit passes only the staged files; the rest of the corpus is what git tracks
(``git ls-files``). Each staged article is compared with every other article of the corpus,
staged or committed, and the hook fails naming both files and the score.

Speed: cleaning and featurising a whole corpus on every commit would make the hook slow on
a big corpus, so the hook keeps a cache in the git folder (never committed): a
:class:`cleaner.dedup.DuplicateIndex` whose ids are git blob ids. A blob's content never
changes, so an entry never goes stale; a commit only cleans the blobs the cache has not seen
(the staged files, usually). The cache file's name carries a fingerprint of the cleaner
version and rules, so changing the rules starts a fresh cache.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from . import __version__
from .batch import CleanerOptions, ProcessOptions, process_file
from .config import find_pyproject, load_config, resolve_settings
from .corpus_io import InputFile, matches_any
from .errors import CleanerError

PROG = "corpus-duplicates"
EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
CACHE_FOLDER = "cleaner"


class GitError(CleanerError):
    """git is missing, or the working folder is not inside a git work tree."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Fail when a staged article near-duplicates another article of the corpus "
                    "(the files git tracks), naming both files and the score.",
        epilog="Exit codes: 0 no duplicates; 1 duplicates found; 2 usage or input error.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="the staged files to check")
    parser.add_argument("--version", action="version", version=f"{PROG} (cleaner) {__version__}")
    parser.add_argument("--threshold", type=float, metavar="SCORE",
                        help="the similarity score (0..1] that makes two articles duplicates "
                             "(default: [tool.cleaner] dedup-threshold, else the library's)")
    parser.add_argument("--include", action="append", metavar="GLOB",
                        help="which tracked files are articles (repeatable; default: "
                             "[tool.cleaner] include, else files with a staged file's extension)")
    parser.add_argument("--exclude", action="append", metavar="GLOB",
                        help="tracked files that are not articles (repeatable)")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the cache in the git folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``corpus-duplicates`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.threshold is not None and not 0 < args.threshold <= 1:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: --threshold must be in (0, 1]", file=sys.stderr)
        return EXIT_ERROR
    try:
        return run(args)
    except CleanerError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_ERROR


def run(args: argparse.Namespace) -> int:
    if not args.files:
        return EXIT_OK
    pyproject = find_pyproject()
    config = load_config(pyproject) if pyproject is not None else {}
    settings = resolve_settings(config, {"include": args.include, "exclude": args.exclude,
                                         "dedup_threshold": args.threshold})
    cleaner_options = CleanerOptions(rules=tuple(settings.rules),
                                     no_default_rules=settings.no_default_rules,
                                     disable=tuple(settings.disable))
    cleaner = cleaner_options.build()
    from .dedup import DEFAULT_THRESHOLD, DuplicateIndex

    threshold = settings.dedup_threshold if settings.dedup_threshold is not None else DEFAULT_THRESHOLD
    staged = [PurePosixPath(Path(f).as_posix()).as_posix() for f in args.files]
    include = settings.include or sorted({"*" + PurePosixPath(f).suffix for f in staged
                                          if PurePosixPath(f).suffix})
    tracked = {path: blob for path, blob in git_tracked_blobs().items()
               if (not include or matches_any(path, include)) and not matches_any(path, settings.exclude)}

    # Staged files are read from the working tree (pre-commit has stashed unstaged changes,
    # so that is the staged content); their blob ids are computed as git would.
    errors = 0
    staged_blobs: dict[str, str] = {}
    staged_texts: dict[str, str] = {}
    # One article per file: a staged file is compared as a whole text (JSONL corpora are
    # checked with ``clean-corpus --dedup``, which names records).
    options = ProcessOptions(format="text", want_texts=True, want_removals=False)
    for path in staged:
        outcome = process_file(InputFile(path, path, path), cleaner, options)
        for location, message in outcome.errors:
            print(f"{PROG}: {location}: {message}", file=sys.stderr)
            errors += 1
        if not outcome.ok:
            continue
        data = Path(path).read_bytes()
        staged_blobs[path] = git_blob_id(data)
        text = "\n".join(t.text for t in outcome.texts if t.text)
        if text.strip():
            staged_texts[path] = text

    paths_of_blob: dict[str, list[str]] = {}
    for path, blob in {**tracked, **staged_blobs}.items():
        paths_of_blob.setdefault(blob, []).append(path)

    cache_path = None if args.no_cache else cache_file(cleaner_options)
    index = load_cache(cache_path, threshold, DuplicateIndex)
    new_blobs = [blob for blob in paths_of_blob if blob not in index]
    if new_blobs:
        texts = clean_blobs([b for b in new_blobs if b not in staged_blobs.values()], cleaner, options)
        texts.update({blob: staged_texts.get(path, "") for path, blob in staged_blobs.items()
                      if blob in new_blobs})
        index.add_many([(blob, text) for blob, text in sorted(texts.items())])
        if cache_path is not None:
            try:
                cache_path.parent.mkdir(parents=True, exist_ok=True)
                index.save(cache_path)
            except (OSError, CleanerError):
                pass  # a cache that cannot be written only costs speed next time

    reported: set[frozenset[str]] = set()
    found = 0
    for path, text in staged_texts.items():
        own_blob = staged_blobs[path]
        matches = [(other, 1.0) for other in paths_of_blob[own_blob] if other != path]
        for match in index.query(text, threshold=threshold):
            if match.id != own_blob:
                matches += [(other, match.similarity) for other in paths_of_blob.get(match.id, [])]
        for other, score in sorted(matches, key=lambda m: (-m[1], m[0])):
            pair = frozenset((path, other))
            if pair in reported:
                continue
            reported.add(pair)
            found += 1
            print(f"{path}: near-duplicate of {other} (score {score:.3f}, threshold {threshold:g})")
    if errors:
        return EXIT_ERROR
    return EXIT_FOUND if found else EXIT_OK


def git(*arguments: str, input: bytes | None = None) -> bytes:
    """Run git in the working folder; GitError with git's own message when it fails."""
    try:
        completed = subprocess.run(["git", *arguments], input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git not found; corpus-duplicates runs inside a git repository") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {arguments[0]} failed: {message[-1] if message else completed.returncode}")
    return completed.stdout


def git_tracked_blobs() -> dict[str, str]:
    """path → blob id of every regular file in the git index (paths from the repository root)."""
    blobs = {}
    for entry in git("ls-files", "-s", "-z", "--full-name").split(b"\0"):
        if not entry:
            continue
        info, _, path = entry.partition(b"\t")
        mode, blob, stage = info.split()
        if mode in (b"100644", b"100755") and stage == b"0":
            blobs[path.decode("utf-8", "surrogateescape")] = blob.decode("ascii")
    return blobs


def git_blob_id(data: bytes) -> str:
    """The id git gives a blob with this content (SHA-1 repositories)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def clean_blobs(blobs: Sequence[str], cleaner, options: ProcessOptions) -> dict[str, str]:
    """blob id → cleaned text, read with one ``git cat-file --batch``; unusable blobs → ""."""
    if not blobs:
        return {}
    output = git("cat-file", "--batch", input="".join(b + "\n" for b in blobs).encode("ascii"))
    texts: dict[str, str] = {}
    position = 0
    from .corpus_io import decode_text
    for blob in blobs:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        data = output[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
        try:
            result = cleaner.explain(decode_text(data))
            texts[blob] = result.text
        except CleanerError:
            texts[blob] = ""  # not an article (binary, bad encoding): nothing to match
    return texts


def cache_file(cleaner_options: CleanerOptions) -> Path | None:
    """The cache's path in the git folder, named by a fingerprint of what cleaning depends on."""
    try:
        git_path = git("rev-parse", "--git-path", CACHE_FOLDER).decode().strip()
    except GitError:
        return None
    fingerprint = hashlib.sha256(__version__.encode())
    from importlib import resources
    fingerprint.update(resources.files("cleaner.packs").joinpath("default.toml").read_bytes())
    fingerprint.update(repr((cleaner_options.no_default_rules, cleaner_options.disable)).encode())
    for rules in cleaner_options.rules:
        try:
            fingerprint.update(Path(rules).read_bytes())
        except OSError:
            fingerprint.update(rules.encode())
    return Path(git_path) / f"duplicates-{fingerprint.hexdigest()[:16]}.npz"


def load_cache(path: Path | None, threshold: float, index_class):
    """The cached index, or a new empty one when there is none or it cannot be read."""
    if path is not None and path.exists():
        try:
            return index_class.load(path)
        except CleanerError:
            pass  # a broken cache is rebuilt, not an error for the user
    return index_class(threshold, clean=False)
