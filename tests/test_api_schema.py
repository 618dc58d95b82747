"""Schemathesis generates requests from our own OpenAPI schema against a real server: no 5xx, ever.

Every 4xx it provokes must also carry the one error shape. Writes are sent with the token, so the write
endpoints are exercised too (on a throw-away database). The schema is read from the app itself at
collection time, so each operation is its own test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pactwatch.api import ApiSettings, create_app
from test_api import AUTH, ERROR_KEYS, TOKEN, build_demo_db
from test_api_server import LiveServer

EXAMPLES = int(os.environ.get("PACTWATCH_FUZZ_EXAMPLES", "40"))  # raise it for a deeper hunt


def _operations() -> list[Any]:
    app = create_app(ApiSettings(db="sqlite://"))
    schema = schemathesis.openapi.from_dict(app.openapi())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = build_demo_db(tmp_path_factory.mktemp("schema"))
    with LiveServer(create_app(ApiSettings(db=url, token=TOKEN, fetch_urls=False))) as base:
        yield base


def test_the_schema_covers_every_endpoint() -> None:
    labels = {op.label for op in OPERATIONS}
    assert {
        "GET /api/events",
        "POST /api/articles",
        "POST /api/events/{event_id}/wrong",
        "POST /api/corrections",
        "GET /api/network",
        "GET /api/stories",
    } <= labels


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_no_server_errors_and_one_error_shape(live: str, operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call(base_url=live, headers=AUTH)
        where = f"{case.method} {case.formatted_path} {case.query or ''}"
        assert response.status_code < 500, f"{where}: {response.text[:500]}"
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS, (
                f"{where}: {response.text[:500]}"
            )
            assert body["error"]["status"] == response.status_code

    run()
