"""Bulk exports of events, stories and the network for other tools.

- ``plover-jsonl``: one PLOVER event record per line, plus ``story_id`` (JSON Lines).
- ``gdelt-events``: one row per story, GDELT 2.0 Events-style columns (:data:`GDELT_EVENT_COLUMNS`), TSV.
- ``gdelt-mentions``: one row per member event, which outlet told which story and where (GDELT
  Mentions-style, :data:`GDELT_MENTION_COLUMNS`), TSV.
- ``events-csv`` / ``stories-csv``: flat event and story tables, CSV with a header.
- ``events-parquet`` / ``stories-parquet``: the same tables as Parquet (pyarrow).
- ``gexf`` / ``graphml``: the country network with ``cooperation``, ``conflict`` and ``weight`` edges, for
  Gephi, yEd or networkx.

GDELT differences: ``GLOBALEVENTID`` is our story id (text), country codes are ISO-3 (GDELT uses CAMEO
actor codes and FIPS for places), and ``EventCode`` is the CAMEO crosswalk of the PLOVER type.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from .analysis import network
from .errors import ConfigError
from .migrations import articles, events, stories, story_events
from .models import Event
from .output import flatten
from .records import event_from_record
from .store import Store

__all__ = ["EXPORT_KINDS", "GDELT_EVENT_COLUMNS", "GDELT_MENTION_COLUMNS", "ExportFilter", "export"]

EXPORT_KINDS = (
    "plover-jsonl",
    "gdelt-events",
    "gdelt-mentions",
    "events-csv",
    "stories-csv",
    "events-parquet",
    "stories-parquet",
    "gexf",
    "graphml",
)
_BINARY = ("events-parquet", "stories-parquet", "gexf", "graphml")

GDELT_EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year",
    "Actor1Code", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL",
    "PloverEvent", "PloverMode", "PloverScore", "Languages",
)  # fmt: skip
GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "MentionDocTranslationInfo", "EventID", "PloverEvent",
)  # fmt: skip
STORY_COLUMNS = (
    "id", "event", "actor", "recipient", "date", "first_seen", "last_seen", "n_events", "n_articles",
    "quad", "outlets", "languages", "contexts", "participants",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "story_id", "article_id", "date", "date_precision", "event", "mode", "actor", "recipient",
    "quad_code", "plover_score", "cameo", "goldstein", "modality", "context", "place", "place_country",
    "language", "event_text", "sentence", "rule",
)  # fmt: skip
_LANG3 = {"en": "eng", "es": "spa"}


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which rows to export: a date range (event date for events, story date for stories) and a country."""

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None


def export(
    store: Store, kind: str, out: str | PathLike[str] | IO[str], filters: ExportFilter | None = None
) -> int:
    """Write ``kind`` to ``out`` (a path, ``"-"`` for stdout, or a text stream); return the rows written.

    Parquet, GEXF and GraphML need a path.
    """
    filters = filters or ExportFilter()
    if kind not in EXPORT_KINDS:
        raise ConfigError(f"unknown export kind {kind!r}; choose one of {', '.join(EXPORT_KINDS)}")
    if kind in _BINARY:
        if not isinstance(out, str | PathLike) or str(out) == "-":
            raise ConfigError(f"export {kind} writes a binary file: give a file path, not stdout")
        return _write_binary(store, kind, Path(out), filters)
    if isinstance(out, str | PathLike):
        if str(out) == "-":
            return _write_text(store, kind, sys.stdout, filters)
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return _write_text(store, kind, stream, filters)
    return _write_text(store, kind, out, filters)


# -- rows ---------------------------------------------------------------------------------------------


def _story_rows(store: Store, f: ExportFilter) -> Iterator[Mapping[str, Any]]:
    query = select(stories).order_by(stories.c.date, stories.c.id)
    if f.date_from:
        query = query.where(stories.c.date >= f.date_from)
    if f.date_to:
        query = query.where(stories.c.date <= f.date_to)
    if f.country:
        query = query.where(stories.c.participants.contains(f"|{f.country}|", autoescape=True))
    with store.connect() as conn:
        rows = conn.execute(query).all()
    for r in rows:
        yield dict(r._mapping)


def _members(store: Store, f: ExportFilter) -> Iterator[tuple[Event, str | None, Any]]:
    """Yield (event, story id, article row) for the events in the filter, by date then id."""
    query = (
        select(
            events.c.record, story_events.c.story_id, articles.c.outlet, articles.c.url, articles.c.published
        )
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(story_events, story_events.c.event_id == events.c.id)
        .order_by(events.c.date, events.c.id)
    )
    if f.date_from:
        query = query.where(events.c.date >= f.date_from)
    if f.date_to:
        query = query.where(events.c.date <= f.date_to)
    if f.country:
        pattern = f"|{f.country}|"
        query = query.where(
            events.c.actor_codes.contains(pattern, autoescape=True)
            | events.c.recipient_codes.contains(pattern, autoescape=True)
        )
    with store.connect() as conn:
        rows = conn.execute(query).all()
    for rec, sid, outlet, url, published in rows:
        yield event_from_record(json.loads(rec)), sid, {"outlet": outlet, "url": url, "published": published}


def _event_row(e: Event, story_id: str | None) -> dict[str, Any]:
    return {
        "id": e.id,
        "story_id": story_id,
        "article_id": e.article_id,
        "date": e.date.value.isoformat(),
        "date_precision": e.date.precision,
        "event": e.event,
        "mode": e.mode,
        "actor": ";".join(a.code + (a.sector or "") for a in e.actor),
        "recipient": ";".join(a.code + (a.sector or "") for a in e.recipient),
        "quad_code": e.quad_code,
        "plover_score": e.plover_score,
        "cameo": e.cameo,
        "goldstein": e.goldstein,
        "modality": e.modality,
        "context": ";".join(e.context),
        "place": e.event_loc.place if e.event_loc else None,
        "place_country": e.event_loc.country_code if e.event_loc else None,
        "language": e.language,
        "event_text": e.event_text,
        "sentence": e.evidence.sentence,
        "rule": e.rule,
    }


def _story_row(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "event": r["event"],
        "actor": r["actor"],
        "recipient": r["recipient"],
        "date": r["date"].isoformat(),
        "first_seen": r["first_seen"].isoformat(),
        "last_seen": r["last_seen"].isoformat(),
        "n_events": r["n_events"],
        "n_articles": r["n_articles"],
        "quad": r["quad"],
        "outlets": ";".join(json.loads(r["outlets"])),
        "languages": ";".join(json.loads(r["languages"])),
        "contexts": r["contexts"].replace("|", ";"),
        "participants": r["participants"].strip("|").replace("|", ";"),
    }


def _ymd(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _gdelt_events(store: Store, f: ExportFilter) -> Iterator[dict[str, Any]]:
    heads = list(_story_rows(store, f))
    members: dict[str, list[tuple[Event, Mapping[str, Any]]]] = {h["id"]: [] for h in heads}
    for e, sid, art in _members(store, ExportFilter()):
        if sid in members:
            members[sid].append((e, art))
    for h in heads:
        evs = members[h["id"]]
        if not evs:
            continue
        rep = _representative(h, [e for e, _ in evs])
        a1 = next((a for a in rep.actor if a.code == h["actor"]), rep.actor[0] if rep.actor else None)
        a2 = next(
            (a for a in rep.recipient if a.code == h["recipient"]),
            rep.recipient[0] if rep.recipient else None,
        )
        cameo = rep.cameo or ""
        loc = rep.event_loc
        urls = sorted({art["url"] for _, art in evs if art["url"]})
        d: date = h["date"]
        yield {
            "GLOBALEVENTID": h["id"],
            "SQLDATE": _ymd(d),
            "MonthYear": d.strftime("%Y%m"),
            "Year": d.year,
            "Actor1Code": (a1.code + (a1.sector or "")) if a1 else "",
            "Actor1CountryCode": a1.code if a1 else "",
            "Actor1Type1Code": (a1.sector or "") if a1 else "",
            "Actor2Code": (a2.code + (a2.sector or "")) if a2 else "",
            "Actor2CountryCode": a2.code if a2 else "",
            "Actor2Type1Code": (a2.sector or "") if a2 else "",
            "IsRootEvent": 1,
            "EventCode": cameo,
            "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2],
            "QuadClass": rep.quad_code,
            "GoldsteinScale": "" if rep.goldstein is None else rep.goldstein,
            "NumMentions": h["n_events"],
            "NumSources": len(json.loads(h["outlets"])),
            "NumArticles": h["n_articles"],
            "ActionGeo_FullName": loc.place if loc else "",
            "ActionGeo_CountryCode": (loc.country_code or "") if loc else "",
            "ActionGeo_Lat": "" if loc is None or loc.lat is None else loc.lat,
            "ActionGeo_Long": "" if loc is None or loc.lon is None else loc.lon,
            "DATEADDED": _ymd(h["first_seen"]),
            "SOURCEURL": urls[0] if urls else "",
            "PloverEvent": rep.event,
            "PloverMode": rep.mode or "",
            "PloverScore": "" if rep.plover_score is None else rep.plover_score,
            "Languages": ";".join(json.loads(h["languages"])),
        }


def _representative(head: Mapping[str, Any], evs: list[Event]) -> Event:
    """Pick the member event that best stands for the story: its type, with actor and recipient."""

    def rank(e: Event) -> tuple[int, int, int, str]:
        return (
            e.event != head["event"],
            not (e.actor and e.recipient),
            e.date.value != head["date"],
            e.id,
        )

    return min(evs, key=rank)


def _gdelt_mentions(store: Store, f: ExportFilter) -> Iterator[dict[str, Any]]:
    dates = {h["id"]: h["date"] for h in _story_rows(store, ExportFilter())}
    for e, sid, art in _members(store, f):
        if sid is None:
            continue
        base = e.evidence.start
        yield {
            "GLOBALEVENTID": sid,
            "EventTimeDate": _ymd(dates.get(sid)) + "000000",
            "MentionTimeDate": _ymd(art["published"]) + "000000" if art["published"] else "",
            "MentionType": 1,
            "MentionSourceName": art["outlet"] or "",
            "MentionIdentifier": art["url"] or e.article_id,
            "SentenceID": e.evidence.sentence_index + 1,
            "Actor1CharOffset": base + e.evidence.actor_spans[0][0] if e.evidence.actor_spans else -1,
            "Actor2CharOffset": base + e.evidence.recipient_spans[0][0] if e.evidence.recipient_spans else -1,
            "ActionCharOffset": base + e.evidence.trigger[0],
            "InRawText": 1,
            "MentionDocTranslationInfo": ""
            if e.language == "en"
            else f"srclc:{_LANG3.get(e.language, e.language)}",
            "EventID": e.id,
            "PloverEvent": e.event,
        }


# -- writers ------------------------------------------------------------------------------------------


def _write_text(store: Store, kind: str, stream: IO[str], f: ExportFilter) -> int:
    if kind == "plover-jsonl":
        n = 0
        for e, sid, _art in _members(store, f):
            stream.write(json.dumps({**e.to_plover(), "story_id": sid}, ensure_ascii=False) + "\n")
            n += 1
        return n
    if kind == "gdelt-events":
        return _write_table(stream, GDELT_EVENT_COLUMNS, _gdelt_events(store, f), delimiter="\t")
    if kind == "gdelt-mentions":
        return _write_table(stream, GDELT_MENTION_COLUMNS, _gdelt_mentions(store, f), delimiter="\t")
    if kind == "events-csv":
        return _write_table(stream, EVENT_COLUMNS, (_event_row(e, s) for e, s, _ in _members(store, f)))
    return _write_table(stream, STORY_COLUMNS, (_story_row(r) for r in _story_rows(store, f)))


def _write_table(
    stream: IO[str], columns: tuple[str, ...], rows: Iterator[Mapping[str, Any]], delimiter: str = ","
) -> int:
    # TSV cells must not hold tabs or newlines (POLECAT's malformed TSVs are the cautionary tale).
    def clean(value: Any) -> str:
        text = flatten(value)
        return " ".join(text.split()) if delimiter == "\t" else text

    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([clean(row.get(c)) for c in columns])
        n += 1
    return n


def _write_binary(store: Store, kind: str, path: Path, f: ExportFilter) -> int:
    if kind in ("gexf", "graphml"):
        import networkx as nx

        net = network(store, f.date_from, f.date_to)
        g = nx.Graph()
        for node in sorted(net.graph.nodes):
            g.add_node(node, label=node)
        for edge in net.edges():
            if f.country and f.country not in (edge["a"], edge["b"]):
                continue
            g.add_edge(
                edge["a"],
                edge["b"],
                cooperation=edge["cooperation"],
                conflict=edge["conflict"],
                weight=edge["weight"],
                stories=";".join(edge["stories"]),
            )
        if f.country:
            g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
        (nx.write_gexf if kind == "gexf" else nx.write_graphml)(g, str(path))
        return int(g.number_of_edges())
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError("Parquet export needs pyarrow: pip install 'pactwatch[analysis]'") from exc
    columns: tuple[str, ...]
    if kind == "events-parquet":
        columns, rows = EVENT_COLUMNS, [_event_row(e, s) for e, s, _ in _members(store, f)]
    else:
        columns, rows = STORY_COLUMNS, [_story_row(r) for r in _story_rows(store, f)]
    table = pa.Table.from_pylist(rows, schema=_schema(pa, columns, rows))
    pq.write_table(table, str(path))
    return len(rows)


_INT = frozenset({"quad_code", "quad", "n_events", "n_articles"})
_FLOAT = frozenset({"plover_score", "goldstein"})


def _schema(pa: Any, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Any:
    def kind(c: str) -> Any:
        if c in _INT:
            return pa.int64()
        if c in _FLOAT:
            return pa.float64()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in columns])
