"""Turn the HTML of a news page into its main text and metadata.

The main text comes from trafilatura with ``include_comments=False``, so navigation, share boxes, related
links and reader comments stay out. The metadata is read from the page head first: the publication date only
from explicit signals (``article:published_time`` and its kin, JSON-LD ``datePublished``, a ``<time>`` in the
article header, a date in the URL) and never from a date that merely appears in a sidebar; no date is better
than a wrong one. The language is identified among the supported languages (:mod:`pactwatch.language`).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from .errors import ConfigError, InputError
from .language import detect
from .models import Article

__all__ = ["ExtractError", "Page", "article_from_page", "decode_html", "extract_page"]

MIN_CHARS = 250
_SNIFF = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Head signals for the publication date, strongest first.
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "parsely-pub-date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "dc.date.issued"),
    ("name", "dc.date"),
    ("name", "dcterms.created"),
    ("name", "date"),
    ("name", "sailthru.date"),
)
_NOT_ARTICLE = ("aside", "nav", "footer")


@dataclass(frozen=True, slots=True)
class Page:
    """What a news page says about itself, and its main text."""

    text: str
    url: str | None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    canonical_url: str | None = None
    published: date | None = None
    language: str | None = None
    translations: tuple[tuple[str, str], ...] = ()  # (language, URL) of the page's other-language versions


class ExtractError(InputError):
    """A page from which no article can be extracted; ``reason`` is short and stable."""

    def __init__(self, where: str, reason: str, detail: str) -> None:
        super().__init__(where, detail)
        self.reason = reason
        self.detail = detail


def _cp1252_or_latin1(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 for its five holes), byte by byte."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_one_byte(b) for b in bad), error.end


def _one_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


codecs.register_error("pactwatch-cp1252", _cp1252_or_latin1)


def decode_html(data: bytes, charset: str | None = None, *, where: str = "<page>") -> str:
    """Decode a page: valid UTF-8 wins, then the declared charset, then UTF-8 repaired byte by byte.

    A page whose bytes are valid UTF-8 is UTF-8 whatever its header claims (a wrong header is far more
    common than Latin-1 text that happens to be valid UTF-8). Mixed pages (UTF-8 with stray Latin-1
    bytes) keep their UTF-8 and get the stray bytes read as Windows-1252.
    Raises :class:`ExtractError` on binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\0" in data[:_SNIFF]:
        raise ExtractError(
            where, "binary", f"{where} holds binary data (NUL bytes), not an HTML page or text."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
        for candidate in (charset, _sniff_charset(data)):
            if candidate and _codec(candidate) not in (None, "utf-8"):
                try:
                    text = data.decode(candidate)
                    break
                except (UnicodeDecodeError, LookupError):
                    continue
        else:
            text = data.decode("utf-8", errors="pactwatch-cp1252")
    text = text.removeprefix("\ufeff")
    sample = text[:_SNIFF]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise ExtractError(
            where, "binary", f"{where} is full of control characters; it is not a readable page."
        )
    return text


def extract_page(
    html: str, *, url: str | None = None, where: str | None = None, min_chars: int = MIN_CHARS
) -> Page:
    """Return the main text and metadata of a news page, or raise :class:`ExtractError`.

    ``where`` names the page in messages (default: its URL).
    """
    try:
        import lxml.html
        import trafilatura
    except ImportError as exc:
        raise ConfigError(
            "extracting text from HTML needs trafilatura; install the web extra: pip install 'pactwatch[web]'"
        ) from exc
    where = where or url or "<page>"
    if not html.strip():
        raise ExtractError(where, "empty", f"{where} is an empty page.")
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ExtractError(where, "invalid HTML", f"{where} cannot be parsed as HTML ({exc}).") from exc
    meta = _head(tree, url)
    doc: Any = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False},
    )
    text = _paragraphs(doc.text if doc is not None and doc.text else "")
    if len(text) < min_chars:
        raise ExtractError(
            where,
            "not an article",
            f"{where} has {len(text)} characters of main text (fewer than {min_chars}); "
            "it looks like an index, a form or an error page rather than a news article.",
        )
    title = meta.get("title") or (doc.title if doc is not None else None)
    author = doc.author if doc is not None else None
    outlet = meta.get("outlet") or (doc.sitename if doc is not None else None) or _host(url)
    return Page(
        text=text,
        url=url,
        title=_clean(title),
        author=_clean(author),
        outlet=_clean(outlet),
        canonical_url=meta.get("canonical"),
        published=_page_date(tree, url),
        language=_language(text),
        translations=tuple(_translations(tree, url, meta.get("canonical"))),
    )


def article_from_page(
    page: Page,
    *,
    language: str | None = None,
    published: date | None = None,
    fetched_at: datetime | None = None,
    origin: str | None = None,
) -> Article:
    """Build the article of a page; ``language`` overrides the detected one, ``published`` is a fallback."""
    return Article.from_text(
        page.text,
        url=page.canonical_url or page.url,
        outlet=page.outlet,
        title=page.title,
        published=page.published or published,
        language=language or page.language,
        origin=origin or page.url or "html",
        fetched_at=fetched_at,
    )


# -- metadata -----------------------------------------------------------------------------------------


def _head(tree: Any, url: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iterfind(".//meta"):
        prop = (el.get("property") or el.get("name") or "").lower()
        content = (el.get("content") or "").strip()
        if not content:
            continue
        if prop == "og:site_name":
            out.setdefault("outlet", content)
        elif prop == "og:title":
            out.setdefault("title", content)
        elif prop == "og:url":
            out.setdefault("og_url", content)
    for el in tree.iterfind(".//link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            out.setdefault("canonical", _absolute(el.get("href"), url))
    if "canonical" not in out and "og_url" in out:
        out["canonical"] = _absolute(out["og_url"], url)
    return {k: v for k, v in out.items() if v}


def _page_date(tree: Any, url: str | None) -> date | None:
    for found in _date_candidates(tree, url):
        when = _parse_date(found)
        if when is not None:
            return when
    return None


def _date_candidates(tree: Any, url: str | None) -> Iterator[str]:
    metas: dict[tuple[str, str], str] = {}
    for el in tree.iterfind(".//meta"):
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").lower()
            if key and el.get("content"):
                metas.setdefault((attr, key), el.get("content"))
    for attr, key in _DATE_META:
        value = metas.get((attr, key.lower()))
        if value:
            yield value
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        yield from _jsonld_dates(script.text or "")
    for el in tree.iterfind(".//time"):
        if el.get("datetime") and _in_article(el):
            yield el.get("datetime")
    if url:
        m = _URL_DATE.search(urlsplit(url).path)
        if m:
            yield "-".join(m.groups())


def _jsonld_dates(raw: str) -> Iterator[str]:
    try:
        data = json.loads(raw)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))


def _in_article(el: Any) -> bool:
    """A <time> counts when it sits in an <article> (or itemprop'd) and not inside an aside, nav or footer."""
    inside = el.get("itemprop") == "datePublished" or el.get("pubdate") is not None
    for parent in el.iterancestors():
        if parent.tag in _NOT_ARTICLE or "sidebar" in (parent.get("class") or "").lower():
            return False
        if parent.tag == "article" or (parent.tag == "header" and inside):
            inside = True
    return inside


def _parse_date(value: str) -> date | None:
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _language(text: str) -> str:
    # The page's lang attribute is often a site-wide template default; the text itself is the better witness.
    return detect(text)


def _translations(tree: Any, url: str | None, canonical: str | None) -> Iterator[tuple[str, str]]:
    own = {u for u in (url, canonical) if u}
    for el in tree.iterfind(".//link"):
        if (el.get("rel") or "").lower() != "alternate" or not el.get("hreflang") or not el.get("href"):
            continue
        target = _absolute(el.get("href"), url)
        lang = el.get("hreflang").lower()
        if target and target not in own and lang != "x-default":
            yield lang, target


# -- helpers ------------------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _absolute(href: str, base: str | None) -> str:
    href = href.strip()
    return urljoin(base, href) if base else href


def _sniff_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:_SNIFF])
    return m.group(1).decode("ascii", errors="ignore").lower() if m else None


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
