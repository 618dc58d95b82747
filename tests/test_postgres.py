"""The store test-suite, plus concurrency and bulk-loading tests, against a real PostgreSQL server.

The server comes from ``.ci/setup-postgresql.sh``; its URL is ``PACTWATCH_TEST_PG_URL``. Without a server the
tests skip with a message, unless ``PACTWATCH_STRICT=1`` (CI), where they fail. Each test gets its own schema,
dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

import test_store as suite
from conftest import make_article, make_event
from pactwatch.errors import StoreError
from pactwatch.migrations import MIGRATIONS
from pactwatch.store import EventFilter, Store, _resolve_url
from test_workers import SAMPLES

PG_URL = os.environ.get(
    "PACTWATCH_TEST_PG_URL", "postgresql://pactwatch:pactwatch@127.0.0.1:5432/pactwatch_test"
)
V = suite.V


def _server() -> sa.Engine:
    engine = sa.create_engine(_resolve_url(PG_URL), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        engine.dispose()
        why = f"no PostgreSQL server at {_resolve_url(PG_URL).render_as_string(hide_password=True)} ({exc})"
        hint = "run .ci/setup-postgresql.sh or set PACTWATCH_TEST_PG_URL"
        if os.environ.get("PACTWATCH_STRICT") == "1":
            pytest.fail(f"{why}; {hint}")
        pytest.skip(f"{why}; {hint}")
    return engine


@pytest.fixture(scope="module")
def server() -> Iterator[sa.Engine]:
    engine = _server()
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(server: sa.Engine) -> Iterator[str]:
    """A URL whose connections live in a fresh schema of the test database."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with server.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with server.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    with Store.open(pg_url) as s:
        yield s


# The store suite of test_store.py, collected here so it runs against this module's `store` fixture.
filled = suite.filled
test_open_memory_records_every_migration = suite.test_open_memory_records_every_migration
test_add_articles_is_idempotent = suite.test_add_articles_is_idempotent
test_add_articles_in_several_batches = suite.test_add_articles_in_several_batches
test_article_round_trips = suite.test_article_round_trips
test_missing_article_is_not_found = suite.test_missing_article_is_not_found
test_list_articles_filters_and_coding_status = suite.test_list_articles_filters_and_coding_status
test_uncoded_and_recode = suite.test_uncoded_and_recode
test_save_coding_replaces_old_events = suite.test_save_coding_replaces_old_events
test_save_coding_needs_the_article = suite.test_save_coding_needs_the_article
test_save_coding_rejects_events_of_another_article = suite.test_save_coding_rejects_events_of_another_article
test_get_event_is_lossless_and_not_found_names_the_id = (
    suite.test_get_event_is_lossless_and_not_found_names_the_id
)
test_event_filters = suite.test_event_filters
test_summary = suite.test_summary
test_failures_are_recorded_and_resolved = suite.test_failures_are_recorded_and_resolved
test_store_round_trips_events = suite.test_store_round_trips_events
searchable = suite.searchable
test_text_search_finds_what_a_scan_finds = suite.test_text_search_finds_what_a_scan_finds
test_text_search_of_three_characters_or_more_uses_the_index = (
    suite.test_text_search_of_three_characters_or_more_uses_the_index
)
test_recoding_removes_old_sentences_from_the_text_index = (
    suite.test_recoding_removes_old_sentences_from_the_text_index
)
test_indexed_search_equals_a_scan_after_any_recoding = (
    suite.test_indexed_search_equals_a_scan_after_any_recoding
)


def test_migration_indexes_events_stored_before_it(pg_url: str) -> None:
    suite.check_migration_indexes_events_stored_before_it(pg_url)


def test_pg_trgm_lives_outside_the_schema_so_dropping_one_store_keeps_the_others(
    server: sa.Engine, pg_url: str
) -> None:
    with Store.open(pg_url) as s:
        suite.save_sentences(s, suite.SENTENCES)
    with server.connect() as conn:
        schema = conn.exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        ).scalar()
    assert schema is not None
    assert not schema.startswith("t_")  # not a test's scratch schema, which is dropped with CASCADE


def count(url: str, table: str) -> int:
    engine = sa.create_engine(_resolve_url(url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
    ],
)
def test_postgresql_urls_use_psycopg(url: str, driver: str) -> None:
    assert _resolve_url(url).drivername == driver


def test_other_postgresql_drivers_are_refused_with_a_hint() -> None:
    with pytest.raises(StoreError, match=r"unsupported PostgreSQL driver 'psycopg2'.*postgresql\+psycopg://"):
        Store.open("postgresql+psycopg2://u:secret@127.0.0.1/db")


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot open postgresql") as info:
        Store.open("postgresql://pactwatch:s3cret@127.0.0.1:1/nothing?connect_timeout=2")
    assert "s3cret" not in str(info.value)


def test_same_migrations_as_sqlite_and_reopening_applies_nothing(pg_url: str) -> None:
    with Store.open(pg_url) as s:
        s.add_articles([make_article()])
    with Store.open(pg_url) as s:
        assert s.applied_migrations() == [m.name for m in MIGRATIONS]
        assert s.get_article("a-1").text == "Some news text."
    assert count(pg_url, "schema_migrations") == len(MIGRATIONS)


def test_nul_in_article_text_is_refused_naming_the_article(store: Store) -> None:
    with pytest.raises(StoreError, match="article 'a-nul'.*NUL"):
        store.add_articles([make_article("a-nul", text="bad\x00text")])


def test_nul_in_event_text_is_stored_and_read_back_exactly(store: Store) -> None:
    store.add_articles([make_article()])
    event = make_event(sentence="Cuba met\x00Belarus.")
    store.save_coding("a-1", [event], V)
    assert store.events() == [event]
    assert [e.id for e in store.events(EventFilter(text="cuba met"))] == ["e-1"]


def test_bulk_save_loads_events_with_copy(store: Store) -> None:
    n_articles, per_article = 1000, 5
    store.add_articles(make_article(f"a-{i}") for i in range(n_articles))
    items = [
        (
            f"a-{i}",
            [make_event(f"e-{i}-{k}", article_id=f"a-{i}", actor=("CUB", "VEN")) for k in range(per_article)],
        )
        for i in range(n_articles)
    ]
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", seen)
    try:
        assert store.save_codings(items, V) == n_articles * per_article
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", seen)
    # the events and their actors went through COPY, not row-by-row INSERTs
    assert not [
        s for s in statements if s.lstrip().upper().startswith(("INSERT INTO EVENTS", "INSERT INTO EVENT_"))
    ]
    assert any("INSERT INTO codings" in s for s in statements)
    assert store.count_events() == n_articles * per_article
    assert store.count_events(EventFilter(actor="VEN")) == n_articles * per_article
    assert store.summary().coded == n_articles


def run_threads(n: int, work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(part: int) -> None:
        try:
            work(part)
        except BaseException as exc:  # re-raised below in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(p,)) for p in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_concurrent_ingest_stores_each_article_once_and_counts_exactly(pg_url: str) -> None:
    added: list[int] = []

    def ingest(part: int) -> None:
        with Store.open(pg_url) as s:
            # every writer offers every article, in its own order and batch size
            order = list(range(300)) if part % 2 else list(reversed(range(300)))
            for start in range(0, 300, 37 + part):
                result = s.add_articles(make_article(f"a-{i}") for i in order[start : start + 37 + part])
                added.append(result.added)

    run_threads(4, ingest)
    assert sum(added) == 300
    assert count(pg_url, "articles") == 300


def test_concurrent_writers_of_the_same_articles_lose_and_duplicate_nothing(pg_url: str) -> None:
    with Store.open(pg_url) as s:
        s.add_articles(make_article(f"a-{i}") for i in range(60))

    def write(part: int) -> None:
        with Store.open(pg_url) as s:
            # overlapping batches in opposite orders: without the row locks these collide or deadlock
            ids = list(range(60)) if part % 2 else list(reversed(range(60)))
            for start in range(0, 60, 15):
                items = [
                    (f"a-{i}", [make_event(f"e-{i}-{k}", article_id=f"a-{i}") for k in range(3)])
                    for i in ids[start : start + 15]
                ]
                s.save_codings(items, f"v-{part}")

    run_threads(4, write)
    assert count(pg_url, "events") == 180
    assert count(pg_url, "event_actors") == 360
    assert count(pg_url, "codings") == 60
    with Store.open(pg_url) as s:
        assert {e.id for e in s.events(EventFilter(limit=None))} == {
            f"e-{i}-{k}" for i in range(60) for k in range(3)
        }


def test_readers_see_whole_codings_while_writers_work(pg_url: str) -> None:
    with Store.open(pg_url) as s:
        s.add_articles(make_article(f"a-{i}") for i in range(40))
    done = threading.Event()
    seen: list[int] = []

    def write(part: int) -> None:
        if part == 0:
            with Store.open(pg_url) as s:
                for i in range(40):
                    s.save_coding(
                        f"a-{i}", [make_event(f"e-{i}-{k}", article_id=f"a-{i}") for k in range(4)], V
                    )
            done.set()
        else:
            with Store.open(pg_url) as s:
                while not done.is_set():
                    seen.append(s.count_events())

    run_threads(2, write)
    assert seen and all(n % 4 == 0 for n in seen)  # an article's events appear all at once, never half


def test_cli_ingests_and_codes_into_postgresql_with_workers(pg_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_DB"}
    base = [sys.executable, "-m", "pactwatch", "--db", pg_url]
    ingested = subprocess.run([*base, "ingest", SAMPLES, "-q"], env=env, capture_output=True, text=True)
    assert ingested.returncode == 0, ingested.stderr
    coded = subprocess.run([*base, "run", "--workers", "2"], env=env, capture_output=True, text=True)
    assert coded.returncode == 0, coded.stderr
    assert "42 article(s) coded" in coded.stderr
    listed = subprocess.run(
        [*base, "events", "--format", "jsonl", "--limit", "5"], env=env, capture_output=True
    )
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 5
    with Store.open(pg_url) as s:
        assert s.summary().coded == 42 and s.summary().events > 0


def test_reindex_rebuilds_the_trigram_index_and_recreates_a_dropped_one(store: Store) -> None:
    from pactwatch.migrations import PG_TEXT_INDEX, rebuild_text_index

    with store.connect(write=True) as conn:
        assert rebuild_text_index(conn) == f"text index {PG_TEXT_INDEX} rebuilt"
        conn.exec_driver_sql(f"DROP INDEX {PG_TEXT_INDEX}")
    with store.connect(write=True) as conn:
        assert "created" in rebuild_text_index(conn)
        assert conn.exec_driver_sql("SELECT to_regclass(%s)", (PG_TEXT_INDEX,)).scalar() is not None
