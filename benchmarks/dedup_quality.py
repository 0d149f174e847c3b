#!/usr/bin/env python3
"""Quality of ``find_duplicates`` on the same-story dev corpus, across thresholds.

    python benchmarks/dedup_quality.py                       # sweep 0.04–0.16 on dev
    python benchmarks/dedup_quality.py --thresholds 0.1 --json out.json

Scoring is ../shared/bench/score_dedup.py's own ``evaluate`` (imported from there, so the
figures are the ones the project is judged by): pairwise precision, recall and F1 after
transitive closure, ``hard_fp`` (pairs of two different stories of one topic: the traps),
ARI. Each threshold is also scored with the groups replaced by the transitive closure of
all verified pairs (single linkage), to show what complete linkage buys.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT))


def load_scorer():
    """The shared scorer module; a clear exit when ../shared is not beside the project."""
    if not (BENCH / "score_dedup.py").exists():
        raise SystemExit(f"needs {BENCH / 'score_dedup.py'} and its dev corpus")
    sys.path.insert(0, str(BENCH))
    import score_dedup
    return score_dedup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=BENCH / "dedup" / "dev.jsonl.gz")
    parser.add_argument("--thresholds", type=float, nargs="+",
                        default=[0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12])
    parser.add_argument("--no-clean", action="store_true", help="pass clean=False")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    scorer = load_scorer()
    from cleaner.dedup import DEFAULT_THRESHOLD, find_duplicates

    documents = scorer.load(args.data)
    corpus = {d["id"]: d["text"] for d in sorted(documents, key=lambda d: d["id"])}
    rows = []
    print(f"{len(corpus)} documents, default threshold {DEFAULT_THRESHOLD}")
    print(f"{'threshold':>9s} {'F1':>6s} {'P':>6s} {'R':>6s} {'ARI':>6s} {'hard_fp':>7s} {'other_fp':>8s}"
          f" {'docs/s':>7s} | single linkage: {'F1':>6s} {'hard_fp':>7s}")
    for threshold in args.thresholds:
        started = time.perf_counter()
        groups = find_duplicates(corpus, threshold=threshold, clean=not args.no_clean)
        result = scorer.evaluate(documents, groups, time.perf_counter() - started)
        pairs = [(p.first, p.second) for g in groups for p in g.pairs]  # verified pairs only
        # Single linkage over every verified candidate pair ≥ threshold, for comparison.
        single = scorer.evaluate(documents, _single_linkage(corpus, threshold, not args.no_clean), 1.0)
        result.update({"threshold": threshold, "single_linkage_f1": single["f1"],
                       "single_linkage_hard_fp": single["hard_fp"], "verified_pairs": len(pairs)})
        rows.append(result)
        print(f"{threshold:9.2f} {result['f1']:6.3f} {result['precision']:6.3f} {result['recall']:6.3f} "
              f"{result['ari']:6.3f} {result['hard_fp']:7d} {result['other_fp']:8d} {result['docs_per_s']:7.0f}"
              f" | {single['f1']:22.3f} {single['hard_fp']:7d}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def _single_linkage(corpus: dict[str, str], threshold: float, clean: bool) -> list[tuple[str, str]]:
    """Every candidate pair the LSH proposes whose exact score reaches the threshold."""
    from cleaner.dedup.candidates import bucket_pairs, make_lsh
    from cleaner.dedup.features import extract_features
    from cleaner.dedup.finder import prepare_texts
    from cleaner.dedup.signatures import MinHasher
    from cleaner.dedup.verify import CorpusScorer, effective_threshold
    ids = list(corpus)
    threshold = effective_threshold(threshold, len(ids))
    features = [extract_features(t) for t in prepare_texts(list(corpus.values()), clean)]
    hasher = MinHasher(128)
    signatures = hasher.signatures(features)
    lsh = make_lsh(128)
    for row, feature_set in enumerate(features):
        if feature_set:
            lsh.insert(row, hasher.lean_minhash(signatures[row]), check_duplication=False)
    candidates = bucket_pairs(lsh)
    scores = CorpusScorer(features).scores(candidates[:, 0], candidates[:, 1])
    return [(ids[a], ids[b]) for (a, b), s in zip(candidates.tolist(), scores.tolist()) if s >= threshold]


if __name__ == "__main__":
    sys.exit(main())
