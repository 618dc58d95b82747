"""Explain an event: the sentence with its spans marked, the trigger, the rule and the actor chains."""

from __future__ import annotations

from typing import Any

from .models import Actor, Article, Event


def _mark(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    out = []
    last = 0
    for start, end, label in sorted(spans):
        if start < last:
            continue
        out.append(sentence[last:start])
        out.append(f"[{sentence[start:end]}]{label}")
        last = end
    out.append(sentence[last:])
    return "".join(out)


def _actor_lines(role: str, actors: tuple[Actor, ...]) -> list[str]:
    lines = []
    for a in actors:
        head = f"  {role}: {a.code} {a.sector or '-'}  '{a.entity_text}'" + (
            f"  ({a.name})" if a.name else ""
        )
        lines.append(head)
        lines.extend(f"      <- {step}" for step in a.chain)
    return lines or [f"  {role}: (none)"]


def explain(event: Event, article: Article | None = None) -> str:
    """Return a human-readable explanation of how ``event`` was coded."""
    ev = event.evidence
    spans = [(ev.trigger[0], ev.trigger[1], "{trigger}")]
    spans += [(s, e, "{actor}") for s, e in ev.actor_spans]
    spans += [(s, e, "{recipient}") for s, e in ev.recipient_spans]
    date = event.date
    lines = [
        f"event {event.id}: {event.event}"
        + (f"/{event.mode}" if event.mode else "")
        + f"  modality={event.modality}  quad={event.quad_code}  score={event.plover_score}"
        + f"  cameo={event.cameo}  goldstein={event.goldstein}",
        f"article {event.article_id}"
        + (f"  {article.outlet or ''} {article.url or ''}".rstrip() if article else "")
        + f"  sentence #{ev.sentence_index} (chars {ev.start}-{ev.end})",
        f"sentence: {_mark(ev.sentence, spans)}",
        f"trigger: '{event.event_text}'  rule: {event.rule}  dictionaries: {event.dictionary_version}",
    ]
    lines += _actor_lines("actor", event.actor)
    lines += _actor_lines("recipient", event.recipient)
    lines.append(
        f"date: {date.value.isoformat()} ({date.precision})"
        + (f" from '{date.raw}'" if date.raw else " = article date (no date expression)")
    )
    if event.event_loc:
        loc = event.event_loc
        point = f" {loc.lat:.4f},{loc.lon:.4f}" if loc.lat is not None and loc.lon is not None else ""
        lines.append(f"place: {loc.place} ({loc.country_code}, {loc.precision}){point}")
    if event.context:
        lines.append("context: " + ", ".join(event.context))
    if event.attribution:
        lines.append(f"attribution: {event.attribution}")
    if event.intended:
        lines.append(f"intended: {event.intended}")
    lines.extend(f"note: {n}" for n in event.notes)
    return "\n".join(lines)


def explanation_dict(event: Event, article: Article | None = None) -> dict[str, Any]:
    """Return the explanation as data: the PLOVER record plus chains, notes and the article's source."""
    record = event.to_plover()
    record["explanation"] = {
        "actor_chains": [list(a.chain) for a in event.actor],
        "recipient_chains": [list(a.chain) for a in event.recipient],
        "notes": list(event.notes),
        "article": {"url": article.url, "outlet": article.outlet, "title": article.title}
        if article
        else None,
    }
    return record
