from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest

from pactwatch.errors import ConfigError
from pactwatch.output import FORMATS, flatten, write_records

RECORDS: list[dict[str, Any]] = [
    {
        "id": "e-1",
        "event": "AGREE",
        "actor": [{"code": "CUB", "sector": "GOV"}, {"code": "BLR", "sector": "MIL"}],
        "context": ["military", "economic"],
        "event_loc": None,
        "goldstein": 4.5,
        "event_text": "Cuba y Bielorrusia firmaron un acuerdo",
    },
    {
        "id": "e-2",
        "event": "ACCUSE",
        "actor": [],
        "context": [],
        "event_loc": {"place": "Minsk", "country_code": "BLR"},
        "goldstein": None,
        "event_text": 'He said "no", then left',
    },
]


def render(records: Any, fmt: str, **kwargs: Any) -> tuple[int, str]:
    stream = io.StringIO()
    count = write_records(records, fmt, stream, **kwargs)
    return count, stream.getvalue()


def test_jsonl() -> None:
    assert render(RECORDS, "jsonl") == (
        2,
        '{"id":"e-1","event":"AGREE","actor":[{"code":"CUB","sector":"GOV"},{"code":"BLR","sector":"MIL"}],'
        '"context":["military","economic"],"event_loc":null,"goldstein":4.5,'
        '"event_text":"Cuba y Bielorrusia firmaron un acuerdo"}\n'
        '{"id":"e-2","event":"ACCUSE","actor":[],"context":[],'
        '"event_loc":{"place":"Minsk","country_code":"BLR"},"goldstein":null,'
        '"event_text":"He said \\"no\\", then left"}\n',
    )


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([], "[]\n"),
        ([{"b": 1, "a": "ñ"}], '[{"b":1,"a":"ñ"}]\n'),
        (
            [{"x": 1}, {"x": date(2024, 3, 1)}, {"x": ("a", "b")}],
            '[{"x":1},\n{"x":"2024-03-01"},\n{"x":["a","b"]}]\n',
        ),
    ],
)
def test_json(records: list[dict[str, Any]], expected: str) -> None:
    assert render(records, "json") == (len(records), expected)


@pytest.mark.parametrize(
    ("fmt", "before_second"),
    [("jsonl", '{"i":0}\n'), ("json", '[{"i":0}'), ("csv", "i\n0\n")],
)
def test_streaming_formats_write_each_record_before_pulling_the_next(fmt: str, before_second: str) -> None:
    stream = io.StringIO()
    seen: list[str] = []

    def records() -> Iterator[Mapping[str, Any]]:
        yield {"i": 0}
        seen.append(stream.getvalue())
        yield {"i": 1}

    assert write_records(records(), fmt, stream) == 2
    assert seen == [before_second]


def test_csv_flattens_nested_values() -> None:
    assert render(RECORDS, "csv") == (
        2,
        "id,event,actor,context,event_loc,goldstein,event_text\n"
        "e-1,AGREE,CUB;BLR,military;economic,,4.5,Cuba y Bielorrusia firmaron un acuerdo\n"
        'e-2,ACCUSE,,,"{""place"":""Minsk"",""country_code"":""BLR""}",,"He said ""no"", then left"\n',
    )


@pytest.mark.parametrize(
    ("records", "columns", "expected"),
    [
        (RECORDS, ["event", "actor", "missing"], "event,actor,missing\nAGREE,CUB;BLR,\nACCUSE,,\n"),
        ([], ["id", "event"], "id,event\n"),
        ([], None, ""),
        ([{"a": 1}, {"a": 2, "b": 3}], None, "a\n1\n2\n"),
    ],
)
def test_csv_columns(records: list[dict[str, Any]], columns: list[str] | None, expected: str) -> None:
    assert render(records, "csv", columns=columns) == (len(records), expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("text", "text"),
        (3, "3"),
        (0.25, "0.25"),
        (True, "true"),
        (date(2024, 3, 1), "2024-03-01"),
        ([{"code": "CUB", "sector": "GOV"}, {"code": "BLR"}], "CUB;BLR"),
        (["military", "economic"], "military;economic"),
        ((3, 7), "3;7"),
        ([], ""),
        ({"place": "Minsk", "lat": 53.9}, '{"place":"Minsk","lat":53.9}'),
        ([[0, 4], [9, 12]], "[[0,4],[9,12]]"),
        ([{"place": "Minsk"}], '[{"place":"Minsk"}]'),
    ],
)
def test_flatten(value: Any, expected: str) -> None:
    assert flatten(value) == expected


def test_table() -> None:
    count, out = render(RECORDS, "table", columns=["id", "event", "actor", "event_loc"], title="Events")
    assert count == 2
    assert out.splitlines() == [
        "Events",
        " id    event    actor     event_loc",
        "─" * 65,
        " e-1   AGREE    CUB;BLR",
        ' e-2   ACCUSE             {"place":"Minsk","country_code":"BLR"}',
    ]
    assert out.endswith("}\n")


def test_table_truncates_long_values_and_keeps_markup_literal() -> None:
    long_text = "[bold]Havana[/bold] " + "word " * 40
    count, out = render([{"id": "e-1", "event_text": long_text}], "table")
    assert count == 1
    assert "[bold]Havana[/bold]" in out  # shown as typed, not interpreted as rich markup
    assert "…" in out
    assert "word " * 15 not in out
    assert "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_table_has_no_escape_codes_even_when_colour_is_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    _, out = render(RECORDS, "table")
    assert "\x1b[" not in out
    assert "CUB;BLR" in out and "goldstein" in out


def test_table_with_no_records() -> None:
    assert render([], "table", columns=["id", "event"]) == (0, " id   event\n────────────\n")
    assert render([], "table") == (0, "")


def test_table_on_a_terminal_uses_colour() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    write_records(RECORDS, "table", stream)
    assert "\x1b[" in stream.getvalue()


def test_unknown_format() -> None:
    with pytest.raises(ConfigError, match="choose one of jsonl, json, csv, table"):
        write_records(RECORDS, "xml", io.StringIO())
    assert FORMATS == ("jsonl", "json", "csv", "table")
