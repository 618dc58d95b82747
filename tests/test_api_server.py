"""The API and dashboard behind a real uvicorn server on loopback, and ``pactwatch serve`` end to end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pactwatch.api import ApiSettings, create_app
from test_api import AUTH, TOKEN, assert_error, build_demo_db


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = build_demo_db(tmp_path_factory.mktemp("server"))
    with LiveServer(create_app(ApiSettings(db=url, token=TOKEN))) as base:
        yield base


def test_dashboard_and_its_assets_are_served(base_url: str) -> None:
    page = httpx.get(base_url + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/app.js" in page.text and "https://" not in page.text  # nothing from a CDN
    for asset, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
        response = httpx.get(base_url + asset)
        assert response.status_code == 200 and kind in response.headers["content-type"]
        assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")
    assert_error(httpx.get(base_url + "/static/nothing.js"), 404, "not_found")


def test_openapi_schema_is_published(base_url: str) -> None:
    schema = httpx.get(base_url + "/openapi.json").json()
    assert schema["info"]["title"] == "pactwatch"
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles",
        "/api/stories",
        "/api/dyads/{a}/{b}",
        "/api/network",
        "/api/actors",
        "/api/alerts",
        "/api/corrections",
        "/api/events/{event_id}/wrong",
    ):
        assert path in schema["paths"], path
    docs = httpx.get(base_url + "/docs")  # our own reference page: FastAPI's Swagger UI needs a CDN
    assert docs.status_code == 200 and "/static/api.js" in docs.text and "https://" not in docs.text
    assert_error(httpx.get(base_url + "/redoc"), 404, "not_found")


def test_filtered_events_over_http(base_url: str) -> None:
    body = httpx.get(
        base_url + "/api/events", params={"country": "CUB", "type": "CONSULT", "limit": 5}
    ).json()
    assert body["total"] > 0 and len(body["items"]) <= 5
    assert all(e["event"] == "CONSULT" for e in body["items"])


def test_concurrent_readers_are_served(base_url: str) -> None:
    results: list[int] = []

    def read() -> None:
        with httpx.Client(base_url=base_url) as c:
            for _ in range(10):
                results.append(c.get("/api/events", params={"limit": 20}).status_code)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 40


def test_write_needs_the_token_over_http(base_url: str) -> None:
    text = "El canciller cubano se reunió el martes en Caracas con la ministra venezolana de Exteriores."
    assert_error(httpx.post(base_url + "/api/articles", json={"text": text}), 401, "unauthorized")
    created = httpx.post(
        base_url + "/api/articles", json={"text": text, "published": "2026-03-04"}, headers=AUTH
    )
    assert created.status_code == 201, created.text


def test_chunked_oversized_body_gets_413_over_http(base_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(200):
            yield b"x" * 10_000
        yield b'"}'

    response = httpx.post(
        base_url + "/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_pactwatch_serve_starts_on_loopback(tmp_path: Path) -> None:
    url = build_demo_db(tmp_path)
    port = _free_port()
    env = {**os.environ, "PACTWATCH_API_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "pactwatch", "--db", url, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api")
                break
            except httpx.TransportError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"pactwatch serve did not come up: {process.stderr.read() if process.stderr else ''}"
                    ) from exc
                time.sleep(0.1)
        assert response.json()["articles"] == 42
        listening = [c for c in _listening(port)]
        assert listening and all(addr.startswith("127.0.0.1") for addr in listening)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in err


def _listening(port: int) -> list[str]:
    """Local addresses listening on ``port``, from /proc/net/tcp (IPv4)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        host_hex, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            octets = [str(int(host_hex[i : i + 2], 16)) for i in (6, 4, 2, 0)]
            found.append(".".join(octets))
    return found


def test_serve_rejects_a_bad_port() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "70000" in result.stderr
