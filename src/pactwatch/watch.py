"""Ingest from the web: article pages and feeds, once (`pactwatch ingest URL`) or on an interval (`watch`).

:func:`read_url` turns one URL into articles or failures: a page is fetched and extracted; a feed is parsed
and each of its items' pages fetched (pages already stored under that URL are not fetched again).
Every fetch is written to the ``fetch_log`` table. :func:`poll_feeds` polls the feeds configured in the
``feeds`` table with conditional GET (ETag / Last-Modified), and :func:`watch` repeats it until stopped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.pool import StaticPool

from .dedup import article_for_url, save_articles
from .errors import ConfigError, NotFoundError
from .extract import ExtractError, article_from_page, decode_html, extract_page
from .feeds import FeedError, FeedItem, looks_like_feed, parse_feed
from .fetch import Fetcher, FetchError, Response
from .migrations import failures, feeds, fetch_log
from .models import Article
from .readers import ReadFailure
from .store import Store

__all__ = [
    "AlreadyStored",
    "FeedRow",
    "PollResult",
    "WebArticle",
    "add_feed",
    "list_feeds",
    "poll_feeds",
    "read_url",
    "record_failure",
    "remove_feed",
    "watch",
]

log = logging.getLogger(__name__)

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
DEFAULT_CONCURRENCY = 4  # feeds fetched at the same time by poll_feeds / watch


@dataclass(frozen=True, slots=True)
class WebArticle:
    """An article read from the web, with every (URL, relation) it was seen under."""

    article: Article
    urls: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AlreadyStored:
    """A URL not fetched because an article was already stored under it."""

    url: str
    article_id: str


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A configured feed and the state of its last poll."""

    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_status: str | None


@dataclass(frozen=True, slots=True)
class PollResult:
    """What polling one feed did."""

    feed: str
    status: str  # "ok", "not modified", "failed"
    added: int = 0
    duplicates: int = 0
    failed: int = 0


# -- reading URLs -------------------------------------------------------------------------------------


def read_url(
    store: Store,
    fetcher: Fetcher,
    url: str,
    *,
    language: str | None = None,
    published: date | None = None,
    response: Response | None = None,
    fetches: list[dict[str, object]] | None = None,
) -> Iterator[WebArticle | AlreadyStored | ReadFailure]:
    """Yield the article of a page URL, or the articles of a feed URL's items; failures in their place.

    A page URL under which an article is already stored is not fetched again (:class:`AlreadyStored`).
    With ``fetches``, fetches are appended to it instead of written to ``fetch_log`` (see :func:`_fetch`).
    """
    if response is None:
        known = article_for_url(store, url)
        if known is not None:
            log.info("%s is already stored; not fetching it again", url)
            yield AlreadyStored(url, known)
            return
        try:
            response = _fetch(store, fetcher, url, fetches=fetches)
        except FetchError as exc:
            yield ReadFailure(url, exc.reason, exc.detail)
            return
    if looks_like_feed(response.content, response.content_type):
        try:
            feed = parse_feed(response.content, url=response.url)
        except FeedError as exc:
            yield ReadFailure(url, exc.reason, exc.detail)
            return
        for item in feed.items:
            yield from _read_item(
                store, fetcher, item, language=language, published=published, fetches=fetches
            )
        return
    yield _page(url, response, language=language, published=published)


def _read_item(
    store: Store,
    fetcher: Fetcher,
    item: FeedItem,
    *,
    language: str | None,
    published: date | None,
    fetches: list[dict[str, object]] | None,
) -> Iterator[WebArticle | AlreadyStored | ReadFailure]:
    known = article_for_url(store, item.url)
    if known is not None:
        yield AlreadyStored(item.url, known)
        return
    try:
        response = _fetch(store, fetcher, item.url, fetches=fetches)
    except FetchError as exc:
        yield ReadFailure(item.url, exc.reason, exc.detail)
        return
    if looks_like_feed(response.content, response.content_type):
        yield ReadFailure(item.url, "not an article", f"{item.url}, an item of a feed, is itself a feed.")
        return
    fallback = item.published.date() if item.published else published
    yield _page(item.url, response, language=language, published=fallback)


def _page(
    url: str, response: Response, *, language: str | None, published: date | None
) -> WebArticle | ReadFailure:
    if response.content_type not in _PAGE_TYPES:
        return ReadFailure(
            url,
            "not a page",
            f"{url} is {response.content_type}, not an HTML page; pactwatch reads news pages and feeds.",
        )
    try:
        html = decode_html(response.content, response.charset, where=url)
        page = extract_page(html, url=response.url)
    except ExtractError as exc:
        return ReadFailure(url, exc.reason, exc.detail)
    article = article_from_page(
        page, language=language, published=published, fetched_at=response.fetched_at, origin=url
    )
    urls: list[tuple[str, str]] = [(url, "fetched")]
    if response.url != url:
        urls.append((response.url, "fetched"))
    if page.canonical_url and page.canonical_url not in (url, response.url):
        urls.append((page.canonical_url, "canonical"))
    urls.extend((target, "translation") for _lang, target in page.translations)
    return WebArticle(article, tuple(dict.fromkeys(urls)))


def _fetch(
    store: Store,
    fetcher: Fetcher,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    fetches: list[dict[str, object]] | None = None,
) -> Response:
    """Fetch ``url`` and record it in ``fetch_log`` (or append the row to ``fetches``, to write later)."""
    started = datetime.now(UTC)
    try:
        response = fetcher.get(url, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        _log_fetch(store, fetches, url, exc.status, "failed", exc.reason, 0, started)
        raise
    outcome = "not modified" if response.not_modified else "ok"
    _log_fetch(store, fetches, url, response.status, outcome, None, len(response.content), started)
    return response


def _log_fetch(
    store: Store,
    fetches: list[dict[str, object]] | None,
    url: str,
    status: int | None,
    outcome: str,
    reason: str | None,
    size: int,
    started: datetime,
) -> None:
    now = datetime.now(UTC)
    row: dict[str, object] = {
        "url": url,
        "status": status,
        "outcome": outcome,
        "reason": reason,
        "bytes": size,
        "elapsed_ms": int((now - started).total_seconds() * 1000),
        "fetched_at": now,
    }
    if fetches is not None:
        fetches.append(row)
        return
    with store.connect(write=True) as conn:
        conn.execute(fetch_log.insert().values(**row))


def record_failure(store: Store, failure: ReadFailure, stage: str = "ingest") -> bool:
    """Record a failure unless the same source already failed for the same reason; return if recorded."""
    with store.connect() as conn:
        known = conn.scalar(
            select(failures.c.id)
            .where(
                failures.c.stage == stage,
                failures.c.source == failure.source,
                failures.c.reason == failure.reason,
                failures.c.resolved.is_(False),
            )
            .limit(1)
        )
    if known is not None:
        return False
    store.record_failure(stage, failure.source, failure.reason, failure.detail)
    return True


# -- configured feeds ---------------------------------------------------------------------------------


def add_feed(store: Store, url: str, title: str | None = None) -> bool:
    """Add a feed to poll; return False when it is configured already."""
    if not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"feed URL {url!r} must start with http:// or https://")
    with store.connect(write=True) as conn:
        if conn.scalar(select(feeds.c.url).where(feeds.c.url == url)) is not None:
            return False
        conn.execute(feeds.insert().values(url=url, title=title, added_at=datetime.now(UTC)))
    return True


def remove_feed(store: Store, url: str) -> None:
    """Stop polling a feed, or raise :class:`NotFoundError`."""
    with store.connect(write=True) as conn:
        if conn.execute(delete(feeds).where(feeds.c.url == url)).rowcount == 0:
            raise NotFoundError(
                f"feed {url!r} is not configured in {store.url}; `pactwatch feeds list` shows them"
            )


def list_feeds(store: Store) -> list[FeedRow]:
    """Return the configured feeds, by URL."""
    with store.connect() as conn:
        rows = conn.execute(select(feeds).order_by(feeds.c.url)).all()
    return [
        FeedRow(
            url=r.url,
            title=r.title,
            etag=r.etag,
            last_modified=r.last_modified,
            last_polled_at=_utc(r.last_polled_at),
            last_status=r.last_status,
        )
        for r in rows
    ]


def poll_feeds(
    store: Store,
    fetcher: Fetcher,
    *,
    language: str | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> list[PollResult]:
    """Poll every configured feed once (conditional GET) and store its new items.

    Up to ``concurrency`` feeds are fetched at the same time (the fetcher still spaces requests to one host);
    everything is written to the store by the calling thread, one feed after the other in URL order, so the
    duplicate checks see each article in turn. An in-memory SQLite store (one shared connection) is polled one
    feed at a time.
    """
    if concurrency < 1:
        raise ConfigError(f"feed concurrency must be at least 1, got {concurrency}")
    rows = list_feeds(store)
    if concurrency == 1 or len(rows) < 2 or isinstance(store.engine.pool, StaticPool):
        return [_store_poll(store, _gather(store, fetcher, row, language), on_failure) for row in rows]
    with ThreadPoolExecutor(min(concurrency, len(rows)), thread_name_prefix="pactwatch-feed") as pool:
        gathered = [pool.submit(_gather, store, fetcher, row, language) for row in rows]
        return [_store_poll(store, g.result(), on_failure) for g in gathered]


@dataclass(slots=True)
class _Poll:
    """What fetching one feed and its new items produced, before anything of it is stored."""

    row: FeedRow
    fetches: list[dict[str, object]] = field(default_factory=list)
    response: Response | None = None
    error: FetchError | None = None
    items: list[WebArticle | AlreadyStored | ReadFailure] = field(default_factory=list)


def _gather(store: Store, fetcher: Fetcher, row: FeedRow, language: str | None) -> _Poll:
    """Fetch a feed and its new items (network and store reads only; safe in a worker thread)."""
    poll = _Poll(row)
    try:
        poll.response = _fetch(
            store, fetcher, row.url, etag=row.etag, last_modified=row.last_modified, fetches=poll.fetches
        )
    except FetchError as exc:
        poll.error = exc
        return poll
    if not poll.response.not_modified:
        poll.items = list(
            read_url(store, fetcher, row.url, language=language, response=poll.response, fetches=poll.fetches)
        )
    return poll


def _store_poll(store: Store, poll: _Poll, on_failure: Callable[[ReadFailure], None] | None) -> PollResult:
    def fail(failure: ReadFailure) -> None:
        record_failure(store, failure)
        if on_failure:
            on_failure(failure)

    url = poll.row.url
    if poll.fetches:
        with store.connect(write=True) as conn:
            conn.execute(fetch_log.insert(), poll.fetches)
    if poll.error is not None or poll.response is None:
        reason = poll.error.reason if poll.error else "failed"
        fail(ReadFailure(url, reason, poll.error.detail if poll.error else "the feed was not fetched"))
        _set_state(store, url, f"failed: {reason}")
        return PollResult(url, "failed", failed=1)
    response = poll.response
    if response.not_modified:
        _set_state(store, url, "not modified")
        return PollResult(url, "not modified")
    added = duplicates = failed = 0
    for item in poll.items:
        if isinstance(item, ReadFailure):
            failed += 1
            fail(item)
            continue
        if isinstance(item, AlreadyStored):
            duplicates += 1
            continue
        outcome = save_articles(store, [(item.article, item.urls)])[0]
        added += outcome.status == "added"
        duplicates += outcome.status != "added"
    # Validators are saved only after every item is stored: a crash before this point re-reads the feed.
    status = f"ok: {added} new" + (f", {failed} failed" if failed else "")
    _set_state(store, url, status, etag=response.etag, last_modified=response.last_modified)
    return PollResult(url, "ok", added, duplicates, failed)


def _set_state(
    store: Store, url: str, status: str, *, etag: str | None = None, last_modified: str | None = None
) -> None:
    values: dict[str, object] = {"last_polled_at": datetime.now(UTC), "last_status": status}
    if status.startswith("ok"):
        values.update(etag=etag, last_modified=last_modified)
    with store.connect(write=True) as conn:
        conn.execute(update(feeds).where(feeds.c.url == url).values(**values))


def watch(
    store: Store,
    fetcher: Fetcher,
    *,
    interval: float,
    rounds: int | None = None,
    stop: threading.Event | None = None,
    language: str | None = None,
    on_round: Callable[[Sequence[PollResult]], None] | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> int:
    """Poll the configured feeds every ``interval`` seconds, ``rounds`` times (None: until ``stop`` is set).

    Returns the number of rounds run.
    """
    if interval < 0:
        raise ConfigError(f"watch interval must be >= 0 seconds, got {interval}")
    stop = stop or threading.Event()
    done = 0
    while rounds is None or done < rounds:
        results = poll_feeds(
            store, fetcher, language=language, on_failure=on_failure, concurrency=concurrency
        )
        done += 1
        if on_round:
            on_round(results)
        if (rounds is not None and done >= rounds) or stop.wait(interval):
            break
    return done


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
