"""Running ``clean-corpus`` as a real subprocess, and the seed fixtures the CLI tests use."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "fixtures" / "seeds"
EXPECTED = SEEDS / "expected"
CLI_FIXTURES = PROJECT / "fixtures" / "cli"

SEED_000 = "000_9860e7fa8af38883.txt"  # clean already; same story as 001
SEED_001 = "001_958cd1f7e5d3ea66.txt"  # summary widgets and prev/next navigation
SEED_002 = "002_afeeb19594feef16.txt"  # comment widget
SEED_003 = "003_f1396125a935aef9.txt"  # widgets and navigation
SEED_004 = "004_54d400c84b11a87a.txt"  # a trailing headline list
SEED_NAMES = (SEED_000, SEED_001, SEED_002, SEED_003, SEED_004)


def script(name: str) -> list[str]:
    """The installed console script next to this Python, else ``python -m`` its module."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return [str(candidate)]
    module = {"clean-corpus": "cleaner.cli", "corpus-duplicates": "cleaner.hooks"}[name]
    return [sys.executable, "-m", module]


def run_cli(*arguments: str | os.PathLike, cwd: Path | None = None, stdin: bytes | None = None,
            program: str = "clean-corpus") -> subprocess.CompletedProcess:
    """Run the CLI; stdout and stderr as text. No pyproject.toml above ``cwd`` is assumed:
    tests that do not test configuration pass ``--no-config``."""
    return subprocess.run([*script(program), *map(str, arguments)], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8")


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """path → SHA-256 of every file below ``folder``: to prove inputs were not touched."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
