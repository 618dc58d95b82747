"""Dyad timelines and the alliance network, built from stories in a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import make_event
from pactwatch.analysis import (
    centrality,
    communities,
    dyad_timeline,
    network,
    network_diff,
    period_start,
)
from pactwatch.cli import main
from pactwatch.errors import ConfigError
from pactwatch.store import Store
from pactwatch.stories import update_stories
from test_stories import mil, put


def ev(id: str, a: str, b: str, when: date, event: str = "CONSULT", quad: int = 1, **kw: object):  # type: ignore[no-untyped-def]
    return make_event(
        id,
        actor=(a,),
        recipient=(b,),
        event=event,
        when=when,
        quad_code=quad,
        plover_score=kw.pop("plover_score", 1.0),
        goldstein=kw.pop("goldstein", 2.0),
        **kw,
    )


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open("sqlite://")
    # May: one CUB-BLR visit told twice (one story), and a military AGREE a week later (second story)
    put(s, "a-1", [ev("e-1", "CUB", "BLR", date(2026, 5, 12))], published=date(2026, 5, 13))
    put(s, "a-2", [ev("e-2", "CUB", "BLR", date(2026, 5, 12))], published=date(2026, 5, 14), lang="es")
    put(
        s,
        "a-3",
        [
            make_event(
                "e-3",
                actor=(mil("BLR"),),
                recipient=(mil("CUB"),),
                event="AGREE",
                when=date(2026, 5, 20),
                quad_code=1,
                context=("military",),
                plover_score=2.5,
                goldstein=4.0,
            )
        ],
        published=date(2026, 5, 21),
    )
    # June: CUB-USA conflict, RUS-CUB cooperation
    put(
        s,
        "a-4",
        [ev("e-4", "USA", "CUB", date(2026, 6, 3), "SANCTION", 4, plover_score=-7.0, goldstein=-5.0)],
        published=date(2026, 6, 4),
    )
    put(s, "a-5", [ev("e-5", "RUS", "CUB", date(2026, 6, 10), "AID", 2)], published=date(2026, 6, 11))
    update_stories(s)
    yield s
    s.close()


def test_dyad_timeline_counts_stories_not_reports(store: Store) -> None:
    t = dyad_timeline(store, "cub", "blr")
    assert (t.a, t.b) == ("CUB", "BLR")
    [may] = t.points
    assert may.period == date(2026, 5, 1)
    assert (may.stories, may.events) == (2, 3)
    assert may.by_type == {"CONSULT": 1, "AGREE": 1}
    assert may.by_quad == {1: 2}
    assert may.plover_score == pytest.approx(3.5) and may.goldstein == pytest.approx(6.0)
    assert len(may.evidence) == 2


def test_dyad_timeline_by_week_and_sector(store: Store) -> None:
    weeks = dyad_timeline(store, "CUB", "BLR", interval="week")
    assert [p.period for p in weeks.points] == [date(2026, 5, 11), date(2026, 5, 18)]
    military = dyad_timeline(store, "CUB", "BLR", sectors=["mil"])
    assert [p.by_type for p in military.points] == [{"AGREE": 1}]
    assert dyad_timeline(store, "CUB", "BLR", date_from=date(2026, 6, 1)).points == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: dyad_timeline(s, "CUB", "BLR", interval="year"), "interval"),
        (lambda s: dyad_timeline(s, "", "BLR"), "first country"),
        (lambda s: network(s, level="person"), "level"),
        (lambda s: network(s, date(2026, 6, 1), date(2026, 5, 1)), "after"),
    ],
)
def test_bad_arguments_are_config_errors(store: Store, call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=message):
        call(store)


def test_period_start() -> None:
    assert period_start(date(2026, 5, 14), "week") == date(2026, 5, 11)
    assert period_start(date(2026, 5, 14), "month") == date(2026, 5, 1)


def test_network_weighs_cooperation_and_conflict_separately(store: Store) -> None:
    net = network(store)
    edges = {(r["a"], r["b"]): r for r in net.edges()}
    assert set(edges) == {("BLR", "CUB"), ("CUB", "USA"), ("CUB", "RUS")}
    assert (edges[("BLR", "CUB")]["cooperation"], edges[("BLR", "CUB")]["conflict"]) == (2, 0)
    assert (edges[("CUB", "USA")]["cooperation"], edges[("CUB", "USA")]["conflict"]) == (0, 1)
    assert edges[("CUB", "USA")]["weight"] == -1
    military = network(store, context="military")
    assert [(r["a"], r["b"]) for r in military.edges()] == [("BLR", "CUB")]
    actors = network(store, level="actor")
    assert actors.graph.has_edge("BLRMIL", "CUBMIL")


def test_a_compound_actor_without_recipient_ties_its_members(store: Store) -> None:
    clash = make_event(
        "e-9", actor=("IND", "PAK"), recipient=(), event="ASSAULT", quad_code=4, when=date(2026, 3, 7)
    )
    put(store, "a-9", [clash], published=date(2026, 3, 8))
    update_stories(store)
    edge = next(r for r in network(store).edges() if (r["a"], r["b"]) == ("IND", "PAK"))
    assert (edge["cooperation"], edge["conflict"]) == (0, 1)


def test_centrality_and_communities(store: Store) -> None:
    net = network(store)
    scores = centrality(net)
    assert next(iter(scores)) == "CUB"
    groups = communities(net)
    assert sorted(n for g in groups for n in g) == ["BLR", "CUB", "RUS", "USA"]
    assert "USA" not in next(g for g in groups if "CUB" in g) or len(groups) == 1


def test_network_diff_finds_new_ties(store: Store) -> None:
    may = network(store, date(2026, 5, 1), date(2026, 5, 31))
    june = network(store, date(2026, 6, 1), date(2026, 6, 30))
    diff = network_diff(may, june)
    assert [(t["a"], t["b"]) for t in diff.new_ties] == [("CUB", "RUS"), ("CUB", "USA")]
    assert [(t["a"], t["b"]) for t in diff.lost_ties] == [("BLR", "CUB")]
    assert diff.changed == []


def test_cli_dyad_and_network(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.db"
    s = Store.open(db)
    put(s, "a-1", [ev("e-1", "CUB", "BLR", date(2026, 5, 12))])
    put(s, "a-2", [ev("e-2", "USA", "CUB", date(2026, 6, 3), "SANCTION", 4)], published=date(2026, 6, 4))
    update_stories(s)
    s.close()
    url = f"sqlite:///{db}"
    runner = CliRunner()
    out = runner.invoke(main, ["--db", url, "dyad", "CUB", "BLR", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert '"period":"2026-05-01"' in out.stdout
    out = runner.invoke(main, ["--db", url, "network", "--format", "csv"])
    assert out.exit_code == 0 and out.stdout.splitlines()[0].startswith("a,b,cooperation,conflict")
    out = runner.invoke(main, ["--db", url, "network", "--since", "2026-06-01", "--format", "jsonl"])
    assert out.exit_code == 0 and '"change":"new"' in out.stdout and '"USA"' in out.stdout
    out = runner.invoke(main, ["--db", url, "network", "--nodes", "--format", "jsonl"])
    assert out.exit_code == 0 and '"node":"CUB"' in out.stdout
    bad = runner.invoke(main, ["--db", url, "dyad", "CUB", "BLR", "--from", "May"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
