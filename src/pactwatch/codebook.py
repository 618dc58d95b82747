"""Load the PLOVER codebook: event types, modes, contexts, actor codes and the CAMEO crosswalk.

The facts live in ``data/codebook/plover.json``. This module reads that file, validates it and answers
questions about it. Each validation error names the file and the JSON path of the bad entry.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import NoReturn

from pactwatch.errors import DataError

__all__ = [
    "CameoRoot",
    "Codebook",
    "EventType",
    "Mode",
    "load_codebook",
    "parse_codebook",
]

RESOURCE = "data/codebook/plover.json"

_TYPE_NAME = re.compile(r"[A-Z]+")
_MODE_NAME = re.compile(r"[a-z]+(?:-[a-z]+)*")
_CONTEXT_NAME = re.compile(r"[a-z]+(?:_[a-z]+)*")
_CODE3 = re.compile(r"[A-Z]{3}")
_CAMEO_CODE = re.compile(r"\d{3,4}")
_CAMEO_PREFIX = re.compile(r"\d{2,3}")
_CAMEO_ROOTS = frozenset(f"{n:02d}" for n in range(1, 21))


@dataclass(frozen=True, slots=True)
class Mode:
    """A PLOVER mode: a subtype of one event type, with its own score and representative CAMEO code."""

    name: str
    score: float | None
    definition: str
    cameo: str
    cameo_note: str | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    """One of the 16 PLOVER event types."""

    name: str
    quad: int
    base_score: float
    recipient_required: bool
    definition: str
    cameo_roots: tuple[str, ...]
    modes: tuple[Mode, ...]
    default_cameo: str
    notes: str | None = None

    def mode(self, name: str) -> Mode | None:
        """Return the mode called ``name``, or None when this type has no such mode."""
        for mode in self.modes:
            if mode.name == name:
                return mode
        return None


@dataclass(frozen=True, slots=True)
class CameoRoot:
    """A two-digit CAMEO root with its Goldstein value, Phoenix quad and PLOVER type."""

    code: str
    name: str
    goldstein: float
    quad: int
    plover: str | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Codebook:
    """The PLOVER codebook as pactwatch uses it."""

    version: str
    sources: tuple[str, ...]
    quad_convention: str
    types: dict[str, EventType]
    contexts: dict[str, str]
    modalities: dict[str, str]
    sectors: dict[str, str]
    nonstate: dict[str, str]
    cameo_roots: dict[str, CameoRoot]
    cameo_goldstein: dict[str, float]

    def event_type(self, name: str) -> EventType:
        """Return the event type called ``name``; raise KeyError for a name PLOVER does not have."""
        try:
            return self.types[name]
        except KeyError:
            raise KeyError(f"unknown PLOVER event type {name!r}") from None

    def _mode(self, type_name: str, mode: str) -> Mode:
        found = self.event_type(type_name).mode(mode)
        if found is None:
            raise KeyError(f"{type_name} has no mode {mode!r}")
        return found

    def score(self, type_name: str, mode: str | None = None) -> float:
        """Return the PLOVER score: the mode's score when it has one, otherwise the type's base score.

        Raise KeyError for an unknown type, or for a mode that the type does not have.
        """
        if mode is not None:
            mode_score = self._mode(type_name, mode).score
            if mode_score is not None:
                return mode_score
        return self.event_type(type_name).base_score

    def quad(self, type_name: str) -> int:
        """Return the PLOVER quad (1-4) of an event type."""
        return self.event_type(type_name).quad

    def cameo(self, type_name: str, mode: str | None = None) -> str:
        """Return the representative CAMEO code for a type, or for one of its modes."""
        if mode is not None:
            return self._mode(type_name, mode).cameo
        return self.event_type(type_name).default_cameo

    def goldstein(self, cameo_code: str) -> float | None:
        """Return a CAMEO code's Goldstein value: its own if listed, else its root's; None if unknown."""
        if cameo_code in self.cameo_goldstein:
            return self.cameo_goldstein[cameo_code]
        root = self.cameo_roots.get(cameo_code[:2]) if _CAMEO_CODE.fullmatch(cameo_code) else None
        return root.goldstein if root is not None else None

    def type_of_cameo(self, cameo_code: str) -> str | None:
        """Return the PLOVER type of a CAMEO code's root band; None for roots 01-02 and bad codes."""
        if not _CAMEO_CODE.fullmatch(cameo_code):
            return None
        for event_type in self.types.values():
            if any(cameo_code.startswith(prefix) for prefix in event_type.cameo_roots):
                return event_type.name
        return None

    def is_type(self, name: str) -> bool:
        """Return whether ``name`` is a PLOVER event type."""
        return name in self.types

    def is_mode(self, type_name: str, mode: str) -> bool:
        """Return whether ``mode`` is a mode of event type ``type_name``."""
        event_type = self.types.get(type_name)
        return event_type is not None and event_type.mode(mode) is not None

    def is_context(self, name: str) -> bool:
        """Return whether ``name`` is a PLOVER context."""
        return name in self.contexts

    def is_sector(self, code: str) -> bool:
        """Return whether ``code`` is a PLOVER sector code."""
        return code in self.sectors

    def is_actor_code(self, code: str) -> bool:
        """Return whether ``code`` can fill an actor's code slot: a non-state code or an ISO-3 country code.

        Sector codes are refused: none of them is a country, and one in this slot means fields were swapped.
        """
        if code in self.nonstate:
            return True
        return bool(_CODE3.fullmatch(code)) and code not in self.sectors


@functools.cache
def load_codebook() -> Codebook:
    """Return the packaged PLOVER codebook; read and validate it once per process."""
    text = resources.files("pactwatch").joinpath(RESOURCE).read_text(encoding="utf-8")
    return parse_codebook(text, f"pactwatch/{RESOURCE}")


def parse_codebook(text: str, where: str = "<codebook>") -> Codebook:
    """Parse and validate a codebook document; raise DataError naming ``where`` and the bad entry's path."""
    try:
        document = json.loads(text, object_pairs_hook=_JsonObject.from_pairs)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}") from None
    return _Reader(where).codebook(document)


class _JsonObject(dict[str, object]):
    """A JSON object that remembers keys written twice, which json.loads would otherwise drop silently."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, object]]) -> _JsonObject:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            dups: list[str] = []
            for key, _ in pairs:
                if key in seen:
                    dups.append(key)
                seen.add(key)
            obj.duplicates = tuple(dups)
        return obj


class _Reader:
    """Walk a parsed document, building records and failing with the JSON path of the first bad entry."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, path: str, message: str) -> NoReturn:
        raise DataError(f"{self.where}:{path}", message)

    # Generic value checks.

    def obj(self, value: object, path: str) -> dict[str, object]:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {_kind(value)}")
        if isinstance(value, _JsonObject) and value.duplicates:
            self.fail(path, f"duplicate key {value.duplicates[0]!r}")
        return value

    def field(self, obj: dict[str, object], key: str, path: str) -> object:
        if key not in obj:
            self.fail(path, f"missing required key {key!r}")
        return obj[key]

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"expected a non-empty string, got {_kind(value)}")
        return value

    def opt_text(self, obj: dict[str, object], key: str, path: str) -> str | None:
        value = obj.get(key)
        return None if value is None else self.text(value, f"{path}.{key}")

    def number(self, value: object, path: str, low: float = -10.0, high: float = 10.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(path, f"expected a number, got {_kind(value)}")
        if not low <= value <= high:
            self.fail(path, f"{value} is outside the range {low:g}..{high:g}")
        return float(value)

    def integer(self, value: object, path: str, allowed: range) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected an integer, got {_kind(value)}")
        if value not in allowed:
            self.fail(path, f"unknown value {value}; expected {allowed.start}..{allowed.stop - 1}")
        return value

    def boolean(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {_kind(value)}")
        return value

    def array(self, value: object, path: str) -> list[object]:
        if not isinstance(value, list):
            self.fail(path, f"expected an array, got {_kind(value)}")
        return value

    def cameo_code(self, value: object, path: str) -> str:
        code = self.text(value, path)
        if not _CAMEO_CODE.fullmatch(code) or code[:2] not in _CAMEO_ROOTS:
            self.fail(path, f"{code!r} is not a CAMEO code (3 or 4 digits as a string, root 01-20)")
        return code

    def string_table(self, value: object, path: str, key_pattern: re.Pattern[str]) -> dict[str, str]:
        table = self.obj(value, path)
        out: dict[str, str] = {}
        for key, item in table.items():
            if not key_pattern.fullmatch(key):
                self.fail(f"{path}.{key}", f"bad name {key!r}; expected the pattern {key_pattern.pattern}")
            out[key] = self.text(item, f"{path}.{key}")
        return out

    # The document's sections.

    def codebook(self, document: object) -> Codebook:
        doc = self.obj(document, "$")
        sources = self.array(self.field(doc, "sources", "$"), "$.sources")
        types = self.event_types(self.field(doc, "types", "$"), "$.types")
        roots = self.roots(self.field(doc, "cameo_roots", "$"), "$.cameo_roots", types)
        convention = self.obj(self.field(doc, "quad_convention", "$"), "$.quad_convention")
        return Codebook(
            version=self.text(self.field(doc, "version", "$"), "$.version"),
            sources=tuple(self.text(s, f"$.sources[{i}]") for i, s in enumerate(sources)),
            quad_convention=self.text(
                self.field(convention, "name", "$.quad_convention"), "$.quad_convention.name"
            ),
            types=types,
            contexts=self.string_table(self.field(doc, "contexts", "$"), "$.contexts", _CONTEXT_NAME),
            modalities=self.modalities(self.field(doc, "modalities", "$"), "$.modalities"),
            sectors=self.string_table(self.field(doc, "sectors", "$"), "$.sectors", _CODE3),
            nonstate=self.string_table(self.field(doc, "nonstate_codes", "$"), "$.nonstate_codes", _CODE3),
            cameo_roots=roots,
            cameo_goldstein=self.goldstein_overrides(doc.get("cameo_goldstein", {}), "$.cameo_goldstein"),
        )

    def event_types(self, value: object, path: str) -> dict[str, EventType]:
        types: dict[str, EventType] = {}
        owner: dict[str, str] = {}
        for i, item in enumerate(self.array(value, path)):
            event_type = self.event_type(item, f"{path}[{i}]")
            if event_type.name in types:
                self.fail(f"{path}[{i}].name", f"duplicate event type {event_type.name!r}")
            for j, prefix in enumerate(event_type.cameo_roots):
                for other_prefix, other in owner.items():
                    if prefix.startswith(other_prefix) or other_prefix.startswith(prefix):
                        self.fail(
                            f"{path}[{i}].cameo_roots[{j}]",
                            f"CAMEO prefix {prefix!r} overlaps {other_prefix!r}, which belongs to {other}",
                        )
                owner[prefix] = event_type.name
            types[event_type.name] = event_type
        if not types:
            self.fail(path, "no event types")
        return types

    def event_type(self, value: object, path: str) -> EventType:
        obj = self.obj(value, path)
        name = self.text(self.field(obj, "name", path), f"{path}.name")
        if not _TYPE_NAME.fullmatch(name):
            self.fail(f"{path}.name", f"bad type name {name!r}; expected upper-case letters")
        prefixes = self.array(self.field(obj, "cameo_roots", path), f"{path}.cameo_roots")
        if not prefixes:
            self.fail(f"{path}.cameo_roots", "expected at least one CAMEO root")
        roots = tuple(self.cameo_prefix(p, f"{path}.cameo_roots[{i}]") for i, p in enumerate(prefixes))
        default_cameo = self.cameo_code(self.field(obj, "default_cameo", path), f"{path}.default_cameo")
        if not default_cameo.startswith(roots):
            self.fail(f"{path}.default_cameo", f"{default_cameo!r} is outside the type's CAMEO roots {roots}")
        modes: list[Mode] = []
        for i, item in enumerate(self.array(self.field(obj, "modes", path), f"{path}.modes")):
            mode = self.mode(item, f"{path}.modes[{i}]", roots)
            if any(m.name == mode.name for m in modes):
                self.fail(f"{path}.modes[{i}].name", f"duplicate mode {mode.name!r} in {name}")
            modes.append(mode)
        return EventType(
            name=name,
            quad=self.integer(self.field(obj, "quad", path), f"{path}.quad", range(1, 5)),
            base_score=self.number(self.field(obj, "base_score", path), f"{path}.base_score"),
            recipient_required=self.boolean(
                self.field(obj, "recipient_required", path), f"{path}.recipient_required"
            ),
            definition=self.text(self.field(obj, "definition", path), f"{path}.definition"),
            cameo_roots=roots,
            modes=tuple(modes),
            default_cameo=default_cameo,
            notes=self.opt_text(obj, "notes", path),
        )

    def cameo_prefix(self, value: object, path: str) -> str:
        prefix = self.text(value, path)
        if not _CAMEO_PREFIX.fullmatch(prefix) or prefix[:2] not in _CAMEO_ROOTS:
            self.fail(path, f"{prefix!r} is not a CAMEO root or 3-digit code (e.g. '04', '084')")
        return prefix

    def mode(self, value: object, path: str, roots: tuple[str, ...]) -> Mode:
        obj = self.obj(value, path)
        name = self.text(self.field(obj, "name", path), f"{path}.name")
        if not _MODE_NAME.fullmatch(name):
            self.fail(f"{path}.name", f"bad mode name {name!r}; expected lower-case words joined by '-'")
        raw_score = self.field(obj, "score", path)
        cameo = self.cameo_code(self.field(obj, "cameo", path), f"{path}.cameo")
        note = self.opt_text(obj, "cameo_note", path)
        if not cameo.startswith(roots) and note is None:
            self.fail(
                f"{path}.cameo", f"{cameo!r} is outside the type's CAMEO roots {roots}; add a cameo_note"
            )
        return Mode(
            name=name,
            score=None if raw_score is None else self.number(raw_score, f"{path}.score"),
            definition=self.text(self.field(obj, "definition", path), f"{path}.definition"),
            cameo=cameo,
            cameo_note=note,
        )

    def modalities(self, value: object, path: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, item in self.obj(value, path).items():
            if not _CONTEXT_NAME.fullmatch(key):
                self.fail(f"{path}.{key}", f"bad modality name {key!r}")
            entry = self.obj(item, f"{path}.{key}")
            source = self.text(self.field(entry, "source", f"{path}.{key}"), f"{path}.{key}.source")
            if source not in ("plover", "pactwatch"):
                self.fail(f"{path}.{key}.source", f"unknown source {source!r}; expected plover or pactwatch")
            out[key] = self.text(self.field(entry, "definition", f"{path}.{key}"), f"{path}.{key}.definition")
        return out

    def roots(self, value: object, path: str, types: dict[str, EventType]) -> dict[str, CameoRoot]:
        out: dict[str, CameoRoot] = {}
        for code, item in self.obj(value, path).items():
            where = f"{path}.{code}"
            if code not in _CAMEO_ROOTS:
                self.fail(where, f"{code!r} is not a CAMEO root (01-20)")
            entry = self.obj(item, where)
            plover = entry.get("plover")
            if plover is not None and (not isinstance(plover, str) or plover not in types):
                self.fail(f"{where}.plover", f"{plover!r} is not an event type of this codebook")
            out[code] = CameoRoot(
                code=code,
                name=self.text(self.field(entry, "name", where), f"{where}.name"),
                goldstein=self.number(self.field(entry, "goldstein", where), f"{where}.goldstein"),
                quad=self.integer(self.field(entry, "quad", where), f"{where}.quad", range(0, 5)),
                plover=plover,
                note=self.opt_text(entry, "note", where),
            )
        missing = sorted(_CAMEO_ROOTS - out.keys())
        if missing:
            self.fail(path, f"missing CAMEO roots {', '.join(missing)}")
        return dict(sorted(out.items()))

    def goldstein_overrides(self, value: object, path: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for code, item in self.obj(value, path).items():
            out[self.cameo_code(code, f"{path}.{code}")] = self.number(item, f"{path}.{code}")
        return out


def _kind(value: object) -> str:
    """Name a JSON value's kind for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
