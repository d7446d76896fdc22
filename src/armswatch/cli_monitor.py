"""The monitor's commands: ``run``, ``watch`` and ``query`` (``register(app)`` adds them)."""

from __future__ import annotations

import csv
import json
import signal
import sys
import threading
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import Config, load_config, parse_duration, resolve_db_path
from .errors import ArmswatchError
from .model import Role

if TYPE_CHECKING:  # the store (DuckDB) loads only when a command runs: `--help` stays fast
    from .pipeline import RunSummary

out = Console()
err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="TOML config (see docs/config.md).")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store path (default: $ARMSWATCH_DB, [store] path, ./armswatch.duckdb)."
    ),
]


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def _fail(e: ArmswatchError) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
    return typer.Exit(2)


def _config(path: Path | None) -> Config:
    return load_config(path) if path else Config()


class _RichObserver:
    """Progress on stderr: one line per source with counts of new, seen and failed articles."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.counts = {"new": 0, "seen": 0, "error": 0}
        self.batches = 0
        self.task = progress.add_task("reading", total=None, info="")

    def on_source(self, label: str) -> None:
        self.progress.update(self.task, description=f"reading {label}")

    def on_item(self, status: str) -> None:
        self.counts[status] += 1
        self.progress.update(self.task, advance=1, info=self._info())

    def on_batch(self, number: int, documents: int) -> None:
        self.batches = number
        self.progress.update(self.task, info=self._info())

    def _info(self) -> str:
        c = self.counts
        return f"new {c['new']}  seen {c['seen']}  errors {c['error']}  batches {self.batches}"


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"),
                    TextColumn("[dim]{task.fields[info]}"), TimeElapsedColumn(), console=err,
                    transient=False)  # fmt: skip


def print_summary(s: RunSummary, db: str) -> None:
    t = Table(title=f"armswatch run → {db}", show_header=False, title_justify="left")
    t.add_column("what")
    t.add_column("n", justify="right")
    t.add_row("articles new", str(s.articles_new))
    if s.articles_updated:
        t.add_row("articles updated (new version of a URL)", str(s.articles_updated))
    t.add_row("articles already stored", str(s.articles_seen))
    t.add_row("inputs that could not be read", str(s.error_count))
    for typ, n in sorted(s.events_by_type.items(), key=lambda x: (-x[1], x[0])):
        t.add_row(f"events {typ}", str(n))
    t.add_row("transfers", str(s.transfers))
    t.add_row("incidents new", str(s.incidents_new))
    t.add_row("incidents contested (new or changed)", str(s.contested))
    t.add_row("alerts new", str(s.alerts_new))
    t.add_row("alerts updated", str(s.alerts_updated))
    out.print(t)
    for alert, new in s.alerts[:20]:
        tag = "[bold red]NEW[/]" if new else "[yellow]UPDATED[/]"
        out.print(
            f"{tag} {escape(f'[{alert.severity}] {alert.rule}: {alert.summary}')}", highlight=False
        )
    for e in s.errors[:10]:
        err.print(f"[yellow]skipped:[/] {escape(e)}", highlight=False)
    if s.error_count > 10:
        err.print(f"[yellow]... and {s.error_count - 10} more inputs skipped[/]")
    for e in s.delivery_errors[:10]:
        err.print(f"[red]alert delivery failed:[/] {escape(e)}", highlight=False)


def run_cmd(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders, '-' (JSON Lines on stdin), URLs or WARC files; "
            "default: the configured sources, else the bundled sample corpus."
        ),
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Ingest, extract, store, merge into incidents and alert: the main job."""
    try:
        cfg = _config(config)
        db_path = resolve_db_path(db, cfg)
        from .pipeline import run

        with _progress() as progress:
            summary = run(cfg, paths or None, db_path=db_path, observer=_RichObserver(progress))
    except ArmswatchError as e:
        raise _fail(e) from None
    print_summary(summary, db_path)
    if summary.error_count:
        raise typer.Exit(3)  # done, but some inputs were skipped (as `extract` does)


def watch_cmd(
    every: Annotated[str, typer.Option(help="Time between passes: 30s, 15m, 2h ...")] = "15m",
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Repeat `run` over the configured sources until stopped (Ctrl-C or SIGTERM: clean exit)."""
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        if stop.is_set():  # a second Ctrl-C: stop now (the open batch is rolled back)
            raise KeyboardInterrupt
        err.print("[dim]stopping after the current batch ...[/]")
        stop.set()

    try:
        seconds = parse_duration(every)
    except ValueError as e:
        raise _fail(ArmswatchError(f"--every: {e}")) from None
    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        cfg = _config(config)
        db_path = resolve_db_path(db, cfg)

        def on_cycle(n: int, s: RunSummary) -> None:
            err.print(
                f"pass {n}: {s.articles_new} new, {s.articles_seen} seen, "
                f"{s.error_count} skipped, {s.incidents_new} new incidents, "
                f"{s.alerts_new} new alerts, {s.alerts_updated} updated",
                highlight=False,
            )
            for alert, new in s.alerts[:20]:
                tag = "NEW" if new else "UPDATED"
                out.print(f"{tag} [{alert.severity}] {alert.rule}: {alert.summary}",
                          highlight=False, markup=False)  # fmt: skip
            sys.stdout.flush()

        err.print(f"watching {len(cfg.sources)} sources every {every} → {db_path}")
        from .pipeline import watch

        watch(cfg, seconds, db_path=db_path, stop=stop, on_cycle=on_cycle)
    except ArmswatchError as e:
        raise _fail(e) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted; the open batch was rolled back[/]")
        raise typer.Exit(130) from None
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    err.print("stopped")


_TABLE_COLS = {  # what the Rich table shows; csv/jsonl/parquet carry every column
    "events": [
        "record_id",
        "date",
        "type",
        "source",
        "target",
        "modality",
        "claimed_by",
        "denied_by",
        "outlet",
        "title",
    ],
    "transfers": [
        "record_id",
        "date",
        "stage",
        "supplier",
        "recipient",
        "items",
        "modality",
        "denied_by",
        "outlet",
        "title",
    ],
    "incidents": [
        "id",
        "type",
        "date",
        "source",
        "target",
        "modality",
        "stage",
        "denied_by",
        "contested",
        "reports",
        "outlets",
    ],
    "alerts": ["rule", "severity", "incident_id", "updated", "summary"],
}


_MIN_WIDTH = {
    "date": 10,
    "stage": 11,
    "modality": 12,
    "items": 12,
    "type": 9,
    "first_seen": 10,
    "last_seen": 10,
    "created": 10,
    "updated": 10,
}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ",".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def _jsonable(col: str, v: Any) -> Any:
    if col in ("record", "details") and isinstance(v, str):
        return json.loads(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def query_cmd(
    table: Annotated[str, typer.Argument(help="events | transfers | incidents | alerts")],
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor", "-a", help="Actor code; repeat to require several (all must take part)."
        ),
    ] = None,
    role: Annotated[Role, typer.Option(help="Role the --actor codes must have.")] = Role.any,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help="Event type (ASSAULT ...); transfers: stage; incidents/alerts: type.",
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY[-MM[-DD]]).")] = None,
    modality: Annotated[
        str | None, typer.Option(help="actual | negated | future | hypothetical")
    ] = None,
    contested: Annotated[
        bool, typer.Option("--contested", help="Only denied/contested ones.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 50,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File for csv/jsonl/parquet.")
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List stored events, transfers, incidents or alerts, filtered."""
    import duckdb

    from .store.query import TABLES, Filters, query_arrow, run_query

    if table not in TABLES:
        raise _fail(ArmswatchError(f"unknown table {table!r} (one of {', '.join(TABLES)})"))
    if fmt is Format.parquet and output is None:
        raise _fail(ArmswatchError("--format parquet needs -o FILE"))
    f = Filters(actors=actor or [], role=role.value, type=type_, since=since, until=until,
                modality=modality, contested=contested, limit=limit or None)  # fmt: skip
    try:
        db_path = resolve_db_path(db, _config(config))
        if not Path(db_path).exists():
            raise ArmswatchError(f"no store at {db_path} (run `armswatch run` first)")
        try:
            conn = duckdb.connect(db_path, read_only=True)
        except duckdb.Error as e:
            raise ArmswatchError(f"cannot open the store {db_path}: {e}") from None
        try:
            if fmt is Format.parquet:
                import pyarrow.parquet as pq

                pq.write_table(query_arrow(conn, table, f), str(output))
                err.print(f"wrote {output}")
                return
            cols, rows = run_query(conn, table, f)
        finally:
            conn.close()
    except ArmswatchError as e:
        raise _fail(e) from None
    if fmt is Format.table:
        shown = [cols.index(c) for c in _TABLE_COLS[table]]
        t = Table(title=f"{table} ({len(rows)})", title_justify="left")
        for i in shown:
            wide = cols[i] in ("title", "summary", "outlet")
            # Short columns keep their header's width so a narrow terminal shrinks the
            # title, not the codes (a column one letter wide is unreadable).
            t.add_column(
                cols[i],
                overflow="ellipsis" if wide else "fold",
                no_wrap=wide,
                min_width=None if wide else _MIN_WIDTH.get(cols[i], min(len(cols[i]), 10)),
                max_width=40 if wide else None,
                ratio=1 if wide else None,
            )
        for r in rows:
            t.add_row(
                *(_cell(r[i])[:8] if cols[i] in ("record_id", "id") else _cell(r[i]) for i in shown)
            )
        out.print(t)
        return
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt is Format.csv:
            w = csv.writer(fh)
            w.writerow(cols)
            for r in rows:
                w.writerow([";".join(map(str, v)) if isinstance(v, list) else
                            ("" if v is None else v) for v in r])  # fmt: skip
        else:
            for r in rows:
                rec = {c: _jsonable(c, v) for c, v in zip(cols, r, strict=True)}
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    finally:
        if output:
            fh.close()


def register(app: typer.Typer) -> None:
    """Add ``run``, ``watch`` and ``query`` to the armswatch Typer app."""
    app.command("run")(run_cmd)
    app.command("watch")(watch_cmd)
    app.command("query")(query_cmd)
