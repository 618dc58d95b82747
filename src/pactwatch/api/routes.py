"""The REST endpoints under ``/api``: reads (events, articles, actors, dyads, network, stories, alerts) and
writes (submit an article, mark an event wrong, correct an actor).

Query parameters that take codes accept them repeated (``?country=CUB&country=BLR``) or comma-separated
(``?country=CUB,BLR``) and are checked against the codebook: an unknown code is a 400 naming the allowed
values.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select

from pactwatch.codebook import load_codebook
from pactwatch.errors import NotFoundError
from pactwatch.explain import explanation_dict
from pactwatch.gazetteer import NONSTATE_CODES, country_names, load_places
from pactwatch.migrations import actor_corrections, event_actors, event_marks
from pactwatch.models import MODALITIES, Article
from pactwatch.store import Store

from . import queries
from .errors import ApiError

MAX_LIMIT = 200
MAX_OFFSET = queries.COUNT_CAP  # deeper pages: narrow the filters instead (as search engines do)
MAX_TEXT = 200_000
LANGUAGES = ("en", "es")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matches to skip.")]
Codes = Annotated[list[str] | None, Query(description="Repeat the parameter or separate values with commas.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=200)]
Sort = Literal["date", "-date", "goldstein", "-goldstein", "type", "-type", "language", "-language"]


# -- validation ---------------------------------------------------------------------------------------


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _check_codes(name: str, values: list[str], allowed: Callable[[str], bool], hint: str) -> list[str]:
    bad = [v for v in values if not allowed(v)]
    if bad:
        raise ApiError(
            400,
            "unknown_code",
            f"query parameter {name!r}: unknown value {bad[0]!r}; {hint}",
            {"parameter": name, "unknown": bad},
        )
    return values


def countries(name: str, values: list[str] | None) -> list[str]:
    """Validate actor codes: ISO-3 country codes or PLOVER non-state codes."""
    codes = [v.upper() for v in _split(values)]
    book = load_codebook()
    return _check_codes(
        name,
        codes,
        lambda c: book.is_actor_code(c) or c == "---",
        "use an ISO 3166 alpha-3 code (CUB, BLR) or a PLOVER non-state code ("
        + ", ".join(book.nonstate)
        + ")",
    )


def one_country(name: str, value: str | None) -> str | None:
    """Validate a parameter that takes at most one actor code."""
    if value is None:
        return None
    codes = countries(name, [value])
    if len(codes) != 1:
        raise ApiError(400, "invalid_code", f"parameter {name!r} takes one code, like CUB; got {value!r}")
    return codes[0]


def one_of(name: str, value: str | None, allowed: tuple[str, ...], upper: bool) -> str | None:
    """Validate a parameter that takes at most one value of ``allowed``."""
    if value is None:
        return None
    items = _from_list(name, [value], allowed, upper)
    if len(items) != 1:
        raise ApiError(400, "invalid_code", f"parameter {name!r} takes one value; got {value!r}")
    return items[0]


def _from_list(name: str, values: list[str] | None, allowed: tuple[str, ...], upper: bool) -> list[str]:
    items = [v.upper() if upper else v.lower() for v in _split(values)]
    return _check_codes(name, items, lambda v: v in allowed, "allowed: " + ", ".join(allowed))


@cache
def _vocab() -> dict[str, tuple[str, ...]]:
    book = load_codebook()
    return {
        "type": tuple(book.types),
        "context": tuple(book.contexts),
        "sector": tuple(book.sectors),
        "modality": MODALITIES,
    }


EARLIEST, LATEST = date(1000, 1, 1), date(2999, 12, 31)


def _window(date_from: date | None, date_to: date | None) -> None:
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ApiError(
                400,
                "invalid_range",
                f"{name} {day.isoformat()} is outside the years {EARLIEST.year}-{LATEST.year}",
                {name: day.isoformat()},
            )
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ApiError(
            400,
            "invalid_range",
            f"date_from {date_from.isoformat()} is after date_to {date_to.isoformat()}; swap them",
            {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
        )


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    if value.lower() not in LANGUAGES:
        raise ApiError(400, "unknown_code", f"query parameter 'language': {value!r} is not one of en, es")
    return value.lower()


def _page(total: int, items: list[dict[str, Any]], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items, **extra}


# -- request bodies -----------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """An article to store and code: its text, or a URL the server fetches."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=MAX_TEXT, description="The article text.")
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    title: str | None = Field(None, max_length=500)
    outlet: str | None = Field(None, max_length=200)
    published: date | None = None
    language: Literal["en", "es"] | None = None

    @model_validator(mode="after")
    def _text_or_url(self) -> ArticleIn:
        if (self.text is None or not self.text.strip()) and self.url is None:
            raise ValueError("give the article 'text' (non-empty) or a 'url' to fetch")
        if self.published is not None and not EARLIEST <= self.published <= LATEST:
            raise ValueError(f"'published' must be within the years {EARLIEST.year}-{LATEST.year}")
        return self


class MarkIn(BaseModel):
    """Why an event is wrong."""

    model_config = ConfigDict(extra="forbid")
    reason: Literal["wrong_type", "wrong_actor", "wrong_recipient", "wrong_date", "not_an_event", "other"]
    note: str | None = Field(None, max_length=2000)


class WatchIn(BaseModel):
    """A watchlist: a country, optionally a partner, a PLOVER type, a context and a quad."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w .:-]+$")
    country: str = Field(min_length=3, max_length=3)
    partner: str | None = Field(None, min_length=3, max_length=3)
    event: str | None = Field(None, max_length=20)
    context: str | None = Field(None, max_length=40)
    quad: int | None = Field(None, ge=1, le=4)


class CorrectionIn(BaseModel):
    """The right code (and sector) for one actor or recipient of an event."""

    model_config = ConfigDict(extra="forbid")
    event_id: str = Field(min_length=1, max_length=200)
    role: Literal["actor", "recipient"]
    position: int = Field(0, ge=0, le=50)
    code: str = Field(min_length=3, max_length=3)
    sector: str | None = Field(None, min_length=3, max_length=3)
    note: str | None = Field(None, max_length=2000)


# -- the router ---------------------------------------------------------------------------------------


def build_router(
    store: Store,
    require_read: Callable[..., None],
    require_write: Callable[..., None],
    *,
    fetch_urls: bool = True,
) -> APIRouter:
    """Return the ``/api`` routes over ``store``."""
    reads = APIRouter(prefix="/api", dependencies=[Depends(require_read)])
    writes = APIRouter(prefix="/api", dependencies=[Depends(require_write)])

    @reads.get("", summary="Counts and the endpoints")
    def index() -> dict[str, Any]:
        with store.connect() as conn:
            n_articles, n_events = queries.store_counts(conn)
        return {
            "name": "pactwatch",
            "articles": n_articles,
            "events": n_events,
            "endpoints": sorted(
                {getattr(route, "path", "") for route in [*reads.routes, *writes.routes]} - {""}
            ),
        }

    @reads.get("/meta", summary="Codes the filters accept, and country names")
    def meta() -> dict[str, Any]:
        vocab = _vocab()
        with store.connect() as conn:
            outlets = queries.outlets(conn)
        names = {**country_names("en")}
        return {
            "types": list(vocab["type"]),
            "contexts": list(vocab["context"]),
            "sectors": list(vocab["sector"]),
            "modalities": list(vocab["modality"]),
            "languages": list(LANGUAGES),
            "countries": names,
            "outlets": outlets,
            "stories": _optional("pactwatch.stories") is not None,
            "alerts": _optional("pactwatch.alerts") is not None,
        }

    # -- events ---------------------------------------------------------------------------------------

    @reads.get("/events", summary="Events, filtered, sorted and paged")
    def list_events(
        country: Codes = None,
        actor: Codes = None,
        recipient: Codes = None,
        dyad: Codes = None,
        sector: Codes = None,
        type: Codes = None,
        context: Codes = None,
        modality: Codes = None,
        date_from: Day = None,
        date_to: Day = None,
        language: Text = None,
        outlet: Text = None,
        q: Text = None,
        article_id: Text = None,
        sort: Sort = "-date",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        vocab = _vocab()
        pair = countries("dyad", dyad)
        if dyad is not None and len(pair) != 2:
            raise ApiError(
                400, "invalid_dyad", f"query parameter 'dyad' needs two codes, like CUB,BLR; got {pair}"
            )
        _window(date_from, date_to)
        query = queries.EventQuery(
            countries=countries("country", country),
            actors=countries("actor", actor),
            recipients=countries("recipient", recipient),
            dyad=(pair[0], pair[1]) if pair else None,
            sectors=_from_list("sector", sector, vocab["sector"], upper=True),
            types=_from_list("type", type, vocab["type"], upper=True),
            contexts=_from_list("context", context, vocab["context"], upper=False),
            modalities=_from_list("modality", modality, vocab["modality"], upper=False),
            date_from=date_from,
            date_to=date_to,
            language=_language(language),
            outlet=outlet,
            text=q,
            article_id=article_id,
        )
        with store.connect() as conn:
            total, exact, items = queries.list_events(conn, query, sort=sort, limit=limit, offset=offset)
        return _page(total, items, limit, offset, sort=sort, total_exact=exact)

    @reads.get("/events/{event_id}", summary="One event with its explanation chain")
    def get_event(event_id: str) -> dict[str, Any]:
        event = store.get_event(event_id)
        try:
            article: Article | None = store.get_article(event.article_id)
        except NotFoundError:
            article = None
        record = explanation_dict(event, article)
        record["explanation"]["rule"] = event.rule
        record["explanation"]["dictionary_version"] = event.dictionary_version
        record["explanation"]["date"] = {
            "value": event.date.value.isoformat(),
            "precision": event.date.precision,
            "raw": event.date.raw,
            "relation": event.date.relation,
        }
        with store.connect() as conn:
            record["marks"] = queries.event_marks_of(conn, event_id)
            record["corrections"] = queries.corrections_of(conn, event_id)
        stories = _optional("pactwatch.stories")
        record["story_id"] = stories.story_of_event(store, event_id) if stories else None
        return record

    # -- articles -------------------------------------------------------------------------------------

    @reads.get("/articles", summary="Articles, newest first")
    def list_articles(
        language: Text = None,
        outlet: Text = None,
        q: Text = None,
        date_from: Day = None,
        date_to: Day = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        _window(date_from, date_to)
        query = queries.ArticleQuery(
            language=_language(language), outlet=outlet, text=q, date_from=date_from, date_to=date_to
        )
        with store.connect() as conn:
            total, items = queries.list_articles(conn, query, limit=limit, offset=offset)
        return _page(total, items, limit, offset)

    @reads.get("/articles/{article_id}", summary="One article's text with its coded spans")
    def get_article(article_id: str) -> dict[str, Any]:
        article = store.get_article(article_id)
        events = store.events(queries_filter(article_id))
        spans = []
        for e in events:
            base = e.evidence.start
            spans.append(
                {
                    "event_id": e.id,
                    "label": "trigger",
                    "start": base + e.evidence.trigger[0],
                    "end": base + e.evidence.trigger[1],
                }
            )
            for label, pairs in (
                ("actor", e.evidence.actor_spans),
                ("recipient", e.evidence.recipient_spans),
            ):
                spans.extend(
                    {"event_id": e.id, "label": label, "start": base + s, "end": base + t} for s, t in pairs
                )
        return {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
            "text": article.text,
            "events": [e.to_plover() for e in events],
            "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
        }

    # -- actors, dyads, network -----------------------------------------------------------------------

    @reads.get("/actors", summary="Actor codes with their event counts")
    def list_actors(
        prefix: Annotated[str | None, Query(max_length=3)] = None, limit: Limit = 100
    ) -> dict[str, Any]:
        names = country_names("en")
        with store.connect() as conn:
            items = queries.actor_counts(conn, limit=limit, prefix=prefix)
        for item in items:
            item["name"] = names.get(item["code"])
        return {"items": items}

    @reads.get("/actors/{code}", summary="One actor code: roles, sectors, partners, corrections")
    def get_actor(code: str) -> dict[str, Any]:
        checked = one_country("code", code) or ""
        with store.connect() as conn:
            profile = queries.actor_profile(conn, checked)
            rows = conn.execute(
                select(actor_corrections)
                .where((actor_corrections.c.code == checked) | (actor_corrections.c.old_code == checked))
                .order_by(actor_corrections.c.id.desc())
                .limit(50)
            ).all()
        if profile["as_actor"] + profile["as_recipient"] == 0:
            raise ApiError(404, "not_found", f"no event in {store.url} involves {checked}")
        profile["name"] = country_names("en").get(checked)
        profile["corrections"] = [queries.correction_dict(r) for r in rows]
        return profile

    @reads.get("/dyads", summary="The actor -> recipient pairs with the most events")
    def list_dyads(
        country: Annotated[str | None, Query(max_length=3)] = None,
        date_from: Day = None,
        date_to: Day = None,
        limit: Limit = 20,
    ) -> dict[str, Any]:
        _window(date_from, date_to)
        code = one_country("country", country)
        with store.connect() as conn:
            items = queries.top_dyads(conn, country=code, date_from=date_from, date_to=date_to, limit=limit)
        return {"items": items}

    @reads.get("/dyads/{a}/{b}", summary="A dyad's timeline: events per interval, cooperation vs conflict")
    def dyad(
        a: str,
        b: str,
        interval: Literal["day", "week", "month", "year"] = "month",
        date_from: Day = None,
        date_to: Day = None,
    ) -> dict[str, Any]:
        one = one_country("a", a) or ""
        two = one_country("b", b) or ""
        _window(date_from, date_to)
        with store.connect() as conn:
            out = queries.dyad_timeline(
                conn, one, two, interval=interval, date_from=date_from, date_to=date_to
            )
        names = country_names("en")
        out["names"] = [names.get(one), names.get(two)]
        return out

    @reads.get("/network", summary="The country network of cooperation and conflict over a window")
    def network(
        date_from: Day = None,
        date_to: Day = None,
        type: Codes = None,
        min_events: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=500)] = 150,
    ) -> dict[str, Any]:
        _window(date_from, date_to)
        types = _from_list("type", type, _vocab()["type"], upper=True)
        with store.connect() as conn:
            if date_from is None or date_to is None:
                default = queries.default_window(conn)
                if default is None:
                    return {"date_from": None, "date_to": None, "nodes": [], "edges": []}
                if date_to is None:
                    date_to = max(default[1], date_from) if date_from else default[1]
                if date_from is None:
                    date_from = min(default[0], date_to)
            out = queries.network(
                conn, date_from=date_from, date_to=date_to, types=types, min_events=min_events, limit=limit
            )
        names = country_names("en")
        for node in out["nodes"]:
            node["name"] = names.get(node["id"], node["id"])
        return out

    # -- stories and alerts (from the stories and alerts modules) -------------------------------------

    @reads.get("/stories", summary="Stories: one happening told by several articles, outlets, languages")
    def list_stories(
        country: Annotated[str | None, Query(max_length=3)] = None,
        type: Annotated[str | None, Query(max_length=20)] = None,
        date_from: Day = None,
        date_to: Day = None,
        outlet: Text = None,
        language: Text = None,
        min_articles: Annotated[int, Query(ge=1, le=1000)] = 1,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        stories = _require("pactwatch.stories", "stories")
        _window(date_from, date_to)
        code = one_country("country", country)
        etype = one_of("type", type, _vocab()["type"], upper=True)
        filters = stories.StoryFilter(
            country=code,
            event=etype,
            date_from=date_from,
            date_to=date_to,
            outlet=outlet,
            language=_language(language),
            min_articles=min_articles,
            limit=limit,
            offset=offset,
        )
        total = stories.count_stories(store, filters)
        items = [stories.story_record(s) for s in stories.list_stories(store, filters)]
        return _page(total, items, limit, offset)

    @reads.get("/stories/{story_id}", summary="One story with every article, outlet and language")
    def get_story(story_id: str) -> dict[str, Any]:
        stories = _require("pactwatch.stories", "stories")
        record: dict[str, Any] = stories.story_record(stories.get_story(store, story_id))
        record["members"] = [e.to_plover() for e in stories.story_events_of(store, story_id)]
        with store.connect() as conn:
            record["article_list"] = queries.articles_by_id(conn, record["articles"])
        return record

    @reads.get("/watchlists", summary="Watchlists")
    def list_watchlists() -> dict[str, Any]:
        alerts = _require("pactwatch.alerts", "watchlists")
        return {"items": [_plain(w) for w in alerts.list_watchlists(store)]}

    @reads.get("/alerts", summary="Alerts raised by the watchlists")
    def list_alerts(
        since: Day = None, until: Day = None, watch: Annotated[str | None, Query(max_length=200)] = None
    ) -> dict[str, Any]:
        alerts = _require("pactwatch.alerts", "alerts")
        _window(since, until)
        return {"items": [_plain(a) for a in alerts.alerts(store, since=since, until=until, watch=watch)]}

    # -- writes ---------------------------------------------------------------------------------------

    @writes.post("/articles", status_code=201, summary="Store and code an article (text, or a URL to fetch)")
    def submit_article(body: ArticleIn) -> dict[str, Any]:
        from pactwatch.events import dictionary_version
        from pactwatch.pipeline import code_articles

        if body.text is not None and body.text.strip():
            article = Article.from_text(
                body.text,
                url=body.url,
                title=body.title,
                outlet=body.outlet,
                published=body.published,
                language=body.language,
                origin="api",
            )
        elif not fetch_urls:
            raise ApiError(422, "fetch_disabled", "this server does not fetch URLs; send the article 'text'")
        else:
            article = _fetch(str(body.url), body)
        added = store.add_articles([article]).added
        coded = list(code_articles([article]))
        events = coded[0][1] if coded else []
        store.save_codings([(article.id, events)], dictionary_version())
        stories = _optional("pactwatch.stories")
        if stories is not None:
            stories.update_stories(store)
        return {
            "article_id": article.id,
            "new": bool(added),
            "events": [e.to_plover() for e in events],
        }

    @writes.post("/events/{event_id}/wrong", status_code=201, summary="Mark an event as wrongly coded")
    def mark_wrong(event_id: str, body: MarkIn) -> dict[str, Any]:
        store.get_event(event_id)
        now = datetime.now(UTC)
        with store.connect(write=True) as conn:
            new_id = conn.execute(
                event_marks.insert().values(
                    event_id=event_id, reason=body.reason, note=body.note, created_at=now
                )
            ).inserted_primary_key
        return {
            "id": new_id[0] if new_id else None,
            "event_id": event_id,
            "reason": body.reason,
            "note": body.note,
            "created_at": now.isoformat(),
        }

    @writes.post("/corrections", status_code=201, summary="Correct the code of an event's actor or recipient")
    def correct_actor(body: CorrectionIn) -> dict[str, Any]:
        code = one_country("code", body.code) or ""
        if code not in load_places() and code not in NONSTATE_CODES and code != "---":
            raise ApiError(
                400,
                "unknown_code",
                f"body field 'code': {code!r} is not a country of the gazetteer, a PLOVER non-state code "
                "or --- for unknown",
                {"parameter": "code", "unknown": [code]},
            )
        sector = one_of("sector", body.sector, _vocab()["sector"], upper=True)
        store.get_event(body.event_id)
        now = datetime.now(UTC)
        with store.connect(write=True) as conn:
            old = conn.execute(
                select(event_actors.c.code, event_actors.c.entity_text, event_actors.c.name).where(
                    event_actors.c.event_id == body.event_id,
                    event_actors.c.role == body.role,
                    event_actors.c.position == body.position,
                )
            ).first()
            if old is None:
                raise ApiError(
                    404,
                    "not_found",
                    f"event {body.event_id!r} has no {body.role} at position {body.position}",
                )
            values = {
                "event_id": body.event_id,
                "role": body.role,
                "position": body.position,
                "entity_text": old.entity_text,
                "old_code": old.code,
                "code": code,
                "sector": sector,
                "note": body.note,
                "created_at": now,
            }
            key = conn.execute(actor_corrections.insert().values(**values)).inserted_primary_key
        entry = _correct_registry(store, old.name, code, sector)
        return {
            **values,
            "id": key[0] if key else None,
            "created_at": now.isoformat(),
            "registry_entry": entry,
        }

    @writes.post("/watchlists", status_code=201, summary="Add a watchlist (the same name replaces it)")
    def add_watchlist(body: WatchIn) -> dict[str, Any]:
        alerts = _require("pactwatch.alerts", "watchlists")
        vocab = _vocab()
        country = one_country("country", body.country) or ""
        partner = one_country("partner", body.partner)
        event = one_of("event", body.event, vocab["type"], upper=True)
        context = one_of("context", body.context, vocab["context"], upper=False)
        watch = alerts.Watch(body.name.strip(), country, partner, event, context, body.quad)
        alerts.add_watchlist(store, watch)
        saved: dict[str, Any] = _plain(watch)
        return saved

    @writes.delete("/watchlists/{name}", summary="Remove a watchlist")
    def remove_watchlist(name: str) -> dict[str, Any]:
        alerts = _require("pactwatch.alerts", "watchlists")
        alerts.remove_watchlist(store, name)
        return {"removed": name}

    @reads.get("/corrections", summary="Actor corrections, newest first")
    def list_corrections(event_id: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        query = select(actor_corrections).order_by(actor_corrections.c.id.desc()).limit(limit).offset(offset)
        if event_id is not None:
            query = query.where(actor_corrections.c.event_id == event_id)
        with store.connect() as conn:
            rows = conn.execute(query).all()
        return {"items": [queries.correction_dict(r) for r in rows]}

    router = APIRouter()
    router.include_router(reads)
    router.include_router(writes)
    return router


def queries_filter(article_id: str) -> Any:
    from pactwatch.store import EventFilter

    return EventFilter(article_id=article_id, limit=None)


def _correct_registry(store: Store, name: str | None, code: str, sector: str | None) -> dict[str, Any] | None:
    """Carry a correction of a named person over to the actor registry (and lock the entry), so later
    articles get it right.

    Returns the corrected registry entry, or None when there is no registry or no entry of that exact name.
    """
    registry = _optional("pactwatch.registry")
    if registry is None or not name:
        return None
    from pactwatch.models import fold

    book = registry.ActorRegistry(store)
    matches = [e for e in book.entries(name=name) if fold(e.name) == fold(name) and e.merged_into is None]
    if len(matches) != 1:
        return None
    book.correct(matches[0].id, code=code, sector=sector)
    entry = book.lock(matches[0].id)  # as `pactwatch actors correct` does: new evidence must not undo it
    result: dict[str, Any] = entry.to_dict()
    return result


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _require(module: str, what: str) -> Any:
    found = _optional(module)
    if found is None:
        raise ApiError(404, "not_available", f"{what} are not available: this build has no {module} module")
    return found


def _plain(value: Any) -> Any:
    """Turn a dataclass record (with dates, tuples, nested records) into JSON-ready data."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _fetch(url: str, body: ArticleIn) -> Article:
    """Fetch and extract the article at ``url`` (fetch failures are InputErrors: a 400 naming the URL)."""
    from pactwatch.extract import article_from_page, decode_html, extract_page
    from pactwatch.fetch import Fetcher

    try:
        with Fetcher() as fetcher:
            response = fetcher.get(url)
    except (UnicodeError, ValueError) as exc:  # a host name that cannot be encoded or resolved
        raise ApiError(400, "invalid_url", f"cannot fetch {url!r}: {exc}") from exc
    page = extract_page(decode_html(response.content, response.charset, where=url), url=response.url)
    article = article_from_page(
        page, language=body.language, published=body.published, fetched_at=response.fetched_at, origin=url
    )
    if body.title or body.outlet:
        from dataclasses import replace

        article = replace(article, title=body.title or article.title, outlet=body.outlet or article.outlet)
    return article
