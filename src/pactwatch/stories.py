"""Stories: cluster coded events from many articles, outlets and languages into real-world happenings.

The clustering works on codes only (type family, participants, dates, places), so it is
language-independent. It is *online*: events are visited in a fixed order (article publication date,
article id, the article's two-party events first) and each one joins the best compatible story or founds a
new one. :func:`update_stories` only visits events that are not in a story yet, so new articles join
existing stories without recomputing anything; the fixed order makes it deterministic, and a second call
assigns nothing.

An event can join a story when its date interval is at most :data:`WINDOW_DAYS` from the story's (whose
day-precision dates stay within :data:`MAX_SPAN_DAYS`), its place does not contradict the story's, and

- it has the story's type family (cooperation or conflict) and a pair of participants that a member
  already has (or, for one-country events, the country and the same type or place), or
- an event of the same article is already in the story and it shares a participant with it.

After each article, the stories its events went to are merged when they share a participant, dates and
place: a happening and the reactions one article reports about it are one story. A follow-up weeks later
(a second visit) falls outside the date window and founds a new story. docs/stories.md gives the rules
in full and the measured quality.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.engine import Connection

from .errors import ConfigError, NotFoundError
from .migrations import articles, events, stories, story_events
from .models import Event, Story
from .records import event_from_record
from .store import Store

__all__ = [
    "STORY_MODALITIES",
    "MAX_SPAN_DAYS",
    "WINDOW_DAYS",
    "StoryFilter",
    "count_stories",
    "family",
    "get_story",
    "list_stories",
    "rebuild_stories",
    "story_events_of",
    "story_of_event",
    "story_record",
    "update_stories",
]

WINDOW_DAYS = 3  # two events this many days apart (after their precision) can still be one happening
MAX_SPAN_DAYS = 10  # the day-precision dates of one story's members lie within this many days
STORY_MODALITIES = ("factual", "future", "historical")  # hypothetical, questioned or negated: no happening
_WINDOW = timedelta(days=WINDOW_DAYS)
_TOLERANCE = {"day": 0, "week": 6, "month": 30, "year": 364}
_NO_CODE = ("", "---")


def family(quad: int) -> str:
    """Return the type family of a PLOVER quad: ``cooperation`` (1, 2) or ``conflict`` (3, 4)."""
    return "cooperation" if quad in (1, 2) else "conflict"


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories to return; every set field must match."""

    country: str | None = None
    dyad: tuple[str, str] | None = None
    event: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    language: str | None = None
    min_articles: int = 1
    limit: int | None = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ConfigError(f"StoryFilter.limit must be >= 0, got {self.limit}")
        if self.offset < 0:
            raise ConfigError(f"StoryFilter.offset must be >= 0, got {self.offset}")
        if self.min_articles < 1:
            raise ConfigError(f"StoryFilter.min_articles must be >= 1, got {self.min_articles}")
        if self.dyad is not None and len(self.dyad) != 2:
            raise ConfigError(f"StoryFilter.dyad must be a pair of codes, got {self.dyad!r}")


# -- the clustering -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Member:
    event: Event
    published: date | None
    outlet: str | None

    @property
    def parts(self) -> frozenset[str]:
        return participants(self.event)

    @property
    def pairs(self) -> set[frozenset[str]]:
        return {frozenset(p) for p in combinations(sorted(self.parts), 2)}

    @property
    def span(self) -> tuple[date, date]:
        start = self.event.date.value
        return start, start + timedelta(days=_TOLERANCE.get(self.event.date.precision, 0))


def participants(event: Event) -> frozenset[str]:
    """Return the codes taking part in an event (actors and recipients), without unknown ones."""
    return frozenset(a.code for a in (*event.actor, *event.recipient) if a.code not in _NO_CODE)


@dataclass(slots=True)
class _Cluster:
    id: str
    members: list[_Member] = field(default_factory=list)
    parts: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    pairs: set[frozenset[str]] = field(default_factory=set)
    start: date = date.max  # hull of the members' date intervals
    end: date = date.min
    first_day: date = date.max  # hull of the members' day-precision dates
    last_day: date = date.min
    touched: bool = False

    def add(self, m: _Member) -> None:
        self.members.append(m)
        self.parts |= m.parts
        self.families.add(family(m.event.quad_code))
        self.types.add(m.event.event)
        if m.event.event_loc is not None and m.event.event_loc.country_code:
            self.places.add(m.event.event_loc.country_code)
        self.articles.add(m.event.article_id)
        self.pairs |= m.pairs
        lo, hi = m.span
        self.start, self.end = min(self.start, lo), max(self.end, hi)
        if m.event.date.precision == "day":
            day = m.event.date.value
            self.first_day, self.last_day = min(self.first_day, day), max(self.last_day, day)

    def compatible(self, other: _Cluster) -> bool:
        """Return whether two stories of one article can be one: shared participant, dates, place."""
        if self.parts.isdisjoint(other.parts):
            return False
        if max((other.start - self.end).days, (self.start - other.end).days) > WINDOW_DAYS:
            return False
        first, last = min(self.first_day, other.first_day), max(self.last_day, other.last_day)
        if first <= last and (last - first).days > MAX_SPAN_DAYS:
            return False
        return not (self.places and other.places and self.places.isdisjoint(other.places))

    def fit(self, m: _Member) -> tuple[int, ...] | None:
        """Return how well ``m`` fits (bigger is better), or None when it cannot join."""
        lo, hi = m.span
        gap = max((lo - self.end).days, (self.start - hi).days, 0)
        if gap > WINDOW_DAYS:
            return None
        day = m.event.date.value
        if m.event.date.precision == "day" and self.first_day <= self.last_day:
            # chains of reports a few days apart must not grow into a months-long "story"
            if (max(self.last_day, day) - min(self.first_day, day)).days > MAX_SPAN_DAYS:
                return None
        loc = m.event.event_loc
        place = loc.country_code if loc is not None else None
        if place and self.places and place not in self.places:
            return None
        parts = m.parts
        shared = len(parts & self.parts)
        same_article = m.event.article_id in self.articles
        same_type = m.event.event in self.types
        strong = family(m.event.quad_code) in self.families and (
            # the same pair as a member event (not any two of the story's participants: that snowballs)
            not m.pairs.isdisjoint(self.pairs)
            # one-country events (domestic unrest, a one-sided report) need the same type or place too
            or (shared == 1 and min(len(parts), len(self.parts)) == 1 and (same_type or place in self.places))
        )
        if not (strong or (same_article and (shared >= 1 or not parts))):
            return None
        return (int(strong), int(same_article), shared, int(same_type), -gap)


def _story_id(event_id: str) -> str:
    return "s-" + hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:16]


def _order(m: _Member) -> tuple[Any, ...]:
    return (
        m.published or m.event.date.value,
        m.event.article_id,
        len(m.parts) < 2,
        m.event.date.value,
        m.event.id,
    )


def cluster(
    new: Iterable[_Member], existing: Sequence[_Cluster] = ()
) -> tuple[list[_Cluster], dict[str, str], dict[str, str]]:
    """Assign each new member to a cluster, founding and merging clusters as needed.

    Return the clusters, event id -> story id, and the ids of stories absorbed by a merge -> their survivor.
    Candidates come from an index of (participant, week) and of articles, so each event is compared with
    the few stories it could join rather than with all of them.
    """
    clusters = {c.id: c for c in existing}
    by_code_week: dict[tuple[str, int], set[str]] = {}
    by_article: dict[str, set[str]] = {}
    absorbed: dict[str, str] = {}

    def register(c: _Cluster) -> None:
        for week in range(_week(c.start), _week(c.end) + 1):
            for code in c.parts:
                by_code_week.setdefault((code, week), set()).add(c.id)
        for aid in c.articles:
            by_article.setdefault(aid, set()).add(c.id)

    def find(cid: str) -> str:
        while cid in absorbed:
            cid = absorbed[cid]
        return cid

    for c in existing:
        register(c)
    assigned: dict[str, str] = {}
    ordered = sorted(new, key=_order)
    for n, m in enumerate(ordered):
        lo, hi = m.span
        candidates = set(by_article.get(m.event.article_id, ()))
        for week in range(_week(lo - _WINDOW), _week(hi + _WINDOW) + 1):
            for code in m.parts:
                candidates |= by_code_week.get((code, week), set())
        best: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        chosen: _Cluster | None = None
        for cid in candidates:
            if cid in absorbed:
                continue
            score = clusters[cid].fit(m)
            # Ties go to the smaller story id, so the choice does not depend on set order.
            if score is not None and (best is None or (score, _neg(cid)) > best):
                best, chosen = (score, _neg(cid)), clusters[cid]
        if chosen is None:
            chosen = _Cluster(id=_story_id(m.event.id))
            clusters[chosen.id] = chosen
        chosen.add(m)
        chosen.touched = True
        register(chosen)
        assigned[m.event.id] = chosen.id
        if n + 1 == len(ordered) or ordered[n + 1].event.article_id != m.event.article_id:
            _merge_article(m.event.article_id, clusters, by_article, absorbed, register)
    for cid in absorbed:
        del clusters[cid]
    return list(clusters.values()), {e: find(c) for e, c in assigned.items()}, {a: find(a) for a in absorbed}


def _merge_article(
    article: str,
    clusters: dict[str, _Cluster],
    by_article: dict[str, set[str]],
    absorbed: dict[str, str],
    register: Callable[[_Cluster], None],
) -> None:
    """Merge the stories one article's events went to when they share a participant, dates and place.

    An article that reports a happening and the reactions to it (a handover of drones, and the threat of
    sanctions it drew) tells one story, though its events differ in type family and pair.
    """
    merged = True
    while merged:
        merged = False
        ids = sorted(cid for cid in by_article.get(article, ()) if cid not in absorbed)
        for i, one in enumerate(ids):
            for two in ids[i + 1 :]:
                a, b = clusters[one], clusters[two]
                if a.compatible(b):
                    keep, gone = (
                        (a, b) if (len(a.members), _neg(a.id)) >= (len(b.members), _neg(b.id)) else (b, a)
                    )
                    for m in gone.members:
                        keep.add(m)
                    keep.touched = True
                    absorbed[gone.id] = keep.id
                    register(keep)
                    merged = True
                    break
            if merged:
                break


def _week(day: date) -> int:
    return day.toordinal() // 7


def _neg(story_id: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in story_id)


# -- canonical fields ---------------------------------------------------------------------------------


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _canonical(c: _Cluster) -> dict[str, Any]:
    evs = [m.event for m in c.members]
    etype = _most_common(e.event for e in evs) or evs[0].event
    actor = _most_common(a.code for e in evs for a in e.actor if a.code not in _NO_CODE)
    recipient = _most_common(
        a.code for e in evs for a in e.recipient if a.code not in _NO_CODE and a.code != actor
    )
    # Prefer dates the text gave explicitly over the article date a coder falls back to.
    precise = [e.date.value for e in evs if e.date.precision == "day" and e.modality != "historical"]
    explicit = [
        e.date.value for e in evs if e.date.precision == "day" and e.date.raw and e.modality != "historical"
    ]
    precise = explicit or precise
    if precise:
        counts = Counter(precise)
        when = min(counts, key=lambda d: (-counts[d], d))
    else:
        when = min(e.date.value for e in evs)
    seen = [m.published or m.event.date.value for m in c.members]
    quad = next(e.quad_code for e in evs if e.event == etype)
    return {
        "id": c.id,
        "event": etype,
        "family": family(quad),
        "actor": actor or "",
        "recipient": recipient or "",
        "participants": "|" + "|".join(sorted(c.parts)) + "|" if c.parts else "",
        "date": when,
        # the hull of the members' date intervals: what update_stories() searches by
        "date_from": c.start,
        "date_to": c.end,
        "first_seen": min(seen),
        "last_seen": max(seen),
        "n_events": len(evs),
        "n_articles": len(c.articles),
        "quad": quad,
        "outlets": json.dumps(sorted({m.outlet for m in c.members if m.outlet}), ensure_ascii=False),
        "languages": json.dumps(sorted({e.language for e in evs if e.language})),
        "contexts": "|".join(sorted({x for e in evs for x in e.context})),
        "updated_at": datetime.now(UTC),
    }


# -- the store ----------------------------------------------------------------------------------------


def update_stories(store: Store) -> int:
    """Put every event that is not in a story yet into one; return how many events were assigned.

    Members whose events were recoded away are pruned first: their stories are dissolved and the
    remaining events clustered again. Runs in one write transaction.
    """
    with store.connect(write=True) as conn:
        return _update(conn)


def rebuild_stories(store: Store) -> int:
    """Forget every story and cluster all events again, in one transaction; return the events assigned."""
    with store.connect(write=True) as conn:
        conn.execute(delete(story_events))
        conn.execute(delete(stories))
        return _update(conn)


def _update(conn: Connection) -> int:
    _prune(conn)
    new = _load_members(conn, unassigned=True)
    if not new:
        return 0
    lo = min(m.span[0] for m in new) - _WINDOW
    hi = max(m.span[1] for m in new) + _WINDOW
    existing = _load_clusters(conn, lo, hi)
    clusters, assigned, absorbed = cluster(new, existing)
    stored = {c.id for c in existing}
    founded = [_canonical(c) for c in clusters if c.touched and c.id not in stored]
    if founded:
        conn.execute(stories.insert(), founded)
    for gone, keep in sorted(absorbed.items()):
        if gone in stored:  # a stored story merged into another: move its members, then drop it
            conn.execute(update(story_events).where(story_events.c.story_id == gone).values(story_id=keep))
            conn.execute(delete(stories).where(stories.c.id == gone))
    for c in clusters:
        if c.touched and c.id in stored:
            row = _canonical(c)
            conn.execute(update(stories).where(stories.c.id == row.pop("id")).values(**row))
    by_id = {m.event.id: m for m in new}
    conn.execute(
        story_events.insert(),
        [
            {"event_id": eid, "story_id": sid, "article_id": by_id[eid].event.article_id}
            for eid, sid in sorted(assigned.items())
        ],
    )
    return len(assigned)


def _prune(conn: Connection) -> None:
    stale = select(story_events.c.story_id).where(story_events.c.event_id.not_in(select(events.c.id)))
    dead = list(conn.scalars(stale.distinct()))
    if dead:
        conn.execute(delete(story_events).where(story_events.c.story_id.in_(dead)))
        conn.execute(delete(stories).where(stories.c.id.in_(dead)))


def _member_query() -> Any:
    return (
        select(events.c.record, articles.c.published, articles.c.outlet)
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.modality.in_(STORY_MODALITIES))
    )


def _load_members(conn: Connection, *, unassigned: bool) -> list[_Member]:
    query = _member_query()
    if unassigned:
        query = query.where(events.c.id.not_in(select(story_events.c.event_id)))
    return [
        _Member(event_from_record(json.loads(rec)), published, outlet)
        for rec, published, outlet in conn.execute(query)
    ]


def _load_clusters(conn: Connection, lo: date, hi: date) -> list[_Cluster]:
    ids = list(conn.scalars(select(stories.c.id).where(stories.c.date_to >= lo, stories.c.date_from <= hi)))
    if not ids:
        return []
    query = (
        _member_query()
        .add_columns(story_events.c.story_id)
        .join(story_events, story_events.c.event_id == events.c.id)
        .where(story_events.c.story_id.in_(ids))
        .order_by(story_events.c.story_id, events.c.id)
    )
    out: dict[str, _Cluster] = {}
    for rec, published, outlet, sid in conn.execute(query):
        c = out.setdefault(sid, _Cluster(id=sid))
        c.add(_Member(event_from_record(json.loads(rec)), published, outlet))
    return list(out.values())


def _conditions(f: StoryFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.country:
        conds.append(stories.c.participants.contains(f"|{f.country}|", autoescape=True))
    if f.dyad:
        for code in f.dyad:
            conds.append(stories.c.participants.contains(f"|{code}|", autoescape=True))
    if f.event:
        conds.append(stories.c.event == f.event)
    if f.date_from:
        conds.append(stories.c.date >= f.date_from)
    if f.date_to:
        conds.append(stories.c.date <= f.date_to)
    if f.outlet:
        conds.append(stories.c.outlets.contains(json.dumps(f.outlet, ensure_ascii=False), autoescape=True))
    if f.language:
        conds.append(stories.c.languages.contains(json.dumps(f.language), autoescape=True))
    if f.min_articles > 1:
        conds.append(stories.c.n_articles >= f.min_articles)
    return conds


def list_stories(store: Store, filters: StoryFilter = StoryFilter()) -> list[Story]:
    """Return the stories matching ``filters``, newest ``date`` first (then by id)."""
    query = (
        select(stories)
        .where(*_conditions(filters))
        .order_by(stories.c.date.desc(), stories.c.id)
        .offset(filters.offset)
    )
    if filters.limit is not None:
        query = query.limit(filters.limit)
    with store.connect() as conn:
        rows = conn.execute(query).all()
        return _stories_from_rows(conn, rows)


def count_stories(store: Store, filters: StoryFilter = StoryFilter()) -> int:
    """Return how many stories match ``filters`` (ignoring ``limit`` and ``offset``)."""
    with store.connect() as conn:
        return conn.scalar(select(func.count()).select_from(stories).where(*_conditions(filters))) or 0


def get_story(store: Store, story_id: str) -> Story:
    """Return the story with this id, or raise :class:`NotFoundError`."""
    with store.connect() as conn:
        rows = conn.execute(select(stories).where(stories.c.id == story_id)).all()
        found = _stories_from_rows(conn, rows)
    if not found:
        raise NotFoundError(
            f"story {story_id!r} is not in {store.url}; `pactwatch stories` lists ids "
            "(run `pactwatch stories update` after coding)"
        )
    return found[0]


def story_events_of(store: Store, story_id: str) -> list[Event]:
    """Return the member events of a story, by date then id (raises NotFoundError for an unknown story)."""
    get_story(store, story_id)
    query = (
        select(events.c.record)
        .join(story_events, story_events.c.event_id == events.c.id)
        .where(story_events.c.story_id == story_id)
        .order_by(events.c.date, events.c.id)
    )
    with store.connect() as conn:
        return [event_from_record(json.loads(r)) for r in conn.scalars(query)]


def story_of_event(store: Store, event_id: str) -> str | None:
    """Return the id of the story an event belongs to, or None."""
    with store.connect() as conn:
        sid: str | None = conn.scalar(
            select(story_events.c.story_id).where(story_events.c.event_id == event_id)
        )
    return sid


def story_members(store: Store, story_ids: Sequence[str]) -> dict[str, list[Event]]:
    """Return the member events of many stories at once, keyed by story id."""
    out: dict[str, list[Event]] = {sid: [] for sid in story_ids}
    if not story_ids:
        return out
    query = (
        select(story_events.c.story_id, events.c.record)
        .join(events, story_events.c.event_id == events.c.id)
        .where(story_events.c.story_id.in_(list(story_ids)))
        .order_by(events.c.date, events.c.id)
    )
    with store.connect() as conn:
        for sid, rec in conn.execute(query):
            out[sid].append(event_from_record(json.loads(rec)))
    return out


def _stories_from_rows(conn: Connection, rows: Sequence[Any]) -> list[Story]:
    ids = [r.id for r in rows]
    members: dict[str, list[tuple[str, str]]] = {sid: [] for sid in ids}
    if ids:
        query = (
            select(story_events.c.story_id, story_events.c.event_id, story_events.c.article_id)
            .where(story_events.c.story_id.in_(ids))
            .order_by(story_events.c.story_id, story_events.c.event_id)
        )
        for sid, eid, aid in conn.execute(query):
            members[sid].append((eid, aid))
    out = []
    for r in rows:
        m = members[r.id]
        out.append(
            Story(
                id=r.id,
                event=r.event,
                actor=(r.actor,) if r.actor else (),
                recipient=(r.recipient,) if r.recipient else (),
                date=r.date,
                events=tuple(e for e, _ in m),
                articles=tuple(sorted({a for _, a in m})),
                outlets=tuple(json.loads(r.outlets)),
                languages=tuple(json.loads(r.languages)),
                first_seen=r.first_seen,
                last_seen=r.last_seen,
            )
        )
    return out


def story_record(story: Story) -> dict[str, Any]:
    """Return the JSON record of a story (the fields documented in docs/stories.md)."""
    return {
        "id": story.id,
        "event": story.event,
        "actor": list(story.actor),
        "recipient": list(story.recipient),
        "date": story.date.isoformat(),
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
        "articles": list(story.articles),
        "events": list(story.events),
        "outlets": list(story.outlets),
        "languages": list(story.languages),
    }


# -- measuring the clustering against gold ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryScore:
    """Pairwise and B-cubed precision/recall of stories against gold story labels."""

    events: int  # coded events matched to a gold sentence that has a story label
    gold_stories: int
    predicted_stories: int
    pairwise_precision: float
    pairwise_recall: float
    bcubed_precision: float
    bcubed_recall: float

    @property
    def pairwise_f1(self) -> float:
        return _f1(self.pairwise_precision, self.pairwise_recall)

    @property
    def bcubed_f1(self) -> float:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "events": self.events,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
            "pairwise_precision": round(self.pairwise_precision, 4),
            "pairwise_recall": round(self.pairwise_recall, 4),
            "pairwise_f1": round(self.pairwise_f1, 4),
            "bcubed_precision": round(self.bcubed_precision, 4),
            "bcubed_recall": round(self.bcubed_recall, 4),
            "bcubed_f1": round(self.bcubed_f1, 4),
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def clustering_scores(gold: dict[str, str], predicted: dict[str, str]) -> StoryScore:
    """Score ``predicted`` (item -> cluster) against ``gold`` (item -> cluster) over the gold items.

    An item missing from ``predicted`` is a cluster of its own.
    """
    items = sorted(gold)
    pred = {i: predicted.get(i, "_single:" + i) for i in items}
    same_gold = same_pred = same_both = 0
    bp = br = 0.0
    by_gold: dict[str, set[str]] = {}
    by_pred: dict[str, set[str]] = {}
    for i in items:
        by_gold.setdefault(gold[i], set()).add(i)
        by_pred.setdefault(pred[i], set()).add(i)
    for i in items:
        g, p = by_gold[gold[i]], by_pred[pred[i]]
        both = len(g & p)
        bp += both / len(p)
        br += both / len(g)
    for n, i in enumerate(items):
        for j in items[n + 1 :]:
            sg, sp = gold[i] == gold[j], pred[i] == pred[j]
            same_gold += sg
            same_pred += sp
            same_both += sg and sp
    n_items = len(items) or 1
    return StoryScore(
        events=len(items),
        gold_stories=len(by_gold),
        predicted_stories=len(by_pred),
        pairwise_precision=same_both / same_pred if same_pred else 1.0,
        pairwise_recall=same_both / same_gold if same_gold else 1.0,
        bcubed_precision=bp / n_items,
        bcubed_recall=br / n_items,
    )


def score_stories(gold_path: Any) -> StoryScore:
    """Code the articles beside ``gold_path`` into a fresh in-memory store, cluster them and score.

    Events are matched to gold by article (``meta.article``) and sentence (``meta.sentence``); only
    sentences with a gold ``meta.story`` are scored.
    """
    from pathlib import Path

    from .ingest import run
    from .models import Article

    path = Path(gold_path)
    corpus = path.with_name("articles.jsonl")
    if not corpus.exists():
        raise ConfigError(
            f"{path}: no articles.jsonl beside it; story scoring needs the articles it annotates"
        )
    labels: dict[tuple[str, int], str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            meta = json.loads(line).get("meta") or {}
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if meta.get("story") and meta.get("article") is not None:
            labels[(str(meta["article"]), int(meta["sentence"]))] = str(meta["story"])
    if not labels:
        raise ConfigError(f"{path}: no record has meta.story; nothing to score stories against")
    items: list[Article] = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            items.append(
                Article.from_text(
                    d["text"],
                    source_id=d["id"],
                    outlet=d.get("outlet"),
                    language=d.get("language"),
                    published=date.fromisoformat(d["published"]),
                )
            )
    store = Store.open("sqlite://")
    try:
        store.add_articles(items)
        run(store)
        update_stories(store)
        source = {a.id: a.source_id for a in items}
        with store.connect() as conn:
            assigned = dict(conn.execute(select(story_events.c.event_id, story_events.c.story_id)).all())
        from .store import EventFilter

        gold: dict[str, str] = {}
        predicted: dict[str, str] = {}
        for e in store.events(EventFilter(limit=None)):
            key = (source[e.article_id] or "", e.evidence.sentence_index)
            if key in labels:
                gold[e.id] = labels[key]
                if e.id in assigned:
                    predicted[e.id] = assigned[e.id]
    finally:
        store.close()
    return clustering_scores(gold, predicted)
