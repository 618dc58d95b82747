"""Watchlists and alerts: new stories, new ties, spikes; delivery to a real loopback webhook and as Atom."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree as SafeET

from conftest import make_event
from pactwatch.alerts import (
    Alert,
    DeliveryError,
    Watch,
    add_watchlist,
    alerts,
    atom_feed,
    list_watchlists,
    mark_sent,
    post_webhook,
    remove_watchlist,
)
from pactwatch.cli import main
from pactwatch.errors import ConfigError, NotFoundError
from pactwatch.models import DateRef, Place
from pactwatch.store import Store
from pactwatch.stories import update_stories
from test_stories import mil, put

JUNE = date(2026, 6, 1)


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open("sqlite://")
    # history: CUB-BLR diplomatic visits in May
    put(
        s,
        "a-1",
        [make_event("e-1", actor=("CUB",), recipient=("BLR",), when=date(2026, 5, 12))],
        published=date(2026, 5, 13),
    )
    # June: a military agreement with Belarus (told twice) and a first tie with Russia
    mil_agree = {"event": "AGREE", "quad_code": 1, "context": ("military",)}
    put(
        s,
        "a-2",
        [
            make_event(
                "e-2", actor=(mil("BLR"),), recipient=(mil("CUB"),), when=date(2026, 6, 25), **mil_agree
            )
        ],
        published=date(2026, 6, 26),
    )
    put(
        s,
        "a-3",
        [
            make_event(
                "e-3", actor=(mil("BLR"),), recipient=(mil("CUB"),), when=date(2026, 6, 25), **mil_agree
            )
        ],
        published=date(2026, 6, 27),
        outlet="Faro",
        lang="es",
    )
    put(
        s,
        "a-4",
        [
            make_event(
                "e-4", actor=("RUS",), recipient=("CUB",), when=date(2026, 6, 10), event="AID", quad_code=2
            )
        ],
        published=date(2026, 6, 11),
    )
    # background: a 2019 agreement recalled in a June article
    put(
        s,
        "a-5",
        [
            make_event(
                "e-5",
                actor=("VEN",),
                recipient=("CUB",),
                when=date(2019, 1, 1),
                event="AGREE",
                modality="historical",
                date=DateRef(date(2019, 1, 1), "year"),
            )
        ],
        published=date(2026, 6, 12),
    )
    update_stories(s)
    add_watchlist(s, Watch("cuba-military", "CUB", context="military"))
    add_watchlist(s, Watch("cub-rus", "CUB", partner="RUS"))
    yield s
    s.close()


def test_watchlists_round_trip_and_replace(store: Store) -> None:
    add_watchlist(store, Watch("cub-rus", "CUB", partner="RUS", quad=2))
    assert [w.name for w in list_watchlists(store)] == ["cub-rus", "cuba-military"]
    assert next(w for w in list_watchlists(store) if w.name == "cub-rus").quad == 2
    remove_watchlist(store, "cub-rus")
    with pytest.raises(NotFoundError, match="cub-rus"):
        remove_watchlist(store, "cub-rus")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " ", "country": "CUB"}, "name"),
        ({"name": "x", "country": "cuba"}, "country"),
        ({"name": "x", "country": "CUB", "quad": 5}, "quad"),
    ],
)
def test_bad_watch_is_a_config_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Watch(**kwargs)


def test_alerts_report_new_stories_and_new_ties_with_evidence(store: Store) -> None:
    found = alerts(store, since=JUNE, until=date(2026, 6, 30))
    kinds = {(a.watchlist, a.kind) for a in found}
    assert kinds == {
        ("cuba-military", "new_story"),
        ("cuba-military", "new_tie"),
        ("cub-rus", "new_story"),
        ("cub-rus", "new_tie"),
    }
    story = next(a for a in found if a.watchlist == "cuba-military" and a.kind == "new_story")
    assert story.detail["outlets"] == ["Faro", "Wire"] and story.detail["languages"] == ["en", "es"]
    assert story.evidence and set(story.detail["events"]) == {"e-2", "e-3"}
    assert len([a for a in found if a.kind == "new_story" and a.watchlist == "cub-rus"]) == 1
    tie = next(a for a in found if a.kind == "new_tie" and a.watchlist == "cub-rus")
    assert (tie.detail["a"], tie.detail["b"], tie.detail["cooperation"]) == ("CUB", "RUS", 1)
    # the first *military* tie with Belarus is new, though diplomatic ties existed in May
    military = next(a for a in found if a.kind == "new_tie" and a.watchlist == "cuba-military")
    assert (military.detail["a"], military.detail["b"]) == ("BLR", "CUB")


def test_a_tie_that_existed_before_the_window_is_not_new(store: Store) -> None:
    add_watchlist(store, Watch("cuba", "CUB"))
    found = alerts(store, since=JUNE, until=date(2026, 6, 30), watch="cuba")
    # BLR (diplomatic ties in May) and VEN (the 2019 agreement) are old ties; RUS is new
    assert [(a.detail["a"], a.detail["b"]) for a in found if a.kind == "new_tie"] == [("CUB", "RUS")]
    # the 2019 agreement, recalled in a June article, is background, not a new story
    stories = [a.detail["date"] for a in found if a.kind == "new_story"]
    assert sorted(stories) == ["2026-06-10", "2026-06-25"]


def test_alerts_window_and_unknown_watch(store: Store) -> None:
    assert alerts(store, since=date(2026, 7, 1), until=date(2026, 7, 31)) == []
    with pytest.raises(NotFoundError, match="nope"):
        alerts(store, since=JUNE, until=date(2026, 6, 30), watch="nope")
    with pytest.raises(ConfigError, match="after"):
        alerts(store, since=date(2026, 7, 1), until=JUNE)


@pytest.mark.parametrize(("since", "until"), [(date.min, date.max), (date(1798, 1, 1), None)])
def test_extreme_windows_work(store: Store, since: date, until: date | None) -> None:
    found = alerts(store, since=since, until=until)
    # from the first day on, every tie is new; the 2019 agreement is then inside the window too
    assert {(a.watchlist, a.kind) for a in found} >= {("cub-rus", "new_tie"), ("cuba-military", "new_story")}


def test_unsent_only_skips_what_was_marked(store: Store) -> None:
    found = alerts(store, since=JUNE, until=date(2026, 6, 30))
    assert mark_sent(store, found) == len(found)
    assert mark_sent(store, found) == 0
    assert alerts(store, since=JUNE, until=date(2026, 6, 30), unsent_only=True) == []


def test_a_spike_against_the_dyads_own_history(store: Store) -> None:
    add_watchlist(store, Watch("cub-usa", "CUB", partner="USA"))
    day = date(2026, 9, 8)  # four separate incidents in one week (different places), none before
    for n, place in enumerate(("CUB", "USA", "MEX", "GTM")):
        put(
            store,
            f"a-s{n}",
            [
                make_event(
                    f"e-s{n}",
                    actor=("USA",),
                    recipient=("CUB",),
                    event="SANCTION",
                    quad_code=4,
                    when=day + timedelta(days=n),
                    event_loc=Place(place, place),
                )
            ],
            published=day + timedelta(days=n),
        )
    update_stories(store)
    found = alerts(store, since=date(2026, 9, 1), until=date(2026, 9, 30), watch="cub-usa")
    [spike] = [a for a in found if a.kind == "spike"]
    assert spike.detail == {"week": "2026-09-07", "stories": 4, "mean": 0.0, "sd": 0.0}
    assert len(spike.evidence) == 4
    # a quiet month after it: no spike
    assert not [
        a for a in alerts(store, since=date(2026, 10, 1), until=date(2026, 10, 31)) if a.kind == "spike"
    ]


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    status = 204

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(json.loads(body))
        self.send_response(_Hook.status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hook.received = []
    _Hook.status = 204
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()
    thread.join()


def test_webhook_receives_the_alerts_as_json(store: Store, hook: str) -> None:
    found = alerts(store, since=JUNE, until=date(2026, 6, 30))
    assert post_webhook(found, hook) == 204
    [body] = _Hook.received
    assert [a["id"] for a in body["alerts"]] == [a.id for a in found]


def test_webhook_errors_say_what_happened(store: Store, hook: str) -> None:
    _Hook.status = 500
    with pytest.raises(DeliveryError, match="answered 500"):
        post_webhook([], hook)
    with pytest.raises(DeliveryError, match="cannot deliver"):
        post_webhook([], "http://127.0.0.1:1/hook")
    with pytest.raises(ConfigError, match="http"):
        post_webhook([], "ftp://example.org/hook")


def test_atom_feed_is_valid_atom() -> None:
    items = [Alert("al-1", "w", "new_story", "CUB & BLR <agree>", date(2026, 6, 26), {"x": 1}, ("s-1",))]
    root = SafeET.fromstring(atom_feed(items, title="mine").encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.findtext("a:title", namespaces=ns) == "mine"
    [entry] = root.findall("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == "[w] CUB & BLR <agree>"
    assert entry.findtext("a:updated", namespaces=ns) == "2026-06-26T00:00:00Z"
    assert json.loads(entry.findtext("a:content", namespaces=ns) or "")["evidence"] == ["s-1"]


def test_cli_watchlist_and_alerts(tmp_path: Path, hook: str) -> None:
    db = tmp_path / "w.db"
    s = Store.open(db)
    put(
        s,
        "a-1",
        [make_event("e-1", actor=("RUS",), recipient=("CUB",), when=date(2026, 6, 10))],
        published=date(2026, 6, 11),
    )
    update_stories(s)
    s.close()
    url = f"sqlite:///{db}"
    runner = CliRunner()
    added = runner.invoke(main, ["--db", url, "watchlist", "add", "cub", "--country", "cub"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["--db", url, "watchlist", "list", "--format", "jsonl"])
    assert json.loads(listed.stdout)["country"] == "CUB"
    atom = tmp_path / "alerts.xml"
    args = ["--db", url, "alerts", "--since", "2026-06-01", "--until", "2026-06-30"]
    out = runner.invoke(main, [*args, "--webhook", hook, "--atom", str(atom), "--mark"])
    assert out.exit_code == 0, out.output
    assert {json.loads(line)["kind"] for line in out.stdout.splitlines()} == {"new_story", "new_tie"}
    assert len(_Hook.received) == 1 and "<feed" in atom.read_text(encoding="utf-8")
    again = runner.invoke(main, [*args, "--unsent"])
    assert again.exit_code == 0 and again.stdout == ""
    removed = runner.invoke(main, ["--db", url, "watchlist", "remove", "nope"])
    assert removed.exit_code == 1 and "nope" in removed.stderr
