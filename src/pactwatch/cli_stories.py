"""Commands for stories and analysis: stories, score-stories, dyad, network, watch, alerts, export, report."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from .cli import _date, _open_store, _warn, main, output_option
from .output import write_records

STORY_COLUMNS = (
    "id",
    "date",
    "event",
    "actor",
    "recipient",
    "first_seen",
    "last_seen",
    "outlets",
    "languages",
)


def _code(value: str | None) -> str | None:
    return value.strip().upper() if value else None


# -- stories ------------------------------------------------------------------------------------------


@main.group("stories", invoke_without_command=True)
@click.option("--country", help="Stories in which this code takes part.")
@click.option("--dyad", nargs=2, metavar="A B", help="Stories in which both take part.")
@click.option("--type", "etype", help="Canonical PLOVER type, e.g. CONSULT.")
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD", help="Stories dated on or after.")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD", help="Stories dated on or before.")
@click.option("--outlet", help="Stories told by this outlet.")
@click.option("--lang", help="Stories told in this language.")
@click.option("--min-articles", type=click.IntRange(1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@output_option("table")
@click.pass_context
def stories_cmd(
    ctx: click.Context,
    country: str | None,
    dyad: tuple[str, str] | None,
    etype: str | None,
    date_from: date | None,
    date_to: date | None,
    outlet: str | None,
    lang: str | None,
    min_articles: int,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List stories: one real-world happening each, with every article, outlet and language that told it.

    `pactwatch stories update` clusters newly coded events first.

    Example: pactwatch stories --dyad CUB BLR --format jsonl
    """
    if ctx.invoked_subcommand is not None:
        return
    from .stories import StoryFilter, count_stories, list_stories, story_record

    filters = StoryFilter(
        country=_code(country),
        dyad=(dyad[0].upper(), dyad[1].upper()) if dyad else None,
        event=_code(etype),
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        language=lang,
        min_articles=min_articles,
        limit=limit,
        offset=offset,
    )
    with _open_store(ctx) as store:
        found = list_stories(store, filters)
        if not found and count_stories(store) == 0 and store.count_events() > 0:
            _warn("no stories yet: run `pactwatch stories update` to cluster the coded events")
    columns = STORY_COLUMNS if fmt in ("csv", "table") else None
    write_records((story_record(s) for s in found), fmt, sys.stdout, columns=columns)


@stories_cmd.command("update")
@click.option("--rebuild", is_flag=True, help="Forget every story and cluster all events again.")
@click.pass_context
def stories_update_cmd(ctx: click.Context, rebuild: bool) -> None:
    """Put every coded event that is not in a story yet into one (running it twice adds nothing).

    Example: pactwatch run && pactwatch stories update
    """
    from .stories import rebuild_stories, update_stories

    with _open_store(ctx) as store:
        n = rebuild_stories(store) if rebuild else update_stories(store)
    click.echo(f"{n} event(s) assigned to stories", err=True)


@stories_cmd.command("show")
@click.argument("story_id")
@click.pass_context
def stories_show_cmd(ctx: click.Context, story_id: str) -> None:
    """Print one story with its member events as JSON.

    Example: pactwatch stories show s-f08972708f11129f
    """
    from .stories import get_story, story_events_of, story_record

    with _open_store(ctx) as store:
        record = story_record(get_story(store, story_id))
        record["members"] = [e.to_plover() for e in story_events_of(store, story_id)]
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@main.command("score-stories")
@click.argument("gold", default=None, required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def score_stories_cmd(gold: str | None, fmt: str) -> None:
    """Measure story clustering against gold story labels: pairwise and B-cubed precision/recall.

    GOLD defaults to the bundled sample gold; an articles.jsonl must sit beside it.

    Example: pactwatch score-stories src/pactwatch/data/samples/gold.jsonl
    """
    from importlib.resources import as_file, files

    from .stories import score_stories

    if gold is None:
        with as_file(files("pactwatch") / "data" / "samples" / "gold.jsonl") as path:
            result = score_stories(path)
    else:
        result = score_stories(Path(gold))
    d = result.to_dict()
    if fmt == "json":
        click.echo(json.dumps(d, indent=2))
        return
    click.echo(
        f"events scored      {d['events']} "
        f"({d['gold_stories']} gold stories, {d['predicted_stories']} predicted)"
    )
    click.echo(
        f"pairwise  P {d['pairwise_precision']:.3f}  R {d['pairwise_recall']:.3f}  F1 {d['pairwise_f1']:.3f}"
    )
    click.echo(
        f"B-cubed   P {d['bcubed_precision']:.3f}  R {d['bcubed_recall']:.3f}  F1 {d['bcubed_f1']:.3f}"
    )


# -- analysis -----------------------------------------------------------------------------------------


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--interval", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD")
@click.option(
    "--sector", "sectors", multiple=True, help="Only events where A or B acts in this sector (MIL, GOV...)."
)
@output_option("table")
@click.pass_context
def dyad_cmd(
    ctx: click.Context,
    a: str,
    b: str,
    interval: str,
    date_from: date | None,
    date_to: date | None,
    sectors: tuple[str, ...],
    fmt: str,
) -> None:
    """Timeline of the stories between two countries: counts by type and quad, scores, evidence.

    Example: pactwatch dyad CUB BLR --interval week --sector MIL
    """
    from .analysis import dyad_timeline

    with _open_store(ctx) as store:
        timeline = dyad_timeline(
            store, a, b, interval=interval, date_from=date_from, date_to=date_to, sectors=sectors
        )
    write_records((p.to_dict() for p in timeline.points), fmt, sys.stdout)


@main.command("network")
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD")
@click.option("--context", help="Only events with this PLOVER context, e.g. military.")
@click.option("--level", type=click.Choice(["country", "actor"]), default="country", show_default=True)
@click.option(
    "--since",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Show what changed: ties in [since, --to] against those before SINCE.",
)
@click.option("--nodes", is_flag=True, help="List nodes with centrality and community instead of edges.")
@output_option("table")
@click.pass_context
def network_cmd(
    ctx: click.Context,
    date_from: date | None,
    date_to: date | None,
    context: str | None,
    level: str,
    since: date | None,
    nodes: bool,
    fmt: str,
) -> None:
    """The alliance network: cooperation and conflict ties between countries, centrality, communities.

    Example: pactwatch network --context military --since 2026-06-01
    """
    from .analysis import centrality, communities, network, network_diff

    with _open_store(ctx) as store:
        if since is not None:
            if since == date.min:
                raise click.BadParameter(
                    "must be after 0001-01-01 (ties are compared with those before it)", param_hint="--since"
                )
            old = network(store, date_from, since - timedelta(days=1), context=context, level=level)
            new = network(store, since, date_to, context=context, level=level)
            diff = network_diff(old, new)
            records: list[dict[str, Any]] = (
                [{"change": "new", **t} for t in diff.new_ties]
                + [{"change": "lost", **t} for t in diff.lost_ties]
                + [{"change": "changed", **t} for t in diff.changed]
            )
            write_records(records, fmt, sys.stdout)
            return
        net = network(store, date_from, date_to, context=context, level=level)
    if nodes:
        group = {n: i for i, members in enumerate(communities(net), 1) for n in members}
        write_records(
            (
                {
                    "node": n,
                    "centrality": round(c, 4),
                    "community": group.get(n),
                    "degree": net.graph.degree(n),
                }
                for n, c in centrality(net).items()
            ),
            fmt,
            sys.stdout,
        )
    else:
        write_records(net.edges(), fmt, sys.stdout)


# -- watchlists and alerts ----------------------------------------------------------------------------


@main.group("watchlist")
def watch_cmd() -> None:
    """Manage watchlists: what `pactwatch alerts` looks for.

    Example: pactwatch watchlist add cuba-military --country CUB --context military
    """


@watch_cmd.command("add")
@click.argument("name")
@click.option("--country", required=True, help="The country (or PLOVER code) to watch.")
@click.option("--partner", help="Only its relations with this code.")
@click.option("--type", "etype", help="Only this PLOVER type.")
@click.option("--context", help="Only events with this PLOVER context, e.g. military.")
@click.option("--quad", type=click.IntRange(1, 4), help="Only this quad (1-4).")
@click.pass_context
def watch_add_cmd(
    ctx: click.Context,
    name: str,
    country: str,
    partner: str | None,
    etype: str | None,
    context: str | None,
    quad: int | None,
) -> None:
    """Add (or replace) a watchlist.

    Example: pactwatch watchlist add cub-blr --country CUB --partner BLR
    """
    from .alerts import Watch, add_watchlist

    watch = Watch(name, country.upper(), _code(partner), _code(etype), context, quad)
    with _open_store(ctx) as store:
        add_watchlist(store, watch)
    click.echo(f"watching {name}", err=True)


@watch_cmd.command("list")
@output_option("table")
@click.pass_context
def watch_list_cmd(ctx: click.Context, fmt: str) -> None:
    """List watchlists.

    Example: pactwatch watchlist list --format json
    """
    from .alerts import list_watchlists

    with _open_store(ctx) as store:
        write_records((w.to_dict() for w in list_watchlists(store)), fmt, sys.stdout)


@watch_cmd.command("remove")
@click.argument("name")
@click.pass_context
def watch_remove_cmd(ctx: click.Context, name: str) -> None:
    """Remove a watchlist.

    Example: pactwatch watchlist remove cub-blr
    """
    from .alerts import remove_watchlist

    with _open_store(ctx) as store:
        remove_watchlist(store, name)


@main.command("alerts")
@click.option(
    "--since", callback=_date, metavar="YYYY-MM-DD", help="Window start (default: 30 days before --until)."
)
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Window end (default: today).")
@click.option("--watch", "watch_name", help="Only this watchlist.")
@click.option("--unsent", is_flag=True, help="Skip alerts already delivered with --mark.")
@click.option("--mark", is_flag=True, help="Remember the alerts shown as delivered.")
@click.option("--webhook", metavar="URL", help="Also POST the alerts as JSON to this URL.")
@click.option(
    "--atom", "atom_path", metavar="FILE", help="Also write the alerts as an Atom feed ('-': stdout only)."
)
@output_option("jsonl")
@click.pass_context
def alerts_cmd(
    ctx: click.Context,
    since: date | None,
    until: date | None,
    watch_name: str | None,
    unsent: bool,
    mark: bool,
    webhook: str | None,
    atom_path: str | None,
    fmt: str,
) -> None:
    """Report new stories, new ties and unusual spikes for every watchlist, each with its evidence.

    Example: pactwatch alerts --since 2026-05-01 --webhook http://localhost:9000/hook
    """
    from .alerts import alerts, atom_feed, mark_sent, post_webhook

    with _open_store(ctx) as store:
        found = alerts(store, since=since, until=until, watch=watch_name, unsent_only=unsent)
        if webhook and found:
            post_webhook(found, webhook)
        if atom_path == "-":
            sys.stdout.write(atom_feed(found))
        else:
            if atom_path:
                Path(atom_path).write_text(atom_feed(found), encoding="utf-8")
            write_records((a.to_dict() for a in found), fmt, sys.stdout)
        if mark:
            mark_sent(store, found)
    click.echo(f"{len(found)} alert(s)", err=True)


# -- exports and reports ------------------------------------------------------------------------------


@main.command("export")
@click.argument("kind", type=click.Choice(
    ["plover-jsonl", "gdelt-events", "gdelt-mentions", "events-csv", "stories-csv",
     "events-parquet", "stories-parquet", "gexf", "graphml"]
))  # fmt: skip
@click.argument("output", default="-")
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD")
@click.option("--country", help="Only rows in which this code takes part.")
@click.pass_context
def export_cmd(
    ctx: click.Context,
    kind: str,
    output: str,
    date_from: date | None,
    date_to: date | None,
    country: str | None,
) -> None:
    """Export events, stories or the network: PLOVER JSONL, GDELT-style TSV, CSV, Parquet, GEXF, GraphML.

    OUTPUT is a file ('-' for stdout, text formats only). See docs/stories.md for each format.

    Example: pactwatch export gdelt-events events.tsv --from 2026-01-01
    """
    from .exports import ExportFilter, export

    with _open_store(ctx) as store:
        n = export(store, kind, output, ExportFilter(date_from, date_to, _code(country)))
    click.echo(f"{n} row(s) exported", err=True)


@main.group("report")
def report_cmd() -> None:
    """Write reports people would rather look at (self-contained HTML).

    Example: pactwatch report dyad CUB BLR -o cub-blr.html
    """


@report_cmd.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("-o", "--output", default=None, help="HTML file to write (default: A-B.html; '-' for stdout).")
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD")
@click.pass_context
def report_dyad_cmd(
    ctx: click.Context, a: str, b: str, output: str | None, date_from: date | None, date_to: date | None
) -> None:
    """Write an HTML report on two countries: timeline chart, network around the pair, stories with sources.

    Example: pactwatch report dyad CUB BLR -o cub-blr.html
    """
    from .report import dyad_report

    with _open_store(ctx) as store:
        page = dyad_report(store, a, b, date_from=date_from, date_to=date_to)
    if output == "-":
        sys.stdout.write(page)
        return
    path = Path(output or f"{a.upper()}-{b.upper()}.html")
    path.write_text(page, encoding="utf-8")
    click.echo(f"wrote {path}", err=True)
