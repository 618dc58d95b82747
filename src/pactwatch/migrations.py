"""The store's schema and the named, recorded migrations that build it.

Every migration runs once, in order, inside its own transaction, and is recorded in ``schema_migrations``
in that same transaction, so opening a database twice (or from two processes) applies nothing twice.
A migration is either a function of a :class:`~sqlalchemy.engine.Connection` or a list of DDL statements.

Add a migration by appending to :data:`MIGRATIONS`; never rename or edit one that has shipped::

    Migration("0002_events_story", ["ALTER TABLE events ADD COLUMN story_id TEXT"])

The tables below describe the schema after the latest migration, and ``0001_initial`` creates them from
these definitions. So the first migration that alters a table must also freeze ``0001_initial`` to the
definitions it had; the tests (which build fresh databases) fail loudly until it does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

__all__ = [
    "MIGRATIONS",
    "TEXT_INDEX",
    "Migration",
    "applied_migrations",
    "apply_migrations",
    "metadata",
    "schema_migrations",
    "sqlite_has_trigram",
]

log = logging.getLogger(__name__)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("source_id", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Date),
    Column("language", Text),
    Column("text", Text, nullable=False),
    Column("origin", Text, nullable=False),
    # ISO 8601 text rather than DateTime: keeps the caller's UTC offset exactly on every backend.
    Column("fetched_at", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_language", "language"),
    Index("ix_articles_outlet", "outlet"),
)

codings = Table(
    "codings",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id"), primary_key=True),
    Column("dictionary_version", Text, nullable=False),
    Column("coded_at", DateTime(timezone=True), nullable=False),
    Column("n_events", Integer, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id"), nullable=False),
    Column("date", Date, nullable=False),
    Column("date_precision", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("mode", Text),
    Column("quad_code", Integer, nullable=False),
    Column("plover_score", Float),
    Column("cameo", Text),
    Column("goldstein", Float),
    Column("modality", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("dictionary_version", Text, nullable=False),
    Column("event_text", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    # fold(sentence): lowercased, accents stripped, so text search is case- and accent-insensitive anywhere.
    Column("sentence_folded", Text, nullable=False),
    Column("context", Text, nullable=False),  # "|"-joined
    Column("actor_codes", Text, nullable=False),  # "|CUB|BLR|"
    Column("recipient_codes", Text, nullable=False),
    Column("attribution", Text),
    Column("record", Text, nullable=False),  # JSON: records.event_record(event)
    Index("ix_events_article_id", "article_id"),
    Index("ix_events_date", "date"),
    Index("ix_events_event", "event"),
    Index("ix_events_modality", "modality"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Text, ForeignKey("events.id"), primary_key=True),
    Column("role", Text, primary_key=True),  # "actor" | "recipient"
    Column("position", Integer, primary_key=True),
    Column("code", Text, nullable=False),
    Column("sector", Text),
    Column("entity_text", Text, nullable=False),
    Column("name", Text),
    Index("ix_event_actors_code_role", "code", "role"),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved", Boolean, nullable=False, default=False),
    Index("ix_failures_resolved", "resolved"),
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema change: a function of an open connection, or DDL statements run in order."""

    name: str
    steps: Callable[[Connection], None] | Sequence[str]

    def apply(self, conn: Connection) -> None:
        if callable(self.steps):
            self.steps(conn)
        else:
            for statement in self.steps:
                conn.exec_driver_sql(statement)


def _initial(conn: Connection) -> None:
    metadata.create_all(conn, tables=[articles, codings, events, event_actors, failures])


# -- 0002_actor_registry: people resolved across documents, their evidence, and user locks/merges -------

actor_entries = Table(
    "actor_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", Text, nullable=False),  # fold(name): one entry per person until merged
    Column("name", Text, nullable=False),
    Column("code", Text, nullable=False),  # ISO-3 or PLOVER non-state code; "---" unknown
    Column("sector", Text),
    Column("sectors", Text, nullable=False),  # "|"-joined, primary first
    Column("locked", Boolean, nullable=False, default=False),  # a user decided: evidence never changes it
    Column("merged_into", Integer),  # set when merged into another entry; names then resolve there
    Column("first_seen", Date),
    Column("last_seen", Date),
    Column("note", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_actor_entries_key", "key"),
)

actor_evidence = Table(
    "actor_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", Integer, ForeignKey("actor_entries.id"), nullable=False),
    Column("article_id", Text, nullable=False),  # no foreign key: user corrections have no article
    Column("sentence", Text, nullable=False),
    Column("title", Text, nullable=False),  # the mention as written ("Deputy Defence Minister O. Marchenko")
    Column("code", Text, nullable=False),
    Column("sector", Text),
    Column("seen", Date),
    Column("source", Text, nullable=False),  # "coder" | "user"
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_actor_evidence_entry_id", "entry_id"),
    Index("ix_actor_evidence_article_id", "article_id"),
)


def _actor_registry(conn: Connection) -> None:
    metadata.create_all(conn, tables=[actor_entries, actor_evidence])


# -- 0003_ingest: feeds, every URL an article was seen under, the fetch log, near-duplicate bands --------

feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("etag", Text),  # validators of the last 200 response, sent back as If-None-Match ...
    Column("last_modified", Text),  # ... and If-Modified-Since
    Column("last_polled_at", DateTime(timezone=True)),
    Column("last_status", Text),  # "ok: 3 new", "not modified", "failed: <reason>"
)

article_urls = Table(
    "article_urls",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id"), primary_key=True),
    Column("url", Text, primary_key=True),
    # "fetched", "canonical", "republication", "translation", "near-duplicate"
    Column("relation", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_article_urls_url", "url"),
)

fetch_log = Table(
    "fetch_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False),
    Column("status", Integer),  # HTTP status; null when no response came back
    Column("outcome", Text, nullable=False),  # "ok", "not modified", "failed"
    Column("reason", Text),
    Column("bytes", Integer, nullable=False),
    Column("elapsed_ms", Integer, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Index("ix_fetch_log_url", "url"),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", Text, primary_key=True),  # "<band index>:<hash of that band's MinHash rows>"
    Column("article_id", Text, ForeignKey("articles.id"), primary_key=True),
)


def _ingest(conn: Connection) -> None:
    metadata.create_all(conn, tables=[feeds, article_urls, fetch_log, article_bands])


# -- 0004_stories: stories (one real-world happening), their member events, watchlists, delivered alerts ---

stories = Table(
    "stories",
    metadata,
    Column("id", Text, primary_key=True),  # "s-" + hash of the founding event id: stable across runs
    Column("event", Text, nullable=False),  # canonical PLOVER type (the most frequent among members)
    Column("family", Text, nullable=False),  # "cooperation" | "conflict"
    Column("actor", Text, nullable=False),  # "|"-joined canonical actor codes
    Column("recipient", Text, nullable=False),
    Column("participants", Text, nullable=False),  # "|BLR|CUB|": every code taking part, sorted
    Column("date", Date, nullable=False),
    Column("date_from", Date, nullable=False),
    Column("date_to", Date, nullable=False),
    Column("first_seen", Date, nullable=False),
    Column("last_seen", Date, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("quad", Integer, nullable=False),
    Column("outlets", Text, nullable=False),  # JSON list
    Column("languages", Text, nullable=False),  # JSON list
    Column("contexts", Text, nullable=False),  # "|"-joined
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_stories_date", "date"),
    Index("ix_stories_first_seen", "first_seen"),
)

story_events = Table(
    "story_events",
    metadata,
    # No foreign key to events: recoding replaces events, and update_stories() prunes the stale members.
    Column("event_id", Text, primary_key=True),
    Column("story_id", Text, ForeignKey("stories.id"), nullable=False),
    Column("article_id", Text, nullable=False),
    Index("ix_story_events_story_id", "story_id"),
)

watchlists = Table(
    "watchlists",
    metadata,
    Column("name", Text, primary_key=True),
    Column("country", Text, nullable=False),
    Column("partner", Text),
    Column("event", Text),
    Column("context", Text),
    Column("quad", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

alerts_sent = Table(
    "alerts_sent",
    metadata,
    Column("id", Text, primary_key=True),  # the alert's stable id
    Column("watchlist", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)


def _stories(conn: Connection) -> None:
    metadata.create_all(conn, tables=[stories, story_events, watchlists, alerts_sent])


# -- 0005_api: events marked wrong and actor corrections sent through the REST API, indexes for 1M events ---

event_marks = Table(
    "event_marks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False),  # no foreign key: a mark outlives a recoding of its article
    Column("reason", Text, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_event_marks_event_id", "event_id"),
)

actor_corrections = Table(
    "actor_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False),
    Column("role", Text, nullable=False),  # "actor" | "recipient"
    Column("position", Integer, nullable=False),
    Column("entity_text", Text, nullable=False),  # the mention as coded, so the fix can reach a registry
    Column("old_code", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("sector", Text),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_actor_corrections_event_id", "event_id"),
)

# Covering indexes for the API's paging, sorting and dyad/network aggregation on a million events:
# a date-sorted page walks the first; timelines and networks read it without touching the event rows.
_API_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_events_date_cover ON events (date, id, quad_code, goldstein, event)",
    "CREATE INDEX IF NOT EXISTS ix_event_actors_code_event ON event_actors (code, event_id, role)",
    "CREATE INDEX IF NOT EXISTS ix_event_actors_event_role_code ON event_actors (event_id, role, code)",
)


def _api(conn: Connection) -> None:
    metadata.create_all(conn, tables=[event_marks, actor_corrections])
    for statement in _API_INDEXES:
        conn.exec_driver_sql(statement)


# -- 0006_text_index: an index for free-text search of the folded sentences -------------------------------

# SQLite: an FTS5 table of the trigrams of events.sentence_folded that keeps no copy of the text (its
# content is the events table, by rowid). The store adds and removes its entries when it saves events;
# a search of 3+ characters takes its candidates from here and checks them with LIKE on the events, so it
# finds exactly what a scan finds. PostgreSQL: a pg_trgm GIN index, which LIKE '%...%' uses by itself.
TEXT_INDEX = "events_text"
PG_TEXT_INDEX = "ix_events_sentence_trgm"


def sqlite_has_trigram(conn: Connection) -> bool:
    """Return whether this SQLite library has FTS5 and its trigram tokenizer (SQLite 3.34 or later)."""
    version = str(conn.exec_driver_sql("SELECT sqlite_version()").scalar())
    if tuple(int(part) for part in version.split(".")[:2]) < (3, 34):
        return False
    return conn.exec_driver_sql("SELECT 1 FROM pragma_module_list WHERE name = 'fts5'").first() is not None


def _text_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        _sqlite_text_index(conn)
    elif conn.dialect.name == "postgresql":
        _pg_text_index(conn)


def _sqlite_text_index(conn: Connection) -> None:
    if not sqlite_has_trigram(conn):
        version = conn.exec_driver_sql("SELECT sqlite_version()").scalar()
        log.warning(
            "SQLite %s has no FTS5 trigram tokenizer (3.34 or later with FTS5 is needed): text search "
            "of events will scan every sentence",
            version,
        )
        return
    # detail=none: no token positions. A third of the size and build time of a full index, and positions
    # are not needed since every candidate is checked with LIKE anyway.
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {TEXT_INDEX} USING fts5(sentence_folded, content='events', "
        "content_rowid='rowid', tokenize='trigram', detail='none')"
    )
    conn.exec_driver_sql(f"INSERT INTO {TEXT_INDEX}({TEXT_INDEX}) VALUES ('rebuild')")


def _pg_text_index(conn: Connection) -> None:
    schema = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ).scalar()
    if schema is None:
        # Into public when it exists, not the first schema of the search path: a schema dropped with
        # CASCADE would take the extension, and every other schema's index, with it.
        has_public = conn.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = 'public'").first()
        schema = "public" if has_public else conn.exec_driver_sql("SELECT current_schema()").scalar()
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(f'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA "{schema}"')
        except DBAPIError as exc:
            log.warning(
                "cannot create the pg_trgm extension (%s): text search of events will scan every "
                "sentence; to index it, have the database owner run CREATE EXTENSION pg_trgm, then "
                "CREATE INDEX %s ON events USING gin (sentence_folded gin_trgm_ops)",
                str(exc.orig).strip() if exc.orig is not None else exc,
                PG_TEXT_INDEX,
            )
            return
    opclass = f'"{schema}".gin_trgm_ops'
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {PG_TEXT_INDEX} ON events USING gin (sentence_folded {opclass})"
    )


def rebuild_text_index(conn: Connection) -> str:
    """Rebuild the text-search index from the events, and say what was done.

    For a SQLite index gone stale (rows written around the store, a VACUUM that renumbered row ids, an index
    created while this SQLite lacked the trigram tokenizer); on PostgreSQL, REINDEX of the trigram index.
    """
    if conn.dialect.name == "sqlite":
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (TEXT_INDEX,)
        ).first()
        if exists is None:
            if not sqlite_has_trigram(conn):
                return "no text index: this SQLite has no FTS5 trigram tokenizer, so text search scans"
            _sqlite_text_index(conn)
            return f"text index {TEXT_INDEX} created from the stored events"
        if not sqlite_has_trigram(conn):
            return "the text index cannot be rebuilt: this SQLite has no FTS5 trigram tokenizer"
        conn.exec_driver_sql(f"INSERT INTO {TEXT_INDEX}({TEXT_INDEX}) VALUES ('rebuild')")
        return f"text index {TEXT_INDEX} rebuilt from the stored events"
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql("SELECT to_regclass(%s)", (PG_TEXT_INDEX,)).scalar()
        if found is None:
            _pg_text_index(conn)
            return f"text index {PG_TEXT_INDEX} created (or pg_trgm is missing: see the warning)"
        conn.exec_driver_sql(f"REINDEX INDEX {PG_TEXT_INDEX}")
        return f"text index {PG_TEXT_INDEX} rebuilt"
    return f"no text index on {conn.dialect.name}"


MIGRATIONS: list[Migration] = [
    Migration("0001_initial", _initial),
    Migration("0002_actor_registry", _actor_registry),
    Migration("0003_ingest", _ingest),
    Migration("0004_stories", _stories),
    Migration("0005_api", _api),
    Migration("0006_text_index", _text_index),
]


def applied_migrations(conn: Connection) -> list[str]:
    """Return the names of the migrations recorded in the database, oldest first."""
    if not conn.dialect.has_table(conn, schema_migrations.name):
        return []
    rows = conn.execute(
        select(schema_migrations.c.name).order_by(schema_migrations.c.applied_at, schema_migrations.c.name)
    )
    return [name for (name,) in rows]


def apply_migrations(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return the names applied.

    Raises ``ValueError`` if two migrations share a name. Database errors propagate as SQLAlchemy errors.
    """
    names = [m.name for m in migrations]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate migration names in {names}")
    with engine.begin() as conn:
        schema_migrations.create(conn, checkfirst=True)
    applied: list[str] = []
    for migration in migrations:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Serialise concurrent first opens; SQLite gets the same from BEGIN IMMEDIATE.
                conn.exec_driver_sql("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE")
            done = conn.execute(
                select(schema_migrations.c.name).where(schema_migrations.c.name == migration.name)
            ).first()
            if done is not None:
                continue
            migration.apply(conn)
            conn.execute(schema_migrations.insert().values(name=migration.name, applied_at=datetime.now(UTC)))
            applied.append(migration.name)
    return applied
