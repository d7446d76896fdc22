"""The FastAPI application: JSON API under ``/api``, the dashboard pages, offline API docs.

``create_app(db_path, token=None)`` builds it; ``armswatch serve`` runs it with uvicorn.
Reads are open to anyone who can reach the port (127.0.0.1 by default). The write actions
(acknowledge an alert, re-run extraction of a document) need ``Authorization: Bearer <token>``
and are refused (403) when no token is configured.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import logging
import re
import threading
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..errors import ArmswatchError
from ..model import ModalityName as Modality
from ..model import Role
from . import queries as Q
from .index import INDEX_TABLES, ListIndex, dumps
from .store import ReadStore, StoreBusy, StoreMissing

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CODE = r"^[A-Za-z0-9_.\-]{1,16}$"
ID = r"^[A-Za-z0-9_.:\-]{1,200}$"
MAX_EXPORT = 1_000_000
log = logging.getLogger(__name__)


class Format(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class Table(str, Enum):
    documents = "documents"
    events = "events"
    transfers = "transfers"
    incidents = "incidents"
    actors = "actors"
    alerts = "alerts"


async def list_params(  # async: parsing needs no worker thread
    actor: Annotated[
        list[str] | None,
        Query(
            description="Actor code (ISO3, IGO code); repeat to require several (all must take "
            "part).",
            max_length=16,
        ),
    ] = None,
    role: Annotated[Role, Query(description="Role the actor codes must have.")] = Role.any,
    type: Annotated[
        str | None,
        Query(
            description="Event type (PLOVER, e.g. ASSAULT); transfers: stage; incidents and "
            "alerts: incident type (TRANSFER for transfers).",
            pattern=r"^[A-Za-z_]{1,20}$",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        Query(
            description="Transfers: stage (request, negotiation, agreement, delivery); same as "
            "type.",
            pattern=r"^(request|negotiation|agreement|delivery)$",
        ),
    ] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="PLOVER quad class")] = None,
    modality: Modality | None = None,
    contested: Annotated[
        bool | None, Query(description="true: denied by someone; false: not denied")
    ] = None,
    since: Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]]")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[
        str | None,
        Query(
            description="incidents: event|transfer; actors: state, igo, group, org, person",
            pattern=r"^[a-z_]{1,20}$",
        ),
    ] = None,
    rule: Annotated[str | None, Query(max_length=200, description="alerts: rule id")] = None,
    severity: Annotated[str | None, Query(pattern=r"^[a-z]{1,20}$")] = None,
    acknowledged: bool | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="documents: title; actors: code or name")
    ] = None,
    sort: Annotated[
        str | None,
        Query(
            description="Comma-separated fields, '-' for descending, e.g. -date,type "
            "(whitelisted per table).",
            pattern=r"^-?[a-z_]+(,-?[a-z_]+){0,3}$",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_EXPORT,
            description=("Page size (JSON: default 50, at most 1000; exports: default all)"),
        ),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> Q.ListParams:
    for code in actor or ():
        if not Q_CODE.match(code):
            raise HTTPException(422, f"bad actor code {code!r}")
    return Q.ListParams(actor=[c.upper() for c in actor or ()], role=role.value,
                        type=stage or type, quad_class=quad_class,
                        modality=modality.value if modality else None, contested=contested,
                        since=since, until=until, outlet=outlet, kind=kind, rule=rule,
                        severity=severity, acknowledged=acknowledged, q=q, sort=sort,
                        limit=limit, offset=offset)  # fmt: skip


Q_CODE = re.compile(CODE)
ListDep = Annotated[Q.ListParams, Depends(list_params)]
IdPath = Annotated[str, PathParam(pattern=ID)]
FormatOpt = Annotated[Format, Query(description="json (paged) | csv | jsonl | parquet")]


class App:
    """State shared by the routes: the store, the token, the knowledge base (lazily)."""

    def __init__(self, db_path: str, token: str | None, *, release_after: float | None,
                 cache: bool, config_path: str | None) -> None:  # fmt: skip
        self.store = ReadStore(db_path, release_after=release_after,
                               cache_size=512 if cache else 0)  # fmt: skip
        self.token = token or None
        self.config_path = config_path
        self._kb = None
        self._lock = threading.Lock()
        self._extractor = None

    @property
    def kb(self) -> Any:
        if self._kb is None:
            with self._lock:
                if self._kb is None:
                    from ..actors.kb import default_kb

                    self._kb = default_kb()
        return self._kb

    def name_of(self, code: str) -> str:
        try:
            return self.kb.name_of(code)
        except Exception:  # noqa: BLE001 - a name is decoration
            return code

    def read(self, key: tuple, fn: Any) -> Any:
        """Run ``fn(cursor)`` on the store, cached per store generation by ``key``."""

        def compute() -> Any:
            with self.store.read() as cur:
                return fn(cur)

        return self.store.cached(key, compute)

    def _page_params(self, p: Q.ListParams) -> None:
        if p.limit is None:
            p.limit = 50
        if p.limit > 1000:
            raise HTTPException(422, "limit: at most 1000 for JSON pages (use an export)")

    def listing_body_now(self, table: str, p: Q.ListParams) -> bytes | None:
        """A JSON page from the table's in-memory index when that is current (pure CPU, well
        under a millisecond: fine on the event loop), else None: ``listing_body`` builds it."""
        self._page_params(p)
        if table not in INDEX_TABLES:
            return None
        ix = self.store.derived_now(table)
        if ix is None:
            return None
        return self.store.cached(("list", table, p.key()), lambda: ix.body(p))

    def listing_body(self, table: str, p: Q.ListParams) -> bytes:
        """A JSON page of ``table`` (may build the index or query the file: run it in a thread)."""
        self._page_params(p)
        if table in INDEX_TABLES:
            ix = self.store.derived(table, lambda cur: ListIndex(table, cur))
            return self.store.cached(("list", table, p.key()), lambda: ix.body(p))
        return self.read(("list", table, p.key()), lambda c: dumps(Q.listing(c, table, p)))

    def listing(self, table: str, p: Q.ListParams) -> dict[str, Any]:
        return json.loads(self.listing_body(table, p))

    def warm(self) -> None:
        """Build the listing indexes now rather than on the first requests."""
        for table in INDEX_TABLES:
            self.store.derived(table, lambda cur, t=table: ListIndex(t, cur))

    def extractor(self) -> Any:
        with self._lock:
            if self._extractor is None:
                from ..cli import get_extractor

                self._extractor = get_extractor()
            return self._extractor


def _ctx(request_app: FastAPI) -> App:
    return request_app.state.aw


# -- exports ---------------------------------------------------------------------------------
def export_response(state: App, table: str, p: Q.ListParams, fmt: Format) -> Response:
    if p.limit is None:
        p.limit = MAX_EXPORT
    name = f"armswatch-{table}"
    with state.store.read() as cur:
        res = Q.export_cursor(cur, table, p)
        cols = [d[0] for d in res.description]
        if fmt is Format.parquet:
            import pyarrow.parquet as pq

            table_ = _arrow(res)
            buf = io.BytesIO()
            pq.write_table(table_, buf)
            return Response(buf.getvalue(), media_type="application/vnd.apache.parquet",
                            headers=_attachment(f"{name}.parquet"))  # fmt: skip
        data = res.fetchall()
    if fmt is Format.csv:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(cols)
        for r in data:
            w.writerow([";".join(map(str, v)) if isinstance(v, list) else
                        ("" if v is None else Q.jsonable("", v)) for v in r])  # fmt: skip
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers=_attachment(f"{name}.csv"))  # fmt: skip

    def lines() -> Any:
        for r in data:
            rec = {c: Q.jsonable(c, v) for c, v in zip(cols, r, strict=True)}
            yield json.dumps(rec, ensure_ascii=False, default=str) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson",
                             headers=_attachment(f"{name}.jsonl"))  # fmt: skip


def _arrow(res: Any) -> Any:
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):  # across duckdb versions
        if hasattr(res, name):
            return getattr(res, name)()
    raise ArmswatchError("this duckdb cannot export Arrow tables")


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


# -- auth ------------------------------------------------------------------------------------
def require_token(request: Request, authorization: str | None) -> None:
    token = request.app.state.aw.token
    if not token:
        raise HTTPException(403, "write actions are disabled: start `armswatch serve --token T`")
    given = ""
    if authorization and authorization[:7].lower() == "bearer ":
        given = authorization[7:].strip()
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(403, "a valid 'Authorization: Bearer <token>' header is needed")


# -- routes ----------------------------------------------------------------------------------
def api_router() -> APIRouter:
    r = APIRouter(prefix="/api")

    def listing_route(table: str, summary: str) -> None:
        async def handler(request: Request, p: ListDep,
                          format: FormatOpt = Format.json) -> Response:  # fmt: skip
            st = _ctx(request.app)
            if format is not Format.json:
                return await run_in_threadpool(export_response, st, table, p, format)
            body = st.listing_body_now(table, p)
            if body is None:
                body = await run_in_threadpool(st.listing_body, table, p)
            return Response(body, media_type="application/json")

        handler.__name__ = f"list_{table}"
        r.add_api_route(f"/{table}", handler, methods=["GET"], summary=summary,
                        tags=[table])  # fmt: skip

    listing_route("documents", "Stored articles (filters: outlet, since, until, q)")
    listing_route("events", "PLOVER events (filters: actor, role, type, quad_class, modality, "
                            "contested, since, until, outlet)")  # fmt: skip
    listing_route("transfers", "Arms transfers (filters: actor, role, stage, modality, "
                               "contested, since, until, outlet)")  # fmt: skip
    listing_route("incidents", "Incidents: merged reports (filters: actor, role, type, kind, "
                               "quad_class, modality, contested, since, until, outlet)")  # fmt: skip
    listing_route("actors", "Actors seen in records (filters: kind, q)")
    listing_route("alerts", "Alerts (filters: actor, role, type, rule, severity, acknowledged, "
                            "contested, since, until)")  # fmt: skip

    @r.get("/export/{table}", tags=["export"], summary="Export a filtered listing")
    def export(request: Request, table: Table, p: ListDep,
               format: FormatOpt = Format.csv) -> Response:  # fmt: skip
        st = _ctx(request.app)
        if format is Format.json:
            format = Format.jsonl
        return export_response(st, table.value, p, format)

    def detail(kind: str, rid: str, request: Request) -> dict[str, Any]:
        st = _ctx(request.app)
        got = st.read((kind, rid), lambda c: _detail(c, kind, rid))
        if got is None:
            raise HTTPException(404, f"no {kind} {rid!r}")
        return got

    @r.get("/events/{record_id}", tags=["events"], summary="One event with its evidence")
    def event(record_id: IdPath, request: Request) -> Response:
        return JSONResponse(detail("event", record_id, request))

    @r.get("/transfers/{record_id}", tags=["transfers"], summary="One transfer with evidence")
    def transfer(record_id: IdPath, request: Request) -> Response:
        return JSONResponse(detail("transfer", record_id, request))

    @r.get("/incidents/{incident_id}", tags=["incidents"],
           summary="One incident with its reports and alerts")  # fmt: skip
    def incident(incident_id: IdPath, request: Request) -> Response:
        return JSONResponse(detail("incident", incident_id, request))

    @r.get("/documents/{key}", tags=["documents"],
           summary="One article (by content hash or id) with its records")  # fmt: skip
    def document(key: IdPath, request: Request) -> Response:
        return JSONResponse(detail("document", key, request))

    @r.get("/alerts/{alert_id}", tags=["alerts"], summary="One alert")
    def alert(alert_id: IdPath, request: Request) -> Response:
        return JSONResponse(detail("alert", alert_id, request))

    @r.get("/actors/{code}", tags=["actors"],
           summary="One actor: names, officials' roles by date, recent records")  # fmt: skip
    def actor(code: Annotated[str, PathParam(pattern=CODE)], request: Request) -> Response:
        return JSONResponse(actor_page_data(_ctx(request.app), code.upper()))

    @r.get("/dyad", tags=["dyad"], summary="Events between two actors by period and quad class")
    def dyad(request: Request, a: Annotated[str, Query(pattern=CODE)],
             b: Annotated[str, Query(pattern=CODE)],
             since: Annotated[str | None, Query(pattern=DATE)] = None,
             until: Annotated[str | None, Query(pattern=DATE)] = None,
             bucket: Annotated[str, Query(pattern=r"^(month|year)$")] = "month") -> Response:  # fmt: skip
        return JSONResponse(dyad_data(_ctx(request.app), a.upper(), b.upper(), since, until,
                                      bucket))  # fmt: skip

    @r.get("/graph/transfers", tags=["transfers"],
           summary="Supplier → recipient graph by stage, with embargoed states")  # fmt: skip
    def graph(request: Request, since: Annotated[str | None, Query(pattern=DATE)] = None,
              until: Annotated[str | None, Query(pattern=DATE)] = None,
              modality: Modality | None = None) -> Response:  # fmt: skip
        return JSONResponse(graph_data(_ctx(request.app), since, until,
                                       modality.value if modality else None))  # fmt: skip

    @r.get("/health", tags=["meta"], summary="Store reachable and its counts")
    def health(request: Request) -> Response:
        st = _ctx(request.app)

        def counts(c: Any) -> dict[str, int]:
            return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("documents", "events", "transfers", "incidents", "alerts")}  # fmt: skip

        return JSONResponse({"ok": True, "store": st.store.path, "counts": st.read(("health",), counts),
                             "writes": bool(st.token)})  # fmt: skip

    @r.post("/alerts/{alert_id}/ack", tags=["alerts", "write"],
            summary="Acknowledge an alert (needs the token)")  # fmt: skip
    def ack(alert_id: IdPath, request: Request,
            authorization: Annotated[str | None, Header()] = None,
            acknowledged: bool = True) -> Response:  # fmt: skip
        require_token(request, authorization)
        st = _ctx(request.app)
        with st.store.write() as w, w.transaction():
            found = w.conn.execute("SELECT count(*) FROM alerts WHERE id = ?",
                                   [alert_id]).fetchone()[0]  # fmt: skip
            if found:
                w.conn.execute("UPDATE alerts SET acknowledged = ? WHERE id = ?",
                               [acknowledged, alert_id])  # fmt: skip
        if not found:
            raise HTTPException(404, f"no alert {alert_id!r}")
        return JSONResponse({"id": alert_id, "acknowledged": acknowledged})

    @r.post("/documents/{key}/reextract", tags=["documents", "write"],
            summary="Re-run extraction of a stored article (needs the token)")  # fmt: skip
    def reextract(key: IdPath, request: Request,
                  authorization: Annotated[str | None, Header()] = None) -> Response:  # fmt: skip
        require_token(request, authorization)
        from .actions import reextract_document

        st = _ctx(request.app)
        return JSONResponse(reextract_document(st, key))

    return r


def _detail(c: Any, kind: str, key: str) -> dict[str, Any] | None:
    if kind in ("event", "transfer"):
        return Q.record_detail(c, kind, key)
    if kind == "incident":
        return Q.incident_detail(c, key)
    if kind == "document":
        return Q.document_detail(c, key)
    if kind == "alert":
        return Q.alert_detail(c, key)
    raise ValueError(kind)


def actor_page_data(st: App, code: str) -> dict[str, Any]:
    got = st.read(("actor", code), lambda c: Q.actor_detail(c, code))
    kb = st.kb
    state = kb.state(code) if hasattr(kb, "state") else None
    terms = []
    for person, t in kb.officials_of(code):
        terms.append({"person": person, "role": t.role, "sector": t.sector,
                      "start": t.start or None, "end": t.end or None})  # fmt: skip
    if got is None and state is None and not terms:
        raise HTTPException(404, f"no actor {code!r}")
    from ..alerts.embargoes import under_embargo
    from .views import today

    out = dict(got or {"code": code, "name": None, "kind": None, "roles": {},
                       "recent_events": [], "recent_transfers": []})  # fmt: skip
    out["kb_name"] = st.name_of(code)
    out["names"] = list((state or {}).get("names") or ([out["kb_name"]] if state else []))
    out["capitals"] = list((state or {}).get("capitals") or [])
    out["officials"] = sorted(terms, key=lambda t: (t["start"] or "", t["person"]), reverse=True)
    out["embargoes_now"] = [e.to_dict() for e in under_embargo(code, today())]
    return out


def dyad_data(st: App, a: str, b: str, since: str | None, until: str | None,
              bucket: str) -> dict[str, Any]:  # fmt: skip
    got = st.read(("dyad", a, b, since, until, bucket),
                  lambda c: Q.dyad(c, a, b, since, until, bucket))  # fmt: skip
    return {**got, "a_name": st.name_of(a), "b_name": st.name_of(b)}


def graph_data(st: App, since: str | None, until: str | None,
               modality: str | None) -> dict[str, Any]:  # fmt: skip
    from ..alerts.embargoes import under_embargo
    from .views import transfer_graph

    def compute(c: Any) -> dict[str, Any]:
        rows = Q.transfer_edges(c, since, until, modality)
        return transfer_graph(rows, st.name_of, under_embargo)

    return st.read(("graph", since, until, modality), compute)


def _static_dir() -> Path:
    return Path(str(resources.files("armswatch") / "web" / "static"))


def create_app(db_path: str, token: str | None = None, *, release_after: float | None = 2.0,
               cache: bool = True, config_path: str | None = None,
               warm: bool = False) -> FastAPI:  # fmt: skip
    """The armswatch web app over the store at ``db_path``; ``warm``: build the listing
    indexes in the background at startup (else on the first listing of each table)."""
    from .. import __version__

    app = FastAPI(title="armswatch", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only JSON API over an armswatch store (events, transfers, "
                              "incidents, alerts), exports, and a dashboard.")  # fmt: skip
    app.state.aw = App(db_path, token, release_after=release_after, cache=cache,
                       config_path=config_path)  # fmt: skip

    @app.exception_handler(StoreMissing)
    def _missing(request: Any, exc: StoreMissing) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StoreBusy)
    def _busy(request: Any, exc: StoreBusy) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(Q.BadRequest)
    def _bad(request: Any, exc: Q.BadRequest) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    app.include_router(api_router())
    _mount_swagger(app)  # before /static: its files live under /static/swagger
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    from .pages import pages_router

    app.include_router(pages_router())

    if warm:

        @app.on_event("startup")
        def _warm() -> None:
            threading.Thread(target=_warm_quietly, args=(app.state.aw,), daemon=True,
                             name="armswatch-warm").start()  # fmt: skip

    @app.on_event("shutdown")
    def _close() -> None:
        app.state.aw.store.close()

    return app


def _warm_quietly(st: App) -> None:
    try:
        st.warm()
    except ArmswatchError as e:  # busy or missing: the first requests will build them
        log.warning("armswatch: listing indexes not built at startup: %s", e)


def _mount_swagger(app: FastAPI) -> None:
    """Swagger UI from the ``swagger-ui-bundle`` package's files (no CDN); without it a small
    offline page that lists the endpoints from /openapi.json."""
    from fastapi.openapi.docs import get_swagger_ui_html

    try:
        import swagger_ui_bundle

        ui_dir: str | None = swagger_ui_bundle.swagger_ui_path
    except ImportError:
        ui_dir = None
    if ui_dir and Path(ui_dir, "swagger-ui-bundle.js").is_file():
        app.mount("/static/swagger", StaticFiles(directory=ui_dir), name="swagger")

        @app.get("/docs/openapi-swagger.json", include_in_schema=False)
        def spec_for_swagger() -> JSONResponse:
            # the bundled Swagger UI (4.x) reads OpenAPI 3.0 only; FastAPI writes 3.1, whose
            # schemas it still renders. /openapi.json stays the authoritative 3.1 document.
            return JSONResponse({**app.openapi(), "openapi": "3.0.3"})

        @app.get("/docs", include_in_schema=False)
        def docs() -> HTMLResponse:
            return get_swagger_ui_html(openapi_url="/docs/openapi-swagger.json",
                                       title="armswatch API",
                                       swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                       swagger_css_url="/static/swagger/swagger-ui.css",
                                       swagger_favicon_url="/static/swagger/favicon-32x32.png")  # fmt: skip
    else:

        @app.get("/docs", include_in_schema=False)
        def docs_plain() -> HTMLResponse:
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>armswatch API</title>"
                "<link rel=stylesheet href=/static/app.css><main><h1>armswatch API</h1>"
                "<p>The OpenAPI description is at <a href=/openapi.json>/openapi.json</a>.</p>"
                "<ul id=endpoints></ul></main><script src=/static/docs.js></script>"
            )
