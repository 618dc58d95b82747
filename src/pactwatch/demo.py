"""The demo: ingest and code the bundled sample corpus, then print a short summary."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from importlib import resources
from typing import TextIO

from .ingest import ingest, run
from .store import Store
from .stories import StoryFilter, count_stories, update_stories

SAMPLES = ("data", "samples", "articles.jsonl")


def sample_corpus() -> AbstractContextManager[object]:
    """Return a context manager giving the filesystem path of the bundled sample articles."""
    ref = resources.files("pactwatch").joinpath(*SAMPLES)
    return resources.as_file(ref)


def run_demo(
    url: str,
    *,
    out: TextIO,
    quiet: bool = False,
    progress: Callable[[int], AbstractContextManager[Callable[[int], None]]] | None = None,
    fresh: bool = True,
) -> None:
    """Ingest and code the sample corpus into the database at ``url`` and write a summary to ``out``."""
    with Store.open(url) as store, sample_corpus() as path:
        loaded = ingest(store, [str(path)])
        total = store.summary().articles
        if progress is not None:
            with progress(total) as advance:
                coded = run(store, progress=advance)
        else:
            coded = run(store)
        update_stories(store)
        stories = count_stories(store, StoryFilter())
        multi = count_stories(store, StoryFilter(min_articles=2))
        summary = store.summary()
    w = out.write
    w(
        f"pactwatch demo: {loaded.added} sample articles stored ({loaded.duplicates} already there), "
        f"{coded.articles} coded now, {summary.events} events in {url}\n"
    )
    w("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.languages.items())) + "\n")
    w(f"stories: {stories} real-world happenings, {multi} of them reported by two or more articles\n\n")
    w("events by PLOVER type:\n")
    for etype, n in sorted(summary.by_type.items(), key=lambda kv: (-kv[1], kv[0])):
        w(f"  {etype:<10} {n:>4}\n")
    w("\ntop dyads (actor -> recipient):\n")
    for actor, recipient, n in summary.top_dyads[:8]:
        w(f"  {actor} -> {recipient}  {n}\n")
    db = "" if not fresh else f" --db {url}"
    w(
        "\nexplore further:\n"
        f"  pactwatch{db} serve            # the dashboard and REST API on http://127.0.0.1:8000\n"
        f"  pactwatch{db} events --dyad BLR CUB\n"
        f"  pactwatch{db} stories --format table\n"
        f"  pactwatch{db} events --type CONSULT --format jsonl\n"
        f"  pactwatch{db} explain EVENT_ID\n"
        f"  pactwatch{db} articles\n"
    )
