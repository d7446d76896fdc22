"""``armswatch batch`` (extraction on a Dask cluster) and ``armswatch load`` (its output into
the store). ``register(app)`` adds them; Dask, pyarrow and spaCy are imported inside."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EXIT_FATAL = 1
EXIT_SKIPPED = 3

BATCH_EPILOG = """\
**Inputs**: .jsonl/.ndjson (cut into shards of --shard-size lines), .warc/.warc.gz (cut into \
shards of --shard-size response records), .json/.txt/.md/.html files (grouped per directory), \
directories (recursively). Every worker must see the files at the same paths.

**Output** (DIR): documents/, events/, transfers/ as Parquet, partitioned month=YYYY-MM \
(month=unknown without a published date), and _manifest.json. A rerun skips shards already \
done with the same input; a shard's files are replaced, never duplicated.

**Exit status**: 0 all done; 3 some shard failed or some input was skipped (listed on stderr); \
1 fatal (no input, scheduler unreachable); 2 bad command line.
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=BATCH_EPILOG)(batch)
    app.command()(load)


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            show_default=False,
            help="Files or directories (.jsonl .ndjson .warc .warc.gz .json .txt .md .html .htm).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            show_default=False,
            help="Output directory (Parquet dataset and manifest).",
        ),
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Dask scheduler to use, e.g. tcp://10.0.0.5:8786 "
            "(default: start a local cluster).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Worker processes of the local cluster (default: CPU count).",
        ),
    ] = None,
    shard_size: Annotated[
        int,
        typer.Option(
            "--shard-size", min=1, help="Articles (lines, WARC responses, files) per shard."
        ),
    ] = 500,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="YYYY-MM-DD", help="Date of articles that carry none."),
    ] = None,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Skip (and report) longer articles.")
    ] = 1_000_000,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Retries of a shard that raises.")
    ] = 2,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")
    ] = False,
) -> None:
    """Extract sharded inputs on a Dask cluster into a Parquet dataset (see docs/batch.md).

    One task per shard; each worker loads the extractor once. Failed shards are retried, then
    reported; the run goes on. Load the result into the store with `armswatch load DIR`.
    """
    from rich.console import Console
    from rich.markup import escape

    from .errors import ArmswatchError
    from .ingest.readers import normalise_date

    err = Console(stderr=True)
    if published is not None and normalise_date(published) is None:
        raise typer.BadParameter(
            f"cannot read {published!r} as a date; use YYYY-MM-DD", param_hint="--published"
        )
    if scheduler and workers:
        raise typer.BadParameter("give --scheduler or --workers, not both")
    from .batch.run import BatchOptions, run_batch

    done = [0]

    def on_shard(label: str, res: dict | None, error: str | None) -> None:
        done[0] += 1
        if error:
            err.print(f"[red]shard failed:[/red] {escape(label)}: {escape(error)}", highlight=False)
        elif not quiet:
            err.print(
                f"[{done[0]}] {escape(label)}: {res['articles']} articles, "
                f"{res['events']} events, {res['transfers']} transfers "
                f"({res['seconds']:.1f} s)",
                highlight=False,
            )

    options = BatchOptions(
        shard_size=shard_size, published=published, max_chars=max_chars, retries=retries
    )
    try:
        s = run_batch(
            inputs, out, scheduler=scheduler, workers=workers, options=options, on_shard=on_shard
        )
    except ArmswatchError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(EXIT_FATAL) from None
    for msg in s.errors:
        err.print(f"[yellow]skipped:[/yellow] {escape(msg)}", highlight=False)
    if s.input_errors > len(s.errors):
        err.print(f"... and {s.input_errors - len(s.errors)} more skipped inputs")
    err.print(
        f"batch → {out}: shards {s.ok} ok, {s.failed} failed, {s.skipped} already done "
        f"(of {s.shards}); {s.articles} articles, {s.events} events, {s.transfers} transfers; "
        f"{s.articles_per_s:.1f} articles/s on {s.workers} workers "
        f"({s.seconds:.1f} s); {s.input_errors} inputs skipped",
        highlight=False,
    )
    for label, msg in s.failures:
        err.print(f"[red]failed:[/red] {escape(label)}: {escape(msg)}", highlight=False)
    if not s.complete:
        raise typer.Exit(EXIT_SKIPPED)


def load(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", show_default=False, help="Output directory of `armswatch batch`."
        ),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Store path (default: $ARMSWATCH_DB, [store] path, ./armswatch.duckdb)."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="TOML config (watch rules, sinks; see docs/config.md)."
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per store transaction.")
    ] = 500,
) -> None:
    """Bring a batch output into the DuckDB store and build incidents (and alerts) across it.

    Documents already stored (same content) are skipped, so loading twice stores once.
    """
    from rich.console import Console
    from rich.markup import escape

    from .config import Config, load_config, resolve_db_path
    from .errors import ArmswatchError

    err = Console(stderr=True)
    try:
        cfg = load_config(config) if config else Config()
        db_path = resolve_db_path(db, cfg)
        from .batch.load import load_batch

        s = load_batch(directory, db_path, cfg, batch_size=batch_size)
    except ArmswatchError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        raise typer.Exit(EXIT_FATAL) from None
    err.print(
        f"load → {db_path}: {s.articles_new} documents new, {s.articles_updated} updated, "
        f"{s.articles_seen} already stored; {sum(s.events_by_type.values())} events, "
        f"{s.transfers} transfers; incidents {s.incidents_new} new, {s.incidents_changed} "
        f"changed ({s.contested} contested); alerts {s.alerts_new} new, "
        f"{s.alerts_updated} updated",
        highlight=False,
    )
    for msg in s.errors:
        err.print(f"[yellow]error:[/yellow] {escape(msg)}", highlight=False)
    if s.error_count:
        raise typer.Exit(EXIT_SKIPPED)
