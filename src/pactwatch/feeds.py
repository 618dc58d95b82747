"""Parse RSS 2.0, RSS 1.0 (RDF) and Atom feeds into the article links they announce.

Feeds are untrusted XML, so they are parsed with defusedxml: entity declarations (billion laughs,
quadratic blow-up) and external entities or DTDs are refused with :class:`FeedError` instead of being
expanded or fetched. A feed with more than ``max_items`` entries is cut to the first ``max_items``; the
size of the feed itself is capped by the fetcher.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from .errors import ConfigError, InputError

__all__ = ["Feed", "FeedError", "FeedItem", "looks_like_feed", "parse_feed"]

log = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_ITEMS = 1000
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: the link to the article page and what the feed says about it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its kind ("rss", "rdf" or "atom"), title and entries in feed order."""

    kind: str
    title: str | None
    items: tuple[FeedItem, ...]
    truncated: bool = False


class FeedError(InputError):
    """A feed that cannot be parsed; ``reason`` is short and stable ("hostile XML", "not a feed", ...)."""

    def __init__(self, where: str, reason: str, detail: str) -> None:
        super().__init__(where, detail)
        self.reason = reason
        self.detail = detail


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    """Guess from the media type and the first bytes whether a response is a feed rather than a page."""
    if content_type in _FEED_TYPES[:3]:
        return True
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return False
    if not head.startswith(b"<"):
        return False
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or content_type in _FEED_TYPES[3:]


def parse_feed(content: bytes, *, url: str = "<feed>", max_items: int = MAX_ITEMS) -> Feed:
    """Return the entries of an RSS or Atom feed; raise :class:`FeedError` on hostile or invalid XML."""
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring
    except ImportError as exc:
        raise ConfigError("parsing feeds needs defusedxml; pip install 'pactwatch[web]'") from exc
    try:
        root = fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(
            url,
            "hostile XML",
            f"{url} declares entities or external references ({type(exc).__name__}), which can expand "
            "without bound or read local files; pactwatch refuses such feeds.",
        ) from exc
    except ParseError as exc:
        raise FeedError(
            url, "invalid XML", f"{url} is not well-formed XML ({exc}); it cannot be read."
        ) from exc
    tag = root.tag
    if tag == f"{ATOM}feed":
        kind, title, entries = "atom", _text(root, f"{ATOM}title"), root.findall(f"{ATOM}entry")
    elif tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError(url, "not a feed", f"{url} is an <rss> document without a <channel>.")
        kind, title, entries = "rss", _text(channel, "title"), channel.findall("item")
    elif tag == f"{RDF}RDF":
        channel = root.find(f"{RSS1}channel")
        title = _text(channel, f"{RSS1}title") if channel is not None else None
        kind, entries = "rdf", root.findall(f"{RSS1}item")
    else:
        raise FeedError(
            url, "not a feed", f"{url} is XML with root <{_local(tag)}>, not an RSS or Atom feed."
        )
    truncated = len(entries) > max_items
    if truncated:
        log.warning("%s has %d entries; reading the first %d", url, len(entries), max_items)
        entries = entries[:max_items]
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries:
        item = _atom_item(entry, url) if kind == "atom" else _rss_item(entry, url, kind)
        if item is None:
            log.info("%s: skipping an entry without an http(s) link", url)
        elif item.url not in seen:
            seen.add(item.url)
            items.append(item)
    return Feed(kind=kind, title=title, items=tuple(items), truncated=truncated)


# -- entries ------------------------------------------------------------------------------------------


def _rss_item(entry: Any, base: str, kind: str) -> FeedItem | None:
    ns = RSS1 if kind == "rdf" else ""
    link = _text(entry, f"{ns}link")
    guid_el = entry.find("guid")
    guid = _clean(guid_el.text) if guid_el is not None else None
    if not link and guid and (guid_el.get("isPermaLink", "true").lower() != "false"):
        link = guid
    if kind == "rdf" and not link:
        link = entry.get(f"{RDF}about")
    url = _http_url(link, base)
    if url is None:
        return None
    when = _rfc822(_text(entry, "pubDate")) or _iso(_text(entry, f"{DC}date"))
    return FeedItem(url=url, title=_text(entry, f"{ns}title"), published=when, guid=guid)


def _atom_item(entry: Any, base: str) -> FeedItem | None:
    href = None
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            href = link.get("href")
            break
    url = _http_url(href, base)
    if url is None:
        return None
    when = _iso(_text(entry, f"{ATOM}published")) or _iso(_text(entry, f"{ATOM}updated"))
    return FeedItem(
        url=url, title=_text(entry, f"{ATOM}title"), published=when, guid=_text(entry, f"{ATOM}id")
    )


# -- values -------------------------------------------------------------------------------------------


def _text(parent: Any, tag: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(tag)
    return _clean("".join(el.itertext())) if el is not None else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _http_url(link: str | None, base: str) -> str | None:
    if not link:
        return None
    url = urljoin(base, link.strip()) if base.startswith(("http://", "https://")) else link.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return _iso(value)  # some feeds put ISO dates in pubDate
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
