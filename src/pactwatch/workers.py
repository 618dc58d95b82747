"""Code stored articles in a pool of worker processes, with this process as the one writer.

``pactwatch run --workers N``: the writer reads uncoded articles from the store in batches, ships each batch
to a worker process (which loads the dictionaries once and keeps them), and saves each batch's events as it
comes back. Workers never touch the database, so SQLite's one-writer rule holds and a worker that dies
mid-batch costs nothing but that batch's work: its articles are not saved, so they are coded again by a fresh
pool. Saving replaces an article's events, so nothing is stored twice either.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from .actors import DocContext
from .errors import ConfigError, PactwatchError
from .events import dictionary_version
from .ingest import RunResult
from .models import Article, Doc, Event
from .pipeline import code_articles
from .registry import ActorRegistry, Sighting, Snapshot, sightings
from .store import Store

__all__ = ["BATCH", "CodeBatch", "Coded", "code_batch", "run_parallel", "save_batch", "warm_up"]

log = logging.getLogger(__name__)

BATCH = 100  # articles per task: large enough that shipping costs little, small enough to balance workers
MAX_RESTARTS = 3

Coded = tuple[str, list[Event], list[Sighting]]  # article id, its events, the people it taught the coder
CodeBatch = Callable[[Sequence[Article], Snapshot | None], list[Coded]]


def warm_up() -> None:
    """Load the English and Spanish coders and the language model, so a worker's first batch is not slow."""
    from .events import coder
    from .language import detect

    coder("en")
    coder("es")
    detect("warm up the language model")


def code_batch(batch: Sequence[Article], snapshot: Snapshot | None = None) -> list[Coded]:
    """Code one batch of articles, starting each from the registry ``snapshot``; runs in a worker, stateless.

    Returns ``(article id, events, sightings)``: the sightings are the titled people each article taught the
    coder, for the writer to add to the registry.
    """
    started: dict[str, tuple[Doc, DocContext]] = {}

    def contexts(doc: Doc) -> DocContext:
        ctx = snapshot.context(doc) if snapshot is not None else DocContext()
        started[doc.article.id] = (doc, ctx)
        return ctx

    out: list[Coded] = []
    for article, events in code_articles(batch, contexts=contexts):
        doc, ctx = started.pop(article.id)
        out.append((article.id, events, sightings(doc, ctx)))
    return out


def save_batch(
    store: Store, registry: ActorRegistry, batch: Sequence[Article], coded: list[Coded], version: str
) -> int:
    """Save a coded batch and teach the registry its people (what ``ingest.run`` does per batch)."""
    n_events = store.save_codings([(aid, events) for aid, events, _ in coded], version)
    published = {a.id: a.published for a in batch}
    for aid, _, seen in coded:
        registry.learn_sightings(aid, published.get(aid), seen)
    registry.flush()
    return n_events


def run_parallel(
    store: Store,
    *,
    workers: int,
    batch: int = BATCH,
    recode: bool = False,
    progress: Callable[[int], None] | None = None,
    code: CodeBatch = code_batch,
    start_method: str = "spawn",
    max_restarts: int = MAX_RESTARTS,
) -> RunResult:
    """Code the stored articles not yet coded with the current dictionaries, in ``workers`` processes.

    Same result as :func:`pactwatch.ingest.run`. ``code`` must be a module-level function (it is pickled
    by name). A pool whose worker dies is replaced up to ``max_restarts`` times, re-running the unsaved
    batches; after that :class:`PactwatchError` is raised (everything saved so far stays saved).
    """
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    if batch < 1:
        raise ConfigError(f"the batch size must be at least 1, got {batch}")
    version = dictionary_version()
    registry = ActorRegistry(store)
    pending: Iterator[Article] = store.uncoded(version, recode=recode, batch=max(batch, 200))
    batches = iter(lambda: list(islice(pending, batch)), [])
    retry: list[list[Article]] = []
    n_articles = n_events = restarts = 0
    context = multiprocessing.get_context(start_method)
    while True:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up)
        running: dict[Future[list[Coded]], list[Article]] = {}
        try:
            while True:
                while len(running) < 2 * workers:  # keep every worker busy, but do not read the whole store
                    work = retry.pop() if retry else next(batches, None)
                    if work is None:
                        break
                    try:
                        future = pool.submit(code, work, registry.snapshot())
                    except BrokenProcessPool:
                        retry.append(work)  # the pool broke before taking it: keep it for the next pool
                        raise
                    running[future] = work
                if not running:
                    return RunResult(n_articles, n_events)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    coded = future.result()  # BrokenProcessPool if a worker died: the batch stays in running
                    work = running.pop(future)
                    n_events += save_batch(store, registry, work, coded, version)
                    n_articles += len(coded)
                    if progress:
                        progress(len(work))
        except BrokenProcessPool as exc:
            restarts += 1
            retry.extend(running.values())
            lost = sum(len(b) for b in running.values())
            if restarts > max_restarts:
                raise PactwatchError(
                    f"a coding worker died {restarts} times ({exc}); {n_articles} article(s) were coded and "
                    f"saved, {lost} in flight were not. Run again to code the rest; if it keeps failing, "
                    "run without --workers to see the error"
                ) from exc
            log.warning("a coding worker died; restarting the pool and re-coding %d article(s)", lost)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
