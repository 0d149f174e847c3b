"""Every default rule is documented data and earns its place: a fixture line it removes."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import cleaner
from cleaner.rules import default_rules
from conftest import golden_pairs, read

DOCS_RULES = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def removals_by_rule() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    folders = ("seeds", "cases", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "line_quality")
    for raw, _ in [pair for folder in folders for pair in golden_pairs(folder)]:
        for removal in cleaner.Cleaner().explain(read(raw)).removals:
            found[removal.rule_id].append(removal.text)
    return found


RULES = default_rules().rules
FOUND = removals_by_rule()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_described(rule):
    assert rule.id and rule.category and len(rule.reason) >= 10


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_removes_at_least_one_fixture_line(rule):
    assert FOUND.get(rule.id), f"no fixture line is removed by {rule.id!r}: add one to fixtures/cases"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_in_the_rules_reference(rule):
    assert f"`{rule.id}`" in DOCS_RULES.read_text(encoding="utf-8")
