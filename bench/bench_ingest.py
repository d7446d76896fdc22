"""Ingest throughput: N generated ~600-word articles, extraction timed apart from storing.

    python bench/bench_ingest.py [--n 200] [--batch-size 50] [--extractor real|stub]

Phase 1 extracts every article (the real Extractor by default; ``stub``: a regex stand-in
that makes 6-8 records per article, to measure the store alone at larger N). Phase 2 runs the
monitor's pipeline over the same corpus into a fresh DuckDB store with the extractions
cached, so it times reading + hashing + storing + merging into incidents + alert rules only.
Phase 3 re-runs it (everything already stored: the idempotence check's cost). Prints a table
and writes bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from armswatch import EXTRACTOR_VERSION
from armswatch.config import Config
from armswatch.model import Actor, Event, Extraction, Transfer
from armswatch.pipeline import Monitor, Runner

STATES = [("Russia", "RUS"), ("Ukraine", "UKR"), ("Iran", "IRN"), ("Israel", "ISR"),
          ("the United States", "USA"), ("China", "CHN"), ("North Korea", "PRK"),
          ("Turkey", "TUR"), ("Syria", "SYR"), ("Poland", "POL")]  # fmt: skip
FILLER = ("Officials said the situation remained tense as diplomats met in the capital to "
          "discuss the latest developments, while analysts warned that the region could see "
          "further escalation in the coming weeks if talks fail to produce an agreement.")  # fmt: skip
TEMPLATES = [
    "{a} launched missile strikes on {b} on Tuesday, the defence ministry said.",
    "{a} accused {b} of violating the ceasefire along the border.",
    "{a} delivered drones and artillery shells to {b} last month, officials said.",
    "{b} denied receiving weapons from {a}.",
    "{a} threatened {b} with new sanctions over the incident.",
    "Leaders of {a} and {b} met in Geneva to discuss a prisoner exchange.",
    "{a} agreed to supply air defence systems to {b}.",
]


def make_corpus(path: Path, n: int, seed: int = 7) -> int:
    rnd = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            paras = []
            while sum(len(p.split()) for p in paras) < 600:
                (a, _), (b, _) = rnd.sample(STATES, 2)
                paras.append(rnd.choice(TEMPLATES).format(a=a, b=b).capitalize() + " " + FILLER)
            text = "\n\n".join(paras)
            words += len(text.split())
            fh.write(
                json.dumps(
                    {
                        "id": f"bench-{i}",
                        "title": f"Bench article {i}",
                        "text": text,
                        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "outlet": f"outlet-{i % 5}",
                    }
                )
                + "\n"
            )
    return words


class StubExtractor:
    """Regex stand-in: an ASSAULT/ACCUSE event or a transfer per templated sentence."""

    def extract(self, article):
        names = "|".join(re.escape(n) for n, _ in STATES)
        events, transfers = {}, {}
        for m in re.finditer(rf"({names}) (launched|accused|threatened) ({names})", article.text,
                             flags=re.IGNORECASE):  # fmt: skip
            typ = {"launched": "ASSAULT", "accused": "ACCUSE", "threatened": "THREATEN"}[
                m.group(2).lower()
            ]
            e = Event(
                type=typ,
                source=(Actor(self._c(m.group(1))),),
                target=(Actor(self._c(m.group(3))),),
                date=article.published,
            )
            events.setdefault(e.key(), e)
        for m in re.finditer(
            rf"({names}) delivered .*? to ({names})", article.text, flags=re.IGNORECASE
        ):
            t = Transfer(
                supplier=(Actor(self._c(m.group(1))),),
                recipient=(Actor(self._c(m.group(2))),),
                stage="delivery",
                items=("drones",),
                date=article.published,
            )
            transfers.setdefault(t.key(), t)
        return Extraction(
            article, tuple(events.values()), tuple(transfers.values()), EXTRACTOR_VERSION
        )

    def _c(self, name: str) -> str:
        return next(c for n, c in STATES if n.lower() == name.lower())


class Cached:
    def __init__(self, by_hash):
        self.by_hash = by_hash

    def extract(self, article):
        return self.by_hash[article.content_hash]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--extractor", choices=("real", "stub"), default="real")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "ingest.json"))
    args = ap.parse_args()

    from armswatch.sources.stream import iter_jsonl_stream

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = make_corpus(corpus, args.n)
        articles = list(iter_jsonl_stream(corpus.open(encoding="utf-8"), str(corpus)))

        if args.extractor == "real":
            from armswatch.extract.pipeline import Extractor

            t0 = time.perf_counter()
            extractor = Extractor()
            extractor.extract(articles[0])  # load the model outside the timing
            load_s = time.perf_counter() - t0
        else:
            extractor, load_s = StubExtractor(), 0.0
        t0 = time.perf_counter()
        cache = {a.content_hash: extractor.extract(a) for a in articles}
        extract_s = time.perf_counter() - t0
        records = sum(len(x.events) + len(x.transfers) for x in cache.values())

        cfg = Config(batch_size=args.batch_size)
        db = str(Path(tmp) / "bench.duckdb")
        t0 = time.perf_counter()
        s = Runner(cfg, db, extractor=Cached(cache), monitor=Monitor.from_config(cfg)
                   ).run_paths([str(corpus)])  # fmt: skip
        store_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        s2 = Runner(cfg, db, extractor=Cached(cache), monitor=Monitor.from_config(cfg)
                    ).run_paths([str(corpus)])  # fmt: skip
        rerun_s = time.perf_counter() - t0
        db_mb = Path(db).stat().st_size / 1e6
    assert s.articles_new == args.n and s2.articles_seen == args.n

    res = {
        "n_articles": args.n, "words_per_article": round(words / args.n),
        "records": records, "batch_size": args.batch_size, "extractor": args.extractor,
        "model_load_s": round(load_s, 2),
        "extract": {"seconds": round(extract_s, 2), "articles_per_s": round(args.n / extract_s, 1),
                    "records_per_s": round(records / extract_s, 1)},
        "store_merge_alert": {"seconds": round(store_s, 2),
                              "articles_per_s": round(args.n / store_s, 1),
                              "records_per_s": round(records / store_s, 1),
                              "incidents": s.incidents_new, "alerts": s.alerts_new},
        "rerun_all_seen": {"seconds": round(rerun_s, 2),
                           "articles_per_s": round(args.n / rerun_s, 1)},
        "store_mb": round(db_mb, 1),
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or
                    platform.machine()},
    }  # fmt: skip
    t = Table(title=f"ingest: {args.n} articles × ~{res['words_per_article']} words, "
              f"{records} records ({args.extractor} extractor)")  # fmt: skip
    for c in ("phase", "seconds", "articles/s", "records/s"):
        t.add_column(c, justify="right" if c != "phase" else "left")
    t.add_row(
        "extract", f"{extract_s:.2f}", f"{args.n / extract_s:.1f}", f"{records / extract_s:.1f}"
    )
    t.add_row(
        "store + merge + alerts",
        f"{store_s:.2f}",
        f"{args.n / store_s:.1f}",
        f"{records / store_s:.1f}",
    )
    t.add_row("re-run (all stored)", f"{rerun_s:.2f}", f"{args.n / rerun_s:.1f}", "")
    Console().print(t)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
