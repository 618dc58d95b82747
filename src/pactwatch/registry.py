"""The actor registry: people resolved in one article, remembered in the store for the next ones.

An entry is one person (a name, a country, a sector) with the evidence that supports it: the article, the
sentence and the title as written, and the date. New evidence fills an unknown country but never overwrites
a known one: a conflict is recorded as evidence and shown by ``pactwatch actors show``. Users correct,
merge and lock entries; a locked entry changes only by hand.

The coder uses the registry through :meth:`ActorRegistry.context`, a ``contexts=`` factory for
:func:`pactwatch.pipeline.code_articles`: each document starts knowing the registry's people, so a bare
"Marchenko" resolves, and the chain says "registry entry 12".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection

from .actors import DocContext
from .dictionaries import ActorDictionary, dictionaries_from_env
from .errors import ConfigError, NotFoundError
from .gazetteer import NONSTATE_CODES, SECTORS, load_places
from .migrations import actor_entries, actor_evidence
from .models import Actor, Doc, fold
from .names import person_keys
from .store import Store

__all__ = ["ActorRegistry", "Entry", "Evidence", "check_code", "check_sector"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sighting of a registry person, or a user's correction (``source="user"``)."""

    article_id: str
    sentence: str
    title: str
    code: str
    sector: str | None
    seen: date | None
    source: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A person in the registry."""

    id: int
    name: str
    code: str
    sector: str | None
    sectors: tuple[str, ...]
    locked: bool
    merged_into: int | None
    first_seen: date | None
    last_seen: date | None
    note: str | None
    evidence: int = 0
    conflicts: int = 0  # evidence naming another country than the entry's

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "code": self.code,
            "sector": self.sector,
            "sectors": list(self.sectors),
            "locked": self.locked,
            "merged_into": self.merged_into,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "evidence": self.evidence,
            "conflicts": self.conflicts,
            "note": self.note,
        }

    def actor(self) -> Actor:
        """Return the actor the coder starts a document with for this person."""
        span = f"{self.first_seen} to {self.last_seen}" if self.first_seen else "no dates"
        step = (
            f"registry entry {self.id}: {self.name} -> {self.code} {self.sector or ''}".rstrip()
            + f" ({self.evidence} sighting(s), {span}{', locked' if self.locked else ''})"
        )
        return Actor(self.code, self.sector, self.name, self.name, self.sectors, (step,))


def check_code(code: str) -> str:
    """Return ``code`` if it is an ISO-3 country of the gazetteer, a PLOVER non-state code or ``---``."""
    if code == "---" or code in NONSTATE_CODES or code in load_places():
        return code
    raise ConfigError(
        f"{code!r} is not a country code of the gazetteer (ISO-3, e.g. CUB), a PLOVER non-state code "
        f"({', '.join(sorted(NONSTATE_CODES))}) or --- for unknown"
    )


def check_sector(sector: str) -> str:
    """Return ``sector`` if it is a PLOVER sector code."""
    if sector not in SECTORS:
        raise ConfigError(f"{sector!r} is not a PLOVER sector; use one of {' '.join(sorted(SECTORS))}")
    return sector


Sighting = tuple[Actor, str]  # a titled person the coder resolved, and the sentence where it did


def sightings(doc: Doc, ctx: DocContext) -> list[Sighting]:
    """Return the people a coded document taught its context, leaving out what the context was seeded with."""
    seen: set[int] = set()
    out: list[Sighting] = []
    for key, actor in ctx.people.items():
        if key in ctx.origins or id(actor) in seen or not actor.name:
            continue  # registry or dictionary knowledge, not this document's
        seen.add(id(actor))
        sentence = next((s.text for s in doc.sentences if actor.entity_text in s.text), "")
        if any(step.startswith("document:") for step in actor.chain):
            # a country inferred from what the article is about (its lead, its main country) holds for this
            # article only: the registry keeps the person and title, not that country
            actor = Actor("---", actor.sector, actor.entity_text, actor.name, actor.sectors, actor.chain)
        out.append((actor, sentence))
    return out


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The registry's people at one moment, picklable, for coding in other processes."""

    seed: DocContext
    dictionary: ActorDictionary | None

    def context(self, doc: Doc) -> DocContext:
        """Return a document's starting context; dict copies, so the seed is never changed."""
        seed = self.seed
        ctx = DocContext(
            people=dict(seed.people),
            origins=dict(seed.origins),
            skeletons=dict(seed.skeletons),
            name_starts=set(seed.name_starts),
        )
        if self.dictionary is not None:
            self.dictionary.seed(ctx, doc.date)  # the user's dictionaries win over learned entries
        return ctx


class ActorRegistry:
    """Read and update the registry of one store.

    Learning happens in memory (so later articles of a batch already benefit) and is written by
    :meth:`flush`, one transaction per batch.
    """

    def __init__(self, store: Store, dictionary: ActorDictionary | None = None) -> None:
        self.store = store
        self.dictionary = dictionary if dictionary is not None else dictionaries_from_env()
        self._by_key: dict[str, Entry] | None = None
        self._seed: tuple[dict[str, Entry], DocContext] | None = None
        self._pending: dict[str, tuple[Doc, DocContext]] = {}
        self._learned: list[tuple[Actor, Evidence]] = []

    # -- the coder's side --------------------------------------------------------------------------------

    def context(self, doc: Doc) -> DocContext:
        """Return a document's starting context: the registry's people, by full name and surname."""
        ctx = self.snapshot().context(doc)
        self._pending[doc.article.id] = (doc, ctx)
        return ctx

    def snapshot(self) -> Snapshot:
        """Return what the registry knows now, in a form worker processes can receive and use."""
        people = self._people()
        if self._seed is None or self._seed[0] is not people:
            seed = DocContext()
            for key, entry in people.items():
                seed.add_person(key, entry.actor(), f"registry entry {entry.id}")
            self._seed = (people, seed)
        return Snapshot(self._seed[1], self.dictionary)

    def learn(self, article_id: str) -> int:
        """Take the titled people the coder resolved in an article; return how many sightings."""
        doc, ctx = self._pending.pop(article_id)
        return self.learn_sightings(doc.article.id, doc.date, sightings(doc, ctx))

    def learn_sightings(self, article_id: str, day: date | None, seen: Sequence[Sighting]) -> int:
        """Take sightings made elsewhere (a worker process); return how many were taken."""
        for actor, sentence in seen:
            ev = Evidence(article_id, sentence, actor.entity_text, actor.code, actor.sector, day, "coder")
            self._learned.append((actor, ev))
            self._absorb(actor, ev)
        return len(seen)

    def flush(self) -> int:
        """Write what was learned since the last flush; return the number of sightings written.

        A fixed handful of statements per batch: the entries of all its names are read at once, the sightings
        are applied to them in memory in the order they were learned (so the result is that of applying them
        one by one), then written with one ``executemany`` each for new entries, changed entries (one per set
        of changed columns) and new evidence.
        """
        learned, self._learned = self._learned, []
        if not learned:
            return 0
        now = datetime.now(UTC)
        with self.store.connect(write=True) as conn:
            heads = _heads(conn, {fold(actor.name or "") for actor, _ in learned})
            before = {entry.id: entry for entry in heads.values()}
            known: dict[int, Entry] = {}  # entry id -> the entry with the sightings so far applied
            new: dict[str, Entry] = {}  # key -> an entry to insert, in the order first seen
            targets: list[int | str] = []  # each sighting's entry: its id, or the key of a new one
            for actor, ev in learned:
                assert actor.name
                key = fold(actor.name)
                head = heads.get(key)
                if head is not None:
                    known[head.id] = _seen(known.get(head.id, head), ev)
                    targets.append(head.id)
                else:
                    entry = new.get(key)
                    new[key] = _seen(entry, ev) if entry is not None else _first_sighting(actor, ev)
                    targets.append(key)
            new_ids = dict(zip(new, _insert_entries(conn, list(new.values()), now), strict=True))
            _update_entries(conn, [(before[i], entry) for i, entry in known.items()], now)
            evidence = [
                (new_ids[t] if isinstance(t, str) else t, ev)
                for t, (_, ev) in zip(targets, learned, strict=True)
            ]
            _insert_evidence(conn, evidence, now)
        self._by_key = None
        return len(learned)

    def _people(self) -> dict[str, Entry]:
        if self._by_key is None:
            entries = self.entries()
            heads = {e.id: e for e in entries if e.merged_into is None}
            by_key: dict[str, Entry] = {}
            ambiguous: set[str] = set()
            for entry in entries:
                head = heads.get(entry.merged_into or entry.id)
                if head is None:
                    continue
                for i, key in enumerate(person_keys(entry.name)):
                    other = by_key.get(key)
                    if other is not None and other.id != head.id and i > 0:
                        ambiguous.add(key)  # two people share a surname: only full names resolve
                    by_key.setdefault(key, head)
            for key in ambiguous:
                by_key.pop(key, None)
            self._by_key = by_key
        return self._by_key

    def _absorb(self, actor: Actor, ev: Evidence) -> None:
        """Let later documents of this batch know a person learned now (written later by flush)."""
        assert actor.name
        people = self._people()
        known = people.get(fold(actor.name))
        if known is not None and (known.locked or known.code != "---" or ev.code == "---"):
            return
        entry = Entry(
            -1, actor.name, ev.code, ev.sector, actor.sectors, False, None, ev.seen, ev.seen, None, 1
        )
        for key in person_keys(actor.name):
            if known is None or people.get(key) is known:
                people[key] = entry

    # -- reading -----------------------------------------------------------------------------------------

    def entries(
        self, *, name: str | None = None, code: str | None = None, conflicts: bool = False
    ) -> list[Entry]:
        """Return the entries, filtered by a name part (accent-insensitive), a country or conflicts."""
        with self.store.connect() as conn:
            counts = _evidence_counts(conn)
            rows = conn.execute(select(actor_entries).order_by(actor_entries.c.id)).mappings().all()
        out = [_entry(r, counts.get(r["id"], (0, 0))) for r in rows]
        if name:
            out = [e for e in out if fold(name) in fold(e.name)]
        if code:
            out = [e for e in out if e.code == code]
        if conflicts:
            out = [e for e in out if e.conflicts]
        return out

    def get(self, entry_id: int) -> Entry:
        """Return one entry; :class:`ConfigError` if there is none with that id."""
        with self.store.connect() as conn:
            return self._get(conn, entry_id)

    def evidence(self, entry_id: int) -> list[Evidence]:
        """Return an entry's evidence, oldest first, including that of entries merged into it."""
        with self.store.connect() as conn:
            ids = [entry_id, *self._merged_ids(conn, entry_id)]
            rows = conn.execute(
                select(actor_evidence).where(actor_evidence.c.entry_id.in_(ids)).order_by(actor_evidence.c.id)
            ).mappings()
            return [
                Evidence(
                    r["article_id"], r["sentence"], r["title"], r["code"], r["sector"], r["seen"], r["source"]
                )
                for r in rows
            ]

    # -- user actions ------------------------------------------------------------------------------------

    def correct(
        self, entry_id: int, *, code: str | None = None, sector: str | None = None, name: str | None = None
    ) -> Entry:
        """Set an entry's country, sector or name by hand; the change is kept as user evidence."""
        if code is None and sector is None and name is None:
            raise ConfigError("nothing to correct: give --country, --sector or --name")
        code = check_code(code) if code is not None else None
        sector = check_sector(sector) if sector is not None else None
        with self.store.connect(write=True) as conn:
            entry = self._get(conn, entry_id)
            values: dict[str, Any] = {"updated_at": datetime.now(UTC)}
            if code is not None:
                values["code"] = code
            if sector is not None:
                values["sector"] = sector
                values["sectors"] = "|".join([sector, *(s for s in entry.sectors if s != sector)])
            if name is not None:
                if not name.strip():
                    raise ConfigError("the name must not be empty")
                values["name"] = " ".join(name.split())
                values["key"] = fold(values["name"])
            conn.execute(update(actor_entries).where(actor_entries.c.id == entry_id).values(**values))
            ev = Evidence(
                "", "", "correction by the user", code or entry.code, sector or entry.sector, None, "user"
            )
            _insert_evidence(conn, [(entry_id, ev)], values["updated_at"])
            self._by_key = None
            return self._get(conn, entry_id)

    def lock(self, entry_id: int, locked: bool = True) -> Entry:
        """Lock (or unlock) an entry: a locked entry is never changed by new evidence."""
        with self.store.connect(write=True) as conn:
            self._get(conn, entry_id)
            conn.execute(
                update(actor_entries)
                .where(actor_entries.c.id == entry_id)
                .values(locked=locked, updated_at=datetime.now(UTC))
            )
            self._by_key = None
            return self._get(conn, entry_id)

    def merge(self, source_id: int, target_id: int) -> Entry:
        """Merge one entry into another: its names resolve to the target, its evidence counts for it."""
        if source_id == target_id:
            raise ConfigError(f"cannot merge entry {source_id} into itself")
        with self.store.connect(write=True) as conn:
            source = self._get(conn, source_id)
            target = self._get(conn, target_id)
            if target.merged_into is not None:
                raise ConfigError(
                    f"entry {target_id} is merged into {target.merged_into}; merge into that one"
                )
            if source.merged_into is not None:
                raise ConfigError(f"entry {source_id} is already merged into {source.merged_into}")
            now = datetime.now(UTC)
            conn.execute(
                update(actor_entries)
                .where(actor_entries.c.merged_into == source_id)
                .values(merged_into=target_id, updated_at=now)
            )
            dates = [
                d for d in (source.first_seen, source.last_seen, target.first_seen, target.last_seen) if d
            ]
            conn.execute(
                update(actor_entries)
                .where(actor_entries.c.id == target_id)
                .values(
                    first_seen=min(dates) if dates else None,
                    last_seen=max(dates) if dates else None,
                    code=target.code if target.code != "---" or target.locked else source.code,
                    updated_at=now,
                )
            )
            conn.execute(
                update(actor_entries)
                .where(actor_entries.c.id == source_id)
                .values(merged_into=target_id, updated_at=now)
            )
            self._by_key = None
            return self._get(conn, target_id)

    # -- internals ---------------------------------------------------------------------------------------

    def _get(self, conn: Connection, entry_id: int) -> Entry:
        row = conn.execute(select(actor_entries).where(actor_entries.c.id == entry_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no actor registry entry {entry_id}; list them with `pactwatch actors list`")
        counts = _evidence_counts(conn, [entry_id, *self._merged_ids(conn, entry_id)])
        total = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
        return _entry(row, total)

    def _merged_ids(self, conn: Connection, entry_id: int) -> list[int]:
        rows = conn.execute(select(actor_entries.c.id).where(actor_entries.c.merged_into == entry_id))
        return [i for (i,) in rows]


def _chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """Yield ``items`` in slices, so that no ``IN (...)`` list exceeds a driver's parameter limit."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _heads(conn: Connection, keys: set[str]) -> dict[str, Entry]:
    """Return key -> the entry a sighting of that name updates: the first with that key, or its head."""
    first: dict[str, Any] = {}
    for chunk in _chunks(sorted(keys)):
        query = select(actor_entries).where(actor_entries.c.key.in_(chunk)).order_by(actor_entries.c.id)
        for row in conn.execute(query).mappings():
            first.setdefault(row["key"], row)
    targets = sorted({row["merged_into"] for row in first.values() if row["merged_into"] is not None})
    merged: dict[int, Entry] = {}
    for ids in _chunks(targets):
        for row in conn.execute(select(actor_entries).where(actor_entries.c.id.in_(ids))).mappings():
            merged[row["id"]] = _entry(row, (0, 0))
    out: dict[str, Entry] = {}
    for key, row in first.items():
        target = row["merged_into"]
        if target is None:
            out[key] = _entry(row, (0, 0))
        elif target in merged:
            out[key] = merged[target]
        else:
            raise NotFoundError(f"no actor registry entry {target}; list them with `pactwatch actors list`")
    return out


def _first_sighting(actor: Actor, ev: Evidence) -> Entry:
    assert actor.name
    return Entry(-1, actor.name, ev.code, ev.sector, actor.sectors, False, None, ev.seen, ev.seen, None)


def _seen(entry: Entry, ev: Evidence) -> Entry:
    """Return the entry after one more sighting: dates widened, an unknown country filled in."""
    first, last = entry.first_seen, entry.last_seen
    if ev.seen:
        first = min(d for d in (first, ev.seen) if d)
        last = max(d for d in (last, ev.seen) if d)
    code, sector = entry.code, entry.sector
    if not entry.locked and code == "---" and ev.code != "---":
        code, sector = ev.code, sector or ev.sector  # a known country is never overwritten
    return replace(entry, first_seen=first, last_seen=last, code=code, sector=sector)


def _insert_entries(conn: Connection, entries: list[Entry], now: datetime) -> list[int]:
    """Insert new entries in one statement; return their ids, in order."""
    if not entries:
        return []
    rows = [
        {
            "key": fold(e.name),
            "name": e.name,
            "code": e.code,
            "sector": e.sector,
            "sectors": "|".join(e.sectors),
            "locked": False,
            "first_seen": e.first_seen,
            "last_seen": e.last_seen,
            "updated_at": now,
        }
        for e in entries
    ]
    query = actor_entries.insert().returning(actor_entries.c.id, sort_by_parameter_order=True)
    return [int(i) for i in conn.execute(query, rows).scalars()]


_CHANGING = ("first_seen", "last_seen", "code", "sector")  # what sightings change in an entry


def _update_entries(conn: Connection, changes: list[tuple[Entry, Entry]], now: datetime) -> None:
    """Write entries changed by sightings: one statement per set of changed columns, changed columns only."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for old, entry in changes:
        columns = tuple(c for c in _CHANGING if getattr(entry, c) != getattr(old, c))
        groups.setdefault(columns, []).append(
            {"entry_id": entry.id, **{f"new_{c}": getattr(entry, c) for c in columns}}
        )
    for columns, rows in groups.items():
        values: dict[str, Any] = {c: bindparam(f"new_{c}") for c in columns}
        query = update(actor_entries).where(actor_entries.c.id == bindparam("entry_id"))
        conn.execute(query.values(updated_at=now, **values), rows)


def _insert_evidence(conn: Connection, items: Sequence[tuple[int, Evidence]], now: datetime) -> None:
    """Insert evidence in one statement, leaving out sightings already recorded: recoding adds nothing."""
    rows: list[dict[str, Any]] = []
    recorded: set[tuple[int, str, str]] = set()  # (entry, article, title) already in the registry
    articles = sorted({ev.article_id for _, ev in items if ev.source == "coder"})
    for chunk in _chunks(articles):
        c = actor_evidence.c
        query = select(c.entry_id, c.article_id, c.title).where(c.article_id.in_(chunk))
        recorded.update((e, a, t) for e, a, t in conn.execute(query))
    for entry_id, ev in items:
        if ev.source == "coder":
            if (entry_id, ev.article_id, ev.title) in recorded:
                continue
            recorded.add((entry_id, ev.article_id, ev.title))
        rows.append(
            {
                "entry_id": entry_id,
                "article_id": ev.article_id,
                "sentence": ev.sentence,
                "title": ev.title,
                "code": ev.code,
                "sector": ev.sector,
                "seen": ev.seen,
                "source": ev.source,
                "created_at": now,
            }
        )
    if rows:
        conn.execute(actor_evidence.insert(), rows)


def _evidence_counts(conn: Connection, ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """Return entry id -> (evidence, conflicting evidence): another known country than the entry's."""
    query = select(
        actor_evidence.c.entry_id, actor_evidence.c.code, actor_entries.c.code, actor_entries.c.merged_into
    ).join(actor_entries, actor_entries.c.id == actor_evidence.c.entry_id)
    if ids is not None:
        query = query.where(actor_evidence.c.entry_id.in_(ids))
    rows = conn.execute(query).all()
    heads = dict(conn.execute(select(actor_entries.c.id, actor_entries.c.code)).all())
    out: dict[int, tuple[int, int]] = {}
    for entry_id, ev_code, entry_code, merged in rows:
        head_code = heads.get(merged, entry_code) if merged is not None else entry_code
        n, c = out.get(entry_id, (0, 0))
        conflict = ev_code != "---" and head_code != "---" and ev_code != head_code
        out[entry_id] = (n + 1, c + int(conflict))
    return out


def _entry(row: Any, counts: tuple[int, int]) -> Entry:
    return Entry(
        row["id"],
        row["name"],
        row["code"],
        row["sector"],
        tuple(s for s in row["sectors"].split("|") if s),
        bool(row["locked"]),
        row["merged_into"],
        row["first_seen"],
        row["last_seen"],
        row["note"],
        counts[0],
        counts[1],
    )


def count_entries(store: Store) -> int:
    """Return how many people the registry holds (merged entries excluded)."""
    with store.connect() as conn:
        query = select(func.count()).select_from(actor_entries).where(actor_entries.c.merged_into.is_(None))
        return int(conn.execute(query).scalar_one())
