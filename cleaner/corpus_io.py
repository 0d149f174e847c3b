"""Files in and out for ``clean-corpus``: find the inputs, read them as text, write atomically.

Reading never guesses: a file is UTF-8 text or it is an error that says why (binary, the
first invalid byte and its offset, unreadable). Writing never leaves a half-written file:
the new content goes to a temporary file in the same folder, which then replaces the target
in one ``os.replace`` and keeps the original's permissions.
"""
from __future__ import annotations

import fnmatch
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import InputError

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class InputFile:
    """One input to clean.

    ``path``: where to read it (``"-"`` for standard input). ``relative``: its path below
    the folder argument it was found in (just its name for a file argument), which is where
    it goes below ``-o DIR``. ``display``: how messages name it: the path as the user wrote
    it (or as found below the folder they named).
    """

    path: str
    relative: str
    display: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


@dataclass(frozen=True)
class InputProblem:
    """A path argument that cannot be used (missing, not a file or folder)."""

    display: str
    message: str


def discover(arguments: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = (),
             skip_under: Path | None = None) -> list[InputFile | InputProblem]:
    """Expand path arguments into input files, in argument order, folders walked in sorted order.

    A file argument is always taken as given (the caller named it). A folder is walked
    recursively: hidden entries (".git", ".cache", …) are skipped; a file is taken when its
    path below the folder matches one ``include`` glob (all files when there are none) and no
    ``exclude`` glob; a folder matching an ``exclude`` glob is not entered. ``skip_under`` (the
    output folder) is never walked into, so a run does not read its own output.
    A repeated file is taken once.
    """
    found: list[InputFile | InputProblem] = []
    seen: set[str] = set()

    def take(item: InputFile) -> None:
        key = item.path if item.is_stdin else os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            found.append(item)

    skip_real = os.path.realpath(skip_under) if skip_under is not None else None
    for argument in arguments:
        if argument == STDIN:
            take(InputFile(STDIN, "stdin", STDIN))
            continue
        path = Path(argument)
        if path.is_dir():
            for file_path in _walk(path, include, exclude, skip_real):
                relative = file_path.relative_to(path).as_posix()
                take(InputFile(str(file_path), relative, str(file_path)))
        elif path.is_file():
            take(InputFile(argument, path.name, argument))
        elif path.exists() or path.is_symlink():
            reason = "broken symbolic link" if not path.exists() else "not a regular file or folder"
            found.append(InputProblem(argument, reason))
        else:
            found.append(InputProblem(argument, "no such file or directory"))
    return found


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str],
          skip_real: str | None) -> Iterable[Path]:
    """Files below ``folder`` (sorted, depth first) that the globs select."""
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        kept_dirs = []
        for name in sorted(dirs):
            sub = root_path / name
            relative = sub.relative_to(folder).as_posix()
            if name.startswith(".") or matches_any(relative, exclude):
                continue
            if skip_real is not None and os.path.realpath(sub) == skip_real:
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            if name.startswith("."):
                continue
            file_path = root_path / name
            relative = file_path.relative_to(folder).as_posix()
            if include and not matches_any(relative, include):
                continue
            if matches_any(relative, exclude):
                continue
            yield file_path


def matches_any(relative: str, globs: Sequence[str]) -> bool:
    """Whether a path below a folder matches a glob: the whole relative path or its file name.

    ``*.txt`` matches at any depth (like .gitignore patterns without a slash); ``news/*.txt``
    or ``**/drafts/*`` match the relative path.
    """
    pure = PurePosixPath(relative)
    for pattern in globs:
        if "/" not in pattern.rstrip("/"):
            if fnmatch.fnmatchcase(pure.name, pattern.rstrip("/")):
                return True
        elif fnmatch.fnmatchcase(relative, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatchcase(relative, pattern[3:])):
            return True
    return False


def is_jsonl(path: str) -> bool:
    """Whether a file is JSON Lines by its name."""
    return path.lower().endswith(JSONL_SUFFIXES)


def read_input_bytes(item: InputFile, part: Part | None = None) -> bytes:
    """The raw bytes of an input, or of one ``part`` of it (a big JSON Lines file is read
    part by part); InputError (without the file name) when it cannot be read."""
    if item.is_stdin:
        return sys.stdin.buffer.read()
    try:
        with open(item.path, "rb") as handle:
            if part is None:
                return handle.read()
            handle.seek(part.start)
            return handle.read(part.end - part.start)
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class Part:
    """Bytes ``start``..``end`` of a file, whose first line is line ``first_line`` of it."""

    start: int
    end: int
    first_line: int


def line_parts(path: str, part_bytes: int, block_bytes: int = 1 << 20) -> list[Part]:
    """Cut a file into parts of about ``part_bytes`` bytes, each ending just after a newline
    (the last at the end of the file), counting lines on the way. [] when the file is not
    bigger than ``part_bytes`` or cannot be read: it is then read whole (and that says why)."""
    parts: list[Part] = []
    start = position = 0  # the current part's start; where the next block is read from
    first_line = line = 1  # the current part's first line; the line that starts at position
    try:
        if os.path.getsize(path) <= part_bytes:
            return []
        with open(path, "rb") as handle:
            while block := handle.read(block_bytes):
                cut = -1
                if position + len(block) - start >= part_bytes:  # the part may end in this block
                    cut = block.find(b"\n", max(0, start + part_bytes - 1 - position))
                if cut < 0:
                    line += block.count(b"\n")
                    position += len(block)
                    continue
                line += block.count(b"\n", 0, cut + 1)
                position += cut + 1
                parts.append(Part(start, position, first_line))
                start, first_line = position, line
                handle.seek(position)
    except OSError:
        return []
    if position > start:
        parts.append(Part(start, position, first_line))
    return parts


def decode_text(data: bytes, offset: int = 0) -> str:
    """Decode file bytes as UTF-8 text (a leading BOM is allowed); InputError saying why not.
    ``offset``: where ``data`` starts in its file, so the error names the file's offset.

    A NUL byte means binary (images, archives, UTF-16 text): no article text has one.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {offset + nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset "
                         f"{offset + exc.start})") from None


def atomic_write(target: Path, data: bytes | Iterable[bytes], *,
                 permissions_from: Path | None = None) -> None:
    """Write ``data`` (bytes, or chunks of bytes written in turn: a long report need not be
    held whole) to ``target`` so that it is either the old file or the new, never half.

    The temporary file lives in the target's folder (``os.replace`` is atomic only within one
    file system). Permissions: those of ``permissions_from`` (the input a mirrored output
    comes from), else those of the file being replaced, else the usual ones for a new file.
    Raises InputError when the folder cannot be created or written.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create folder {target.parent}: {exc.strerror or exc}") from None
    mode = _mode_of(permissions_from) or _mode_of(target) or _default_file_mode()
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write in {target.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in (data,) if isinstance(data, bytes) else data:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:  # also KeyboardInterrupt: never leave the temporary behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}") from None
        raise


def _mode_of(path: Path | None) -> int | None:
    if path is None:
        return None
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _default_file_mode() -> int:
    """0o666 minus the process umask: what ``open(path, "w")`` would have given."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
