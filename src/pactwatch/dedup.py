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
import sys
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

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
_IN_CHUNK = 500  # values per IN (...) list: far below SQLite's limit on bound parameters
_CACHE_SIZE = 20_000  # shingle sets kept (about 2 KB each): candidates are mostly recently stored articles
_CACHE: dict[str, array[int]] = {}  # article id -> its shingles, oldest first
_CACHE_LOCK = threading.Lock()
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
        return frozenset([_hash64(" ".join(words).encode())]) if words else frozenset()
    # Each 5-gram is a slice of the text encoded once, not a string joined and encoded per gram.
    data = " ".join(words).encode()
    sizes = map(len, words) if len(data) == len(" ".join(words)) else (len(w.encode()) for w in words)
    starts = [0, *accumulate(size + 1 for size in sizes)]
    blake = hashlib.blake2b
    digests = b"".join(
        [
            blake(data[starts[i] : starts[i + SHINGLE] - 1], digest_size=8).digest()
            for i in range(len(words) - SHINGLE + 1)
        ]
    )
    hashes = array("Q", digests)
    if sys.byteorder == "little":
        hashes.byteswap()  # the digests are big-endian numbers
    return frozenset(hashes)


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


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
        rows = ",".join(map(str, sig[band * ROWS : (band + 1) * ROWS]))
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
    """Store articles not stored yet and every (URL, relation) each was seen under, in one transaction.

    A batch costs a fixed handful of statements whatever its size: the ids already stored, the stored
    articles sharing a band with any article of the batch, the texts of those whose shingles are not cached,
    then one bulk insert per table. Articles earlier in the batch count as stored for the later ones, as if
    the batch had been saved one article at a time.
    """
    if not items:
        return []
    with store.connect(write=True) as conn:
        ids = list({a.id for a, _ in items})
        stored = set(conn.scalars(select(articles.c.id).where(articles.c.id.in_(ids))))
        new: dict[str, tuple[frozenset[int], list[str]]] = {}
        for article, _ in items:
            if article.id not in stored and article.id not in new:
                grams = _shingles_of(article.id, article.text)
                new[article.id] = (grams, band_keys(signature(grams)))
        banded = _stored_bands(conn, {k for _, keys in new.values() for k in keys})
        # Only the texts an article may be compared with: adding articles of this batch can push a stored
        # candidate out of an article's first _MAX_CANDIDATES, never into them.
        wanted = {cid for _, keys in new.values() for cid in _candidates(keys, banded)}
        known = _candidate_shingles(conn, wanted)
        now = datetime.now(UTC)
        rows: list[dict[str, Any]] = []
        band_rows: list[dict[str, str]] = []
        url_rows: list[dict[str, Any]] = []
        out: list[Outcome] = []
        for article, urls in items:
            if article.id in stored:
                url_rows += _url_rows(article.id, urls, now, moved="republication")
                out.append(Outcome(article.id, "duplicate", article.id))
                continue
            grams, keys = new[article.id]
            match = _near_duplicate(grams, keys, banded, known)
            if match is not None:
                other, similarity = match
                url_rows += _url_rows(other, urls, now, moved="near-duplicate")
                out.append(Outcome(article.id, "near-duplicate", other, similarity))
                continue
            rows.append(article_row(article, now))
            stored.add(article.id)
            known[article.id] = grams
            for k in keys:
                band_rows.append({"band": k, "article_id": article.id})
                banded.setdefault(k, []).append(article.id)
            url_rows += _url_rows(article.id, urls, now, moved=None)
            out.append(Outcome(article.id, "added"))
        if rows:
            conn.execute(articles.insert(), rows)
            conn.execute(insert_ignore(conn, article_bands), band_rows)
        if url_rows:
            conn.execute(insert_ignore(conn, article_urls), url_rows)
        return out


def _stored_bands(conn: Connection, keys: set[str]) -> dict[str, list[str]]:
    """Return the stored articles under each of ``keys`` that has any."""
    found: dict[str, list[str]] = {}
    ordered = sorted(keys)
    for i in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[i : i + _IN_CHUNK]
        query = select(article_bands.c.band, article_bands.c.article_id).where(
            article_bands.c.band.in_(chunk)
        )
        for band, aid in conn.execute(query):
            found.setdefault(band, []).append(aid)
    return found


def _candidate_shingles(conn: Connection, ids: set[str]) -> dict[str, frozenset[int]]:
    """Return the shingles of the stored articles ``ids``: from the cache, else from their stored text."""
    out: dict[str, frozenset[int]] = {}
    missing = []
    for aid in ids:
        grams = _cached(aid)
        if grams is None:
            missing.append(aid)
        else:
            out[aid] = grams
    missing.sort()
    for i in range(0, len(missing), _IN_CHUNK):
        query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(missing[i : i + _IN_CHUNK]))
        for aid, text in conn.execute(query):
            out[aid] = _shingles_of(aid, text)
    return out


def _near_duplicate(
    grams: frozenset[int], keys: list[str], banded: dict[str, list[str]], known: dict[str, frozenset[int]]
) -> tuple[str, float] | None:
    """Return the most similar article sharing a band with ``keys`` if its similarity reaches THRESHOLD.

    At most :data:`_MAX_CANDIDATES` candidates are compared, those sharing the most bands first (ties by
    id, so the outcome does not depend on the order the database returns rows in).
    """
    best: tuple[str, float] | None = None
    for cid in _candidates(keys, banded):
        other = known.get(cid)
        if other is None:
            continue
        similarity = jaccard(grams, other)
        if similarity >= THRESHOLD and (best is None or similarity > best[1]):
            best = (cid, similarity)
    return best


def _candidates(keys: list[str], banded: dict[str, list[str]]) -> list[str]:
    """Return the articles under any of ``keys``: most shared bands first, then by id, at most 25."""
    shared: dict[str, int] = {}
    for k in keys:
        for aid in banded.get(k, ()):
            shared[aid] = shared.get(aid, 0) + 1
    return sorted(shared, key=lambda aid: (-shared[aid], aid))[:_MAX_CANDIDATES]


def _shingles_of(article_id: str, text: str) -> frozenset[int]:
    """Return the shingles of a text whose article id is ``article_id``, remembering the most recent ones."""
    grams = _cached(article_id)
    if grams is None:
        grams = shingles(text)
        packed = array("Q", grams)
        with _CACHE_LOCK:
            _CACHE[article_id] = packed
            if len(_CACHE) > _CACHE_SIZE:
                del _CACHE[next(iter(_CACHE))]
    return grams


def _cached(article_id: str) -> frozenset[int] | None:
    # The id is a hash of the normalized text, so its shingles never change: the cache needs no invalidation.
    with _CACHE_LOCK:
        packed = _CACHE.get(article_id)
    return frozenset(packed) if packed is not None else None


def _url_rows(
    article_id: str, urls: Sequence[tuple[str, str]], now: datetime, *, moved: str | None
) -> list[dict[str, Any]]:
    """Return URL rows; for a text already stored, a page URL seen anew is a republication (or near copy)."""
    rows = []
    for url, relation in urls:
        if moved is not None and relation in ("fetched", "canonical"):
            relation = moved
        rows.append({"article_id": article_id, "url": url, "relation": relation, "seen_at": now})
    return rows
