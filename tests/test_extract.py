"""Main text, metadata and decoding of news pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.extract import ExtractError, article_from_page, decode_html, extract_page

WEB = Path(__file__).parent / "data" / "web"
URL = "http://courier.example/world/belarus-cuba"
A = "<html><body><article>"


def page_of(name: str, url: str | None = URL):  # type: ignore[no-untyped-def]
    return extract_page(decode_html((WEB / name).read_bytes()), url=url)


def test_main_text_leaves_out_navigation_share_related_comments_and_sidebar() -> None:
    text = page_of("article-en.html").text
    assert "Oleg Marchenko received a delegation of Cuban officers in Minsk" in text
    assert "repair plant for armoured vehicles" in text
    for boilerplate in (
        "Sign in",
        "cookies",
        "Share this story",
        "Related stories",
        "Minsk hosts regional",
        "worst deal",
        "Reader Tomas",
        "Most read",
        "Floods in the south",
        "All rights reserved",
    ):
        assert boilerplate not in text, boilerplate
    assert "\n\n" in text  # paragraphs kept


def test_metadata_from_the_head() -> None:
    page = page_of("article-en.html")
    assert page.title == "Belarus and Cuba agree on officer training"
    assert page.author == "Mira Castellan"
    assert page.outlet == "The Lowland Courier"
    assert page.canonical_url == "http://courier.example/world/2026/belarus-cuba-training"
    assert page.published == date(2026, 5, 14)  # not the sidebar's 2020-08-10
    assert page.language == "en"
    assert page.translations == (("es", "http://courier.example/mundo/2026/belarus-cuba-formacion"),)


def test_spanish_latin1_page_with_json_ld_date() -> None:
    page = page_of("article-es.latin1.html", url=None)
    assert "cooperación militar" in page.text and "envío" in page.text
    assert page.published == date(2026, 5, 7)  # JSON-LD, not the sidebar's 2019
    assert page.language == "es"
    assert page.outlet == "Diario del Caribe"
    assert page.canonical_url is None


BODY = (
    "<p>"
    + " ".join(["The council met the visiting envoys and discussed the border treaty at length."] * 5)
    + "</p>"
)


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        # a date only in a sidebar must not win: no date at all
        (
            f"{A}{BODY}</article><aside><time datetime='2020-08-10'>x</time></aside></body></html>",
            URL,
            None,
        ),
        (
            f"{A}<time datetime='2026-04-02T10:00'>2 April</time>{BODY}</article></body></html>",
            URL,
            date(2026, 4, 2),
        ),
        (
            f"{A}{BODY}</article><footer><time datetime='2021-01-01'>x</time></footer></body></html>",
            URL,
            None,
        ),
        (
            f"<html><body><article>{BODY}</article></body></html>",
            "http://x.example/2026/03/09/treaty",
            date(2026, 3, 9),
        ),
        (
            f"<html><head><meta name='date' content='2026-02-01'></head><body><article>{BODY}</article>",
            "http://x.example/2020/01/01/old-url",
            date(2026, 2, 1),
        ),
        (
            f"<html><head><meta property='article:published_time' content='not a date'></head>"
            f"<body><article>{BODY}</article></body></html>",
            URL,
            None,
        ),
    ],
)
def test_publication_date_signals(html: str, url: str, expected: date | None) -> None:
    assert extract_page(html, url=url).published == expected


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ((WEB / "index.html").read_text(), "not an article"),
        ("<html><body><form><input name='q'></form></body></html>", "not an article"),
    ],
)
def test_pages_without_an_article(html: str, reason: str) -> None:
    with pytest.raises(ExtractError) as info:
        extract_page(html, url=URL)
    assert info.value.reason == reason
    assert URL in str(info.value)


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("Bogotá y Panamá".encode(), None, "Bogotá y Panamá"),
        ("Bogotá y Panamá".encode(), "iso-8859-1", "Bogotá y Panamá"),  # valid UTF-8 wins over a wrong header
        ("Bogotá y Panamá".encode("latin-1"), "utf-8", "Bogotá y Panamá"),  # a wrong header is repaired
        ("Bogotá y Panamá".encode("latin-1"), None, "Bogotá y Panamá"),
        ("Bogotá".encode() + b" y Panam\xe1", None, "Bogotá y Panamá"),  # mixed encodings
        (
            b"<meta charset='windows-1252'>\x93quoted\x94",
            None,
            "<meta charset='windows-1252'>\u201cquoted\u201d",
        ),
        ("\ufeffwith BOM".encode(), None, "with BOM"),
        ("UTF-16 page".encode("utf-16"), None, "UTF-16 page"),
    ],
)
def test_decoding(data: bytes, charset: str | None, expected: str) -> None:
    assert decode_html(data, charset) == expected


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00", bytes(range(1, 32)) * 20])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractError) as info:
        decode_html(data, where="http://x.example/img")
    assert info.value.reason == "binary"


def test_article_from_page() -> None:
    page = page_of("article-en.html")
    article = article_from_page(page, published=date(2000, 1, 1), language=None)
    assert article.url == page.canonical_url and article.published == date(2026, 5, 14)
    assert article.language == "en" and article.outlet == "The Lowland Courier"
    assert article.id.startswith("a-")
    forced = article_from_page(page, language="es")
    assert forced.language == "es"
