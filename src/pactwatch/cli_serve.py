"""``pactwatch serve``: the REST API and the dashboard in one process (uvicorn)."""

from __future__ import annotations

import ipaddress

import click

from .cli import _db_url, _warn, main
from .errors import ConfigError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option(
    "--read",
    type=click.Choice(["open", "token"]),
    default=None,
    help="Whether reading needs the token too (default: $PACTWATCH_API_READ, else open).",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, read: str | None, log_level: str) -> None:
    """Serve the REST API (/api, /docs) and the dashboard (/) on the database.

    Write endpoints need PACTWATCH_API_TOKEN set and sent as 'Authorization: Bearer <token>'.

    Example: pactwatch --db sqlite:///pactwatch-demo.db serve --port 8000
    """
    import os

    from .api import ApiSettings, create_app

    environ = dict(os.environ)
    if read is not None:
        environ["PACTWATCH_API_READ"] = read
    settings = ApiSettings.from_env(_db_url(ctx), environ)
    if not _is_loopback(host) and settings.read_open and settings.token is None:
        _warn(f"serving on {host} to the network with open reads and no token; set PACTWATCH_API_TOKEN")
    try:
        import uvicorn
    except ImportError as exc:
        raise ConfigError("pactwatch serve needs uvicorn; pip install 'pactwatch[api]'") from exc
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"pactwatch: serving {settings.db} on http://{shown}:{port}/ (API at /api, docs at /docs)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level)
