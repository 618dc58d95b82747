"""Fetch web pages and feeds politely and safely: the only module that talks HTTP.

A :class:`Fetcher` wraps an ``httpx.Client`` whose transport can be injected (tests pass a real loopback
server or ``httpx.MockTransport``). Every request:

- is refused when the URL is not http(s) or its host resolves to a private, loopback, link-local or other
  non-public address (against SSRF), unless ``allow_private`` or ``PACTWATCH_ALLOW_PRIVATE_URLS=1``;
  redirects are followed by hand so every hop is checked, with a hop limit and loop detection; the
  connection itself goes to an address that passed the check, resolved once at connect time, so a DNS
  answer that changes between the check and the connection (DNS rebinding) cannot reach a private address;
- obeys robots.txt for the pactwatch user agent (and its Crawl-delay);
- waits ``host_delay`` seconds since the last request to the same host, and keeps at most
  ``host_concurrency`` requests to one host in flight;
- is retried with exponential backoff on timeouts, connection errors, 429 and 5xx (honouring Retry-After);
- sends If-None-Match / If-Modified-Since when given validators, and reports a 304 as ``not_modified``;
- reads at most ``max_bytes`` of body, refusing larger responses without reading them whole.

Failures raise :class:`FetchError` with a short stable ``reason`` and a sentence saying what to do.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from .errors import ConfigError, InputError

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchError", "FetchOptions", "Fetcher", "Response", "allow_private_from_env", "is_url"]

log = logging.getLogger(__name__)

ENV_ALLOW_PRIVATE = "PACTWATCH_ALLOW_PRIVATE_URLS"
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUS = (429, 500, 502, 503, 504)
_MAX_RETRY_AFTER = 60.0
_ROBOTS_MAX_BYTES = 500_000


def _version() -> str:
    try:
        return version("pactwatch")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"pactwatch/{_version()} (political event research; +https://github.com/pactwatch/pactwatch)"


def allow_private_from_env() -> bool:
    """Return whether ``PACTWATCH_ALLOW_PRIVATE_URLS`` allows private and loopback addresses."""
    return os.environ.get(ENV_ALLOW_PRIVATE, "").strip().lower() in ("1", "true", "yes")


def is_url(source: str) -> bool:
    """Return whether ``source`` names an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: limits, politeness and safety. The defaults suit polling news sites."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    host_concurrency: int = 2
    allow_private: bool = field(default_factory=allow_private_from_env)
    respect_robots: bool = True

    def __post_init__(self) -> None:
        for name in ("timeout", "backoff", "host_delay"):
            if getattr(self, name) < 0:
                raise ConfigError(f"fetch option {name} must be >= 0, got {getattr(self, name)}")
        for name in ("max_bytes", "host_concurrency"):
            if getattr(self, name) < 1:
                raise ConfigError(f"fetch option {name} must be >= 1, got {getattr(self, name)}")
        for name in ("max_redirects", "retries"):
            if getattr(self, name) < 0:
                raise ConfigError(f"fetch option {name} must be >= 0, got {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body (or a 304), with what the caller needs to decode it and to ask again cheaply."""

    url: str  # after redirects
    requested: str
    status: int
    content: bytes
    content_type: str  # media type, lowercased, without parameters ("" when absent)
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    elapsed: float

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(InputError):
    """A URL could not be fetched; ``reason`` is short and stable ("HTTP 404", "timeout", ...)."""

    def __init__(self, url: str, reason: str, detail: str, *, status: int | None = None) -> None:
        super().__init__(url, detail)
        self.url = url
        self.reason = reason
        self.detail = detail
        self.status = status


Resolver = Callable[[str], list[str]]


def _resolve(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


class _PrivateAddress(Exception):
    """Raised inside the connection layer when a host resolves to a refused address at connect time."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}")
        self.host = host
        self.address = address


def _guarded_transport(
    resolver: Resolver, allowed: Callable[[str], bool] = _is_public
) -> httpx.BaseTransport:
    """An httpx transport that resolves each host once when connecting and connects only to allowed addresses.

    The address check in :meth:`Fetcher._check_url` gives the clear error early; this closes the gap between
    that check and the connection, where a second DNS answer could point somewhere else. TLS still verifies
    the certificate against the host name (httpcore passes the URL's host as the server name).
    """
    import httpcore
    import httpx

    class GuardedBackend(httpcore.SyncBackend):
        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            try:
                addresses = [host] if _is_ip(host) else resolver(host)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
            for address in addresses:
                if not allowed(address):
                    raise _PrivateAddress(host, address)
            last: Exception | None = None
            for address in addresses:
                try:
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    last = exc
            raise last or httpcore.ConnectError(f"no address for {host!r}")

    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise ConfigError(
            f"httpx {httpx.__version__} / httpcore {httpcore.__version__} changed their connection pool; "
            "pactwatch cannot pin connections to checked addresses with it. Install the versions pinned in "
            "pyproject.toml."
        )
    pool._network_backend = GuardedBackend()
    return transport


class Fetcher:
    """Fetch URLs with the safety and politeness rules of :class:`FetchOptions`; use as a context manager."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = _resolve,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            import httpx
        except ImportError as exc:
            raise ConfigError(
                "fetching URLs needs httpx; install the web extra: pip install 'pactwatch[web]'"
            ) from exc
        self.options = options or FetchOptions()
        self._httpx = httpx
        if transport is None and not self.options.allow_private:
            transport = _guarded_transport(resolver)
        self._client = httpx.Client(
            transport=transport,
            timeout=self.options.timeout,
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent},
            trust_env=False,  # a proxy from the environment would bypass the address check
        )
        self._resolver = resolver
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, float]] = {}
        self._crawl_delay: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch ``url`` following redirects; raise :class:`FetchError` on any failure.

        With ``etag`` / ``last_modified`` the request is conditional and may return a 304 response.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        started = time.monotonic()
        while True:
            self._check_url(current, requested=url)
            if self.options.respect_robots:
                self._check_robots(current, requested=url)
            status, resp_headers, content = self._with_retries(current, headers)
            if status in _REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(
                        url,
                        f"HTTP {status}",
                        f"{current} redirects (HTTP {status}) without a Location header.",
                    )
                target = urljoin(current, location.strip())
                if target in seen:
                    chain = " -> ".join([*seen, target])
                    raise FetchError(url, "redirect loop", f"{url} redirects in a loop: {chain}.")
                if len(seen) > self.options.max_redirects:
                    raise FetchError(
                        url,
                        "too many redirects",
                        f"{url} redirected more than {self.options.max_redirects} times "
                        f"(last to {target}); give the final URL.",
                    )
                seen.append(target)
                current = target
                continue
            if status == 304 and headers:
                content = b""
            elif status >= 400:
                raise FetchError(url, f"HTTP {status}", _status_detail(url, current, status), status=status)
            media, charset = _content_type(resp_headers.get("content-type", ""))
            return Response(
                url=current,
                requested=url,
                status=status,
                content=content,
                content_type=media,
                charset=charset,
                etag=resp_headers.get("etag"),
                last_modified=resp_headers.get("last-modified"),
                fetched_at=datetime.now(UTC),
                elapsed=time.monotonic() - started,
            )

    # -- safety ---------------------------------------------------------------------------------------

    def _check_url(self, url: str, *, requested: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(
                requested,
                "unsupported URL",
                f"{url} is not an http(s) URL; pactwatch fetches only http:// and https:// addresses.",
            )
        host = parts.hostname
        if not host:
            raise FetchError(requested, "unsupported URL", f"{url} has no host name.")
        if self.options.allow_private:
            return
        try:
            addresses = [host] if _is_ip(host) else self._resolver(host)
        except (OSError, UnicodeError) as exc:  # UnicodeError: a host name IDNA cannot encode
            raise FetchError(
                requested, "DNS failure", f"cannot resolve the host {host!r} of {url}: {exc}."
            ) from exc
        for address in addresses:
            if not _is_public(address):
                raise _private_error(requested, url, address)

    def _check_robots(self, url: str, *, requested: str) -> None:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._robots.get(root)
        if cached is None:
            parser = self._load_robots(root)
            delay = 0.0
            if parser is not None:
                crawl_delay = parser.crawl_delay(self.options.user_agent)
                # A hostile robots.txt must not stall the whole run: at most a minute between requests.
                delay = min(float(crawl_delay), 60.0) if crawl_delay else 0.0
            cached = (parser, delay)
            with self._lock:
                self._robots[root] = cached
                self._crawl_delay[parts.netloc.lower()] = delay
        parser, _delay = cached
        if parser is not None and not parser.can_fetch(self.options.user_agent, url):
            raise FetchError(
                requested,
                "robots.txt",
                f"{root}/robots.txt disallows {url} for pactwatch; the site asks not to be crawled there.",
            )

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """Return the parsed robots.txt of ``root``, or None when the site has none (everything allowed)."""
        url = f"{root}/robots.txt"
        try:
            status, _headers, content = self._request(url, {}, max_bytes=_ROBOTS_MAX_BYTES)
        except FetchError as exc:
            log.info("no usable robots.txt at %s (%s); crawling as allowed", url, exc.reason)
            return None
        if status >= 400 or status in _REDIRECTS:
            return None
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(content.decode("utf-8", errors="replace").splitlines())
        return parser

    # -- requests -------------------------------------------------------------------------------------

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        attempt = 0
        while True:
            wait = self.options.backoff * (2**attempt)
            try:
                status, resp_headers, content = self._request(url, headers, max_bytes=self.options.max_bytes)
            except FetchError as exc:
                if exc.reason not in ("timeout", "connection failed") or attempt >= self.options.retries:
                    raise
                log.info("retrying %s in %.1fs after %s", url, wait, exc.reason)
            else:
                if status not in _RETRY_STATUS or attempt >= self.options.retries:
                    return status, resp_headers, content
                wait = max(wait, min(_retry_after(resp_headers.get("retry-after")), _MAX_RETRY_AFTER))
                log.info("retrying %s in %.1fs after HTTP %d", url, wait, status)
            attempt += 1
            self._sleep(wait)

    def _request(
        self, url: str, headers: dict[str, str], *, max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        httpx = self._httpx
        host = urlsplit(url).netloc.lower()
        with self._host_slot(host):
            try:
                with self._client.stream("GET", url, headers=headers) as resp:
                    resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                    length = resp_headers.get("content-length", "")
                    if length.isdigit() and int(length) > max_bytes:
                        raise _too_large(url, f"announces {int(length):,} bytes", max_bytes)
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise _too_large(url, f"sent more than {max_bytes:,} bytes", max_bytes)
                        chunks.append(chunk)
                    return resp.status_code, resp_headers, b"".join(chunks)
            except httpx.TimeoutException as exc:
                raise FetchError(
                    url,
                    "timeout",
                    f"{url} did not answer within {self.options.timeout:g}s ({type(exc).__name__}); "
                    "retry later or raise the timeout.",
                ) from exc
            except httpx.TransportError as exc:  # DecodingError, RemoteProtocolError, ConnectError, ...
                kind = "bad response" if isinstance(exc, httpx.DecodingError | httpx.ProtocolError) else None
                raise FetchError(
                    url,
                    kind or "connection failed",
                    f"fetching {url} failed: {exc or type(exc).__name__}; check the URL and the network.",
                ) from exc
            except httpx.InvalidURL as exc:
                raise FetchError(url, "unsupported URL", f"{url} is not a valid URL: {exc}.") from exc
            except _PrivateAddress as exc:  # the host's address changed after the check (DNS rebinding)
                raise _private_error(url, url, exc.address, at_connect=True) from None

    @contextmanager
    def _host_slot(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.options.host_concurrency))
        with slot:
            delay = max(self.options.host_delay, self._crawl_delay.get(host, 0.0))
            # Reserve the next free moment for this host, then wait for it outside the lock.
            with self._lock:
                now = time.monotonic()
                slot_at = max(now, self._last.get(host, -1e9) + delay)
                self._last[host] = slot_at
            if slot_at > now:
                self._sleep(slot_at - now)
            yield


# -- helpers ------------------------------------------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _private_error(requested: str, url: str, address: str, *, at_connect: bool = False) -> FetchError:
    when = " when connecting (it resolved to a public address a moment before)" if at_connect else ""
    return FetchError(
        requested,
        "private address",
        f"{url} resolves to {address}{when}, a private, loopback or reserved address, which is refused "
        f"against SSRF; pass --allow-private-urls (or set {ENV_ALLOW_PRIVATE}=1) to fetch it.",
    )


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _too_large(url: str, what: str, max_bytes: int) -> FetchError:
    return FetchError(
        url,
        "too large",
        f"{url} {what}, over the {max_bytes:,}-byte limit; raise it with --max-bytes if the page is genuine.",
    )


def _status_detail(url: str, final: str, status: int) -> str:
    where = url if final == url else f"{url} (redirected to {final})"
    hint = {
        404: "the page does not exist (any more); check the URL",
        410: "the page was removed",
        401: "it needs a login, which pactwatch does not do",
        403: "the site refuses pactwatch",
        429: "the site asks for fewer requests; retry later",
    }.get(status, "the server failed; retry later" if status >= 500 else "the request was refused")
    return f"{where} answered HTTP {status}: {hint}."
