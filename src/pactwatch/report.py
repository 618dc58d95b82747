"""Self-contained HTML reports: ``pactwatch report dyad CUB BLR``.

One HTML file with inline CSS and inline SVG — a monthly timeline of stories by quad, the network around
the pair, and every story with its sources — and no scripts, fonts or CDN, so it opens offline and can be
mailed as an attachment.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from html import escape

from sqlalchemy import select

from .analysis import DyadPoint, DyadTimeline, Network, dyad_timeline, network, period_start
from .migrations import articles
from .store import Store
from .stories import StoryFilter, list_stories, story_members

__all__ = ["dyad_report", "network_svg", "timeline_svg"]

SVG = "http://www.w3.org/2000/svg"
QUAD_COLOURS = {1: "#4e9a6b", 2: "#2f6f4f", 3: "#d9822b", 4: "#b23a3a"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;color:#222;
padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left;vertical-align:top}
.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
blockquote{margin:.2rem 0 .2rem 1rem;color:#555;font-size:.85rem}.muted{color:#777}
"""


MAX_PERIODS = 120  # a longer timeline shows only the periods that have stories


def _with_empty_periods(points: tuple[DyadPoint, ...], interval: str) -> tuple[DyadPoint, ...]:
    """Insert the empty months or weeks between the first and last point, so gaps show as gaps."""
    by_period = {p.period: p for p in points}
    filled: list[DyadPoint] = []
    day = points[0].period
    while day <= points[-1].period and len(filled) <= MAX_PERIODS:
        filled.append(by_period.get(day) or DyadPoint(day, 0, 0, {}, {}, 0.0, 0.0, ()))
        day = period_start(day + timedelta(days=32 if interval == "month" else 7), interval)
    return tuple(filled) if len(filled) <= MAX_PERIODS else points


def _empty_svg(width: int, message: str) -> str:
    return (
        f'<svg xmlns="{SVG}" width="{width}" height="40" role="img"><text x="4" y="24">{message}</text></svg>'
    )


def timeline_svg(timeline: DyadTimeline, width: int = 720, height: int = 220) -> str:
    """Return an SVG bar chart: one stacked bar per period, stories by quad."""
    points = timeline.points
    if not points:
        return _empty_svg(width, "no stories")
    points = _with_empty_periods(points, timeline.interval)
    pad_l, pad_b, pad_t = 32, 40, 10
    plot_h = height - pad_b - pad_t
    top = max(sum(p.by_quad.values()) for p in points) or 1
    slot = (width - pad_l) / len(points)
    every = max(1, len(points) // 12)  # label at most about twelve periods
    bar = max(4.0, min(40.0, slot * 0.7))
    parts = [
        f'<svg xmlns="{SVG}" width="{width}" height="{height}" role="img" '
        f'aria-label="stories per {escape(timeline.interval)} between {escape(timeline.a)} '
        f'and {escape(timeline.b)}">',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width}" y2="{pad_t + plot_h}" stroke="#999"/>',
        f'<text x="2" y="{pad_t + 10}" font-size="11">{top}</text>',
        f'<text x="2" y="{pad_t + plot_h}" font-size="11">0</text>',
    ]
    for i, p in enumerate(points):
        x = pad_l + i * slot + (slot - bar) / 2
        y = float(pad_t + plot_h)
        for quad in (1, 2, 3, 4):
            n = p.by_quad.get(quad, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{QUAD_COLOURS[quad]}">'
                f"<title>{p.period.isoformat()}: {n} {QUAD_NAMES[quad]}</title></rect>"
            )
        if i % every:
            continue
        label = p.period.strftime("%Y-%m") if timeline.interval == "month" else p.period.isoformat()
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - pad_b + 14}" font-size="10" '
            f'text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def network_svg(net: Network, focus: tuple[str, ...] = (), size: int = 420) -> str:
    """Return an SVG drawing of a network: nodes on a circle, green cooperation and red conflict edges."""
    nodes = sorted(net.graph.nodes, key=lambda n: (n not in focus, n))
    if not nodes:
        return _empty_svg(size, "no ties")
    c = size / 2
    r = c - 40
    pos = {}
    for i, n in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[n] = (c + r * math.cos(angle), c + r * math.sin(angle))
    parts = [f'<svg xmlns="{SVG}" width="{size}" height="{size}" role="img" aria-label="network">']
    for edge in net.edges():
        (x1, y1), (x2, y2) = pos[edge["a"]], pos[edge["b"]]
        for offset, key, colour in ((-2, "cooperation", "#2f6f4f"), (2, "conflict", "#b23a3a")):
            n = edge[key]
            if n:
                parts.append(
                    f'<line x1="{x1 + offset:.1f}" y1="{y1 + offset:.1f}" '
                    f'x2="{x2 + offset:.1f}" y2="{y2 + offset:.1f}" '
                    f'stroke="{colour}" stroke-width="{min(1 + n, 8)}" stroke-opacity=".7">'
                    f"<title>{escape(edge['a'])}-{escape(edge['b'])}: {n} {key}</title></line>"
                )
    for n in nodes:
        x, y = pos[n]
        fill = "#1d4e89" if n in focus else "#888"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{14 if n in focus else 10}" fill="{fill}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y + 26:.1f}" font-size="11" text-anchor="middle">{escape(n)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _around(net: Network, a: str, b: str) -> Network:
    """Keep the pair, their direct partners, and the ties among them."""
    keep = {a, b}
    for n in (a, b):
        if n in net.graph:
            keep |= set(net.graph.neighbors(n))
    return Network(net.graph.subgraph(keep).copy(), net.date_from, net.date_to, net.context)


def dyad_report(
    store: Store, a: str, b: str, *, date_from: date | None = None, date_to: date | None = None
) -> str:
    """Return the HTML report of the dyad ``a``-``b``: timeline, network around the pair, stories, sources."""
    timeline = dyad_timeline(store, a, b, date_from=date_from, date_to=date_to)
    a, b = timeline.a, timeline.b
    net = _around(network(store, date_from, date_to), a, b)
    found = list_stories(store, StoryFilter(dyad=(a, b), date_from=date_from, date_to=date_to, limit=None))
    on_dyad = {sid for p in timeline.points for sid in p.evidence}
    found = [s for s in found if s.id in on_dyad]
    members = story_members(store, [s.id for s in found])
    art_ids = sorted({aid for s in found for aid in s.articles})
    with store.connect() as conn:
        arts = {
            r.id: r
            for r in conn.execute(
                select(
                    articles.c.id,
                    articles.c.url,
                    articles.c.title,
                    articles.c.outlet,
                    articles.c.published,
                    articles.c.language,
                ).where(articles.c.id.in_(art_ids))
            )
        }
    total = sum(p.stories for p in timeline.points)
    rows = []
    for s in found:
        sources = []
        for aid in s.articles:
            art = arts.get(aid)
            if art is None:
                continue
            label = escape(art.title or aid)
            link = f'<a href="{escape(art.url)}">{label}</a>' if art.url else label
            sources.append(
                f"<li>{link} <span class='muted'>{escape(art.outlet or '')} · {art.published or ''} · "
                f"{escape(art.language or '')}</span></li>"
            )
        quotes = "".join(
            f"<blockquote>{escape(e.evidence.sentence)} "
            f"<span class='muted'>({escape(e.event)}, {escape(e.id)})</span></blockquote>"
            for e in members.get(s.id, [])[:3]
        )
        rows.append(
            f"<tr><td>{s.date.isoformat()}</td><td><b>{escape(s.event)}</b><br>{escape(' '.join(s.actor))} → "
            f"{escape(' '.join(s.recipient))}<br><span class='muted'>{escape(s.id)}</span></td>"
            f"<td><ul>{''.join(sources)}</ul>{quotes}</td></tr>"
        )
    legend = "".join(
        f"<span><i style='background:{QUAD_COLOURS[q]}'></i>{QUAD_NAMES[q]}</span>" for q in (1, 2, 3, 4)
    )
    window = f"{date_from or 'the start'} to {date_to or 'today'}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pactwatch: {escape(a)} and {escape(b)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>
<body>
<h1>{escape(a)} and {escape(b)}</h1>
<p>{total} stor{"y" if total == 1 else "ies"} between {escape(a)} and {escape(b)}, from {escape(str(window))}.
A story is one happening, however many outlets told it.</p>
<h2>Timeline</h2>
<p class="muted">Each PLOVER type counts once per story, coloured by quad; empty months are gaps.</p>
<p class="legend">{legend}</p>
{timeline_svg(timeline)}
<h2>Network around the pair</h2>
<p class="muted">Green: cooperation stories; red: conflict stories; thicker is more.</p>
{network_svg(net, (a, b))}
<h2>Stories and sources</h2>
<table><thead><tr><th>date</th><th>what</th><th>sources and evidence</th></tr></thead>
<tbody>{"".join(rows) or '<tr><td colspan="3">no stories</td></tr>'}</tbody></table>
<p class="muted">Generated by pactwatch from coded events; every line above links to its source article.</p>
</body></html>
"""
