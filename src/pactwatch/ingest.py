"""Database mode: store articles from inputs, and code the stored articles that are not coded yet."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

from .events import dictionary_version
from .models import Article
from .pipeline import code_articles
from .readers import ReadFailure, read_inputs
from .store import Store

log = logging.getLogger(__name__)
BATCH = 200


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: new articles, articles already stored, inputs that failed."""

    added: int
    duplicates: int
    failed: int


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
) -> IngestResult:
    """Read the sources into the store; failures are recorded in the store and reported, never raised."""
    added = duplicates = failed = 0
    articles: list[Article] = []

    def flush() -> None:
        nonlocal added, duplicates
        if articles:
            result = store.add_articles(articles)
            added += result.added
            duplicates += result.duplicates
            articles.clear()

    for item in read_inputs(sources, language=language, published=published):
        if isinstance(item, ReadFailure):
            failed += 1
            store.record_failure("ingest", item.source, item.reason, item.detail)
            if on_failure:
                on_failure(item)
            continue
        articles.append(item)
        if len(articles) >= BATCH:
            flush()
    flush()
    return IngestResult(added, duplicates, failed)


def run(store: Store, *, recode: bool = False, progress: Callable[[int], None] | None = None) -> RunResult:
    """Code the stored articles not yet coded with the current dictionaries; running twice adds nothing."""
    version = dictionary_version()
    n_articles = n_events = 0
    pending: Iterator[Article] = store.uncoded(version, recode=recode)
    while batch := list(islice(pending, BATCH)):
        coded = [(a.id, events) for a, events in code_articles(batch)]
        n_events += store.save_codings(coded, version)
        n_articles += len(coded)
        if progress:
            progress(len(batch))
    return RunResult(n_articles, n_events)
