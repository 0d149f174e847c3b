#!/usr/bin/env python3
"""Seed-style pages built from real news text: how often cleaner gets them byte for byte.

The acceptance bar for the rule engine is stated on pages "in the seeds' style": an article
(paragraph per line) with widgets, navigation, comment forms, headline lists, share rows,
newsletter and cookie lines around it, and content that only looks like noise. This script
builds such pages from the ECB+ articles in ../shared/bench/dedup (real news text nobody here
wrote), injects furniture at random positions, and measures:

- exact: share of pages cleaned byte for byte;
- noise removed: share of injected furniture lines gone;
- content kept: share of article lines (including the look-alike traps) still there.

The furniture wordings below were written by the same people as the rules, so read the noise
figure as a regression check, not as a held-out score; fixtures/blind holds pages written
without seeing the rules.

    python benchmarks/seed_style.py [--pages 300] [--seed 1] [--show 5]
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import cleaner  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dedup" / "dev.jsonl.gz"

FURNITURE = {
    "summary": [["No time to read?", "Get a summary"], ["Short on time?", "Read the AI summary"],
                ["In a hurry?", "Summarize this article"], ["Too long? Read the summary"]],
    "comments": [["Comments", "Post a Comment"], ["12 Comments", "Leave a Reply"],
                 ["Comments (3)", "Add a comment"], ["Join the discussion"], ["Reader comments"]],
    "share": [["Share this article"], ["Share on Facebook | Share on X | Email"],
              ["Facebook Twitter LinkedIn WhatsApp Email"], ["Share:", "Facebook", "Twitter", "Email"]],
    "newsletter": [["Sign up for our daily newsletter"], ["Get the latest news delivered to your inbox."],
                   ["Subscribe to our newsletter"]],
    "cookie": [["We use cookies to improve your experience. By continuing to browse, you agree to "
                "our use of cookies.", "Accept all"],
               ["This website uses cookies to ensure you get the best experience.", "Got it"]],
}
TRAPS = [
    "No time to waste, the minister said, as the bill passed.", "“Share the burden,” he urged.",
    "Next, the committee will vote on the amendment.",
    "Comments from the public will be accepted until March 3.",
    "The cookie company reported record profits.", "The road ahead", "“We will not back down.”",
    "(Reporting by John Smith; Editing by Jane Doe)", "Source: AFP",
    "Read the full report on the ministry’s website.", "What comes next?", "No comment.",
    "“No comment,” she said.", "Sign up sheets were posted outside the town hall.",
    "Subscribers will get the new edition on Friday.",
]


def load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


class PageMaker:
    def __init__(self, articles: list[dict], rng: random.Random) -> None:
        self.articles = articles
        self.rng = rng
        # Headlines of other stories: first lines that read like headlines (no full stop).
        self.headlines = [(a["topic"], first) for a in articles
                          for first in [a["text"].split("\n")[0].strip()]
                          if 4 <= len(first.split()) <= 14 and not first.endswith(".")]

    def other_headlines(self, topic: str, count: int) -> list[str]:
        pool = [h for t, h in self.headlines if t != topic]
        return self.rng.sample(pool, count)

    def make(self) -> tuple[str, str, list[str], list[str]]:
        rng = self.rng
        article = rng.choice(self.articles)
        sentences = [s for s in article["text"].split("\n") if s.strip()]
        paragraphs, index = [], 0
        while index < len(sentences):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[index:index + size]))
            index += size
        content = paragraphs[:rng.randint(3, 8)]
        if rng.random() < 0.5:
            content.insert(rng.randint(1, len(content)), rng.choice(TRAPS))
        if rng.random() < 0.5 and len(sentences[0].split()) >= 15:
            content.insert(0, " ".join(sentences[0].split()[:8]).rstrip(",.;:"))
        if rng.random() < 0.3:
            content.append("— Reuters")
        body, noise = list(content), []
        for kind in rng.sample(["summary", "comments", "share", "newsletter", "cookie", "nav", "list"],
                               rng.randint(1, 4)):
            if kind == "nav":
                first, second = self.other_headlines(article["topic"], 2)
                lines = rng.choice([["Previous Article", "", first, "", "Next Article", "", second],
                                    ["« Previous Post", first, "Next Post »", second],
                                    ["Next article", first], ["Read next", first]])
            elif kind == "list":
                lines = self.other_headlines(article["topic"], rng.randint(4, 10))
            else:
                lines = list(rng.choice(FURNITURE[kind]))
            at_end = kind in ("nav", "list", "comments")
            position = len(body) if at_end else rng.choice([0, len(body), rng.randint(0, len(body))])
            body[position:position] = lines
            noise += [line for line in lines if line.strip()]
        separator = "\n\n" if rng.random() < 0.5 else "\n"
        return separator.join(body) + "\n", separator.join(content) + "\n", content, noise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print the diffs of the first N misses")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found (this benchmark needs ../shared/bench/dedup)", file=sys.stderr)
        return 2
    maker = PageMaker(load(args.data), random.Random(args.seed))
    exact = noise_total = noise_gone = content_total = content_kept = shown = 0
    for _ in range(args.pages):
        page, want, content, noise = maker.make()
        got = cleaner.clean(page)
        exact += got == want
        kept = set(got.splitlines())
        noise_total += len(noise)
        noise_gone += sum(line not in kept for line in noise)
        content_total += len(content)
        content_kept += sum(line in kept for line in content)
        if got != want and shown < args.show:
            shown += 1
            print("----")
            for line in difflib.unified_diff(want.splitlines(), got.splitlines(), lineterm="", n=0):
                print("   ", line[:140])
    print(f"seed-style pages {args.pages}: exact {exact / args.pages:.3f}  "
          f"noise removed {noise_gone / noise_total:.3f}  content kept {content_kept / content_total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
