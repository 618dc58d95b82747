"""Commands for ingestion from the web: `pactwatch feeds ...`, `pactwatch watch`, and the failure retry."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from .cli import _open_store, _warn, main, output_option, web_options
from .fetch import Fetcher, FetchOptions, is_url
from .ingest import ingest
from .output import write_records
from .readers import STDIN_NAME, ReadFailure
from .store import FailureRow, Store
from .watch import DEFAULT_CONCURRENCY, PollResult, add_feed, list_feeds, remove_feed, watch

_WHERE = re.compile(r"(?::\d+|\[\d+\])$")  # "file:12" or "file.json[3]": the file is what can be retried


def retry_sources(rows: Sequence[FailureRow]) -> dict[str, list[FailureRow]]:
    """Map each retryable source (URL, file or directory) to the failures a retry of it would clear."""
    out: dict[str, list[FailureRow]] = {}
    for row in rows:
        if row.stage != "ingest" or row.source.startswith(STDIN_NAME):
            continue
        source = row.source
        if not is_url(source) and not source.startswith("@") and not Path(source).exists():
            source = _WHERE.sub("", source)
        out.setdefault(source, []).append(row)
    return out


def fetch_options(max_bytes: int, host_delay: float, timeout: float, allow_private: bool) -> FetchOptions:
    """Build the fetch options of a command; ``allow_private`` False leaves the environment's choice."""
    options = FetchOptions(max_bytes=max_bytes, host_delay=host_delay, timeout=timeout)
    return replace(options, allow_private=True) if allow_private else options


def retry_failures(store: Store, *, allow_private: bool = False, quiet: bool = False) -> int:
    """Ingest the failed sources again and resolve the failures that did not happen again.

    A failure that happens again stays (one row per source and reason); one that fails differently gets a
    new row and the old one is resolved. Returns the number of inputs still failing.
    """
    sources = retry_sources(store.failures(unresolved_only=True))
    if not sources:
        if not quiet:
            click.echo("no failures to retry", err=True)
        return 0
    again: set[tuple[str, str]] = set()

    def failed(f: ReadFailure) -> None:
        again.add((f.source, f.reason))
        _warn(f"{f.source}: {f.reason}: {f.detail}")

    result = ingest(
        store,
        list(sources),
        fetch_options=replace(FetchOptions(), allow_private=True) if allow_private else None,
        on_failure=failed,
    )
    for rows in sources.values():
        for row in rows:
            if (row.source, row.reason) not in again:
                store.resolve_failure(row.id)
    if not quiet:
        click.echo(
            f"retried {len(sources)} source(s): {result.added} article(s) added, "
            f"{result.duplicates} already stored, {result.failed} still failing",
            err=True,
        )
    return result.failed


@main.group("feeds")
def feeds_group() -> None:
    """Configure the RSS/Atom feeds that `pactwatch watch` polls.

    Example: pactwatch feeds add https://example.org/world/rss.xml
    """


@feeds_group.command("add")
@click.argument("urls", nargs=-1, required=True)
@click.option("--title", help="A name for the feed (one URL only).")
@click.pass_context
def feeds_add(ctx: click.Context, urls: tuple[str, ...], title: str | None) -> None:
    """Add feeds to poll.

    Example: pactwatch feeds add https://example.org/world/rss.xml --title "Example World"
    """
    if title and len(urls) > 1:
        raise click.UsageError("--title names one feed; add feeds with titles one at a time")
    with _open_store(ctx) as store:
        for url in urls:
            if not add_feed(store, url, title):
                _warn(f"{url} is already configured")


@feeds_group.command("remove")
@click.argument("url")
@click.pass_context
def feeds_remove(ctx: click.Context, url: str) -> None:
    """Stop polling a feed (its articles stay stored).

    Example: pactwatch feeds remove https://example.org/world/rss.xml
    """
    with _open_store(ctx) as store:
        remove_feed(store, url)


@feeds_group.command("list")
@output_option("table")
@click.pass_context
def feeds_list(ctx: click.Context, fmt: str) -> None:
    """List the configured feeds and the state of their last poll.

    Example: pactwatch feeds list --format jsonl
    """
    with _open_store(ctx) as store:
        rows = list_feeds(store)
    write_records(
        (
            {
                "url": r.url,
                "title": r.title,
                "last_polled_at": r.last_polled_at.isoformat(timespec="seconds")
                if r.last_polled_at
                else None,
                "last_status": r.last_status,
                "etag": r.etag,
                "last_modified": r.last_modified,
            }
            for r in rows
        ),
        fmt,
        sys.stdout,
    )


@main.command("watch")
@click.option(
    "--interval", type=click.FloatRange(0), default=900.0, show_default=True, help="Seconds between polls."
)
@click.option("--once", is_flag=True, help="Poll every feed once and exit (for cron).")
@click.option("--rounds", type=click.IntRange(1), help="Poll this many times, then exit.")
@web_options(max_bytes=10_000_000)
@click.option(
    "--lang",
    type=click.Choice(["auto", "en", "es"]),
    default="auto",
    show_default=True,
    help="Language for articles (auto: identify it).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Feeds fetched at the same time (requests to one host are still spaced by --host-delay).",
)
@click.option("-q", "--quiet", is_flag=True, help="No per-round summary.")
@click.pass_context
def watch_cmd(
    ctx: click.Context,
    interval: float,
    once: bool,
    rounds: int | None,
    host_delay: float,
    timeout: float,
    max_bytes: int,
    allow_private_urls: bool,
    lang: str,
    concurrency: int,
    quiet: bool,
) -> None:
    """Poll the configured feeds on an interval and store their new articles (Ctrl-C stops).

    Polite by construction: conditional GET (ETag / Last-Modified), robots.txt, a delay between requests to
    one host, retries with backoff, a user agent naming pactwatch.

    Example: pactwatch watch --interval 600
    """
    options = fetch_options(max_bytes, host_delay, timeout, allow_private_urls)
    failed = 0

    def report(results: Sequence[PollResult]) -> None:
        nonlocal failed
        failed = sum(r.failed for r in results)
        if quiet:
            return
        for r in results:
            click.echo(
                f"{r.feed}: {r.status}, {r.added} new, {r.duplicates} already stored, {r.failed} failed",
                err=True,
            )

    with _open_store(ctx) as store, Fetcher(options) as fetcher:
        if not list_feeds(store):
            raise click.UsageError("no feeds are configured; add one with `pactwatch feeds add URL`")
        try:
            watch(
                store,
                fetcher,
                interval=interval,
                rounds=1 if once else rounds,
                language=None if lang == "auto" else lang,
                on_round=report,
                on_failure=lambda f: _warn(f"{f.source}: {f.reason}: {f.detail}"),
                concurrency=concurrency,
            )
        except KeyboardInterrupt:
            _warn("stopped")
    if failed:
        sys.exit(1)
