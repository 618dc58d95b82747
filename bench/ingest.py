"""Benchmark ingestion and print figures: extraction pages/s, file ingest articles/s, web ingest pages/s.

Run: python bench/ingest.py [--pages N] [--articles N]

Extraction runs on variants of the test page tests/data/web/article-en.html (a numbered paragraph makes each
distinct). File ingest stores generated articles from a JSONL file into a fresh SQLite store (with exact and
near-duplicate checks). Web ingest fetches a feed of generated pages from a loopback server. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "minister council border treaty delegation ambassador parliament election protest army navy talks "
    "summit trade sanctions budget harbour railway province governor court ruling opposition coalition "
    "envoy ceasefire aid exports grain pipeline tariff visit agreement training officers statement capital "
    "region mayor police"
).split()


def _article(i: int) -> str:
    rng = random.Random(i)
    return f"Dispatch {i}. " + " ".join(
        "The " + " ".join(rng.choice(WORDS) for _ in range(14)) + "." for _ in range(12)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to extract (default 300)")
    parser.add_argument(
        "--articles", type=int, default=2000, help="articles to ingest from a file (default 2000)"
    )
    parser.add_argument("--web", type=int, default=60, help="pages to ingest over loopback HTTP (default 60)")
    args = parser.parse_args()

    from pactwatch.extract import decode_html, extract_page
    from pactwatch.ingest import ingest
    from pactwatch.language import detect
    from pactwatch.store import Store

    detect("warm up the language model")
    page = (ROOT / "tests" / "data" / "web" / "article-en.html").read_text(encoding="utf-8")
    variants = [
        page.replace("</article>", f"<p>Update {i}: {_article(i)[:200]}</p></article>").encode()
        for i in range(args.pages)
    ]
    t0 = time.perf_counter()
    for v in variants:
        extract_page(decode_html(v), url="http://courier.example/p")
    extraction = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text(
            "\n".join(json.dumps({"text": _article(i), "language": "en"}) for i in range(args.articles))
            + "\n",
            encoding="utf-8",
        )
        with Store.open(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            first = ingest(store, [str(src)])
            file_ingest = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = ingest(store, [str(src)])
            rerun = time.perf_counter() - t0

        sys.path.insert(0, str(ROOT / "tests"))
        from loopback import serve
        from pactwatch.fetch import Fetcher, FetchOptions

        with serve() as site, Store.open(Path(tmp) / "web.db") as store:
            options = FetchOptions(allow_private=True, host_delay=0.0)
            with Fetcher(options) as fetcher:
                t0 = time.perf_counter()
                web = ingest(store, [site.url(f"/gen-feed/{args.web}.xml")], fetcher=fetcher)
                web_time = time.perf_counter() - t0

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"extraction: {args.pages} pages in {extraction:.2f}s = {args.pages / extraction:.0f} pages/s")
    print(
        f"file ingest: {first.added} articles in {file_ingest:.2f}s = "
        f"{first.added / file_ingest:.0f} articles/s; "
        f"re-run {again.duplicates} duplicates in {rerun:.2f}s = {again.duplicates / rerun:.0f} articles/s"
    )
    print(
        f"web ingest (loopback, no host delay): {web.added} pages in {web_time:.2f}s = "
        f"{web.added / web_time:.0f} pages/s"
    )


if __name__ == "__main__":
    main()
