"""The pactwatch command line: a thin shell over the library.

Exit codes: 0 ok, 1 runtime or data error (including inputs that failed), 2 usage error.
Results go to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import PactwatchError
from .models import Article
from .output import FORMATS, write_records

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "sqlite:///pactwatch.db"
EVENT_COLUMNS = ("id", "date", "event", "mode", "actor", "recipient", "modality", "event_text", "rule")


def _db_url(ctx: click.Context) -> str:
    obj = ctx.find_root().obj or {}
    url = obj.get("db") or os.environ.get("PACTWATCH_DB") or DEFAULT_DB
    return str(url)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-05-14") from None


def output_option(default: str) -> Callable[[F], F]:
    """Add the shared ``--format`` option of listing commands."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        show_default=True,
        help="Output format.",
    )


def web_options(*, max_bytes: int) -> Callable[[F], F]:
    """Add the options of commands that fetch from the web.

    They are --allow-private-urls, --max-bytes, --host-delay and --timeout (parameters ``allow_private_urls``,
    ``max_bytes``, ``host_delay``, ``timeout``).
    """
    options = [
        click.option(
            "--allow-private-urls",
            is_flag=True,
            help="Fetch URLs on private or loopback addresses "
            "(refused by default; also PACTWATCH_ALLOW_PRIVATE_URLS=1).",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(1),
            default=max_bytes,
            show_default=True,
            help="Largest file or web response read; larger ones are recorded as failures.",
        ),
        click.option(
            "--host-delay",
            type=click.FloatRange(0),
            default=1.0,
            show_default=True,
            help="Seconds between two requests to the same web host.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(0.1),
            default=20.0,
            show_default=True,
            help="Seconds per web request.",
        ),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


@contextmanager
def _progress(total: int | None, label: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    """Show a progress bar on stderr when it is a terminal; otherwise stay silent."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=False,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _warn(message: str) -> None:
    click.echo(f"pactwatch: {message}", err=True)


class _Group(click.Group):
    """Turn pactwatch errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PactwatchError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    help="Database URL (sqlite:///file.db, postgresql://...). "
    "Default: $PACTWATCH_DB, else sqlite:///pactwatch.db in the current directory.",
)
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-v info, -vv debug).")
@click.version_option(package_name="pactwatch")
@click.pass_context
def main(ctx: click.Context, db: str | None, verbose: int) -> None:
    """Code political events (PLOVER) from news in English and Spanish, and explore them.

    Example: pactwatch demo
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"db": db}


# -- stateless coding ---------------------------------------------------------------------------------


@main.command("code")
@click.argument("paths", nargs=-1)
@click.option(
    "--date",
    "when",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Reference date for relative dates when an article has none (default: today).",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "en", "es"]),
    default="auto",
    show_default=True,
    help="Language of the input when an article does not say.",
)
@output_option("jsonl")
def code_cmd(paths: tuple[str, ...], when: date | None, lang: str, fmt: str) -> None:
    """Code text files, JSONL articles or stdin, and print one PLOVER record per event.

    PATHS are files or directories; '-' or nothing reads stdin. Nothing is stored.

    Example: echo "Cuba and Belarus signed a defence agreement in Minsk." | pactwatch code --date 2026-05-14
    """
    from .pipeline import code_articles
    from .readers import ReadFailure, read_inputs

    failures = 0
    language = None if lang == "auto" else lang

    def articles() -> Iterator[Article]:
        nonlocal failures
        for item in read_inputs(list(paths) or ["-"], language=language, published=when):
            if isinstance(item, ReadFailure):
                failures += 1
                _warn(f"{item.source}: {item.reason}: {item.detail}")
                continue
            yield item

    def records() -> Iterator[dict[str, Any]]:
        for _article, events in code_articles(articles(), lang=language, default_date=when):
            for event in events:
                yield event.to_plover()

    columns = EVENT_COLUMNS if fmt in ("csv", "table") else None
    write_records(records(), fmt, sys.stdout, columns=columns)
    if failures:
        _warn(f"{failures} input(s) failed; the rest was coded")
        sys.exit(1)


# -- database mode ------------------------------------------------------------------------------------


def _workers_option(help_text: str) -> Callable[[F], F]:
    """The --workers option of `ingest --code` and `run`: coding processes, this one the only writer."""
    return click.option(
        "--workers", type=click.IntRange(1, 256), default=1, show_default=True, help=help_text
    )


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--date",
    "when",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none.",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "en", "es"]),
    default="auto",
    show_default=True,
    help="Language for articles that do not say.",
)
@web_options(max_bytes=20_000_000)
@click.option("--code", is_flag=True, help="Also code the articles and group the events into stories.")
@_workers_option(
    "With --code: code in this many processes while ingesting (one pipeline; see docs/scale.md)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    when: date | None,
    lang: str,
    allow_private_urls: bool,
    max_bytes: int,
    host_delay: float,
    timeout: float,
    code: bool,
    workers: int,
    quiet: bool,
) -> None:
    """Store articles from files, directories, stdin ('-'), web pages, RSS/Atom feeds or @LIST files.

    Files may be .txt, .jsonl, .json, .html, .csv (a text column) or any of them .gz'ed; directories are
    read recursively. A URL is fetched: a page becomes one article, a feed one article per item. @FILE
    reads a list of such sources, one a line. Re-ingesting the same text adds nothing. Inputs that fail
    are recorded (see `pactwatch failures`) and make the exit code 1.

    With --code the articles are also coded, as `pactwatch run` would; with --code --workers N, N processes
    code each batch as soon as it is stored, while the next batches are read (the fastest way in).

    Example: pactwatch ingest articles.jsonl notes/ https://example.org/news/feed.xml @sources.txt
    """
    from .cli_ingest import fetch_options
    from .ingest import RunResult, ingest

    if workers > 1 and not code:
        raise click.UsageError("--workers codes the articles: give --code as well")
    options = fetch_options(max_bytes, host_delay, timeout, allow_private_urls)
    kwargs: dict[str, Any] = {
        "language": None if lang == "auto" else lang,
        "published": when,
        "on_failure": lambda f: _warn(f"{f.source}: {f.reason}: {f.detail}"),
        "max_bytes": max_bytes,
        "fetch_options": options,
    }
    coded: RunResult | None = None
    grouped = 0
    with _open_store(ctx) as store:
        if code and workers > 1:
            from .workers import ingest_parallel

            with _progress(None, "ingesting and coding", quiet) as advance:
                result, coded = ingest_parallel(store, sources, workers=workers, progress=advance, **kwargs)
        else:
            with _progress(None, "ingesting", quiet) as advance:
                result = ingest(store, sources, progress=advance, **kwargs)
            if code:
                from .ingest import run

                with _progress(store.summary().articles, "coding", quiet) as advance:
                    coded = run(store, progress=advance)
        if coded is not None:
            from .stories import update_stories

            grouped = update_stories(store)
    if not quiet:
        near = f" ({result.near_duplicates} near-duplicate)" if result.near_duplicates else ""
        click.echo(
            f"{result.added} article(s) added, {result.duplicates} already stored{near}, "
            f"{result.failed} failed",
            err=True,
        )
        if coded is not None:
            click.echo(
                f"{coded.articles} article(s) coded, {coded.events} event(s) stored, "
                f"{grouped} event(s) grouped into stories",
                err=True,
            )
    if result.failed:
        sys.exit(1)


@main.command("articles")
@click.option("--lang", help="Only articles in this language.")
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@output_option("table")
@click.pass_context
def articles_cmd(
    ctx: click.Context, lang: str | None, outlet: str | None, limit: int, offset: int, fmt: str
) -> None:
    """List stored articles.

    Example: pactwatch articles --lang es --format csv
    """
    with _open_store(ctx) as store:
        rows = store.list_articles(language=lang, outlet=outlet, limit=limit, offset=offset)
        records = (
            {
                "id": r.article.id,
                "published": r.article.published,
                "language": r.article.language,
                "outlet": r.article.outlet,
                "title": r.article.title,
                "url": r.article.url,
                "coded": r.coded,
                "events": r.n_events,
            }
            for r in rows
        )
        write_records(records, fmt, sys.stdout)


@main.command("run")
@click.option("--recode", is_flag=True, help="Also recode articles coded with other dictionaries.")
@_workers_option("Code in this many processes (this one stays the only writer).")
@click.option("--scheduler", metavar="URL", help="Code on a Dask cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.pass_context
def run_cmd(ctx: click.Context, recode: bool, workers: int, scheduler: str | None, quiet: bool) -> None:
    """Code the stored articles that are not coded yet (running it twice adds nothing).

    --workers and --scheduler code batches in parallel; each batch starts from the actor registry as it
    stood when the batch was sent (see docs/scale.md).

    Example: pactwatch run --workers 2
    """
    if scheduler and workers > 1:
        raise click.UsageError("give --workers or --scheduler, not both (the cluster decides its workers)")
    with _open_store(ctx) as store:
        total = store.summary().articles
        with _progress(total, "coding", quiet) as advance:
            if scheduler:
                from .distributed import run_distributed

                result = run_distributed(store, scheduler, recode=recode, progress=advance)
            elif workers > 1:
                from .workers import run_parallel

                result = run_parallel(store, workers=workers, recode=recode, progress=advance)
            else:
                from .ingest import run

                result = run(store, recode=recode, progress=advance)
        from .stories import update_stories

        grouped = update_stories(store)
    if not quiet:
        click.echo(
            f"{result.articles} article(s) coded, {result.events} event(s) stored, "
            f"{grouped} event(s) grouped into stories",
            err=True,
        )


@main.command("events")
@click.option("--country", help="Events with this country (ISO-3) as actor or recipient.")
@click.option("--actor", help="Events with this actor code.")
@click.option("--recipient", help="Events with this recipient code.")
@click.option("--dyad", nargs=2, metavar="A B", help="Events between A and B, in either direction.")
@click.option("--type", "etype", help="PLOVER event type, e.g. CONSULT.")
@click.option(
    "--modality",
    type=click.Choice(["factual", "negated", "hypothetical", "question", "future", "historical"]),
)
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD", help="Events on or after.")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD", help="Events on or before.")
@click.option("--text", help="Events whose sentence contains this text.")
@click.option("--lang", help="Events coded from articles in this language.")
@click.option("--article", help="Events of this article id.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@output_option("table")
@click.pass_context
def events_cmd(
    ctx: click.Context,
    country: str | None,
    actor: str | None,
    recipient: str | None,
    dyad: tuple[str, str] | None,
    etype: str | None,
    modality: str | None,
    date_from: date | None,
    date_to: date | None,
    text: str | None,
    lang: str | None,
    article: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List stored events, filtered.

    Example: pactwatch events --dyad CUB BLR --from 2026-01-01 --format jsonl
    """
    from .store import EventFilter

    filters = EventFilter(
        country=_code(country),
        actor=_code(actor),
        recipient=_code(recipient),
        dyad=(_up(dyad[0]), _up(dyad[1])) if dyad else None,
        event=_up(etype) if etype else None,
        modality=modality,
        date_from=date_from,
        date_to=date_to,
        text=text,
        language=lang,
        article_id=article,
        limit=limit,
        offset=offset,
    )
    with _open_store(ctx) as store:
        found = store.events(filters)
    columns = EVENT_COLUMNS if fmt in ("csv", "table") else None
    write_records((e.to_plover() for e in found), fmt, sys.stdout, columns=columns)


def _up(value: str) -> str:
    return value.strip().upper()


def _code(value: str | None) -> str | None:
    return _up(value) if value else None


@main.command("reindex")
@click.pass_context
def reindex_cmd(ctx: click.Context) -> None:
    """Rebuild the text-search index of the events (after a VACUUM, or rows written around pactwatch).

    Example: pactwatch reindex
    """
    from .migrations import rebuild_text_index

    with _open_store(ctx) as store, store.connect(write=True) as conn:
        click.echo(rebuild_text_index(conn), err=True)


@main.command("explain")
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def explain_cmd(ctx: click.Context, event_id: str, fmt: str) -> None:
    """Show why an event was coded: sentence, trigger, rule and actor resolution chain.

    Example: pactwatch explain e-3f2a9c0d1b2e4f50
    """
    from .explain import explain, explanation_dict

    with _open_store(ctx) as store:
        event = store.get_event(event_id)
        article = store.get_article(event.article_id)
    if fmt == "json":
        import json

        click.echo(json.dumps(explanation_dict(event, article), ensure_ascii=False, indent=2))
    else:
        click.echo(explain(event, article))


@main.command("failures")
@click.option("--all", "show_all", is_flag=True, help="Include failures already resolved.")
@click.option(
    "--retry",
    is_flag=True,
    help="Ingest the failed sources again; those that now succeed are marked resolved.",
)
@click.option("--allow-private-urls", is_flag=True, help="With --retry: fetch private or loopback URLs.")
@output_option("table")
@click.pass_context
def failures_cmd(ctx: click.Context, show_all: bool, retry: bool, allow_private_urls: bool, fmt: str) -> None:
    """List inputs that could not be ingested or coded, with the reason; --retry tries them again.

    Example: pactwatch failures --format jsonl
    """
    with _open_store(ctx) as store:
        if retry:
            from .cli_ingest import retry_failures

            still = retry_failures(store, allow_private=allow_private_urls)
            if still:
                sys.exit(1)
            return
        rows = store.failures(unresolved_only=not show_all)
        write_records(
            (
                {
                    "id": r.id,
                    "stage": r.stage,
                    "source": r.source,
                    "reason": r.reason,
                    "detail": r.detail,
                    "created_at": r.created_at.isoformat(timespec="seconds"),
                    "resolved": r.resolved,
                }
                for r in rows
            ),
            fmt,
            sys.stdout,
        )


@main.command("score")
@click.argument("gold", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["en", "es"]), help="Only records in this language.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--all-types",
    is_flag=True,
    help="Score single-label files (records with 'case_label') over all 16 types, not their own label space.",
)
def score_cmd(gold: tuple[str, ...], lang: str | None, fmt: str, all_types: bool) -> None:
    """Score the coder against gold JSONL files (the ../shared/eval schema): precision, recall, F1.

    Example: pactwatch score src/pactwatch/data/samples/gold.jsonl
    """
    from .score import format_report, score_files

    report = score_files([Path(g) for g in gold], lang=lang, all_types=all_types)
    if fmt == "json":
        import json

        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(format_report(report))


@main.command("demo")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def demo_cmd(ctx: click.Context, quiet: bool) -> None:
    """Ingest and code the bundled sample corpus into a fresh database, then summarise it.

    Without --db it writes a fresh ./pactwatch-demo.db (replacing an older demo file).

    Example: pactwatch demo
    """
    from .demo import run_demo

    url = (ctx.find_root().obj or {}).get("db") or os.environ.get("PACTWATCH_DB")
    fresh = url is None
    if url is None:
        url = "sqlite:///pactwatch-demo.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"pactwatch-demo.db{suffix}").unlink(missing_ok=True)
    run_demo(
        url,
        out=sys.stdout,
        quiet=quiet,
        progress=lambda total: _progress(total, "coding", quiet),
        fresh=fresh,
    )


@contextmanager
def _open_store(ctx: click.Context) -> Iterator[Any]:
    from .store import Store

    store = Store.open(_db_url(ctx))
    try:
        yield store
    finally:
        store.close()


# Commands of other capabilities live in their own modules, which register on ``main`` when imported.
_COMMAND_MODULES: tuple[str, ...] = ("cli_serve", "cli_ingest", "cli_actors", "cli_stories")


def _register_commands() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}")


_register_commands()
