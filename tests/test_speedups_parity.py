"""Whole cleans with the compiled speed-ups equal whole cleans in pure Python: every fixture
page's text, kept lines, and removals with their rules and reasons (the reasons name feature
bins, so they also show that every feature agrees).

The pure-Python run happens in a subprocess with CLEANER_PURE_PYTHON=1 (the choice is made at
import). Skipped where the extension is not built, unless CLEANER_REQUIRE_SPEEDUPS=1 (CI).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner._accel import speedups

REQUIRED = os.environ.get("CLEANER_REQUIRE_SPEEDUPS", "") not in ("", "0")
if not REQUIRED and speedups is None:
    pytest.skip("cleaner._speedups is not built: only the pure-Python path exists here",
                allow_module_level=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

EXPLAIN_ALL = """
import json, sys
from pathlib import Path
import cleaner
from cleaner._accel import compiled
out = {"compiled": compiled(), "pages": {}}
for path in sorted(Path(sys.argv[1]).glob("*/*.txt")):
    result = cleaner.Cleaner().explain(path.read_text(encoding="utf-8"))
    out["pages"][str(path)] = [result.text, list(result.kept_line_numbers),
                               [[r.line_number, r.rule_id, str(r.reason)] for r in result.removals]]
json.dump(out, sys.stdout)
"""


def explain_all(pure: bool) -> dict:
    environment = {**os.environ, "CLEANER_PURE_PYTHON": "1" if pure else "0"}
    completed = subprocess.run([sys.executable, "-c", EXPLAIN_ALL, str(FIXTURES)], env=environment,
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def test_compiled_and_pure_python_cleans_are_identical():
    compiled, pure = explain_all(pure=False), explain_all(pure=True)
    assert compiled["compiled"] and not pure["compiled"]
    assert len(compiled["pages"]) > 250
    differing = [page for page in compiled["pages"] if compiled["pages"][page] != pure["pages"][page]]
    assert not differing, differing[:5]


def test_the_package_reports_which_path_runs():
    from cleaner._accel import compiled
    assert compiled() is (speedups is not None)
    assert cleaner.Cleaner().clean("Text of the article, long enough to stay here.\n")
