"""The scale benchmark: coding speed per core, ingest+code+store on SQLite and PostgreSQL, peak RSS,
dictionary load time, and API latency on a large store. Figures are printed, never asserted.

Run: python bench/run.py --full   (or python bench/scale.py [--articles N] [--workers N] [--api-events N])

PostgreSQL figures need a server: PACTWATCH_BENCH_PG_URL (default: the server of .ci/setup-postgresql.sh);
the benchmark works in a scratch schema and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

PG_URL = os.environ.get(
    "PACTWATCH_BENCH_PG_URL",
    os.environ.get("PACTWATCH_TEST_PG_URL", "postgresql://pactwatch:pactwatch@127.0.0.1:5432/pactwatch_test"),
)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.system()} {platform.release()}; "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def load_time() -> tuple[float, float, float]:
    """Cold start in a fresh interpreter: (import pactwatch, load dictionaries + language model, RSS MB)."""
    script = (
        "import time, resource; t0 = time.perf_counter(); import pactwatch.workers as w;"
        "t1 = time.perf_counter();"
        "w.warm_up(); t2 = time.perf_counter();"
        "print(t1 - t0, t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    values = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"loading the dictionaries failed:\n{done.stderr}")
        values.append(tuple(float(x) for x in done.stdout.split()))
    best = min(values, key=lambda v: v[0] + v[1])
    return best[0], best[1], best[2]


def coding_speed(records: list[dict[str, str]], workers: int) -> dict[str, float]:
    """Sentences/s of the stateless coder in this process, and with a pool of ``workers`` processes."""
    from concurrent.futures import ProcessPoolExecutor

    from pactwatch.models import Article
    from pactwatch.pipeline import code_articles
    from pactwatch.sentences import split_sentences
    from pactwatch.workers import code_batch, warm_up

    warm_up()
    arts = [
        Article.from_text(
            r["text"], language=r["language"], published=date.fromisoformat(r["published"]), source_id=r["id"]
        )
        for r in records
    ]
    n_sentences = sum(1 for a in arts for _ in split_sentences(a.text))
    t0, cpu0 = time.perf_counter(), time.process_time()
    n_events = sum(len(evs) for _, evs in code_articles(arts))
    one, one_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    import multiprocessing

    batches = [arts[i : i + 100] for i in range(0, len(arts), 100)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up
    ) as pool:
        list(pool.map(warm_up_ok, range(workers)))  # start the workers before the clock
        t0 = time.perf_counter()
        pooled_events = sum(
            len(rows.events) for coded in pool.map(code_batch, batches) for _, rows, _ in coded
        )
        many = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # counted once the workers have exited
    pool_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert pooled_events == n_events, (pooled_events, n_events)
    return {
        "articles": len(arts),
        "sentences": n_sentences,
        "events": n_events,
        "one_s": one,
        "one_cpu_s": one_cpu,
        "pool_s": many,
        "pool_cpu_s": pool_cpu,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def warm_up_ok(_: int) -> bool:
    time.sleep(0.2)  # one call per worker, so every worker has run its initializer
    return True


@contextmanager
def pg_schema() -> Iterator[str | None]:
    """Yield a URL on a scratch schema of the benchmark PostgreSQL server, or None when there is none."""
    import sqlalchemy as sa

    from pactwatch.store import _resolve_url

    try:
        engine = sa.create_engine(_resolve_url(PG_URL), poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception as exc:  # any failure to reach it just skips the PostgreSQL figures
        print(f"  (PostgreSQL skipped: {type(exc).__name__}: {str(exc).splitlines()[0]})")
        yield None
        return
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by its child processes that have exited (workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def cpu_note(before: tuple[float, float]) -> str:
    """Describe the CPU time used since ``before`` (a :func:`cpu_seconds` reading)."""
    own, children = cpu_seconds()
    return f"CPU: writer {own - before[0]:.1f} s, workers {children - before[1]:.1f} s"


def end_to_end(url: str, source: Path, runner: Callable[..., object]) -> tuple[float, float, int, int]:
    """Ingest ``source`` into a fresh store at ``url``, code it; return (s, ingest s, articles, events)."""
    from pactwatch.ingest import ingest
    from pactwatch.store import Store

    t0 = time.perf_counter()
    with Store.open(url) as store:
        ingest(store, [str(source)])
        t1 = time.perf_counter()
        result = runner(store)
    t2 = time.perf_counter()
    return t2 - t0, t1 - t0, result.articles, result.events  # type: ignore[attr-defined]


def pipeline(url: str, source: Path, workers: int) -> tuple[float, int, int]:
    """Ingest and code ``source`` in one pipeline (``ingest_parallel``); return (s, articles, events)."""
    from pactwatch.store import Store
    from pactwatch.workers import ingest_parallel

    t0 = time.perf_counter()
    with Store.open(url) as store:
        _, result = ingest_parallel(store, [str(source)], workers=workers)
    return time.perf_counter() - t0, result.articles, result.events


def api_latency(n_events: int) -> None:
    """Run bench/api_latency.py (the API's own benchmark: real uvicorn on loopback) on ``n_events`` events."""
    script = Path(__file__).with_name("api_latency.py")
    if not script.exists():
        print(f"  (API latency skipped: {script.name} is not in bench/)")
        return
    done = subprocess.run(
        [sys.executable, str(script), "--events", str(n_events)], capture_output=True, text=True
    )
    print(done.stdout.rstrip())
    if done.returncode != 0:
        print(f"  (API latency failed: {done.stderr.strip().splitlines()[-1:]})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="pactwatch scale benchmark")
    parser.add_argument(
        "--articles", type=int, default=10_000, help="generated articles (about 11 sentences each)"
    )
    parser.add_argument("--store-articles", type=int, default=5_000, help="articles for the end-to-end runs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--api-events", type=int, default=1_000_000, help="events for API latency (0: skip)")
    parser.add_argument("--skip-coder", action="store_true", help="skip the coder-only figures (faster)")
    args = parser.parse_args(argv)

    from pactwatch.ingest import run
    from pactwatch.workers import run_parallel

    print(f"machine: {machine()}")
    print(
        "load average at start (other processes share the cores): {:.1f} {:.1f} {:.1f}".format(
            *os.getloadavg()
        )
    )
    records = list(corpus.articles(args.articles))
    if not args.skip_coder:
        imp, load, rss = load_time()
        print(
            f"dictionary load, fresh process: import {imp:.2f} s + dictionaries and language model "
            f"{load:.2f} s = {imp + load:.2f} s, RSS after load {rss:.0f} MB"
        )

        c = coding_speed(records, args.workers)
        print(
            f"corpus: {c['articles']:,} generated articles, {c['sentences']:,} sentences (EN+ES), "
            f"{c['events']:,} events"
        )
        per_core = c["sentences"] / c["one_s"]
        per_cpu = c["sentences"] / c["one_cpu_s"]
        pooled = c["sentences"] / c["pool_s"]
        print(
            f"stateless coder, 1 process: {per_core:,.0f} sentences/s/core wall clock, {per_cpu:,.0f} per "
            f"CPU second ({c['articles'] / c['one_s']:,.0f} articles/s)"
        )
        print(
            f"stateless coder, {args.workers} worker processes: {pooled:,.0f} sentences/s "
            f"(x{pooled / per_core:.2f} of one process), {c['sentences'] / c['pool_cpu_s']:,.0f} per CPU "
            f"second of the workers (start-up included); peak RSS per worker {c['worker_rss_mb']:.0f} MB"
        )

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "corpus.jsonl"
        corpus.write_jsonl(source, records[: args.store_articles])
        runs: list[tuple[str, Callable[..., object]]] = [
            ("SQLite, 1 process", run),
            (f"SQLite, --workers {args.workers}", lambda s: run_parallel(s, workers=args.workers)),
        ]
        for label, runner in runs:
            cpu = cpu_seconds()
            seconds, ingested, n_articles, n_events = end_to_end(
                f"sqlite:///{tmp / (uuid.uuid4().hex + '.db')}", source, runner
            )
            print(
                f"ingest + code + store, {label}: {n_articles / seconds:,.0f} articles/s "
                f"({n_articles:,} articles, {n_events:,} events in {seconds:.1f} s: ingest {ingested:.1f} s, "
                f"code + store {seconds - ingested:.1f} s; {cpu_note(cpu)})"
            )
        cpu = cpu_seconds()
        seconds, n_articles, n_events = pipeline(
            f"sqlite:///{tmp / (uuid.uuid4().hex + '.db')}", source, args.workers
        )
        print(
            f"ingest + code + store, SQLite, one pipeline with {args.workers} workers: "
            f"{n_articles / seconds:,.0f} articles/s ({n_articles:,} articles, {n_events:,} events in "
            f"{seconds:.1f} s; {cpu_note(cpu)})"
        )
        pg_runs: list[tuple[str, Callable[..., object] | None]] = [
            ("1 process", run),
            (f"--workers {args.workers}", lambda s: run_parallel(s, workers=args.workers)),
            ("pipeline", None),  # workers.ingest_parallel
        ]
        for label, pg_runner in pg_runs:
            with pg_schema() as url:
                if url is None:
                    break
                cpu = cpu_seconds()
                if pg_runner is None:
                    seconds, n_articles, n_events = pipeline(url, source, args.workers)
                    print(
                        f"ingest + code + store, PostgreSQL, one pipeline with {args.workers} workers: "
                        f"{n_articles / seconds:,.0f} articles/s ({n_articles:,} articles, {n_events:,} "
                        f"events in {seconds:.1f} s; {cpu_note(cpu)})"
                    )
                    continue
                seconds, ingested, n_articles, n_events = end_to_end(url, source, pg_runner)
                print(
                    f"ingest + code + store, PostgreSQL, {label}: {n_articles / seconds:,.0f} articles/s "
                    f"({n_articles:,} articles, {n_events:,} events in {seconds:.1f} s: "
                    f"ingest {ingested:.1f} s, code + store {seconds - ingested:.1f} s; {cpu_note(cpu)})"
                )
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of any worker process (child processes so far): {workers_rss:.0f} MB")
    if args.api_events:
        api_latency(args.api_events)
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS, benchmark process (writer): {rss:.0f} MB")


if __name__ == "__main__":
    main()
