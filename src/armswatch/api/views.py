"""What the pages draw, computed in Python: evidence highlighting, the dyad chart and the
transfer graph layout. Everything here returns plain data (text pieces with CSS classes,
numbers for SVG coordinates); the templates escape every string."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

QUAD_COLOURS = {1: "#4c9f70", 2: "#2b6cb0", 3: "#d69e2e", 4: "#c53030"}
STAGE_COLOURS = {"request": "#a0aec0", "negotiation": "#d69e2e", "agreement": "#2b6cb0",
                 "delivery": "#c53030"}  # fmt: skip
ROLE_CLASSES = {"source": "a-source", "target": "a-target", "supplier": "a-source",
                "recipient": "a-target", "claimed_by": "a-claim", "denied_by": "a-deny"}  # fmt: skip


def _locate(text: str, start: Any, end: Any, want: str | None) -> tuple[int, int] | None:
    """Offsets into ``text`` for a stored span; re-found by its text if they do not fit."""
    if (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            and (not want or text[start:end] == want)):  # fmt: skip
        return start, end
    if want:
        i = text.find(want)
        if i >= 0:
            return i, i + len(want)
    return None


def evidence_spans(text: str, record: dict[str, Any], which: int | None = None
                   ) -> list[tuple[int, int, str]]:  # fmt: skip
    """(start, end, css class) for the sentences, triggers and actor mentions of a record."""
    spans: list[tuple[int, int, str]] = []
    for i, ev in enumerate(record.get("evidence") or ()):
        if which is not None and i != which:
            continue
        s, t = ev.get("sentence") or {}, ev.get("trigger") or {}
        got = _locate(text, s.get("start"), s.get("end"), s.get("text"))
        if got:
            spans.append((*got, "ev-sentence"))
        got = _locate(text, t.get("start"), t.get("end"), t.get("text"))
        if got:
            spans.append((*got, "ev-trigger"))
    for role, actors in (record.get("actors") or {}).items():
        for a in actors or ():
            got = _locate(text, a.get("start"), a.get("end"), a.get("text"))
            if got:
                spans.append((*got, ROLE_CLASSES.get(role, "a-other")))
    return spans


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Cut ``text`` at every span boundary: (piece, space-separated classes) in order. The
    pieces are plain text; the template escapes each one."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        cuts.add(max(0, min(s, len(text))))
        cuts.add(max(0, min(e, len(text))))
    points = sorted(cuts)
    out: list[tuple[str, str]] = []
    for a, b in pairwise(points):
        if a == b:
            continue
        cls = sorted({c for s, e, c in spans if s <= a and b <= e})
        out.append((text[a:b], " ".join(cls)))
    return out


def excerpt(text: str, spans: list[tuple[int, int, str]], context: int = 600) -> tuple[int, int]:
    """The part of a long text worth showing: the highlighted stretch and some context."""
    if not spans or len(text) <= 4 * context:
        return 0, len(text)
    lo = min(s for s, _, _ in spans)
    hi = max(e for _, e, _ in spans)
    return max(0, lo - context), min(len(text), hi + context)


# -- dyad chart ---------------------------------------------------------------------------
def dyad_chart(series: list[dict[str, Any]], width: int = 760, height: int = 240
               ) -> dict[str, Any]:  # fmt: skip
    """Stacked bars (one per period, quad classes stacked) as SVG rectangles."""
    left, bottom, top = 40, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    n = max(1, len(series))
    peak = max([sum(s["quad"].values()) for s in series] or [1]) or 1
    step = plot_w / n
    bar = max(2.0, min(40.0, step * 0.7))
    bars, labels = [], []
    every = max(1, n // 12)
    for i, s in enumerate(series):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for q in (1, 2, 3, 4):
            v = s["quad"].get(q, 0) or s["quad"].get(str(q), 0)
            if not v:
                continue
            h = plot_h * v / peak
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar, 1),
                         "h": round(h, 1), "fill": QUAD_COLOURS[q], "quad": q, "n": v,
                         "period": s["period"]})  # fmt: skip
        if i % every == 0:
            labels.append({"x": round(x + bar / 2, 1), "y": height - bottom + 16,
                           "text": s["period"]})  # fmt: skip
    ticks = [{"y": round(top + plot_h - plot_h * k / 4, 1), "v": round(peak * k / 4, 1)}
             for k in range(5)]  # fmt: skip
    return {"width": width, "height": height, "bars": bars, "labels": labels, "ticks": ticks,
            "left": left, "axis_y": top + plot_h, "right": width - 10}  # fmt: skip


# -- transfer graph -----------------------------------------------------------------------
def transfer_graph(rows: list[tuple], name_of: Any, embargoes_of: Any) -> dict[str, Any]:
    """Suppliers to recipients: aggregated edges per (supplier, recipient, stage), nodes with
    the UN arms embargoes in force at the dates of their transfers."""
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    dates: dict[str, set[str]] = defaultdict(set)
    for supplier, recipient, stage, when in rows:
        for s in supplier or ():
            for r in recipient or ():
                e = edges.setdefault((s, r, stage), {"supplier": s, "recipient": r,
                                                     "stage": stage, "count": 0,
                                                     "last": None})  # fmt: skip
                e["count"] += 1
                if when and (e["last"] is None or when > e["last"]):
                    e["last"] = when
                if when:
                    dates[s].add(when)
                    dates[r].add(when)
    suppliers = sorted({e["supplier"] for e in edges.values()})
    recipients = sorted({e["recipient"] for e in edges.values()})
    nodes: dict[str, dict[str, Any]] = {}
    for code in set(suppliers) | set(recipients):
        found: dict[str, Any] = {}
        for d in sorted(dates.get(code, ())):
            for emb in embargoes_of(code, d):
                found.setdefault(emb.resolution, emb.to_dict())
        nodes[code] = {"code": code, "name": name_of(code), "embargoes": list(found.values()),
                       "embargoed": bool(found)}  # fmt: skip
    for e in edges.values():
        e["embargoed"] = any(
            embargoes_of(c, e["last"]) for c in (e["supplier"], e["recipient"]) if e["last"]
        )
    return {"nodes": sorted(nodes.values(), key=lambda n: n["code"]),
            "edges": sorted(edges.values(), key=lambda e: (e["supplier"], e["recipient"],
                                                           e["stage"])),
            "suppliers": suppliers, "recipients": recipients}  # fmt: skip


def graph_layout(graph: dict[str, Any], width: int = 760) -> dict[str, Any]:
    """Suppliers in a left column, recipients in a right one; edges as curves."""
    row = 34
    n = max(len(graph["suppliers"]), len(graph["recipients"]), 1)
    height = 40 + n * row
    lx, rx = 170, width - 170
    by_code = {node["code"]: node for node in graph["nodes"]}

    def col(codes: list[str], x: int, side: str) -> dict[str, dict[str, Any]]:
        off = (n - len(codes)) * row / 2
        return {c: {"x": x, "y": round(30 + off + i * row, 1), "code": c, "side": side,
                    "name": by_code[c]["name"], "embargoed": by_code[c]["embargoed"]}
                for i, c in enumerate(codes)}  # fmt: skip

    left = col(graph["suppliers"], lx, "left")
    right = col(graph["recipients"], rx, "right")
    paths = []
    stages = ["request", "negotiation", "agreement", "delivery"]
    for e in graph["edges"]:
        a, b = left[e["supplier"]], right[e["recipient"]]
        k = stages.index(e["stage"]) if e["stage"] in stages else 0
        bend = (k - 1.5) * 6  # parallel stages fan out a little
        mx = (a["x"] + b["x"]) / 2
        d = (f"M {a['x'] + 8} {a['y']} C {mx} {a['y'] + bend}, {mx} {b['y'] + bend},"
             f" {b['x'] - 8} {b['y']}")  # fmt: skip
        paths.append({"d": d, "colour": STAGE_COLOURS.get(e["stage"], "#718096"),
                      "width": round(min(8.0, 1.5 + e["count"] ** 0.5), 1),
                      "title": f"{e['supplier']} → {e['recipient']}: {e['stage']}"
                               f" ×{e['count']}" + (f", last {e['last']}" if e["last"] else "")
                               + (" (embargo)" if e["embargoed"] else ""),
                      "dash": "5 3" if e["embargoed"] else ""})  # fmt: skip
    return {
        "width": width,
        "height": height,
        "left": list(left.values()),
        "right": list(right.values()),
        "paths": paths,
        "stages": STAGE_COLOURS,
    }


def today() -> str:
    return date.today().isoformat()
