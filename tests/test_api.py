"""The REST API in process (FastAPI's test client) on the bundled sample corpus in a real SQLite file."""

from __future__ import annotations

import http.server
import io
import json
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pactwatch.api import ApiSettings, create_app
from pactwatch.demo import run_demo
from pactwatch.errors import ConfigError
from pactwatch.models import fold
from pactwatch.store import Store, has_text_index

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ERROR_KEYS = {"status", "code", "message", "detail"}
SPANISH = (
    "Rusia y Cuba firmaron el jueves pasado un memorando de cooperación militar en La Habana, "
    "según informó el ministerio cubano."
)


def build_demo_db(directory: Path) -> str:
    """Ingest and code the sample corpus, and group stories when the stories module is there."""
    url = f"sqlite:///{directory / 'api.db'}"
    run_demo(url, out=io.StringIO())
    try:
        from pactwatch import stories
    except ImportError:
        return url
    with Store.open(url) as store:
        stories.update_stories(store)
    return url


def client_for(app: Any) -> Any:
    with warnings.catch_warnings():  # starlette asks for httpx2, which is not a dependency of ours
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_demo_db(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(demo_url: str) -> Iterator[Any]:
    with client_for(create_app(ApiSettings(db=demo_url, token=TOKEN))) as c:
        yield c


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[Any]:
    """A client on a fresh copy of the demo database, for tests that write."""
    url = build_demo_db(tmp_path)
    with client_for(create_app(ApiSettings(db=url, token=TOKEN))) as c:
        yield c


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == ERROR_KEYS
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and len(error["message"]) > 10
    return error


# -- the one error shape ------------------------------------------------------------------------------

ERRORS = [
    ("GET", "/api/no-such-thing", None, {}, 404, "not_found"),
    ("GET", "/api/events/e-does-not-exist", None, {}, 404, "not_found"),
    ("GET", "/api/articles/a-does-not-exist", None, {}, 404, "not_found"),
    ("GET", "/api/stories/s-does-not-exist", None, {}, 404, "not_found"),
    ("GET", "/api/actors/ZZZ", None, {}, 404, "not_found"),
    ("GET", "/api/events?country=CUBA", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?type=HUG", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?context=gardening", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?modality=maybe", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?sector=XYZ", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?language=fr", None, {}, 400, "unknown_code"),
    ("GET", "/api/events?dyad=CUB", None, {}, 400, "invalid_dyad"),
    ("GET", "/api/events?date_from=2026-02-30", None, {}, 422, "invalid_request"),
    ("GET", "/api/events?date_to=yesterday", None, {}, 422, "invalid_request"),
    ("GET", "/api/events?date_from=2026-06-01&date_to=2026-01-01", None, {}, 400, "invalid_range"),
    ("GET", "/api/alerts?until=9999-12-31", None, {}, 400, "invalid_range"),
    ("GET", "/api/alerts?since=0001-01-01", None, {}, 400, "invalid_range"),
    ("GET", "/api/network?date_from=0001-01-01", None, {}, 400, "invalid_range"),
    ("GET", "/api/events?limit=100000", None, {}, 422, "invalid_request"),
    ("GET", "/api/events?offset=-1", None, {}, 422, "invalid_request"),
    ("GET", "/api/events?offset=10001", None, {}, 422, "invalid_request"),
    ("GET", "/api/events?sort=colour", None, {}, 422, "invalid_request"),
    ("GET", "/api/dyads/CUB/XX1", None, {}, 400, "unknown_code"),
    ("GET", "/api/dyads/CUB/BLR?interval=fortnight", None, {}, 422, "invalid_request"),
    ("GET", "/api/stories?country=%2C", None, {}, 400, "invalid_code"),
    ("GET", "/api/stories?type=%2C%2C", None, {}, 400, "invalid_code"),
    ("GET", "/api/dyads?country=%2C", None, {}, 400, "invalid_code"),
    ("GET", "/api/actors/CUB,RUS", None, {}, 400, "invalid_code"),
    ("GET", "/api/dyads/CUB,RUS/BLR", None, {}, 400, "invalid_code"),
    (
        "POST",
        "/api/corrections",
        b'{"event_id": "e-1", "role": "actor", "code": ",,,"}',
        {**AUTH, "Content-Type": "application/json"},
        400,
        "invalid_code",
    ),
    ("DELETE", "/api/events", None, {}, 405, "method_not_allowed"),
    (
        "POST",
        "/api/articles",
        b'{"text": "unterminated',
        {**AUTH, "Content-Type": "application/json"},
        400,
        "malformed_json",
    ),
    ("POST", "/api/articles", b"{}", {**AUTH, "Content-Type": "application/json"}, 422, "invalid_request"),
    (
        "POST",
        "/api/articles",
        b'{"text": "x", "colour": 1}',
        {**AUTH, "Content-Type": "application/json"},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/api/articles",
        b'{"url": "ftp://x"}',
        {**AUTH, "Content-Type": "application/json"},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/api/articles",
        b'{"text": "Cuba met Belarus last week.", "published": "0001-01-02"}',
        {**AUTH, "Content-Type": "application/json"},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/api/articles",
        b'{"text": "Cuba met Belarus."}',
        {"Content-Type": "application/json"},
        401,
        "unauthorized",
    ),
    (
        "POST",
        "/api/articles",
        b'{"text": "Cuba met Belarus."}',
        {"Authorization": "Bearer wrong-token", "Content-Type": "application/json"},
        401,
        "invalid_token",
    ),
    (
        "POST",
        "/api/events/e-none/wrong",
        b'{"reason": "other"}',
        {**AUTH, "Content-Type": "application/json"},
        404,
        "not_found",
    ),
    (
        "POST",
        "/api/events/e-none/wrong",
        b'{"reason": "bored"}',
        {**AUTH, "Content-Type": "application/json"},
        422,
        "invalid_request",
    ),
    (
        "POST",
        "/api/corrections",
        b'{"event_id": "e-none", "role": "actor", "code": "CUB"}',
        {**AUTH, "Content-Type": "application/json"},
        404,
        "not_found",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "headers", "status", "code"), ERRORS)
def test_every_failure_has_the_one_error_shape(
    client: Any, method: str, path: str, body: bytes | None, headers: dict[str, str], status: int, code: str
) -> None:
    assert_error(client.request(method, path, content=body, headers=headers), status, code)


def test_unknown_code_error_names_the_parameter_and_the_allowed_values(client: Any) -> None:
    error = assert_error(client.get("/api/events?type=CONSULT,HUG"), 400, "unknown_code")
    assert error["detail"] == {"parameter": "type", "unknown": ["HUG"]}
    assert "'type'" in error["message"] and "CONSULT" in error["message"]


def test_invalid_date_error_says_which_parameter(client: Any) -> None:
    error = assert_error(client.get("/api/events?date_from=2026-13-01"), 422, "invalid_request")
    assert "date_from" in error["message"]
    assert error["detail"][0]["location"] == "query parameter 'date_from'"


def test_oversized_body_is_refused_before_it_is_read(client: Any) -> None:
    big = json.dumps({"text": "Cuba met Belarus. " * 80_000}).encode()
    error = assert_error(
        client.post("/api/articles", content=big, headers={**AUTH, "Content-Type": "application/json"}),
        413,
        "payload_too_large",
    )
    assert error["detail"] == {"max_bytes": 1_000_000}


def test_oversized_chunked_body_without_length_is_refused(client: Any) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(300):
            yield b"Cuba met Belarus again. " * 200
        yield b'"}'

    response = client.post(
        "/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


def test_writes_are_refused_when_no_token_is_configured(demo_url: str) -> None:
    with client_for(create_app(ApiSettings(db=demo_url))) as c:
        error = assert_error(
            c.post("/api/articles", json={"text": "Cuba met Belarus."}, headers=AUTH), 403, "writes_disabled"
        )
        assert "PACTWATCH_API_TOKEN" in error["message"]


def test_closed_reads_need_the_token(demo_url: str) -> None:
    with client_for(create_app(ApiSettings(db=demo_url, token=TOKEN, read_open=False))) as c:
        assert_error(c.get("/api/events"), 401, "unauthorized")
        assert c.get("/api/events", headers=AUTH).status_code == 200
        assert c.get("/openapi.json").status_code == 200  # the schema and the dashboard shell stay public


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PACTWATCH_API_READ": "sometimes"}, "PACTWATCH_API_READ"),
        ({"PACTWATCH_API_TOKEN": "short"}, "at least 8"),
    ],
)
def test_bad_settings_are_config_errors(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ApiSettings.from_env("sqlite://", environ)


def test_settings_from_env() -> None:
    settings = ApiSettings.from_env(
        "sqlite://", {"PACTWATCH_API_TOKEN": TOKEN, "PACTWATCH_API_READ": "token"}
    )
    assert (settings.token, settings.read_open) == (TOKEN, False)
    assert ApiSettings.from_env("sqlite://", {}).read_open is True


# -- reading ------------------------------------------------------------------------------------------


def events(client: Any, query: str) -> dict[str, Any]:
    response = client.get("/api/events" + query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def codes(record: dict[str, Any]) -> set[str]:
    return {a["code"] for a in record["actor"] + record["recipient"]}


def test_index_counts_the_store(client: Any) -> None:
    body = client.get("/api").json()
    assert body["articles"] == 42
    assert body["events"] == events(client, "?limit=1")["total"] > 100
    assert "/api/events" in body["endpoints"]


def test_meta_lists_the_codebook(client: Any) -> None:
    body = client.get("/api/meta").json()
    assert len(body["types"]) == 16 and "CONSULT" in body["types"]
    assert "military" in body["contexts"]
    assert body["countries"]["CUB"] == "Cuba"
    assert any(o["outlet"] == "Minsk State Wire" for o in body["outlets"])


FILTERS = [
    ("?country=CUB", lambda e: "CUB" in codes(e)),
    ("?country=cub,irn", lambda e: codes(e) & {"CUB", "IRN"}),
    ("?actor=BLR", lambda e: "BLR" in {a["code"] for a in e["actor"]}),
    ("?recipient=CUB", lambda e: "CUB" in {a["code"] for a in e["recipient"]}),
    ("?dyad=BLR,CUB", lambda e: {"BLR", "CUB"} <= codes(e)),
    ("?sector=MIL", lambda e: "MIL" in {a["sector"] for a in e["actor"] + e["recipient"]}),
    ("?type=CONSULT&type=AGREE", lambda e: e["event"] in ("CONSULT", "AGREE")),
    ("?context=military", lambda e: "military" in e["context"]),
    ("?modality=negated", lambda e: e["modality"] == "negated"),
    ("?language=es", lambda e: e["language"] == "es"),
    ("?outlet=Minsk%20State%20Wire", lambda e: e["outlet"] == "Minsk State Wire"),
    ("?date_from=2026-05-01&date_to=2026-05-31", lambda e: "2026-05-01" <= e["date"] <= "2026-05-31"),
    ("?q=habana", lambda e: "habana" in e["evidence"]["sentence"].lower()),
]


@pytest.mark.parametrize(("query", "holds"), FILTERS, ids=[f[0] for f in FILTERS])
def test_filters_keep_only_matching_events(client: Any, query: str, holds: Any) -> None:
    body = events(client, query + ("&" if "?" in query else "?") + "limit=200")
    everything = events(client, "?limit=1")["total"]
    assert 0 < body["total"] < everything
    assert len(body["items"]) == body["total"]
    assert all(holds(e) for e in body["items"])


@pytest.mark.parametrize("q", ["habana", "HABANA", "La Habana", "Minsk", "ministr", "ha", "é", "zzzz"])
def test_text_search_gives_what_a_scan_of_every_sentence_gives(
    client: Any, monkeypatch: pytest.MonkeyPatch, q: str
) -> None:
    from pactwatch.api import queries

    sentences = {e["id"]: e["evidence"]["sentence"] for e in every_event(client, "")}
    expected = sorted(i for i, sentence in sentences.items() if fold(q) in fold(sentence))
    for walk in (queries.WALK_THRESHOLD, 0):  # 0: the date-walking form of the same conditions
        monkeypatch.setattr(queries, "WALK_THRESHOLD", walk)
        found = every_event(client, f"q={quote(q)}&")
        assert events(client, f"?q={quote(q)}")["total"] == len(expected)
        assert sorted(e["id"] for e in found) == expected


def every_event(client: Any, query: str) -> list[dict[str, Any]]:
    """Return every event matching ``query`` ("name=value&..." or ""), page by page."""
    out: list[dict[str, Any]] = []
    while page := events(client, f"?{query}limit=200&offset={len(out)}")["items"]:
        out.extend(page)
    return out


def test_the_demo_store_searches_text_through_its_index(demo_url: str) -> None:
    with Store.open(demo_url) as store, store.connect() as conn:
        assert has_text_index(conn)


def test_totals_are_exact_below_the_cap(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pactwatch.api import queries

    full = events(client, "?limit=1")
    assert full["total_exact"] is True
    monkeypatch.setattr(queries, "COUNT_CAP", 20)
    capped = events(client, "?limit=1")
    assert (capped["total"], capped["total_exact"]) == (20, False)


@pytest.mark.parametrize(
    "query",
    [
        "?country=CUB",
        "?actor=BLR,RUS",
        "?recipient=CUB",
        "?dyad=BLR,CUB",
        "?sector=MIL",
        "?outlet=Minsk%20State%20Wire",
        "?country=CUB&type=CONSULT&language=en",
    ],
)
def test_walking_the_date_index_gives_the_same_pages(
    client: Any, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    from pactwatch.api import queries

    gathered = [events(client, f"{query}&limit=5&offset={o}")["items"] for o in (0, 5)]
    monkeypatch.setattr(queries, "WALK_THRESHOLD", 1)  # many matches: check each event while walking
    walked = [events(client, f"{query}&limit=5&offset={o}")["items"] for o in (0, 5)]
    assert [[e["id"] for e in page] for page in walked] == [[e["id"] for e in page] for page in gathered]
    assert gathered[0]


def test_pages_tile_the_results_without_overlap(client: Any) -> None:
    whole = [e["id"] for e in events(client, "?country=CUB&limit=200&sort=date")["items"]]
    pages = [
        events(client, f"?country=CUB&limit=7&offset={o}&sort=date")["items"] for o in range(0, len(whole), 7)
    ]
    assert [e["id"] for page in pages for e in page] == whole


@pytest.mark.parametrize("sort", ["date", "-date", "goldstein", "-goldstein", "type", "-type"])
def test_sorting(client: Any, sort: str) -> None:
    key = {"date": "date", "goldstein": "goldstein", "type": "event"}[sort.lstrip("-")]
    values = [e[key] for e in events(client, f"?sort={sort}&limit=200")["items"] if e[key] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_event_detail_has_the_explanation_chain(client: Any) -> None:
    first = events(client, "?dyad=BLR,CUB&type=CONSULT&limit=1")["items"][0]
    detail = client.get(f"/api/events/{first['id']}").json()
    explanation = detail["explanation"]
    assert explanation["rule"] == first["rule"]
    assert explanation["actor_chains"] and all(explanation["actor_chains"])
    assert any("->" in step for step in explanation["actor_chains"][0])
    assert explanation["date"]["value"] == first["date"]
    assert explanation["article"]["outlet"]
    assert detail["marks"] == [] and detail["corrections"] == []


def test_article_spans_point_at_the_coded_words(client: Any) -> None:
    article_id = events(client, "?language=es&limit=1")["items"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["events"] and article["spans"]
    by_id = {e["id"]: e for e in article["events"]}
    for span in article["spans"]:
        if span["label"] == "trigger":
            ev = by_id[span["event_id"]]["evidence"]
            start, end = ev["trigger"]
            assert article["text"][span["start"] : span["end"]] == ev["sentence"][start:end]


def test_article_list_filters_and_counts_events(client: Any) -> None:
    body = client.get("/api/articles?language=es&limit=200").json()
    assert body["total"] == len(body["items"]) > 0
    assert all(a["language"] == "es" for a in body["items"])
    assert sum(a["n_events"] for a in body["items"]) == events(client, "?language=es&limit=1")["total"]


def test_dyad_timeline_adds_up_to_the_dyad_events(client: Any) -> None:
    timeline = client.get("/api/dyads/BLR/CUB?interval=month").json()
    total = events(client, "?dyad=BLR,CUB&limit=1")["total"]
    assert timeline["events"] == total == sum(p["events"] for p in timeline["periods"]) > 0
    starts = [date.fromisoformat(p["period"]) for p in timeline["periods"]]
    for p, start in zip(timeline["periods"], starts, strict=True):
        assert p["cooperation"] + p["conflict"] == p["events"] == sum(p["quads"])
        assert start.day == 1
    months = [(d.year, d.month) for d in starts]
    assert months == sorted(months) and len(months) == len(set(months))
    assert (months[-1][0] - months[0][0]) * 12 + months[-1][1] - months[0][1] + 1 == len(months)  # no gaps
    assert timeline["names"] == ["Belarus", "Cuba"]


@pytest.mark.parametrize(
    ("start", "interval", "following"),
    [
        (date(2026, 12, 1), "month", date(2027, 1, 1)),
        (date(2026, 1, 1), "month", date(2026, 2, 1)),
        (date(2026, 3, 30), "week", date(2026, 4, 6)),
        (date(2026, 2, 28), "day", date(2026, 3, 1)),
        (date(2026, 1, 1), "year", date(2027, 1, 1)),
    ],
)
def test_next_bucket(start: date, interval: str, following: date) -> None:
    from pactwatch.api.queries import bucket, next_bucket

    assert next_bucket(start, interval) == following
    assert bucket(following, interval) == following


def test_top_dyads_are_ordered(client: Any) -> None:
    items = client.get("/api/dyads?limit=5").json()["items"]
    assert [d["events"] for d in items] == sorted((d["events"] for d in items), reverse=True)
    assert items[0]["cooperation"] + items[0]["conflict"] == items[0]["events"]


def test_network_edges_join_listed_nodes_inside_the_window(client: Any) -> None:
    body = client.get("/api/network?date_from=2026-01-01&date_to=2026-12-31").json()
    ids = {n["id"] for n in body["nodes"]}
    assert body["edges"] and ids
    for edge in body["edges"]:
        assert {edge["source"], edge["target"]} <= ids
        assert edge["cooperation"] + edge["conflict"] == edge["events"]
    narrow = client.get("/api/network?date_from=2026-05-01&date_to=2026-05-31").json()
    assert sum(e["events"] for e in narrow["edges"]) < sum(e["events"] for e in body["edges"])
    conflict_only = client.get("/api/network?date_from=2026-01-01&date_to=2026-12-31&type=ACCUSE").json()
    assert conflict_only["edges"] and all(e["conflict"] == e["events"] for e in conflict_only["edges"])


def test_actor_list_and_profile(client: Any) -> None:
    items = client.get("/api/actors?limit=3").json()["items"]
    assert items[0]["events"] >= items[1]["events"]
    profile = client.get("/api/actors/cub").json()
    assert profile["name"] == "Cuba"
    assert profile["as_actor"] > 0 and profile["partners"]
    assert "CUB" not in {p["code"] for p in profile["partners"]}


def test_stories_report_every_outlet_and_language(client: Any) -> None:
    pytest.importorskip("pactwatch.stories", reason="the stories module is not in this build")
    body = client.get("/api/stories?min_articles=2&limit=50").json()
    assert body["total"] > 0
    story = client.get(f"/api/stories/{body['items'][0]['id']}").json()
    assert len(story["article_list"]) == len(story["articles"]) >= 2
    assert {a["outlet"] for a in story["article_list"]} == set(story["outlets"])
    assert {a["language"] for a in story["article_list"]} == set(story["languages"])
    assert {e["id"] for e in story["members"]} == set(story["events"])


# -- writing ------------------------------------------------------------------------------------------


def test_submitted_text_is_stored_coded_and_listed(writable: Any) -> None:
    response = writable.post(
        "/api/articles",
        json={"text": SPANISH, "published": "2026-05-14", "outlet": "Test Wire", "title": "Memorando"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["new"] is True
    assert any(e["event"] == "AGREE" and {"RUS", "CUB"} <= codes(e) for e in body["events"])
    listed = events(writable, f"?article_id={body['article_id']}")
    assert {e["id"] for e in listed["items"]} == {e["id"] for e in body["events"]}
    again = writable.post("/api/articles", json={"text": SPANISH, "published": "2026-05-14"}, headers=AUTH)
    assert again.status_code == 201 and again.json()["new"] is False


def test_mark_wrong_is_kept_with_the_event(writable: Any) -> None:
    event_id = events(writable, "?limit=1")["items"][0]["id"]
    response = writable.post(
        f"/api/events/{event_id}/wrong", json={"reason": "wrong_type", "note": "a visit"}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    marks = writable.get(f"/api/events/{event_id}").json()["marks"]
    assert [(m["reason"], m["note"]) for m in marks] == [("wrong_type", "a visit")]


def test_actor_correction_is_recorded_with_the_old_code(writable: Any) -> None:
    event = events(writable, "?actor=BLR&limit=1")["items"][0]
    body = {"event_id": event["id"], "role": "actor", "position": 0, "code": "rus", "sector": "gov"}
    response = writable.post("/api/corrections", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    saved = response.json()
    assert (saved["old_code"], saved["code"], saved["sector"]) == ("BLR", "RUS", "GOV")
    assert saved["entity_text"] == event["actor"][0]["entity_text"]
    listed = writable.get(f"/api/corrections?event_id={event['id']}").json()["items"]
    assert [c["id"] for c in listed] == [saved["id"]]
    assert writable.get(f"/api/events/{event['id']}").json()["corrections"][0]["code"] == "RUS"
    bad = writable.post("/api/corrections", json={**body, "code": "ZZZZ"[:3].replace("Z", "1")}, headers=AUTH)
    assert_error(bad, 400, "unknown_code")
    missing = writable.post("/api/corrections", json={**body, "position": 9}, headers=AUTH)
    assert_error(missing, 404, "not_found")
    assert_error(
        writable.post("/api/corrections", json={**body, "code": "QQQ"}, headers=AUTH), 400, "unknown_code"
    )


def test_correcting_a_named_person_updates_the_actor_registry(writable: Any) -> None:
    registry = pytest.importorskip("pactwatch.registry", reason="the actor registry is not in this build")
    event = events(writable, "?q=Marchenko&limit=200")["items"]
    target = next(
        (e, role, i)
        for e in event
        for role in ("actor", "recipient")
        for i, a in enumerate(e[role])
        if a.get("entity_name") == "Oleg Marchenko"
    )
    e, role, position = target
    body = {"event_id": e["id"], "role": role, "position": position, "code": "BLR", "sector": "SPY"}
    saved = writable.post("/api/corrections", json=body, headers=AUTH).json()
    assert saved["registry_entry"]["name"] == "Oleg Marchenko"
    assert (saved["registry_entry"]["code"], saved["registry_entry"]["sector"]) == ("BLR", "SPY")
    store = writable.app.state.store
    (entry,) = [x for x in registry.ActorRegistry(store).entries(name="Oleg Marchenko")]
    assert (entry.sector, entry.locked) == ("SPY", True)


def test_watchlists_are_added_listed_alerted_and_removed(writable: Any) -> None:
    pytest.importorskip("pactwatch.alerts", reason="the alerts module is not in this build")
    watch = {"name": "belarus-cuba", "country": "blr", "partner": "CUB", "context": "military"}
    created = writable.post("/api/watchlists", json=watch, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["country"] == "BLR"
    assert [w["name"] for w in writable.get("/api/watchlists").json()["items"]] == ["belarus-cuba"]
    alerts = writable.get("/api/alerts?since=2025-01-01&until=2026-12-31").json()["items"]
    assert alerts and all(a["watchlist"] == "belarus-cuba" for a in alerts)
    assert_error(
        writable.post("/api/watchlists", json={**watch, "context": "gardening"}, headers=AUTH),
        400,
        "unknown_code",
    )
    assert_error(
        writable.post("/api/watchlists", json={**watch, "quad": 7}, headers=AUTH), 422, "invalid_request"
    )
    assert writable.delete("/api/watchlists/belarus-cuba", headers=AUTH).status_code == 200
    assert_error(writable.delete("/api/watchlists/belarus-cuba", headers=AUTH), 404, "not_found")
    assert_error(writable.get("/api/alerts?watch=belarus-cuba"), 404, "not_found")


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path != "/news/visit":
            self.send_error(404)
            return
        body = (
            b"<html><head><title>Belarus and Cuba talk training</title></head><body><article>"
            b"<h1>Belarus and Cuba talk training</h1>"
            b"<p>Belarusian Deputy Defence Minister Oleg Marchenko received Cuban Colonel Ana Quintero "
            b"in Minsk on Monday to discuss the training of Cuban officers at Belarusian military "
            b"academies.</p>"
            b"<p>The two delegations agreed to meet again in Havana before the end of the year, the ministry "
            b"said in a statement published on its website.</p></article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_submitted_url_is_fetched_from_a_real_server(writable: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("trafilatura", reason="URL submission needs the web extra")
    monkeypatch.setenv("PACTWATCH_ALLOW_PRIVATE_URLS", "1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        response = writable.post(
            "/api/articles",
            json={"url": f"{base}/news/visit", "language": "en", "published": "2026-05-12"},
            headers=AUTH,
        )
        assert response.status_code == 201, response.text
        assert any(e["event"] == "CONSULT" and {"BLR", "CUB"} <= codes(e) for e in response.json()["events"])
        gone = writable.post("/api/articles", json={"url": f"{base}/news/missing"}, headers=AUTH)
        error = assert_error(gone, 400, "bad_request")
        assert "/news/missing" in error["message"]
    finally:
        server.shutdown()
        server.server_close()
