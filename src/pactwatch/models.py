"""The records that flow through pactwatch, in pipeline order.

```
Article ──► Doc (Sentence, Token) ──► Mention (Actor, Place, DateRef) ──► Event ──► Story
```

Every record is a frozen, slotted dataclass: stages build new records and never mutate old ones.
A stage is a plain callable ``Iterable[In] -> Iterator[Out]`` (see :data:`Stage`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
Stage = Callable[[Iterable[In]], Iterator[Out]]
Day = date  # an alias: records with a field named ``date`` cannot use the type name after it

MODALITIES = ("factual", "negated", "hypothetical", "question", "future", "historical")
PRECISIONS = ("day", "week", "month", "year")

_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return text in NFC with runs of whitespace collapsed, the form article ids are hashed from."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


_FOLD_CACHE: dict[str, str] = {}


def _fold_char(c: str) -> str:
    low = c.lower()
    if "\u0400" <= c <= "\u04ff":
        # Cyrillic: lowercase only, and ё as е (news writes both); й is a letter of its own, not и + accent
        return "е" if low == "ё" else low
    bare = "".join(x for x in unicodedata.normalize("NFD", low) if not unicodedata.combining(x))
    return bare if len(bare) == 1 else (low if len(low) == 1 else c)


def fold(text: str) -> str:
    """Return text lowercased with accents stripped, one character for one, so offsets carry over.

    It is the form all dictionary matching uses.

    >>> fold("Fonséca, MININT")
    'fonseca, minint'
    >>> fold("Замминистра обороны Белоруссии, Ёлкин")
    'замминистра обороны белоруссии, елкин'
    """
    # a sentence is folded by each stage that reads it (actors, triggers, places): recent short texts are
    # remembered; whole articles are not, so a huge input is never pinned in the cache
    return _fold_short(text) if len(text) <= _CACHED_LENGTH else _fold(text)


_CACHED_LENGTH = 2000


@functools.lru_cache(maxsize=256)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    folded = text.translate(_FOLD_TABLE)  # Latin scripts, all of Spanish: one C-level pass
    if max(folded) <= _FOLD_TABLE_MAX:
        return folded
    out = []
    for c in text:
        f = _FOLD_CACHE.get(c)
        if f is None:
            f = _FOLD_CACHE[c] = _fold_char(c)
        out.append(f)
    return "".join(out)


_FOLD_TABLE_MAX = "\u024f"  # the end of Latin Extended-B
_FOLD_TABLE = {i: _fold_char(chr(i)) for i in range(ord(_FOLD_TABLE_MAX) + 1)}


def article_id(text: str) -> str:
    """Return the stable id of an article: a short hash of its normalized text."""
    return "a-" + hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """A news text as it entered pactwatch."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    language: str | None = None
    origin: str = "text"
    source_id: str | None = None
    fetched_at: datetime | None = None

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> Article:
        """Build an article whose id is the hash of its normalized text."""
        return cls(id=article_id(text), text=text, **fields)


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark; offsets are relative to its sentence."""

    text: str
    start: int
    end: int
    norm: str  # lowercased, accents stripped: the form dictionaries are matched on


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article; ``start``/``end`` are offsets in the article text."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The sentence's tokens with offsets, made on demand: the coder matches on folded text instead."""
        from .sentences import tokenize

        return tokenize(self.text)


@dataclass(frozen=True, slots=True)
class Doc:
    """An article split into sentences, with its language and reference date."""

    article: Article
    language: str
    date: date
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon: a country or PLOVER non-state code plus a sector.

    ``chain`` is the resolution chain, one human-readable step per entry, e.g.
    ``("demonym 'Belarusian' -> BLR [...]", "title 'Deputy Defence Minister' -> MIL,GOV [...]")``.
    """

    code: str
    sector: str | None
    entity_text: str
    name: str | None = None
    sectors: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()

    def to_plover(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "sector": self.sector, "entity_text": self.entity_text}
        if self.name:
            out["entity_name"] = self.name
        if len(self.sectors) > 1:
            out["other_sector_codes"] = [s for s in self.sectors if s != self.sector]
        if self.chain:
            out["resolution"] = list(self.chain)
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor found in a sentence; ``start``/``end`` are sentence offsets, ``tok_*`` token indices."""

    sentence: int
    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened. A division (``precision='admin1'``) or a country has no point."""

    place: str
    country_code: str | None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # "city" | "admin1" | "country"

    def to_plover(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class DateRef:
    """A resolved date: the value, how precise it is and the expression it came from.

    ``start``/``end`` are offsets in the sentence (``-1`` when the date is the article's own).
    """

    value: date
    precision: str = "day"
    raw: str | None = None
    start: int = -1
    end: int = -1
    relation: str = "past"  # "past" | "present" | "future" relative to the article date


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an event came from: the sentence and the character spans inside it."""

    sentence_index: int
    sentence: str
    start: int  # sentence offset in the article
    end: int
    trigger: tuple[int, int]
    actor_spans: tuple[tuple[int, int], ...] = ()
    recipient_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": list(self.trigger),
            "actor_spans": [list(s) for s in self.actor_spans],
            "recipient_spans": [list(s) for s in self.recipient_spans],
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded PLOVER event, with the pactwatch extensions that make it explainable."""

    id: str
    article_id: str
    language: str
    event: str
    mode: str | None
    context: tuple[str, ...]
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: DateRef
    event_loc: Place | None
    event_text: str
    quad_code: int
    plover_score: float | None
    cameo: str | None
    goldstein: float | None
    modality: str
    attribution: str | None
    evidence: Evidence
    rule: str
    dictionary_version: str
    intended: str | None = None  # for AGREE on planned cooperation: the type that was promised
    notes: tuple[str, ...] = field(default=())

    def to_plover(self) -> dict[str, Any]:
        """Return the PLOVER JSON record (plus pactwatch extensions) documented in the README."""
        return {
            "id": self.id,
            "date": self.date.value.isoformat(),
            "date_precision": self.date.precision,
            "date_raw": self.date.raw,
            "actor": [a.to_plover() for a in self.actor],
            "recipient": [a.to_plover() for a in self.recipient],
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "event_loc": self.event_loc.to_plover() if self.event_loc else None,
            "event_text": self.event_text,
            "quad_code": self.quad_code,
            "plover_score": self.plover_score,
            "modality": self.modality,
            "attribution": self.attribution,
            "evidence": self.evidence.to_dict(),
            "rule": self.rule,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "intended": self.intended,
            "notes": list(self.notes),
            "article_id": self.article_id,
            "language": self.language,
            "dictionary_version": self.dictionary_version,
        }


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world happening seen in one or more articles (GDELT's events + mentions, done properly)."""

    id: str
    event: str
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    date: Day
    events: tuple[str, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    first_seen: Day
    last_seen: Day
