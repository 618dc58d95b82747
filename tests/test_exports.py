"""Exports: PLOVER JSONL, GDELT-style TSV, CSV, Parquet, GEXF and GraphML, read back with real readers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import make_event
from pactwatch.cli import main
from pactwatch.errors import ConfigError
from pactwatch.exports import (
    EVENT_COLUMNS,
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    STORY_COLUMNS,
    ExportFilter,
    export,
)
from pactwatch.models import Place
from pactwatch.store import Store
from pactwatch.stories import update_stories
from test_stories import put

D = date(2026, 5, 12)


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open("sqlite://")
    visit = {
        "actor": ("CUB",),
        "recipient": ("BLR",),
        "when": D,
        "cameo": "042",
        "goldstein": 1.9,
        "plover_score": 4.0,
        "event_loc": Place("Minsk", "BLR", 53.9, 27.56),
    }
    put(s, "a-1", [make_event("e-1", **visit)], outlet="Minsk Wire")
    # a tab and a newline inside the sentence must not break the TSV
    put(
        s,
        "a-2",
        [make_event("e-2", sentence="La visita\tde\nla delegación.", **visit)],
        outlet="Faro",
        lang="es",
    )
    put(
        s,
        "a-3",
        [
            make_event(
                "e-3",
                actor=("USA",),
                recipient=("IRN",),
                event="SANCTION",
                quad_code=4,
                when=date(2026, 8, 9),
            )
        ],
        published=date(2026, 8, 10),
    )
    update_stories(s)
    yield s
    s.close()


def text_export(store: Store, kind: str, filters: ExportFilter | None = None) -> tuple[int, str]:
    buffer = io.StringIO()
    n = export(store, kind, buffer, filters)
    return n, buffer.getvalue()


def test_plover_jsonl_has_every_event_with_its_story(store: Store) -> None:
    n, text = text_export(store, "plover-jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert n == 3 and [r["id"] for r in records] == ["e-1", "e-2", "e-3"]
    assert records[0]["story_id"] == records[1]["story_id"] != records[2]["story_id"]
    assert records[0]["event"] == "CONSULT" and records[0]["actor"][0]["code"] == "CUB"


def test_gdelt_events_one_row_per_story(store: Store) -> None:
    n, text = text_export(store, "gdelt-events")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert n == 2 and tuple(rows[0]) == GDELT_EVENT_COLUMNS
    visit = rows[0]
    assert (visit["SQLDATE"], visit["Actor1Code"], visit["Actor2CountryCode"]) == (
        "20260512",
        "CUBGOV",
        "BLR",
    )
    assert (visit["EventCode"], visit["EventRootCode"], visit["QuadClass"]) == ("042", "04", "1")
    assert (visit["NumMentions"], visit["NumSources"], visit["NumArticles"]) == ("2", "2", "2")
    assert (visit["ActionGeo_FullName"], visit["ActionGeo_Lat"]) == ("Minsk", "53.9")
    assert visit["Languages"] == "en;es"


def test_gdelt_mentions_one_row_per_report_without_stray_tabs(store: Store) -> None:
    n, text = text_export(store, "gdelt-mentions")
    lines = text.splitlines()
    assert n == 3 and len(lines) == 4
    assert all(line.count("\t") == len(GDELT_MENTION_COLUMNS) - 1 for line in lines)
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    by_event = {r["EventID"]: r for r in rows}
    assert by_event["e-1"]["GLOBALEVENTID"] == by_event["e-2"]["GLOBALEVENTID"]
    assert by_event["e-2"]["MentionDocTranslationInfo"] == "srclc:spa"
    assert by_event["e-2"]["MentionSourceName"] == "Faro"
    assert by_event["e-1"]["MentionTimeDate"] == "20260513000000"


@pytest.mark.parametrize(
    ("kind", "columns", "rows"), [("events-csv", EVENT_COLUMNS, 3), ("stories-csv", STORY_COLUMNS, 2)]
)
def test_csv_exports(store: Store, kind: str, columns: tuple[str, ...], rows: int) -> None:
    n, text = text_export(store, kind)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert n == rows == len(parsed) and tuple(parsed[0]) == columns


def test_filters_apply(store: Store) -> None:
    assert text_export(store, "stories-csv", ExportFilter(country="IRN"))[0] == 1
    assert text_export(store, "events-csv", ExportFilter(date_from=date(2026, 6, 1)))[0] == 1
    assert text_export(store, "plover-jsonl", ExportFilter(date_to=date(2026, 6, 1)))[0] == 2


@pytest.mark.parametrize(("kind", "rows"), [("events-parquet", 3), ("stories-parquet", 2)])
def test_parquet_round_trips(store: Store, tmp_path: Path, kind: str, rows: int) -> None:
    path = tmp_path / f"{kind}.parquet"
    assert export(store, kind, path) == rows
    table = pq.read_table(path)
    assert table.num_rows == rows
    assert str(table.schema.field("quad_code" if kind == "events-parquet" else "n_events").type) == "int64"


@pytest.mark.parametrize(("kind", "reader"), [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_network_files_open_in_networkx(store: Store, tmp_path: Path, kind: str, reader) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"net.{kind}"
    assert export(store, kind, path) == 2
    g = reader(path)
    assert set(g.nodes) == {"BLR", "CUB", "IRN", "USA"}
    edge = g.edges["BLR", "CUB"]
    assert (int(edge["cooperation"]), int(edge["conflict"])) == (1, 0)


def test_bad_export_requests(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown export kind 'xls'"):
        export(store, "xls", io.StringIO())
    with pytest.raises(ConfigError, match="file path"):
        export(store, "events-parquet", "-")


def test_cli_export(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    s = Store.open(db)
    put(s, "a-1", [make_event("e-1", when=D)])
    update_stories(s)
    s.close()
    runner = CliRunner()
    out = runner.invoke(main, ["--db", f"sqlite:///{db}", "export", "gdelt-events"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0].startswith("GLOBALEVENTID\tSQLDATE")
    target = tmp_path / "s.parquet"
    out = runner.invoke(main, ["--db", f"sqlite:///{db}", "export", "stories-parquet", str(target)])
    assert out.exit_code == 0 and pq.read_table(target).num_rows == 1
    bad = runner.invoke(main, ["--db", f"sqlite:///{db}", "export", "gexf"])
    assert bad.exit_code == 1 and "file path" in bad.stderr
