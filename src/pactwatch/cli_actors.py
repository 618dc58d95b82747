"""``pactwatch actors …``: list, show, correct, merge, lock registry entries; check, import dictionaries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import _open_store, _warn, main, output_option
from .dictionaries import ActorDictionary
from .output import write_records

_ENTRY_COLUMNS = (
    "id",
    "name",
    "code",
    "sector",
    "locked",
    "merged_into",
    "first_seen",
    "last_seen",
    "evidence",
)


@main.group("actors")
def actors_cmd() -> None:
    """The actor registry (people remembered across articles) and user actor dictionaries.

    Example: pactwatch actors list --country BLR
    """


@actors_cmd.command("list")
@click.option("--name", help="Entries whose name contains this text (accents and case ignored).")
@click.option("--country", help="Entries with this country code.")
@click.option("--conflicts", is_flag=True, help="Only entries with evidence for another country.")
@output_option("table")
@click.pass_context
def list_cmd(ctx: click.Context, name: str | None, country: str | None, conflicts: bool, fmt: str) -> None:
    """List the registry's entries.

    Example: pactwatch actors list --name marchenko --format jsonl
    """
    from .registry import ActorRegistry

    with _open_store(ctx) as store:
        entries = ActorRegistry(store, _no_dictionary()).entries(
            name=name, code=country.upper() if country else None, conflicts=conflicts
        )
        columns = (*_ENTRY_COLUMNS, "conflicts")
        write_records((e.to_dict() for e in entries), fmt, sys.stdout, columns=columns)


@actors_cmd.command("show")
@click.argument("entry_id", type=int)
@output_option("table")
@click.pass_context
def show_cmd(ctx: click.Context, entry_id: int, fmt: str) -> None:
    """Show one entry and its evidence (article, sentence, title as written, code); conflicts are marked.

    Example: pactwatch actors show 2
    """
    from .registry import ActorRegistry

    with _open_store(ctx) as store:
        reg = ActorRegistry(store, _no_dictionary())
        entry = reg.get(entry_id)
        evidence = reg.evidence(entry_id)
    if fmt in ("json", "jsonl"):
        record = entry.to_dict() | {
            "evidence": [
                {
                    "article_id": ev.article_id,
                    "sentence": ev.sentence,
                    "title": ev.title,
                    "code": ev.code,
                    "sector": ev.sector,
                    "seen": ev.seen.isoformat() if ev.seen else None,
                    "source": ev.source,
                }
                for ev in evidence
            ]
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    click.echo(
        f"entry {entry.id}: {entry.name} -> {entry.code} {entry.sector or ''} "
        f"({', '.join(entry.sectors) or 'no sector'}){' locked' if entry.locked else ''}"
        + (f", merged into {entry.merged_into}" if entry.merged_into else "")
    )
    click.echo(
        f"seen {entry.first_seen} to {entry.last_seen}; "
        f"{entry.evidence} evidence, {entry.conflicts} conflicting"
    )
    rows = (
        {
            "seen": ev.seen,
            "code": ev.code
            + (" (conflict)" if ev.code not in ("---", entry.code) and entry.code != "---" else ""),
            "sector": ev.sector,
            "title": ev.title,
            "article": ev.article_id,
            "source": ev.source,
        }
        for ev in evidence
    )
    write_records(rows, "csv" if fmt == "csv" else "table", sys.stdout)


@actors_cmd.command("correct")
@click.argument("entry_id", type=int)
@click.option("--country", help="The right country (ISO-3) or PLOVER non-state code; --- for unknown.")
@click.option("--sector", help="The right PLOVER sector, e.g. MIL.")
@click.option("--name", help="The right spelling of the name.")
@click.option("--lock/--no-lock", default=True, show_default=True, help="Also lock the entry.")
@click.pass_context
def correct_cmd(
    ctx: click.Context, entry_id: int, country: str | None, sector: str | None, name: str | None, lock: bool
) -> None:
    """Correct an entry by hand (kept as user evidence); by default the entry is locked too.

    Example: pactwatch actors correct 6 --country CUB --sector MIL
    """
    from .registry import ActorRegistry

    with _open_store(ctx) as store:
        reg = ActorRegistry(store, _no_dictionary())
        entry = reg.correct(
            entry_id,
            code=country.upper() if country else None,
            sector=sector.upper() if sector else None,
            name=name,
        )
        if lock:
            entry = reg.lock(entry_id)
    click.echo(
        f"entry {entry.id}: {entry.name} -> {entry.code} {entry.sector or ''}"
        + (" (locked)" if entry.locked else "")
    )


@actors_cmd.command("merge")
@click.argument("source_id", type=int)
@click.argument("target_id", type=int)
@click.pass_context
def merge_cmd(ctx: click.Context, source_id: int, target_id: int) -> None:
    """Merge entry SOURCE_ID into TARGET_ID (two spellings of one person).

    Example: pactwatch actors merge 14 3
    """
    from .registry import ActorRegistry

    with _open_store(ctx) as store:
        entry = ActorRegistry(store, _no_dictionary()).merge(source_id, target_id)
    click.echo(f"entry {source_id} merged into {entry.id}: {entry.name} -> {entry.code} {entry.sector or ''}")


@actors_cmd.command("lock")
@click.argument("entry_id", type=int)
@click.option("--unlock", is_flag=True, help="Unlock instead.")
@click.pass_context
def lock_cmd(ctx: click.Context, entry_id: int, unlock: bool) -> None:
    """Lock an entry so new evidence never changes it (or unlock it).

    Example: pactwatch actors lock 2
    """
    from .registry import ActorRegistry

    with _open_store(ctx) as store:
        entry = ActorRegistry(store, _no_dictionary()).lock(entry_id, not unlock)
    click.echo(f"entry {entry.id} {'locked' if entry.locked else 'unlocked'}")


@actors_cmd.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--roles", is_flag=True, help="The files are role files ($PACTWATCH_ROLES), not actor files.")
def check_cmd(paths: tuple[str, ...], roles: bool) -> None:
    """Validate user actor dictionaries (JSONL); a bad record is reported with file:line and the reason.

    Example: pactwatch actors check my-actors.jsonl
    """
    if roles:
        from .gazetteer import load_roles

        count = sum(1 for r in load_roles("en", list(paths)) if r.where.rsplit(":", 1)[0] in paths)
        click.echo(f"{count} role form(s) valid", err=True)
        return
    from .dictionaries import load_actor_dictionary

    dictionary = load_actor_dictionary([Path(p) for p in paths])
    click.echo(f"{len(dictionary.actors)} actor record(s) valid", err=True)


@actors_cmd.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--prefix", default="petrarch", show_default=True, help="Prefix of the generated stable ids.")
@click.option(
    "--roles",
    is_flag=True,
    help="Print the agent lines (MINISTER_ [~GOV]) as role records instead of the actor records.",
)
def import_cmd(path: str, prefix: str, roles: bool) -> None:
    """Convert a PETRARCH/TABARI actor or agent dictionary to pactwatch JSONL on stdout.

    Actor lines become actor records: name the file in $PACTWATCH_ACTORS so `pactwatch run` uses it.
    With --roles, agent lines become role records (title -> sectors): name that file in
    $PACTWATCH_ROLES and the coder reads it in every language.
    Lines whose codes cannot be mapped are listed on stderr with file:line (exit code 1 if any).

    Example: pactwatch actors import Phoenix.agents.txt --roles > agents.jsonl
    """
    from .dictionaries import import_petrarch

    records, skipped = import_petrarch(path, prefix=prefix)
    agents = [r for r in records if "sectors" in r]
    actors = [r for r in records if "sectors" not in r]
    for rec in agents if roles else actors:
        click.echo(json.dumps(rec, ensure_ascii=False))
    for reason in skipped:
        _warn(f"skipped {reason}")
    click.echo(
        f"{len(actors)} actor record(s), {len(agents)} role record(s) converted, {len(skipped)} skipped",
        err=True,
    )
    if roles and actors:
        _warn(f"{len(actors)} actor record(s) not printed; run again without --roles")
    if not roles and agents:
        _warn(f"{len(agents)} role record(s) (agents) not printed; run again with --roles")
    if skipped:
        sys.exit(1)


def _no_dictionary() -> ActorDictionary:
    """The registry commands read and write entries only: no dictionaries need loading."""
    return ActorDictionary(())
