"""The FastAPI application: settings, authentication, and the dashboard's static files.

Reads are open unless ``read_open`` is false; writes always need ``Authorization: Bearer <token>`` and are
refused when no token is configured. The routes themselves are in :mod:`pactwatch.api.routes`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pactwatch.errors import ConfigError
from pactwatch.store import Store

MAX_BODY = 1_000_000  # bytes; an article is rarely a tenth of this


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """How the API runs: which database, the write token, whether reads need it, the body size limit."""

    db: str
    token: str | None = None
    read_open: bool = True
    max_body: int = MAX_BODY
    fetch_urls: bool = True  # whether POST /api/articles may fetch a URL (tests turn it off: no network)

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 8:
            raise ConfigError("the API token must be at least 8 characters; set a longer PACTWATCH_API_TOKEN")
        if self.max_body < 1024:
            raise ConfigError(f"max_body must be at least 1024 bytes, got {self.max_body}")

    @classmethod
    def from_env(cls, db: str, environ: dict[str, str] | None = None) -> ApiSettings:
        """Read ``PACTWATCH_API_TOKEN`` and ``PACTWATCH_API_READ`` (``open`` or ``token``)."""
        env = os.environ if environ is None else environ
        read = env.get("PACTWATCH_API_READ", "open").strip().lower()
        if read not in ("open", "token"):
            raise ConfigError(f"PACTWATCH_API_READ must be 'open' or 'token', got {read!r}")
        return cls(db=db, token=env.get("PACTWATCH_API_TOKEN") or None, read_open=read == "open")


def web_root() -> Any:
    """Return the packaged dashboard directory (HTML, CSS, JS)."""
    return resources.files("pactwatch").joinpath("web")


def create_app(settings: ApiSettings, store: Store | None = None) -> Any:
    """Build the API and dashboard app on ``settings.db`` (or on an already open ``store``)."""
    try:
        from fastapi import Depends, FastAPI
        from fastapi.responses import FileResponse
        from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
        from fastapi.staticfiles import StaticFiles
    except ImportError as exc:
        raise ConfigError(
            f"the REST API needs {exc.name}, which is not installed; pip install 'pactwatch[api]'"
        ) from exc

    from .errors import ApiError, BodyLimit, install_error_handlers
    from .routes import build_router

    owned = store is None
    the_store = store if store is not None else Store.open(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            the_store.close()

    bearer = HTTPBearer(auto_error=False, description="The token set in PACTWATCH_API_TOKEN")

    def _check(credentials: HTTPAuthorizationCredentials | None, action: str) -> None:
        if settings.token is None:
            raise ApiError(
                403,
                "writes_disabled",
                f"{action} needs an API token, and none is configured; "
                "start the server with PACTWATCH_API_TOKEN set",
            )
        if credentials is None:
            raise ApiError(401, "unauthorized", f"{action} needs the header 'Authorization: Bearer <token>'")
        if not secrets.compare_digest(credentials.credentials.encode(), settings.token.encode()):
            raise ApiError(401, "invalid_token", "the bearer token is not the one configured on the server")

    def require_write(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        _check(credentials, "this write endpoint")

    def require_read(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if not settings.read_open:
            _check(credentials, "reading (the server is configured with PACTWATCH_API_READ=token)")

    app = FastAPI(
        title="pactwatch",
        version=_version(),
        summary="PLOVER political events coded from English and Spanish news: events, articles, stories, "
        "actors, dyads, networks and alerts.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's Swagger UI and ReDoc load scripts from a CDN; /docs is our offline page
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.state.store = the_store
    app.state.settings = settings
    app.include_router(build_router(the_store, require_read, require_write, fetch_urls=settings.fetch_urls))

    root = web_root()
    app.mount("/static", StaticFiles(directory=str(root)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(root.joinpath("index.html")), media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def api_reference() -> FileResponse:
        return FileResponse(str(root.joinpath("api.html")), media_type="text/html")

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pactwatch")
    except PackageNotFoundError:
        return "0"
