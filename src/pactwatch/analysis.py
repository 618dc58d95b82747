"""Analyses over stories: dyad timelines, the alliance network, its centrality, communities and changes.

Everything counts *stories* (happenings), not reports: ten outlets telling one visit add one to a dyad's
month, not ten. Event-level sums (PLOVER score, Goldstein) add each member event type once per story.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .errors import ConfigError
from .migrations import events, stories, story_events
from .models import Day, Event
from .records import event_from_record
from .store import Store
from .stories import family

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DyadPoint",
    "DyadTimeline",
    "Network",
    "NetworkDiff",
    "centrality",
    "communities",
    "dyad_timeline",
    "network",
    "network_diff",
    "period_start",
    "stories_with",
]

INTERVALS = ("month", "week")


def period_start(day: date, interval: str) -> date:
    """Return the first day of the month, or the Monday of the week, that ``day`` falls in."""
    if interval == "month":
        return day.replace(day=1)
    if interval == "week":
        return day - timedelta(days=day.weekday())
    raise ConfigError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")


def _code(value: str, what: str) -> str:
    code = value.strip().upper()
    if not code or len(code) > 3 or not code.replace("-", "").isalpha():
        raise ConfigError(f"{what} must be a country or PLOVER code such as CUB or EUR, got {value!r}")
    return code


@dataclass(frozen=True, slots=True)
class StoryEvents:
    """A story id, its canonical date, its first-seen date and its member events."""

    story_id: str
    date: Day
    members: tuple[Event, ...]
    first_seen: Day | None = None


def stories_with(
    store: Store,
    codes: Sequence[str],
    date_from: date | None,
    date_to: date | None,
) -> list[StoryEvents]:
    """Return stories in which every code of ``codes`` takes part, with their member events, oldest first."""
    query = select(stories.c.id, stories.c.date, stories.c.first_seen).order_by(stories.c.date, stories.c.id)
    for code in codes:
        query = query.where(stories.c.participants.contains(f"|{code}|", autoescape=True))
    if date_from:
        query = query.where(stories.c.date >= date_from)
    if date_to:
        query = query.where(stories.c.date <= date_to)
    members = (
        select(story_events.c.story_id, events.c.record)
        .join(events, events.c.id == story_events.c.event_id)
        .where(story_events.c.story_id.in_(query.with_only_columns(stories.c.id).scalar_subquery()))
        .order_by(events.c.date, events.c.id)
    )
    with store.connect() as conn:
        heads = conn.execute(query).all()
        grouped: dict[str, list[Event]] = defaultdict(list)
        for sid, rec in conn.execute(members):
            grouped[sid].append(event_from_record(json.loads(rec)))
    return [StoryEvents(sid, day, tuple(grouped[sid]), seen) for sid, day, seen in heads]


# -- dyads --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DyadPoint:
    """One month or week of a dyad: its stories, their event types and quads, scores and evidence."""

    period: date
    stories: int
    events: int
    by_type: dict[str, int]
    by_quad: dict[int, int]
    plover_score: float
    goldstein: float
    evidence: tuple[str, ...]  # story ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat(),
            "stories": self.stories,
            "events": self.events,
            "by_type": dict(sorted(self.by_type.items())),
            "by_quad": {str(k): v for k, v in sorted(self.by_quad.items())},
            "plover_score": round(self.plover_score, 2),
            "goldstein": round(self.goldstein, 2),
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class DyadTimeline:
    """The stories between two codes, grouped by month or week, oldest first."""

    a: str
    b: str
    interval: str
    points: tuple[DyadPoint, ...]
    sectors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "interval": self.interval,
            "sectors": list(self.sectors),
            "points": [p.to_dict() for p in self.points],
        }


def _on_dyad(e: Event, a: str, b: str, sectors: frozenset[str]) -> bool:
    codes = {x.code for x in (*e.actor, *e.recipient)}
    if not {a, b} <= codes:
        return False
    if not sectors:
        return True
    return any(
        x.code in (a, b) and (x.sector in sectors or sectors & set(x.sectors))
        for x in (*e.actor, *e.recipient)
    )


def dyad_timeline(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    sectors: Sequence[str] | None = None,
) -> DyadTimeline:
    """Return the timeline of stories between ``a`` and ``b`` (in either direction), by month or week.

    A story counts when one of its member events involves both codes (and, with ``sectors``, one of
    them in one of these sectors). Each point lists its story ids as evidence.
    """
    a, b = _code(a, "the first country"), _code(b, "the second country")
    period_start(date.today(), interval)  # validates interval
    wanted = frozenset(s.strip().upper() for s in sectors or () if s.strip())
    buckets: dict[date, list[tuple[str, list[Event]]]] = defaultdict(list)
    for st in stories_with(store, (a, b), date_from, date_to):
        on = [e for e in st.members if _on_dyad(e, a, b, wanted)]
        if on:
            buckets[period_start(st.date, interval)].append((st.story_id, on))
    points = []
    for period in sorted(buckets):
        items = buckets[period]
        by_type: Counter[str] = Counter()
        by_quad: Counter[int] = Counter()
        score = gold = 0.0
        n_events = 0
        for _sid, evs in items:
            n_events += len(evs)
            # one happening told by five outlets: each type counts once per story
            seen: dict[str, Event] = {}
            for e in evs:
                seen.setdefault(e.event, e)
            for t, e in seen.items():
                by_type[t] += 1
                by_quad[e.quad_code] += 1
                score += e.plover_score or 0.0
                gold += e.goldstein or 0.0
        points.append(
            DyadPoint(
                period=period,
                stories=len(items),
                events=n_events,
                by_type=dict(by_type),
                by_quad=dict(by_quad),
                plover_score=score,
                goldstein=gold,
                evidence=tuple(sid for sid, _ in items),
            )
        )
    return DyadTimeline(a, b, interval, tuple(points), tuple(sorted(wanted)))


# -- the network --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Network:
    """Codes as nodes; each edge counts the stories of cooperation and of conflict between two codes."""

    graph: nx.Graph
    date_from: date | None
    date_to: date | None
    context: str | None = None

    def edges(self) -> list[dict[str, Any]]:
        """Return the edges as records, strongest first."""
        out = []
        for u, v, d in self.graph.edges(data=True):
            x, y = sorted((u, v))
            out.append(
                {
                    "a": x,
                    "b": y,
                    "cooperation": d["cooperation"],
                    "conflict": d["conflict"],
                    "weight": d["weight"],
                    "stories": sorted(d["stories"]),
                }
            )
        out.sort(key=lambda r: (-(r["cooperation"] + r["conflict"]), r["a"], r["b"]))
        return out


def _nx() -> Any:
    try:
        import networkx
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError("the network needs networkx: pip install 'pactwatch[analysis]'") from exc
    return networkx


def network(
    store: Store,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    context: str | None = None,
    level: str = "country",
) -> Network:
    """Build the network of codes over stories dated in ``[date_from, date_to]``.

    Each story adds at most one to an edge's ``cooperation`` and one to its ``conflict`` count (by the
    quad of its member events on that pair, from actors to recipients, or among the members of a compound
    actor without recipient). ``context`` (e.g. ``"military"``) keeps only member events
    with that PLOVER context. ``level`` is ``"country"`` (codes) or ``"actor"`` (code + sector).
    """
    if level not in ("country", "actor"):
        raise ConfigError(f"level must be 'country' or 'actor', got {level!r}")
    if date_from and date_to and date_from > date_to:
        raise ConfigError(f"date_from {date_from} is after date_to {date_to}")
    nx = _nx()
    graph = nx.Graph()
    for st in stories_with(store, (), date_from, date_to):
        ties: dict[tuple[str, str], set[str]] = defaultdict(set)
        for e in st.members:
            if context and context not in e.context:
                continue
            # actors to recipients; a compound actor with no recipient ("India and Pakistan exchanged
            # fire", "Russia and Belarus began joint drills") ties its members to each other
            pairs = [(x, y) for x in e.actor for y in e.recipient] or [
                (x, y) for i, x in enumerate(e.actor) for y in e.actor[i + 1 :]
            ]
            for x, y in pairs:
                u, v = _node(x, level), _node(y, level)
                if u and v and u != v:
                    ties[(min(u, v), max(u, v))].add(family(e.quad_code))
        for (u, v), fams in ties.items():
            if not graph.has_edge(u, v):
                graph.add_edge(u, v, cooperation=0, conflict=0, weight=0, stories=set())
            d = graph.edges[u, v]
            for fam in fams:
                d[fam] += 1
            d["weight"] = d["cooperation"] - d["conflict"]
            d["stories"].add(st.story_id)
    return Network(graph, date_from, date_to, context)


def _node(actor: Any, level: str) -> str | None:
    code: str = actor.code
    if code in ("", "---"):
        return None
    return f"{code}{actor.sector or ''}" if level == "actor" else code


def centrality(net: Network) -> dict[str, float]:
    """Return each node's degree centrality weighted by cooperation stories (0..1), highest first."""
    g = net.graph
    total = sum(d["cooperation"] for _u, _v, d in g.edges(data=True)) or 1
    scores = {n: sum(g.edges[n, m]["cooperation"] for m in g.neighbors(n)) / total for n in g.nodes}
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))


def communities(net: Network) -> list[list[str]]:
    """Return communities of the cooperation network (greedy modularity), largest first."""
    nx = _nx()
    coop = nx.Graph()
    coop.add_nodes_from(sorted(net.graph.nodes))
    for u, v, d in net.graph.edges(data=True):
        if d["cooperation"] > 0:
            coop.add_edge(u, v, weight=d["cooperation"])
    if coop.number_of_edges() == 0:
        return [[n] for n in sorted(coop.nodes)]
    found = nx.algorithms.community.greedy_modularity_communities(coop, weight="weight")
    groups = [sorted(c) for c in found]
    groups.sort(key=lambda c: (-len(c), c))
    return groups


@dataclass(frozen=True, slots=True)
class NetworkDiff:
    """What changed between two networks: ties that appeared, disappeared, or changed weight."""

    new_ties: list[dict[str, Any]] = field(default_factory=list)
    lost_ties: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"new_ties": self.new_ties, "lost_ties": self.lost_ties, "changed": self.changed}


def network_diff(old: Network, new: Network) -> NetworkDiff:
    """Compare two windows: ``new_ties`` exist only in ``new`` ("new ties since ..."), and so on."""
    before = {(r["a"], r["b"]): r for r in old.edges()}
    after = {(r["a"], r["b"]): r for r in new.edges()}
    diff = NetworkDiff()
    for key in sorted(after.keys() - before.keys()):
        diff.new_ties.append(after[key])
    for key in sorted(before.keys() - after.keys()):
        diff.lost_ties.append(before[key])
    for key in sorted(after.keys() & before.keys()):
        o, n = before[key], after[key]
        if (o["cooperation"], o["conflict"]) != (n["cooperation"], n["conflict"]):
            diff.changed.append(
                {
                    "a": key[0],
                    "b": key[1],
                    "cooperation": [o["cooperation"], n["cooperation"]],
                    "conflict": [o["conflict"], n["conflict"]],
                }
            )
    return diff
