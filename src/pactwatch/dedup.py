"""Store each article once: exact duplicates by the hash of the normalized text, near-duplicates by MinHash.

An article's id is the hash of its normalized text (:func:`pactwatch.models.article_id`), so the same text
fetched twice or republished under another URL maps to the same row. Small edits (a corrected typo, an added
byline, a changed headline) change the hash, so every stored article also gets a MinHash signature of its
word 5-grams, cut into bands (locality-sensitive hashing, as in trafilatura's ``deduplication.py`` and the
near-duplicate literature): a new text that shares a band with a stored one is compared exactly, and with a
shingle Jaccard similarity of :data:`THRESHOLD` or more it is a near-duplicate and not stored again.

Either way, every URL the text was seen under is kept in ``article_urls`` with its relation, so a
republication or translation keeps both addresses. :func:`save_articles` writes one batch in one transaction:
a batch is stored whole or not at all, so a killed process never leaves a partial article.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .migrations import article_bands, article_urls, articles
from .models import Article, fold, normalize_text
from .store import Store, article_row, insert_ignore

__all__ = ["THRESHOLD", "Outcome", "article_for_url", "jaccard", "save_articles", "shingles", "signature"]

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: texts with Jaccard 0.7 share a band with probability 0.99
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.7
_MAX_CANDIDATES = 25
_OFFSET = 1 << 58  # larger than any bin value (64-bit hashes divided by 64)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one article: ``added``, ``duplicate`` (same text) or ``near-duplicate`` of ``of``."""

    article_id: str
    status: str
    of: str | None = None
    similarity: float = 1.0


def shingles(text: str) -> frozenset[int]:
    """Return the hashed word 5-grams of ``text`` (case- and accent-insensitive); short texts hash whole."""
    words = _WORD.findall(fold(normalize_text(text)))
    if len(words) < SHINGLE:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams
    )


def signature(grams: Iterable[int]) -> tuple[int, ...]:
    """Return the MinHash signature of a set of hashed shingles, by one-permutation hashing.

    Each shingle hash falls into one of :data:`PERMUTATIONS` bins by its low bits and each bin keeps its
    minimum, so a signature costs one pass over the shingles instead of one per permutation (Li, Owen and
    Zhang 2012). Empty bins borrow from the next filled bin, offset by the distance (Shrivastava and Li 2014).
    """
    bins: list[int | None] = [None] * PERMUTATIONS
    for x in grams:
        b, v = x % PERMUTATIONS, x // PERMUTATIONS
        old = bins[b]
        if old is None or v < old:
            bins[b] = v
    filled = [i for i, v in enumerate(bins) if v is not None]
    if not filled:
        return (0,) * PERMUTATIONS
    out: list[int] = []
    for i, value in enumerate(bins):
        if value is not None:
            out.append(value)
            continue
        j = next((k for k in filled if k > i), filled[0] + PERMUTATIONS)
        nearest = bins[j % PERMUTATIONS]
        assert nearest is not None
        out.append(nearest + (j - i) * _OFFSET)
    return tuple(out)


def band_keys(sig: Sequence[int]) -> list[str]:
    """Return the LSH band keys of a signature: texts sharing a key are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        rows = ",".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        keys.append(f"{band}:{hashlib.blake2b(rows.encode(), digest_size=8).hexdigest()}")
    return keys


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Return the Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def article_for_url(store: Store, url: str) -> str | None:
    """Return the id of the stored article seen under ``url``, if any."""
    with store.connect() as conn:
        found = conn.scalar(select(article_urls.c.article_id).where(article_urls.c.url == url).limit(1))
    return str(found) if found is not None else None


def save_articles(store: Store, items: Sequence[tuple[Article, Sequence[tuple[str, str]]]]) -> list[Outcome]:
    """Store articles not stored yet and every (URL, relation) each was seen under, in one transaction."""
    if not items:
        return []
    with store.connect(write=True) as conn:
        ids = list({a.id for a, _ in items})
        stored = set(conn.scalars(select(articles.c.id).where(articles.c.id.in_(ids))))  # one query a batch
        return [_save(conn, article, urls, stored) for article, urls in items]


def _save(conn: Connection, article: Article, urls: Sequence[tuple[str, str]], stored: set[str]) -> Outcome:
    """Store one article unless it (or a near copy) is stored; ``stored`` holds the batch's stored ids."""
    now = datetime.now(UTC)
    if article.id in stored:
        _add_urls(conn, article.id, urls, now, moved="republication")
        return Outcome(article.id, "duplicate", article.id)
    grams = shingles(article.text)
    keys = band_keys(signature(grams))
    match = _near_duplicate(conn, grams, keys)
    if match is not None:
        other, similarity = match
        _add_urls(conn, other, urls, now, moved="near-duplicate")
        return Outcome(article.id, "near-duplicate", other, similarity)
    conn.execute(articles.insert().values(**article_row(article, now)))
    stored.add(article.id)
    conn.execute(insert_ignore(conn, article_bands), [{"band": k, "article_id": article.id} for k in keys])
    _add_urls(conn, article.id, urls, now, moved=None)
    return Outcome(article.id, "added")


def _near_duplicate(conn: Connection, grams: frozenset[int], keys: list[str]) -> tuple[str, float] | None:
    candidates = list(
        conn.scalars(
            select(article_bands.c.article_id)
            .where(article_bands.c.band.in_(keys))
            .distinct()
            .limit(_MAX_CANDIDATES)
        )
    )
    best: tuple[str, float] | None = None
    if not candidates:
        return None
    query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(candidates))
    texts: dict[str, str] = {row.id: row.text for row in conn.execute(query)}
    for cid in candidates:
        text = texts.get(cid)
        if text is None:
            continue
        similarity = jaccard(grams, shingles(text))
        if similarity >= THRESHOLD and (best is None or similarity > best[1]):
            best = (cid, similarity)
    return best


def _add_urls(
    conn: Connection, article_id: str, urls: Sequence[tuple[str, str]], now: datetime, *, moved: str | None
) -> None:
    """Record the URLs; for a text already stored, a page URL seen anew is a republication (or near copy)."""
    rows = []
    for url, relation in urls:
        if moved is not None and relation in ("fetched", "canonical"):
            relation = moved
        rows.append({"article_id": article_id, "url": url, "relation": relation, "seen_at": now})
    if rows:
        conn.execute(insert_ignore(conn, article_urls), rows)


