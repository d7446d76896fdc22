"""The dashboard: server-rendered pages (Jinja2, autoescaped) over the same queries as the API.

Every page ``/X`` has its JSON twin ``/api/X`` with the same query string. Query strings from
the filter forms are read leniently (empty fields are ignored) but validated like the API's.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..model import EVENT_TYPES, MODALITIES, QUAD_CLASS, QUAD_NAMES, STAGES
from . import queries as Q
from . import views as V
from .app import CODE, DATE, ID, App, actor_page_data, dyad_data, graph_data

_TEMPLATES: Jinja2Templates | None = None


def templates() -> Jinja2Templates:
    global _TEMPLATES
    if _TEMPLATES is None:
        d = Path(str(resources.files("armswatch") / "web" / "templates"))
        t = Jinja2Templates(directory=str(d))
        t.env.autoescape = True  # every template, whatever its extension
        t.env.globals.update(event_types=EVENT_TYPES, modalities=MODALITIES, stages=STAGES,
                             quad_names=QUAD_NAMES, quad_colours=V.QUAD_COLOURS,
                             stage_colours=V.STAGE_COLOURS,
                             quad_of=lambda t: QUAD_CLASS.get(t, ""))  # fmt: skip
        _TEMPLATES = t
    return _TEMPLATES


_RULES: dict[str, re.Pattern[str]] = {
    "actor": re.compile(CODE), "a": re.compile(CODE), "b": re.compile(CODE),
    "role": re.compile(r"^(any|source|target|supplier|recipient|claimed_by|denied_by)$"),
    "type": re.compile(r"^[A-Za-z_]{1,20}$"),
    "stage": re.compile(r"^(request|negotiation|agreement|delivery)$"),
    "quad_class": re.compile(r"^[1-4]$"),
    "modality": re.compile(r"^(actual|negated|future|hypothetical)$"),
    "contested": re.compile(r"^(true|false)$"), "acknowledged": re.compile(r"^(true|false)$"),
    "since": re.compile(DATE), "until": re.compile(DATE),
    "outlet": re.compile(r"^.{1,200}$"), "q": re.compile(r"^.{1,200}$"),
    "kind": re.compile(r"^[a-z_]{1,20}$"), "rule": re.compile(r"^.{1,200}$"),
    "severity": re.compile(r"^[a-z]{1,20}$"),
    "sort": re.compile(r"^-?[a-z_]+(,-?[a-z_]+){0,3}$"),
    "limit": re.compile(r"^\d{1,4}$"), "offset": re.compile(r"^\d{1,9}$"),
    "bucket": re.compile(r"^(month|year)$"),
}  # fmt: skip


def clean_query(request: Request) -> dict[str, Any]:
    """The non-empty query parameters, validated (400 on a bad one); ``actor`` is a list."""
    out: dict[str, Any] = {}
    for k, v in request.query_params.multi_items():
        v = v.strip()
        if not v or k not in _RULES:
            continue
        if not _RULES[k].match(v):
            raise HTTPException(400, f"bad value for {k}: {v!r}")
        if k == "actor":
            out.setdefault("actor", []).append(v.upper())
        else:
            out[k] = v
    return out


def params_from(q: dict[str, Any]) -> Q.ListParams:
    def flag(name: str) -> bool | None:
        return None if name not in q else q[name] == "true"

    limit = int(q.get("limit", 50))
    if not 1 <= limit <= 1000:
        raise HTTPException(400, "limit: 1 to 1000")
    return Q.ListParams(actor=q.get("actor", []), role=q.get("role", "any"),
                        type=q.get("stage") or q.get("type"),
                        quad_class=int(q["quad_class"]) if "quad_class" in q else None,
                        modality=q.get("modality"), contested=flag("contested"),
                        since=q.get("since"), until=q.get("until"), outlet=q.get("outlet"),
                        kind=q.get("kind"), rule=q.get("rule"), severity=q.get("severity"),
                        acknowledged=flag("acknowledged"), q=q.get("q"), sort=q.get("sort"),
                        limit=limit, offset=int(q.get("offset", 0)))  # fmt: skip


def qs(q: dict[str, Any], **change: Any) -> str:
    """A query string from ``q`` with some values changed (None removes one)."""
    d = {**q, **change}
    pairs: list[tuple[str, str]] = []
    for k, v in d.items():
        if v is None or v == "":
            continue
        for x in v if isinstance(v, list) else [v]:
            pairs.append((k, str(x)))
    return ("?" + urlencode(pairs)) if pairs else ""


def pages_router() -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, api: str, **ctx: Any) -> HTMLResponse:
        st: App = request.app.state.aw
        ctx.setdefault("q", {})
        return templates().TemplateResponse(
            request, name, {"api": api, "qs": qs, "name_of": st.name_of, **ctx}
        )

    def lists(request: Request, table: str, template: str, title: str) -> HTMLResponse:
        st: App = request.app.state.aw
        q = clean_query(request)
        p = params_from(q)
        data = st.listing(table, p)
        outlets = st.read(("outlets",), Q.outlets)
        rules = st.read(("rules",), Q.alert_rules) if table == "alerts" else []
        return render(request, template, f"/api/{table}{qs(q)}", data=data, q=q, title=title,
                      table=table, outlets=outlets, rules=rules)  # fmt: skip

    @r.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return lists(request, "incidents", "incidents.html", "Incidents")

    @r.get("/incidents", response_class=HTMLResponse)
    def incidents(request: Request) -> HTMLResponse:
        return lists(request, "incidents", "incidents.html", "Incidents")

    @r.get("/events", response_class=HTMLResponse)
    def events(request: Request) -> HTMLResponse:
        return lists(request, "events", "records.html", "Events")

    @r.get("/transfers", response_class=HTMLResponse)
    def transfers(request: Request) -> HTMLResponse:
        return lists(request, "transfers", "records.html", "Arms transfers")

    @r.get("/alerts", response_class=HTMLResponse)
    def alerts(request: Request) -> HTMLResponse:
        return lists(request, "alerts", "alerts.html", "Alerts")

    @r.get("/actors", response_class=HTMLResponse)
    def actors(request: Request) -> HTMLResponse:
        return lists(request, "actors", "actors.html", "Actors")

    @r.get("/documents", response_class=HTMLResponse)
    def documents(request: Request) -> HTMLResponse:
        return lists(request, "documents", "documents.html", "Articles")

    def check_id(value: str) -> str:
        if not re.match(ID, value):
            raise HTTPException(404, "not found")
        return value

    def record_page(request: Request, kind: str, rid: str) -> HTMLResponse:
        st: App = request.app.state.aw
        rid = check_id(rid)
        rec = st.read((kind, rid), lambda c: Q.record_detail(c, kind, rid))
        if rec is None:
            raise HTTPException(404, f"no {kind} {rid!r}")
        record = rec["record"] or {}
        text = rec["text"] or ""
        spans = V.evidence_spans(text, record)
        lo, hi = V.excerpt(text, spans)
        pieces = V.segments(text[lo:hi], [(s - lo, e - lo, c) for s, e, c in spans
                                          if s >= lo and e <= hi])  # fmt: skip
        table = "events" if kind == "event" else "transfers"
        return render(request, "record.html", f"/api/{table}/{rid}", rec=rec, record=record,
                      pieces=pieces, clipped=(lo > 0, hi < len(text)), kind=kind,
                      title=f"{kind.title()} {rid[:12]}")  # fmt: skip

    @r.get("/events/{rid}", response_class=HTMLResponse)
    def event(request: Request, rid: str) -> HTMLResponse:
        return record_page(request, "event", rid)

    @r.get("/transfers/{rid}", response_class=HTMLResponse)
    def transfer(request: Request, rid: str) -> HTMLResponse:
        return record_page(request, "transfer", rid)

    @r.get("/incidents/{iid}", response_class=HTMLResponse)
    def incident(request: Request, iid: str) -> HTMLResponse:
        st: App = request.app.state.aw
        iid = check_id(iid)
        inc = st.read(("incident", iid), lambda c: Q.incident_detail(c, iid))
        if inc is None:
            raise HTTPException(404, f"no incident {iid!r}")
        return render(request, "incident.html", f"/api/incidents/{iid}", inc=inc,
                      title=f"Incident {iid}")  # fmt: skip

    @r.get("/documents/{key}", response_class=HTMLResponse)
    def document(request: Request, key: str) -> HTMLResponse:
        st: App = request.app.state.aw
        key = check_id(key)
        doc = st.read(("document", key), lambda c: Q.document_detail(c, key))
        if doc is None:
            raise HTTPException(404, f"no document {key!r}")
        with st.store.read() as c:
            recs = [r[0] for r in c.execute(
                "SELECT record FROM events WHERE content_hash = ? UNION ALL"
                " SELECT record FROM transfers WHERE content_hash = ?",
                [doc["content_hash"], doc["content_hash"]]).fetchall()]  # fmt: skip
        import json

        spans: list[tuple[int, int, str]] = []
        for rec in recs:
            spans += [s for s in V.evidence_spans(doc["text"], json.loads(rec))
                      if s[2] == "ev-sentence"]  # fmt: skip
        pieces = V.segments(doc["text"], spans)
        return render(request, "document.html", f"/api/documents/{key}", doc=doc,
                      pieces=pieces, title=doc["title"] or doc["id"])  # fmt: skip

    @r.get("/alerts/{aid}", response_class=HTMLResponse)
    def alert(request: Request, aid: str) -> Response:
        st: App = request.app.state.aw
        aid = check_id(aid)
        a = st.read(("alert", aid), lambda c: Q.alert_detail(c, aid))
        if a is None:
            raise HTTPException(404, f"no alert {aid!r}")
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/incidents/{a['incident_id']}#alert-{aid}", status_code=303)

    @r.get("/actors/{code}", response_class=HTMLResponse)
    def actor(request: Request, code: str) -> HTMLResponse:
        st: App = request.app.state.aw
        if not re.match(CODE, code):
            raise HTTPException(404, "not found")
        data = actor_page_data(st, code.upper())
        return render(request, "actor.html", f"/api/actors/{code.upper()}", a=data,
                      title=data["kb_name"])  # fmt: skip

    @r.get("/dyad", response_class=HTMLResponse)
    def dyad(request: Request) -> HTMLResponse:
        st: App = request.app.state.aw
        q = clean_query(request)
        codes = st.read(("codes",), Q.actor_codes)
        data = chart = None
        if q.get("a") and q.get("b"):
            a, b = q["a"].upper(), q["b"].upper()
            data = dyad_data(st, a, b, q.get("since"), q.get("until"), q.get("bucket", "month"))
            chart = V.dyad_chart(data["series"])
        api = f"/api/dyad{qs(q)}" if data else "/api/dyad"
        return render(request, "dyad.html", api, q=q, data=data, chart=chart, actor_list=codes,
                      title="Dyad")  # fmt: skip

    @r.get("/graph", response_class=HTMLResponse)
    def graph(request: Request) -> HTMLResponse:
        st: App = request.app.state.aw
        q = clean_query(request)
        data = graph_data(st, q.get("since"), q.get("until"), q.get("modality"))
        layout = V.graph_layout(data)
        return render(request, "graph.html", f"/api/graph/transfers{qs(q)}", q=q, data=data,
                      layout=layout, title="Arms-transfer graph")  # fmt: skip

    return r
