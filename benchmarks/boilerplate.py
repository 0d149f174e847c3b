#!/usr/bin/env python3
"""Boilerplate removal: cleaner against its peers, on the same pages, in one run.

  python benchmarks/boilerplate.py                      # ../shared/bench/boilerplate/dev.jsonl.gz
  python benchmarks/boilerplate.py --data pages.jsonl   # any JSONL(.gz) of {"scraped", "gold"}
  python benchmarks/boilerplate.py --json out.json --limit 100

Cleaners compared (the peers are the optional ``bench`` extra: pip install "cleaner[bench]"):
- ``cleaner``: ``cleaner.clean`` with the default rules.
- ``cleaner+corpus``: the same plus the ``corpus-repeated`` rule, with line counts over all the
  pages of the run (``RepeatedLines``; min 3 texts). The time of counting is added to its time.
- ``c4-lines``: datatrove's C4QualityFilter with only its line rules (terminal punctuation, at
  least 3 words, no "javascript", no policy phrases, no over-long word, citations removed);
  the page-level rules (fewer than 5 sentences, "lorem ipsum", a curly bracket) would drop whole
  pages and are switched off, as in the bench README.
- ``justext``: jusText with its English stoplist, each scraped line one paragraph (<p>).
- ``raw``: the scraped text unchanged (the floor).
- ``tokenise-only``: what every line cleaner in Python must do before judging anything:
  normalise, split into lines, cut each line into lower-cased words (``cleaner.document``);
  returns the text unchanged (with the compiled speed-ups, the words come from C too). Its
  speed is the ceiling of a cleaner whose every rule reads words.
Run it once more with CLEANER_PURE_PYTHON=1 for the pure-Python figures (the header line says
which path ran).

Metric, as ../shared/bench/score_boilerplate.py: per page, tokens re.findall(r"\\w+") compared
as bags; P = shared/output, R = shared/gold, F1; means over pages, per source and overall. An
empty output or a crash scores 0 and is counted. Speed: MB of UTF-8 input per second of summed
call time, one process, one untimed warm-up call each. The cleaners take turns over blocks of
pages (``--block``, 50 by default): each block is cleaned by one cleaner after another, so
machine load over the run affects them alike, while within a block each keeps its own memory
in the CPU's caches. Page by page (``--block 1``) a cleaner's time also pays for the caches the
others just filled with their own data: jusText's parse trees cost cleaner ~25 % of its speed
that way, and the C4 rules, which keep almost nothing between lines, nothing.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "boilerplate" / "dev.jsonl.gz"
TOKEN = re.compile(r"\w+")


def load(path: Path, limit: int | None) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle if line.strip()]
    for number, page in enumerate(pages):
        if "scraped" not in page or "gold" not in page:
            raise SystemExit(f"{path}: line {number + 1} has no 'scraped' and 'gold' fields")
        page.setdefault("source", "all")
        page.setdefault("id", str(number))
    return pages[:limit] if limit else pages


def bow_prf(gold: str, output: str) -> tuple[float, float, float]:
    g, p = TOKEN.findall(gold), TOKEN.findall(output)
    if not g or not p:
        return 0.0, 0.0, 0.0
    gold_counts = Counter(g)
    shared = sum(min(n, gold_counts[w]) for w, n in Counter(p).items())
    precision, recall = shared / len(p), shared / len(g)
    return precision, recall, (2 * precision * recall / (precision + recall) if shared else 0.0)


# --- the cleaners -------------------------------------------------------------------------------

def make_cleaner(pages: list[dict]) -> Callable[[str], str]:
    import cleaner
    return cleaner.clean


def make_cleaner_with_corpus(pages: list[dict]) -> Callable[[str], str]:
    import cleaner
    started = time.perf_counter()
    table = cleaner.RepeatedLines.from_texts(page["scraped"] for page in pages)
    site_cleaner = cleaner.Cleaner(repeated_lines=table)
    setup_seconds = time.perf_counter() - started

    def clean(text: str) -> str:
        return site_cleaner.clean(text)
    clean.setup_seconds = setup_seconds  # type: ignore[attr-defined]
    return clean


def make_tokenise_only(pages: list[dict]) -> Callable[[str], str]:
    from cleaner.document import Document
    from cleaner.normalize import normalize_lines

    def tokenise_only(text: str) -> str:
        for line in Document.from_lines(normalize_lines(text)).lines:
            line.lowered  # noqa: B018 - computing the words is the point
        return text
    return tokenise_only


def make_c4(pages: list[dict]) -> Callable[[str], str]:
    from datatrove.data import Document
    from datatrove.pipeline.filters.c4_filters import C4QualityFilter

    # Line rules only: the page-level rules would drop a whole page, not clean it.
    line_filter = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False,
                                  filter_curly_bracket=False)

    def c4_lines(text: str) -> str:
        document = Document(text=text, id="page")
        return document.text if line_filter.filter(document) is True else ""
    return c4_lines


def make_justext(pages: list[dict]) -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("English")

    def justext_lines(text: str) -> str:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
        if not body:
            return ""
        paragraphs = justext.justext(f"<html><body>{body}</body></html>", stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return justext_lines


CLEANERS: dict[str, Callable[[list[dict]], Callable[[str], str]]] = {
    "cleaner": make_cleaner, "cleaner+corpus": make_cleaner_with_corpus,
    "c4-lines": make_c4, "justext": make_justext, "raw": lambda pages: (lambda text: text),
    "tokenise-only": make_tokenise_only,
}


# --- the run --------------------------------------------------------------------------------------

def run(pages: list[dict], names: list[str], block: int = 50) -> dict[str, dict]:
    functions = {}
    for name in names:
        try:
            functions[name] = CLEANERS[name](pages)
        except ImportError as exc:
            print(f"skipping {name}: {exc} (pip install 'cleaner[bench]')", file=sys.stderr)
    for function in functions.values():
        try:
            function(pages[0]["scraped"])  # warm-up: imports, compiled patterns, stoplists
        except Exception:
            pass
    results = {name: {"rows": [], "seconds": getattr(function, "setup_seconds", 0.0), "crashes": 0}
               for name, function in functions.items()}
    total_bytes = sum(len(page["scraped"].encode("utf-8")) for page in pages)
    for start in range(0, len(pages), block):
        for name, function in functions.items():
            state = results[name]
            for page in pages[start:start + block]:
                started = time.perf_counter()
                try:
                    output = function(page["scraped"])
                except Exception as exc:  # a crash scores 0 and is counted, like the bench scorer
                    output = ""
                    state["crashes"] += 1
                    print(f"{name} {page['id']}: {exc!r}", file=sys.stderr)
                state["seconds"] += time.perf_counter() - started
                state["rows"].append((page["source"], *bow_prf(page["gold"], output),
                                      not output.strip()))
    for state in results.values():
        state["mb_per_s"] = total_bytes / 1e6 / state["seconds"] if state["seconds"] else float("inf")
    return results


def summary(rows: list[tuple]) -> dict[str, float]:
    n = len(rows) or 1
    return {"pages": len(rows), "precision": sum(r[1] for r in rows) / n,
            "recall": sum(r[2] for r in rows) / n, "f1": sum(r[3] for r in rows) / n,
            "empty": sum(r[4] for r in rows)}


def report(results: dict[str, dict]) -> dict:
    sources = sorted({row[0] for state in results.values() for row in state["rows"]})
    out: dict = {}
    print(f"{'cleaner':<16}{'source':<14}{'pages':>6}{'P':>7}{'R':>7}{'F1':>7}{'empty':>6}")
    for name, state in results.items():
        out[name] = {"mb_per_s": state["mb_per_s"], "crashes": state["crashes"], "sources": {}}
        groups = defaultdict(list)
        for row in state["rows"]:
            groups[row[0]].append(row)
        for source in sources + ["all"]:
            rows = state["rows"] if source == "all" else groups[source]
            s = summary(rows)
            out[name]["sources"][source] = s
            print(f"{name:<16}{source:<14}{s['pages']:>6}{s['precision']:>7.3f}{s['recall']:>7.3f}"
                  f"{s['f1']:>7.3f}{s['empty']:>6}")
    print(f"\n{'cleaner':<16}{'MB/s':>8}{'F1':>7}{'crashes':>8}   ratios vs cleaner (F1, speed)")
    base = out.get("cleaner")
    for name, figures in out.items():
        f1 = figures["sources"]["all"]["f1"]
        ratio = ""
        if base and name != "cleaner":
            base_f1 = base["sources"]["all"]["f1"]
            ratio = (f"cleaner F1 ×{base_f1 / f1:.2f}" if f1 else "") + (
                f", cleaner speed ×{base['mb_per_s'] / figures['mb_per_s']:.2f}"
                if name != "raw" else "")
        print(f"{name:<16}{figures['mb_per_s']:>8.2f}{f1:>7.3f}{figures['crashes']:>8}   {ratio}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="JSONL(.gz) of pages with 'scraped' and 'gold' (optional 'source', 'id')")
    parser.add_argument("--cleaners", default=",".join(CLEANERS),
                        help=f"comma-separated, from {', '.join(CLEANERS)}")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--block", type=int, default=50,
                        help="pages each cleaner cleans in turn (1: interleaved page by page)")
    args = parser.parse_args()
    if args.block < 1:
        raise SystemExit("--block must be 1 or more")
    if not args.data.exists():
        raise SystemExit(f"{args.data}: not found; pass --data with a JSONL of {{scraped, gold}} pages")
    names = [n.strip() for n in args.cleaners.split(",") if n.strip()]
    unknown = [n for n in names if n not in CLEANERS]
    if unknown:
        raise SystemExit(f"unknown cleaner(s) {', '.join(unknown)}; choose from {', '.join(CLEANERS)}")
    pages = load(args.data, args.limit)
    from cleaner._accel import compiled
    print(f"{len(pages)} pages from {args.data}; cleaner runs "
          f"{'with its compiled speed-ups' if compiled() else 'in pure Python'}"
          " (CLEANER_PURE_PYTHON=1 forces pure Python)\n")
    figures = report(run(pages, names, args.block))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
