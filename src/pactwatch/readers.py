"""Turn files, directories and stdin into :class:`~pactwatch.models.Article` records.

Bad input never raises: every file, line or record that cannot become an article is yielded as a
:class:`ReadFailure` in its place, so one broken line costs one article and says where it is.

Input shapes:

- plain text (any explicit path without one of the suffixes below): the whole file is one article;
- JSONL (``.jsonl``): one JSON object per line, with at least ``text``;
- JSON (``.json``): one such object, or a list of them;
- HTML (``.html``, ``.htm``): a saved news page, whose main text and metadata are extracted
  (:mod:`pactwatch.extract`; needs the ``web`` extra);
- CSV (``.csv``): one article per row, the body in a column named ``text``, ``body``, ``content`` or
  ``article``; the columns ``id``, ``url``, ``title``, ``outlet``, ``published``, ``language`` are used
  when present;
- gzip (``.gz``): decompressed (up to the size cap) and read by the suffix before ``.gz`` (``a.jsonl.gz``);
- a directory: walked recursively in sorted order, reading files with the suffixes above (and ``.txt``),
  skipping hidden files and directories;
- ``-``: stdin, read as JSONL when its first non-blank line is a JSON object with ``text``, else as text.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .models import Article

__all__ = ["DIRECTORY_SUFFIXES", "STDIN", "ReadFailure", "read_inputs"]

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
DIRECTORY_SUFFIXES = (".txt", ".jsonl", ".json", ".html", ".htm", ".csv", ".gz")
_KINDS = {".jsonl": "jsonl", ".json": "json", ".html": "html", ".htm": "html", ".csv": "csv"}
_TEXT_COLUMNS = ("text", "body", "content", "article")
_SNIFF_BYTES = 8192
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_STRING_FIELDS = ("url", "outlet", "title")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input, line or record that could not become an article, and why."""

    source: str  # "path", "path:line", "path[index]" for an item of a .json list, "<stdin>:3"
    reason: str  # short and stable: "binary file", "not UTF-8", "empty", "invalid JSON", ...
    detail: str  # a sentence saying what is wrong, where, and what to do about it


@dataclass(frozen=True, slots=True)
class _Defaults:
    language: str | None
    published: date | None
    max_bytes: int


def read_inputs(
    sources: Sequence[str],
    *,
    language: str | None = None,
    published: date | None = None,
    max_bytes: int = 20_000_000,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | ReadFailure]:
    """Yield an article or a failure for every text found in ``sources``, lazily and in order.

    ``language`` and ``published`` are defaults: a JSON record's own values win over them.
    """
    if isinstance(sources, str):
        raise TypeError("read_inputs() takes a sequence of sources, not a single string")
    defaults = _Defaults(language, published, max_bytes)
    for source in sources:
        if source == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, defaults)
        else:
            yield from _read_path(Path(source), defaults)


# -- sources ---------------------------------------------------------------------------------------


def _read_stdin(stream: BinaryIO, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    try:
        data = stream.read(defaults.max_bytes + 1)
    except OSError as e:
        yield ReadFailure(STDIN_NAME, "cannot read", f"Reading stdin failed: {e}.")
        return
    if len(data) > defaults.max_bytes:
        yield _too_large(STDIN_NAME, f"more than {defaults.max_bytes:,} bytes", defaults.max_bytes)
        return
    kind = "jsonl" if _looks_like_jsonl(data) else "text"
    yield from _read_bytes(STDIN_NAME, data, kind, defaults)


def _read_path(path: Path, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    name = str(path)
    try:
        st = path.stat()
    except OSError as e:
        yield _cannot_read(name, e)
        return
    if path.is_dir():
        yield from _read_directory(path, defaults)
        return
    if path.is_file() and st.st_size > defaults.max_bytes:
        yield _too_large(name, f"{st.st_size:,} bytes", defaults.max_bytes)
        return
    try:
        with path.open("rb") as f:
            data = f.read(defaults.max_bytes + 1)
    except OSError as e:
        yield _cannot_read(name, e)
        return
    if len(data) > defaults.max_bytes:  # grew since stat, or not a regular file
        yield _too_large(name, f"more than {defaults.max_bytes:,} bytes", defaults.max_bytes)
        return
    suffix = path.suffix.lower()
    if suffix == ".gz":
        unpacked = _gunzip(name, data, defaults.max_bytes)
        if isinstance(unpacked, ReadFailure):
            yield unpacked
            return
        data, suffix = unpacked, Path(path.stem).suffix.lower()
    yield from _read_bytes(name, data, _KINDS.get(suffix, "text"), defaults)


def _read_directory(root: Path, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    found = False
    for path in _walk(root):
        if isinstance(path, ReadFailure):
            yield path
            continue
        found = True
        yield from _read_path(path, defaults)
    if not found:
        yield ReadFailure(
            str(root),
            "empty",
            f"Directory {root} holds no {', '.join(DIRECTORY_SUFFIXES)} files; "
            "put articles there or name other files explicitly.",
        )


def _walk(directory: Path) -> Iterator[Path | ReadFailure]:
    """Yield readable candidate files under ``directory``, depth first, entries sorted by name."""
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as e:
        yield _cannot_read(str(directory), e)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked directories are not followed: a link back up the tree would loop forever.
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.suffix.lower() in DIRECTORY_SUFFIXES and entry.is_file():
            yield entry
        else:
            log.debug("skipping %s: not a %s file", entry, "/".join(DIRECTORY_SUFFIXES))


# -- formats ---------------------------------------------------------------------------------------


def _read_bytes(name: str, data: bytes, kind: str, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    # UTF-16 (common in Windows exports) is full of NUL bytes; say what it is rather than "binary".
    if data.startswith(_UTF16_BOMS):
        yield ReadFailure(
            name,
            "not UTF-8",
            f"{name} is UTF-16 text; re-save it as UTF-8, e.g. `iconv -f utf-16 -t utf-8`.",
        )
        return
    if b"\0" in data[:_SNIFF_BYTES]:
        yield ReadFailure(
            name,
            "binary file",
            f"{name} contains NUL bytes, so it is not text; "
            "extract its text first (e.g. from PDF or Word) and pass the .txt file.",
        )
        return
    data = data.removeprefix(_BOM)
    if not data.strip():
        yield ReadFailure(
            name, "empty", f"{name} is empty or holds only whitespace; there is nothing to code."
        )
        return
    if kind == "jsonl":
        yield from _read_jsonl(name, data, defaults)
    elif kind == "json":
        yield from _read_json(name, data, defaults)
    elif kind == "csv":
        yield from _read_csv(name, data, defaults)
    elif kind == "html":
        yield _read_html(name, data, defaults)
    else:
        yield _read_text(name, data, defaults)


def _read_html(name: str, data: bytes, defaults: _Defaults) -> Article | ReadFailure:
    from .extract import ExtractError, article_from_page, decode_html, extract_page

    try:
        page = extract_page(decode_html(data, where=name), where=name)
    except ExtractError as e:
        return ReadFailure(name, e.reason, e.detail)
    article = article_from_page(page, language=defaults.language, published=defaults.published, origin=name)
    return article


def _read_csv(name: str, data: bytes, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        yield _not_utf8(name, data, e)
        return
    csv.field_size_limit(max(csv.field_size_limit(), defaults.max_bytes))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {c.strip().lower(): c for c in reader.fieldnames or [] if c}
    body = next((columns[c] for c in _TEXT_COLUMNS if c in columns), None)
    if body is None:
        yield ReadFailure(
            name,
            "no text column",
            f"{name} has no column named {', '.join(_TEXT_COLUMNS)} (its header is "
            f"{', '.join(reader.fieldnames or []) or 'empty'}); "
            "name the column that holds the article text 'text'.",
        )
        return
    try:
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if None in row:
                yield ReadFailure(
                    where,
                    "invalid CSV",
                    f"{where} has more fields than the header; quote fields that hold commas.",
                )
                continue
            record = {k.strip().lower(): (v if v is None or v.strip() else None) for k, v in row.items()}
            record["text"] = row[body]
            yield _record(where, record, defaults)
    except csv.Error as e:
        where = f"{name}:{reader.line_num}"
        yield ReadFailure(
            where, "invalid CSV", f"{where} cannot be read as CSV ({e}); the rest of the file is skipped."
        )


def _read_text(name: str, data: bytes, defaults: _Defaults) -> Article | ReadFailure:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return _not_utf8(name, data, e)
    return Article.from_text(
        _clean(text),
        language=defaults.language,
        published=defaults.published,
        origin=name,
    )


def _read_jsonl(name: str, data: bytes, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    offset = 0
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        where = f"{name}:{lineno}"
        line_offset, offset = offset, offset + len(raw) + 1
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield _not_utf8(name, data, e, base=line_offset)
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadFailure(
                where,
                "invalid JSON",
                f"{where} is not valid JSON ({e.msg} at column {e.colno}); "
                'each line must be one JSON object such as {"text": "..."}.',
            )
            continue
        yield _record(where, value, defaults)


def _read_json(name: str, data: bytes, defaults: _Defaults) -> Iterator[Article | ReadFailure]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        yield _not_utf8(name, data, e)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        yield ReadFailure(
            f"{name}:{e.lineno}",
            "invalid JSON",
            f"{name}:{e.lineno} is not valid JSON ({e.msg} at column {e.colno}); "
            'it must hold one object with "text" or a list of them (use .jsonl for one object per line).',
        )
        return
    if not isinstance(value, list):
        yield _record(name, value, defaults)
        return
    if not value:
        yield ReadFailure(name, "empty", f"{name} holds an empty list; there is nothing to code.")
    for index, item in enumerate(value):
        yield _record(f"{name}[{index}]", item, defaults)


# -- records ---------------------------------------------------------------------------------------


class _BadRecord(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _record(where: str, value: Any, defaults: _Defaults) -> Article | ReadFailure:
    """Build an article from one decoded JSON value, or say why it cannot be one."""
    if not isinstance(value, dict):
        return ReadFailure(
            where,
            "not an object",
            f"{where} holds a JSON {_json_type(value)}, not an object; "
            'write each record as {"text": "..."}.',
        )
    try:
        return _article(where, value, defaults)
    except _BadRecord as e:
        return ReadFailure(where, e.reason, f"{where}: {e.detail}")


def _article(where: str, record: Mapping[str, Any], defaults: _Defaults) -> Article:
    text = record.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise _BadRecord("missing 'text'", 'the record has no non-empty "text"; add the article body there.')
    if not isinstance(text, str):
        raise _BadRecord(
            "invalid 'text'",
            f'"text" is a JSON {_json_type(text)}; it must be a string with the article body.',
        )
    fields: dict[str, Any] = {name: _optional_str(record, name) for name in _STRING_FIELDS}
    language = _optional_str(record, "language") or _optional_str(record, "lang")
    fields["language"] = language or defaults.language
    published = _published(record.get("published"))
    fields["published"] = published or defaults.published
    fields["source_id"] = _source_id(record.get("id"))
    return Article.from_text(_clean(text), origin=where, **fields)


def _optional_str(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadRecord(
            f"invalid '{name}'", f'"{name}" is a JSON {_json_type(value)}; it must be a string or null.'
        )
    return value.strip() or None


def _source_id(value: Any) -> str | None:
    if value is None:
        return None
    # bool is an int subclass, but an id of true is a mistake, not an id.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _BadRecord(
            "invalid 'id'", f'"id" is a JSON {_json_type(value)}; it must be a string or integer.'
        )
    return str(value).strip() or None


def _published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s) if len(s) <= 10 else datetime.fromisoformat(s).date()
        except ValueError:
            pass
    raise _BadRecord(
        "invalid 'published'",
        f'"published" is {json.dumps(value, ensure_ascii=False)}; '
        "write it as YYYY-MM-DD or an ISO datetime such as 2024-03-01T12:00:00Z.",
    )


# -- helpers ---------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Normalize line ends to LF and trim the ends, keeping blank lines between paragraphs."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _looks_like_jsonl(data: bytes) -> bool:
    for raw in data.removeprefix(_BOM).split(b"\n"):
        if raw.strip():
            try:
                value = json.loads(raw)
            except ValueError:  # JSONDecodeError and UnicodeDecodeError both
                return False
            return isinstance(value, dict) and "text" in value
    return False


def _not_utf8(name: str, data: bytes, error: UnicodeDecodeError, *, base: int = 0) -> ReadFailure:
    """Describe the first byte that is not UTF-8; ``base`` is the offset of the decoded slice in ``data``."""
    offset = base + error.start
    line_start = data.rfind(b"\n", 0, offset) + 1
    lineno = data.count(b"\n", 0, offset) + 1
    column = offset - line_start + 1
    return ReadFailure(
        f"{name}:{lineno}",
        "not UTF-8",
        f"{name}:{lineno}: byte 0x{data[offset]:02X} at offset {offset} (byte {column} of line {lineno}) "
        "is not UTF-8; re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`.",
    )


def _gunzip(name: str, data: bytes, max_bytes: int) -> bytes | ReadFailure:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as e:
        return ReadFailure(
            name, "invalid gzip", f"{name} is not a readable gzip file ({e}); check that it is complete."
        )
    if len(out) > max_bytes:
        return _too_large(name, f"more than {max_bytes:,} bytes once decompressed", max_bytes)
    return out


def _too_large(name: str, size: str, max_bytes: int) -> ReadFailure:
    return ReadFailure(
        name,
        "too large",
        f"{name} is {size}, over the {max_bytes:,}-byte limit; split it or raise the limit.",
    )


def _cannot_read(name: str, error: OSError) -> ReadFailure:
    what = error.strerror or str(error)
    return ReadFailure(
        name, "cannot read", f"Cannot read {name}: {what}; check the path and its permissions."
    )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
