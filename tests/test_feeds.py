"""Feed parsing: RSS 2.0, RSS 1.0, Atom, and hostile or broken XML."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pactwatch.feeds import FeedError, looks_like_feed, parse_feed

WEB = Path(__file__).parent / "data" / "web"
BASE = "http://news.example/world/feed.xml"


def read(name: str) -> bytes:
    return (WEB / name).read_bytes()


def test_rss() -> None:
    feed = parse_feed(read("feed.rss"), url=BASE)
    assert (feed.kind, feed.title, feed.truncated) == ("rss", "The Lowland Courier - World", False)
    assert [i.url for i in feed.items] == [
        "http://news.example/article-en.html",
        "http://news.example/article-es.latin1.html",
        "http://news.example/status/404",
    ]  # relative links resolved; the entry without a link is skipped
    first = feed.items[0]
    assert first.title == "Belarus and Cuba agree on officer training"
    assert first.published == datetime(2026, 5, 14, 9, 30, tzinfo=UTC)
    assert first.guid == "courier-1"


def test_atom_takes_the_alternate_link_and_published_date() -> None:
    feed = parse_feed(read("feed.atom"), url=BASE)
    assert feed.kind == "atom" and feed.title == "Courier Atom"
    assert [i.url for i in feed.items] == [
        "http://news.example/article-en.html",
        "http://news.example/article-es.latin1.html",  # rel="edit" is not the article
    ]
    assert feed.items[0].published == datetime(2026, 5, 14, 9, 30, tzinfo=UTC)
    assert feed.items[1].published == datetime(2026, 5, 8, 10, 0, tzinfo=UTC)  # updated, no published


def test_rss1_rdf() -> None:
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://news.example/"><title>RDF news</title></channel>
<item rdf:about="http://news.example/one"><title>One</title><link>http://news.example/one</link>
<dc:date>2026-05-01T12:00:00Z</dc:date></item>
</rdf:RDF>"""
    feed = parse_feed(data, url=BASE)
    assert (feed.kind, feed.title) == ("rdf", "RDF news")
    assert feed.items[0].url == "http://news.example/one"
    assert feed.items[0].published == datetime(2026, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("billion-laughs.xml", "hostile XML"),
        ("external-entity.xml", "hostile XML"),
        ("malformed.xml", "invalid XML"),
        ("index.html", "invalid XML"),
        ("article-en.html", "invalid XML"),
    ],
)
def test_hostile_and_broken_feeds_are_refused(name: str, reason: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FeedError) as info:
        parse_feed(read(name), url=BASE)
    assert info.value.reason == reason
    assert BASE in str(info.value)
    assert time.perf_counter() - started < 1.0  # nothing was expanded


def test_xml_that_is_not_a_feed() -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(b"<?xml version='1.0'?><sitemap><url>x</url></sitemap>", url=BASE)
    assert info.value.reason == "not a feed"
    assert "<sitemap>" in info.value.detail


def test_rss_without_channel() -> None:
    with pytest.raises(FeedError, match="without a <channel>"):
        parse_feed(b"<rss version='2.0'><item/></rss>", url=BASE)


def test_enormous_feed_is_cut_to_max_items() -> None:
    items = "".join(f"<item><link>/a/{i}</link></item>" for i in range(5000))
    feed = parse_feed(
        f"<rss><channel><title>Big</title>{items}</channel></rss>".encode(), url=BASE, max_items=100
    )
    assert feed.truncated and len(feed.items) == 100
    assert feed.items[-1].url == "http://news.example/a/99"


def test_duplicate_links_and_non_http_links() -> None:
    data = b"""<rss><channel><title>t</title>
<item><link>http://news.example/a</link></item>
<item><link>http://news.example/a</link></item>
<item><link>javascript:alert(1)</link></item>
<item><link>mailto:desk@news.example</link></item>
<item><guid>http://news.example/from-guid</guid></item>
<item><guid isPermaLink="false">http://news.example/not-a-link</guid></item>
<item><pubDate>garbage date</pubDate><link>http://news.example/b</link></item>
</channel></rss>"""
    feed = parse_feed(data, url=BASE)
    assert [i.url for i in feed.items] == [
        "http://news.example/a",
        "http://news.example/from-guid",
        "http://news.example/b",
    ]
    assert feed.items[-1].published is None


@pytest.mark.parametrize(
    ("content", "ctype", "expected"),
    [
        (b"<html><body>x</body></html>", "text/html", False),
        (b"<!DOCTYPE html><html>", "", False),
        (b'<?xml version="1.0"?><rss version="2.0">', "", True),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "text/xml", True),
        (b"\xef\xbb\xbf<rss>", "", True),
        (b"anything", "application/rss+xml", True),
        (b"plain words", "text/plain", False),
    ],
)
def test_looks_like_feed(content: bytes, ctype: str, expected: bool) -> None:
    assert looks_like_feed(content, ctype) is expected
