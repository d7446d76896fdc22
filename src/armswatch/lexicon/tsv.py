"""Reading the lexicons' tab-separated files: comments, header check, column count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import DataError

Fail = Callable[[str], DataError]


def tsv_rows(
    path: Path, columns: tuple[str, ...], what: str
) -> Iterator[tuple[int, list[str], Fail]]:
    """(line number, stripped cells, error maker) for each data row; raises DataError naming
    the file and line for an unreadable file, a wrong header or a wrong column count."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DataError(f"{path}: cannot read {what}: {e}") from e
    header_seen = False
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")

        def fail(msg: str, _lineno: int = lineno) -> DataError:
            return DataError(f"{path}:{_lineno}: {msg}")

        if not header_seen:
            if tuple(c.strip() for c in cells) != columns:
                raise fail(f"header must be {' '.join(columns)} (tab-separated), got {raw!r}")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise fail(f"expected {len(columns)} tab-separated columns, got {len(cells)}")
        yield lineno, [c.strip() for c in cells], fail
    if not header_seen:
        raise DataError(f"{path}: no header row")
