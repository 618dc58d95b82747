"""The REST API and the dashboard it serves: ``create_app(ApiSettings(db=...))``.

Endpoints are under ``/api`` (see docs/api.md, or ``/docs`` and ``/openapi.json`` of a running server);
the dashboard is at ``/``. Needs the ``api`` extra (FastAPI, uvicorn).
"""

from __future__ import annotations

from .app import MAX_BODY, ApiSettings, create_app

__all__ = ["MAX_BODY", "ApiSettings", "create_app"]
