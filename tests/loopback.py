"""A real HTTP server on loopback serving the test pages and feeds of tests/data/web, plus hostile routes.

Routes besides the files (``/<file>`` and ``/mirror/<file>``, a republication under another URL):

- ``/status/<code>``: that status; ``/gone/<file>``: 404 until the test puts the path in ``site.back``
- ``/flaky/<n>/<file>``: 503 (Retry-After: 0) for the first n requests, then the file
- ``/slow/<file>``: the file after ``site.slow`` seconds
- ``/redirect/loop-a`` <-> ``/redirect/loop-b``; ``/redirect/chain/<n>``: n hops to article-en.html;
  ``/redirect/to?<url>``: one hop to <url>
- ``/huge`` (announces 50 MB), ``/huge-chunked`` (streams without a length), ``/gzip-bomb`` (30 MB
  compressed into a few kB with Content-Encoding: gzip), ``/binary`` (a PNG)
- ``/gen/<i>.html``: a distinct generated article; ``/gen-feed/<n>.xml``: an RSS feed of n of them
  (``site.page_delay`` seconds per generated page)
- ``/etag-feed.xml``: feed.rss with an ETag and Last-Modified, 304 when they match
- ``/mixed-encoding.html``, ``/wrong-charset.html``, ``/empty.html``, ``/huge-feed/<n>.xml``
"""

from __future__ import annotations

import gzip
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

WEB = Path(__file__).parent / "data" / "web"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".png": "image/png",
    ".txt": "text/plain",
}
_WORDS = (
    "minister council border treaty delegation ambassador parliament election protest army navy talks "
    "summit trade sanctions budget harbour railway province governor court ruling opposition coalition "
    "envoy ceasefire aid exports grain pipeline tariff visit agreement training officers statement capital "
    "region mayor police strike union farmers fishermen students press agency spokesman committee report "
    "inquiry vote referendum reform decree loan bank currency inflation drought flood bridge airport"
).split()


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """State shared with the handler: what was requested and the knobs tests turn."""

    requests: list[Request] = field(default_factory=list)
    robots: str | None = None
    slow: float = 2.0
    page_delay: float = 0.0
    back: set[str] = field(default_factory=set)
    hits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]


def generated_article(i: int) -> str:
    """Return the text of generated article ``i``: random English news words, different for every i."""
    rng = random.Random(i)
    sentences = []
    for _ in range(6):
        words = [rng.choice(_WORDS) for _ in range(12)]
        sentences.append("The " + " ".join(words) + ".")
    return f"Report number {i} from the wire. " + " ".join(sentences)


def _html(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split(". ") if p)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}</article></body></html>"
    ).encode()


def _feed(n: int, prefix: str = "/gen") -> bytes:
    items = "".join(
        f"<item><title>Report {i}</title><link>{prefix}/{i}.html</link>"
        f"<pubDate>Mon, 11 May 2026 08:{i % 60:02d}:00 +0000</pubDate></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Generated</title>'
        f"{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site = self.site
        path = urlsplit(self.path).path
        with site.lock:
            site.requests.append(
                Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            )
            site.hits[path] = site.hits.get(path, 0) + 1
            hits = site.hits[path]
        try:
            self._route(site, path, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(
        self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _file(self, name: str) -> None:
        path = WEB / unquote(name)
        if not path.is_file() or WEB not in path.resolve().parents:
            self._send(404, b"<html><body>Not found</body></html>")
            return
        ctype = TYPES.get(path.suffix, "application/octet-stream")
        if name.endswith(".latin1.html"):
            ctype = "text/html; charset=iso-8859-1"
        self._send(200, path.read_bytes(), ctype)

    def _route(self, site: Site, path: str, hits: int) -> None:
        parts = path.strip("/").split("/")
        head = parts[0]
        if path == "/robots.txt":
            if site.robots is None:
                self._send(404, b"no robots here", "text/plain")
            else:
                self._send(200, site.robots.encode(), "text/plain")
        elif head == "status":
            self._send(int(parts[1]), f"<html><body>status {parts[1]}</body></html>".encode())
        elif head == "gone":
            if path in site.back:
                self._file(parts[1])
            else:
                self._send(404, b"<html><body>gone</body></html>")
        elif head == "flaky":
            if hits <= int(parts[1]):
                self._send(503, b"busy", "text/plain", Retry_After="0")
            else:
                self._file(parts[2])
        elif head == "slow":
            time.sleep(site.slow)
            self._file(parts[1])
        elif path == "/redirect/loop-a":
            self._send(302, Location="/redirect/loop-b")
        elif path == "/redirect/loop-b":
            self._send(301, Location="/redirect/loop-a")
        elif head == "redirect" and parts[1] == "chain":
            n = int(parts[2])
            self._send(302, Location=f"/redirect/chain/{n - 1}" if n > 1 else "/article-en.html")
        elif head == "redirect" and parts[1] == "to":
            self._send(302, Location=unquote(urlsplit(self.path).query))
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * 1000)
        elif path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"y" * 65536 + b"</p>"
            for _ in range(800):  # ~50 MB if nobody hangs up
                self.wfile.write(f"{len(chunk):X}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/gzip-bomb":
            body = gzip.compress(b"<p>" + b" " * 30_000_000 + b"</p>", compresslevel=9)
            self._send(200, body, "text/html", Content_Encoding="gzip")
        elif path == "/binary":
            self._send(200, (WEB / "image.png").read_bytes() * 40, "image/png")
        elif path == "/binary-as-html":
            self._send(200, (WEB / "image.png").read_bytes() * 40, "text/html")
        elif head == "gen" and len(parts) == 2:
            time.sleep(site.page_delay)
            i = int(parts[1].removesuffix(".html"))
            self._send(200, _html(f"Report {i}", generated_article(i)))
        elif head == "gen-feed":
            self._send(200, _feed(int(parts[1].removesuffix(".xml"))), "application/rss+xml")
        elif head == "huge-feed":
            self._send(200, _feed(int(parts[1].removesuffix(".xml"))), "application/rss+xml")
        elif path == "/etag-feed.xml":
            etag, modified = '"v1"', "Thu, 14 May 2026 10:00:00 GMT"
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                body = (WEB / "feed.rss").read_bytes()
                self._send(200, body, "application/rss+xml", ETag=etag, Last_Modified=modified)
        elif path == "/mixed-encoding.html":
            body = (WEB / "article-en.html").read_bytes().replace(b"Marchenko said", b"Marchenko \xe9 said")
            self._send(200, body)
        elif path == "/wrong-charset.html":
            body = (WEB / "article-es.latin1.html").read_bytes()
            self._send(200, body, "text/html; charset=utf-8")
        elif path == "/empty.html":
            self._send(200, b"")
        elif head == "mirror":
            self._file(parts[1])
        else:
            self._file(path.lstrip("/"))


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    """Run the test site on an ephemeral loopback port for the duration of the block."""
    site = site or Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
