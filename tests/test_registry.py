"""The actor registry: people learned in one article resolve a bare name in the next (real SQLite)."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from pactwatch.cli import main
from pactwatch.errors import ConfigError, NotFoundError
from pactwatch.ingest import run
from pactwatch.migrations import actor_entries, actor_evidence
from pactwatch.models import Actor, Article, fold
from pactwatch.registry import ActorRegistry
from pactwatch.store import Store
from test_postgres import pg_url, server  # noqa: F401  (fixtures: a fresh schema on the test server)

FIRST = Article.from_text(
    "Belarusian Deputy Defence Minister Oleg Marchenko received Cuban Colonel Ana Quintero in Minsk.",
    published=date(2026, 5, 12),
    language="en",
)
LATER = Article.from_text(
    "Marchenko met the Cuban ambassador in Minsk on Friday to discuss military training.",
    published=date(2026, 6, 2),
    language="en",
)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store.open(f"sqlite:///{tmp_path / 'reg.db'}")
    yield s
    s.close()


def _code_of(store: Store, name: str) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (a.code, a.chain)
        for e in store.events()
        for a in (*e.actor, *e.recipient)
        if a.name and name in a.name
    ]


def test_a_later_article_resolves_a_bare_surname_through_the_registry(store: Store) -> None:
    store.add_articles([FIRST])
    run(store)
    store.add_articles([LATER])
    run(store)
    reg = ActorRegistry(store)
    (entry,) = reg.entries(name="marchenko")
    assert (entry.name, entry.code, entry.sector) == ("Oleg Marchenko", "BLR", "MIL")
    later = [c for c in _code_of(store, "Marchenko") if any("registry entry" in s for s in c[1])]
    assert later and later[0][0] == "BLR"
    assert entry.first_seen == date(2026, 5, 12)


def test_conflicting_evidence_is_recorded_not_overwritten_and_locks_hold(store: Store) -> None:
    store.add_articles([FIRST])
    run(store)
    reg = ActorRegistry(store)
    (entry,) = reg.entries(name="Marchenko")
    other = Article.from_text(
        "Russian Deputy Defence Minister Oleg Marchenko arrived in Havana on Monday.",
        published=date(2026, 7, 1),
        language="en",
    )
    store.add_articles([other])
    run(store)
    entry = reg.get(entry.id)
    assert entry.code == "BLR" and entry.conflicts == 1
    assert {ev.code for ev in reg.evidence(entry.id)} == {"BLR", "RUS"}
    assert reg.entries(conflicts=True)[0].id == entry.id
    fixed = reg.correct(entry.id, code="RUS")
    assert fixed.code == "RUS" and reg.evidence(entry.id)[-1].source == "user"
    assert reg.lock(entry.id).locked


def test_merge_makes_both_spellings_one_person(store: Store) -> None:
    store.add_articles([FIRST])
    run(store)
    reg = ActorRegistry(store)
    quintero = reg.entries(name="Quintero")[0]
    marchenko = reg.entries(name="Marchenko")[0]
    merged = reg.merge(quintero.id, marchenko.id)
    assert merged.evidence == 2
    assert reg.get(quintero.id).merged_into == marchenko.id
    with pytest.raises(ConfigError, match="into itself"):
        reg.merge(marchenko.id, marchenko.id)
    with pytest.raises(NotFoundError, match="no actor registry entry 999"):
        reg.get(999)
    with pytest.raises(ConfigError, match="not a country code"):
        reg.correct(marchenko.id, code="XXX")


def test_recoding_adds_no_duplicate_evidence(store: Store) -> None:
    store.add_articles([FIRST])
    run(store)
    run(store, recode=True)
    reg = ActorRegistry(store)
    assert reg.entries(name="Marchenko")[0].evidence == 1


def test_actors_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store.open(db) as s:
        s.add_articles([FIRST])
        run(s)
    runner = CliRunner()
    out = runner.invoke(main, ["--db", db, "actors", "list", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert '"name":"Oleg Marchenko"' in out.output
    shown = runner.invoke(main, ["--db", db, "actors", "show", "1"])
    assert shown.exit_code == 0 and "evidence" in shown.output
    fixed = runner.invoke(main, ["--db", db, "actors", "correct", "1", "--sector", "GOV"])
    assert fixed.exit_code == 0 and "(locked)" in fixed.output
    bad = runner.invoke(main, ["--db", db, "actors", "correct", "1", "--sector", "XYZ"])
    assert bad.exit_code == 1 and "not a PLOVER sector" in bad.output
    missing = runner.invoke(main, ["--db", db, "actors", "lock", "42"])
    assert missing.exit_code == 1 and "no actor registry entry 42" in missing.output


def test_a_country_inferred_from_the_article_is_not_learned(store: Store) -> None:
    lead = Article.from_text(
        "Belarus expelled two Lithuanian diplomats on Tuesday. "
        "Foreign Ministry spokesman Pavel Kirov accused Vilnius of provocations.",
        published=date(2026, 5, 12),
        language="en",
    )
    store.add_articles([lead])
    run(store)
    (entry,) = ActorRegistry(store).entries(name="kirov")
    assert (entry.name, entry.code, entry.sector) == ("Pavel Kirov", "---", "GOV")
    coded = _code_of(store, "Kirov")
    assert coded and coded[0][0] == "BLR"  # the article itself still says BLR, with the reason
    assert any(step.startswith("document: lead country BLR") for step in coded[0][1])


# -- flush in bulk = flush one sighting at a time -----------------------------------------------------------

Learned = tuple[str, date | None, Actor, str]  # article, its date, a person it taught, the sentence


def flush_one_by_one(store: Store, learned: list[Learned]) -> None:
    """Write sightings as the registry did before flushing in bulk: find, insert or update, add evidence."""
    now = datetime.now(UTC)
    with store.connect(write=True) as conn:
        for article_id, day, actor, sentence in learned:
            assert actor.name
            key = fold(actor.name)
            query = select(actor_entries).where(actor_entries.c.key == key).order_by(actor_entries.c.id)
            row = conn.execute(query).mappings().first()
            if row is not None and row["merged_into"] is not None:
                head = select(actor_entries).where(actor_entries.c.id == row["merged_into"])
                row = conn.execute(head).mappings().one()
            if row is None:
                values: dict[str, Any] = {"key": key, "name": actor.name, "sectors": "|".join(actor.sectors)}
                values |= {"code": actor.code, "sector": actor.sector, "first_seen": day, "last_seen": day}
                inserted = conn.execute(actor_entries.insert().values(locked=False, updated_at=now, **values))
                entry_id = inserted.inserted_primary_key[0]  # type: ignore[index]
            else:
                entry_id = row["id"]
                values = {"updated_at": now}
                if day:
                    values["first_seen"] = min(d for d in (row["first_seen"], day) if d)
                    values["last_seen"] = max(d for d in (row["last_seen"], day) if d)
                if not row["locked"] and row["code"] == "---" and actor.code != "---":
                    values |= {"code": actor.code, "sector": row["sector"] or actor.sector}
                conn.execute(update(actor_entries).where(actor_entries.c.id == entry_id).values(**values))
            dup = select(actor_evidence.c.id).where(
                actor_evidence.c.entry_id == entry_id,
                actor_evidence.c.article_id == article_id,
                actor_evidence.c.title == actor.entity_text,
            )
            if conn.execute(dup).first() is None:
                ev = {"article_id": article_id, "sentence": sentence, "title": actor.entity_text, "seen": day}
                ev |= {"code": actor.code, "sector": actor.sector, "source": "coder", "created_at": now}
                conn.execute(actor_evidence.insert().values(entry_id=entry_id, **ev))


def flush_in_bulk(store: Store, learned: list[Learned]) -> None:
    registry = ActorRegistry(store)
    for article_id, day, actor, sentence in learned:
        registry.learn_sightings(article_id, day, [(actor, sentence)])
    registry.flush()


def registry_rows(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every entry and every piece of evidence, in id order, without the time they were written."""
    entries = [c for c in actor_entries.c if c.name != "updated_at"]
    evidence = [c for c in actor_evidence.c if c.name != "created_at"]
    with store.connect() as conn:
        return (
            [tuple(r) for r in conn.execute(select(*entries).order_by(actor_entries.c.id))],
            [tuple(r) for r in conn.execute(select(*evidence).order_by(actor_evidence.c.id))],
        )


def sighting(name: str, code: str, sector: str | None, title: str = "") -> Actor:
    return Actor(code, sector, title or f"Minister {name}", name, (sector,) if sector else ())


MAY, JUNE, JULY = date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)
SEED: list[Learned] = [
    ("s1", MAY, sighting("Oleg Marchenko", "BLR", "MIL"), "Oleg Marchenko met ..."),
    ("s1", MAY, sighting("Pavel Kirov", "---", "GOV"), "Pavel Kirov said ..."),
    ("s2", JUNE, sighting("Ana Quintero", "CUB", "MIL"), "Ana Quintero visited ..."),
    ("s2", JUNE, sighting("Luis Ibarra", "---", None), "Luis Ibarra denied ..."),
    ("s3", None, sighting("Rosa Vidal", "---", "GOV"), "Rosa Vidal arrived ..."),
]
BATCH: list[Learned] = [
    ("a1", JULY, sighting("Oleg Marchenko", "RUS", "MIL"), "conflict: another country, kept as evidence"),
    ("a1", JULY, sighting("Pavel Kirov", "LTU", "GOV"), "an unknown country filled in"),
    ("a2", MAY, sighting("Pavel Kirov", "RUS", "MIL"), "then never overwritten"),
    ("a1", JULY, sighting("José Pérez", "---", None), "new, twice in the batch"),
    ("a2", JUNE, sighting("Jose Perez", "ESP", "GOV", "Colonel Jose Perez"), "same key, other spelling"),
    ("a2", JUNE, sighting("Jose Perez", "ESP", "GOV", "Colonel Jose Perez"), "the same sighting again"),
    ("a3", None, sighting("Luis Ibarra", "CUB", "GOV"), "locked: not filled in"),
    ("a3", MAY, sighting("Ana Quintero", "---", None), "merged: counts for the target"),
    ("s3", JULY, sighting("Rosa Vidal", "---", "GOV"), "recoded: no new evidence, dates widened"),
    ("a4", None, sighting("Nadia Sokol", "BLR", None), "new without a date"),
]


def same_registry_both_ways(one: str, bulk: str, batches: list[list[Learned]]) -> tuple[list[Any], list[Any]]:
    """Write ``SEED``, lock and merge entries, then each batch: at ``one`` one by one, at ``bulk`` in bulk."""
    results = []
    for url, flush in ((one, flush_one_by_one), (bulk, flush_in_bulk)):
        with Store.open(url) as store:
            flush(store, SEED)
            registry = ActorRegistry(store)
            registry.lock(registry.entries(name="Ibarra")[0].id)
            registry.merge(registry.entries(name="Quintero")[0].id, registry.entries(name="Marchenko")[0].id)
            for batch in batches:
                flush(store, batch)
            results.append(registry_rows(store))
            marchenko = registry.entries(name="Marchenko")[0]
            results.append((marchenko.evidence, marchenko.conflicts))
    assert results[2:] == results[:2]
    return results[0]


def test_a_batch_flushed_in_bulk_gives_the_registry_of_one_sighting_at_a_time(tmp_path: Path) -> None:
    entries, evidence = same_registry_both_ways(f"{tmp_path}/one.db", f"{tmp_path}/bulk.db", [BATCH])
    by_name = {row[2]: row for row in entries}  # (id, key, name, code, sector, ...)
    assert by_name["Pavel Kirov"][3:5] == ("LTU", "GOV")
    assert by_name["Luis Ibarra"][3] == "---"
    assert by_name["José Pérez"][3] == "ESP" and "Jose Perez" not in by_name
    assert by_name["Rosa Vidal"][8:10] == (JULY, JULY)  # first_seen, last_seen
    assert len(evidence) == len(SEED) + len(BATCH) - 2  # the repeated and the recoded sighting
    with Store.open(tmp_path / "bulk.db") as store:
        marchenko = ActorRegistry(store).entries(name="Marchenko")[0]
    assert (marchenko.code, marchenko.evidence, marchenko.conflicts) == ("BLR", 3, 1)


def test_flushing_in_bulk_on_postgresql_gives_the_registry_of_sqlite_one_by_one(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pg = request.getfixturevalue("pg_url")  # skipped without a server, failed under PACTWATCH_STRICT=1
    same_registry_both_ways(f"{tmp_path}/one.db", pg, [BATCH, BATCH[::-1]])


PEOPLE = st.builds(
    sighting,
    st.sampled_from(
        ["Oleg Marchenko", "Pavel Kirov", "José Pérez", "Jose Perez", "Luis Ibarra", "Ana Quintero"]
    ),
    st.sampled_from(["---", "BLR", "RUS", "CUB"]),
    st.sampled_from([None, "GOV", "MIL"]),
    st.sampled_from(["", "Colonel X"]),
)
LEARNED = st.tuples(
    st.sampled_from(["s1", "a1", "a2"]), st.sampled_from([None, MAY, JUNE, JULY]), PEOPLE, st.just("...")
)


@settings(max_examples=25, deadline=None, database=None)
@given(st.lists(st.lists(LEARNED, max_size=12), min_size=1, max_size=3))
def test_any_batches_flushed_in_bulk_give_the_registry_of_one_sighting_at_a_time(
    batches: list[list[Learned]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        same_registry_both_ways(f"{tmp}/one.db", f"{tmp}/bulk.db", batches)
