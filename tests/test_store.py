from __future__ import annotations

import importlib.util
import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pactwatch.migrations
import pactwatch.store
from conftest import make_article, make_event
from pactwatch.errors import NotFoundError, StoreError
from pactwatch.eventrows import coding_rows
from pactwatch.migrations import MIGRATIONS, PG_TEXT_INDEX, TEXT_INDEX, Migration
from pactwatch.migrations import events as events_table
from pactwatch.models import Actor, DateRef, Event, Evidence, Place, fold
from pactwatch.records import event_from_record, event_record
from pactwatch.store import AddResult, EventFilter, Store, text_condition

V = "test-1"


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("sqlite://") as s:
        yield s


def count_rows(path: Path, table: str) -> int:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
    finally:
        engine.dispose()


def table_names(path: Path) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


# -- opening and migrations ---------------------------------------------------------------------------


ALL = [m.name for m in MIGRATIONS]


def test_open_memory_records_every_migration(store: Store) -> None:
    assert store.applied_migrations() == ALL
    assert ALL[0] == "0001_initial"


def test_reopening_a_file_applies_nothing_twice_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "pw.db"  # parent directories are created
    with Store.open(f"sqlite:///{path}") as s:
        s.add_articles([make_article()])
    with Store.open(path) as s:  # a bare path works too
        assert s.applied_migrations() == ALL
        assert s.get_article("a-1").text == "Some news text."
    assert count_rows(path, "schema_migrations") == len(ALL)


def test_a_later_migration_applies_only_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    calls: list[str] = []

    def add_notes(conn: sa.Connection) -> None:
        calls.append("0003")
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")

    with Store.open(path):
        pass
    later = [
        *MIGRATIONS,
        Migration("9998_extra", ["CREATE TABLE extra (id INTEGER PRIMARY KEY)"]),
        Migration("9999_notes", add_notes),
    ]
    with Store.open(path, migrations=later) as s:
        assert s.applied_migrations() == [*ALL, "9998_extra", "9999_notes"]
    with Store.open(path, migrations=later):
        pass
    assert calls == ["0003"]
    assert {"extra", "notes"} <= table_names(path)


def test_a_failing_migration_rolls_back_and_is_not_recorded(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"

    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE half (id INTEGER PRIMARY KEY)")

    with pytest.raises(StoreError, match="already exists"):
        Store.open(path, migrations=[*MIGRATIONS, Migration("9999_broken", broken)])
    assert "half" not in table_names(path)
    with Store.open(path) as s:
        assert s.applied_migrations() == ALL


def test_corrupt_file_is_a_store_error_naming_the_url(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database at all\x00\xff" * 200)
    with pytest.raises(StoreError, match="not a SQLite database") as info:
        Store.open(path)
    assert str(path) in str(info.value)


def test_directory_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@localhost/pw", "unsupported database 'mysql'"),
        ("oracle://scott:tiger@host/db", "unsupported database 'oracle'"),
        ("sqlite+nosuchdriver:///x.db", "x.db"),
    ],
)
def test_bad_url_is_a_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        Store.open(url)
    assert "tiger" not in str(info.value)  # passwords stay out of messages


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is not None, reason="psycopg is installed")
def test_postgresql_without_driver_says_what_to_install() -> None:
    with pytest.raises(StoreError, match=r"pactwatch\[postgres\]"):
        Store.open("postgresql://pw:secret@localhost/pactwatch")


def test_closed_store_refuses_work() -> None:
    s = Store.open("sqlite://")
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.summary()


# -- articles -----------------------------------------------------------------------------------------


def test_add_articles_is_idempotent(store: Store) -> None:
    first = [make_article("a-1"), make_article("a-2"), make_article("a-1")]
    assert store.add_articles(first) == AddResult(added=2, duplicates=1)
    assert store.add_articles([make_article("a-2"), make_article("a-3")]) == AddResult(added=1, duplicates=1)
    assert store.summary().articles == 3


def test_add_articles_in_several_batches(store: Store) -> None:
    result = store.add_articles(make_article(f"a-{i:04d}") for i in range(1203))
    assert result == AddResult(added=1203, duplicates=0)
    assert store.summary().articles == 1203


def test_article_round_trips(store: Store) -> None:
    article = make_article(
        "a-9",
        "Texto de la noticia.",
        url="https://example.org/n/9",
        outlet="Granma",
        title="Título",
        language="es",
        origin="url",
        source_id="feed-3",
        fetched_at=datetime(2024, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=-5))),
    )
    store.add_articles([article])
    assert store.get_article("a-9") == article


def test_missing_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="'a-404'"):
        store.get_article("a-404")


def test_list_articles_filters_and_coding_status(store: Store) -> None:
    store.add_articles(
        [
            make_article("a-1", language="en", outlet="Reuters", published=date(2024, 3, 1)),
            make_article("a-2", language="es", outlet="Granma", published=date(2024, 3, 5)),
            make_article("a-3", language="en", outlet="Granma", published=None),
        ]
    )
    store.save_coding("a-1", [make_event("e-1"), make_event("e-2")], V)
    rows = store.list_articles()
    assert [r.article.id for r in rows] == ["a-2", "a-1", "a-3"]
    assert [(r.coded, r.n_events) for r in rows] == [(False, 0), (True, 2), (False, 0)]
    assert [r.article.id for r in store.list_articles(language="en")] == ["a-1", "a-3"]
    assert [r.article.id for r in store.list_articles(outlet="Granma")] == ["a-2", "a-3"]
    assert [r.article.id for r in store.list_articles(limit=1, offset=1)] == ["a-1"]


def test_uncoded_and_recode(store: Store) -> None:
    store.add_articles(make_article(f"a-{i}") for i in range(5))
    for article in store.uncoded(V, batch=2):  # saving while iterating is allowed
        store.save_coding(article.id, [], V)
    assert list(store.uncoded(V)) == []
    store.add_articles([make_article("a-new")])
    assert [a.id for a in store.uncoded(V)] == ["a-new"]
    assert [a.id for a in store.uncoded("test-2", recode=True)] == [f"a-{i}" for i in range(5)] + ["a-new"]
    assert [a.id for a in store.uncoded(V, recode=True)] == ["a-new"]


# -- codings ------------------------------------------------------------------------------------------


def test_save_coding_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    evs = [make_event("e-1"), make_event("e-2", actor=("CUB", "VEN"))]
    with Store.open(path) as s:
        s.add_articles([make_article()])
        s.save_coding("a-1", evs, V)
        s.save_coding("a-1", evs, V)
        assert s.events() == evs
    assert {t: count_rows(path, t) for t in ("events", "event_actors", "codings")} == {
        "events": 2,
        "event_actors": 5,
        "codings": 1,
    }


def test_save_coding_replaces_old_events(store: Store) -> None:
    store.add_articles([make_article()])
    store.save_coding("a-1", [make_event("e-1"), make_event("e-2")], V)
    store.save_coding("a-1", [make_event("e-3")], "test-2")
    assert [e.id for e in store.events()] == ["e-3"]
    assert store.list_articles()[0].dictionary_version == "test-2"
    with pytest.raises(NotFoundError):
        store.get_event("e-1")


def test_save_coding_needs_the_article(store: Store) -> None:
    with pytest.raises(NotFoundError, match="add_articles"):
        store.save_coding("a-404", [make_event(article_id="a-404")], V)


def test_save_coding_rejects_events_of_another_article(store: Store) -> None:
    store.add_articles([make_article()])
    with pytest.raises(ValueError, match="belongs to article 'a-2'"):
        store.save_coding("a-1", [make_event(article_id="a-2")], V)


def test_coding_rows_made_elsewhere_save_the_same_events(store: Store) -> None:
    # A worker process builds the rows and pickles them to the writer: what is stored must not change.
    import pickle

    store.add_articles([make_article(), make_article("a-2")])
    evs = [make_event("e-1", when=date(2024, 3, 5)), make_event("e-2", actor=("CUB", "VEN"))]
    shipped = pickle.loads(pickle.dumps([coding_rows("a-1", evs), coding_rows("a-2", [])]))
    assert store.save_coding_rows(shipped, V) == 2
    assert store.events() == sorted(evs, key=lambda e: (e.date.value, e.id))
    assert [e.id for e in store.events(EventFilter(date_from=date(2024, 3, 5)))] == ["e-1"]
    assert [e.id for e in store.events(EventFilter(country="VEN"))] == ["e-2"]
    assert {r.article.id: r.coded for r in store.list_articles()} == {"a-1": True, "a-2": True}
    with pytest.raises(ValueError, match="belongs to article 'a-2'"):
        coding_rows("a-1", [make_event(article_id="a-2")])


def test_get_event_is_lossless_and_not_found_names_the_id(store: Store) -> None:
    rich = make_event(
        actor=(
            Actor(
                "BLR",
                "GOV",
                "Deputy Defence Minister Valery Revenko",
                "Valery Revenko",
                ("GOV", "MIL"),
                ("title -> GOV,MIL [roles/en:12]", "demonym -> BLR"),
            ),
        ),
        context=("military", "diplomatic"),
        event_loc=Place("Havana", "CUB", 23.1, -82.4),
        date=DateRef(date(2024, 3, 1), "day", "on Friday", 10, 19, "past"),
        plover_score=2.5,
        cameo="040",
        goldstein=1.0,
        attribution="according to Belta",
        notes=("trigger 'met'",),
        intended="COOPERATE",
    )
    store.add_articles([make_article()])
    store.save_coding("a-1", [rich], V)
    assert store.get_event("e-1") == rich
    with pytest.raises(NotFoundError, match="'e-404'"):
        store.get_event("e-404")


# -- event filters ------------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_articles([make_article("a-1"), make_article("a-2", language="es"), make_article("a-3")])
    havana = "Cuba's minister met the Belarusian envoy in HAVANA."
    store.save_coding("a-1", [make_event("e-1", sentence=havana)], V)
    store.save_coding(
        "a-2",
        [
            make_event(
                "e-2",
                article_id="a-2",
                actor=("BLR",),
                recipient=("CUB",),
                event="AGREE",
                when=date(2024, 3, 5),
                modality="future",
                language="es",
                sentence="Bielorrusia firmará un acuerdo con Cuba.",
            )
        ],
        V,
    )
    store.save_coding(
        "a-3",
        [
            make_event(
                "e-3",
                article_id="a-3",
                actor=("USA",),
                recipient=("RUS",),
                event="ACCUSE",
                when=date(2024, 4, 10),
                modality="negated",
                sentence="Washington did not blame Moscow 100% for the outage.",
            )
        ],
        V,
    )
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), ["e-1", "e-2", "e-3"]),
        (EventFilter(country="CUB"), ["e-1", "e-2"]),
        (EventFilter(country="RUS"), ["e-3"]),
        (EventFilter(country="CHN"), []),
        (EventFilter(actor="CUB"), ["e-1"]),
        (EventFilter(recipient="CUB"), ["e-2"]),
        (EventFilter(dyad=("CUB", "BLR")), ["e-1", "e-2"]),
        (EventFilter(dyad=("BLR", "CUB")), ["e-1", "e-2"]),
        (EventFilter(dyad=("RUS", "USA")), ["e-3"]),
        (EventFilter(dyad=("CUB", "RUS")), []),
        (EventFilter(event="AGREE"), ["e-2"]),
        (EventFilter(modality="negated"), ["e-3"]),
        (EventFilter(date_from=date(2024, 3, 5)), ["e-2", "e-3"]),
        (EventFilter(date_to=date(2024, 3, 5)), ["e-1", "e-2"]),
        (EventFilter(date_from=date(2024, 3, 2), date_to=date(2024, 4, 1)), ["e-2"]),
        (EventFilter(text="havana"), ["e-1"]),
        (EventFilter(text="FIRMARA"), ["e-2"]),  # case and accents folded
        (EventFilter(text="100%"), ["e-3"]),  # LIKE wildcards are literal
        (EventFilter(text="_"), []),
        (EventFilter(article_id="a-2"), ["e-2"]),
        (EventFilter(language="es"), ["e-2"]),
        (EventFilter(country="CUB", language="en"), ["e-1"]),
        (EventFilter(limit=1), ["e-1"]),
        (EventFilter(limit=1, offset=1), ["e-2"]),
        (EventFilter(limit=None, offset=2), ["e-3"]),
    ],
)
def test_event_filters(filled: Store, filters: EventFilter, expected: list[str]) -> None:
    assert [e.id for e in filled.events(filters)] == expected
    unpaged = replace(filters, limit=None, offset=0)
    assert filled.count_events(filters) == len(filled.events(unpaged))


def test_bad_filter_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="limit"):
        EventFilter(limit=-1)


def test_summary(filled: Store) -> None:
    filled.add_articles([make_article("a-4", language=None)])
    filled.save_coding(
        "a-2",
        [
            *filled.events(EventFilter(article_id="a-2")),
            make_event("e-4", article_id="a-2", actor=("BLR",), recipient=("CUB",)),
        ],
        V,
    )
    s = filled.summary()
    assert (s.articles, s.coded, s.events) == (4, 3, 4)
    assert s.by_type == {"CONSULT": 2, "ACCUSE": 1, "AGREE": 1}
    assert s.top_dyads == [("BLR", "CUB", 2), ("CUB", "BLR", 1), ("USA", "RUS", 1)]
    assert s.languages == {"en": 2, "es": 1, "und": 1}
    assert filled.summary(top=1).top_dyads == [("BLR", "CUB", 2)]


# -- failures -----------------------------------------------------------------------------------------


def test_failures_are_recorded_and_resolved(store: Store) -> None:
    before = datetime.now(UTC)
    store.record_failure("ingest", "feeds.txt:12", "HTTP 404", "https://example.org/gone")
    store.record_failure("language", "a-7", "language not supported")
    rows = store.failures()
    assert [(f.stage, f.source, f.reason, f.detail) for f in rows] == [
        ("ingest", "feeds.txt:12", "HTTP 404", "https://example.org/gone"),
        ("language", "a-7", "language not supported", ""),
    ]
    assert rows[0].created_at >= before - timedelta(seconds=1)
    store.resolve_failure(rows[0].id)
    assert [f.source for f in store.failures()] == ["a-7"]
    assert [f.resolved for f in store.failures(unresolved_only=False)] == [True, False]
    with pytest.raises(NotFoundError):
        store.resolve_failure(999)


# -- concurrency and speed ----------------------------------------------------------------------------


def test_two_writers_on_one_file_queue_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "pw.db"
    with Store.open(path) as s:
        s.add_articles(make_article(f"a-{i}") for i in range(40))
    errors: list[BaseException] = []

    def write(part: int) -> None:
        try:
            with Store.open(path) as s:
                for i in range(part, 40, 4):
                    aid = f"a-{i}"
                    s.save_coding(aid, [make_event(f"e-{i}-{k}", article_id=aid) for k in range(3)], V)
        except BaseException as exc:  # re-raised below in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count_rows(path, "events") == 120


def test_bulk_save_is_fast(tmp_path: Path) -> None:
    n_articles, per_article = 1000, 5
    with Store.open(tmp_path / "pw.db") as s:
        s.add_articles(make_article(f"a-{i}") for i in range(n_articles))
        items = [
            (f"a-{i}", [make_event(f"e-{i}-{k}", article_id=f"a-{i}") for k in range(per_article)])
            for i in range(n_articles)
        ]
        start = time.perf_counter()
        assert s.save_codings(items, V) == n_articles * per_article
        rate = n_articles * per_article / (time.perf_counter() - start)
    assert rate > 2000, f"{rate:.0f} events/s"


# -- text search and its index ------------------------------------------------------------------------

SENTENCES = [
    "Cuba's minister met the Belarusian envoy in HAVANA.",
    "Díaz-Canel llegó a La Habana; el canciller habló.",
    "Bielorrusia firmará un acuerdo con Cuba en La Habana Vieja.",
    "Washington did not blame Moscow 100% for the outage_report.",
    'The "hab" quote: haba, ahab and habanero sauce.',
    "Замминистра обороны Белоруссии прибыл в Гавану.",
    "ÉLYSÉE: Paris and Havana talk again",
    "nothing to see here",
]
SEARCHES = [
    "havana",
    "HABANA",
    "habana vieja",
    "la habana",
    "a habana; el",
    "hab",
    "aba",
    "Habló.",
    "100%",
    "0% f",
    "e_r",
    '"hab"',
    "ГАВАНУ",
    "elysee: paris",
    "Élysée",
    "see here",
    "no such text",
    "ha",  # shorter than a trigram: scanned
    "a",
    "%",
    "_",
]


def search_ids(store: Store, text: str) -> list[str]:
    return [e.id for e in store.events(EventFilter(text=text, limit=None))]


def expected_ids(sentences: list[str], text: str) -> list[str]:
    return [f"e-{i:02d}" for i, s in enumerate(sentences) if fold(text) in fold(s)]


def save_sentences(store: Store, sentences: list[str]) -> None:
    """Store one article per sentence, each coded into one event ``e-NN`` of that sentence."""
    store.add_articles([make_article(f"a-{i:02d}") for i in range(len(sentences))])
    coded = [
        (f"a-{i:02d}", [make_event(f"e-{i:02d}", article_id=f"a-{i:02d}", sentence=s)])
        for i, s in enumerate(sentences)
    ]
    store.save_codings(coded, V)


def scan_ids(store: Store, text: str) -> list[str]:
    """Return the events whose folded sentence contains ``text``, found by a scan that uses no index."""
    query = (
        sa.select(events_table.c.id)
        .where(events_table.c.sentence_folded.contains(fold(text), autoescape=True))
        .order_by(events_table.c.date, events_table.c.id)
    )
    with store.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
            conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
        return list(conn.scalars(query))


def uses_text_index(store: Store, text: str) -> bool:
    """Return whether the database plans the search for ``text`` through the text index."""
    with store.connect() as conn:
        query = sa.select(events_table.c.id).where(text_condition(conn, text))
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a handful of rows: it would scan anyway
            plan = "\n".join(conn.execute(sa.text(f"EXPLAIN {sql}")).scalars())
            return PG_TEXT_INDEX in plan
        plan = "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        return f"SCAN {TEXT_INDEX} VIRTUAL TABLE" in plan


def assert_text_index_in_step(store: Store) -> None:
    """Fail unless the text index holds exactly the stored events' folded sentences."""
    with store.connect() as conn:
        if conn.dialect.name == "postgresql":
            valid = conn.exec_driver_sql(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %(name)s AND c.relnamespace = current_schema()::regnamespace",
                {"name": PG_TEXT_INDEX},
            ).scalar()
            assert valid is True
            return
        # rank 1: also compare the index with the events table; raises "database disk image is malformed"
        conn.exec_driver_sql(f"INSERT INTO {TEXT_INDEX}({TEXT_INDEX}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def searchable(store: Store) -> Store:
    save_sentences(store, SENTENCES)
    return store


@pytest.mark.parametrize("text", SEARCHES)
def test_text_search_finds_what_a_scan_finds(searchable: Store, text: str) -> None:
    expected = expected_ids(SENTENCES, text)
    assert scan_ids(searchable, text) == expected
    assert search_ids(searchable, text) == expected
    assert searchable.count_events(EventFilter(text=text)) == len(expected)


def test_text_search_of_three_characters_or_more_uses_the_index(searchable: Store) -> None:
    assert uses_text_index(searchable, "Habana")
    assert uses_text_index(searchable, "hab")
    assert search_ids(searchable, "hab") == ["e-01", "e-02", "e-04"]
    with searchable.connect() as conn:
        backend = conn.dialect.name
    if backend == "sqlite":  # PostgreSQL's planner chooses for itself
        assert not uses_text_index(searchable, "ha")
    assert_text_index_in_step(searchable)


def test_recoding_removes_old_sentences_from_the_text_index(store: Store) -> None:
    store.add_articles([make_article("a-1"), make_article("a-2")])
    store.save_coding("a-1", [make_event("e-1", sentence="Talks in Havana.")], V)
    store.save_coding("a-2", [make_event("e-2", article_id="a-2", sentence="More talks in Havana.")], V)
    store.save_coding("a-1", [make_event("e-3", sentence="Talks in Minsk.")], V)
    assert search_ids(store, "havana") == ["e-2"]
    assert search_ids(store, "minsk") == ["e-3"]
    assert_text_index_in_step(store)
    store.save_coding("a-2", [], V)
    assert search_ids(store, "havana") == []
    assert search_ids(store, "talks in") == ["e-3"]
    assert_text_index_in_step(store)


def check_migration_indexes_events_stored_before_it(url: str) -> None:
    """Store events with every migration but the text index's, then open with it: they are found."""
    before = [m for m in MIGRATIONS if m.name != "0006_text_index"]
    with Store.open(url, migrations=before) as s:
        save_sentences(s, SENTENCES)
        assert not uses_text_index(s, "havana")
    with Store.open(url) as s:
        assert s.applied_migrations() == ALL
        assert uses_text_index(s, "havana")
        assert_text_index_in_step(s)
        for text in SEARCHES:
            assert search_ids(s, text) == expected_ids(SENTENCES, text), text
        s.save_coding("a-00", [make_event("e-00", article_id="a-00", sentence="Now in Minsk.")], V)
        assert search_ids(s, "havana") == ["e-06"]
        assert_text_index_in_step(s)


def test_migration_indexes_events_stored_before_it(tmp_path: Path) -> None:
    check_migration_indexes_events_stored_before_it(f"sqlite:///{tmp_path / 'pw.db'}")


def test_without_fts5_trigram_text_search_scans_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(pactwatch.migrations, "sqlite_has_trigram", lambda conn: False)
    monkeypatch.setattr(pactwatch.store, "sqlite_has_trigram", lambda conn: False)
    with caplog.at_level(logging.WARNING, logger="pactwatch.migrations"), Store.open("sqlite://") as s:
        assert s.applied_migrations() == ALL
        save_sentences(s, SENTENCES)
        assert not uses_text_index(s, "havana")
        for text in ("havana", "Élysée", "ha"):
            assert search_ids(s, text) == expected_ids(SENTENCES, text)
    assert "no FTS5 trigram tokenizer" in caplog.text


def test_an_index_this_runtime_cannot_read_is_left_alone_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "pw.db"
    with Store.open(path) as s:
        save_sentences(s, SENTENCES[:3])
    monkeypatch.setattr(pactwatch.store, "sqlite_has_trigram", lambda conn: False)
    with caplog.at_level(logging.WARNING, logger="pactwatch.store"), Store.open(path) as s:
        assert search_ids(s, "habana") == ["e-01", "e-02"]
        assert not uses_text_index(s, "habana")
    assert "rebuild" in caplog.text
    assert TEXT_INDEX in table_names(path)


sentence_texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("aábB %_/\"'"), max_size=40
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(sentence_texts, min_size=1, max_size=6), st.data())
def test_indexed_search_equals_a_scan_after_any_recoding(
    store: Store, sentences: list[str], data: st.DataObject
) -> None:
    store.add_articles([make_article()])
    evs = [make_event(f"e-{i:02d}", sentence=s) for i, s in enumerate(sentences)]
    store.save_coding("a-1", evs, V)  # replaces the previous example's events: the index must follow
    source = data.draw(st.sampled_from(sentences))
    start = data.draw(st.integers(0, len(source)))
    text = data.draw(st.just(source[start : start + data.draw(st.integers(0, 8))]) | sentence_texts)
    assert search_ids(store, text) == scan_ids(store, text)
    assert_text_index_in_step(store)


# -- round trips --------------------------------------------------------------------------------------

codes = st.sampled_from(["CUB", "BLR", "USA", "RUS", "IGO", "UNO"])
sectors = st.sampled_from(["GOV", "MIL", "COP", "LEG", "MED"])
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
maybe_words = st.none() | words
nums = st.floats(allow_nan=False, allow_infinity=False)
span = st.tuples(st.integers(0, 500), st.integers(0, 500))


@st.composite
def actors(draw: st.DrawFn, *, plover_only: bool) -> Actor:
    sector = draw(st.none() | sectors)
    if plover_only:
        # to_plover keeps a sector list only when there are others, and drops chains and empty names
        others = draw(st.lists(sectors.filter(lambda s: s != sector), unique=True, max_size=3))
        if sector:
            all_sectors = (sector, *others) if others else ()
        else:
            all_sectors = tuple(others) if len(others) > 1 else ()
        return Actor(draw(codes), sector, draw(words), draw(st.none() | words.filter(bool)), all_sectors)
    return Actor(
        draw(codes),
        sector,
        draw(words),
        draw(maybe_words),
        tuple(draw(st.lists(sectors, max_size=3))),
        tuple(draw(st.lists(words, max_size=3))),
    )


def events(*, plover_only: bool) -> st.SearchStrategy[Event]:
    if plover_only:
        date_refs = st.builds(DateRef, st.dates(), st.sampled_from(["day", "month", "year"]), maybe_words)
    else:
        date_refs = st.builds(
            DateRef,
            st.dates(),
            st.sampled_from(["day", "month", "year"]),
            maybe_words,
            st.integers(-1, 500),
            st.integers(-1, 500),
            st.sampled_from(["past", "present", "future"]),
        )
    return st.builds(
        Event,
        id=words,
        article_id=st.just("a-1"),
        language=st.sampled_from(["en", "es", "ru"]),
        event=st.sampled_from(["AGREE", "CONSULT", "ACCUSE", "COERCE"]),
        mode=maybe_words,
        context=st.lists(words, max_size=3).map(tuple),
        actor=st.lists(actors(plover_only=plover_only), max_size=3).map(tuple),
        recipient=st.lists(actors(plover_only=plover_only), max_size=3).map(tuple),
        date=date_refs,
        event_loc=st.none() | st.builds(Place, words, st.none() | codes, st.none() | nums, st.none() | nums),
        event_text=words,
        quad_code=st.integers(-2, 2),
        plover_score=st.none() | nums,
        cameo=st.none() | st.from_regex(r"\A[0-9]{3}\Z"),
        goldstein=st.none() | nums,
        modality=st.sampled_from(["factual", "negated", "future"]),
        attribution=maybe_words,
        evidence=st.builds(
            Evidence,
            st.integers(0, 99),
            words,
            st.integers(0, 9999),
            st.integers(0, 9999),
            span,
            st.lists(span, max_size=3).map(tuple),
            st.lists(span, max_size=3).map(tuple),
        ),
        rule=words,
        dictionary_version=st.just(V),
        intended=st.none() | st.just("COOPERATE"),
        notes=st.just(()) if plover_only else st.lists(words, max_size=2).map(tuple),
    )


@given(events(plover_only=True))
def test_plover_record_round_trips(event: Event) -> None:
    assert event_from_record(json.loads(json.dumps(event.to_plover()))) == event


@given(events(plover_only=False))
def test_stored_record_round_trips_every_field(event: Event) -> None:
    assert event_from_record(json.loads(json.dumps(event_record(event)))) == event


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events(plover_only=False), max_size=5, unique_by=lambda e: e.id))
def test_store_round_trips_events(store: Store, evs: list[Event]) -> None:
    store.add_articles([make_article()])
    store.save_coding("a-1", evs, V)
    stored = store.events(EventFilter(limit=None))
    assert sorted(stored, key=lambda e: e.id) == sorted(evs, key=lambda e: e.id)
