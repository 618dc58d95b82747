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
from typing import Any

from .actors import DocContext
from .errors import ConfigError, PactwatchError
from .eventrows import CodingRows, coding_rows
from .events import dictionary_version
from .ingest import IngestResult, RunResult, ingest
from .models import Article, Doc
from .pipeline import code_articles
from .registry import ActorRegistry, Sighting, Snapshot, sightings
from .store import Store

__all__ = [
    "BATCH",
    "CodeBatch",
    "Coded",
    "ParallelCoder",
    "code_batch",
    "ingest_parallel",
    "run_parallel",
    "save_batch",
    "warm_up",
]

log = logging.getLogger(__name__)

BATCH = 100  # articles per task: large enough that shipping costs little, small enough to balance workers
MAX_RESTARTS = 3

Coded = tuple[str, CodingRows, list[Sighting]]  # article id, its events as rows, the people it taught
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

    Returns ``(article id, event rows, sightings)``: the events already as table rows, so the one writer only
    inserts them; the sightings are the titled people each article taught the coder, for the writer to add
    to the registry.
    """
    started: dict[str, tuple[Doc, DocContext]] = {}

    def contexts(doc: Doc) -> DocContext:
        ctx = snapshot.context(doc) if snapshot is not None else DocContext()
        started[doc.article.id] = (doc, ctx)
        return ctx

    out: list[Coded] = []
    for article, events in code_articles(batch, contexts=contexts):
        doc, ctx = started.pop(article.id)
        out.append((article.id, coding_rows(article.id, events), sightings(doc, ctx)))
    return out


def save_batch(
    store: Store, registry: ActorRegistry, batch: Sequence[Article], coded: list[Coded], version: str
) -> int:
    """Save a coded batch and teach the registry its people (what ``ingest.run`` does per batch)."""
    n_events = store.save_coding_rows([rows for _, rows, _ in coded], version)
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
    with ParallelCoder(
        store,
        workers=workers,
        batch=batch,
        progress=progress,
        code=code,
        start_method=start_method,
        max_restarts=max_restarts,
    ) as coder:
        coder.code_uncoded(recode=recode)
        return coder.result()


def ingest_parallel(
    store: Store,
    sources: Sequence[str],
    *,
    workers: int,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> tuple[IngestResult, RunResult]:
    """Ingest ``sources`` and code them in ``workers`` processes as each ingested batch is stored.

    Stores the same articles and finds the same duplicates and events as :func:`~pactwatch.ingest.ingest`
    then :func:`run_parallel`, but the pool starts while the first batch is read and coding overlaps
    ingesting. Articles are coded in input order, so the people the actor registry learns reach slightly
    different articles (docs/scale.md). Articles stored before and still uncoded are coded at the end.
    ``options`` go to :func:`~pactwatch.ingest.ingest`; ``progress`` counts articles coded.
    """
    with ParallelCoder(store, workers=workers, batch=batch, progress=progress) as coder:
        ingested = ingest(store, sources, on_stored=coder.add, **options)
        coder.code_uncoded()
        return ingested, coder.result()


class ParallelCoder:
    """The writer's side of parallel coding: a pool of coding processes, and saving what they send back.

    The pool starts (and loads the dictionaries) as soon as the coder is made, so the caller can do other
    work meanwhile, such as ingesting. :meth:`add` hands over articles just stored and returns quickly;
    :meth:`code_uncoded` codes whatever is still uncoded and waits for everything in flight. At most two
    batches per worker are in flight and at most as many wait, so memory stays flat however much is fed.
    """

    def __init__(
        self,
        store: Store,
        *,
        workers: int,
        batch: int = BATCH,
        progress: Callable[[int], None] | None = None,
        code: CodeBatch = code_batch,
        start_method: str = "spawn",
        max_restarts: int = MAX_RESTARTS,
    ) -> None:
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {workers}")
        if batch < 1:
            raise ConfigError(f"the batch size must be at least 1, got {batch}")
        self.store = store
        self.workers = workers
        self.batch = batch
        self.progress = progress
        self.code = code
        self.max_restarts = max_restarts
        self.version = dictionary_version()
        self.registry = ActorRegistry(store)
        self.n_articles = self.n_events = self.restarts = 0
        self._context = multiprocessing.get_context(start_method)
        self._waiting: list[list[Article]] = []  # batches not submitted yet (fed, or retried after a crash)
        self._running: dict[Future[list[Coded]], list[Article]] = {}
        self._pool = self._start_pool()

    def __enter__(self) -> ParallelCoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the pool; batches still in flight are dropped (their articles stay uncoded)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def result(self) -> RunResult:
        """Return what was coded and saved so far."""
        return RunResult(self.n_articles, self.n_events)

    def add(self, stored: Sequence[Article]) -> None:
        """Code these stored articles; save the batches that are done, waiting only if too much is queued."""
        for i in range(0, len(stored), self.batch):
            self._waiting.insert(0, list(stored[i : i + self.batch]))  # popped from the end: oldest first
        self._pump(block=False)
        while len(self._waiting) > 2 * self.workers:
            self._pump(block=True)

    def code_uncoded(self, *, recode: bool = False) -> None:
        """Finish what was added, then code every stored article still uncoded; return when all is saved."""
        while self._waiting or self._running:
            self._pump(block=True)
        pending: Iterator[Article] = self.store.uncoded(
            self.version, recode=recode, batch=max(self.batch, 200)
        )
        batches = iter(lambda: list(islice(pending, self.batch)), [])
        while True:
            while len(self._waiting) + len(self._running) < 2 * self.workers:
                work = next(batches, None)
                if work is None:
                    break
                self._waiting.insert(0, work)
            if not self._waiting and not self._running:
                return
            self._pump(block=True)

    def _start_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=warm_up)
        try:
            for _ in range(self.workers):
                pool.submit(_started)  # start every process now: each loads the dictionaries meanwhile
        except BrokenProcessPool:
            pass  # noticed, and the pool replaced, on the first real batch
        return pool

    def _pump(self, *, block: bool) -> None:
        """Submit waiting batches while workers have room, then save the finished ones (waiting for one)."""
        try:
            while self._waiting and len(self._running) < 2 * self.workers:
                work = self._waiting.pop()
                try:
                    future = self._pool.submit(self.code, work, self.registry.snapshot())
                except BrokenProcessPool:
                    self._waiting.append(work)  # the pool broke before taking it: keep it for the next pool
                    raise
                self._running[future] = work
            if not self._running:
                return
            done, _ = wait(self._running, timeout=None if block else 0, return_when=FIRST_COMPLETED)
            for future in done:
                coded = future.result()  # BrokenProcessPool if a worker died: the batch stays in running
                work = self._running.pop(future)
                self.n_events += save_batch(self.store, self.registry, work, coded, self.version)
                self.n_articles += len(coded)
                if self.progress:
                    self.progress(len(work))
        except BrokenProcessPool as exc:
            self._restart(exc)

    def _restart(self, exc: BrokenProcessPool) -> None:
        self.restarts += 1
        lost = sum(len(b) for b in self._running.values())
        self._waiting.extend(self._running.values())
        self._running.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self.restarts > self.max_restarts:
            raise PactwatchError(
                f"a coding worker died {self.restarts} times ({exc}); {self.n_articles} article(s) were "
                f"coded and saved, {lost} in flight were not. Run again to code the rest; if it keeps "
                "failing, run without --workers to see the error"
            ) from exc
        log.warning("a coding worker died; restarting the pool and re-coding %d article(s)", lost)
        self._pool = self._start_pool()


def _started() -> None:
    """Do nothing: submitted once per worker so that the pool starts all its processes at once."""
