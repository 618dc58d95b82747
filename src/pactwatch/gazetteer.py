"""Load the gazetteer (places, names of countries, cities and bodies) and the role dictionaries.

Packaged data lives in ``pactwatch/data/``: ``gazetteer/places.jsonl`` holds language-independent places,
``gazetteer/<lang>.jsonl`` the surface forms of one language and ``roles/<lang>.jsonl`` titles and
institution words with their PLOVER sectors. ``data/gazetteer/README.md`` describes every record format.

Users add records, or replace packaged ones by reusing their ``id``, with their own JSONL files passed as
``extra``. Any invalid record raises :class:`~pactwatch.errors.DataError` naming ``file:line`` and the fix.
Matching is on folded text (:func:`pactwatch.models.fold`), so every entry carries ``norm = fold(text)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pactwatch.errors import ConfigError, DataError
from pactwatch.models import fold

__all__ = [
    "KINDS",
    "NONSTATE_CODES",
    "ROLES_ENV_VAR",
    "SECTORS",
    "GazEntry",
    "Place",
    "Region",
    "RoleEntry",
    "country_names",
    "data_version",
    "is_state_code",
    "languages",
    "load_gazetteer",
    "load_modifiers",
    "load_places",
    "load_regions",
    "load_roles",
    "roles_from_env",
]

SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK "
    "AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)
NONSTATE_CODES = frozenset("IGO UNO EUR NGO ISM IMG MNC".split())
KINDS = ("country", "demonym", "nickname", "city", "admin1", "org", "institution", "region")


def is_state_code(code: str) -> bool:
    """Tell whether an actor code is a country (ISO-3), not a non-state code (UNO, EUR, ...) or ``---``."""
    return len(code) == 3 and code.isalpha() and code.isupper() and code not in NONSTATE_CODES


ROLES_ENV_VAR = "PACTWATCH_ROLES"  # user role files (e.g. imported PETRARCH agents), joined by os.pathsep
_PLACES_FILE = "gazetteer/places.jsonl"
_REGIONS_FILE = "gazetteer/regions.jsonl"
_ISO3 = re.compile(r"[A-Z]{3}")
_ISO2 = re.compile(r"[A-Z]{2}")
_HEADER_KEYS = frozenset({"id", "provenance", "note"})
_COUNTRY_KEYS = frozenset({"id", "kind", "code", "iso2", "name", "note"})
_CITY_KEYS = frozenset({"id", "kind", "code", "name", "lat", "lon", "capital", "note"})
_ADMIN1_KEYS = frozenset({"id", "kind", "code", "name", "note"})
_ADMIN1_ID = re.compile(r"admin1:([a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*")
_ALIAS_COUNTRY_KEYS = frozenset(
    {"id", "ref", "names", "demonyms", "nicknames", "needs_context", "exact_case", "note"}
)
_ALIAS_CITY_KEYS = frozenset({"id", "ref", "names", "metonym", "needs_context", "exact_case", "note"})
_ALIAS_ADMIN1_KEYS = frozenset({"id", "ref", "names", "needs_context", "exact_case", "note"})
_BODY_KEYS = frozenset({"id", "code", "sector", "names", "needs_context", "exact_case", "note"})
_REGION_KEYS = frozenset({"id", "region", "names", "exact_case", "note"})
_GROUP_KEYS = frozenset({"id", "members_of", "names", "exact_case", "note"})
_REGION_DEF_KEYS = frozenset({"id", "name", "members", "note"})
_ROLE_KEYS = frozenset(
    {"id", "names", "sectors", "title", "code", "needs_context", "after_determiner", "attributive", "note"}
)
_MODIFIER_KEYS = frozenset({"id", "modifiers", "note"})


@dataclass(frozen=True, slots=True)
class Place:
    """A country, city or first-level division of the gazetteer (not :class:`pactwatch.models.Place`).

    Countries have ``kind="country"``, ``id == code`` and no coordinates; cities have an id like
    ``"city:havana"``, the ISO-3 code of their country and WGS84 coordinates; divisions (departments,
    states, provinces, oblasts) have ``kind="admin1"``, an id like ``"admin1:co-arauca"`` and no point.
    """

    id: str
    code: str
    name: str
    lat: float | None
    lon: float | None
    capital: bool
    kind: str = "city"


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One surface form of the gazetteer and what it stands for.

    ``kind`` is one of :data:`KINDS`. ``code`` is an ISO-3 country code or a PLOVER non-state code
    (IGO, UNO, EUR, NGO, ISM, IMG, MNC); a ``region`` entry ("Latin America", "the West") has code ``""``:
    PLOVER does not code regions, and the entry exists so a longest match can block the shorter names
    inside it. ``place_id`` points into :func:`load_places` for countries, nicknames and cities.
    ``needs_context``: accept the form only when the document supports it (every nickname, and forms
    such as "Brest" or bare "Congo"). ``metonym``: a city name that news uses for its government
    ("Moscow said"). ``exact_case``: the letter case must match ``text`` (accents aside), because the
    folded form is an ordinary word ("US" -> "us", "WHO" -> "who", "FAR" -> "far").
    """

    id: str
    text: str
    norm: str
    kind: str
    code: str
    sector: str | None
    place_id: str | None
    needs_context: bool
    where: str
    metonym: bool = False
    exact_case: bool = False
    group: str | None = None  # a nickname of any one country of this region ("the Caribbean country")


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A title or institution word and its PLOVER sectors, the primary one first.

    ``title`` is true for forms that precede a name or stand in apposition ("Colonel", "la coronela");
    false for collective bodies ("the armed forces", "protesters"). ``code`` is an optional country or
    non-state cue ("UN Secretary-General" -> UNO). ``needs_context``: the form is also an ordinary word
    ("general", "major", "fiscal"), so accept it only in title position or with other support.
    ``after_determiner``: the form is also an adjective or part of a phrase ("países vecinos", "tráfico de
    personas", "people familiar with"), so it is an actor only after a determiner or a quantifier ("los
    vecinos", "miles de personas", "41 people"). ``attributive``: the form also modifies a noun after it
    ("military drones", "a firm response"), where it is not an actor.
    """

    id: str
    text: str
    norm: str
    sectors: tuple[str, ...]
    code: str | None
    title: bool
    where: str
    needs_context: bool = False
    after_determiner: bool = False
    attributive: bool = False


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    where: str
    rec: dict[str, Any]


class _DuplicateKey(ValueError):
    pass


class _BadConstant(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


def _parse(text: str, label: str) -> Iterator[_Line]:
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        where = f"{label}:{number}"
        if line.startswith("//") or line.startswith("#"):
            raise DataError(
                where, 'comment lines are not allowed; put the comment in a "note" field of a record'
            )
        try:
            rec = json.loads(line, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise DataError(
                where, f"invalid JSON ({exc.msg} at column {exc.colno}); write one JSON object per line"
            ) from None
        except _BadConstant as exc:
            raise DataError(where, f"{exc} is not valid JSON; write a number") from None
        except _DuplicateKey as exc:
            raise DataError(where, f"key {str(exc)!r} appears twice in the record; keep one") from None
        if not isinstance(rec, dict):
            raise DataError(where, "expected a JSON object {...} on this line")
        yield _Line(where, rec)


def _data_root() -> Traversable:
    return resources.files("pactwatch").joinpath("data")


def _packaged(relpath: str) -> list[_Line]:
    node = _data_root()
    for part in relpath.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        return []
    return list(_parse(node.read_text(encoding="utf-8"), relpath))


def _user(path: str) -> list[_Line]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path, "file not found; check the path of the extra data file") from None
    except UnicodeDecodeError as exc:
        raise DataError(
            path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise DataError(path, f"cannot read the file: {exc.strerror}") from None
    return list(_parse(text, path))


def _extra_key(extra: Sequence[Path | str]) -> tuple[tuple[str, int], ...]:
    """Key the cache on each user file's path and modification time, so edited files are re-read."""
    key = []
    for p in extra:
        path = Path(p)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = -1
        key.append((str(path), mtime))
    return tuple(key)


def _merge(packaged: list[_Line], user: list[_Line]) -> list[_Line]:
    """Check ids and let a user record replace the packaged record with the same id."""
    out: dict[str, _Line] = {}
    for group in (packaged, user):
        seen: dict[str, str] = {}
        for line in group:
            rid = line.rec.get("id")
            if not isinstance(rid, str) or not rid.strip():
                raise DataError(line.where, 'missing "id": every record needs a stable, unique string id')
            if rid in seen:
                raise DataError(
                    line.where, f"duplicate id {rid!r} (first used at {seen[rid]}); ids must be unique"
                )
            seen[rid] = line.where
            out[rid] = line
    return list(out.values())


# --- field checks ------------------------------------------------------------------------------------


def _check_keys(line: _Line, allowed: frozenset[str], required: Sequence[str], what: str) -> None:
    unknown = sorted(set(line.rec) - allowed)
    if unknown:
        raise DataError(
            line.where,
            f"unknown key(s) {', '.join(unknown)} in a {what} record; allowed: {', '.join(sorted(allowed))}",
        )
    for key in required:
        if key not in line.rec:
            raise DataError(line.where, f'a {what} record needs "{key}"')


def _form(line: _Line, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(line.where, f'"{key}" must hold non-empty strings, got {value!r}')
    if value != " ".join(value.split()):
        raise DataError(
            line.where, f"{value!r} in {key!r} has extra spaces; use single spaces and no padding"
        )
    if not any(c.isalnum() for c in value):
        raise DataError(line.where, f"{value!r} in {key!r} has no letter or digit")
    return value


def _forms(line: _Line, key: str, required: bool) -> list[str]:
    value = line.rec.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        raise DataError(line.where, f'"{key}" must be a {"non-empty " if required else ""}list of strings')
    return [_form(line, key, v) for v in value]


def _bool(line: _Line, key: str, default: bool) -> bool:
    value = line.rec.get(key, default)
    if not isinstance(value, bool):
        raise DataError(line.where, f'"{key}" must be true or false, got {value!r}')
    return value


def _subset(line: _Line, key: str, forms: Sequence[str], allow_all: bool) -> frozenset[str]:
    """Read a list of forms that must occur in the record (``true`` = all of them, where allowed)."""
    value = line.rec.get(key)
    if value is None:
        return frozenset()
    if value is True and allow_all:
        return frozenset(forms)
    if not isinstance(value, list):
        hint = "true or a list of the record's forms" if allow_all else "a list of the record's forms"
        raise DataError(line.where, f'"{key}" must be {hint}')
    for v in value:
        if v not in forms:
            raise DataError(
                line.where, f'{v!r} in "{key}" is not one of the record\'s forms; copy it exactly'
            )
    return frozenset(value)


def _code(line: _Line, value: Any, countries: frozenset[str], key: str = "code") -> str:
    if not isinstance(value, str) or (value not in countries and value not in NONSTATE_CODES):
        raise DataError(
            line.where,
            f'"{key}" {value!r} is neither an ISO-3 country of {_PLACES_FILE} nor a PLOVER non-state code '
            f"({', '.join(sorted(NONSTATE_CODES))})",
        )
    return value


def _sector(line: _Line, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in SECTORS:
        raise DataError(
            line.where, f"sector {value!r} is not a PLOVER sector code ({' '.join(sorted(SECTORS))})"
        )
    return value


def _coord(line: _Line, key: str, limit: float) -> float:
    value = line.rec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
        raise DataError(
            line.where,
            f'"{key}" must be a number from {-limit:g} to {limit:g} (decimal degrees), got {value!r}',
        )
    return float(value)


def _no_duplicate_forms(line: _Line, forms: Sequence[str]) -> None:
    seen: dict[str, str] = {}
    for f in forms:
        norm = fold(f)
        if norm in seen:
            raise DataError(
                line.where,
                f"{f!r} repeats {seen[norm]!r} (the same after folding case and accents); keep one",
            )
        seen[norm] = f


def _is_header(line: _Line) -> bool:
    if "provenance" not in line.rec:
        return False
    _check_keys(line, _HEADER_KEYS, ("provenance",), "header")
    if not isinstance(line.rec["provenance"], str):
        raise DataError(line.where, '"provenance" must be a string')
    return True


# --- places ------------------------------------------------------------------------------------------


def load_places(extra: Sequence[Path | str] = ()) -> dict[str, Place]:
    """Return every country, city and division by id; place records (``"kind"``) in ``extra`` are added."""
    return dict(_places(_extra_key(extra)))


@cache
def _places(extra: tuple[tuple[str, int], ...]) -> dict[str, Place]:
    user = [ln for path, _ in extra for ln in _user(path) if "kind" in ln.rec]
    lines = [ln for ln in _merge(_packaged(_PLACES_FILE), user) if not _is_header(ln)]
    out: dict[str, Place] = {}
    iso2: dict[str, str] = {}
    for line in lines:
        if line.rec.get("kind") != "country":
            continue
        _check_keys(line, _COUNTRY_KEYS, ("kind", "code", "iso2", "name"), "country")
        rid, code, two = line.rec["id"], line.rec["code"], line.rec["iso2"]
        if not isinstance(code, str) or not _ISO3.fullmatch(code) or code != rid:
            raise DataError(
                line.where,
                f'a country needs "id" and "code" equal to its ISO-3 code (3 capitals), got {rid!r}/{code!r}',
            )
        if code in NONSTATE_CODES:
            raise DataError(line.where, f"{code!r} is a PLOVER non-state code, not a country")
        if not isinstance(two, str) or not _ISO2.fullmatch(two):
            raise DataError(
                line.where, f'"iso2" must be the ISO 3166-1 alpha-2 code (2 capitals), got {two!r}'
            )
        if two in iso2:
            raise DataError(line.where, f"iso2 {two!r} is already used by {iso2[two]}")
        iso2[two] = code
        out[rid] = Place(rid, code, _form(line, "name", line.rec["name"]), None, None, False, "country")
    countries = frozenset(out)
    for line in lines:
        kind = line.rec.get("kind")
        if kind == "country":
            continue
        if kind == "admin1":
            out[line.rec["id"]] = _admin1(line, countries, iso2)
            continue
        if kind != "city":
            raise DataError(line.where, f'"kind" must be "country", "city" or "admin1", got {kind!r}')
        _check_keys(line, _CITY_KEYS, ("kind", "code", "name", "lat", "lon"), "city")
        rid = line.rec["id"]
        if not rid.startswith("city:") or len(rid) == 5:
            raise DataError(
                line.where,
                f'a city id starts with "city:" followed by a slug, e.g. "city:havana"; got {rid!r}',
            )
        code = line.rec["code"]
        if code not in countries:
            raise DataError(
                line.where,
                f"city code {code!r} is not a country of {_PLACES_FILE}; use the ISO-3 code of its country",
            )
        out[rid] = Place(
            rid,
            code,
            _form(line, "name", line.rec["name"]),
            _coord(line, "lat", 90.0),
            _coord(line, "lon", 180.0),
            _bool(line, "capital", False),
        )
    return out


def _admin1(line: _Line, countries: frozenset[str], iso2: dict[str, str]) -> Place:
    """Read a first-level division: an area, so it has no point ("admin1:co-arauca", code COL)."""
    _check_keys(line, _ADMIN1_KEYS, ("kind", "code", "name"), "admin1")
    rid, code = line.rec["id"], line.rec["code"]
    if code not in countries:
        raise DataError(
            line.where,
            f"admin1 code {code!r} is not a country of {_PLACES_FILE}; use the ISO-3 code of its country",
        )
    m = _ADMIN1_ID.fullmatch(rid)
    if m is None or iso2.get(m.group(1).upper()) != code:
        raise DataError(
            line.where,
            f'an admin1 id is "admin1:<iso2>-<slug>" with the alpha-2 code of {code} in lowercase, '
            f'e.g. "admin1:co-arauca"; got {rid!r}',
        )
    return Place(rid, code, _form(line, "name", line.rec["name"]), None, None, False, "admin1")


# --- regions -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A region or group of countries news refers to ("the Caribbean country", "la nación europea")."""

    id: str
    name: str
    members: frozenset[str]
    note: str


@cache
def load_regions() -> dict[str, Region]:
    """Return the regions of ``gazetteer/regions.jsonl`` (UN M49 and named groups) by id."""
    countries = frozenset(p.id for p in _places(()).values() if p.kind == "country")
    out: dict[str, Region] = {}
    for line in _merge(_packaged(_REGIONS_FILE), []):
        if _is_header(line):
            continue
        _check_keys(line, _REGION_DEF_KEYS, ("name", "members", "note"), "region")
        members = _forms(line, "members", True)
        for m in members:
            _code(line, m, countries, "members")
            if m in NONSTATE_CODES:
                raise DataError(line.where, f'{m!r} in "members" is a non-state code; list countries')
        note = line.rec["note"]
        if not isinstance(note, str):
            raise DataError(line.where, '"note" must say where the membership comes from')
        out[line.rec["id"]] = Region(
            line.rec["id"], _form(line, "name", line.rec["name"]), frozenset(members), note
        )
    return out


# --- gazetteer ---------------------------------------------------------------------------------------


def languages() -> tuple[str, ...]:
    """Return the languages that have a packaged gazetteer file."""
    node = _data_root().joinpath("gazetteer")
    names = (c.name for c in node.iterdir() if c.is_file() and c.name.endswith(".jsonl"))
    return tuple(sorted(n[: -len(".jsonl")] for n in names if n not in ("places.jsonl", "regions.jsonl")))


def _check_lang(lang: str, extra: Sequence[object]) -> None:
    if lang not in languages() and not extra:
        raise ConfigError(f"no gazetteer for language {lang!r}; packaged: {', '.join(languages())}")


def load_gazetteer(lang: str, extra: Sequence[Path | str] = ()) -> tuple[GazEntry, ...]:
    """Return every surface form of ``lang``: countries, demonyms, nicknames, cities, bodies and regions.

    ``extra`` files may hold alias records (same format as ``gazetteer/<lang>.jsonl``) and place records
    (same format as ``places.jsonl``); a record whose ``id`` equals a packaged one replaces it.
    """
    _check_lang(lang, extra)
    return _gazetteer(lang, _extra_key(extra))


@cache
def _gazetteer(lang: str, extra: tuple[tuple[str, int], ...]) -> tuple[GazEntry, ...]:
    places = _places(extra)
    countries = frozenset(p.id for p in places.values() if p.kind == "country")
    user = [ln for path, _ in extra for ln in _user(path) if "kind" not in ln.rec]
    out: list[GazEntry] = []
    for line in _merge(_packaged(f"gazetteer/{lang}.jsonl"), user):
        if not _is_header(line):
            out.extend(_alias_entries(line, places, countries))
    return tuple(out)


def _alias_entries(line: _Line, places: dict[str, Place], countries: frozenset[str]) -> list[GazEntry]:
    rec, rid = line.rec, line.rec["id"]
    groups: list[tuple[str, list[str]]]
    if "ref" in rec:
        ref = rec["ref"]
        place = places.get(ref) if isinstance(ref, str) else None
        if place is None:
            raise DataError(
                line.where, f'"ref" {ref!r} names no place in {_PLACES_FILE}; add the place or fix the id'
            )
        if place.kind == "country":
            _check_keys(line, _ALIAS_COUNTRY_KEYS, ("names",), "country alias")
            groups = [
                ("country", _forms(line, "names", True)),
                ("demonym", _forms(line, "demonyms", False)),
                ("nickname", _forms(line, "nicknames", False)),
            ]
        elif place.kind == "admin1":
            _check_keys(line, _ALIAS_ADMIN1_KEYS, ("names",), "admin1 alias")
            groups = [("admin1", _forms(line, "names", True))]
        else:
            _check_keys(line, _ALIAS_CITY_KEYS, ("names",), "city alias")
            groups = [("city", _forms(line, "names", True))]
        code, sector, place_id = place.code, None, place.id
    elif "code" in rec:
        _check_keys(line, _BODY_KEYS, ("code", "sector", "names"), "organisation/institution")
        code = _code(line, rec["code"], countries)
        sector = _sector(line, rec["sector"])
        groups = [("org" if code in NONSTATE_CODES else "institution", _forms(line, "names", True))]
        place_id = None
    elif "members_of" in rec:
        _check_keys(line, _GROUP_KEYS, ("members_of", "names"), "regional nickname")
        group = rec["members_of"]
        if not isinstance(group, str) or group not in load_regions():
            raise DataError(
                line.where, f'"members_of" {group!r} is not a region of {_REGIONS_FILE}; add it or fix the id'
            )
        forms = _forms(line, "names", True)
        _no_duplicate_forms(line, forms)
        exact = _subset(line, "exact_case", forms, allow_all=False)
        return [
            GazEntry(rid, f, fold(f), "nickname", "", None, None, True, line.where, False, f in exact, group)
            for f in forms
        ]
    elif "region" in rec:
        _check_keys(line, _REGION_KEYS, ("names",), "region")
        if rec["region"] is not True:
            raise DataError(line.where, '"region" must be true')
        groups, code, sector, place_id = [("region", _forms(line, "names", True))], "", None, None
    else:
        raise DataError(
            line.where,
            'a record needs "ref" (names of a place), "code" (an organisation or institution), '
            '"members_of" (a nickname of a region\'s country) or "region": true; '
            "see data/gazetteer/README.md",
        )
    forms = [f for _, fs in groups for f in fs]
    _no_duplicate_forms(line, forms)
    needs_context = _subset(line, "needs_context", forms, allow_all=True)
    exact = _subset(line, "exact_case", forms, allow_all=False)
    metonym = _bool(line, "metonym", False)
    return [
        GazEntry(
            id=rid,
            text=f,
            norm=fold(f),
            kind=kind,
            code=code,
            sector=sector,
            place_id=place_id if kind != "demonym" else None,
            needs_context=kind == "nickname" or f in needs_context,
            where=line.where,
            metonym=metonym,
            exact_case=f in exact,
        )
        for kind, fs in groups
        for f in fs
    ]


def country_names(lang: str) -> dict[str, str]:
    """Return ISO-3 -> display name in ``lang`` (the first name of its alias record)."""
    _check_lang(lang, ())
    return dict(_country_names(lang))


@cache
def _country_names(lang: str) -> dict[str, str]:
    out = {p.id: p.name for p in _places(()).values() if p.kind == "country"}
    named: set[str] = set()
    for e in _gazetteer(lang, ()):
        if e.kind == "country" and e.code not in named:
            out[e.code] = e.text
            named.add(e.code)
    return out


# --- roles -------------------------------------------------------------------------------------------


def load_roles(lang: str, extra: Sequence[Path | str] = ()) -> tuple[RoleEntry, ...]:
    """Return every title and institution word of ``lang`` with its sectors (primary first)."""
    _check_lang(lang, extra)
    return _roles(lang, _extra_key(extra))[0]


def roles_from_env() -> tuple[str, ...]:
    """Return the user role files named by ``$PACTWATCH_ROLES``; the coder adds them in every language."""
    value = os.environ.get(ROLES_ENV_VAR, "").strip()
    return tuple(p for p in value.split(os.pathsep) if p)


def load_modifiers(lang: str, extra: Sequence[Path | str] = ()) -> tuple[str, ...]:
    """Return the folded words that may precede a title and stay part of it ("deputy", "primer")."""
    _check_lang(lang, extra)
    return _roles(lang, _extra_key(extra))[1]


@cache
def _roles(lang: str, extra: tuple[tuple[str, int], ...]) -> tuple[tuple[RoleEntry, ...], tuple[str, ...]]:
    countries = frozenset(p.id for p in _places(()).values() if p.kind == "country")
    user = [ln for path, _ in extra for ln in _user(path)]
    roles: list[RoleEntry] = []
    modifiers: dict[str, None] = {}
    for line in _merge(_packaged(f"roles/{lang}.jsonl"), user):
        if _is_header(line):
            continue
        if "modifiers" in line.rec:
            _check_keys(line, _MODIFIER_KEYS, ("modifiers",), "modifiers")
            modifiers.update((fold(m), None) for m in _forms(line, "modifiers", True))
            continue
        roles.extend(_role_entries(line, countries))
    return tuple(roles), tuple(modifiers)


def _role_entries(line: _Line, countries: frozenset[str]) -> list[RoleEntry]:
    _check_keys(line, _ROLE_KEYS, ("names", "sectors", "title"), "role")
    names = _forms(line, "names", True)
    _no_duplicate_forms(line, names)
    raw = line.rec["sectors"]
    if not isinstance(raw, list) or not raw:
        raise DataError(
            line.where, '"sectors" must be a non-empty list of PLOVER sector codes, primary first'
        )
    sectors = tuple(s for s in (_sector(line, v) for v in raw) if s is not None)
    if len(sectors) != len(raw) or len(set(sectors)) != len(sectors):
        raise DataError(line.where, '"sectors" must list distinct sector codes, without null')
    code = _code(line, line.rec["code"], countries) if line.rec.get("code") is not None else None
    title = line.rec["title"]
    if not isinstance(title, bool):
        raise DataError(line.where, f'"title" must be true or false, got {title!r}')
    needs_context = _subset(line, "needs_context", names, allow_all=True)
    after_determiner = _subset(line, "after_determiner", names, allow_all=True)
    attributive = _subset(line, "attributive", names, allow_all=True)
    return [
        RoleEntry(
            line.rec["id"],
            f,
            fold(f),
            sectors,
            code,
            title,
            line.where,
            f in needs_context or f in after_determiner,
            f in after_determiner,
            f in attributive,
        )
        for f in names
    ]


# --- version -----------------------------------------------------------------------------------------


@cache
def data_version() -> str:
    """Return a short hash of every packaged data file (README files aside), stable across runs."""
    digest = hashlib.sha256()
    for rel, node in sorted(_walk(_data_root(), ""), key=lambda item: item[0]):
        digest.update(rel.encode("utf-8") + b"\0" + node.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        if child.name.startswith((".", "__")) or child.name.endswith(".md"):
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, rel + "/")
        elif child.is_file():
            yield rel, child
