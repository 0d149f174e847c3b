#!/usr/bin/env python3
"""Learn the line-quality model from real pages, validated by host, and write it as package data.

  python scripts/train_line_quality.py                          # ../shared/bench/boilerplate/dev.jsonl.gz
  python scripts/train_line_quality.py --data pages.jsonl.gz --out cleaner/data/line_quality.json
  python scripts/train_line_quality.py --no-write               # cross-validate only

What it does, and why:
1. Each page's scraped text is normalised and run through the other rules of the default pack
   (patterns, markers, headline lists); the line-quality rule only ever sees what they leave,
   so it learns on exactly that.
2. Line labels: a line is content when it is a line of the gold text, or when most of its word
   3-grams occur in the gold (some gold files join paragraphs or differ in punctuation);
   keeping exactly those lines scores ≈ 0.98 F1.
3. Hosts are split into folds; for each fold the vocabulary weights and a logistic regression
   on one-hot feature bins are learnt on the other hosts only (each page counts alike, and a
   line within it by the square root of its words: the benchmark scores words, page by page),
   then the real rule (the same code ``cleaner.clean`` runs: scoring, segmentation,
   re-judging) cleans the held-out pages, which are scored with the benchmark's bag-of-words
   P/R/F1 per page.
4. The decoding settings (threshold, switch cost) are chosen on those held-out scores: the best
   mean F1 among settings whose precision is at least --min-precision (deleting article text
   is worse than leaving a menu line) and that never empty a page.
5. The final model is learnt on all pages and written with its cross-validated figures.

Only numpy is needed (already present through datasketch); the runtime never imports it.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
import sys
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from boilerplate import bow_prf  # noqa: E402  (the benchmark's own scoring, one definition)
from cleaner.document import Document  # noqa: E402
from cleaner.layout import layout  # noqa: E402
from cleaner.normalize import normalize_lines  # noqa: E402
from cleaner.quality_features import (CONTEXT_FEATURES, OWN_FEATURES, context_features,  # noqa: E402
                                      is_running_text, own_features)
from cleaner.quality_model import LineQualityModel  # noqa: E402
from cleaner.rules import RulePack, RuleSet, RunContext  # noqa: E402
from cleaner.rules.loader import DEFAULT_PACK, build_rule  # noqa: E402
from cleaner.rules.quality import LineQualityRule  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "boilerplate" / "dev.jsonl.gz"
DEFAULT_OUT = ROOT / "cleaner" / "data" / "line_quality.json"
TOKEN = re.compile(r"\w+")  # the benchmark's tokens
VOCABULARY_EDGES = [-1.5, -0.9, -0.45, -0.1, 0.2, 0.5, 1.0]


@dataclass
class Page:
    id: str
    source: str
    host: str
    gold: str
    document: Document
    removed: frozenset[int]      # lines the other rules already took
    in_play: list[int]           # the lines the line-quality rule judges
    labels: list[bool]           # per in-play line: is it content?


# --- data -----------------------------------------------------------------------------------

def load_pages(path: Path, limit: int | None = None) -> list[Page]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        raw = [json.loads(line) for line in handle if line.strip()]
    raw = raw[:limit] if limit else raw
    other_rules = RuleSet([other_default_rules()])
    context = RunContext()
    pages = []
    for number, item in enumerate(raw):
        lines = normalize_lines(item["scraped"])
        document = Document.from_lines(lines)
        removed = frozenset(other_rules.apply(lines, context))
        in_play = [i for i, line in enumerate(document.lines)
                   if i not in removed and not line.is_blank]
        labels = label_lines([document.lines[i].text for i in in_play], item["gold"])
        pages.append(Page(str(item.get("id", number)), str(item.get("source", "all")),
                          str(item.get("host") or item.get("url") or number), item["gold"],
                          document, removed, in_play, labels))
    return pages


def other_default_rules() -> RulePack:
    """The default pack without its line-quality rules (read as TOML, so a stale or missing
    model file cannot stop the training that replaces it)."""
    text = resources.files("cleaner.packs").joinpath(DEFAULT_PACK).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data["rule"] = [spec for spec in data.get("rule", []) if spec.get("kind") != LineQualityRule.kind]
    rules = [build_rule(spec, DEFAULT_PACK, number) for number, spec in enumerate(data["rule"], 1)]
    return RulePack("default-without-line-quality", DEFAULT_PACK, tuple(r for r in rules if r))


def label_lines(lines: list[str], gold: str) -> list[bool]:
    """Content = a gold line, or a line whose word 3-grams mostly occur in the gold."""
    gold_lines = {tuple(TOKEN.findall(line)) for line in gold.splitlines()}
    tokens = TOKEN.findall(gold)
    trigrams = set(zip(tokens, tokens[1:], tokens[2:]))
    labels = []
    for line in lines:
        words = tuple(TOKEN.findall(line))
        if not words:
            labels.append(False)
        elif words in gold_lines:
            labels.append(True)
        elif len(words) < 4:
            labels.append(False)
        else:
            grams = list(zip(words, words[1:], words[2:]))
            labels.append(sum(g in trigrams for g in grams) / len(grams) >= 0.7)
    return labels


def host_folds(pages: list[Page], folds: int) -> list[int]:
    """Fold of each page: whole hosts per fold, balanced by page count, stable across runs."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for index, page in enumerate(pages):
        by_host[page.host].append(index)
    hosts = sorted(by_host, key=lambda h: (-len(by_host[h]), hashlib.sha1(h.encode()).hexdigest()))
    load = [0] * folds
    fold_of = [0] * len(pages)
    for host in hosts:
        target = min(range(folds), key=lambda f: (load[f], f))
        load[target] += len(by_host[host])
        for index in by_host[host]:
            fold_of[index] = target
    return fold_of


# --- learning -------------------------------------------------------------------------------

def learn_vocabulary(pages: list[Page], min_hosts: int, max_words: int) -> dict[str, float]:
    """Per lower-cased word: log-odds of a line holding it being content, smoothed.

    Only words seen on at least ``min_hosts`` hosts: the vocabulary of page furniture in
    general ("reply", "posted", "subscribe"), not the names or topics of one site.
    """
    content, furniture = Counter(), Counter()
    hosts: dict[str, set[str]] = defaultdict(set)
    content_lines = furniture_lines = 0
    for page in pages:
        for index, label in zip(page.in_play, page.labels):
            words = {w.lower() for w in page.document.lines[index].words}
            (content if label else furniture).update(words)
            if label:
                content_lines += 1
            else:
                furniture_lines += 1
            for word in words:
                hosts[word].add(page.host)
    prior = math.log((content_lines + 1) / (furniture_lines + 1))
    weights = {}
    for word, seen in hosts.items():
        if len(seen) < min_hosts:
            continue
        c, f = content[word], furniture[word]
        # Additive smoothing towards the prior: rare words stay near 0.
        strength = 5.0
        expected = content_lines / (content_lines + furniture_lines)
        odds = (c + strength * expected) / (f + strength * (1 - expected))
        weights[word] = max(-3.0, min(3.0, math.log(odds) - prior))
    ranked = sorted(weights, key=lambda w: -abs(weights[w]) * math.log1p(content[w] + furniture[w]))
    return {w: weights[w] for w in ranked[:max_words]}


def design(pages: list[Page], vocabulary: dict[str, float],
           line_weight: str = "page-words") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-hot rows (first-pass features, as the rule computes them), labels and row weights.

    Weights (``line_weight``): ``page-words`` weighs a line by its share of its page's words,
    so every page counts alike and a long paragraph more than a one-word label, as in the
    benchmark (bag-of-words F1 per page, averaged over pages); ``sqrt-words`` by the square
    root of its words; ``none`` counts every line once.
    """
    offsets, width = _offsets()
    rows, labels, weights = [], [], []
    for page in pages:
        lines = [page.document.lines[i] for i in page.in_play]
        if not lines:
            continue
        counts = Counter(line.stripped for line in lines)
        running = [is_running_text(line) for line in lines]
        contexts = context_features(lines, running)
        sizes = [max(1, len(line.words)) for line in lines]
        if line_weight in ("sqrt-words", "sqrt-page-words"):
            sizes = [math.sqrt(size) for size in sizes]
        elif line_weight == "none":
            sizes = [1.0] * len(lines)
        # Per page: the shares of the page (each page counts alike) or the sizes themselves.
        total = sum(sizes) if line_weight.endswith("page-words") else 1.0
        for line, ctx, label, size in zip(lines, contexts, page.labels, sizes):
            own = own_features(line, counts[line.stripped] > 1, vocabulary, VOCABULARY_EDGES)
            rows.append([o + b for o, b in zip(offsets, own + ctx)])
            labels.append(label)
            weights.append(size / total)
    matrix = np.zeros((len(rows), width), dtype=np.float64)
    for r, columns in enumerate(rows):
        matrix[r, columns] = 1.0
    weight = np.asarray(weights, dtype=np.float64)
    weight *= len(weight) / (weight.sum() or 1.0)  # mean 1: the L2 penalty keeps its scale
    return matrix, np.asarray(labels, dtype=np.float64), weight


def _offsets() -> tuple[list[int], int]:
    offsets, width = [], 0
    for _, size in OWN_FEATURES + CONTEXT_FEATURES:
        offsets.append(width)
        width += size
    return offsets, width


def fit_logistic(matrix: np.ndarray, labels: np.ndarray, l2: float,
                 weight: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Weighted L2-regularised logistic regression by Newton's method (intercept unpenalised)."""
    x = np.hstack([np.ones((len(matrix), 1)), matrix])
    weight = np.ones(len(matrix)) if weight is None else weight
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (weight * (p - labels)) + penalty * w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return float(w[0]), w[1:]


def build_model(bias: float, weights: np.ndarray, vocabulary: dict[str, float],
                threshold: float, switch_cost: float, metadata: dict,
                reference: tuple[int, ...] = ()) -> LineQualityModel:
    tables, start = [], 0
    for _, size in OWN_FEATURES + CONTEXT_FEATURES:
        tables.append(tuple(float(v) for v in weights[start:start + size]))
        start += size
    own = tuple(tables[:len(OWN_FEATURES)])
    context = tuple(tables[len(OWN_FEATURES):])
    return LineQualityModel(bias=bias, own_weights=own, context_weights=context,
                            vocabulary=vocabulary, vocabulary_edges=tuple(VOCABULARY_EDGES),
                            threshold=threshold, switch_cost=switch_cost, metadata=metadata,
                            reference=reference)


def train(pages: list[Page], args) -> tuple[float, np.ndarray, dict[str, float], tuple[int, ...]]:
    vocabulary = learn_vocabulary(pages, args.min_hosts, args.max_vocabulary)
    matrix, labels, weight = design(pages, vocabulary, args.line_weight)
    bias, weights = fit_logistic(matrix, labels, args.l2, weight)
    return bias, weights, vocabulary, reference_bins(matrix, labels)


def reference_bins(matrix: np.ndarray, labels: np.ndarray) -> tuple[int, ...]:
    """Per feature, the bin most content lines fall in: reasons compare against it."""
    content = matrix[labels == 1].sum(axis=0)
    offsets, _ = _offsets()
    sizes = [size for _, size in OWN_FEATURES + CONTEXT_FEATURES]
    return tuple(int(np.argmax(content[o:o + n])) for o, n in zip(offsets, sizes))


# --- scoring (end to end, as the benchmark does) ------------------------------------------------

def clean_page(rule: LineQualityRule, page: Page) -> str:
    """The page as ``clean`` would return it with this rule last (the engine's first-wins order)."""
    taken = set(page.removed)
    taken.update(index for index, _ in rule.find(page.document, page.removed, RunContext()))
    return layout(line.text for i, line in enumerate(page.document.lines) if i not in taken)


def evaluate(model: LineQualityModel, pages: list[Page], threshold: float,
             switch_cost: float) -> list[tuple[float, float, float, bool]]:
    rule = LineQualityRule(model=model, threshold=threshold, switch_cost=switch_cost, min_lines=3,
                           id="line-quality", category="low-quality-line",
                           reason="low-quality line", source="train")
    results = []
    for page in pages:
        output = clean_page(rule, page)
        results.append(bow_prf(page.gold, output) + (not output.strip(),))
    return results


def summarise(rows: list[tuple[float, float, float, bool]]) -> dict[str, float]:
    n = len(rows) or 1
    return {"precision": sum(r[0] for r in rows) / n, "recall": sum(r[1] for r in rows) / n,
            "f1": sum(r[2] for r in rows) / n, "empty": sum(r[3] for r in rows), "pages": len(rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-write", action="store_true", help="cross-validate only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--min-hosts", type=int, default=8)
    parser.add_argument("--max-vocabulary", type=int, default=1500)
    parser.add_argument("--line-weight", choices=("page-words", "sqrt-page-words", "sqrt-words", "none"),
                        default="sqrt-page-words", help="how much each line counts in the fit")
    parser.add_argument("--thresholds", default="-0.5,-0.25,0,0.25,0.5,0.75,1")
    # Held-out F1 moves by < 0.003 between switch costs 6 and 13, so one value: choosing among
    # near-ties would only fit the noise of these pages.
    parser.add_argument("--switch-costs", default="9")
    parser.add_argument("--min-precision", type=float, default=0.92,
                        help="pick the best F1 among settings with at least this held-out precision")
    args = parser.parse_args()

    started = time.perf_counter()
    pages = load_pages(args.data, args.limit)
    fold_of = host_folds(pages, args.folds)
    print(f"{len(pages)} pages, {len({p.host for p in pages})} hosts, "
          f"{sum(len(p.in_play) for p in pages)} lines in play, {args.folds} folds by host "
          f"({time.perf_counter() - started:.1f}s)")
    thresholds = [float(t) for t in args.thresholds.split(",")]
    switch_costs = [float(s) for s in args.switch_costs.split(",")]
    grid = [(t, s) for t in thresholds for s in switch_costs]
    per_setting: dict[tuple[float, float], list] = {setting: [None] * len(pages) for setting in grid}
    for fold in range(args.folds):
        train_pages = [p for p, f in zip(pages, fold_of) if f != fold]
        test_index = [i for i, f in enumerate(fold_of) if f == fold]
        bias, weights, vocabulary, reference = train(train_pages, args)
        model = build_model(bias, weights, vocabulary, 0.0, 2.0, {}, reference)
        for setting in grid:
            for i, row in zip(test_index, evaluate(model, [pages[i] for i in test_index], *setting)):
                per_setting[setting][i] = row
        print(f"fold {fold}: {len(test_index)} held-out pages of "
              f"{len({pages[i].host for i in test_index})} hosts trained")

    table = {setting: summarise(rows) for setting, rows in per_setting.items()}
    # Deleting article text is worse than leaving a menu line: precision first, then F1.
    eligible = [k for k, s in table.items() if s["empty"] == 0
                and s["precision"] >= args.min_precision] or list(table)
    chosen = max(eligible, key=lambda k: table[k]["f1"])
    print(f"\n{'threshold':>9} {'switch':>6} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5}")
    for setting in grid:
        s = table[setting]
        mark = "  <- chosen" if setting == chosen else ""
        print(f"{setting[0]:>9.2f} {setting[1]:>6.1f} {s['precision']:>6.3f} {s['recall']:>6.3f} "
              f"{s['f1']:>6.3f} {s['empty']:>5}{mark}")

    rows = per_setting[chosen]
    print(f"\nheld-out by host, threshold {chosen[0]}, switch cost {chosen[1]}:")
    print(f"{'':<14}{'pages':>6}{'P':>7}{'R':>7}{'F1':>7}{'empty':>6}")
    groups = defaultdict(list)
    for page, fold, row in zip(pages, fold_of, rows):
        groups[f"fold {fold}"].append(row)
    for page, row in zip(pages, rows):
        groups[page.source].append(row)
    groups["all"] = rows
    figures = {}
    for name in sorted(k for k in groups if k.startswith("fold")) + sorted(
            k for k in groups if not k.startswith("fold") and k != "all") + ["all"]:
        s = summarise(groups[name])
        figures[name] = {k: round(v, 4) for k, v in s.items()}
        print(f"{name:<14}{s['pages']:>6}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['empty']:>6}")

    if args.no_write:
        return 0
    bias, weights, vocabulary, reference = train(pages, args)
    metadata = {
        "trained_on": args.data.name, "pages": len(pages), "hosts": len({p.host for p in pages}),
        "cross_validation": f"{args.folds} folds by host; figures are bag-of-words P/R/F1 per "
                            "page on held-out hosts, cleaned end to end",
        "held_out": figures, "l2": args.l2, "min_hosts": args.min_hosts,
        "line_weight": args.line_weight, "min_precision": args.min_precision,
    }
    model = build_model(bias, weights, vocabulary, chosen[0], chosen[1], metadata, reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} ({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
