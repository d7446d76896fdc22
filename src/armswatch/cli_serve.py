"""``armswatch serve``: the JSON API and dashboard over a store (``register(app)`` adds it)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

SERVE_HELP = """Serve the store's JSON API (/api/...), its dashboard (/) and the API docs
(/docs) with uvicorn. Read-only: the store is opened read-only per burst of requests and
released after --release-after idle seconds, so `armswatch run` can write between bursts
(a `run` started while the server holds the file fails with a lock error: retry, or serve a
copy). With --token (or $ARMSWATCH_TOKEN), POST /api/alerts/{id}/ack and
POST /api/documents/{key}/reextract accept `Authorization: Bearer <token>`."""


def serve_cmd(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Store path (default: $ARMSWATCH_DB, [store] path, ./armswatch.duckdb)."
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Bearer token enabling the write actions (default: $ARMSWATCH_TOKEN; none: "
            "read-only).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="TOML config (store path; rules and sinks for re-extraction)."
        ),
    ] = None,
    release_after: Annotated[
        float,
        typer.Option(help="Close the store after this many idle seconds (0: keep it open).", min=0),
    ] = 2.0,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.", min=1)] = 1,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not cache query results between store changes.")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
) -> None:
    """Serve the JSON API and the dashboard over the store (see docs/api.md)."""
    from .config import Config, load_config, resolve_db_path
    from .errors import ArmswatchError

    try:
        cfg = load_config(config) if config else Config()
        db_path = resolve_db_path(db, cfg)
    except ArmswatchError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    if not Path(db_path).exists():
        typer.echo(f"error: no store at {db_path} (run `armswatch run --db {db_path}` first)",
                   err=True)  # fmt: skip
        raise typer.Exit(1)
    token = token or os.environ.get("ARMSWATCH_TOKEN") or None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: reachable from other machines"
                   + ("" if token else " (read-only)"), err=True)  # fmt: skip
    import uvicorn

    # settings reach the app factory (also in worker processes) through the environment
    os.environ["ARMSWATCH_SERVE_DB"] = str(Path(db_path).resolve())
    os.environ["ARMSWATCH_SERVE_RELEASE"] = str(release_after)
    os.environ["ARMSWATCH_SERVE_CACHE"] = "0" if no_cache else "1"
    os.environ["ARMSWATCH_SERVE_CONFIG"] = str(config.resolve()) if config else ""
    if token:
        os.environ["ARMSWATCH_SERVE_TOKEN"] = token
    else:
        os.environ.pop("ARMSWATCH_SERVE_TOKEN", None)
    typer.echo(f"armswatch: serving {db_path} on http://{host}:{port}/ (API docs: /docs)",
               err=True)  # fmt: skip
    # asyncio's loop, not uvloop: under 100 busy keep-alive connections uvloop starved some
    # of them (p99 1.3 s against 0.09 s, bench/README.md); httptools parses when installed
    uvicorn.run("armswatch.cli_serve:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level=log_level, access_log=False, loop="asyncio",
                http="auto")  # fmt: skip


def app_from_env():
    """The app for uvicorn's factory mode, from the settings ``serve`` put in the environment."""
    from .api import create_app

    release = float(os.environ.get("ARMSWATCH_SERVE_RELEASE", "2") or 0)
    return create_app(os.environ["ARMSWATCH_SERVE_DB"],
                      token=os.environ.get("ARMSWATCH_SERVE_TOKEN") or None,
                      release_after=release or None,
                      cache=os.environ.get("ARMSWATCH_SERVE_CACHE", "1") == "1",
                      config_path=os.environ.get("ARMSWATCH_SERVE_CONFIG") or None,
                      warm=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the armswatch Typer app."""
    app.command("serve", help=SERVE_HELP)(serve_cmd)
