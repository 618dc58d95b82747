"""Measure the coder against gold JSONL (the ../shared/eval schema): precision, recall and F1.

Two levels are scored, per sentence:

- **type**: the set of PLOVER types the sentence carries;
- **dyad**: (type, actor country, recipient country) triples, compound actors expanded the CAMEO way.

Matched events (a gold event paired with a coded event of the same type in the same sentence) are also
checked field by field: mode, modality, date and its precision, place and its country, and the country
and sector of actor and recipient. Gold actor codes are CAMEO-style strings (``CUBGOV``, ``JAP``,
``COLREB``, ``IGOREL``, ``~PTY``, ``---CVL``); :func:`parse_code` splits them into country and sector,
mapping old CAMEO country codes to ISO-3.

Gold events with a null type (CAMEO 01/02 statements, unmapped labels) count as "no event". When a gold
file sits beside an ``articles.jsonl`` and its records name their article (``meta.article``), whole
articles are coded, so document context (the two countries, a surname met earlier) is used as in
production; otherwise each sentence is coded alone with the record's language and date.

**Label space.** A single-label file, whose every record carries its source's own label (``case_label``:
the CASE 2021 ACLED snippets), annotates only a few PLOVER types: a snippet labelled "peaceful protest"
says nothing about whether it also reports a meeting. Such a file is scored over its own label space, the
types that occur in its gold: gold and coded types outside that set are left out on both sides. Records
whose label maps to no type stay in as negatives, so coding one of the file's types there is a false
positive. Every other file is scored over all 16 types. Reports name the label space of each file.

**IGO notation.** CAMEO puts every intergovernmental organisation under one country code, ``IGO`` (the
PLOVER gold standard records code the UN, the EU and the Arab League alike as ``IGO``); we keep PLOVER's
``UNO`` and ``EUR`` apart. For a file whose gold uses ``IGO`` and never ``UNO`` or ``EUR``, our ``UNO`` and
``EUR`` are scored as ``IGO``, and the report says so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .codebook import load_codebook
from .errors import InputError
from .gazetteer import NONSTATE_CODES
from .models import Article, Event, fold
from .pipeline import code, code_articles

NOT_FACTS = frozenset({"question", "hypothetical"})
# Modalities that say the event did not (or may not) happen, and those that assert it did.
_UNREAL = frozenset({"question", "hypothetical", "negated"})
_ASSERTED = frozenset({"factual", "historical"})

# Old CAMEO country codes that differ from ISO-3 (CAMEO predates some ISO codes and kept its own).
OLD_CAMEO = {
    "JAP": "JPN",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "BUR": "MMR",
    "YUG": "SRB",
    "GMY": "DEU",
    "WSB": "PSE",
    "GZS": "PSE",
    "KOS": "XKX",
    "UAS": "USA",  # the Spanish AFP gold writes UAS for the United States
}
# Sector-like codes seen in CAMEO gold beyond PLOVER's list (health, environment, refugees, …).
_EXTRA_SECTORS = frozenset({"HLH", "ENV", "HRI", "IRC", "SET", "MOD", "RAD", "INS", "DEV", "CRM"})
# A record field that marks a single-label file: each record carries one label of the source's own scheme.
SINGLE_LABEL_FIELD = "case_label"


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with the derived rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


# Field checks on matched events, in report order.
FIELDS = (
    "mode",
    "modality",
    "date",
    "date_precision",
    "place",
    "place_country",
    "actor_country",
    "actor_sector",
    "recipient_country",
    "recipient_sector",
)


@dataclass(slots=True)
class Ratio:
    """Correct out of checked."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, float | int | None]:
        acc = self.accuracy
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": None if acc is None else round(acc, 4),
        }


@dataclass(slots=True)
class Report:
    """Scores for one or more gold files."""

    name: str
    sentences: int = 0
    type: Counts = field(default_factory=Counts)
    dyad: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    modality_matched: int = 0
    modality_correct: int = 0
    speculative_as_fact: int = 0
    matched: int = 0
    fields: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in FIELDS})
    parts: list[Report] = field(default_factory=list)
    # The PLOVER types scored; None for all 16 (see the module docstring, "Label space").
    label_space: frozenset[str] | None = None
    # Our UNO and EUR scored as IGO (see the module docstring, "IGO notation").
    igo_notation: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sentences": self.sentences,
            "label_space": sorted(self.label_space) if self.label_space is not None else "all",
            "igo_notation": self.igo_notation,
            "type": self.type.to_dict(),
            "dyad": self.dyad.to_dict(),
            "by_type": {k: v.to_dict() for k, v in sorted(self.by_type.items())},
            "modality_accuracy": round(self.modality_correct / self.modality_matched, 4)
            if self.modality_matched
            else None,
            "speculative_as_fact": self.speculative_as_fact,
            "matched_events": self.matched,
            "accuracy": {k: v.to_dict() for k, v in self.fields.items()},
            "parts": [p.to_dict() for p in self.parts],
        }


def _sector_codes() -> frozenset[str]:
    return frozenset(load_codebook().sectors) | _EXTRA_SECTORS


def parse_code(code: str | None) -> tuple[str | None, str | None]:
    """Split a CAMEO-style actor code into (country, primary sector).

    ``CUBGOV`` → (CUB, GOV); ``JAP`` → (JPN, None); ``IGOREL`` → (IGO, REL); ``~PTY`` and ``---CVL`` →
    (None, PTY/CVL); ``GOVENV`` (a sector with no country) → (None, GOV).
    """
    if not code:
        return None, None
    code = code.strip().upper()
    if code.startswith("~"):
        rest, country = code[1:], None
    elif code.startswith("---"):
        rest, country = code[3:], None
    else:
        head = code[:3]
        if head in _sector_codes() and head not in NONSTATE_CODES:
            rest, country = code, None
        else:
            country, rest = OLD_CAMEO.get(head, head), code[3:]
    sector = rest[:3] if len(rest) >= 3 else None
    return country, sector


def _country(code: str | None) -> str | None:
    return parse_code(code)[0]


# Our codes for organisations that CAMEO-style gold codes as IGO (see "IGO notation").
_NAMED_IGOS = frozenset({"UNO", "EUR"})


def _ours(code: str | None, igo: bool) -> str | None:
    """The country of one of our actor codes, as a file in IGO notation writes it."""
    country = _country(code)
    return "IGO" if igo and country in _NAMED_IGOS else country


def igo_notation(records: Sequence[dict[str, Any]]) -> bool:
    """Tell whether a gold file codes intergovernmental organisations CAMEO's way, all as ``IGO``."""
    countries = {
        _country((ev.get(side) or {}).get("code"))
        for r in records
        for ev in r.get("events") or []
        for side in ("source", "target")
    }
    return "IGO" in countries and not countries & _NAMED_IGOS


def _gold_sets(record: dict[str, Any]) -> tuple[set[str], set[tuple[str, str | None, str | None]]]:
    types: set[str] = set()
    dyads: set[tuple[str, str | None, str | None]] = set()
    for ev in record.get("events") or []:
        etype = ev.get("type")
        if not etype or ev.get("modality") in NOT_FACTS:
            continue
        types.add(etype)
        dyads.add(
            (
                etype,
                _country((ev.get("source") or {}).get("code")),
                _country((ev.get("target") or {}).get("code")),
            )
        )
    return types, dyads


def _pred_sets(
    events: Iterable[Event], igo: bool = False
) -> tuple[set[str], set[tuple[str, str | None, str | None]]]:
    types: set[str] = set()
    dyads: set[tuple[str, str | None, str | None]] = set()
    for e in events:
        if e.modality in NOT_FACTS:
            continue
        types.add(e.event)
        for a in e.actor:
            for r in e.recipient or (None,):
                dyads.add((e.event, _ours(a.code, igo), _ours(r.code, igo) if r else None))
    return types, dyads


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold file: {exc}") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"invalid JSON in gold file: {exc.msg}") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise InputError(
                f"{path}:{n}", "a gold record needs a 'text' string (see ../shared/eval/README.md)"
            )
        records.append(rec)
    return records


def _article_predictions(path: Path, records: Sequence[dict[str, Any]]) -> dict[int, list[Event]] | None:
    """Code whole articles for gold records that name one; return events per record index."""
    corpus = path.with_name("articles.jsonl")
    if not corpus.exists() or not all((r.get("meta") or {}).get("article") for r in records):
        return None
    articles: dict[str, Article] = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            articles[d["id"]] = Article.from_text(
                d["text"],
                source_id=d["id"],
                language=d.get("language"),
                published=date.fromisoformat(d["published"]),
            )
    wanted = {r["meta"]["article"] for r in records}
    by_article: dict[str, list[Event]] = {}
    for article, events in code_articles(a for k, a in articles.items() if k in wanted):
        assert article.source_id is not None
        by_article[article.source_id] = events
    out: dict[int, list[Event]] = {}
    for i, r in enumerate(records):
        sentence = fold(" ".join(r["text"].split()))
        out[i] = [
            e
            for e in by_article.get(r["meta"]["article"], [])
            if fold(" ".join(e.evidence.sentence.split())) == sentence
        ]
    return out


def label_space(records: Sequence[dict[str, Any]]) -> frozenset[str] | None:
    """Return the types a single-label gold file annotates, or None when it is scored over all 16.

    A file is single-label when every record carries ``case_label`` (its source's own label); its label
    space is the set of PLOVER types that occur in its gold events.
    """
    if not records or not all(SINGLE_LABEL_FIELD in r for r in records):
        return None
    return frozenset(ev["type"] for r in records for ev in r.get("events") or [] if ev.get("type"))


def score_records(
    name: str,
    records: Sequence[dict[str, Any]],
    predictions: dict[int, list[Event]] | None = None,
    space: frozenset[str] | None = None,
) -> Report:
    """Score gold records; ``predictions`` maps record index to events (else each sentence is coded).

    With a label ``space``, only those types are scored, in the gold and in the coding alike. A file in
    IGO notation (:func:`igo_notation`) has our UNO and EUR scored as IGO.
    """
    report = Report(name, label_space=space, igo_notation=igo_notation(records))
    for i, rec in enumerate(records):
        if predictions is not None:
            events = predictions.get(i, [])
        else:
            when = date.fromisoformat(rec["date"]) if rec.get("date") else None
            events = code(rec["text"], date=when, lang=rec.get("lang"))
        report.sentences += 1
        gold_types, gold_dyads = _gold_sets(rec)
        pred_types, pred_dyads = _pred_sets(events, report.igo_notation)
        if space is not None:
            gold_types, pred_types = gold_types & space, pred_types & space
            gold_dyads = {d for d in gold_dyads if d[0] in space}
            pred_dyads = {d for d in pred_dyads if d[0] in space}
        report.type.add(gold_types, pred_types)
        report.dyad.add(gold_dyads, pred_dyads)
        for t in gold_types | pred_types:
            report.by_type[t].add(gold_types & {t}, pred_types & {t})
        _check_matched(report, rec.get("events") or [], events, report.igo_notation)
    return report


def _check_matched(
    report: Report, gold_events: Sequence[dict[str, Any]], events: Sequence[Event], igo: bool = False
) -> None:
    """Pair gold and coded events of the same type and check their fields."""
    free = list(events)
    for g in gold_events:
        etype = g.get("type")
        if not etype:
            continue
        candidates = [e for e in free if e.event == etype]
        if not candidates:
            continue
        src = _country((g.get("source") or {}).get("code"))
        tgt = _country((g.get("target") or {}).get("code"))
        best = max(
            candidates,
            key=lambda e: (
                (src in {_ours(a.code, igo) for a in e.actor})
                + (tgt in {_ours(r.code, igo) for r in e.recipient})
            ),
        )
        free.remove(best)
        _check_pair(report, g, best, igo)


def _check_pair(report: Report, g: dict[str, Any], e: Event, igo: bool = False) -> None:
    fields = report.fields
    report.matched += 1
    if g.get("mode"):
        fields["mode"].add(g["mode"] == e.mode)
    gold_modality = g.get("modality")
    if gold_modality:
        report.modality_matched += 1
        report.modality_correct += int(gold_modality == e.modality)
        fields["modality"].add(gold_modality == e.modality)
        if gold_modality in _UNREAL and e.modality in _ASSERTED:
            report.speculative_as_fact += 1
    if g.get("event_date"):
        fields["date"].add(g["event_date"] == e.date.value.isoformat())
    if g.get("date_precision"):
        fields["date_precision"].add(g["date_precision"] == e.date.precision)
    if "location" in g:
        loc = g["location"] or {}
        got = e.event_loc
        if not loc:
            fields["place"].add(got is None)
            fields["place_country"].add(got is None)
        else:
            fields["place"].add(got is not None and fold(got.place) == fold(str(loc.get("place") or "")))
            fields["place_country"].add(got is not None and got.country_code == loc.get("country_code"))
    for role, ours in (("actor", e.actor), ("recipient", e.recipient)):
        code = (g.get("source" if role == "actor" else "target") or {}).get("code")
        if not code or code.strip() in ("---", "~"):
            continue  # a bare "unknown" code says nothing to check
        country, sector = parse_code(code)
        fields[f"{role}_country"].add(country in {_ours(a.code, igo) for a in ours} if ours else False)
        if sector:
            fields[f"{role}_sector"].add(any(sector == a.sector or sector in a.sectors for a in ours))


def score_files(paths: Sequence[Path], *, lang: str | None = None, all_types: bool = False) -> Report:
    """Score each gold file and the total over all of them.

    A single-label file is scored over its own label space (see :func:`label_space`) unless
    ``all_types`` asks for all 16 types everywhere.
    """
    total = Report("total")
    for path in paths:
        records = [r for r in _load(path) if lang is None or r.get("lang") == lang]
        predictions = _article_predictions(path, records)
        space = None if all_types else label_space(records)
        part = score_records(path.name, records, predictions, space)
        total.parts.append(part)
        total.sentences += part.sentences
        for attr in ("type", "dyad"):
            mine, theirs = getattr(total, attr), getattr(part, attr)
            mine.tp += theirs.tp
            mine.fp += theirs.fp
            mine.fn += theirs.fn
        for t, c in part.by_type.items():
            total.by_type[t].tp += c.tp
            total.by_type[t].fp += c.fp
            total.by_type[t].fn += c.fn
        total.modality_matched += part.modality_matched
        total.matched += part.matched
        for k, r in part.fields.items():
            total.fields[k].correct += r.correct
            total.fields[k].total += r.total
        total.modality_correct += part.modality_correct
        total.speculative_as_fact += part.speculative_as_fact
    return total


def format_report(report: Report) -> str:
    """Return the report as an aligned text table."""
    lines = [
        f"{'file':<34} {'sents':>6}  {'type P':>7} {'R':>6} {'F1':>6}   {'dyad P':>7} {'R':>6} {'F1':>6}"
    ]
    for part in [*report.parts, report]:
        t, d = part.type, part.dyad
        lines.append(
            f"{part.name:<34} {part.sentences:>6}  {t.precision:>7.3f} {t.recall:>6.3f} {t.f1:>6.3f}"
            f"   {d.precision:>7.3f} {d.recall:>6.3f} {d.f1:>6.3f}"
        )
    lines.append("")
    lines.extend(_label_space_lines(report))
    lines.extend(_notation_lines(report))
    lines.append("")
    lines.append(f"{'type':<12} {'tp':>5} {'fp':>5} {'fn':>5} {'F1':>6}")
    for etype, c in sorted(report.by_type.items()):
        lines.append(f"{etype:<12} {c.tp:>5} {c.fp:>5} {c.fn:>5} {c.f1:>6.3f}")
    lines.append("")
    lines.append(
        "accuracy on matched events (a gold event paired with a coded event of its type; '-' = not in gold)"
    )
    short = {
        "mode": "mode",
        "modality": "modal",
        "date": "date",
        "date_precision": "d.prec",
        "place": "place",
        "place_country": "p.cty",
        "actor_country": "a.cty",
        "actor_sector": "a.sec",
        "recipient_country": "r.cty",
        "recipient_sector": "r.sec",
    }
    lines.append(f"{'file':<34} {'match':>6} " + " ".join(f"{short[k]:>6}" for k in FIELDS))
    for part in [*report.parts, report]:
        cells = []
        for k in FIELDS:
            acc = part.fields[k].accuracy
            cells.append(f"{'-' if acc is None else f'{acc:.3f}':>6}")
        lines.append(f"{part.name:<34} {part.matched:>6} " + " ".join(cells))
    if report.modality_matched:
        lines.append("")
        lines.append(
            f"modality accuracy on matched events: {report.modality_correct}/{report.modality_matched}; "
            f"negated, speculative or hypothetical coded as fact: {report.speculative_as_fact}"
        )
    return "\n".join(lines)


def _label_space_lines(report: Report) -> list[str]:
    """Say which types each file was scored over."""
    restricted = [p for p in report.parts or [report] if p.label_space is not None]
    if not restricted:
        return ["label space: all 16 PLOVER types for every file"]
    lines = []
    for p in restricted:
        lines.append(
            f"label space of {p.name}: only {', '.join(sorted(p.label_space or ()))} "
            f"(single-label file: records carry '{SINGLE_LABEL_FIELD}'; other types are not scored)"
        )
    others = [p.name for p in report.parts if p.label_space is None]
    if others:
        lines.append("label space of the other files: all 16 PLOVER types")
    return lines


def _notation_lines(report: Report) -> list[str]:
    """Say which files had our UNO and EUR scored as CAMEO's IGO."""
    return [
        f"actor codes of {p.name}: IGO for every intergovernmental organisation (CAMEO); our UNO and EUR "
        "scored as IGO"
        for p in report.parts or [report]
        if p.igo_notation
    ]
