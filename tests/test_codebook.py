"""Tests for the PLOVER codebook data and its loader."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from pactwatch.codebook import RESOURCE, Codebook, load_codebook, parse_codebook
from pactwatch.errors import DataError
from pactwatch.models import MODALITIES

# (type, quad, base score, recipient required, default CAMEO code, CAMEO roots), in PLOVER order.
TYPES = [
    ("AGREE", 1, 2.5, False, "030", ("03",)),
    ("CONSULT", 1, 2.5, False, "040", ("04",)),
    ("SUPPORT", 1, 5.0, False, "050", ("05",)),
    ("CONCEDE", 1, 4.5, False, "080", ("080", "081", "082", "083")),
    ("COOPERATE", 2, 9.5, True, "060", ("06",)),
    ("AID", 2, 10.0, True, "070", ("07",)),
    ("RETREAT", 2, 6.5, False, "084", ("084", "085", "086", "087")),
    ("REQUEST", 3, 0.0, False, "100", ("10",)),
    ("ACCUSE", 3, -3.0, False, "110", ("09", "11")),
    ("REJECT", 3, -2.0, False, "120", ("12",)),
    ("THREATEN", 3, -3.5, False, "130", ("13",)),
    ("PROTEST", 4, -5.0, False, "140", ("14",)),
    ("SANCTION", 4, -6.0, True, "160", ("16",)),
    ("MOBILIZE", 4, -5.5, False, "150", ("15",)),
    ("COERCE", 4, -7.0, False, "170", ("17",)),
    ("ASSAULT", 4, -9.0, False, "190", ("18", "19", "20")),
]

# (type, mode, PLOVER score or None, representative CAMEO code): every mode of the manual.
MODES = [
    ("CONSULT", "visit", 4.0, "042"),
    ("CONSULT", "third-party", 1.0, "044"),
    ("CONSULT", "multilateral", 4.0, "040"),
    ("CONSULT", "phone", 1.5, "041"),
    ("RETREAT", "withdraw", 8.0, "0872"),
    ("RETREAT", "release", 6.5, "0841"),
    ("RETREAT", "disarm", 10.0, "0873"),
    ("RETREAT", "ceasefire", 7.5, "0871"),
    ("RETREAT", "access", 6.5, "086"),
    ("RETREAT", "resign", 4.5, "0831"),
    ("REQUEST", "assist", 0.5, "103"),
    ("REQUEST", "change", -1.0, "104"),
    ("REQUEST", "yield", -1.0, "105"),
    ("REQUEST", "meet", 0.0, "106"),
    ("ACCUSE", "disapprove", -2.0, "111"),
    ("ACCUSE", "investigate", -3.5, "090"),
    ("ACCUSE", "allege", -3.5, "112"),
    ("REJECT", "assist", -1.5, "122"),
    ("REJECT", "change", -2.0, "123"),
    ("REJECT", "yield", -2.0, "124"),
    ("REJECT", "meet", -2.0, "125"),
    ("THREATEN", "restrict", -3.0, "132"),
    ("THREATEN", "arrest", -3.5, "130"),
    ("THREATEN", "relations", -3.5, "131"),
    ("THREATEN", "expel", -3.5, "136"),
    ("THREATEN", "territory", -4.0, "1382"),
    ("THREATEN", "violence", -3.5, "138"),
    ("PROTEST", "demo", -5.0, "141"),
    ("PROTEST", "riot", -7.0, "145"),
    ("PROTEST", "strike", -5.0, "143"),
    ("PROTEST", "hunger", -4.5, "142"),
    ("PROTEST", "boycott", -4.5, "143"),
    ("PROTEST", "obstruct", -4.5, "144"),
    ("PROTEST", "vandalize", None, "145"),
    ("SANCTION", "convict", -6.0, "160"),
    ("SANCTION", "expel", -5.5, "166"),
    ("SANCTION", "withdraw", -6.0, "161"),
    ("SANCTION", "discontinue", -6.0, "162"),
    ("MOBILIZE", "troops", -6.5, "154"),
    ("MOBILIZE", "weapons", -6.5, "150"),
    ("MOBILIZE", "police", -5.5, "153"),
    ("MOBILIZE", "militia", -6.0, "154"),
    ("COERCE", "seize", -7.0, "1711"),
    ("COERCE", "restrict", -7.0, "172"),
    ("COERCE", "censor", -6.5, "1721"),
    ("COERCE", "curfew", -6.5, "1723"),
    ("COERCE", "martial-law", -7.5, "1724"),
    ("COERCE", "arrest", -7.0, "173"),
    ("COERCE", "deport", -7.0, "174"),
    ("COERCE", "withhold", -7.0, "170"),
    ("COERCE", "misinformation", -6.5, "170"),
    ("COERCE", "cyber", -7.0, "176"),
    ("ASSAULT", "abduct", -8.5, "181"),
    ("ASSAULT", "beat", -7.5, "182"),
    ("ASSAULT", "torture", -8.5, "1822"),
    ("ASSAULT", "sexual", -8.5, "1821"),
    ("ASSAULT", "targeted", -9.5, "186"),
    ("ASSAULT", "destroy", -8.5, "1712"),
    ("ASSAULT", "primitive", -8.0, "180"),
    ("ASSAULT", "firearms", -9.0, "193"),
    ("ASSAULT", "explosives", -9.0, "1833"),
    ("ASSAULT", "suicide-attack", -9.5, "1831"),
    ("ASSAULT", "aerial", -9.5, "195"),
    ("ASSAULT", "drone", -9.5, "1952"),
    ("ASSAULT", "heavy-weapons", -9.5, "194"),
    ("ASSAULT", "crowd-control", -7.5, "175"),
    ("ASSAULT", "unconventional", -10.0, "204"),
]

# Modes whose representative CAMEO code lies outside the type's own CAMEO band, on purpose.
CROSS_BAND = {
    ("RETREAT", "resign"): "CONCEDE",
    ("ASSAULT", "destroy"): "COERCE",
    ("ASSAULT", "crowd-control"): "COERCE",
}

CONTEXTS = (
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security "
    "gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration "
    "disasters natural_resource environment technology terrorism cbrn cyber misinformation crime "
    "corruption illegal_drugs trafficking"
).split()

SECTORS = (
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC"
).split()

NONSTATE = ["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"]

# (root, CAMEO name, Goldstein, Phoenix quad, PLOVER type)
ROOTS = [
    ("01", "Make public statement", 0.0, 0, None),
    ("02", "Appeal", 3.0, 0, None),
    ("03", "Express intent to cooperate", 4.0, 1, "AGREE"),
    ("04", "Consult", 1.0, 1, "CONSULT"),
    ("05", "Engage in diplomatic cooperation", 3.5, 1, "SUPPORT"),
    ("06", "Engage in material cooperation", 6.0, 2, "COOPERATE"),
    ("07", "Provide aid", 7.0, 2, "AID"),
    ("08", "Yield", 5.0, 2, "CONCEDE"),
    ("09", "Investigate", -2.0, 3, "ACCUSE"),
    ("10", "Demand", -5.0, 3, "REQUEST"),
    ("11", "Disapprove", -2.0, 3, "ACCUSE"),
    ("12", "Reject", -4.0, 3, "REJECT"),
    ("13", "Threaten", -6.0, 3, "THREATEN"),
    ("14", "Protest", -6.5, 4, "PROTEST"),
    ("15", "Exhibit force posture", -7.2, 4, "MOBILIZE"),
    ("16", "Reduce relations", -4.0, 3, "SANCTION"),
    ("17", "Coerce", -7.0, 4, "COERCE"),
    ("18", "Assault", -9.0, 4, "ASSAULT"),
    ("19", "Fight", -10.0, 4, "ASSAULT"),
    ("20", "Use unconventional mass violence", -10.0, 4, "ASSAULT"),
]


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook()


def packaged_document() -> dict[str, Any]:
    text = resources.files("pactwatch").joinpath(RESOURCE).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def test_types_in_plover_order(cb: Codebook) -> None:
    assert list(cb.types) == [row[0] for row in TYPES]


@pytest.mark.parametrize(("name", "quad", "base", "recipient", "default_cameo", "roots"), TYPES)
def test_type_facts(
    cb: Codebook,
    name: str,
    quad: int,
    base: float,
    recipient: bool,
    default_cameo: str,
    roots: tuple[str, ...],
) -> None:
    event_type = cb.types[name]
    assert (event_type.quad, event_type.base_score, event_type.recipient_required) == (quad, base, recipient)
    assert cb.quad(name) == quad
    assert cb.score(name) == base
    assert event_type.cameo_roots == roots
    assert cb.cameo(name) == default_cameo
    assert cb.type_of_cameo(default_cameo) == name
    assert event_type.definition.strip()


@pytest.mark.parametrize("name", [row[0] for row in TYPES])
def test_type_has_exactly_the_listed_modes(cb: Codebook, name: str) -> None:
    assert [m.name for m in cb.types[name].modes] == [row[1] for row in MODES if row[0] == name]


@pytest.mark.parametrize(("type_name", "mode", "score", "cameo"), MODES)
def test_mode_facts(cb: Codebook, type_name: str, mode: str, score: float | None, cameo: str) -> None:
    found = cb.types[type_name].mode(mode)
    assert found is not None
    assert found.score == score
    assert found.definition.strip()
    assert cb.is_mode(type_name, mode)
    assert cb.cameo(type_name, mode) == cameo
    expected_score = cb.types[type_name].base_score if score is None else score
    assert cb.score(type_name, mode) == expected_score


@pytest.mark.parametrize(("type_name", "mode", "score", "cameo"), MODES)
def test_mode_cameo_code_falls_in_its_type_band(
    cb: Codebook, type_name: str, mode: str, score: float | None, cameo: str
) -> None:
    found = cb.types[type_name].mode(mode)
    assert found is not None
    if (type_name, mode) in CROSS_BAND:
        assert cb.type_of_cameo(cameo) == CROSS_BAND[type_name, mode]
        assert found.cameo_note, "a code outside the type's band must say why"
    else:
        assert cameo.startswith(cb.types[type_name].cameo_roots)
        assert cb.type_of_cameo(cameo) == type_name


def test_vandalize_has_no_score_and_falls_back_to_base(cb: Codebook) -> None:
    assert cb.types["PROTEST"].mode("vandalize") is not None
    assert cb.score("PROTEST", "vandalize") == -5.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cb: cb.score("FIGHT"), "unknown PLOVER event type 'FIGHT'"),
        (lambda cb: cb.score("CONSULT", "host"), "CONSULT has no mode 'host'"),
        (lambda cb: cb.quad("DEMAND"), "unknown PLOVER event type 'DEMAND'"),
        (lambda cb: cb.cameo("AGREE", "visit"), "AGREE has no mode 'visit'"),
    ],
)
def test_unknown_type_or_mode_raises(cb: Codebook, call: Callable[[Codebook], object], message: str) -> None:
    with pytest.raises(KeyError, match=message):
        call(cb)


@pytest.mark.parametrize(
    ("type_name", "mode", "expected"),
    [
        ("CONSULT", "visit", True),
        ("REQUEST", "visit", False),
        ("NOPE", "visit", False),
        ("ASSAULT", "Aerial", False),
    ],
)
def test_is_mode(cb: Codebook, type_name: str, mode: str, expected: bool) -> None:
    assert cb.is_mode(type_name, mode) is expected


def test_is_type(cb: Codebook) -> None:
    assert cb.is_type("ASSAULT")
    assert not cb.is_type("FIGHT")
    assert not cb.is_type("assault")


def test_contexts(cb: Codebook) -> None:
    assert len(CONTEXTS) == 37
    assert list(cb.contexts) == CONTEXTS
    assert all(cb.is_context(c) and cb.contexts[c].strip() for c in CONTEXTS)
    assert not cb.is_context("Military")


def test_sectors(cb: Codebook) -> None:
    assert len(SECTORS) == 25
    assert list(cb.sectors) == SECTORS
    assert all(cb.is_sector(s) for s in SECTORS)
    assert "health" in cb.sectors["MED"].lower()
    assert "journalist" in cb.sectors["JRN"].lower()
    assert not cb.is_sector("IGO")


def test_nonstate_codes(cb: Codebook) -> None:
    assert list(cb.nonstate) == NONSTATE


def test_modalities_match_the_event_model(cb: Codebook) -> None:
    assert tuple(cb.modalities) == ("factual", "negated", "hypothetical", "question", "future", "historical")
    assert tuple(cb.modalities) == MODALITIES


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("CUB", True),
        ("BLR", True),
        ("KOS", True),
        ("IGO", True),
        ("MNC", True),
        ("GOV", False),
        ("MED", False),
        ("cub", False),
        ("CU", False),
        ("CUBA", False),
        ("---", False),
        ("", False),
    ],
)
def test_is_actor_code(cb: Codebook, code: str, expected: bool) -> None:
    assert cb.is_actor_code(code) is expected


@pytest.mark.parametrize(("root", "name", "goldstein", "quad", "plover"), ROOTS)
def test_cameo_roots(
    cb: Codebook, root: str, name: str, goldstein: float, quad: int, plover: str | None
) -> None:
    entry = cb.cameo_roots[root]
    assert (entry.name, entry.goldstein, entry.quad, entry.plover) == (name, goldstein, quad, plover)
    assert cb.goldstein(root + "9") == goldstein


def test_all_twenty_cameo_roots_in_order(cb: Codebook) -> None:
    assert list(cb.cameo_roots) == [row[0] for row in ROOTS]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("042", 1.9),
        ("043", 2.8),
        ("044", 1.0),
        ("130", -4.4),
        ("131", -6.0),
        ("0872", 5.0),
        ("1712", -7.0),
        ("204", -10.0),
        ("010", 0.0),
        ("219", None),
        ("000", None),
        ("4", None),
        ("04x", None),
        ("", None),
    ],
)
def test_goldstein(cb: Codebook, code: str, expected: float | None) -> None:
    assert cb.goldstein(code) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("010", None),
        ("020", None),
        ("036", "AGREE"),
        ("080", "CONCEDE"),
        ("0831", "CONCEDE"),
        ("0841", "RETREAT"),
        ("087", "RETREAT"),
        ("091", "ACCUSE"),
        ("1125", "ACCUSE"),
        ("175", "COERCE"),
        ("202", "ASSAULT"),
        ("21", None),
        ("abc", None),
    ],
)
def test_type_of_cameo(cb: Codebook, code: str, expected: str | None) -> None:
    assert cb.type_of_cameo(code) == expected


def test_every_representative_code_has_a_goldstein_value(cb: Codebook) -> None:
    defaults = [t.default_cameo for t in cb.types.values()]
    codes = defaults + [m.cameo for t in cb.types.values() for m in t.modes]
    assert [c for c in codes if cb.goldstein(c) is None] == []


def test_load_is_cached_and_matches_parse(cb: Codebook) -> None:
    assert load_codebook() is cb
    text = json.dumps(packaged_document())
    assert parse_codebook(text, "copy.json") == cb
    assert cb.version.startswith("plover-2024")
    assert any("5e0c24f" in s for s in cb.sources)
    assert cb.quad_convention == "phoenix"


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


def _delete(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return apply


def _duplicate_type(doc: dict[str, Any]) -> None:
    doc["types"].append(copy.deepcopy(doc["types"][0]))


def _duplicate_mode(doc: dict[str, Any]) -> None:
    doc["types"][1]["modes"].append(copy.deepcopy(doc["types"][1]["modes"][0]))


BAD_DOCUMENTS = [
    (_set(("types", 1, "modes", 0, "score"), "high"), "$.types[1].modes[0].score", "expected a number"),
    (_set(("types", 1, "modes", 0, "score"), 40), "$.types[1].modes[0].score", "outside the range"),
    (_duplicate_type, "$.types[16].name", "duplicate event type 'AGREE'"),
    (_duplicate_mode, "$.types[1].modes[4].name", "duplicate mode 'visit' in CONSULT"),
    (_set(("types", 0, "quad"), 5), "$.types[0].quad", "unknown value 5"),
    (_set(("types", 0, "quad"), True), "$.types[0].quad", "expected an integer"),
    (
        _set(("types", 0, "recipient_required"), "no"),
        "$.types[0].recipient_required",
        "expected true or false",
    ),
    (_set(("types", 2, "name"), "Support"), "$.types[2].name", "bad type name"),
    (_delete(("types", 3, "definition")), "$.types[3]", "missing required key 'definition'"),
    (_set(("types", 1, "modes", 0, "cameo"), 42), "$.types[1].modes[0].cameo", "expected a non-empty string"),
    (_set(("types", 1, "modes", 0, "cameo"), "2104"), "$.types[1].modes[0].cameo", "is not a CAMEO code"),
    (_set(("types", 1, "modes", 3, "cameo"), "051"), "$.types[1].modes[3].cameo", "add a cameo_note"),
    (
        _set(("types", 1, "default_cameo"), "050"),
        "$.types[1].default_cameo",
        "outside the type's CAMEO roots",
    ),
    (_set(("types", 1, "modes", 1, "name"), "Third party"), "$.types[1].modes[1].name", "bad mode name"),
    (_set(("types", 3, "cameo_roots"), ["08"]), "$.types[6].cameo_roots[0]", "overlaps '08'"),
    (_set(("types", 3, "cameo_roots"), []), "$.types[3].cameo_roots", "at least one CAMEO root"),
    (
        _set(("cameo_roots", "19", "plover"), "FIGHT"),
        "$.cameo_roots.19.plover",
        "'FIGHT' is not an event type",
    ),
    (_set(("cameo_roots", "14", "quad"), 7), "$.cameo_roots.14.quad", "unknown value 7"),
    (_delete(("cameo_roots", "20")), "$.cameo_roots", "missing CAMEO roots 20"),
    (_set(("cameo_goldstein", "42"), 1.9), "$.cameo_goldstein.42", "is not a CAMEO code"),
    (_set(("contexts", "Economic"), "Money."), "$.contexts.Economic", "bad name"),
    (_set(("sectors", "MED"), ""), "$.sectors.MED", "expected a non-empty string"),
    (_set(("modalities", "future", "source"), "ngec"), "$.modalities.future.source", "unknown source"),
    (_set(("types",), {}), "$.types", "expected an array"),
    (_delete(("version",)), "$", "missing required key 'version'"),
]


@pytest.mark.parametrize(("mutate", "path", "message"), BAD_DOCUMENTS)
def test_invalid_document_names_file_and_path(
    mutate: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    doc = packaged_document()
    mutate(doc)
    with pytest.raises(DataError) as info:
        parse_codebook(json.dumps(doc), "bad.json")
    assert info.value.where == f"bad.json:{path}"
    assert message in str(info.value)


def test_duplicate_json_key_is_an_error() -> None:
    text = json.dumps(packaged_document()).replace('"sectors": {', '"sectors": {"GOV": "Twice.", ', 1)
    with pytest.raises(DataError, match=r"bad\.json:\$\.sectors: duplicate key 'GOV'"):
        parse_codebook(text, "bad.json")


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(DataError) as info:
        parse_codebook('{\n  "version": }', "bad.json")
    assert info.value.where == "bad.json:2:14"
    assert "not valid JSON" in str(info.value)
