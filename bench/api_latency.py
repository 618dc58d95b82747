"""API latency on a generated store of 1M events: p50/p95 of the main queries, over real HTTP (uvicorn).

Run: python bench/api_latency.py [--events 1000000] [--repeat 15] [--db PATH] [--keep]

The store is generated quickly: the sample corpus is coded once, and its events are used as templates,
copied with new ids, dates spread over five years, and actor/recipient countries drawn from 60 codes, then
bulk-inserted with SQLite's executemany (articles carry a short text); the text-search index is then rebuilt
in one pass. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

COUNTRIES = (
    "CUB BLR RUS USA VEN IRN CHN PRK UKR POL LTU GEO ARM AZE TUR SYR ISR EGY SAU ARE QAT IRQ PAK IND AFG "
    "BRA ARG COL MEX NIC BOL PER CHL ECU GUY FRA DEU GBR ITA ESP HUN SRB KAZ UZB MNG JPN KOR VNM IDN PHL "
    "ZAF NGA ETH SDN MLI KEN DZA MAR LBY"
).split()
OUTLETS = [f"Outlet {i:02d}" for i in range(30)]
START = date(2022, 1, 1)
DAYS = 5 * 365
PER_ARTICLE = 5


def templates() -> list[dict[str, Any]]:
    """Code the sample corpus once and return its event records (what the store keeps)."""
    from pactwatch.demo import run_demo
    from pactwatch.records import event_record
    from pactwatch.store import EventFilter, Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/t.db"
        run_demo(url, out=io.StringIO())
        with Store.open(url) as store:
            return [event_record(e) for e in store.events(EventFilter(limit=None)) if e.actor and e.recipient]


def generate(path: Path, n_events: int, seed: int = 7) -> None:
    """Create the store at ``path`` (schema by Store.open) and bulk-insert ``n_events`` generated events."""
    from pactwatch.migrations import TEXT_INDEX
    from pactwatch.models import fold
    from pactwatch.store import Store

    Store.open(path).close()  # the schema, migrations and indexes
    rnd = random.Random(seed)
    base = templates()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    n_articles = n_events // PER_ARTICLE
    t0 = time.perf_counter()
    articles = []
    for i in range(n_articles):
        t = base[i % len(base)]
        day = START + timedelta(days=rnd.randrange(DAYS))
        articles.append(
            (
                f"a-gen{i:09d}",
                f"https://news{i % 30}.example/{i}",
                OUTLETS[i % 30],
                f"Generated report {i}",
                day.isoformat(),
                t["language"],
                t["evidence"]["sentence"],
                "bench",
                "2026-01-01 00:00:00",
            )
        )
    conn.executemany(
        "INSERT INTO articles (id, url, outlet, title, published, language, text, origin, ingested_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        articles,
    )
    codings = [(a[0], "bench", "2026-01-01 00:00:00", PER_ARTICLE) for a in articles]
    conn.executemany(
        "INSERT INTO codings (article_id, dictionary_version, coded_at, n_events) VALUES (?,?,?,?)", codings
    )
    conn.commit()
    batch_events: list[tuple[Any, ...]] = []
    batch_actors: list[tuple[Any, ...]] = []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO events (id, article_id, date, date_precision, event, mode, quad_code, plover_score, "
            "cameo, goldstein, modality, language, rule, dictionary_version, event_text, sentence, "
            "sentence_folded, context, actor_codes, recipient_codes, attribution, record) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            batch_events,
        )
        conn.executemany(
            "INSERT INTO event_actors (event_id, role, position, code, sector, entity_text, name) "
            "VALUES (?,?,?,?,?,?,?)",
            batch_actors,
        )
        conn.commit()
        batch_events.clear()
        batch_actors.clear()

    # Resolution chains are dropped from the copies: they would triple the file size without changing a query.
    slim = {
        id(t): tuple({k: v for k, v in t[role][0].items() if k != "chain"} for role in ("actor", "recipient"))
        for t in base
    }
    for i in range(n_events):
        t = base[i % len(base)]
        a_code, r_code = rnd.sample(COUNTRIES, 2)
        article = articles[i // PER_ARTICLE]
        day = date.fromisoformat(article[4]) - timedelta(days=rnd.randrange(3))
        record = copy.copy(t)
        record["id"] = f"e-gen{i:010d}"
        record["article_id"] = article[0]
        record["date"] = day.isoformat()
        record["actor"] = [{**slim[id(t)][0], "code": a_code}]
        record["recipient"] = [{**slim[id(t)][1], "code": r_code}]
        ev = t["evidence"]
        batch_events.append(
            (
                record["id"],
                article[0],
                record["date"],
                t["date_precision"],
                t["event"],
                t["mode"],
                t["quad_code"],
                t["plover_score"],
                t["cameo"],
                t["goldstein"],
                t["modality"],
                t["language"],
                t["rule"],
                t["dictionary_version"],
                t["event_text"],
                ev["sentence"],
                fold(ev["sentence"]),
                "|".join(t["context"]),
                f"|{a_code}|",
                f"|{r_code}|",
                t["attribution"],
                json.dumps(record, ensure_ascii=False, separators=(",", ":")),
            )
        )
        batch_actors.append(
            (record["id"], "actor", 0, a_code, t["actor"][0]["sector"], t["actor"][0]["entity_text"], None)
        )
        batch_actors.append(
            (
                record["id"],
                "recipient",
                0,
                r_code,
                t["recipient"][0]["sector"],
                t["recipient"][0]["entity_text"],
                None,
            )
        )
        if len(batch_events) >= 20_000:
            flush()
    flush()
    # These inserts bypass the store, which keeps the index in step as it saves: build it in one pass.
    t_index = time.perf_counter()
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = ?", (TEXT_INDEX,)).fetchone():
        conn.execute(f"INSERT INTO {TEXT_INDEX}({TEXT_INDEX}) VALUES ('rebuild')")
        conn.commit()
    t_index = time.perf_counter() - t_index
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    print(
        f"generated {n_events:,} events, {n_articles:,} articles in {time.perf_counter() - t0:.0f} s "
        f"(of which the text index {t_index:.0f} s; {path.stat().st_size / 1e6:.0f} MB)",
        file=sys.stderr,
    )


def queries(n_events: int) -> list[tuple[str, str]]:
    """The main queries of the dashboard, with ids that exist in a store of ``n_events``."""
    middle = n_events // 2
    return [
        ("events, first page (newest)", "/api/events?limit=50"),
        ("events, country=CUB", "/api/events?country=CUB&limit=50"),
        ("events, dyad CUB,RUS", "/api/events?dyad=CUB,RUS&limit=50"),
        ("events, type+month", "/api/events?type=ASSAULT&date_from=2025-03-01&date_to=2025-03-31&limit=50"),
        ("events, context=military", "/api/events?context=military&limit=50"),
        ("events, outlet", "/api/events?outlet=Outlet%2007&limit=50"),
        ("events, text search", "/api/events?q=habana&limit=50"),
        ("events, text search, common", "/api/events?q=minister&limit=50"),
        ("events, text search, one template", "/api/events?q=submarine&limit=50"),
        ("events, text search, no match", "/api/events?q=zanzibar&limit=50"),
        ("events, text search, 2 characters", "/api/events?q=ha&limit=50"),
        ("events, deepest page (offset 9950)", "/api/events?limit=50&offset=9950"),
        ("event detail", f"/api/events/e-gen{middle:010d}"),
        ("article detail", f"/api/articles/a-gen{middle // PER_ARTICLE:09d}"),
        ("articles, first page", "/api/articles?limit=50"),
        ("dyad timeline CUB/RUS (month)", "/api/dyads/CUB/RUS?interval=month"),
        ("network, one month", "/api/network?date_from=2025-03-01&date_to=2025-03-31"),
        ("network, default year", "/api/network"),
        ("top dyads of CUB", "/api/dyads?country=CUB&limit=20"),
        ("actor profile CUB", "/api/actors/CUB"),
        ("meta (filter choices)", "/api/meta"),
        ("index (store summary)", "/api"),
    ]


def measure(base_url: str, repeat: int, n_events: int) -> list[tuple[str, float, float, int]]:
    import httpx

    out = []
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for label, path in queries(n_events):
            times = []
            status = 0
            for _ in range(repeat):
                t = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                status = response.status_code
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            out.append((label, statistics.median(times), p95, status))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", type=Path, help="reuse or create this SQLite file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pactwatch.api import ApiSettings, create_app
    from test_api_server import LiveServer

    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.mkdtemp(prefix="pactwatch-bench-")
        path = Path(tmp) / "api-1m.db"
    if not path.exists():
        generate(path, args.events)
    with LiveServer(create_app(ApiSettings(db=f"sqlite:///{path}"))) as base:
        rows = measure(base, args.repeat, args.events)
    print(f"API latency over HTTP on {args.events:,} events ({args.repeat} requests each), ms")
    print(f"{'query':<36} {'p50':>8} {'p95':>8}  status")
    for label, p50, p95, status in rows:
        print(f"{label:<36} {p50:>8.1f} {p95:>8.1f}  {status}")
    if tmp and not args.keep:
        import shutil

        shutil.rmtree(tmp)
    elif tmp:
        print(f"kept {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
