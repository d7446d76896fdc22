"""The ``armswatch`` command line: a thin Typer layer over ingest, extract and report.

Heavy modules (spaCy, trafilatura, the rule engine) are imported inside the commands so that
``armswatch --help`` stays fast. Other modules add their commands with a ``register(app)``
function listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.text import Text

from . import EXTRACTOR_VERSION, __version__
from .errors import ArmswatchError, InputError
from .ingest.batch import BatchStats, extract_batch
from .ingest.readers import DEFAULT_MAX_CHARS, estimate_count, iter_articles, normalise_date

# Exit statuses (documented in README "Exit statuses").
EXIT_OK = 0  # every input read and extracted
EXIT_FATAL = 1  # nothing (more) could be done: output unwritable, model missing ...
EXIT_USAGE = 2  # bad command line (Typer/Click)
EXIT_SKIPPED = 3  # done, but some inputs were skipped or failed; see the messages on stderr

SAMPLES = "data/samples/articles.jsonl"  # inside the armswatch package
# Modules with a `register(app: typer.Typer)` function that adds their commands.
COMMAND_MODULES: tuple[str, ...] = (
    "armswatch.cli_monitor",
    "armswatch.cli_serve",
    "armswatch.cli_batch",
)

app = typer.Typer(
    name="armswatch",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

INPUT_HELP = """\
**Inputs** (by extension; directories are searched recursively, in sorted order):

  `.jsonl`, `.ndjson`, `-` (stdin): one JSON object a line: \
"id", "text", optional "title", "published", "url", "outlet"; other fields are ignored. \
No "id": FILENAME:LINE.

  `.json`: one such object, or an array of them.

  `.txt`, `.md`: one article a file; id = file name without extension; \
a Markdown "# Title" first line is the title.

  `.html`, `.htm`: a web page; main text, title and date by trafilatura.

  Any other file named on the command line is read by its content (JSON Lines, JSON, HTML, \
else plain text).

Input that cannot be read (invalid JSON, empty text, not UTF-8, binary, over --max-chars) \
is reported on stderr as "path:line: message" and skipped; the rest \
of the batch goes on and the exit status is 3.
"""

OUTPUT_HELP = """\
**Output**: one JSON object a line per article: "id", "title", "published", "url", \
"extractor_version", "events", "transfers", "warnings".

An event has the codebook's "type", "source", "target", "modality", "claimed_by", \
"denied_by", "date" (actor codes), plus "quad_class", "mode", "context", "trigger", "rule", \
"confidence", "date_text", "actors" (per role: surface text, code, sector, kind, offsets) and \
"evidence" (sentence and trigger with character offsets into the text, and the rule).

A transfer has "supplier", "recipient", "stage", "items", "item_text", "modality", \
"claimed_by", "denied_by", "date" and the same provenance fields.

**Exit status**: 0 all read and extracted; 3 some inputs skipped (see stderr); \
1 fatal error (e.g. output not writable); 2 bad command line.
"""

PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files or directories to read (.jsonl .ndjson .json .txt .md .html .htm), "
        "or - for JSON Lines on stdin.",
        metavar="PATH",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the JSON Lines here (one line per article, flushed as it goes) "
        "instead of to stdout. '-' is stdout.",
        metavar="OUT.jsonl",
        show_default=False,
    ),
]


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    norm = normalise_date(value)
    if norm is None:
        raise typer.BadParameter(f"cannot read {value!r} as a date; use YYYY-MM-DD")
    return norm


PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Publication date (YYYY-MM-DD) of articles that carry none, e.g. .txt and .md "
        "files; relative dates ('on Wednesday') are resolved against it.",
        metavar="YYYY-MM-DD",
        callback=_check_date,
        show_default=False,
    ),
]
MaxCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-chars",
        help="Skip (and report) articles longer than this many characters.",
        min=1,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress bar, no warnings, no summary on stderr; errors are still printed.",
    ),
]


@app.callback()
def main() -> None:
    """Turn news articles into PLOVER events and arms transfers between coded actors, with who
    claims and who denies them.

    Start with `armswatch run` (the main job: the bundled sample articles into the store,
    incidents and alerts), `armswatch report` (a readable report, no store) or
    `armswatch extract FILE...` (JSON Lines out). Each command has --help.
    """


@app.command(epilog=INPUT_HELP + "\n" + OUTPUT_HELP)
def extract(
    paths: PathsArg,
    output: OutputOpt = None,
    published: PublishedOpt = None,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    quiet: QuietOpt = False,
) -> None:
    """Extract events and arms transfers from articles; write one JSON object per article.

    Reads every PATH (see Inputs below), runs the extractor over the articles in one process and
    writes each article's result as one line of JSON (UTF-8) to stdout or --output, flushing
    after each line, so an interrupted run keeps everything written so far. Messages, the
    progress bar and a summary go to stderr.
    """
    err = _stderr()
    with ExitStack() as stack:
        out = _open_output(output, err, stack)
        stats = BatchStats()
        extractions = _extractions(paths, published, max_chars, quiet, err, stats, stack)
        try:
            for ex in extractions:
                out.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
                out.flush()
        except BrokenPipeError:  # `armswatch extract ... | head`: stop quietly
            _silence_stdout()
            raise typer.Exit(EXIT_FATAL) from None
        except OSError as e:
            _fatal(err, f"cannot write {output or 'stdout'}: {e.strerror or e}")
    _finish(stats, quiet, err)


@app.command(epilog=INPUT_HELP)
def report(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or directories to read instead of the bundled sample articles "
            "(same formats as 'extract').",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    published: PublishedOpt = None,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    quiet: QuietOpt = False,
) -> None:
    """Extract the bundled sample articles (or PATHs) and print a readable report (no store).

    For each article, a table of its events (type, source → target codes, modality, claimed
    by, denied by, date, trigger with an evidence snippet) and of its arms transfers
    (supplier → recipient, stage, items, modality, claims); then totals by type, modality and
    stage. With --output, the JSON Lines of 'extract' are written too.
    """
    from .report import render_extractions

    err = _stderr()
    with ExitStack() as stack:
        if not paths:
            paths = [str(_samples_path(err, stack))]
        out = _open_output(output, err, stack) if output else None
        stats = BatchStats()
        extractions = _extractions(
            paths, published, max_chars, quiet, err, stats, stack, show_progress=False
        )

        def written():
            for ex in extractions:
                if out is not None:
                    out.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
                    out.flush()
                yield ex

        try:
            render_extractions(written(), Console(highlight=False))
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(EXIT_FATAL) from None
        except OSError as e:
            _fatal(err, f"cannot write {output or 'stdout'}: {e.strerror or e}")
    _finish(stats, quiet, err)


@app.command()
def version() -> None:
    """Print the armswatch version, the extractor (rules) version and the spaCy model."""
    from importlib import metadata

    from .nlp import MODEL_PACKAGES

    lines = [f"armswatch {__version__}", f"extractor {EXTRACTOR_VERSION}"]
    for pkg in ("spacy", *MODEL_PACKAGES):
        try:
            lines.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            continue
    typer.echo("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# helpers shared by the commands


@functools.lru_cache(maxsize=1)
def get_extractor():
    """One Extractor per process (loading the pipeline and knowledge base is the slow part)."""
    from .extract.pipeline import Extractor

    return Extractor()


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fatal(err: Console, message: str) -> None:
    err.print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(EXIT_FATAL)


def _silence_stdout() -> None:
    """After a broken pipe, keep Python from failing again when it flushes stdout at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under a test runner)
        pass


def _open_output(output: str | None, err: Console, stack: ExitStack) -> IO[str]:
    if output is None or output == "-":
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8")
        return out
    try:
        return stack.enter_context(open(output, "w", encoding="utf-8", newline="\n"))
    except OSError as e:
        _fatal(err, f"cannot write {output}: {e.strerror or e}")
        raise  # unreachable: _fatal raises


def _samples_path(err: Console, stack: ExitStack) -> Path:
    from importlib.resources import as_file, files

    res = files("armswatch") / SAMPLES
    if not res.is_file():
        _fatal(
            err,
            f"the bundled sample articles ({SAMPLES} in the armswatch package) are missing; "
            "reinstall armswatch (make setup), or give article files: armswatch run PATH...",
        )
    return stack.enter_context(as_file(res))


def _extractions(paths, published, max_chars, quiet, err, stats, stack, show_progress=True):
    """Extractions of the articles read from ``paths``; problems printed on ``err``."""
    try:
        extractor = get_extractor()
    except ArmswatchError as e:
        _fatal(err, str(e))

    progress = None
    if show_progress and not quiet and err.is_terminal:
        total = estimate_count(paths)
        if total is None or total > 1:
            progress = stack.enter_context(_progress(err))
            task = progress.add_task("extracting", total=total)
    console = progress.console if progress is not None else err

    def on_problem(e: InputError) -> None:
        if getattr(e, "severity", "error") == "warning":
            if not quiet:
                console.print(Text(f"{e.path}{_line(e)}: warning: {e.message}", style="yellow"))
        else:
            console.print(Text(str(e), style="red"))
            if progress is not None:
                _advance(progress, task)

    items = iter_articles(paths, published=published, max_chars=max_chars)
    try:
        for ex in extract_batch(items, extractor, on_problem, stats):
            if progress is not None:
                _advance(progress, task)
            yield ex
    except ArmswatchError as e:
        _fatal(console, str(e))


def _advance(progress, task) -> None:
    progress.advance(task)
    t = next(t for t in progress.tasks if t.id == task)
    if t.total is not None and t.completed > t.total:  # the count was an estimate
        progress.update(task, total=t.completed)


def _line(e: InputError) -> str:
    return f":{e.line}" if e.line is not None else ""


def _progress(console: Console):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,  # stdout carries the JSON Lines
        redirect_stderr=False,
    )


def _finish(stats: BatchStats, quiet: bool, err: Console) -> None:
    if not quiet:
        msg = (
            f"{stats.extracted} of {stats.articles} articles extracted: "
            f"{stats.events} events, {stats.transfers} transfers"
        )
        if stats.skipped or stats.failed:
            msg += f"; {stats.skipped} inputs skipped, {stats.failed} extractions failed"
        if stats.warnings:
            msg += f"; {stats.warnings} warnings"
        err.print(Text(msg, style="dim" if stats.complete else "yellow"))
    if not stats.complete:
        raise typer.Exit(EXIT_SKIPPED)


def _register_command_modules() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_command_modules()
