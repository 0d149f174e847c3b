#!/usr/bin/env python3
"""Build cleaner/data/word_frequencies.tsv.gz: the background word frequencies dedup weighs with.

    pip install wordfreq            # a dev-time tool only, not a runtime dependency
    python scripts/build_word_frequencies.py [--words 50000]

The same-story score (cleaner/dedup/verify.py) weighs each shared feature by how rare it
is. Rarity measured only on the corpus being compared fails on small corpora (two
documents: every shared word is "in all documents" and weighs nothing), so a background
frequency from general English fills in: the ``--words`` most frequent English words of
``wordfreq`` (Robyn Speer, https://github.com/rspeer/wordfreq, data CC BY-SA 4.0), plus the
numbers 0–2100, each with its Zipf frequency (log10 of occurrences per billion words)
rounded to one decimal. Words are stored as wordfreq spells them (lower case); the loader
maps them onto dedup features (stemming etc.), so the table need not change when feature
extraction does.

Output: gzip'd UTF-8 text; ``#`` header lines (source, licence, attribution, settings), then
``word<TAB>zipf`` lines, most frequent first. Deterministic for one wordfreq version.
"""
from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "cleaner" / "data" / "word_frequencies.tsv.gz"
# What cleaner's tokenizer can produce as one token (cleaner/dedup/features.py, _TOKEN).
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+|\w+(?:['’]\w+)*")
_NUMBERS = range(0, 2101)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=50_000, help="how many of the most frequent words")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    try:
        import wordfreq
        from importlib.metadata import version
    except ImportError:
        raise SystemExit("needs wordfreq: pip install wordfreq (a dev-time tool, not a runtime dependency)")

    rows: dict[str, float] = {}
    for word in wordfreq.top_n_list("en", args.words):
        if _TOKEN.fullmatch(word) and not word.isdigit():
            rows[word] = round(wordfreq.zipf_frequency(word, "en"), 1)
    for number in _NUMBERS:
        rows[str(number)] = round(wordfreq.zipf_frequency(str(number), "en"), 1)
    ordered = sorted(rows.items(), key=lambda item: (-item[1], item[0]))

    header = [
        "cleaner background word frequencies (English) for near-duplicate scoring",
        f"source: wordfreq {version('wordfreq')} by Robyn Speer and contributors, https://github.com/rspeer/wordfreq",
        "licence: the wordfreq data is CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/);",
        "  this file is a derived table (top words + numbers 0-2100, Zipf rounded to 0.1) under the same licence.",
        "  wordfreq's data builds on Wikipedia, Google Books Ngrams, OpenSubtitles, SUBTLEX, Reddit, Twitter,",
        "  the Common Crawl and NewsCrawl corpora; see wordfreq's README for their credits.",
        f"built by: scripts/build_word_frequencies.py --words {args.words}",
        "format: word<TAB>zipf, zipf = log10(occurrences per billion words), most frequent first",
    ]
    text = io.StringIO()
    for line in header:
        text.write(f"# {line}\n")
    for word, zipf in ordered:
        text.write(f"{word}\t{zipf:.1f}\n")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same table gives the same bytes.
    with open(args.output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.getvalue().encode("utf-8"))
    print(f"{args.output}: {len(ordered)} entries, {args.output.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
