"""Write records in the output formats every listing command shares: JSONL, JSON, CSV and a table.

JSONL and JSON stream record by record; CSV streams after the first record (it names the columns);
a table needs every row to size its columns, so it holds them. CSV and table cells come from
:func:`flatten`, which turns PLOVER's nested values into one readable string.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from itertools import chain
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import ConfigError

__all__ = ["FORMATS", "flatten", "write_records"]

FORMATS = ("jsonl", "json", "csv", "table")

TABLE_WIDTH = 120  # used when the stream is not a terminal, so piped and tested output is stable
TABLE_CELL_CHARS = 60  # longer cell values are cut to this many characters, ending in "…"
_ELLIPSIS = "…"


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    stream: TextIO,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> int:
    """Write ``records`` to ``stream`` in format ``fmt`` and return how many were written.

    ``columns`` picks and orders the CSV and table columns (default: the first record's keys);
    JSON formats always write whole records. ``title`` is shown above a table only.
    """
    if fmt == "jsonl":
        return _write_jsonl(records, stream)
    if fmt == "json":
        return _write_json(records, stream)
    if fmt == "csv":
        return _write_csv(records, stream, columns)
    if fmt == "table":
        return _write_table(records, stream, columns, title)
    raise ConfigError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def flatten(value: Any) -> str:
    """Return ``value`` as one cell string.

    Actor lists become their codes (``"CUB;BLR"``), lists of scalars are ``;``-joined, ``None`` is
    empty, and other dicts or nested lists are compact JSON.

    >>> flatten([{"code": "CUB", "sector": "GOV"}, {"code": "BLR", "sector": "MIL"}])
    'CUB;BLR'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if all(isinstance(v, Mapping) and "code" in v for v in value):
            return ";".join(flatten(v["code"]) for v in value)
        if all(isinstance(v, str | int | float) for v in value):
            return ";".join(flatten(v) for v in value)
        return _dumps(value)
    if isinstance(value, Mapping):
        return _dumps(value)
    return str(value)


# -- formats ---------------------------------------------------------------------------------------


def _write_jsonl(records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(_dumps(record) + "\n")
        count += 1
    return count


def _write_json(records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    count = 0
    stream.write("[")
    for record in records:
        stream.write((",\n" if count else "") + _dumps(record))
        count += 1
    stream.write("]\n")
    return count


def _write_csv(records: Iterable[Mapping[str, Any]], stream: TextIO, columns: Sequence[str] | None) -> int:
    rows = iter(records)
    first = next(rows, None)
    header = _header(first, columns)
    if not header:
        return 0
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for record in _prepend(first, rows):
        writer.writerow([flatten(record.get(c)) for c in header])
        count += 1
    return count


def _write_table(
    records: Iterable[Mapping[str, Any]], stream: TextIO, columns: Sequence[str] | None, title: str | None
) -> int:
    rows = list(records)
    header = _header(rows[0] if rows else None, columns)
    if not header:
        return 0
    table = Table(
        title=title, box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", title_justify="left"
    )
    for name in header:
        table.add_column(name, overflow="fold")
    for record in rows:
        # Text, not str: a "[...]" in news text must not be read as rich markup.
        table.add_row(*(Text(_cell(record.get(c))) for c in header))
    _print(table, stream)
    return len(rows)


# -- helpers ---------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON; convert it to a dict first")


def _header(first: Mapping[str, Any] | None, columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    return list(first) if first is not None else []


def _prepend(
    first: Mapping[str, Any] | None, rest: Iterator[Mapping[str, Any]]
) -> Iterable[Mapping[str, Any]]:
    return rest if first is None else chain((first,), rest)


def _cell(value: Any) -> str:
    """Flatten a value onto one table line and cut it to :data:`TABLE_CELL_CHARS`."""
    text = " ".join(flatten(value).split())
    if len(text) > TABLE_CELL_CHARS:
        return text[: TABLE_CELL_CHARS - 1] + _ELLIPSIS
    return text


def _print(table: Table, stream: TextIO) -> None:
    """Print ``table`` in colour on a terminal; elsewhere as plain text without trailing spaces."""
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        width = shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
        Console(file=stream, width=width, highlight=False, emoji=False, markup=False).print(table)
        return
    buffer = io.StringIO()
    _plain_console(buffer).print(table)
    stream.writelines(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _plain_console(file: TextIO) -> Console:
    # Forced off, so FORCE_COLOR or a CI's TTY_COMPATIBLE cannot put escape codes in piped output.
    return Console(
        file=file,
        width=TABLE_WIDTH,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        color_system=None,
        no_color=True,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
