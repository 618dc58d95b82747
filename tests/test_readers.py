from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pactwatch.models import Article, article_id
from pactwatch.readers import ReadFailure, read_inputs


def read(*sources: str | Path, **kwargs: Any) -> list[Article | ReadFailure]:
    return list(read_inputs([str(s) for s in sources], **kwargs))


def only_article(items: list[Article | ReadFailure]) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def only_failure(items: list[Article | ReadFailure]) -> ReadFailure:
    assert len(items) == 1, items
    assert isinstance(items[0], ReadFailure), items[0]
    return items[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- plain text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("lf.txt", b"Cuba and Belarus signed a pact.\n", "Cuba and Belarus signed a pact."),
        ("crlf.txt", b"First line.\r\nSecond line.\r\n", "First line.\nSecond line."),
        ("bom.txt", b"\xef\xbb\xbfLa Habana firm\xc3\xb3.\n", "La Habana firmó."),
        ("paras.txt", b"One.\r\n\r\nTwo.\n\n\nThree.\n", "One.\n\nTwo.\n\n\nThree."),
        ("no-suffix", b"Any extension is text when named.", "Any extension is text when named."),
        ("story.md", b"# Heading\n\nBody.", "# Heading\n\nBody."),
    ],
)
def test_plain_text_file(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = write(tmp_path / name, data)
    article = only_article(read(path))
    assert article.text == expected
    assert article.id == article_id(expected)
    assert article.origin == str(path)
    assert (article.source_id, article.title, article.language, article.published) == (None, None, None, None)


def test_plain_text_takes_language_and_published_arguments(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Texto.")
    article = only_article(read(path, language="es", published=date(2024, 3, 1)))
    assert (article.language, article.published) == ("es", date(2024, 3, 1))


# -- JSONL -----------------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines_interleaved(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "One.", "id": "x1", "url": "https://e.com/1", "outlet": "Granma", "title": "T1"}),
        "{not json",
        json.dumps({"id": 7, "title": "no text"}),
        "",
        json.dumps({"text": 42}),
        json.dumps({"text": "Two.", "published": "2024-02-30"}),
        "   ",
        json.dumps({"text": "Three.", "published": "2024-03-01T10:00:00Z", "lang": "es", "id": 9}),
        json.dumps(["text", "in a list"]),
        json.dumps({"text": "Four.", "title": 5}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    summary = [(i.source, i.reason) if isinstance(i, ReadFailure) else (i.origin, i.text) for i in items]
    assert summary == [
        (f"{path}:1", "One."),
        (f"{path}:2", "invalid JSON"),
        (f"{path}:3", "missing 'text'"),
        (f"{path}:5", "invalid 'text'"),
        (f"{path}:6", "invalid 'published'"),
        (f"{path}:8", "Three."),
        (f"{path}:9", "not an object"),
        (f"{path}:10", "invalid 'title'"),
    ]
    first, third = items[0], items[5]
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.source_id, first.url, first.outlet) == ("x1", "https://e.com/1", "Granma")
    assert first.title == "T1"
    assert first.id == article_id("One.")
    assert (third.source_id, third.published, third.language) == ("9", date(2024, 3, 1), "es")
    for item in items:
        if isinstance(item, ReadFailure):
            assert item.source in item.detail


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"text": "A."}, ("en", date(2020, 1, 1))),
        ({"text": "A.", "language": "es", "published": "2024-05-06"}, ("es", date(2024, 5, 6))),
        ({"text": "A.", "lang": "fr"}, ("fr", date(2020, 1, 1))),
        ({"text": "A.", "language": "es", "lang": "fr"}, ("es", date(2020, 1, 1))),
        ({"text": "A.", "published": "2024-05-06 23:59:00+02:00"}, ("en", date(2024, 5, 6))),
        ({"text": "A.", "published": None, "language": None}, ("en", date(2020, 1, 1))),
    ],
)
def test_jsonl_record_values_win_over_arguments(
    tmp_path: Path, record: dict[str, object], expected: tuple[str, date]
) -> None:
    path = write(tmp_path / "r.jsonl", json.dumps(record))
    article = only_article(read(path, language="en", published=date(2020, 1, 1)))
    assert (article.language, article.published) == expected


def test_jsonl_normalizes_text_line_ends(tmp_path: Path) -> None:
    path = write(tmp_path / "r.jsonl", json.dumps({"text": "Para one.\r\n\r\nPara two.\r\n"}) + "\r\n")
    assert only_article(read(path)).text == "Para one.\n\nPara two."


def test_jsonl_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.jsonl", "\n  \n\n")
    assert only_failure(read(path)).reason == "empty"


# -- JSON ------------------------------------------------------------------------------------------


def test_json_list_of_objects(tmp_path: Path) -> None:
    records = [{"text": "One.", "id": "a"}, {"title": "no text"}, {"text": "Two.", "lang": "es"}]
    path = write(tmp_path / "batch.json", json.dumps(records, indent=2))
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    one, bad, two = items
    assert isinstance(one, Article) and isinstance(bad, ReadFailure) and isinstance(two, Article)
    assert (one.text, one.source_id, one.origin) == ("One.", "a", f"{path}[0]")
    assert (bad.source, bad.reason) == (f"{path}[1]", "missing 'text'")
    assert (two.text, two.language, two.origin) == ("Two.", "es", f"{path}[2]")


@pytest.mark.parametrize(
    ("data", "source_suffix", "reason"),
    [
        ('{"text": "Solo."}', "", None),
        ('{"text": "Solo.",\n  oops}', ":2", "invalid JSON"),
        ("[]", "", "empty"),
        ('"just a string"', "", "not an object"),
    ],
)
def test_json_shapes(tmp_path: Path, data: str, source_suffix: str, reason: str | None) -> None:
    path = write(tmp_path / "one.json", data)
    items = read(path)
    if reason is None:
        assert only_article(items).text == "Solo."
    else:
        failure = only_failure(items)
        assert (failure.source, failure.reason) == (f"{path}{source_suffix}", reason)


# -- bad files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("feed.jsonl", b'{"text": "a"}\n\x00\x01', "binary file"),
        ("utf16.txt", "Texto en UTF-16.".encode("utf-16"), "not UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n ", "empty"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty"),
        ("empty.json", b"", "empty"),
    ],
)
def test_bad_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    failure = only_failure(read(path))
    assert (failure.source, failure.reason) == (str(path), reason)
    assert str(path) in failure.detail


def test_latin1_text_file_names_line_and_offset(tmp_path: Path) -> None:
    data = "First line.\nSegunda: La Habana firmó.\nTercera línea.\n".encode("latin-1")
    path = write(tmp_path / "latin1.txt", data)
    failure = only_failure(read(path))
    assert (failure.source, failure.reason) == (f"{path}:2", "not UTF-8")
    assert f"{path}:2:" in failure.detail
    bad_offset = data.index(b"\xf3")
    assert "0xF3" in failure.detail and f"offset {bad_offset} " in failure.detail


def test_latin1_line_in_jsonl_fails_alone(tmp_path: Path) -> None:
    data = b'{"text": "Uno."}\n{"text": "La Habana firm\xf3."}\n{"text": "Tres."}\n'
    path = write(tmp_path / "mixed.jsonl", data)
    items = read(path)
    assert [i.text for i in items if isinstance(i, Article)] == ["Uno.", "Tres."]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [(f.source, f.reason) for f in failures] == [(f"{path}:2", "not UTF-8")]
    bad_offset = data.index(b"\xf3")
    assert "0xF3" in failures[0].detail and f"offset {bad_offset}" in failures[0].detail


@pytest.mark.parametrize(("size", "limit", "too_large"), [(101, 100, True), (100, 100, False)])
def test_max_bytes(tmp_path: Path, size: int, limit: int, too_large: bool) -> None:
    path = write(tmp_path / "big.txt", b"x" * size)
    items = read(path, max_bytes=limit)
    if too_large:
        failure = only_failure(items)
        assert (failure.source, failure.reason) == (str(path), "too large")
        assert "101" in failure.detail and "100" in failure.detail
    else:
        assert only_article(items).text == "x" * size


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    failure = only_failure(read(path))
    assert (failure.source, failure.reason) == (str(path), "cannot read")
    assert "No such file" in failure.detail


def test_bad_input_does_not_stop_later_sources(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Fine.")
    items = read(tmp_path / "missing.txt", write(tmp_path / "bin.txt", b"\x00"), good)
    assert [i.reason for i in items if isinstance(i, ReadFailure)] == ["cannot read", "binary file"]
    assert isinstance(items[-1], Article) and items[-1].text == "Fine."


def test_reading_is_lazy(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "A.")
    later = tmp_path / "b.txt"
    items = read_inputs([str(first), str(later)])
    assert isinstance(next(items), Article)
    write(later, "Created after the first article was read.")
    second = next(items)
    assert isinstance(second, Article) and second.text.startswith("Created after")


# -- directories -----------------------------------------------------------------------------------


def test_directory_recursion(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "B.")
    write(root / "a.jsonl", json.dumps({"text": "A1."}) + "\n" + json.dumps({"text": "A2."}))
    write(root / "sub" / "deeper" / "d.json", json.dumps({"text": "D."}))
    write(root / "sub" / "c.TXT", "C.")
    write(root / "sub" / "notes.md", "ignored: extension")
    write(root / "image.png", b"\x89PNG\x00")
    write(root / ".hidden.txt", "ignored: hidden file")
    write(root / ".git" / "x.txt", "ignored: hidden directory")
    items = read(root)
    assert all(isinstance(i, Article) for i in items), items
    assert [i.text for i in items if isinstance(i, Article)] == ["A1.", "A2.", "B.", "C.", "D."]


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / ".secret.txt", "Named on purpose.")
    assert only_article(read(path)).text == "Named on purpose."


def test_directory_without_inputs_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "only.md", "a,b")
    failure = only_failure(read(tmp_path))
    assert (failure.source, failure.reason) == (str(tmp_path), "empty")


def test_directory_failures_name_the_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "")
    write(tmp_path / "b.jsonl", "{bad\n")
    items = read(tmp_path)
    assert [(i.source, i.reason) for i in items if isinstance(i, ReadFailure)] == [
        (str(tmp_path / "a.txt"), "empty"),
        (f"{tmp_path / 'b.jsonl'}:1", "invalid JSON"),
    ]


# -- stdin -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"Plain news from stdin.\r\n\r\nSecond paragraph.\n",
            [("<stdin>", "Plain news from stdin.\n\nSecond paragraph.")],
        ),
        (
            b'\n{"text": "One."}\n{"text": "Two.", "id": "s2"}\n',
            [("<stdin>:2", "One."), ("<stdin>:3", "Two.")],
        ),
        (
            b'{"title": "no text key"}\nSo this is prose.',
            [("<stdin>", '{"title": "no text key"}\nSo this is prose.')],
        ),
        (b'\xef\xbb\xbf{"text": "BOM then JSONL."}\n', [("<stdin>:1", "BOM then JSONL.")]),
    ],
)
def test_stdin(data: bytes, expected: list[tuple[str, str]]) -> None:
    items = read("-", stdin=io.BytesIO(data), language="en")
    assert all(isinstance(i, Article) for i in items), items
    assert [(i.origin, i.text) for i in items if isinstance(i, Article)] == expected
    assert all(i.language == "en" for i in items if isinstance(i, Article))


def test_stdin_jsonl_failure_names_stdin_line() -> None:
    items = read("-", stdin=io.BytesIO(b'{"text": "One."}\n{oops\n'))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ReadFailure)
    assert (items[1].source, items[1].reason) == ("<stdin>:2", "invalid JSON")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"x" * 11, "too large"), (b"ab\x00cd", "binary file")],
)
def test_stdin_bad_input(data: bytes, reason: str) -> None:
    failure = only_failure(read("-", stdin=io.BytesIO(data), max_bytes=10))
    assert (failure.source, failure.reason) == ("<stdin>", reason)


def test_stdin_not_utf8_names_line() -> None:
    failure = only_failure(read("-", stdin=io.BytesIO(b"ok\nLa Habana firm\xf3.\n")))
    assert (failure.source, failure.reason) == ("<stdin>:2", "not UTF-8")
    assert "offset 17" in failure.detail


def test_single_string_sources_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        list(read_inputs("corpus.txt"))


# -- HTML, CSV, gzip -------------------------------------------------------------------------------

WEB = Path(__file__).parent / "data" / "web"
LONG = " ".join(["The envoy and the minister discussed the new border crossing and the grain exports."] * 4)


def test_saved_html_page(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", (WEB / "article-en.html").read_bytes())
    article = only_article(read(path))
    assert article.text.startswith("Belarus and Cuba agree on officer training")
    assert "Reader Sol" not in article.text
    assert (article.title, article.outlet, article.published) == (
        "Belarus and Cuba agree on officer training",
        "The Lowland Courier",
        date(2026, 5, 14),
    )
    assert article.origin == str(path) and article.language == "en"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("index.htm", (WEB / "index.html").read_bytes(), "not an article"),
        ("blank.html", b"  \n", "empty"),
        ("image.html", (WEB / "image.png").read_bytes(), "binary file"),
    ],
)
def test_html_without_an_article(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path / name, data)
    failure = only_failure(read(path))
    assert (failure.source, failure.reason) == (str(path), reason)
    assert str(path) in failure.detail


def test_csv_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        "ID,Title,Body,Published,Language,extra\n"
        f'r1,First,"{LONG}",2026-02-03,en,x\n'
        'r2,Second,"Línea con, coma.",,,\n'
        "r3,Third,,2026-02-03,en,\n"
        "r4,Fourth,text,not-a-date,en,\n"
        "r5,Fifth,text,2026-02-03,en,,,surplus\n",
    )
    items = read(path)
    first, second = items[0], items[1]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.source_id, first.title, first.published) == ("r1", "First", date(2026, 2, 3))
    assert first.language == "en"
    assert second.text == "Línea con, coma." and second.published is None
    assert [(i.source, i.reason) for i in items[2:] if isinstance(i, ReadFailure)] == [
        (f"{path}:4", "missing 'text'"),
        (f"{path}:5", "invalid 'published'"),
        (f"{path}:6", "invalid CSV"),
    ]


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    failure = only_failure(read(write(tmp_path / "t.csv", "id,headline\n1,Hello\n")))
    assert failure.reason == "no text column"
    assert "id, headline" in failure.detail


@pytest.mark.parametrize(
    ("name", "inner", "expected"),
    [
        ("a.txt.gz", b"Plain text, compressed.", ["Plain text, compressed."]),
        ("b.jsonl.gz", b'{"text": "One."}\n{"text": "Two."}\n', ["One.", "Two."]),
        ("c.gz", b"No inner suffix: text.", ["No inner suffix: text."]),
    ],
)
def test_gzip(tmp_path: Path, name: str, inner: bytes, expected: list[str]) -> None:
    import gzip

    items = read(write(tmp_path / name, gzip.compress(inner)))
    assert [i.text for i in items if isinstance(i, Article)] == expected


def test_gzip_bomb_and_broken_gzip(tmp_path: Path) -> None:
    import gzip

    bomb = write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * 5_000_000))
    assert bomb.stat().st_size < 10_000
    failure = only_failure(read(bomb, max_bytes=1_000_000))
    assert failure.reason == "too large" and "decompressed" in failure.detail
    cut = write(tmp_path / "cut.txt.gz", gzip.compress(b"some text here" * 100)[:30])
    assert only_failure(read(cut)).reason == "invalid gzip"


def test_directory_reads_html_csv_and_gz(tmp_path: Path) -> None:
    import gzip

    write(tmp_path / "a.html", (WEB / "article-en.html").read_bytes())
    write(tmp_path / "b.csv", f'text\n"{LONG}"\n')
    write(tmp_path / "c.txt.gz", gzip.compress(b"Zipped."))
    items = read(tmp_path)
    assert all(isinstance(i, Article) for i in items) and len(items) == 3
