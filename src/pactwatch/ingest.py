"""Database mode: store articles from inputs, and code the stored articles that are not coded yet."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from .events import dictionary_version
from .fetch import Fetcher, FetchOptions, is_url
from .models import Article, Event
from .pipeline import code_articles
from .readers import ReadFailure, read_inputs
from .registry import ActorRegistry
from .store import Store
from .watch import AlreadyStored, WebArticle, read_url, record_failure

log = logging.getLogger(__name__)
BATCH = 200


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: new articles, articles already stored (exactly or nearly), inputs that failed."""

    added: int
    duplicates: int
    failed: int
    near_duplicates: int = 0  # also counted in ``duplicates``


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a coding run did."""

    articles: int
    events: int


def ingest(
    store: Store,
    sources: Sequence[str],
    *,
    language: str | None = None,
    published: date | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
    max_bytes: int = 20_000_000,
    fetch_options: FetchOptions | None = None,
    fetcher: Fetcher | None = None,
    progress: Callable[[int], None] | None = None,
    on_stored: Callable[[list[Article]], None] | None = None,
) -> IngestResult:
    """Read the sources into the store; failures are recorded in the store and reported, never raised.

    A source is a path (file or directory), ``-`` (stdin), an http(s) URL of a page or a feed, or ``@FILE``
    naming a list of sources, one a line. Articles are stored in batches, each batch in one transaction, so
    an interrupted ingest keeps every finished batch and a re-run adds only what is missing.
    ``fetcher`` (with its transport) is built from ``fetch_options`` (default: ``max_bytes`` and the
    defaults of :class:`~pactwatch.fetch.FetchOptions`) when not given. A failure already recorded and
    unresolved is not recorded twice, so re-running an ingest changes nothing. ``on_stored`` receives the
    articles each batch added, once the batch is committed (:func:`pactwatch.workers.ingest_parallel` codes
    them meanwhile).
    """
    from .dedup import save_articles

    added = duplicates = near = failed = 0
    pending: list[tuple[Article, Sequence[tuple[str, str]]]] = []
    own_fetcher = fetcher is None
    web: Fetcher | None = fetcher

    def flush() -> None:
        nonlocal added, duplicates, near
        stored = []
        for (article, _), outcome in zip(pending, save_articles(store, pending), strict=True):
            added += outcome.status == "added"
            duplicates += outcome.status != "added"
            near += outcome.status == "near-duplicate"
            if outcome.status == "added":
                stored.append(article)
        if progress and pending:
            progress(len(pending))
        pending.clear()
        if on_stored and stored:
            on_stored(stored)

    def fail(item: ReadFailure) -> None:
        nonlocal failed
        failed += 1
        record_failure(store, item)
        if on_failure:
            on_failure(item)

    def items() -> Iterator[Article | WebArticle | AlreadyStored | ReadFailure]:
        nonlocal web
        paths: list[str] = []
        for source in _expand(sources):
            if isinstance(source, ReadFailure):
                yield source
            elif is_url(source):
                if paths:
                    yield from read_inputs(paths, language=language, published=published, max_bytes=max_bytes)
                    paths.clear()
                if web is None:
                    web = Fetcher(fetch_options or FetchOptions(max_bytes=max_bytes))
                yield from read_url(store, web, source, language=language, published=published)
            else:
                paths.append(source)
        if paths:
            yield from read_inputs(paths, language=language, published=published, max_bytes=max_bytes)

    try:
        for item in items():
            if isinstance(item, ReadFailure):
                fail(item)
            elif isinstance(item, AlreadyStored):
                duplicates += 1
            elif isinstance(item, WebArticle):
                # A fetched page is expensive to get again: store it at once.
                flush()
                pending.append((item.article, item.urls))
                flush()
            else:
                pending.append((item, ()))
                if len(pending) >= BATCH:
                    flush()
        flush()
    finally:
        if own_fetcher and web is not None:
            web.close()
    return IngestResult(added, duplicates, failed, near)


def _expand(sources: Sequence[str], depth: int = 0) -> Iterator[str | ReadFailure]:
    """Yield the sources, replacing each ``@FILE`` by the sources it lists (relative to its directory)."""
    for source in sources:
        if not source.startswith("@") or len(source) == 1:
            yield source
            continue
        path = Path(source[1:])
        if depth >= 3:
            yield ReadFailure(source, "list too deep", f"{source} is a list nested more than 3 deep.")
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            yield ReadFailure(
                source, "cannot read", f"Cannot read the list of sources {path}: {e}; check the path."
            )
            continue
        listed = []
        for line in lines:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if not is_url(entry) and not entry.startswith("@") and entry != "-":
                entry = str(path.parent / entry)
            listed.append(entry)
        yield from _expand(listed, depth + 1)


def run(store: Store, *, recode: bool = False, progress: Callable[[int], None] | None = None) -> RunResult:
    """Code the stored articles not yet coded with the current dictionaries; running twice adds nothing."""
    version = dictionary_version()
    n_articles = n_events = 0
    registry = ActorRegistry(store)  # people known from earlier articles; new ones are learned per article
    pending: Iterator[Article] = store.uncoded(version, recode=recode)
    while batch := list(islice(pending, BATCH)):
        coded: list[tuple[str, list[Event]]] = []
        for a, events in code_articles(batch, contexts=registry.context):
            registry.learn(a.id)
            coded.append((a.id, events))
        n_events += store.save_codings(coded, version)
        registry.flush()
        n_articles += len(coded)
        if progress:
            progress(len(batch))
    return RunResult(n_articles, n_events)
