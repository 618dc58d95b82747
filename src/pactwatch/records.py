"""Turn PLOVER JSON records back into :class:`~pactwatch.models.Event` records.

:meth:`Event.to_plover` leaves out a few fields that explain an event but are not part of PLOVER (an actor's
resolution chain and full sector list, the offsets of the date expression, the coder's notes).
:func:`event_record` adds them so a stored event comes back whole; :func:`event_from_record` reads both forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pactwatch.models import Actor, DateRef, Event, Evidence, Place

__all__ = ["event_from_record", "event_record"]


def event_record(event: Event) -> dict[str, Any]:
    """Return ``event.to_plover()`` plus the fields it leaves out, so nothing is lost in storage."""
    record: dict[str, Any] = event.to_plover()
    for key, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for out, actor in zip(record[key], actors, strict=True):
            out["entity_name"] = actor.name
            out["sectors"] = list(actor.sectors)
            out["chain"] = list(actor.chain)
    record["date_start"] = event.date.start
    record["date_end"] = event.date.end
    record["date_relation"] = event.date.relation
    record["notes"] = list(event.notes)
    return record


def _actor(d: Mapping[str, Any]) -> Actor:
    sector = d.get("sector")
    if "sectors" in d:
        sectors = tuple(d["sectors"])
    else:
        others = tuple(d.get("other_sector_codes") or ())
        sectors = ((sector, *others) if sector else others) if others else ()
    return Actor(
        code=d["code"],
        sector=sector,
        entity_text=d["entity_text"],
        name=d.get("entity_name"),
        sectors=sectors,
        chain=tuple(d.get("chain") or d.get("resolution") or ()),
    )


def _place(d: Mapping[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(
        place=d["place"],
        country_code=d.get("country_code"),
        lat=d.get("lat"),
        lon=d.get("lon"),
        precision=d.get("precision", "city"),
    )


def _span(pair: Any) -> tuple[int, int]:
    start, end = pair
    return (int(start), int(end))


def _evidence(d: Mapping[str, Any]) -> Evidence:
    return Evidence(
        sentence_index=d["sentence_index"],
        sentence=d["sentence"],
        start=d["start"],
        end=d["end"],
        trigger=_span(d["trigger"]),
        actor_spans=tuple(_span(s) for s in d.get("actor_spans", ())),
        recipient_spans=tuple(_span(s) for s in d.get("recipient_spans", ())),
    )


def event_from_record(d: Mapping[str, Any]) -> Event:
    """Build the :class:`Event` a PLOVER record (``Event.to_plover()`` or :func:`event_record`) describes.

    Raises ``KeyError`` or ``ValueError`` when a required field is missing or malformed.
    """
    return Event(
        id=d["id"],
        article_id=d["article_id"],
        language=d["language"],
        event=d["event"],
        mode=d.get("mode"),
        context=tuple(d.get("context") or ()),
        actor=tuple(_actor(a) for a in d.get("actor") or ()),
        recipient=tuple(_actor(a) for a in d.get("recipient") or ()),
        date=DateRef(
            value=date.fromisoformat(d["date"]),
            precision=d.get("date_precision", "day"),
            raw=d.get("date_raw"),
            start=d.get("date_start", -1),
            end=d.get("date_end", -1),
            relation=d.get("date_relation", "past"),
        ),
        event_loc=_place(d.get("event_loc")),
        event_text=d["event_text"],
        quad_code=d["quad_code"],
        plover_score=d.get("plover_score"),
        cameo=d.get("cameo"),
        goldstein=d.get("goldstein"),
        modality=d["modality"],
        attribution=d.get("attribution"),
        evidence=_evidence(d["evidence"]),
        rule=d["rule"],
        dictionary_version=d["dictionary_version"],
        intended=d.get("intended"),
        notes=tuple(d.get("notes") or ()),
    )
