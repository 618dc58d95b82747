"""Shared test helpers: small hand-built records.

Import the builders directly (``from conftest import make_event``); they are plain functions so
parametrize tables can call them at collection time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pactwatch.models import Actor, Article, DateRef, Event, Evidence


def make_article(id: str = "a-1", text: str = "Some news text.", **fields: Any) -> Article:
    """Build an Article with a readable id instead of a text hash."""
    fields.setdefault("language", "en")
    fields.setdefault("published", date(2024, 3, 1))
    return Article(id=id, text=text, **fields)


def _actor(a: str | Actor) -> Actor:
    return a if isinstance(a, Actor) else Actor(code=a, sector="GOV", entity_text=a)


def make_event(
    id: str = "e-1",
    *,
    article_id: str = "a-1",
    actor: tuple[str | Actor, ...] = ("CUB",),
    recipient: tuple[str | Actor, ...] = ("BLR",),
    event: str = "CONSULT",
    when: date = date(2024, 3, 1),
    modality: str = "factual",
    sentence: str = "Cuba's foreign minister met Belarus's ambassador in Havana.",
    language: str = "en",
    **fields: Any,
) -> Event:
    """Build a plausible Event; actors may be given as bare codes (sector GOV). Other fields by keyword."""
    values: dict[str, Any] = {
        "id": id,
        "article_id": article_id,
        "language": language,
        "event": event,
        "mode": None,
        "context": (),
        "actor": tuple(_actor(a) for a in actor),
        "recipient": tuple(_actor(a) for a in recipient),
        "date": DateRef(value=when),
        "event_loc": None,
        "event_text": sentence,
        "quad_code": 1,
        "plover_score": None,
        "cameo": None,
        "goldstein": None,
        "modality": modality,
        "attribution": None,
        "evidence": Evidence(sentence_index=0, sentence=sentence, start=0, end=len(sentence), trigger=(0, 1)),
        "rule": "test:1",
        "dictionary_version": "test-1",
    }
    values.update(fields)
    return Event(**values)
