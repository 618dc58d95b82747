"""An article's coded events as rows of the ``events`` and ``event_actors`` tables, in column order.

Workers build these rows where the article was coded (``workers.py``), so the one writer only inserts them
(:meth:`pactwatch.store.Store.save_coding_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .models import Actor, Event, fold
from .records import event_record

__all__ = ["ACTOR_COLUMNS", "EVENT_COLUMNS", "CodingRows", "coding_rows"]


@dataclass(frozen=True, slots=True)
class CodingRows:
    """One article's events as rows of ``events`` and ``event_actors``, in column order, ready to insert.

    Built by :func:`coding_rows` wherever the article was coded, so a worker process does the formatting
    and the one writer only inserts.
    """

    article_id: str
    events: tuple[tuple[Any, ...], ...]  # in the order of EVENT_COLUMNS
    actors: tuple[tuple[Any, ...], ...]  # in the order of ACTOR_COLUMNS


def coding_rows(article_id: str, coded: Sequence[Event]) -> CodingRows:
    """Return an article's events as table rows; ``ValueError`` if an event belongs to another article."""
    event_rows = []
    actor_rows: list[tuple[Any, ...]] = []
    for e in coded:
        if e.article_id != article_id:
            raise ValueError(f"event {e.id!r} belongs to article {e.article_id!r}, not {article_id!r}")
        event_rows.append(_event_row(e))
        actor_rows.extend(_actor_rows(e.id, "actor", e.actor))
        actor_rows.extend(_actor_rows(e.id, "recipient", e.recipient))
    return CodingRows(article_id, tuple(event_rows), tuple(actor_rows))


def _codes(actors: Sequence[Actor]) -> str:
    return "|" + "|".join(a.code for a in actors) + "|" if actors else ""


EVENT_COLUMNS = (
    "id",
    "article_id",
    "date",
    "date_precision",
    "event",
    "mode",
    "quad_code",
    "plover_score",
    "cameo",
    "goldstein",
    "modality",
    "language",
    "rule",
    "dictionary_version",
    "event_text",
    "sentence",
    "sentence_folded",
    "context",
    "actor_codes",
    "recipient_codes",
    "attribution",
    "record",
)
ACTOR_COLUMNS = ("event_id", "role", "position", "code", "sector", "entity_text", "name")


def _event_row(e: Event) -> tuple[Any, ...]:
    # The date as ISO text: what SQLAlchemy stores for a Date on SQLite, and what PostgreSQL's COPY parses.
    return (
        e.id,
        e.article_id,
        e.date.value.isoformat(),
        e.date.precision,
        e.event,
        e.mode,
        e.quad_code,
        e.plover_score,
        e.cameo,
        e.goldstein,
        e.modality,
        e.language,
        e.rule,
        e.dictionary_version,
        e.event_text,
        e.evidence.sentence,
        fold(e.evidence.sentence),
        "|".join(e.context),
        _codes(e.actor),
        _codes(e.recipient),
        e.attribution,
        json.dumps(event_record(e), ensure_ascii=False, separators=(",", ":")),
    )


def _actor_rows(event_id: str, role: str, actors: Sequence[Actor]) -> Iterator[tuple[Any, ...]]:
    for position, a in enumerate(actors):
        yield (event_id, role, position, a.code, a.sector, a.entity_text, a.name)
