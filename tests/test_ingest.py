"""Ingest end to end: files, pages, feeds and lists into a real SQLite store, from a real loopback server."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from loopback import Site, generated_article, serve
from pactwatch.cli import main
from pactwatch.fetch import ENV_ALLOW_PRIVATE, Fetcher, FetchOptions
from pactwatch.ingest import ingest
from pactwatch.migrations import article_urls, articles, fetch_log
from pactwatch.models import Article
from pactwatch.store import Store

WEB = Path(__file__).parent / "data" / "web"
FAST = FetchOptions(allow_private=True, host_delay=0.0, retries=0, timeout=2.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "i.db") as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as f:
        yield f


def n(store: Store, table=articles) -> int:  # type: ignore[no-untyped-def]
    with store.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def stored_urls(store: Store) -> dict[str, tuple[str, str]]:
    with store.connect() as conn:
        return {r.url: (r.article_id, r.relation) for r in conn.execute(select(article_urls))}


def failures(store: Store) -> list[tuple[str, str]]:
    return [(f.source, f.reason) for f in store.failures()]


def test_feed_items_are_fetched_stored_and_failures_recorded(
    site: Site, store: Store, fetcher: Fetcher
) -> None:
    feed = site.url("/feed.rss")
    result = ingest(store, [feed], fetcher=fetcher)
    assert (result.added, result.duplicates, result.failed) == (2, 0, 1)
    assert failures(store) == [(site.url("/status/404"), "HTTP 404")]
    rows = {r.article.language: r.article for r in store.list_articles()}
    en, es = rows["en"], rows["es"]
    assert en.title == "Belarus and Cuba agree on officer training" and en.outlet == "The Lowland Courier"
    assert str(en.published) == "2026-05-14" and en.url == site.url("/world/2026/belarus-cuba-training")
    assert "worst deal" not in en.text and "Share this story" not in en.text
    assert en.fetched_at is not None and en.origin == site.url("/article-en.html")
    assert "cooperación" in es.text and str(es.published) == "2026-05-07"
    urls = stored_urls(store)
    assert urls[site.url("/article-en.html")] == (en.id, "fetched")
    assert urls[site.url("/mundo/2026/belarus-cuba-formacion")] == (en.id, "translation")
    # every fetch is logged, failures included
    with store.connect() as conn:
        log = {(r.url, r.outcome) for r in conn.execute(select(fetch_log))}
    assert (feed, "ok") in log and (site.url("/status/404"), "failed") in log


def test_rerunning_a_feed_adds_nothing_and_fetches_no_stored_page(
    site: Site, store: Store, fetcher: Fetcher
) -> None:
    ingest(store, [site.url("/feed.atom")], fetcher=fetcher)
    before = (n(store), stored_urls(store), failures(store))
    fetched = site.paths().count("/article-en.html")
    again = ingest(store, [site.url("/feed.atom")], fetcher=fetcher)
    assert (again.added, again.duplicates, again.failed) == (0, 2, 0)
    assert (n(store), stored_urls(store), failures(store)) == before
    assert site.paths().count("/article-en.html") == fetched


def test_a_republication_under_another_url_is_stored_once_with_both_urls(
    site: Site, store: Store, fetcher: Fetcher
) -> None:
    first = ingest(store, [site.url("/article-en.html")], fetcher=fetcher)
    second = ingest(store, [site.url("/mirror/article-en.html")], fetcher=fetcher)
    third = ingest(store, [site.url("/mixed-encoding.html")], fetcher=fetcher)  # one byte differs: near copy
    assert (first.added, second.added, second.duplicates, third.near_duplicates) == (1, 0, 1, 1)
    assert n(store) == 1
    urls = stored_urls(store)
    (aid,) = {a for a, _ in urls.values()}
    assert urls[site.url("/mirror/article-en.html")] == (aid, "republication")
    assert urls[site.url("/mixed-encoding.html")] == (aid, "near-duplicate")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/status/500", "HTTP 500"),
        ("/redirect/loop-a", "redirect loop"),
        ("/huge", "too large"),
        ("/binary", "not a page"),
        ("/binary-as-html", "binary"),
        ("/empty.html", "empty"),
        ("/index.html", "not an article"),
        ("/billion-laughs.xml", "hostile XML"),
        ("/external-entity.xml", "hostile XML"),
        ("/malformed.xml", "invalid XML"),
    ],
)
def test_bad_web_input_is_recorded_and_stores_nothing(
    site: Site, store: Store, fetcher: Fetcher, path: str, reason: str
) -> None:
    result = ingest(store, [site.url(path), site.url("/article-en.html")], fetcher=fetcher)
    assert (result.added, result.failed) == (1, 1)  # the rest of the batch continues
    assert failures(store) == [(site.url(path), reason)]
    assert n(store) == 1
    # re-running records the same failure once
    ingest(store, [site.url(path)], fetcher=fetcher)
    assert failures(store) == [(site.url(path), reason)]


def test_timeouts_are_recorded(site: Site, store: Store) -> None:
    site.slow = 1.0
    with Fetcher(FetchOptions(allow_private=True, host_delay=0, retries=0, timeout=0.2)) as f:
        result = ingest(store, [site.url("/slow/article-en.html")], fetcher=f)
    assert result.failed == 1 and failures(store) == [(site.url("/slow/article-en.html"), "timeout")]


def test_wrong_charset_header_is_repaired(site: Site, store: Store, fetcher: Fetcher) -> None:
    ingest(store, [site.url("/wrong-charset.html")], fetcher=fetcher)
    (row,) = store.list_articles()
    assert "cooperación militar" in row.article.text and row.article.language == "es"


def test_files_of_every_kind_and_a_list_file(
    tmp_path: Path, site: Site, store: Store, fetcher: Fetcher
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(generated_article(10), encoding="utf-8")
    (corpus / "b.html").write_bytes((WEB / "article-es.latin1.html").read_bytes())
    (corpus / "c.csv").write_text(
        "id,title,body,published\n"
        f'c1,First,"{generated_article(11)}",2026-01-02\n'
        f'c2,Second,"{generated_article(12)}",\n',
        encoding="utf-8",
    )
    with gzip.open(corpus / "d.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": generated_article(13), "id": "d1"}) + "\n{broken\n")
    (corpus / "e.bin.gz").write_bytes(b"not gzip at all")
    sources = tmp_path / "sources.txt"
    sources.write_text(
        f"# my sources\ncorpus\n\n{site.url('/article-en.html')}\nmissing.txt\n", encoding="utf-8"
    )
    result = ingest(store, ["@" + str(sources)], fetcher=fetcher)
    assert result.added == 6
    assert sorted(failures(store)) == sorted(
        [
            (f"{corpus / 'd.jsonl.gz'}:2", "invalid JSON"),
            (str(corpus / "e.bin.gz"), "invalid gzip"),
            (str(tmp_path / "missing.txt"), "cannot read"),
        ]
    )
    by_source = {r.article.source_id: r.article for r in store.list_articles(limit=100)}
    assert by_source["c1"].title == "First" and str(by_source["c1"].published) == "2026-01-02"
    again = ingest(store, ["@" + str(sources)], fetcher=fetcher)
    assert again.added == 0 and len(store.failures()) == 3


def test_each_stored_batch_is_handed_over_once_committed(tmp_path: Path, store: Store) -> None:
    src = tmp_path / "a.jsonl"
    texts = [generated_article(i) for i in range(30, 35)]
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in [*texts, texts[0]]), encoding="utf-8")
    handed: list[list[str]] = []

    def stored(batch: list[Article]) -> None:
        assert n(store) == len(texts)  # committed: another connection already sees the batch
        handed.append([a.text for a in batch])

    result = ingest(store, [str(src)], on_stored=stored)
    assert (result.added, result.duplicates) == (5, 1)
    assert handed == [texts]  # the duplicate is not handed over
    ingest(store, [str(src)], on_stored=stored)
    assert len(handed) == 1  # nothing new: no call


def test_missing_list_file(store: Store) -> None:
    result = ingest(store, ["@/no/such/list.txt"])
    assert result.failed == 1 and failures(store) == [("@/no/such/list.txt", "cannot read")]


# -- the command line ---------------------------------------------------------------------------------


def cli(db: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--db", f"sqlite:///{db}", *args], env=env, catch_exceptions=False)


def test_cli_refuses_loopback_without_the_flag(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "c.db"
    url = site.url("/article-en.html")
    result = cli(db, "ingest", url, env={ENV_ALLOW_PRIVATE: ""})
    assert result.exit_code == 1
    assert "private address" in result.stderr and "--allow-private-urls" in result.stderr
    listed = cli(db, "failures", "--format", "jsonl")
    (record,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (record["source"], record["reason"]) == (url, "private address")
    ok = cli(db, "ingest", "--allow-private-urls", "--host-delay", "0", url, env={ENV_ALLOW_PRIVATE: ""})
    assert ok.exit_code == 0, ok.stderr
    assert ok.stderr.strip() == "1 article(s) added, 0 already stored, 0 failed"  # non-TTY: no bar, no colour


def test_cli_failures_retry_resolves_what_now_works(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "r.db"
    gone = "/gone/article-en.html"
    env = {ENV_ALLOW_PRIVATE: "1"}
    first = cli(db, "ingest", "--host-delay", "0", site.url(gone), site.url("/status/404"), env=env)
    assert first.exit_code == 1
    site.back.add(gone)
    retry = cli(db, "failures", "--retry", env=env)
    assert retry.exit_code == 1  # /status/404 still fails
    assert "1 article(s) added" in retry.stderr and "1 still failing" in retry.stderr
    listed = [json.loads(x) for x in cli(db, "failures", "--format", "jsonl").stdout.splitlines()]
    assert [(r["source"], r["reason"]) for r in listed] == [(site.url("/status/404"), "HTTP 404")]
    everything = [
        json.loads(x) for x in cli(db, "failures", "--all", "--format", "jsonl").stdout.splitlines()
    ]
    assert [(r["source"], r["resolved"]) for r in everything] == [
        (site.url(gone), True),
        (site.url("/status/404"), False),  # failed again for the same reason: still the one row
    ]


def test_cli_max_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generated_article(1), encoding="utf-8")
    result = cli(tmp_path / "m.db", "ingest", "--max-bytes", "100", str(big))
    assert result.exit_code == 1 and "too large" in result.stderr


def test_killing_an_ingest_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    total = 12
    with serve(Site(page_delay=0.15)) as s:
        feed = s.url(f"/gen-feed/{total}.xml")
        cmd = [
            sys.executable,
            "-m",
            "pactwatch",
            "--db",
            f"sqlite:///{db}",
            "ingest",
            "-q",
            "--host-delay",
            "0",
            feed,
        ]
        env = {**os.environ, ENV_ALLOW_PRIVATE: "1"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                with Store.open(db) as st:
                    stored = n(st)
                if stored >= 4:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        with Store.open(db) as st:
            survived = n(st)
            assert survived >= 4 and survived < total
            assert n(st, article_urls) == survived  # each stored article has its URL: nothing partial
        rerun = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
    with Store.open(db) as st:
        assert n(st) == total
        assert n(st, article_urls) == total
        texts = {r.article.text for r in st.list_articles(limit=100)}
    assert len(texts) == total
    assert all(any(f"Report number {i} from" in t for t in texts) for i in range(total))
