"""Score the extractor on the shared gold sets (development aid; needs ../shared).

usage: python tools/evaluate.py [seed_gold dev_gold plover_gsr] [--per-doc]

Feeds each gold file's articles (id, title, text, published, url only: never the answers)
through the extractor in-process and runs ../shared/eval/score.py on the output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
INPUT_FIELDS = ("id", "title", "text", "published", "url")


def run(name: str, per_doc: bool = False) -> str:
    from armswatch.extract import Extractor
    from armswatch.model import Article

    gold = SHARED / f"{name}.jsonl"
    ex = Extractor()
    out = Path(tempfile.mkdtemp()) / f"{name}.out.jsonl"
    t0 = time.perf_counter()
    n = 0
    with gold.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as fo:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            art = Article(**{k: rec.get(k) for k in INPUT_FIELDS})
            fo.write(json.dumps(ex.extract(art).to_dict(), ensure_ascii=False) + "\n")
            n += 1
    dt = time.perf_counter() - t0
    cmd = [sys.executable, str(SHARED / "score.py"), str(gold), str(out)]
    if name == "plover_gsr":
        cmd.append("--igo-generic")
    if per_doc:
        cmd.append("--per-doc")
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return f"== {name} ({n} articles, {dt:.1f}s, output {out})\n{res.stdout}"


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name in args or ["seed_gold", "dev_gold", "plover_gsr"]:
        print(run(name, per_doc="--per-doc" in sys.argv))
