"""User actor dictionaries (JSONL) and importers for PETRARCH/TABARI actor and agent dictionaries.

A user actor record names one actor with a stable id, its names, and its codes, optionally limited in
time (a leader is GOV while in office, ELI after)::

    {"id": "user:fidel-castro", "names": ["Fidel Castro", "Castro"], "codes": [
        {"code": "CUB", "sector": "GOV", "from": "1959-01-01", "to": "2008-02-24"},
        {"code": "CUB", "sector": "ELI", "from": "2008-02-25"}]}

``"code"``/``"sector"`` at the top level are a shorthand for one undated code. A bad record raises
:class:`~pactwatch.errors.DataError` naming ``file:line`` and the reason. The coder starts each document
knowing the names, with the code valid on the document's date; the chain names the record's id and line.

The importers read the dictionaries of the PETRARCH/TABARI ecosystem and map CAMEO actor codes
(``CUBGOV``, ``IGOUNO``, ``USAELI 040101-081231``) to a country and a PLOVER sector.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .actors import DocContext
from .errors import DataError
from .gazetteer import NONSTATE_CODES, SECTORS, load_places
from .models import Actor
from .names import person_keys

__all__ = [
    "ENV_VAR",
    "ActorDictionary",
    "DatedCode",
    "UserActor",
    "cameo_code",
    "actor_files_from_env",
    "dictionaries_from_env",
    "import_petrarch",
    "load_actor_dictionary",
]

ENV_VAR = "PACTWATCH_ACTORS"  # user actor dictionaries for database mode, joined by os.pathsep
_KEYS = frozenset({"id", "names", "code", "sector", "codes", "note"})
_CODE_KEYS = frozenset({"code", "sector", "from", "to"})
# CAMEO sector codes whose PLOVER name differs: CAMEO MED is the media, HLH health.
_CAMEO_SECTORS = {
    "MED": "JRN",
    "HLH": "MED",
    "NGM": "NGO",
    "SEP": "REB",
    "INS": "REB",
    "MOD": "GOV",
    "RAD": "OPP",
}
# CAMEO country codes that are not ISO-3.
_CAMEO_COUNTRIES = {"JAP": "JPN", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "YUG": "SRB", "UAE": "ARE"}
_NONSTATE_CAMEO = {"UNO": "UNO", "EUR": "EUR", "NGO": "NGO", "IGO": "IGO", "MNC": "MNC", "IMG": "IMG"}


@dataclass(frozen=True, slots=True)
class DatedCode:
    """A country (or non-state) code and sector, valid from ``start`` to ``end`` inclusive (None: open)."""

    code: str
    sector: str | None
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class UserActor:
    """One record of a user actor dictionary."""

    id: str
    names: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    where: str

    def code_on(self, day: date) -> DatedCode | None:
        return next((c for c in self.codes if c.valid_on(day)), None)


class ActorDictionary:
    """The actors of one or more user dictionary files, ready to seed document contexts."""

    def __init__(self, actors: Sequence[UserActor]) -> None:
        self.actors = tuple(actors)

    def seed(self, ctx: DocContext, day: date) -> None:
        """Teach ``ctx`` every actor with a code valid on ``day``; dictionaries override earlier seeds."""
        for actor in self.actors:
            dated = actor.code_on(day)
            if dated is None:
                continue
            span = f", valid {dated.start or '…'} to {dated.end or '…'}" if dated.start or dated.end else ""
            target = f"{dated.code} {dated.sector or ''}".rstrip()
            step = f"dictionary {actor.id} [{actor.where}]: {actor.names[0]} -> {target}"
            resolved = Actor(
                dated.code,
                dated.sector,
                actor.names[0],
                actor.names[0],
                (dated.sector,) if dated.sector else (),
                (step + span,),
            )
            for name in actor.names:
                for key in person_keys(name)[:1]:
                    ctx.add_person(key, resolved, f"dictionary {actor.id}")


def load_actor_dictionary(paths: Sequence[Path | str]) -> ActorDictionary:
    """Read user actor dictionaries; a record whose id repeats an earlier one replaces it."""
    by_id: dict[str, UserActor] = {}
    for path in paths:
        for actor in _read(Path(path)):
            by_id[actor.id] = actor
    return ActorDictionary(list(by_id.values()))


def actor_files_from_env() -> list[str]:
    """Return the user actor dictionaries named by ``$PACTWATCH_ACTORS`` (joined by os.pathsep)."""
    value = os.environ.get(ENV_VAR, "").strip()
    return [p for p in value.split(os.pathsep) if p]


def dictionaries_from_env() -> ActorDictionary | None:
    """Return the dictionaries named by ``$PACTWATCH_ACTORS``, or None."""
    files = actor_files_from_env()
    return load_actor_dictionary(files) if files else None


def _read(path: Path) -> Iterator[UserActor]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(str(path), f"cannot read the actor dictionary: {exc}") from None
    seen: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        actor = _record(rec, where)
        if actor.id in seen:
            raise DataError(where, f"id {actor.id!r} is already used at {seen[actor.id]}; ids must be unique")
        seen[actor.id] = where
        yield actor


def _record(rec: Any, where: str) -> UserActor:
    if not isinstance(rec, dict):
        raise DataError(where, "an actor record must be a JSON object")
    unknown = sorted(set(rec) - _KEYS)
    if unknown:
        raise DataError(where, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}")
    rid = rec.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise DataError(where, 'an actor record needs a stable "id" (a non-empty string)')
    names = rec.get("names")
    if not isinstance(names, list) or not names or not all(isinstance(x, str) and x.strip() for x in names):
        raise DataError(
            where, '"names" must be a non-empty list of names, e.g. ["Oleg Marchenko", "Marchenko"]'
        )
    if "codes" in rec and ("code" in rec or "sector" in rec):
        raise DataError(where, 'give either "code"/"sector" or "codes", not both')
    if "codes" in rec:
        raw = rec["codes"]
        if not isinstance(raw, list) or not raw:
            raise DataError(where, '"codes" must be a non-empty list of {"code", "sector", "from", "to"}')
        codes = tuple(_dated(c, where) for c in raw)
    elif "code" in rec:
        codes = (_dated({"code": rec["code"], "sector": rec.get("sector")}, where),)
    else:
        raise DataError(where, 'an actor record needs "code" (with an optional "sector") or "codes"')
    return UserActor(rid, tuple(" ".join(x.split()) for x in names), codes, where)


def _dated(raw: Any, where: str) -> DatedCode:
    if not isinstance(raw, dict) or set(raw) - _CODE_KEYS:
        raise DataError(
            where, f"each code is an object with keys {', '.join(sorted(_CODE_KEYS))}; got {raw!r}"
        )
    code = raw.get("code")
    if not isinstance(code, str) or (
        code != "---" and code not in NONSTATE_CODES and code not in load_places()
    ):
        raise DataError(
            where,
            f"code {code!r} is neither an ISO-3 country of the gazetteer, a PLOVER non-state code "
            f"({', '.join(sorted(NONSTATE_CODES))}) nor --- (unknown)",
        )
    sector = raw.get("sector")
    if sector is not None and sector not in SECTORS:
        raise DataError(where, f"sector {sector!r} is not a PLOVER sector ({' '.join(sorted(SECTORS))})")
    start, end = _day(raw.get("from"), where, "from"), _day(raw.get("to"), where, "to")
    if start and end and end < start:
        raise DataError(where, f'"to" {end} is before "from" {start}')
    return DatedCode(code, sector, start, end)


def _day(value: Any, where: str, key: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DataError(where, f'"{key}" must be a date YYYY-MM-DD, got {value!r}') from None


# --- PETRARCH / TABARI -------------------------------------------------------------------------------

_BRACKET = re.compile(r"\[([^\]]*)\]")


def cameo_code(raw: str, where: str = "code") -> tuple[str, str | None]:
    """Map a CAMEO actor code to (country or non-state code, PLOVER sector or None).

    >>> cameo_code("CUBGOV"), cameo_code("IGOUNO"), cameo_code("~MIL")
    (('CUB', 'GOV'), ('UNO', None), ('---', 'MIL'))
    """
    code = raw.strip().upper()
    if code.startswith("~"):
        country, rest = "---", code[1:]
    elif code.startswith("---"):
        country, rest = "---", code[3:]
    else:
        head, rest = code[:3], code[3:]
        if head in _NONSTATE_CAMEO:
            country = _NONSTATE_CAMEO[head]
            if head == "IGO" and rest[:3] in ("UNO", "EUR"):
                country, rest = rest[:3], rest[3:]
        else:
            country = _CAMEO_COUNTRIES.get(head, head)
            if country not in load_places():
                raise DataError(where, f"{raw!r}: {head!r} is not a country code the gazetteer knows")
    sector = None
    for i in range(0, len(rest) - 2, 3):
        part = _CAMEO_SECTORS.get(rest[i : i + 3], rest[i : i + 3])
        if part in SECTORS:
            sector = part
            break
    return country, sector


def _yymmdd(text: str, where: str) -> date:
    if not re.fullmatch(r"\d{6}", text):
        raise DataError(where, f"{text!r} is not a YYMMDD date")
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    try:
        return date(1900 + yy if yy >= 30 else 2000 + yy, mm, dd)
    except ValueError:
        raise DataError(where, f"{text!r} is not a valid date") from None


def _petrarch_codes(body: str, where: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for inner in _BRACKET.findall(body):
        parts = inner.split()
        if not parts:
            raise DataError(where, "empty code brackets []")
        code, sector = cameo_code(parts[0], where)
        item: dict[str, Any] = {"code": code, "sector": sector}
        if len(parts) > 1:
            span = parts[1]
            if span.startswith(">"):
                item["from"] = _yymmdd(span[1:], where).isoformat()
            elif span.startswith("<"):
                item["to"] = _yymmdd(span[1:], where).isoformat()
            elif "-" in span:
                a, b = span.split("-", 1)
                item["from"], item["to"] = _yymmdd(a, where).isoformat(), _yymmdd(b, where).isoformat()
            else:
                raise DataError(where, f"{span!r}: a date restriction is >YYMMDD, <YYMMDD or YYMMDD-YYMMDD")
        out.append(item)
    return out


def _phrase(raw: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in raw.strip("+_ ").replace("_", " ").split())


_BRACES = re.compile(r"\{([^}]*)\}")


def _agent_sectors(body: str, where: str) -> list[str]:
    """Return every PLOVER sector of an agent's codes, in order ("[~MILGOV]" -> MIL, GOV)."""
    sectors: list[str] = []
    for inner in _BRACKET.findall(body):
        raw = inner.split()[0].lstrip("~").removeprefix("---").upper()
        for i in range(0, len(raw) - 2, 3):
            part = _CAMEO_SECTORS.get(raw[i : i + 3], raw[i : i + 3])
            if part in SECTORS and part not in sectors:
                sectors.append(part)
    if not sectors:
        raise DataError(where, "an agent code names no PLOVER sector")
    return sectors


def _role_record(rid: str, name: str, body: str, where: str) -> dict[str, Any]:
    """Turn an agent line (``MINISTER_ {MINISTERS_} [~GOV]``) into a role record (title -> sectors)."""
    names = [name.lower()] + [_phrase(p).lower() for p in _BRACES.findall(body) if _phrase(p)]
    return {
        "id": rid,
        "names": list(dict.fromkeys(names)),
        "sectors": _agent_sectors(body, where),
        "title": True,
        "note": f"PETRARCH agent, imported from {where}",
    }


def import_petrarch(path: Path | str, *, prefix: str = "petrarch") -> tuple[list[dict[str, Any]], list[str]]:
    """Convert a PETRARCH/TABARI actor or agent dictionary into user records; return (records, skipped).

    Actor lines (``BARACK_OBAMA_ [USAELI 040101-081231] [USAGOV 090120-170120]``, synonyms on ``+`` lines)
    become actor records with dated codes. Agent lines (``MINISTER_ [~GOV]``, ``SOLDIER_ {SOLDIERS_}
    [~MIL]``: codes with no country) become role records, the shape of ``data/roles/<lang>.jsonl``
    (``{"id", "names", "sectors", "title": true}``), which the resolver reads from ``$PACTWATCH_ROLES``
    (:data:`pactwatch.gazetteer.ROLES_ENV_VAR`);
    they carry a ``"sectors"`` key, actor records do not. Entries whose codes cannot be mapped are
    skipped with ``file:line: reason``.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataError(str(path), f"cannot read the dictionary: {exc}") from None
    records: list[dict[str, Any]] = []
    skipped: list[str] = []
    current: dict[str, Any] | None = None
    used: set[str] = set()
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        text = line.split("#", 1)[0].rstrip()
        if not text.strip() or text.lstrip().startswith(("<", "!")):
            continue
        stripped = text.strip()
        if stripped.startswith("+"):
            if current is not None:
                name = _phrase(_BRACES.sub("", _BRACKET.sub("", stripped)))
                if "sectors" in current:
                    name = name.lower()
                if name and name not in current["names"]:
                    current["names"].append(name)
            continue
        name = _phrase(_BRACES.sub("", _BRACKET.sub("", stripped)))
        try:
            codes = _petrarch_codes(stripped, where)
        except DataError as exc:
            skipped.append(str(exc))
            current = None
            continue
        if not name or not codes:
            skipped.append(f"{where}: no name or no [CODE] on the line")
            current = None
            continue
        agent = all(c["code"] == "---" for c in codes)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        base = f"{prefix}:role:{slug}" if agent else f"{prefix}:{slug}"
        rid, k = base, 2
        while rid in used:
            rid, k = f"{base}-{k}", k + 1
        used.add(rid)
        if agent:
            try:
                current = _role_record(rid, name, stripped, where)
            except DataError as exc:
                skipped.append(str(exc))
                current = None
                continue
        else:
            current = {"id": rid, "names": [name], "codes": codes}
        records.append(current)
    return records, skipped
