"""The source distribution carries what the tests and the build read (MANIFEST.in).

Packagers build and test from the sdist, where neither git nor ../shared is there: a fixture
type or test helper that MANIFEST.in does not name would be missing only there.
"""
from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# What setuptools puts in an sdist without MANIFEST.in's help.
ALWAYS_SHIPPED = ("pyproject.toml", "setup.py", "setup.cfg", "README.md", "MANIFEST.in")
# What must ship: the build's sources, the tests and what they read, the licence and docs.
MUST_SHIP = ("csrc/", "tests/", "fixtures/", "docs/", "cleaner/packs/", "cleaner/data/",
             "LICENSE", "CHANGELOG.md", ".pre-commit-hooks.yaml")


def manifest_rules() -> list[tuple[str, str, tuple[str, ...]]]:
    """(command, directory, patterns) of each line of MANIFEST.in."""
    rules = []
    for line in (PROJECT / "MANIFEST.in").read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "include":
            rules.append(("include", "", tuple(words[1:])))
        elif words[0] == "recursive-include":
            rules.append(("recursive-include", words[1].rstrip("/"), tuple(words[2:])))
        else:
            raise AssertionError(f"MANIFEST.in command this test does not know: {line!r}")
    return rules


def shipped(path: str, rules) -> bool:
    if path in ALWAYS_SHIPPED:
        return True
    if path.startswith("cleaner/"):  # the package: its modules and package data (pyproject.toml)
        return True
    name = path.rsplit("/", 1)[-1]
    for command, directory, patterns in rules:
        if command == "include" and any(fnmatch.fnmatchcase(path, p) for p in patterns):
            return True
        if command == "recursive-include" and path.startswith(directory + "/") and any(
                fnmatch.fnmatchcase(name, p) for p in patterns):
            return True
    return False


def tracked_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True)
    if listing.returncode == 0 and listing.stdout:
        return [p for p in listing.stdout.decode().split("\0") if p]
    # an unpacked sdist: what is here is what shipped
    skip = {".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist"}
    return [str(p.relative_to(PROJECT)) for p in PROJECT.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(PROJECT).parts)
            and not any(part.startswith((".venv", "cleaner.egg-info")) for part in p.relative_to(PROJECT).parts)]


def test_every_file_the_tests_and_the_build_read_ships_in_the_sdist():
    rules = manifest_rules()
    needed = [p for p in tracked_files() if p.startswith(MUST_SHIP)]
    assert any(p.startswith("fixtures/") for p in needed) and any(p.startswith("csrc/") for p in needed)
    missing = [p for p in needed if not shipped(p, rules)]
    assert not missing, f"MANIFEST.in leaves out {len(missing)} file(s), e.g. {missing[:5]}"


def test_the_manifest_check_sees_a_file_it_leaves_out():
    rules = manifest_rules()
    assert shipped("fixtures/seeds/000.txt", rules)
    assert not shipped("fixtures/seeds/000.parquet", rules)
    assert not shipped("notes/todo.txt", rules)
