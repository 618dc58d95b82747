"""The actor registry: people learned in one article resolve a bare name in the next (real SQLite)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pactwatch.cli import main
from pactwatch.errors import ConfigError, NotFoundError
from pactwatch.ingest import run
from pactwatch.models import Article
from pactwatch.registry import ActorRegistry
from pactwatch.store import Store

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
