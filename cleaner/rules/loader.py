"""Rule packs: TOML files of rules, loaded and validated with errors that name file and rule."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import RuleError
from .base import RULE_ID, Rule, SpecReader
from .headline import HeadlineListRule
from .marker import MarkerRule
from .pattern import PatternRule
from .quality import LineQualityRule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

RULE_KINDS: dict[str, type[Rule]] = {
    PatternRule.kind: PatternRule,
    MarkerRule.kind: MarkerRule,
    HeadlineListRule.kind: HeadlineListRule,
    LineQualityRule.kind: LineQualityRule,
}

DEFAULT_PACK = "default.toml"


@dataclass(frozen=True)
class RulePack:
    """An ordered, named collection of rules from one source (a file or the built-in pack)."""

    name: str
    source: str
    rules: tuple[Rule, ...]

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


def register_rule_kind(rule_class: type[Rule]) -> None:
    """Make a rule kind available to packs under ``rule_class.kind``."""
    RULE_KINDS[rule_class.kind] = rule_class


def load_rules(path: str | Path) -> RulePack:
    """Load a rule pack from a TOML file. Raises RuleError naming the file (and rule)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RuleError(f"{path}: rule file not found") from None
    except IsADirectoryError:
        raise RuleError(f"{path}: is a folder, not a rule file") from None
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc.strerror or exc}") from None
    return parse_rules(data, str(path))


def default_rules() -> RulePack:
    """The rule pack that ships with cleaner."""
    data = resources.files("cleaner.packs").joinpath(DEFAULT_PACK).read_bytes()
    return parse_rules(data, f"cleaner/packs/{DEFAULT_PACK}")


def parse_rules(data: bytes | str, source: str) -> RulePack:
    """Parse and validate a rule pack's TOML text; ``source`` names it in error messages."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        document = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise RuleError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: invalid TOML: {exc}") from None
    unknown = set(document) - {"pack", "rule"}
    if unknown:
        raise RuleError(f"{source}: unknown table(s) {', '.join(sorted(unknown))}; "
                        "a rule file holds [pack] and [[rule]] tables")
    pack_info = document.get("pack", {})
    if not isinstance(pack_info, dict):
        raise RuleError(f"{source}: [pack] must be a table")
    specs = document.get("rule", [])
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise RuleError(f"{source}: rules must be [[rule]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for number, spec in enumerate(specs, 1):
        rule = build_rule(spec, source, number)
        if rule is None:
            continue
        if rule.id in seen:
            raise RuleError(f"{source}: rule {rule.id!r} is defined twice")
        seen.add(rule.id)
        rules.append(rule)
    name = pack_info.get("name", Path(source).stem)
    return RulePack(name=str(name), source=source, rules=tuple(rules))


def build_rule(spec: dict[str, Any], source: str, number: int = 0) -> Rule | None:
    """Build one rule from its table; None when the table says ``enabled = false``."""
    reader = SpecReader(spec, source)
    if "id" not in spec:
        raise RuleError(f"{source}: rule number {number} has no 'id'")
    rule_id = reader.take("id", str, check=lambda v: RULE_ID.fullmatch(v) is not None,
                          expect="lower-case letters, digits, '.', '_' or '-'")
    kind = reader.take("kind", str, check=lambda v: v in RULE_KINDS,
                       expect="one of " + ", ".join(sorted(RULE_KINDS)))
    common = {
        "id": rule_id,
        "category": reader.take("category", str, check=bool, expect="a non-empty string"),
        "reason": reader.take("reason", str, check=bool, expect="a non-empty string"),
        "source": source,
    }
    enabled = reader.take("enabled", bool, True)
    rule = RULE_KINDS[kind].from_spec(reader, common)
    reader.finish()
    return rule if enabled else None
