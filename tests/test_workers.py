"""The process-pool runner (`pactwatch run --workers N`): same result as one process, one writer, and a worker
that dies mid-batch loses and duplicates nothing. Uses real worker processes and real SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from pactwatch import workers
from pactwatch.errors import ConfigError, PactwatchError
from pactwatch.events import dictionary_version
from pactwatch.ingest import ingest, run
from pactwatch.models import Article
from pactwatch.registry import ActorRegistry, Snapshot
from pactwatch.store import EventFilter, Store
from pactwatch.workers import Coded, ParallelCoder, code_batch, ingest_parallel, run_parallel

SAMPLES = str(resources.files("pactwatch") / "data" / "samples" / "articles.jsonl")
CRASH_MARKER = "PACTWATCH_TEST_CRASH_MARKER"


def crash_once(batch: Sequence[Article], snapshot: Snapshot | None = None) -> list[Coded]:
    """Code the batch, except that the first call anywhere kills its worker process mid-batch."""
    return kill_first(os.environ[CRASH_MARKER], batch, snapshot)


def kill_first(marker: str, batch: Sequence[Article], snapshot: Snapshot | None = None) -> list[Coded]:
    """Code the batch, except that the first call to create ``marker`` kills its process mid-batch."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return code_batch(batch, snapshot)
    os.close(fd)
    code_batch(batch[: len(batch) // 2], snapshot)
    os._exit(3)


def crash_always(batch: Sequence[Article], snapshot: Snapshot | None = None) -> list[Coded]:
    os._exit(3)


def snapshot(store: Store) -> tuple[int, list[tuple[str, str, str]]]:
    """Coded articles and every stored event as (id, article, type): what 'nothing lost or doubled' checks."""
    evs = store.events(EventFilter(limit=None))
    return store.summary().coded, sorted((e.id, e.article_id, e.event) for e in evs)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[tuple[str, str, str]]]:
    path = tmp_path_factory.mktemp("serial") / "serial.db"
    with Store.open(path) as store:
        ingest(store, [SAMPLES])
        run(store)
        return snapshot(store)


def filled(path: Path) -> Store:
    store = Store.open(path)
    ingest(store, [SAMPLES])
    return store


def test_workers_store_the_same_events_as_one_process(
    tmp_path: Path, serial: tuple[int, list[object]]
) -> None:
    seen: list[int] = []
    with filled(tmp_path / "pool.db") as store:
        result = run_parallel(store, workers=2, batch=5, progress=seen.append)
        assert snapshot(store) == serial
        assert result.articles == serial[0] == sum(seen) == 42
        assert result.events == len(serial[1]) > 0
        again = run_parallel(store, workers=2, batch=5)  # running twice adds nothing
        assert (again.articles, again.events) == (0, 0)
        assert snapshot(store) == serial


def test_ingest_and_code_in_one_pipeline_stores_the_same_events(
    tmp_path: Path, serial: tuple[int, list[object]]
) -> None:
    seen: list[int] = []
    with Store.open(tmp_path / "pipe.db") as store:
        ingested, result = ingest_parallel(store, [SAMPLES], workers=2, batch=5, progress=seen.append)
        assert (ingested.added, ingested.duplicates, ingested.failed) == (42, 0, 0)
        assert snapshot(store) == serial
        assert (result.articles, result.events) == (42, len(serial[1])) and sum(seen) == 42
        again, rerun = ingest_parallel(store, [SAMPLES], workers=2)
        assert (again.added, again.duplicates, rerun.articles) == (0, 42, 0)
        assert snapshot(store) == serial


def test_the_pipeline_also_codes_articles_stored_earlier(
    tmp_path: Path, serial: tuple[int, list[object]]
) -> None:
    with filled(tmp_path / "pipe.db") as store:  # stored, not coded
        ingested, result = ingest_parallel(store, [SAMPLES], workers=1)
        assert ingested.added == 0 and result.articles == 42
        assert snapshot(store) == serial


def test_a_worker_dying_during_the_pipeline_loses_and_duplicates_nothing(
    tmp_path: Path, serial: tuple[int, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CRASH_MARKER, str(tmp_path / "crashed"))
    with Store.open(tmp_path / "pipe.db") as store:
        with ParallelCoder(store, workers=2, batch=4, code=crash_once) as coder:
            ingest(store, [SAMPLES], on_stored=coder.add)
            coder.code_uncoded()
            assert coder.restarts == 1 and coder.result().articles == 42
        assert (tmp_path / "crashed").exists()
        assert snapshot(store) == serial


def test_workers_teach_the_actor_registry_what_one_process_learns(tmp_path: Path) -> None:
    def people(store: Store) -> list[tuple[str, str, int]]:
        return sorted((e.name, e.code, e.evidence) for e in ActorRegistry(store).entries())

    with filled(tmp_path / "one.db") as one:
        run(one)
        expected = people(one)
    with filled(tmp_path / "pool.db") as pool:
        run_parallel(pool, workers=2, batch=5)
        learned = people(pool)
    assert any(name == "Oleg Marchenko" and code == "BLR" for name, code, _ in expected)
    assert learned == expected


def test_a_worker_dying_mid_batch_loses_and_duplicates_nothing(
    tmp_path: Path, serial: tuple[int, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "crashed"
    monkeypatch.setenv(CRASH_MARKER, str(marker))
    with filled(tmp_path / "pool.db") as store:
        result = run_parallel(store, workers=2, batch=4, code=crash_once)
        assert marker.exists()  # a worker really died
        assert snapshot(store) == serial
        assert result.articles == 42


class BreaksOnThirdSubmit(ProcessPoolExecutor):
    """A real pool that reports itself broken when handed its third batch (as if a worker had just died)."""

    submits = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        BreaksOnThirdSubmit.submits += 1
        if BreaksOnThirdSubmit.submits == 3:
            raise BrokenProcessPool("a worker died while the batch was being submitted")
        return super().submit(fn, *args, **kwargs)


def test_a_pool_breaking_while_a_batch_is_submitted_loses_nothing(
    tmp_path: Path, serial: tuple[int, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "ProcessPoolExecutor", BreaksOnThirdSubmit)
    with filled(tmp_path / "pool.db") as store:
        result = run_parallel(store, workers=1, batch=5)
        assert BreaksOnThirdSubmit.submits > 3  # it broke, and the pool was replaced
        assert snapshot(store) == serial
        assert result.articles == 42


def test_a_worker_that_always_dies_is_reported_and_saved_work_stays(tmp_path: Path) -> None:
    with filled(tmp_path / "pool.db") as store:
        with pytest.raises(PactwatchError, match=r"worker died 2 times.*Run again"):
            run_parallel(store, workers=1, batch=10, code=crash_always, max_restarts=1)
        assert store.summary().coded == 0
        assert len(list(store.uncoded(dictionary_version()))) == 42


@pytest.mark.parametrize(("workers", "batch", "message"), [(0, 10, "--workers"), (2, 0, "batch size")])
def test_bad_settings_are_config_errors(tmp_path: Path, workers: int, batch: int, message: str) -> None:
    with Store.open(tmp_path / "x.db") as store, pytest.raises(ConfigError, match=message):
        run_parallel(store, workers=workers, batch=batch)


def test_cli_run_with_workers(tmp_path: Path, serial: tuple[int, list[object]]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_DB"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pactwatch", "--db", db, *args], capture_output=True, text=True, env=env
        )

    assert cli("ingest", SAMPLES, "--quiet").returncode == 0
    done = cli("run", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert f"42 article(s) coded, {len(serial[1])} event(s) stored" in done.stderr
    both = cli("run", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert both.returncode == 2 and "not both" in both.stderr
    with Store.open(tmp_path / "cli.db") as store:
        assert snapshot(store) == serial


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_ingest_and_code(tmp_path: Path, serial: tuple[int, list[object]], workers: str) -> None:
    """`ingest --code` (one process) and `ingest --code --workers 2` (pipeline) store what ingest + run do."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_DB"}
    base = [sys.executable, "-m", "pactwatch", "--db", db, "ingest", SAMPLES]
    done = subprocess.run([*base, "--code", "--workers", workers], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "42 article(s) added" in done.stderr
    assert f"42 article(s) coded, {len(serial[1])} event(s) stored" in done.stderr
    assert "grouped into stories" in done.stderr
    with Store.open(tmp_path / "cli.db") as store:
        assert snapshot(store)[0] == serial[0]
        assert [e[:2] for e in snapshot(store)[1]] == [e[:2] for e in serial[1]]  # same events, same articles
    if workers == "2":
        lone = subprocess.run([*base, "--workers", "2"], capture_output=True, text=True, env=env)
        assert lone.returncode == 2 and "--code" in lone.stderr
