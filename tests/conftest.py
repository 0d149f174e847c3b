"""Shared helpers: the repo's fixtures (never ../shared: users and packagers don't have it)."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def golden_pairs(folder: str) -> list[tuple[Path, Path]]:
    """(input, expected output) pairs of a fixture folder with an ``expected/`` subfolder."""
    base = FIXTURES / folder
    return [(raw, base / "expected" / raw.name) for raw in sorted(base.glob("*.txt"))]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
