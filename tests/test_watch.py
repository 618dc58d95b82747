"""Configured feeds and `pactwatch watch`: conditional GET, state kept in the store, the command line."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from loopback import Site, serve
from pactwatch.cli import main
from pactwatch.errors import ConfigError, NotFoundError
from pactwatch.fetch import ENV_ALLOW_PRIVATE, Fetcher, FetchOptions
from pactwatch.store import Store
from pactwatch.watch import add_feed, list_feeds, poll_feeds, remove_feed, watch

FAST = FetchOptions(allow_private=True, host_delay=0.0, retries=0, timeout=2.0)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "w.db") as s:
        yield s


def test_feed_configuration(store: Store) -> None:
    assert add_feed(store, "http://a.example/rss", "A") is True
    assert add_feed(store, "http://a.example/rss") is False
    add_feed(store, "http://b.example/atom")
    assert [(f.url, f.title) for f in list_feeds(store)] == [
        ("http://a.example/rss", "A"),
        ("http://b.example/atom", None),
    ]
    remove_feed(store, "http://a.example/rss")
    assert [f.url for f in list_feeds(store)] == ["http://b.example/atom"]
    with pytest.raises(NotFoundError, match="feeds list"):
        remove_feed(store, "http://a.example/rss")
    with pytest.raises(ConfigError, match="http"):
        add_feed(store, "file:///etc/passwd")


def test_second_poll_is_conditional_and_fetches_nothing_more(site: Site, store: Store) -> None:
    feed = site.url("/etag-feed.xml")
    add_feed(store, feed)
    with Fetcher(FAST) as f:
        first = poll_feeds(store, f)
        assert [(r.status, r.added, r.failed) for r in first] == [("ok", 2, 1)]
        (row,) = list_feeds(store)
        assert row.etag == '"v1"' and row.last_modified and row.last_status == "ok: 2 new, 1 failed"
        requests = len(site.requests)
        second = poll_feeds(store, f)
    assert [(r.status, r.added) for r in second] == [("not modified", 0)]
    assert site.paths()[requests:] == ["/etag-feed.xml"]
    assert site.requests[-1].headers["if-none-match"] == '"v1"'
    assert list_feeds(store)[0].last_status == "not modified"
    assert len(store.list_articles()) == 2 and len(store.failures()) == 1


def test_a_failing_feed_is_recorded_and_the_others_still_polled(site: Site, store: Store) -> None:
    add_feed(store, site.url("/status/503"))
    add_feed(store, site.url("/feed.atom"))
    with Fetcher(FAST) as f:
        results = {r.feed: r for r in poll_feeds(store, f)}
    assert results[site.url("/status/503")].status == "failed"
    assert results[site.url("/feed.atom")].added == 2
    states = {r.url: r.last_status for r in list_feeds(store)}
    assert states[site.url("/status/503")] == "failed: HTTP 503"
    assert [(x.source, x.reason) for x in store.failures()] == [(site.url("/status/503"), "HTTP 503")]


def test_watch_runs_rounds_and_stops_on_the_event(site: Site, store: Store) -> None:
    add_feed(store, site.url("/feed.atom"))
    seen: list[int] = []
    with Fetcher(FAST) as f:
        assert (
            watch(store, f, interval=0, rounds=3, on_round=lambda rs: seen.append(sum(r.added for r in rs)))
            == 3
        )
        assert seen == [2, 0, 0]
        stop = threading.Event()
        stop.set()
        assert watch(store, f, interval=30, stop=stop) == 1  # returns at once instead of sleeping
        with pytest.raises(ConfigError):
            watch(store, f, interval=-1, rounds=1)


def cli(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main, ["--db", f"sqlite:///{db}", *args], env={ENV_ALLOW_PRIVATE: ""}, catch_exceptions=False
    )


def test_cli_feeds_and_watch_once(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "c.db"
    nothing = cli(db, "watch", "--once")
    assert nothing.exit_code == 2 and "feeds add" in nothing.stderr
    assert cli(db, "feeds", "add", site.url("/feed.rss"), "--title", "Courier").exit_code == 0
    again = cli(db, "feeds", "add", site.url("/feed.rss"))
    assert "already configured" in again.stderr
    refused = cli(db, "watch", "--once", "--host-delay", "0")
    assert refused.exit_code == 1 and "private address" in refused.stderr
    result = cli(db, "watch", "--once", "--host-delay", "0", "--allow-private-urls")
    assert result.exit_code == 1  # the feed's 404 item
    assert f"{site.url('/feed.rss')}: ok, 2 new, 0 already stored, 1 failed" in result.stderr
    listed = [json.loads(x) for x in cli(db, "feeds", "list", "--format", "jsonl").stdout.splitlines()]
    assert [(r["url"], r["title"], r["last_status"]) for r in listed] == [
        (site.url("/feed.rss"), "Courier", "ok: 2 new, 1 failed")
    ]
    assert cli(db, "feeds", "remove", site.url("/feed.rss")).exit_code == 0
    assert cli(db, "feeds", "list", "--format", "jsonl").stdout == ""


def test_feeds_are_fetched_concurrently_and_stored_in_url_order(tmp_path: Path) -> None:
    from dataclasses import replace

    from sqlalchemy import func, select

    from pactwatch.migrations import fetch_log

    outcomes = []
    with serve(Site(slow=0.5)) as s, Fetcher(replace(FAST, host_concurrency=4)) as f:
        for concurrency in (3, 1):
            with Store.open(tmp_path / f"c{concurrency}.db") as store:
                for i in range(3):
                    add_feed(store, s.url(f"/slow/feed.atom?copy={i}"))
                before = len(s.requests)
                results = poll_feeds(store, f, concurrency=concurrency)
                starts = sorted(r.at for r in s.requests[before:] if r.path.startswith("/slow/feed.atom"))
                with store.connect() as conn:
                    logged = conn.scalar(select(func.count()).select_from(fetch_log))
                fetched = [r for r in s.requests[before:] if r.path != "/robots.txt"]
                outcomes.append([(r.feed, r.status, r.added, r.duplicates) for r in results])
                assert logged == len(fetched)  # every fetch made in a worker thread is logged
                assert len(store.list_articles()) == 2
            if concurrency == 3:
                assert starts[2] - starts[0] < 0.5  # the three feeds were in flight together
            else:
                assert starts[2] - starts[0] >= 1.0  # one after the other
    assert outcomes[0] == outcomes[1]  # the same results, stored in feed-URL order
    assert [o[2:] for o in outcomes[0]] == [(2, 0), (0, 2), (0, 2)]


def test_feed_concurrency_must_be_positive(store: Store) -> None:
    with Fetcher(FAST) as f, pytest.raises(ConfigError, match="concurrency"):
        poll_feeds(store, f, concurrency=0)
