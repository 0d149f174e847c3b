"""``[tool.cleaner]`` in pyproject.toml: find it, read it, validate it, with errors that name it.

The keys mirror the command-line flags of ``clean-corpus`` (``--dedup-threshold`` is
``dedup-threshold``; ``dedup_threshold`` is accepted too). A flag given on the command line
replaces the key's value; lists are replaced, not extended. Paths (``rules``, ``index``) are
relative to the folder holding the pyproject.toml, so a setting means the same thing from
any working directory.

    [tool.cleaner]
    rules = ["cleaner-rules.toml"]
    disable = ["share-row"]
    include = ["*.txt", "*.jsonl"]
    exclude = ["drafts/*"]
    field = "text"
    jobs = 4
    dedup-threshold = 0.5
    index = ".cleaner/index.json"
    repeated-lines = 5
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FORMATS = ("auto", "text", "jsonl")


@dataclass
class Settings:
    """Every setting ``clean-corpus`` reads from configuration, with its default."""

    rules: list[str] = field(default_factory=list)
    no_default_rules: bool = False
    disable: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    field: str = "text"
    format: str = "auto"
    jobs: int = 1
    dedup_threshold: float | None = None  # None: the dedup module's own default
    index: str | None = None
    repeated_lines: int | None = None  # None: off; N: lines in ≥ N input texts may go


def _string(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(_string(v) for v in value)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


# key → (check, what it must be, conversion before the check)
_KEYS: dict[str, tuple[Callable[[Any], bool], str, Callable[[Any], Any]]] = {
    "rules": (_string_list, "a path or a list of paths to rule files", _as_list),
    "no_default_rules": (lambda v: isinstance(v, bool), "true or false", lambda v: v),
    "disable": (_string_list, "a list of rule ids", _as_list),
    "include": (_string_list, "a list of globs", _as_list),
    "exclude": (_string_list, "a list of globs", _as_list),
    "field": (_string, "a non-empty string (the JSONL field to clean)", lambda v: v),
    "format": (lambda v: v in FORMATS, "one of " + ", ".join(FORMATS), lambda v: v),
    "jobs": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
             "a whole number ≥ 0 (0: one per CPU)", lambda v: v),
    "dedup_threshold": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
                        and 0 < v <= 1, "a number in (0, 1]", lambda v: v),
    "index": (_string, "a path to a duplicate index file", lambda v: v),
    "repeated_lines": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 2,
                       "a whole number ≥ 2 (the texts a line must stand in)", lambda v: v),
}
_PATH_KEYS = ("rules", "index")


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml in ``start`` (default: the working folder) or above it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load_config(path: Path) -> dict[str, Any]:
    """The validated ``[tool.cleaner]`` settings of one pyproject.toml (``{}`` when absent).

    Keys come back in snake_case; relative paths (rules, index) are resolved against the
    pyproject.toml's folder. Raises ConfigError naming the file and the key.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    section = document.get("tool", {}).get("cleaner", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    return validate_settings(section, str(path), base=Path(path).parent)


def validate_settings(section: dict[str, Any], source: str, base: Path | None = None) -> dict[str, Any]:
    """Check a ``[tool.cleaner]`` table; return its settings with snake_case keys.

    ``base``: the folder relative paths are resolved against (the pyproject.toml's).
    """
    settings: dict[str, Any] = {}
    for raw_key, raw_value in section.items():
        key = raw_key.replace("-", "_")
        if key not in _KEYS:
            known = ", ".join(k.replace("_", "-") for k in _KEYS)
            raise ConfigError(f"{source}: [tool.cleaner] has an unknown key {raw_key!r}; known keys: {known}")
        if key in settings:
            raise ConfigError(f"{source}: [tool.cleaner] sets {raw_key!r} twice")
        check, expect, convert = _KEYS[key]
        value = convert(raw_value)
        if not check(value):
            raise ConfigError(f"{source}: [tool.cleaner] {raw_key} must be {expect}, got {raw_value!r}")
        if key in _PATH_KEYS and base is not None:
            value = ([_relative_to(base, v) for v in value] if isinstance(value, list)
                     else _relative_to(base, value))
        settings[key] = value
    return settings


def _relative_to(base: Path, value: str) -> str:
    path = Path(value)
    return str(path if path.is_absolute() else base / path)


def resolve_settings(config: dict[str, Any], flags: dict[str, Any]) -> Settings:
    """Defaults, then the configuration file, then the flags given (those not None)."""
    settings = Settings()
    for key, value in config.items():
        setattr(settings, key, value)
    for key, value in flags.items():
        if value is not None:
            setattr(settings, key, value)
    return settings
