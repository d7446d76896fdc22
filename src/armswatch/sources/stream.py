"""JSON Lines streams (stdin or any text stream): one article object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..model import Article


def article_from_obj(obj: object, where: str, line: int, max_chars: int | None = None
                     ) -> Article | InputError:  # fmt: skip
    if not isinstance(obj, dict):
        return InputError(where, "expected a JSON object", line)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "missing or empty 'text'", line)
    if max_chars is not None:
        text = text[:max_chars]
    aid = obj.get("id")
    opt = {k: obj.get(k) if isinstance(obj.get(k), str) else None
           for k in ("title", "published", "url", "outlet")}  # fmt: skip
    if opt["published"]:
        opt["published"] = opt["published"][:10]
    return Article(id=str(aid) if aid is not None else f"{where}:{line}", text=text,
                   origin=f"{where}:{line}", **opt)  # fmt: skip


def iter_jsonl_stream(
    lines: Iterable[str], name: str = "<stdin>", max_chars: int | None = None
) -> Iterator[Article | InputError]:
    for i, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            yield InputError(name, f"not valid JSON: {e.msg}", i)
            continue
        yield article_from_obj(obj, name, i, max_chars)
