"""Watchlists and alerts: what a user watches, what changed, and delivery as JSON, webhook or Atom.

A :class:`Watch` names a country and optionally a partner, a PLOVER type, a context (``military``) and a
quad. :func:`alerts` reports, for every watch and a time window,

- ``new_story``: stories first seen in the window that match the watch (and not dated more than
  :data:`BACKGROUND_DAYS` before it: a treaty of 2019 recalled today is background, not news),
- ``new_tie``: ties of the watched country in the window that did not exist before it,
- ``spike``: weeks in the window with unusually many matching stories against the watch's own history
  (at least :data:`SPIKE_MIN` stories and more than mean + 2 standard deviations of the previous
  :data:`SPIKE_HISTORY_WEEKS` weeks),

each with its evidence (story ids, outlets, languages). Alert ids are stable, so :func:`mark_sent` can
remember what was delivered and ``unsent_only`` skips it next time.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from sqlalchemy import delete, select

from .analysis import StoryEvents, network, period_start, stories_with
from .errors import ConfigError, NotFoundError, PactwatchError
from .migrations import alerts_sent, stories, watchlists
from .models import Event
from .store import Store

__all__ = [
    "SPIKE_HISTORY_WEEKS",
    "SPIKE_MIN",
    "Alert",
    "DeliveryError",
    "Watch",
    "add_watchlist",
    "alerts",
    "atom_feed",
    "list_watchlists",
    "mark_sent",
    "post_webhook",
    "remove_watchlist",
]

SPIKE_MIN = 3
SPIKE_HISTORY_WEEKS = 26
DEFAULT_WINDOW_DAYS = 30
BACKGROUND_DAYS = 14  # a story dated this long before the window is background, not a new story
KINDS = ("new_story", "new_tie", "spike")


class DeliveryError(PactwatchError):
    """Alerts could not be delivered (the webhook refused them or could not be reached)."""


@dataclass(frozen=True, slots=True)
class Watch:
    """What to watch: a country, optionally with a partner, a PLOVER type, a context and a quad."""

    name: str
    country: str
    partner: str | None = None
    event: str | None = None
    context: str | None = None
    quad: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigError("a watchlist needs a name, e.g. 'cuba-military'")
        for what, code in (("country", self.country), ("partner", self.partner)):
            if code is not None and not (code.isupper() and 2 <= len(code) <= 3):
                raise ConfigError(
                    f"watchlist {self.name!r}: {what} must be an upper-case code like CUB, got {code!r}"
                )
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            raise ConfigError(f"watchlist {self.name!r}: quad must be 1, 2, 3 or 4, got {self.quad}")

    def matches(self, e: Event) -> bool:
        """Return whether a member event is about what this watch watches."""
        codes = {a.code for a in (*e.actor, *e.recipient)}
        if self.country not in codes or (self.partner and self.partner not in codes):
            return False
        if self.event and e.event != self.event:
            return False
        if self.context and self.context not in e.context:
            return False
        return not (self.quad and e.quad_code != self.quad)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "partner": self.partner,
            "event": self.event,
            "context": self.context,
            "quad": self.quad,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing worth telling: a new story, a new tie or a spike, with its evidence."""

    id: str
    watchlist: str
    kind: str
    title: str
    date: date
    detail: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # story ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "watchlist": self.watchlist,
            "kind": self.kind,
            "title": self.title,
            "date": self.date.isoformat(),
            "detail": self.detail,
            "evidence": list(self.evidence),
        }


def _shift(day: date, days: int) -> date:
    """Return ``day`` moved by ``days``, clamped to the dates Python can hold (``since=0001-01-01`` works)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _alert_id(*parts: str) -> str:
    return "al-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


# -- watchlists ---------------------------------------------------------------------------------------


def add_watchlist(store: Store, watch: Watch) -> None:
    """Store a watch; a watch with the same name is replaced."""
    with store.connect(write=True) as conn:
        conn.execute(delete(watchlists).where(watchlists.c.name == watch.name))
        conn.execute(watchlists.insert().values(**watch.to_dict(), created_at=datetime.now(UTC)))


def list_watchlists(store: Store) -> list[Watch]:
    """Return the stored watches, by name."""
    with store.connect() as conn:
        rows = conn.execute(select(watchlists).order_by(watchlists.c.name)).all()
    return [Watch(r.name, r.country, r.partner, r.event, r.context, r.quad) for r in rows]


def remove_watchlist(store: Store, name: str) -> None:
    """Delete a watch, or raise :class:`NotFoundError`."""
    with store.connect(write=True) as conn:
        if conn.execute(delete(watchlists).where(watchlists.c.name == name)).rowcount == 0:
            raise NotFoundError(
                f"watchlist {name!r} is not in {store.url}; `pactwatch watchlist list` shows them"
            )


# -- alerts -------------------------------------------------------------------------------------------


def alerts(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    watch: str | None = None,
    unsent_only: bool = False,
) -> list[Alert]:
    """Return the alerts of every watch (or of the watch named ``watch``) for ``[since, until]``.

    ``until`` defaults to today and ``since`` to :data:`DEFAULT_WINDOW_DAYS` days before ``until``.
    """
    until = until or date.today()
    since = since or _shift(until, -DEFAULT_WINDOW_DAYS)
    if since > until:
        raise ConfigError(f"alerts: since ({since}) is after until ({until})")
    watches = list_watchlists(store)
    if watch is not None:
        watches = [w for w in watches if w.name == watch]
        if not watches:
            raise NotFoundError(
                f"watchlist {watch!r} is not in {store.url}; `pactwatch watchlist list` shows them"
            )
    out: list[Alert] = []
    for w in watches:
        out.extend(_watch_alerts(store, w, since, until))
    if unsent_only and out:
        with store.connect() as conn:
            sent = set(
                conn.scalars(select(alerts_sent.c.id).where(alerts_sent.c.id.in_([a.id for a in out])))
            )
        out = [a for a in out if a.id not in sent]
    out.sort(key=lambda a: (a.date, a.watchlist, KINDS.index(a.kind), a.id))
    return out


def _matching(store: Store, w: Watch, date_to: date) -> list[StoryEvents]:
    codes = [w.country] + ([w.partner] if w.partner else [])
    found = []
    for st in stories_with(store, codes, None, date_to):
        hits = tuple(e for e in st.members if w.matches(e))
        if hits:
            found.append(StoryEvents(st.story_id, st.date, hits, st.first_seen))
    return found


def _watch_alerts(store: Store, w: Watch, since: date, until: date) -> list[Alert]:
    matching = _matching(store, w, until)
    heads = _story_heads(store, [st.story_id for st in matching])
    out: list[Alert] = []
    for st in matching:
        seen = st.first_seen or st.date
        # background told in a new article (a 2019 treaty recalled today) is not news
        if since <= seen <= until and st.date >= _shift(since, -BACKGROUND_DAYS):
            head = heads[st.story_id]
            out.append(
                Alert(
                    id=_alert_id(w.name, "new_story", st.story_id),
                    watchlist=w.name,
                    kind="new_story",
                    title=f"{head['event']} {head['actor']}->{head['recipient']} on {st.date}: "
                    f"{head['n_articles']} article(s), {len(head['outlets'])} outlet(s)",
                    date=seen,
                    detail={**head, "events": sorted(e.id for e in st.members)},
                    evidence=(st.story_id,),
                )
            )
    out.extend(_new_ties(store, w, since, until))
    out.extend(_spikes(w, matching, since, until))
    return out


def _story_heads(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    with store.connect() as conn:
        rows = conn.execute(select(stories).where(stories.c.id.in_(list(ids)))).all()
    return {
        r.id: {
            "story": r.id,
            "event": r.event,
            "actor": r.actor,
            "recipient": r.recipient,
            "date": r.date.isoformat(),
            "n_articles": r.n_articles,
            "outlets": json.loads(r.outlets),
            "languages": json.loads(r.languages),
        }
        for r in rows
    }


def _new_ties(store: Store, w: Watch, since: date, until: date) -> list[Alert]:
    now = network(store, since, until, context=w.context)
    # a window from the first representable day has nothing before it: every tie is new
    before = network(store, None, _shift(since, -1), context=w.context) if since > date.min else None
    out = []
    for edge in now.edges():
        pair = (edge["a"], edge["b"])
        if w.country not in pair or (w.partner and w.partner not in pair):
            continue
        if before is not None and before.graph.has_edge(*pair):
            continue
        other = pair[1] if pair[0] == w.country else pair[0]
        kind = "cooperation" if edge["cooperation"] >= edge["conflict"] else "conflict"
        out.append(
            Alert(
                id=_alert_id(w.name, "new_tie", *pair, since.isoformat()),
                watchlist=w.name,
                kind="new_tie",
                title=f"new {kind} tie {w.country}-{other} since {since}",
                date=since,
                detail=edge,
                evidence=tuple(edge["stories"]),
            )
        )
    return out


def _spikes(w: Watch, matching: Sequence[StoryEvents], since: date, until: date) -> list[Alert]:
    weekly: dict[date, list[str]] = defaultdict(list)
    for st in matching:
        weekly[period_start(st.date, "week")].append(st.story_id)
    out = []
    first = period_start(since, "week")
    # only a week with at least SPIKE_MIN stories can spike, so only those are examined
    for week in sorted(k for k, ids in weekly.items() if first <= k <= until and len(ids) >= SPIKE_MIN):
        count = len(weekly[week])
        history = [len(weekly.get(_shift(week, -7 * k), ())) for k in range(1, SPIKE_HISTORY_WEEKS + 1)]
        mean = statistics.fmean(history)
        sd = statistics.pstdev(history)
        if count > mean + 2 * sd:
            out.append(
                Alert(
                    id=_alert_id(w.name, "spike", week.isoformat()),
                    watchlist=w.name,
                    kind="spike",
                    title=f"{count} stories in the week of {week} (usual {mean:.1f} ± {sd:.1f})",
                    date=week,
                    detail={
                        "week": week.isoformat(),
                        "stories": count,
                        "mean": round(mean, 2),
                        "sd": round(sd, 2),
                    },
                    evidence=tuple(sorted(weekly[week])),
                )
            )
    return out


def mark_sent(store: Store, items: Sequence[Alert]) -> int:
    """Remember alerts as delivered (so ``unsent_only`` skips them); return how many were new."""
    if not items:
        return 0
    with store.connect(write=True) as conn:
        known = set(conn.scalars(select(alerts_sent.c.id).where(alerts_sent.c.id.in_([a.id for a in items]))))
        rows = {
            a.id: {"id": a.id, "watchlist": a.watchlist, "kind": a.kind, "sent_at": datetime.now(UTC)}
            for a in items
            if a.id not in known
        }
        if rows:
            conn.execute(alerts_sent.insert(), list(rows.values()))
    return len(rows)


# -- delivery -----------------------------------------------------------------------------------------


def post_webhook(items: Sequence[Alert], url: str, *, transport: Any = None, timeout: float = 10.0) -> int:
    """POST ``{"alerts": [...]}`` as JSON to ``url``; return the HTTP status, or raise DeliveryError."""
    import httpx

    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"webhook URL must start with http:// or https://, got {url!r}")
    body = {"alerts": [a.to_dict() for a in items]}
    try:
        with httpx.Client(transport=transport, timeout=timeout) as client:
            response = client.post(url, json=body)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"cannot deliver {len(items)} alert(s) to {url}: {exc}; check the URL") from exc
    if response.status_code >= 300:
        raise DeliveryError(
            f"the webhook {url} answered {response.status_code} to {len(items)} alert(s): "
            f"{response.text[:200]}"
        )
    return response.status_code


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    items: Sequence[Alert], *, title: str = "pactwatch alerts", feed_id: str = "urn:pactwatch:alerts"
) -> str:
    """Return the alerts as an Atom 1.0 feed (one entry per alert, its JSON record as content)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    newest = max((a.date for a in items), default=date(1970, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "pactwatch"
    for a in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"[{a.watchlist}] {a.title}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:pactwatch:alert:{a.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(a.date)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=a.kind)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
