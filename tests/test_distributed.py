"""The Dask backend (`pactwatch run --scheduler URL`) on a real LocalCluster: batches of articles go to worker
processes, results come back to one writer; a worker killed mid-batch loses and duplicates nothing."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from pactwatch.errors import ConfigError, PactwatchError
from pactwatch.ingest import ingest
from pactwatch.models import Article
from pactwatch.registry import Snapshot
from pactwatch.store import Store
from pactwatch.workers import Coded
from test_workers import SAMPLES, filled, kill_first, snapshot

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from pactwatch.distributed import connect, run_distributed  # noqa: E402


def broken(batch: Sequence[Article], snapshot: Snapshot | None = None) -> list[Coded]:
    raise RuntimeError(f"cannot code {batch[0].id}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as c:
        yield c


@pytest.fixture
def client(cluster: distributed.LocalCluster) -> Iterator[distributed.Client]:
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[tuple[str, str, str]]]:
    from pactwatch.ingest import run

    with Store.open(tmp_path_factory.mktemp("serial") / "s.db") as store:
        ingest(store, [SAMPLES])
        run(store)
        return snapshot(store)


def test_cluster_stores_the_same_events_as_one_process(
    tmp_path: Path, client: distributed.Client, serial: tuple[int, list[object]]
) -> None:
    seen: list[int] = []
    with filled(tmp_path / "d.db") as store:
        result = run_distributed(store, client, batch=5, progress=seen.append)
        assert snapshot(store) == serial
        assert result.articles == sum(seen) == 42 and result.events == len(serial[1])
        assert run_distributed(store, client, batch=5).articles == 0  # running twice adds nothing


def test_scheduler_address_works_like_a_client(
    tmp_path: Path, cluster: distributed.LocalCluster, serial: tuple[int, list[object]]
) -> None:
    with filled(tmp_path / "d.db") as store:
        run_distributed(store, cluster.scheduler_address, batch=10)
        assert snapshot(store) == serial


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    tmp_path: Path, client: distributed.Client, serial: tuple[int, list[object]]
) -> None:
    marker = tmp_path / "killed"
    with filled(tmp_path / "d.db") as store:
        result = run_distributed(store, client, batch=4, code=functools.partial(kill_first, str(marker)))
        assert marker.exists()  # a worker really died
        assert snapshot(store) == serial
        assert result.articles == 42
    client.wait_for_workers(2, timeout=30)  # the nanny restarted it for the next test


def test_a_failing_batch_is_reported_and_nothing_half_saved(
    tmp_path: Path, client: distributed.Client
) -> None:
    with filled(tmp_path / "d.db") as store:
        with pytest.raises(
            PactwatchError, match=r"batch failed on the Dask cluster \(RuntimeError: cannot code"
        ):
            run_distributed(store, client, batch=50, code=broken)
        assert store.summary().coded == 0


def test_unreachable_scheduler_is_a_config_error_with_a_hint() -> None:
    with pytest.raises(
        ConfigError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9.*dask scheduler"
    ):
        connect("tcp://127.0.0.1:9", timeout=1)
    with pytest.raises(ConfigError, match="must be a URL"):
        connect("127.0.0.1:8786")


def test_cli_run_with_scheduler(
    tmp_path: Path, cluster: distributed.LocalCluster, serial: tuple[int, list[object]]
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_DB"}
    base = [sys.executable, "-m", "pactwatch", "--db", db]
    assert subprocess.run([*base, "ingest", SAMPLES, "-q"], env=env, capture_output=True).returncode == 0
    done = subprocess.run(
        [*base, "run", "--scheduler", cluster.scheduler_address], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"42 article(s) coded, {len(serial[1])} event(s) stored" in done.stderr
    with Store.open(tmp_path / "cli.db") as store:
        assert snapshot(store) == serial
