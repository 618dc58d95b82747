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

__all__ = [
    "MIGRATIONS",
    "Migration",
    "applied_migrations",
    "apply_migrations",
    "metadata",
    "schema_migrations",
]

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


MIGRATIONS: list[Migration] = [
    Migration("0001_initial", _initial),
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
