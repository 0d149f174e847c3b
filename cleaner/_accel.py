"""The optional compiled speed-ups (``cleaner._speedups``), or None.

cleaner is pure Python; a C module re-implements its hottest per-line functions and is used
when it was built (``pip install`` compiles it where a C compiler is present). Each compiled
function has a pure-Python reference that gives identical results, so the choice changes speed,
never output. ``CLEANER_PURE_PYTHON=1`` in the environment forces the pure-Python functions
(to compare, or to debug them).
"""
from __future__ import annotations

import os

speedups = None
if os.environ.get("CLEANER_PURE_PYTHON", "") in ("", "0"):
    try:
        from . import _speedups as speedups  # type: ignore[no-redef]
    except ImportError:  # not built here: the pure-Python functions run
        speedups = None


def compiled() -> bool:
    """Whether the compiled speed-ups are in use."""
    return speedups is not None
