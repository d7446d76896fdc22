"""Extraction speed and memory: N ~600-word articles through one Extractor in one process.

The corpus is built deterministically from the bundled sample articles: article i takes the
sample paragraphs in order, starting at paragraph 7*i (wrapping round), until it has at least
``--words`` words. Reports load time (constructing the Extractor and a first tiny extraction,
where lazy loading happens) apart from the throughput run: articles/s, words/s, peak RSS.

    .venv/bin/python bench/bench_extract.py [--n 200] [--words 600] [--check]

Results are printed as a table and written to bench/results/extract.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path

from rich.console import Console
from rich.table import Table

from armswatch import EXTRACTOR_VERSION, __version__
from armswatch.ingest import iter_articles
from armswatch.model import Article

TARGET_ARTICLES_PER_S = 10.0
SAMPLES = "data/samples/articles.jsonl"
DEFAULT_OUT = Path(__file__).parent / "results" / "extract.json"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss: KB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def load_samples(path: Path | None) -> list[Article]:
    if path is None:
        res = files("armswatch") / SAMPLES
        if not res.is_file():
            sys.exit(f"bench: the bundled sample articles ({SAMPLES}) are missing; give --samples")
        with as_file(res) as p:
            items = list(iter_articles([p]))
    else:
        items = list(iter_articles([path]))
    arts = [a for a in items if isinstance(a, Article)]
    if not arts:
        sys.exit(f"bench: no articles read from {path or SAMPLES}")
    return arts


def build_corpus(samples: list[Article], n: int, words: int) -> list[Article]:
    """``n`` articles of at least ``words`` words each, from the samples' paragraphs."""
    paras: list[tuple[str, str | None]] = [
        (p.strip(), a.published) for a in samples for p in a.text.split("\n") if p.strip()
    ]
    corpus = []
    for i in range(n):
        j = (7 * i) % len(paras)
        chosen: list[str] = []
        count = 0
        published = paras[j][1]
        while count < words:
            text = paras[j % len(paras)][0]
            chosen.append(text)
            count += len(text.split())
            j += 1
        corpus.append(Article(id=f"bench-{i + 1:04d}", text="\n".join(chosen),
                              published=published, origin=f"bench:{i + 1}"))  # fmt: skip
    return corpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="articles in the corpus (default 200)")
    ap.add_argument("--words", type=int, default=600, help="words per article (default 600)")
    ap.add_argument("--samples", type=Path, help="JSON Lines to build the corpus from "
                    "(default: the bundled samples)")  # fmt: skip
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 when under {TARGET_ARTICLES_PER_S:g} articles/s")  # fmt: skip
    args = ap.parse_args(argv)

    corpus = build_corpus(load_samples(args.samples), args.n, args.words)
    n_words = sum(len(a.text.split()) for a in corpus)
    rss_start = peak_rss_mb()

    t0 = time.perf_counter()
    from armswatch.extract.pipeline import Extractor

    extractor = Extractor()
    extractor.extract(Article(id="warm-up", text="Russia and China held talks in Moscow."))
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()

    t1 = time.perf_counter()
    n_events = n_transfers = 0
    for ex in extractor.extract_many(corpus):
        n_events += len(ex.events)
        n_transfers += len(ex.transfers)
    run_s = time.perf_counter() - t1
    rss_peak = peak_rss_mb()

    result = {
        "benchmark": "extract",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "armswatch": __version__,
        "extractor_version": EXTRACTOR_VERSION,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "articles": len(corpus),
        "words": n_words,
        "words_per_article": round(n_words / len(corpus), 1),
        "load_s": round(load_s, 3),
        "run_s": round(run_s, 3),
        "articles_per_s": round(len(corpus) / run_s, 2) if run_s else None,
        "words_per_s": round(n_words / run_s, 1) if run_s else None,
        "ms_per_article": round(1000 * run_s / len(corpus), 2),
        "events": n_events,
        "transfers": n_transfers,
        "rss_start_mb": round(rss_start, 1),
        "rss_after_load_mb": round(rss_loaded, 1),
        "peak_rss_mb": round(rss_peak, 1),
        "target_articles_per_s": TARGET_ARTICLES_PER_S,
    }
    rate = result["articles_per_s"] or float("inf")
    result["meets_target"] = rate >= TARGET_ARTICLES_PER_S

    table = Table(title=f"armswatch extract benchmark ({len(corpus)} articles)",
                  title_justify="left")  # fmt: skip
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("load time (Extractor + first article)", f"{load_s:.2f} s"),
        ("run time", f"{run_s:.2f} s"),
        ("articles/s", f"{rate:.1f}  (target ≥ {TARGET_ARTICLES_PER_S:g})"),
        ("words/s", f"{result['words_per_s']:,.0f}" if result["words_per_s"] else "-"),
        ("ms/article", f"{result['ms_per_article']:.1f}"),
        ("words/article", f"{result['words_per_article']:.0f}"),
        ("events / transfers", f"{n_events} / {n_transfers}"),
        ("peak RSS", f"{rss_peak:.0f} MB (after load {rss_loaded:.0f} MB)"),
    ]
    for k, v in rows:
        table.add_row(k, v)
    console = Console()
    console.print(table)
    verdict = "meets" if result["meets_target"] else "is UNDER"
    console.print(f"throughput {verdict} the target of {TARGET_ARTICLES_PER_S:g} articles/s")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"written {args.out}")
    return 1 if args.check and not result["meets_target"] else 0


if __name__ == "__main__":
    sys.exit(main())
