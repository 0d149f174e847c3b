"""Helpers for the pre-commit tests: a git snapshot of this project that pre-commit can clone."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(folder: Path, *arguments: str, check: bool = True, env: dict | None = None,
        ) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True,
                          check=check, env={**os.environ, **GIT_ENV, **(env or {})})


def project_files() -> list[str]:
    """The project's files: tracked and new ones git does not ignore; without git (an
    unpacked source tree), every file but caches and virtualenvs."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=PROJECT, capture_output=True)
    if listing.returncode == 0:
        return listing.stdout.decode().split("\0")
    skip = {".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist"}
    return [str(p.relative_to(PROJECT)) for p in PROJECT.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(PROJECT).parts)
            and not p.name.endswith(".egg-info")]


def snapshot_project(destination: Path) -> str:
    """Copy the project's working tree (tracked and new files, not ignored ones, no .venv)
    into ``destination``, commit it there, and return the commit id for pre-commit's ``rev``.

    pre-commit clones ``repo:`` at ``rev``, so the hooks under test must be committed
    somewhere; a snapshot tests the working tree as it is, not the last commit."""
    listed = project_files()
    destination.mkdir(parents=True, exist_ok=True)
    for relative in filter(None, listed):
        source = PROJECT / relative
        if relative.startswith((".venv/", ".git/")) or not source.is_file():
            continue  # deleted in the working tree, or not part of the project
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return git(destination, "rev-parse", "HEAD").stdout.strip()
