"""The API's read queries: filtered, sorted, paged events and articles; dyad timelines; the country network.

Everything aggregates in the database (or over one row per day) so pages stay fast on a million events;
see ``bench/api_latency.py``. The tables are the store's (``pactwatch.migrations``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.engine import Connection

from pactwatch.migrations import actor_corrections, articles, event_actors, event_marks, events
from pactwatch.records import event_from_record
from pactwatch.store import text_condition

SORTS = {
    "date": (events.c.date, events.c.id),
    "goldstein": (events.c.goldstein, events.c.id),
    "type": (events.c.event, events.c.id),
    "language": (events.c.language, events.c.id),
}
INTERVALS = ("day", "week", "month", "year")
# Totals are counted exactly up to this many matches, so a broad filter on a million events stays fast.
COUNT_CAP = 10_000
# With more matches than this, a date-sorted page walks the date index instead of sorting every match.
WALK_THRESHOLD = 2_000


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to list: each set field must match; a list matches any of its values."""

    countries: Sequence[str] = ()  # as actor or recipient
    actors: Sequence[str] = ()
    recipients: Sequence[str] = ()
    dyad: tuple[str, str] | None = None
    sectors: Sequence[str] = ()
    types: Sequence[str] = ()
    contexts: Sequence[str] = ()
    modalities: Sequence[str] = ()
    date_from: date | None = None
    date_to: date | None = None
    language: str | None = None
    outlet: str | None = None
    text: str | None = None
    article_id: str | None = None
    story_ids: Sequence[str] = field(default=())  # reserved for the stories module


def _involving(codes: Sequence[str], role: str | None = None) -> Select[tuple[str]]:
    query = select(event_actors.c.event_id).where(event_actors.c.code.in_(list(codes)))
    return query.where(event_actors.c.role == role) if role else query


def _has_actor(column: Any, values: Sequence[str], role: str | None = None) -> ColumnElement[bool]:
    ea = event_actors.alias("ea")
    query = (
        select(literal(1))
        .where(ea.c.event_id == events.c.id, ea.c[column].in_(list(values)))
        .correlate(events)
    )
    return query.where(ea.c.role == role).exists() if role else query.exists()


def event_conditions(
    conn: Connection, q: EventQuery, *, correlated: bool = False
) -> list[ColumnElement[bool]]:
    """Return the WHERE conditions of an :class:`EventQuery` on the database of ``conn``.

    The default form gathers the events of an actor code (or outlet) from its index first: best when few
    events match. ``correlated`` checks each event as it is read instead, so a query sorted by date can
    walk the date index and stop after one page: best when many match.
    """
    conds: list[ColumnElement[bool]] = []

    def involving(codes: Sequence[str], role: str | None = None) -> ColumnElement[bool]:
        if correlated:
            return _has_actor("code", codes, role)
        return events.c.id.in_(_involving(codes, role))

    if q.countries:
        conds.append(involving(q.countries))
    if q.actors:
        conds.append(involving(q.actors, "actor"))
    if q.recipients:
        conds.append(involving(q.recipients, "recipient"))
    if q.dyad is not None:
        one, two = q.dyad
        conds.append(and_(involving([one]), involving([two])))
    if q.sectors:
        if correlated:
            conds.append(_has_actor("sector", q.sectors))
        else:
            by_sector = select(event_actors.c.event_id).where(event_actors.c.sector.in_(list(q.sectors)))
            conds.append(events.c.id.in_(by_sector))
    if q.types:
        conds.append(events.c.event.in_(list(q.types)))
    if q.modalities:
        conds.append(events.c.modality.in_(list(q.modalities)))
    if q.contexts:
        piped = literal("|") + events.c.context + literal("|")
        conds.append(or_(*(piped.contains(f"|{c}|", autoescape=True) for c in q.contexts)))
    if q.date_from is not None:
        conds.append(events.c.date >= q.date_from)
    if q.date_to is not None:
        conds.append(events.c.date <= q.date_to)
    if q.language is not None:
        conds.append(events.c.language == q.language)
    if q.outlet is not None:
        if correlated:
            art = articles.alias("art")  # not the page query's own join of articles
            conds.append(
                select(literal(1))
                .where(art.c.id == events.c.article_id, art.c.outlet == q.outlet)
                .correlate(events)
                .exists()
            )
        else:
            conds.append(events.c.article_id.in_(select(articles.c.id).where(articles.c.outlet == q.outlet)))
    if q.text:
        conds.append(text_condition(conn, q.text, walk=correlated))
    if q.article_id is not None:
        conds.append(events.c.article_id == q.article_id)
    return conds


def capped_count(
    conn: Connection, conds: Sequence[ColumnElement[bool]], cap: int | None = None
) -> tuple[int, bool]:
    """Return how many events match (at most ``cap + 1``, default :data:`COUNT_CAP`, are counted) and
    whether that count is exact."""
    cap = COUNT_CAP if cap is None else cap
    hits = select(events.c.id).where(*conds).limit(cap + 1).subquery()
    n = conn.scalar(select(func.count()).select_from(hits)) or 0
    return min(n, cap), n <= cap


def list_events(
    conn: Connection, q: EventQuery, *, sort: str = "-date", limit: int = 50, offset: int = 0
) -> tuple[int, bool, list[dict[str, Any]]]:
    """Return the number of matching events (capped at :data:`COUNT_CAP`), whether it is exact, and one
    page of them as PLOVER records (plus the article's outlet and title)."""
    conds = event_conditions(conn, q)
    total, exact = capped_count(conn, conds)
    if total > WALK_THRESHOLD and sort.lstrip("-") == "date":
        conds = event_conditions(conn, q, correlated=True)
    descending = sort.startswith("-")
    columns = SORTS[sort.lstrip("-")]
    order = [c.desc() if descending else c.asc() for c in columns]
    page = (
        select(events.c.record, articles.c.outlet, articles.c.title)
        .join(articles, articles.c.id == events.c.article_id)
        .where(*conds)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(page).all()
    items = []
    for row in rows:
        record = event_from_record(json.loads(row.record)).to_plover()
        record["outlet"] = row.outlet
        record["title"] = row.title
        items.append(record)
    return total, exact, items


def event_marks_of(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(event_marks).where(event_marks.c.event_id == event_id).order_by(event_marks.c.id)
    ).all()
    return [{"id": r.id, "reason": r.reason, "note": r.note, "created_at": _iso(r.created_at)} for r in rows]


def corrections_of(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(actor_corrections)
        .where(actor_corrections.c.event_id == event_id)
        .order_by(actor_corrections.c.id)
    ).all()
    return [correction_dict(r) for r in rows]


def correction_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "event_id": r.event_id,
        "role": r.role,
        "position": r.position,
        "entity_text": r.entity_text,
        "old_code": r.old_code,
        "code": r.code,
        "sector": r.sector,
        "note": r.note,
        "created_at": _iso(r.created_at),
    }


def _iso(value: datetime) -> str:
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).isoformat()


def store_counts(conn: Connection) -> tuple[int, int]:
    """Return how many articles and events the store holds."""
    n_articles = conn.scalar(select(func.count()).select_from(articles)) or 0
    n_events = conn.scalar(select(func.count()).select_from(events)) or 0
    return n_articles, n_events


# -- articles -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    language: str | None = None
    outlet: str | None = None
    text: str | None = None  # in the title
    date_from: date | None = None
    date_to: date | None = None


def list_articles(
    conn: Connection, q: ArticleQuery, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Return the number of matching articles and one page, newest first, without their text."""
    conds: list[ColumnElement[bool]] = []
    if q.language is not None:
        conds.append(articles.c.language == q.language)
    if q.outlet is not None:
        conds.append(articles.c.outlet == q.outlet)
    if q.text:
        conds.append(func.lower(articles.c.title).contains(q.text.lower(), autoescape=True))
    if q.date_from is not None:
        conds.append(articles.c.published >= q.date_from)
    if q.date_to is not None:
        conds.append(articles.c.published <= q.date_to)
    total = conn.scalar(select(func.count()).select_from(articles).where(*conds)) or 0
    rows = conn.execute(
        _article_summaries()
        .where(*conds)
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return total, [article_summary(r) for r in rows]


def articles_by_id(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Return the summaries of these articles, oldest first."""
    query = _article_summaries().where(articles.c.id.in_(ids)).order_by(articles.c.published, articles.c.id)
    return [article_summary(r) for r in conn.execute(query).all()]


def _article_summaries() -> Select[Any]:
    """Select the columns of an article summary, with its number of events."""
    n_events = (
        select(func.count()).select_from(events).where(events.c.article_id == articles.c.id).scalar_subquery()
    )
    return select(
        articles.c.id,
        articles.c.title,
        articles.c.outlet,
        articles.c.url,
        articles.c.published,
        articles.c.language,
        n_events.label("n_events"),
    )


def article_summary(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "outlet": r.outlet,
        "url": r.url,
        "published": r.published.isoformat() if r.published else None,
        "language": r.language,
        "n_events": r.n_events,
    }


def outlets(conn: Connection) -> list[dict[str, Any]]:
    n = func.count()
    rows = conn.execute(
        select(articles.c.outlet, n.label("n"))
        .where(articles.c.outlet.is_not(None))
        .group_by(articles.c.outlet)
        .order_by(n.desc(), articles.c.outlet)
        .limit(500)
    ).all()
    return [{"outlet": r.outlet, "articles": r.n} for r in rows]


# -- actors, dyads, network ---------------------------------------------------------------------------


def actor_counts(conn: Connection, *, limit: int = 100, prefix: str | None = None) -> list[dict[str, Any]]:
    """Return actor codes with how many events each takes part in (as actor or recipient)."""
    n = func.count(func.distinct(event_actors.c.event_id))
    query = select(event_actors.c.code, n.label("n")).where(event_actors.c.code != "")
    if prefix:
        query = query.where(event_actors.c.code.startswith(prefix.upper(), autoescape=True))
    rows = conn.execute(
        query.group_by(event_actors.c.code).order_by(n.desc(), event_actors.c.code).limit(limit)
    )
    return [{"code": r.code, "events": r.n} for r in rows]


def actor_profile(conn: Connection, code: str) -> dict[str, Any]:
    """Return one actor code's event counts by role, sector and type, and its top partners."""
    mine = event_actors.alias("mine")
    other = event_actors.alias("other")
    by_role: dict[str, int] = {
        role: n
        for role, n in conn.execute(
            select(mine.c.role, func.count()).where(mine.c.code == code).group_by(mine.c.role)
        )
    }
    by_sector = [
        {"sector": s, "events": n}
        for s, n in conn.execute(
            select(mine.c.sector, func.count())
            .where(mine.c.code == code)
            .group_by(mine.c.sector)
            .order_by(func.count().desc())
            .limit(30)
        )
    ]
    n_partner = func.count(func.distinct(other.c.event_id))
    partners = [
        {"code": c, "events": n}
        for c, n in conn.execute(
            select(other.c.code, n_partner)
            .join(mine, mine.c.event_id == other.c.event_id)
            .where(mine.c.code == code, other.c.code != code, other.c.code != "")
            .group_by(other.c.code)
            .order_by(n_partner.desc(), other.c.code)
            .limit(20)
        )
    ]
    return {
        "code": code,
        "as_actor": by_role.get("actor", 0),
        "as_recipient": by_role.get("recipient", 0),
        "sectors": by_sector,
        "partners": partners,
    }


def top_dyads(
    conn: Connection,
    *,
    country: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Return the (actor, recipient) pairs with the most events, with cooperation and conflict counts.

    With ``country``, the pairs it takes part in: one query per role, each driven by the code index.
    """
    if country is None:
        rows = _dyad_counts(conn, None, date_from, date_to, limit)
    else:
        rows = _dyad_counts(conn, ("actor", country), date_from, date_to, limit)
        rows += _dyad_counts(conn, ("recipient", country), date_from, date_to, limit)
        rows = sorted(set(rows), key=lambda x: (-x[2], x[0], x[1]))[:limit]
    return [
        {"actor": a, "recipient": r, "events": n, "cooperation": coop, "conflict": n - coop}
        for a, r, n, coop in rows
    ]


def _dyad_counts(
    conn: Connection, pinned: tuple[str, str] | None, date_from: date | None, date_to: date | None, limit: int
) -> list[tuple[str, str, int, int]]:
    a = event_actors.alias("a")
    r = event_actors.alias("r")
    n = func.count(func.distinct(a.c.event_id))
    coop = func.count(func.distinct(_when(events.c.quad_code <= 2, a.c.event_id)))
    query = (
        select(a.c.code, r.c.code, n, coop)
        .join(r, and_(r.c.event_id == a.c.event_id, r.c.role == "recipient"))
        .join(events, events.c.id == a.c.event_id)
        .where(a.c.role == "actor", a.c.code != "", r.c.code != "", a.c.code != r.c.code)
        .group_by(a.c.code, r.c.code)
        .order_by(n.desc(), a.c.code, r.c.code)
        .limit(limit)
    )
    if pinned is not None:
        role, code = pinned
        query = query.where((a if role == "actor" else r).c.code == code)
    if date_from is not None:
        query = query.where(events.c.date >= date_from)
    if date_to is not None:
        query = query.where(events.c.date <= date_to)
    return [(x[0], x[1], x[2], x[3]) for x in conn.execute(query)]


def _when(cond: ColumnElement[bool], value: Any) -> Any:
    from sqlalchemy import case

    return case((cond, value), else_=None)


def bucket(day: date, interval: str) -> date:
    """Return the first day of the ``interval`` (day, week, month, year) that contains ``day``."""
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_bucket(start: date, interval: str) -> date:
    """Return the first day of the interval after the one starting on ``start``."""
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def dyad_timeline(
    conn: Connection,
    one: str,
    two: str,
    *,
    interval: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[str, Any]:
    """Return the events both codes take part in, counted per interval and PLOVER quad."""
    q = EventQuery(dyad=(one, two), date_from=date_from, date_to=date_to)
    rows = conn.execute(
        select(events.c.date, events.c.quad_code, func.count(), func.sum(events.c.goldstein))
        .where(*event_conditions(conn, q))
        .group_by(events.c.date, events.c.quad_code)
    ).all()
    buckets: dict[date, dict[str, Any]] = defaultdict(
        lambda: {"events": 0, "cooperation": 0, "conflict": 0, "quads": [0, 0, 0, 0], "goldstein": 0.0}
    )
    for day, quad, n, gold in rows:
        b = buckets[bucket(day, interval)]
        b["events"] += n
        b["cooperation" if quad <= 2 else "conflict"] += n
        if 1 <= quad <= 4:
            b["quads"][quad - 1] += n
        b["goldstein"] += gold or 0.0
    if buckets:  # every period between the first and the last, so quiet months show as gaps on the chart
        start, last = min(buckets), max(buckets)
        while start < last:
            start = next_bucket(start, interval)
            buckets[start]  # the default factory fills an empty period in
    periods = [
        {"period": start.isoformat(), **values, "goldstein": round(values["goldstein"], 2)}
        for start, values in sorted(buckets.items())
    ]
    return {
        "dyad": [one, two],
        "interval": interval,
        "events": sum(p["events"] for p in periods),
        "periods": periods,
    }


def default_window(conn: Connection, days: int = 365) -> tuple[date, date] | None:
    """Return the ``days`` ending at the latest event date, or None when there are no events."""
    last = conn.scalar(select(func.max(events.c.date)))
    if last is None:
        return None
    if isinstance(last, str):
        last = date.fromisoformat(last)
    return last - timedelta(days=days - 1), last


def network(
    conn: Connection,
    *,
    date_from: date,
    date_to: date,
    types: Sequence[str] = (),
    min_events: int = 1,
    limit: int = 150,
) -> dict[str, Any]:
    """Return the country graph of the window: directed actor->recipient edges with cooperation/conflict."""
    a = event_actors.alias("a")
    r = event_actors.alias("r")
    n = func.count(func.distinct(events.c.id))
    coop = func.count(func.distinct(_when(events.c.quad_code <= 2, events.c.id)))
    gold = func.avg(events.c.goldstein)
    query = (
        select(
            a.c.code.label("source"),
            r.c.code.label("target"),
            n.label("n"),
            coop.label("coop"),
            gold.label("gold"),
        )
        .select_from(events)
        .join(a, and_(a.c.event_id == events.c.id, a.c.role == "actor"))
        .join(r, and_(r.c.event_id == events.c.id, r.c.role == "recipient"))
        .where(
            events.c.date >= date_from,
            events.c.date <= date_to,
            a.c.code != "",
            r.c.code != "",
            a.c.code != r.c.code,
            a.c.code != "---",
            r.c.code != "---",
        )
        .group_by(a.c.code, r.c.code)
        .having(n >= min_events)
        .order_by(n.desc(), a.c.code, r.c.code)
        .limit(limit)
    )
    if types:
        query = query.where(events.c.event.in_(list(types)))
    edges = []
    weight: dict[str, int] = defaultdict(int)
    for row in conn.execute(query):
        edges.append(
            {
                "source": row.source,
                "target": row.target,
                "events": row.n,
                "cooperation": row.coop,
                "conflict": row.n - row.coop,
                "goldstein": round(row.gold, 2) if row.gold is not None else None,
            }
        )
        weight[row.source] += row.n
        weight[row.target] += row.n
    nodes = [{"id": code, "events": w} for code, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "nodes": nodes,
        "edges": edges,
    }
