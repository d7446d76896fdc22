"""Sanity check of the trigger lexicon against NGEC's labelled synthetic stories.

Reads ../shared/data/ngec/synthetic_events.csv (4,500 machine-generated stories, each labelled
with one PLOVER type; never copied into the project), parses a stratified sample with spaCy and
reports, per labelled type:
  recall  - share of stories where the labelled type is among the types of the triggers found
  top1    - share where it is the type with the highest summed trigger weight
  confusions - the other types that fire most often in those stories
plus, with --words, the trigger words that fire most for each confusion (to find over-general
words) and the frequent lemmas of stories where the label did not fire (to find missing ones).

Usage: python tools/ngec_trigger_check.py [--per-type 40] [--min-weight 0.0] [--words]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from armswatch.lexicon.triggers import load_triggers
from armswatch.model import EVENT_TYPES
from armswatch.nlp import load_pipeline

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared/data/ngec/synthetic_events.csv"


def doc_triggers(doc, lex, min_weight: float):
    """(type, weight, lemma) for every trigger row that applies to a token of the doc."""
    out = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN"):
            continue
        rows = lex.lookup(tok.lemma_, tok.pos_)
        if not rows:
            continue
        kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod")}
        with_prep = [r for r in rows if r.prep and r.prep in kids]
        plain = [r for r in rows if not r.prep]
        for r in with_prep or plain:
            if r.weight >= min_weight:
                out.append(
                    (r.type, r.weight, f"{r.lemma}/{r.pos[0]}" + (f"+{r.prep}" if r.prep else ""))
                )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--per-type", type=int, default=40, help="stories per labelled type (16 types)")
    ap.add_argument("--min-weight", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--words", action="store_true", help="show trigger words behind confusions")
    args = ap.parse_args(argv)

    with args.csv.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["label"] in EVENT_TYPES]
    by_type = defaultdict(list)
    for r in rows:
        by_type[r["label"]].append(r)
    rng = random.Random(args.seed)
    sample = []
    for t in EVENT_TYPES:
        sample += rng.sample(by_type[t], min(args.per_type, len(by_type[t])))

    lex = load_triggers()
    nlp = load_pipeline()
    texts = [(r["title"] + ". " if r["title"] else "") + r["text"] for r in sample]
    hit, top1, n = Counter(), Counter(), Counter()
    confusions = defaultdict(Counter)
    conf_words = defaultdict(Counter)
    label_words = defaultdict(Counter)
    missed_lemmas = defaultdict(Counter)
    for r, doc in zip(sample, nlp.pipe(texts, batch_size=64), strict=True):
        label = r["label"]
        n[label] += 1
        trig = doc_triggers(doc, lex, args.min_weight)
        types = {t for t, _, _ in trig}
        score = Counter()
        for t, w, word in trig:
            score[t] += w
            if t == label:
                label_words[label][word] += 1
            else:
                conf_words[(label, t)][word] += 1
        if label in types:
            hit[label] += 1
        else:
            missed_lemmas[label].update(
                {
                    f"{tok.lemma_.lower()}/{tok.pos_[0]}"
                    for tok in doc
                    if tok.pos_ in ("VERB", "NOUN")
                }
            )
        if score and score.most_common(1)[0][0] == label:
            top1[label] += 1
        for t in types - {label}:
            confusions[label][t] += 1

    print(
        f"{'type':10} {'n':>4} {'recall':>7} {'top1':>6}  most frequent other types (share of stories)"
    )
    tot_n = tot_hit = tot_top = 0
    for t in EVENT_TYPES:
        if not n[t]:
            continue
        conf = ", ".join(f"{c} {k / n[t]:.0%}" for c, k in confusions[t].most_common(4))
        print(f"{t:10} {n[t]:4d} {hit[t] / n[t]:7.0%} {top1[t] / n[t]:6.0%}  {conf}")
        tot_n, tot_hit, tot_top = tot_n + n[t], tot_hit + hit[t], tot_top + top1[t]
    print(f"{'ALL':10} {tot_n:4d} {tot_hit / tot_n:7.0%} {tot_top / tot_n:6.0%}")
    if args.words:
        for t in EVENT_TYPES:
            print(f"\n== {t}: label words {label_words[t].most_common(8)}")
            for c, _ in confusions[t].most_common(3):
                print(f"   -> {c}: {conf_words[(t, c)].most_common(6)}")
            if missed_lemmas[t]:
                print(f"   missed ({n[t] - hit[t]}): {missed_lemmas[t].most_common(15)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
