"""The learnt line-quality model: weight tables per feature bin, loaded once from package data.

The model is additive: a line's score is a bias plus one weight per feature (the weight of the
bin the line falls in), i.e. a logistic regression on one-hot bins. It is stored as JSON
(``cleaner/data/line_quality.json``), written by scripts/train_line_quality.py, so retraining
never touches code and a user can ship their own file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import RuleError
from .quality_features import CONTEXT_FEATURES, OWN_FEATURES

DEFAULT_MODEL = "line_quality.json"
FORMAT_VERSION = 2


@dataclass(frozen=True)
class LineQualityModel:
    """Weights of the line-quality score, plus the decoding settings they were tuned with."""

    bias: float
    own_weights: tuple[tuple[float, ...], ...]      # one table per OWN_FEATURES entry
    context_weights: tuple[tuple[float, ...], ...]  # one table per CONTEXT_FEATURES entry
    vocabulary: dict[str, float]                    # lower-cased word → learnt log-odds
    vocabulary_edges: tuple[float, ...]
    threshold: float = 0.0       # added to every score: > 0 keeps more, < 0 removes more
    switch_cost: float = 2.0     # the price of switching between content and furniture runs
    # Per feature (own, then context), the bin most article lines fall in: a reason names the
    # features whose weight lies furthest below that typical article line's.
    reference: tuple[int, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> "LineQualityModel":
        """Build from the JSON form, checking every table has the size the features need."""
        def fail(message: str) -> RuleError:
            return RuleError(f"{source}: line-quality model: {message}")

        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            raise fail(f"not a line-quality model of format {FORMAT_VERSION}; retrain it with "
                       "scripts/train_line_quality.py")

        def tables(key: str, spec: tuple[tuple[str, int], ...]) -> tuple[tuple[float, ...], ...]:
            given = data.get(key)
            if not isinstance(given, dict):
                raise fail(f"{key!r} must be a table of feature name → weights")
            out = []
            for name, size in spec:
                weights = given.get(name)
                if (not isinstance(weights, list) or len(weights) != size
                        or not all(isinstance(w, (int, float)) for w in weights)):
                    raise fail(f"{key}.{name} must be a list of {size} numbers")
                out.append(tuple(float(w) for w in weights))
            return tuple(out)

        vocabulary = data.get("vocabulary", {})
        edges = data.get("vocabulary_edges", [])
        if not isinstance(vocabulary, dict) or not all(isinstance(v, (int, float)) for v in vocabulary.values()):
            raise fail("'vocabulary' must be a table of word → number")
        if not isinstance(edges, list) or sorted(edges) != edges or len(edges) != 7:
            raise fail("'vocabulary_edges' must be 7 increasing numbers")
        sizes = [size for _, size in OWN_FEATURES + CONTEXT_FEATURES]
        reference = data.get("reference", [0] * len(sizes))
        if (not isinstance(reference, list) or len(reference) != len(sizes)
                or not all(isinstance(r, int) and 0 <= r < n for r, n in zip(reference, sizes))):
            raise fail(f"'reference' must be {len(sizes)} bin numbers, one per feature")
        try:
            return cls(bias=float(data["bias"]), own_weights=tables("own", OWN_FEATURES),
                       context_weights=tables("context", CONTEXT_FEATURES),
                       vocabulary={str(k): float(v) for k, v in vocabulary.items()},
                       vocabulary_edges=tuple(float(e) for e in edges),
                       threshold=float(data.get("threshold", 0.0)),
                       switch_cost=float(data.get("switch_cost", 2.0)),
                       reference=tuple(reference),
                       metadata=dict(data.get("metadata", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise fail(f"bad or missing value: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "bias": round(self.bias, 5),
            "threshold": self.threshold,
            "switch_cost": self.switch_cost,
            "own": {name: [round(w, 5) for w in table]
                    for (name, _), table in zip(OWN_FEATURES, self.own_weights)},
            "context": {name: [round(w, 5) for w in table]
                        for (name, _), table in zip(CONTEXT_FEATURES, self.context_weights)},
            "reference": list(self.reference),
            "vocabulary_edges": list(self.vocabulary_edges),
            "vocabulary": {k: round(v, 3) for k, v in sorted(self.vocabulary.items())},
            "metadata": self.metadata,
        }


def load_model(path: str | Path) -> LineQualityModel:
    """Load a model file (JSON); errors name the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"{path}: line-quality model file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuleError(f"{path}: cannot read line-quality model: {exc}") from None
    return LineQualityModel.from_dict(data, str(path))


@lru_cache(maxsize=1)
def default_model() -> LineQualityModel:
    """The model that ships with cleaner, read once per process."""
    text = resources.files("cleaner").joinpath("data", DEFAULT_MODEL).read_text(encoding="utf-8")
    return LineQualityModel.from_dict(json.loads(text), f"cleaner/data/{DEFAULT_MODEL}")
