"""Benchmark pactwatch and print figures: dictionary load time, coding speed, end-to-end speed, peak RSS.

Run: python bench/run.py [--repeat N]        quick figures on the sample corpus
     python bench/run.py --full                the scale benchmark (bench/scale.py): 100k+ generated EN+ES
                                               sentences, worker pool, SQLite and PostgreSQL, API on 1M events

Coding speed is measured on the bundled sample corpus, each article repeated N times with a numbered dateline.
End to end (ingest with duplicate checks, code, store) uses distinct generated articles (bench/corpus.py),
because the near-duplicate check would rightly store the repeated copies only once. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path


def _corpus(repeat: int) -> list[dict[str, str]]:
    path = resources.files("pactwatch") / "data" / "samples" / "articles.jsonl"
    base = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i in range(repeat):
        for rec in base:
            # the text as written: an added sentence ("Dispatch 3.") would be an easy one and flatter the rate
            out.append({**rec, "id": f"{rec['id']}-{i}"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60, help="copies of the sample corpus (default 60)")
    parser.add_argument("--articles", type=int, default=2000, help="articles end to end (default 2000)")
    parser.add_argument("--full", action="store_true", help="run bench/scale.py instead")
    args, rest = parser.parse_known_args()
    if args.full:
        sys.path.insert(0, str(Path(__file__).parent))
        import scale

        scale.main(rest)
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)} (they are options of --full)")

    t0 = time.perf_counter()
    from pactwatch.events import coder
    from pactwatch.language import detect

    coder("en")
    coder("es")
    detect("warm up the language model")
    load = time.perf_counter() - t0

    from pactwatch.models import Article
    from pactwatch.pipeline import code_articles
    from pactwatch.sentences import split_sentences

    corpus = _corpus(args.repeat)
    articles = [
        Article.from_text(
            r["text"], language=r["language"], published=date.fromisoformat(r["published"]), source_id=r["id"]
        )
        for r in corpus
    ]
    n_sentences = sum(1 for a in articles for _ in split_sentences(a.text))
    t0 = time.perf_counter()
    n_events = sum(len(events) for _, events in code_articles(articles))
    coding = time.perf_counter() - t0

    from pactwatch.ingest import ingest, run
    from pactwatch.store import Store

    sys.path.insert(0, str(Path(__file__).parent))
    import corpus as generated  # bench/corpus.py

    distinct = list(generated.articles(args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in distinct)
        src.write_text(lines + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        with Store.open(f"sqlite:///{tmp}/bench.db") as store:
            ingest(store, [str(src)])
            result = run(store)
        end_to_end = time.perf_counter() - t0

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()}"
    )
    print(f"corpus: {len(articles)} articles, {n_sentences} sentences (sample corpus x {args.repeat})")
    print(f"dictionary load (en+es coders, language model): {load:.2f} s")
    print(
        f"coding, one process: {n_sentences / coding:,.0f} sentences/s, "
        f"{len(articles) / coding:,.0f} articles/s, {n_events} events"
    )
    print(
        f"ingest + code + store (SQLite file): {result.articles / end_to_end:,.0f} articles/s "
        f"({end_to_end:.1f} s for {result.articles} articles, {result.events} events)"
    )
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
