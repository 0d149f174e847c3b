"""``[tool.cleaner]``: found upwards, validated with messages naming file and key, flags win."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import Settings, find_pyproject, load_config, resolve_settings
from cleaner.errors import ConfigError


def write_pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_pyproject_is_found_in_a_parent_folder(tmp_path: Path) -> None:
    path = write_pyproject(tmp_path, "[tool.cleaner]\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_pyproject(nested) == path.resolve()


def test_no_section_means_no_settings(tmp_path: Path) -> None:
    assert load_config(write_pyproject(tmp_path, "[project]\nname = 'x'\n")) == {}


def test_keys_in_kebab_or_snake_case_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    path = write_pyproject(tmp_path, """
[tool.cleaner]
rules = "my-rules.toml"
disable = ["share-row"]
dedup_threshold = 0.4
index = "cache/index.npz"
jobs = 0
no-default-rules = true
""")
    settings = load_config(path)
    assert settings == {"rules": [str(tmp_path / "my-rules.toml")], "disable": ["share-row"],
                        "dedup_threshold": 0.4, "index": str(tmp_path / "cache" / "index.npz"),
                        "jobs": 0, "no_default_rules": True}


@pytest.mark.parametrize("body, message", [
    ("colour = 'red'", "unknown key 'colour'"),
    ("jobs = -1", "jobs must be a whole number"),
    ("jobs = true", "jobs must be a whole number"),
    ("dedup-threshold = 1.5", "dedup-threshold must be a number in (0, 1]"),
    ("disable = [1, 2]", "disable must be a list of rule ids"),
    ("format = 'xml'", "format must be one of auto, text, jsonl"),
    ("field = ''", "field must be a non-empty string"),
    ("jobs = 2\n'jobs' = 3", "invalid TOML"),
])
def test_bad_settings_name_the_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = write_pyproject(tmp_path, "[tool.cleaner]\n" + body + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_the_same_key_in_both_spellings_is_an_error(tmp_path: Path) -> None:
    path = write_pyproject(tmp_path, "[tool.cleaner]\ndedup-threshold = 0.2\ndedup_threshold = 0.3\n")
    with pytest.raises(ConfigError, match="sets 'dedup_threshold' twice"):
        load_config(path)


def test_flags_override_configuration_and_none_means_not_given() -> None:
    settings = resolve_settings({"disable": ["a"], "jobs": 4, "field": "body"},
                                {"disable": ["b"], "jobs": None, "field": None})
    assert settings.disable == ["b"]
    assert settings.jobs == 4
    assert settings.field == "body"
    assert resolve_settings({}, {}) == Settings()
