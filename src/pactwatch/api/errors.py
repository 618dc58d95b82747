"""One JSON error shape for every failure of the REST API, and the request-size guard.

Every 4xx and 5xx response has the body::

    {"error": {"status": 404, "code": "not_found", "message": "event 'e-1' is not in ...", "detail": null}}

``code`` is stable and machine-readable, ``message`` says what went wrong and what to do, ``detail`` carries
structured context (the invalid fields of a request, the allowed values of a parameter) or ``null``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pactwatch.errors import ConfigError, InputError, NotFoundError, PactwatchError, StoreError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the API turns into its JSON error shape; raise it from endpoints."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """Return the error shape every failing response carries."""
    return {"error": {"status": status, "code": code, "message": message, "detail": detail}}


def error_response(
    status: int, code: str, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, detail), status_code=status, headers=headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header"):
        where = parts[0]
        rest = ".".join(parts[1:])
        return f"{where} parameter {rest!r}" if rest and where != "body" else f"{where} {rest}".strip()
    return ".".join(parts)


def _validation(exc: RequestValidationError) -> JSONResponse:
    problems = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        problems.append({"location": _location(loc), "message": err.get("msg", ""), "type": err.get("type")})
    if any(p["type"] == "json_invalid" for p in problems):
        first = next(p for p in problems if p["type"] == "json_invalid")
        return error_response(
            400, "malformed_json", f"the request body is not valid JSON ({first['message']})", problems
        )
    summary = "; ".join(f"{p['location']}: {p['message']}" for p in problems[:3])
    return error_response(422, "invalid_request", f"invalid request: {summary}", problems)


def install_error_handlers(app: FastAPI) -> None:
    """Make every failure, expected or not, answer with :func:`error_body`."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        code = _CODES.get(status, "error")
        if status == 404 and exc.detail in (None, "Not Found"):
            message = f"no such endpoint: {request.method} {request.url.path}; see /docs for the endpoints"
        elif status == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail) if exc.detail else HTTPStatus(status).phrase
        headers = dict(exc.headers) if exc.headers else None
        return error_response(status, code, message, None, headers)

    @app.exception_handler(NotFoundError)
    async def _not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(PactwatchError)
    async def _pactwatch(_request: Request, exc: PactwatchError) -> JSONResponse:
        if isinstance(exc, InputError | ConfigError):
            return error_response(400, "bad_request", str(exc))
        if isinstance(exc, StoreError):
            log.error("store error: %s", exc, exc_info=exc)
            return error_response(503, "store_unavailable", str(exc))
        return error_response(422, "invalid_data", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal_error", f"unexpected error on {request.method} {request.url.path}; see the logs"
        )


class BodyLimit:
    """ASGI middleware: answer 413 (in the error shape) to request bodies larger than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = self._too_big_message()
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes:
                    await _send_json(send, too_big)
                    return
        received = 0

        async def guarded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI passes HTTPException through body parsing; the handler gives it our shape.
                    raise StarletteHTTPException(413, self._too_big_text())
            return message

        await self.app(scope, guarded_receive, send)

    def _too_big_message(self) -> JSONResponse:
        return error_response(413, "payload_too_large", self._too_big_text(), {"max_bytes": self.max_bytes})

    def _too_big_text(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes; send a shorter article or split it"


async def _send_json(send: Send, response: JSONResponse) -> None:
    await send(
        {"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers}
    )
    await send({"type": "http.response.body", "body": response.body})
