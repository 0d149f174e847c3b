"""The three hooks through real ``pre-commit`` and real ``git commit`` in a fresh repository.

pre-commit clones ``repo:`` at ``rev:`` and builds the hooks' own virtualenv with
``pip install .`` — so this tests what users get: the snapshot of this working tree
(committed to a temporary repository), the console scripts, .pre-commit-hooks.yaml.
It is the slowest test of the suite (the environment build takes ~15 s).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import EXPECTED, SEED_000, SEED_001, SEED_002, SEED_003, SEED_004, SEEDS
from precommit_support import git, snapshot_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ALL_HOOKS = ("clean-corpus", "clean-corpus-check", "corpus-duplicates")


@pytest.fixture(scope="module")
def corpus_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh git repository whose .pre-commit-config.yaml points at a snapshot of this
    project, with the hooks installed; and the environment to run git/pre-commit in."""
    base = tmp_path_factory.mktemp("precommit")
    revision = snapshot_project(base / "cleaner-snapshot")
    repo = base / "corpus"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {base / 'cleaner-snapshot'}\n"
        f"    rev: {revision}\n"
        "    hooks:\n" + "".join(f"      - id: {hook}\n" for hook in ALL_HOOKS),
        encoding="utf-8")
    environment = {"PRE_COMMIT_HOME": str(base / "pre-commit-home"),
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in (["install"], ["install-hooks"]):
        installed = subprocess.run([sys.executable, "-m", "pre_commit", *command], cwd=repo,
                                   capture_output=True, text=True, timeout=300,
                                   env={**os.environ, **environment})
        assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "--no-verify", "-m", "pre-commit configuration")
    return repo, environment


def commit(repo: Path, environment: dict[str, str], message: str, *, skip: tuple[str, ...] = ()
           ) -> subprocess.CompletedProcess:
    """``git commit`` with the installed pre-commit hook; SKIP runs only some of the hooks."""
    return git(repo, "commit", "-q", "-m", message, check=False,
               env={**environment, "SKIP": ",".join(skip)})


def stage(repo: Path, name: str, source: Path) -> Path:
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    git(repo, "add", name)
    return target


def unstage_and_delete(repo: Path, name: str) -> None:
    git(repo, "rm", "-q", "--cached", name)
    (repo / name).unlink()


def committed_files(repo: Path) -> set[str]:
    """Files in the last commit (``git ls-files`` would also list what is only staged)."""
    return set(git(repo, "ls-tree", "-r", "--name-only", "HEAD").stdout.split())


def test_hooks_through_real_pre_commit(corpus_repo: tuple[Path, dict[str, str]]) -> None:
    repo, environment = corpus_repo

    # 1. A clean article commits (all three hooks run and pass).
    stage(repo, "news/kidney-rehab.txt", EXPECTED / SEED_002)
    first = commit(repo, environment, "a clean article")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "news/kidney-rehab.txt" in committed_files(repo)

    # 2. A seed with widgets fails clean-corpus-check, naming the file and its noise lines.
    stage(repo, "news/noisy.txt", SEEDS / SEED_003)
    noisy = commit(repo, environment, "a noisy article", skip=("clean-corpus",))
    output = noisy.stdout + noisy.stderr
    assert noisy.returncode != 0
    assert "- hook id: clean-corpus-check" in output
    assert "news/noisy.txt: 8 lines would be removed" in output
    assert "news/noisy.txt:3: [summary-widget] " in output
    assert "news/noisy.txt:18: [prev-next-navigation] " in output
    assert (repo / "news/noisy.txt").read_bytes() == (SEEDS / SEED_003).read_bytes()  # unchanged
    unstage_and_delete(repo, "news/noisy.txt")

    # 3. Seed 000's clean text commits; then 001's clean text (the same story in other
    #    words) fails corpus-duplicates, and the message names 000's file and the score.
    stage(repo, "news/nato-kursk-000.txt", EXPECTED / SEED_000)
    assert commit(repo, environment, "seed 000").returncode == 0
    stage(repo, "news/nato-kursk-001.txt", EXPECTED / SEED_001)
    duplicate = commit(repo, environment, "seed 001")
    output = duplicate.stdout + duplicate.stderr
    assert duplicate.returncode != 0, output
    assert "- hook id: corpus-duplicates" in output
    assert "news/nato-kursk-001.txt: near-duplicate of news/nato-kursk-000.txt (score " in output
    assert "news/nato-kursk-001.txt" not in committed_files(repo)
    unstage_and_delete(repo, "news/nato-kursk-001.txt")

    # 4. A clean article telling another story commits.
    stage(repo, "news/korea.txt", EXPECTED / SEED_004)
    other = commit(repo, environment, "another story")
    assert other.returncode == 0, other.stdout + other.stderr

    # 5. clean-corpus rewrites a noisy seed to exactly its expected text and fails the commit
    #    (like black); staging the result then commits.
    stage(repo, "news/madrid.txt", SEEDS / SEED_003)
    fixed = commit(repo, environment, "noisy, to be fixed", skip=("clean-corpus-check", "corpus-duplicates"))
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode != 0
    assert "- files were modified by this hook" in output
    assert (repo / "news/madrid.txt").read_bytes() == (EXPECTED / SEED_003).read_bytes()
    git(repo, "add", "news/madrid.txt")
    again = commit(repo, environment, "cleaned")
    assert again.returncode == 0, again.stdout + again.stderr
