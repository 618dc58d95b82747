"""Code stored articles on a Dask cluster: ``pactwatch run --scheduler tcp://HOST:PORT``.

This process is the one writer. It reads uncoded articles from the store, sends them to the cluster in batches
(one task per batch: Dask costs about 1.5 ms per task, far more than coding one short article), and saves each
batch's events as it comes back. Workers are stateless apart from the dictionaries they load on their first
batch and keep; they never touch the database, so they need pactwatch installed but no database access.

A worker that dies mid-batch loses nothing: Dask re-runs its task on another worker (up to the scheduler's
``allowed-failures``), and only finished batches are saved. Saving replaces an article's events, so a batch
that runs twice is stored once. If this process stops, saved batches stay saved; the next run codes the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, PactwatchError
from .events import dictionary_version
from .ingest import RunResult
from .models import Article
from .registry import ActorRegistry
from .store import Store
from .workers import CodeBatch, code_batch, save_batch

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["BATCH", "connect", "run_distributed"]

log = logging.getLogger(__name__)

BATCH = 200  # articles per task: about 0.3 s of coding, so Dask's per-task overhead is well under 1 %


def connect(scheduler: str, *, timeout: float = 10) -> Client:
    """Connect to the Dask scheduler at ``scheduler`` (``tcp://HOST:PORT``), or raise a clear error."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError(
            "--scheduler needs Dask distributed, which is not installed; pip install 'pactwatch[dask]'"
        ) from exc
    if "://" not in scheduler:
        raise ConfigError(f"--scheduler must be a URL such as tcp://127.0.0.1:8786, got {scheduler!r}")
    try:
        return Client(scheduler, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with `dask scheduler` "
            "and workers with `dask worker SCHEDULER`, or check the address"
        ) from exc


def run_distributed(
    store: Store,
    client: Client | str,
    *,
    batch: int = BATCH,
    recode: bool = False,
    progress: Callable[[int], None] | None = None,
    code: CodeBatch = code_batch,
    in_flight: int | None = None,
) -> RunResult:
    """Code the stored articles not yet coded with the current dictionaries on a Dask cluster.

    ``client`` is a :class:`distributed.Client` or a scheduler address. At most ``in_flight`` batches
    (default: two per worker thread) are out at once, so the store is read as the cluster keeps up.
    Raises :class:`PactwatchError` if a batch fails for good (its articles stay uncoded).
    """
    try:
        from distributed import as_completed
    except ImportError as exc:
        raise ConfigError(
            "--scheduler needs Dask distributed, which is not installed; pip install 'pactwatch[dask]'"
        ) from exc
    if batch < 1:
        raise ConfigError(f"the batch size must be at least 1, got {batch}")
    own = isinstance(client, str)
    dask = connect(client) if isinstance(client, str) else client
    try:
        version = dictionary_version()
        if in_flight is None:
            threads = sum(dask.nthreads().values()) or 1  # type: ignore[no-untyped-call]
            in_flight = 2 * threads
        registry = ActorRegistry(store)
        pending: Iterator[Article] = store.uncoded(version, recode=recode, batch=max(batch, 200))
        batches = iter(lambda: list(islice(pending, batch)), [])
        n_articles = n_events = 0
        sent: dict[Any, list[Article]] = {}  # future key -> its batch, to date the registry's sightings
        # pure=False: the same batch sent twice (a retry by the user) is a new task, not a cached result
        first = []
        for initial in islice(batches, in_flight):
            first.append(dask.submit(code, initial, registry.snapshot(), pure=False))
            sent[first[-1].key] = initial
        futures = as_completed(first)  # type: ignore[no-untyped-call]
        for future in futures:
            try:
                coded: list[Any] = future.result()
            except Exception as exc:
                raise PactwatchError(
                    f"a batch failed on the Dask cluster ({type(exc).__name__}: {exc}); {n_articles} "
                    "article(s) were coded and saved. Run again to code the rest"
                ) from exc
            finally:
                future.release()
            n_events += save_batch(store, registry, sent.pop(future.key), coded, version)
            n_articles += len(coded)
            if progress:
                progress(len(coded))
            work = next(batches, None)
            if work is not None:
                nxt = dask.submit(code, work, registry.snapshot(), pure=False)
                sent[nxt.key] = work
                futures.add(nxt)  # type: ignore[no-untyped-call]
        return RunResult(n_articles, n_events)
    finally:
        if own:
            dask.close()  # type: ignore[no-untyped-call]
