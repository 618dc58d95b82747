"""Exact and near-duplicate detection, and the URLs an article keeps."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from loopback import generated_article
from pactwatch import dedup
from pactwatch.dedup import THRESHOLD, article_for_url, jaccard, save_articles, shingles
from pactwatch.migrations import article_urls, articles
from pactwatch.models import Article
from pactwatch.store import Store

TEXT = generated_article(1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "d.db") as s:
        yield s


def count(store: Store, table=articles) -> int:  # type: ignore[no-untyped-def]
    with store.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def urls(store: Store) -> set[tuple[str, str, str]]:
    with store.connect() as conn:
        return {(r.article_id, r.url, r.relation) for r in conn.execute(select(article_urls))}


def test_same_text_twice_is_stored_once_and_keeps_both_urls(store: Store) -> None:
    a = Article.from_text(TEXT, url="http://one.example/a")
    b = Article.from_text(
        "  " + TEXT.replace(" ", "\n", 3) + "\n", url="http://two.example/b"
    )  # whitespace only
    assert a.id == b.id
    out = save_articles(store, [(a, [("http://one.example/a", "fetched")])])
    out += save_articles(store, [(b, [("http://two.example/b", "fetched")])])
    assert [o.status for o in out] == ["added", "duplicate"]
    assert count(store) == 1
    assert urls(store) == {
        (a.id, "http://one.example/a", "fetched"),
        (a.id, "http://two.example/b", "republication"),
    }
    assert article_for_url(store, "http://two.example/b") == a.id
    assert article_for_url(store, "http://three.example/") is None


def test_same_text_twice_in_one_batch_is_stored_once(store: Store) -> None:
    a = Article.from_text(TEXT, url="http://one.example/a")
    b = Article.from_text(TEXT + " ", url="http://two.example/b")
    out = save_articles(
        store, [(a, [("http://one.example/a", "fetched")]), (b, [("http://two.example/b", "fetched")])]
    )
    assert [o.status for o in out] == ["added", "duplicate"]
    assert count(store) == 1


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("Report number 1", "Report no. 1"),  # a small correction
        lambda t: t + " Additional reporting by the desk.",  # a tag line added
        lambda t: "UPDATED. " + t,
        lambda t: t.upper(),  # case does not matter
    ],
)
def test_small_edits_are_near_duplicates(store: Store, edit) -> None:  # type: ignore[no-untyped-def]
    original = Article.from_text(TEXT)
    edited = Article.from_text(edit(TEXT))
    assert original.id != edited.id
    out = save_articles(store, [(original, []), (edited, [("http://mirror.example/x", "fetched")])])
    assert out[1].status == "near-duplicate" and out[1].of == original.id
    assert out[1].similarity >= THRESHOLD
    assert count(store) == 1
    assert urls(store) == {(original.id, "http://mirror.example/x", "near-duplicate")}


def test_different_articles_are_both_stored(store: Store) -> None:
    items = [(Article.from_text(generated_article(i)), []) for i in range(30)]
    out = save_articles(store, items)
    assert [o.status for o in out] == ["added"] * 30
    assert count(store) == 30


def test_same_story_by_two_outlets_is_not_a_duplicate(store: Store) -> None:
    one = (
        "Belarusian Deputy Defence Minister Oleg Marchenko received Cuban officers in Minsk on Monday "
        "and agreed that Belarusian academies will train them from next year, the ministry said."
    )
    two = (
        "Cuban officers will study at Belarusian military academies from next year under an arrangement "
        "announced in Minsk on Monday after talks with the deputy defence minister, state media said."
    )
    assert jaccard(shingles(one), shingles(two)) < 0.2
    out = save_articles(store, [(Article.from_text(one), []), (Article.from_text(two), [])])
    assert [o.status for o in out] == ["added", "added"]


def test_translation_urls_are_kept(store: Store) -> None:
    a = Article.from_text(TEXT)
    save_articles(store, [(a, [("http://x.example/en", "fetched"), ("http://x.example/es", "translation")])])
    assert (a.id, "http://x.example/es", "translation") in urls(store)


def test_shingles_are_case_and_accent_insensitive() -> None:
    assert shingles("La reunión en Bogotá terminó sin acuerdo") == shingles(
        "LA REUNION EN BOGOTA TERMINO SIN ACUERDO"
    )
    assert shingles("") == frozenset() and jaccard(frozenset(), frozenset()) == 1.0
    assert len(shingles("two words")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "La reunión en Bogotá terminó sin acuerdo, según el canciller.",
        "Straße über Ñuñoa: 北京 meets İzmir",
        "four words only here",
    ],
)
def test_shingle_hashes_do_not_change(text: str) -> None:
    # Stored band keys are built from these hashes: changing them would hide every stored near-duplicate.
    words = dedup._WORD.findall(dedup.fold(dedup.normalize_text(text)))
    grams = [" ".join(words[i : i + 5]) for i in range(max(len(words) - 4, 1))]
    expected = {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams}
    assert shingles(text) == expected


def test_near_duplicates_are_found_from_stored_text_when_not_cached(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [(Article.from_text(generated_article(i)), []) for i in range(100, 140)]  # 640 band keys
    save_articles(store, many)
    monkeypatch.setattr(dedup, "_CACHE", {})  # as in a new process: candidates are read from the store
    edited = Article.from_text(generated_article(120) + " Additional reporting by the desk.")
    fresh = Article.from_text(generated_article(141))
    out = save_articles(store, [(fresh, []), (edited, [("http://m.example/1", "fetched")])])
    assert [(o.status, o.of) for o in out] == [("added", None), ("near-duplicate", many[20][0].id)]
    assert count(store) == 41


def test_a_later_batch_finds_near_duplicates_of_an_earlier_one_in_the_same_order(store: Store) -> None:
    base = [Article.from_text(generated_article(i)) for i in range(200, 205)]
    save_articles(store, [(a, []) for a in base])
    copies = [Article.from_text("UPDATED. " + generated_article(i)) for i in (204, 200)]
    out = save_articles(store, [(c, []) for c in copies])
    assert [(o.status, o.of) for o in out] == [("near-duplicate", base[4].id), ("near-duplicate", base[0].id)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_saving_is_idempotent(tmp_path_factory: pytest.TempPathFactory, picks: list[int]) -> None:
    path = tmp_path_factory.mktemp("h") / "h.db"
    items = [(Article.from_text(generated_article(i)), [(f"http://g.example/{i}", "fetched")]) for i in picks]
    with Store.open(path) as store:
        save_articles(store, items)
        first = (count(store), urls(store))
        again = save_articles(store, items)
        assert all(o.status != "added" for o in again)
        assert (count(store), urls(store)) == first
        assert first[0] == len(set(picks))
