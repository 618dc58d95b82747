"""The event store: articles, codings, events and failures in SQLite or PostgreSQL, via SQLAlchemy Core.

``Store.open("pactwatch.db")`` opens (or creates) a SQLite file in WAL mode and applies pending migrations;
``Store.open("postgresql://user@host/db")`` runs the same code on PostgreSQL (through psycopg 3). On SQLite
one writer at a time holds the file (others queue on the busy timeout) and any number of readers share it; on
PostgreSQL writers run concurrently: articles are inserted once by id, codings are upserted by article, and
saving an article's events locks its row, so no row is lost or stored twice. Events go in with COPY there.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from os import PathLike, fspath
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Insert,
    Select,
    Table,
    and_,
    create_engine,
    delete,
    func,
    literal_column,
    or_,
    select,
    table,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine, Row, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.expression import ColumnClause

from pactwatch.errors import NotFoundError, StoreError
from pactwatch.eventrows import ACTOR_COLUMNS, EVENT_COLUMNS, CodingRows, coding_rows
from pactwatch.migrations import (
    MIGRATIONS,
    TEXT_INDEX,
    Migration,
    applied_migrations,
    apply_migrations,
    articles,
    codings,
    event_actors,
    events,
    failures,
    sqlite_has_trigram,
)
from pactwatch.models import Article, Event, fold
from pactwatch.records import event_from_record

__all__ = [
    "AddResult",
    "ArticleRow",
    "CodingRows",
    "EventFilter",
    "FailureRow",
    "Store",
    "Summary",
    "coding_rows",
    "has_text_index",
    "text_condition",
]

log = logging.getLogger(__name__)

BATCH = 500
BUSY_TIMEOUT_MS = 30_000
_WRITE = "pactwatch_write"  # execution option: this connection writes (SQLite: BEGIN IMMEDIATE)
_URL_HELP = "use sqlite:///path/to/file.db, sqlite:// (in memory) or postgresql://user@host/dbname"
_MIGRATION_LOCK_KEY = 0x7061637477  # "pactw": the advisory lock held while migrating a PostgreSQL database
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AddResult:
    """How many articles were new and how many were already stored."""

    added: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A stored article and whether (and into how many events) it has been coded."""

    article: Article
    coded: bool
    n_events: int
    dictionary_version: str | None = None


@dataclass(frozen=True, slots=True)
class FailureRow:
    """An input that failed at some stage, kept so it can be inspected and retried."""

    id: int
    stage: str
    source: str
    reason: str
    detail: str
    created_at: datetime
    resolved: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over the whole store; ``languages`` counts articles (``"und"`` when the language is unknown)."""

    articles: int
    coded: int
    events: int
    by_type: dict[str, int]
    top_dyads: list[tuple[str, str, int]]
    languages: dict[str, int]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return; every set field must match. Codes and types are matched exactly.

    ``country`` matches an actor or a recipient, ``dyad`` events in which both codes take part (either
    direction, or together as a compound actor), ``text`` a case- and
    accent-insensitive substring of the sentence. ``limit=None`` returns every match.
    """

    country: str | None = None
    actor: str | None = None
    recipient: str | None = None
    dyad: tuple[str, str] | None = None
    event: str | None = None
    modality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    article_id: str | None = None
    language: str | None = None
    limit: int | None = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be >= 0, got {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be >= 0, got {self.offset}")
        if self.dyad is not None and len(self.dyad) != 2:
            raise ValueError(f"dyad must be a pair of codes, got {self.dyad!r}")


class Store:
    """Articles, their codings and events, and failed inputs, in one database. Use :meth:`open`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{_WRITE: True})
        self.url = url  # for messages: the password, if any, is hidden
        self._closed = False

    @classmethod
    def open(cls, url: str | PathLike[str], *, migrations: Sequence[Migration] = MIGRATIONS) -> Store:
        """Open the database at ``url`` (a SQLAlchemy URL or a file path), creating and migrating it."""
        resolved = _resolve_url(url)
        shown = resolved.render_as_string(hide_password=True)
        backend = resolved.get_backend_name()
        if backend == "sqlite":
            _prepare_sqlite_file(resolved, shown)
        try:
            engine = _make_engine(resolved)
        except ImportError as exc:
            extra = "pip install 'pactwatch[postgres]'" if backend == "postgresql" else f"install {exc.name}"
            raise StoreError(
                f"cannot open {shown}: its database driver ({exc.name}) is not installed; {extra}"
            ) from exc
        except ArgumentError as exc:
            raise StoreError(f"cannot open {shown}: {exc}; {_URL_HELP}") from exc
        try:
            with _migration_lock(engine):
                applied = apply_migrations(engine.execution_options(**{_WRITE: True}), migrations)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open {shown}: {_describe(exc)}") from exc
        if applied:
            log.info("applied migrations to %s: %s", shown, ", ".join(applied))
        return cls(engine, shown)

    def close(self) -> None:
        """Release the database connections; the store cannot be used afterwards."""
        if not self._closed:
            self._engine.dispose()
            self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for modules that keep their own tables (stories, registry, feeds)."""
        return self._engine

    def connect(self, *, write: bool = False) -> AbstractContextManager[Connection]:
        """Open a connection; with ``write``, a transaction that commits on success (SQLite: BEGIN IMMEDIATE).

        Database errors inside the block are raised as :class:`StoreError` naming the store.
        """
        return self._connect(write=write)

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[Connection]:
        if self._closed:
            raise StoreError(f"the store {self.url} is closed; open it again with Store.open()")
        try:
            if write:
                with self._writer.begin() as conn:
                    yield conn
            else:
                with self._engine.connect() as conn:
                    yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error on {self.url}: {_describe(exc)}") from exc

    def applied_migrations(self) -> list[str]:
        """Return the names of the migrations applied to this database, oldest first."""
        with self._connect() as conn:
            names: list[str] = applied_migrations(conn)
            return names

    # -- articles -------------------------------------------------------------------------------------

    def add_articles(self, items: Iterable[Article]) -> AddResult:
        """Store the articles not stored yet (by id); committed in batches of :data:`BATCH`."""
        added = duplicates = 0
        for batch in _batched(items, BATCH):
            with self._connect(write=True) as conn:
                ids = {a.id for a in batch}
                seen = set(conn.scalars(select(articles.c.id).where(articles.c.id.in_(ids))))
                now = datetime.now(UTC)
                rows = []
                for article in batch:
                    if conn.dialect.name == "postgresql" and "\x00" in article.text:
                        raise StoreError(
                            f"article {article.id!r} ({article.source_id or article.url or 'no source'}) "
                            f"contains a NUL character, which PostgreSQL cannot store; clean its text first"
                        )
                    if article.id in seen:
                        duplicates += 1
                        continue
                    seen.add(article.id)
                    rows.append(article_row(article, now))
                if rows:
                    # Another writer may store the same article between our SELECT and INSERT: count only
                    # the rows this INSERT actually wrote, so concurrent ingests add each article once. Rows
                    # go in id order: two ingests of overlapping batches wait for each other, never deadlock.
                    rows.sort(key=lambda row: row["id"])
                    stmt = insert_ignore(conn, articles).returning(articles.c.id)
                    written = len(conn.execute(stmt, rows).all())
                    duplicates += len(rows) - written
                    added += written
        return AddResult(added=added, duplicates=duplicates)

    def get_article(self, article_id: str) -> Article:
        """Return the stored article with this id, or raise :class:`NotFoundError`."""
        with self._connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFoundError(f"article {article_id!r} is not in {self.url}; check the id or add it")
        return _article_from_row(row)

    def list_articles(
        self, *, language: str | None = None, outlet: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[ArticleRow]:
        """Return stored articles, newest publication date first, with their coding status."""
        query = (
            select(articles, codings.c.n_events, codings.c.dictionary_version)
            .outerjoin(codings, codings.c.article_id == articles.c.id)
            .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
            .limit(limit)
            .offset(offset)
        )
        if language is not None:
            query = query.where(articles.c.language == language)
        if outlet is not None:
            query = query.where(articles.c.outlet == outlet)
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return [
            ArticleRow(
                article=_article_from_row(row),
                coded=row.dictionary_version is not None,
                n_events=row.n_events or 0,
                dictionary_version=row.dictionary_version,
            )
            for row in rows
        ]

    def uncoded(
        self, dictionary_version: str, batch: int = 200, *, recode: bool = False
    ) -> Iterator[Article]:
        """Yield articles not coded yet (with ``recode``, also those coded with another dictionary version).

        Articles are read ``batch`` at a time in id order and no transaction stays open between batches,
        so the caller may save codings while iterating.
        """
        pending: ColumnElement[bool] = codings.c.article_id.is_(None)
        if recode:
            pending = or_(pending, codings.c.dictionary_version != dictionary_version)
        last = ""
        while True:
            query = (
                select(articles)
                .outerjoin(codings, codings.c.article_id == articles.c.id)
                .where(pending, articles.c.id > last)
                .order_by(articles.c.id)
                .limit(batch)
            )
            with self._connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _article_from_row(row)
            last = rows[-1].id

    # -- codings and events ---------------------------------------------------------------------------

    def save_coding(self, article_id: str, coded: Sequence[Event], dictionary_version: str) -> None:
        """Replace the article's events with ``coded`` and mark it coded, in one transaction."""
        self.save_codings([(article_id, coded)], dictionary_version)

    def save_codings(self, items: Iterable[tuple[str, Sequence[Event]]], dictionary_version: str) -> int:
        """Save many articles' codings, :data:`BATCH` articles per transaction; return the events written.

        Raises :class:`NotFoundError` if an article is not stored (its batch is not written) and
        ``ValueError`` if an event belongs to another article.
        """
        return self.save_coding_rows((coding_rows(aid, evs) for aid, evs in items), dictionary_version)

    def save_coding_rows(self, items: Iterable[CodingRows], dictionary_version: str) -> int:
        """Save codings already turned into rows by :func:`coding_rows` (in a worker process, say).

        Same contract as :meth:`save_codings`: :data:`BATCH` articles per transaction, an article's old
        events replaced, :class:`NotFoundError` for an article that is not stored.
        """
        total = 0
        for batch in _batched(items, BATCH):
            by_article = {c.article_id: c for c in batch}  # an article listed twice: the last coding wins
            with self._connect(write=True) as conn:
                total += self._save_batch(conn, by_article, dictionary_version)
        return total

    def _save_batch(self, conn: Connection, by_article: dict[str, CodingRows], version: str) -> int:
        ids = sorted(by_article)
        known_query = select(articles.c.id).where(articles.c.id.in_(ids))
        if conn.dialect.name == "postgresql":
            # Two writers saving the same article queue on its row lock (taken in id order, so they
            # cannot deadlock); the second then replaces the first's events instead of colliding with them.
            # SQLite needs nothing here: BEGIN IMMEDIATE already admits one writer at a time.
            known_query = known_query.order_by(articles.c.id).with_for_update()
        known = set(conn.scalars(known_query))
        missing = [aid for aid in ids if aid not in known]
        if missing:
            raise NotFoundError(
                f"article {missing[0]!r} is not in {self.url}; "
                "add it with add_articles() before saving its coding"
            )
        indexed = conn.dialect.name == "sqlite" and has_text_index(conn)
        if indexed:
            _sqlite_text_index_rows(conn, ids, remove=True)
        old = select(events.c.id).where(events.c.article_id.in_(ids))
        conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(old)))
        conn.execute(delete(events).where(events.c.article_id.in_(ids)))
        event_rows = [row for c in by_article.values() for row in c.events]
        actor_rows = [row for c in by_article.values() for row in c.actors]
        if conn.dialect.name == "postgresql":
            _copy_rows(conn, events, EVENT_COLUMNS, event_rows)
            _copy_rows(conn, event_actors, ACTOR_COLUMNS, actor_rows)
        else:
            # Rows are already in column order and database types: skip SQLAlchemy's per-row processing.
            _insert_rows(conn, events, EVENT_COLUMNS, event_rows)
            _insert_rows(conn, event_actors, ACTOR_COLUMNS, actor_rows)
            if indexed and event_rows:
                _sqlite_text_index_rows(conn, ids, remove=False)
        now = datetime.now(UTC)
        coding_rows = [
            {"article_id": aid, "dictionary_version": version, "coded_at": now, "n_events": len(c.events)}
            for aid, c in by_article.items()
        ]
        conn.execute(_upsert(conn, codings, ["dictionary_version", "coded_at", "n_events"]), coding_rows)
        return len(event_rows)

    def events(self, filters: EventFilter = EventFilter()) -> list[Event]:
        """Return the events matching ``filters``, ordered by date then id."""
        with self._connect() as conn:
            query = (
                select(events.c.record)
                .where(*_conditions(conn, filters))
                .order_by(events.c.date, events.c.id)
                .offset(filters.offset)
            )
            if filters.limit is not None:
                query = query.limit(filters.limit)
            records = conn.scalars(query).all()
        return [event_from_record(json.loads(r)) for r in records]

    def count_events(self, filters: EventFilter = EventFilter()) -> int:
        """Return how many events match ``filters`` (ignoring ``limit`` and ``offset``)."""
        with self._connect() as conn:
            conds = _conditions(conn, filters)
            return conn.scalar(select(func.count()).select_from(events).where(*conds)) or 0

    def get_event(self, event_id: str) -> Event:
        """Return the stored event with this id, or raise :class:`NotFoundError`."""
        with self._connect() as conn:
            record = conn.scalar(select(events.c.record).where(events.c.id == event_id))
        if record is None:
            raise NotFoundError(f"event {event_id!r} is not in {self.url}; check the id (events() lists ids)")
        return event_from_record(json.loads(record))

    def summary(self, top: int = 10) -> Summary:
        """Return store-wide counts and the ``top`` (actor country, recipient country) pairs by events."""
        a = event_actors.alias("a")
        r = event_actors.alias("r")
        n_dyad = func.count(func.distinct(a.c.event_id))
        dyads = (
            select(a.c.code.label("actor"), r.c.code.label("recipient"), n_dyad.label("n"))
            .join(r, and_(r.c.event_id == a.c.event_id, r.c.role == "recipient"))
            .where(a.c.role == "actor", a.c.code != "", r.c.code != "")
            .group_by(a.c.code, r.c.code)
            .order_by(n_dyad.desc(), a.c.code, r.c.code)
            .limit(top)
        )
        n_type = func.count()
        by_type = (
            select(events.c.event, n_type).group_by(events.c.event).order_by(n_type.desc(), events.c.event)
        )
        n_lang = func.count()
        langs = (
            select(articles.c.language, n_lang)
            .group_by(articles.c.language)
            .order_by(n_lang.desc(), articles.c.language)
        )
        with self._connect() as conn:
            return Summary(
                articles=_count(conn, select(func.count()).select_from(articles)),
                coded=_count(conn, select(func.count()).select_from(codings)),
                events=_count(conn, select(func.count()).select_from(events)),
                by_type={t: n for t, n in conn.execute(by_type)},
                top_dyads=[(row.actor, row.recipient, row.n) for row in conn.execute(dyads)],
                languages={(lang or "und"): n for lang, n in conn.execute(langs)},
            )

    # -- failures -------------------------------------------------------------------------------------

    def record_failure(self, stage: str, source: str, reason: str, detail: str = "") -> None:
        """Remember that ``source`` (a path, URL or ``file:line``) failed at ``stage`` and why."""
        with self._connect(write=True) as conn:
            conn.execute(
                failures.insert().values(
                    stage=stage,
                    source=source,
                    reason=reason,
                    detail=detail,
                    created_at=datetime.now(UTC),
                    resolved=False,
                )
            )

    def failures(self, unresolved_only: bool = True) -> list[FailureRow]:
        """Return recorded failures, oldest first."""
        query = select(failures).order_by(failures.c.id)
        if unresolved_only:
            query = query.where(failures.c.resolved.is_(False))
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return [
            FailureRow(
                id=row.id,
                stage=row.stage,
                source=row.source,
                reason=row.reason,
                detail=row.detail,
                created_at=_utc(row.created_at),
                resolved=bool(row.resolved),
            )
            for row in rows
        ]

    def resolve_failure(self, failure_id: int) -> None:
        """Mark a failure as resolved, or raise :class:`NotFoundError`."""
        with self._connect(write=True) as conn:
            result = conn.execute(update(failures).where(failures.c.id == failure_id).values(resolved=True))
            if result.rowcount == 0:
                raise NotFoundError(f"failure {failure_id} is not in {self.url}; failures() lists them")


# -- opening ------------------------------------------------------------------------------------------


def _resolve_url(url: str | PathLike[str]) -> URL:
    if isinstance(url, PathLike) or "://" not in url:
        return URL.create("sqlite", database=str(Path(fspath(url)).expanduser()))
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"cannot parse the database URL {url!r}; {_URL_HELP}") from exc
    backend = parsed.get_backend_name()
    if backend == "postgres":  # the libpq spelling (Heroku, psql) of postgresql://
        parsed = parsed.set(drivername="postgresql")
        backend = "postgresql"
    if backend not in ("sqlite", "postgresql"):
        shown = parsed.render_as_string(hide_password=True)
        raise StoreError(f"unsupported database {backend!r} in {shown}; {_URL_HELP}")
    if parsed.drivername == "postgresql":
        # psycopg 3 (the postgres extra), not SQLAlchemy's default psycopg2: COPY and server-side binding.
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        shown = parsed.render_as_string(hide_password=True)
        raise StoreError(
            f"unsupported PostgreSQL driver {parsed.get_driver_name()!r} in {shown}; "
            "use postgresql:// or postgresql+psycopg:// (psycopg 3, installed by the postgres extra)"
        )
    return parsed


def _prepare_sqlite_file(url: URL, shown: str) -> None:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        return
    path = Path(url.database)
    if path.is_dir():
        raise StoreError(
            f"cannot open {shown}: {path} is a directory; "
            f"give a database file such as {path / 'pactwatch.db'}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot open {shown}: cannot create {path.parent} ({exc.strerror})") from exc


def _make_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if not url.database or url.database == ":memory:":
        # One shared connection, so every thread of this process sees the same in-memory database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    sa_event.listen(engine, "connect", _sqlite_on_connect)
    sa_event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, let one process at a time migrate (first opens race on CREATE TABLE otherwise)."""
    if engine.dialect.name != "postgresql":
        yield  # SQLite: each migration's BEGIN IMMEDIATE already serialises them
        return
    with engine.connect() as lock_conn:
        lock_conn.exec_driver_sql(f"SELECT pg_advisory_lock({_MIGRATION_LOCK_KEY})")
        lock_conn.commit()
        try:
            yield
        finally:
            lock_conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK_KEY})")
            lock_conn.commit()


def _sqlite_on_connect(dbapi_conn: Any, record: Any) -> None:
    # sqlite3 would not BEGIN before DDL, so migrations could half-apply; _sqlite_begin emits BEGIN instead.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock up front, so two writers queue on the busy timeout instead of failing.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def _describe(exc: SQLAlchemyError) -> str:
    detail = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    low = detail.lower()
    if "not a database" in low or "malformed" in low:
        return f"{detail} (not a SQLite database, or a damaged one); check the path, or restore a backup"
    if "locked" in low or "busy" in low:
        return f"{detail}: another process is writing; retry, or stop the other writer"
    if "unable to open" in low or "readonly" in low or "read-only" in low:
        return f"{detail}: check that the file and its directory exist and are readable and writable"
    return detail


# -- rows ---------------------------------------------------------------------------------------------


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def insert_ignore(conn: Connection, table: Table) -> Insert:
    """Return an INSERT that skips rows whose key already exists (SQLite and PostgreSQL)."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return table.insert()


def _upsert(conn: Connection, table: Table, update_columns: Sequence[str]) -> Insert:
    """INSERT that overwrites ``update_columns`` of a row whose primary key is already stored."""
    keys = [c.name for c in table.primary_key.columns]
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table)
        return pg.on_conflict_do_update(index_elements=keys, set_={c: pg.excluded[c] for c in update_columns})
    lite = sqlite.insert(table)
    return lite.on_conflict_do_update(index_elements=keys, set_={c: lite.excluded[c] for c in update_columns})


def _copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Bulk-load ``rows`` (tuples in the order of ``columns``) into a PostgreSQL table with COPY."""
    if not rows:
        return
    driver_conn = conn.connection.driver_connection
    if driver_conn is None:  # pragma: no cover - only after the connection was invalidated
        raise StoreError(f"cannot COPY into {table.name}: the database connection was closed")
    names = ", ".join(f'"{name}"' for name in columns)
    with driver_conn.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([_pg_text(value) for value in row])


def _insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``, database types) in one driver executemany."""
    if rows:
        names = ", ".join(f'"{name}"' for name in columns)
        marks = ", ".join("?" for _ in columns)
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(rows))


def _pg_text(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL. These columns only index the event; its JSON record keeps the text.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _count(conn: Connection, query: Select[int]) -> int:
    return conn.scalar(query) or 0


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def article_row(a: Article, now: datetime) -> dict[str, Any]:
    """Return the ``articles`` table row of an article stored at ``now``."""
    return {
        "id": a.id,
        "source_id": a.source_id,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "text": a.text,
        "origin": a.origin,
        "fetched_at": a.fetched_at.isoformat() if a.fetched_at else None,
        "ingested_at": now,
    }


def _article_from_row(row: Row[Any]) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        published=row.published,
        language=row.language,
        origin=row.origin,
        source_id=row.source_id,
        fetched_at=datetime.fromisoformat(row.fetched_at) if row.fetched_at else None,
    )


def _with_code(code: str, role: str | None = None) -> Select[tuple[str]]:
    query = select(event_actors.c.event_id).where(event_actors.c.code == code)
    return query.where(event_actors.c.role == role) if role else query


def _conditions(conn: Connection, f: EventFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.country is not None:
        conds.append(events.c.id.in_(_with_code(f.country)))
    if f.actor is not None:
        conds.append(events.c.id.in_(_with_code(f.actor, "actor")))
    if f.recipient is not None:
        conds.append(events.c.id.in_(_with_code(f.recipient, "recipient")))
    if f.dyad is not None:
        # Both countries take part, in either role or together as a compound actor ("Russia and Cuba signed").
        one, two = f.dyad
        conds.append(and_(events.c.id.in_(_with_code(one)), events.c.id.in_(_with_code(two))))
    for column, value in (
        (events.c.event, f.event),
        (events.c.modality, f.modality),
        (events.c.article_id, f.article_id),
        (events.c.language, f.language),
    ):
        if value is not None:
            conds.append(column == value)
    if f.date_from is not None:
        conds.append(events.c.date >= f.date_from)
    if f.date_to is not None:
        conds.append(events.c.date <= f.date_to)
    if f.text:
        conds.append(text_condition(conn, f.text))
    return conds


# -- text search --------------------------------------------------------------------------------------

_TEXT_INDEX_KEY = "pactwatch_text_index"  # in Connection.info: kept for the life of the database connection
_fts = table(TEXT_INDEX, sql_column("rowid"), sql_column(TEXT_INDEX))
# Bound to the events table, so SQLAlchemy sees the join on it (not a cartesian product).
_event_rowid: ColumnElement[int] = ColumnClause("rowid", _selectable=events)
# Unary plus: the same value, but SQLite will not look events up by it, so it keeps walking its other index.
_event_rowid_checked: ColumnElement[int] = literal_column(f"+{events.name}.rowid")


def has_text_index(conn: Connection) -> bool:
    """Return whether this SQLite database has the trigram index of text search and this runtime can use it.

    PostgreSQL needs no such test: LIKE uses its pg_trgm index, when migration 0006 could create one.
    """
    if conn.dialect.name != "sqlite":
        return False
    known = conn.info.get(_TEXT_INDEX_KEY)
    if known is None:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (TEXT_INDEX,)
        ).first()
        known = exists is not None and sqlite_has_trigram(conn)
        if exists is not None and not known:
            log.warning(
                "this SQLite has no FTS5 trigram tokenizer: text search scans every sentence, and events "
                "saved now are missing from the index %s; after upgrading, rebuild it with "
                "INSERT INTO %s(%s) VALUES ('rebuild')",
                TEXT_INDEX,
                TEXT_INDEX,
                TEXT_INDEX,
            )
        conn.info[_TEXT_INDEX_KEY] = known
    return bool(known)


def text_condition(conn: Connection, text: str, *, walk: bool = False) -> ColumnElement[bool]:
    """Return the condition "the event's sentence contains ``text``", ignoring case and accents.

    LIKE wildcards in ``text`` are literal. On SQLite with the trigram index, a text of 3 characters or more
    takes its candidates from the index (events holding all its trigrams) and checks them with the same LIKE,
    so the result is exactly that of the scan; a shorter text scans. By default the query starts from those
    candidates (best when few match); with ``walk`` it walks another index, a date-sorted page say, and
    checks each event against them (best when many match).
    """
    folded = fold(text)
    contains = events.c.sentence_folded.contains(folded, autoescape=True)
    # LIKE stops reading at a NUL character, the index does not: such a (rare) text scans.
    if len(folded) < 3 or "\x00" in folded or not has_text_index(conn):
        return contains
    match = _fts.c[TEXT_INDEX].op("MATCH")(_trigram_query(folded))
    if walk:
        return and_(_event_rowid_checked.in_(select(_fts.c.rowid).where(match)), contains)
    # A join, not IN: SQLite streams the candidates, so a count capped at N stops after N matches.
    return and_(match, _fts.c.rowid == _event_rowid, contains)


def _trigram_query(folded: str) -> str:
    """Return the FTS5 query "all the trigrams of ``folded``" (the index keeps no positions to chain them)."""
    grams = dict.fromkeys(folded[i : i + 3] for i in range(len(folded) - 2))
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


def _sqlite_text_index_rows(conn: Connection, article_ids: Sequence[str], *, remove: bool) -> None:
    """Add the stored events of these articles to the text index, or remove them (before deleting them).

    One INSERT ... SELECT per batch: several times cheaper than triggers firing once per event.
    """
    marks = ", ".join("?" for _ in article_ids)
    if remove:
        # An index without its own copy of the text is told exactly which values to remove.
        head = f"INSERT INTO {TEXT_INDEX}({TEXT_INDEX}, rowid, sentence_folded) SELECT 'delete', "
    else:
        head = f"INSERT INTO {TEXT_INDEX}(rowid, sentence_folded) SELECT "
    conn.exec_driver_sql(
        f"{head}rowid, sentence_folded FROM events WHERE article_id IN ({marks})", tuple(article_ids)
    )
