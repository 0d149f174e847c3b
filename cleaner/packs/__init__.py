"""The built-in rule packs (TOML data files)."""
