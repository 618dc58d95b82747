"""Tests for score.py: CAMEO code parsing, matched-event field checks, report formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pactwatch.cli import main
from pactwatch.errors import InputError
from pactwatch.score import FIELDS, format_report, label_space, parse_code, score_files, score_records


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("CUBGOV", "CUB", "GOV"),
        ("JAP", "JPN", None),
        ("JAPGOV", "JPN", "GOV"),
        ("ROM", "ROU", None),
        ("UASMIL", "USA", "MIL"),
        ("COLREB", "COL", "REB"),
        ("IGOREL", "IGO", "REL"),
        ("~PTY", None, "PTY"),
        ("---CVL", None, "CVL"),
        ("---CVLEDU", None, "CVL"),
        ("COLPTYGOV", "COL", "PTY"),
        ("GOVENV", None, "GOV"),
        ("USA", "USA", None),
        ("---", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_parse_code(code: str | None, country: str | None, sector: str | None) -> None:
    assert parse_code(code) == (country, sector)


_VISIT = {
    "id": "t:1",
    "lang": "en",
    "text": "Cuban Foreign Minister Bruno Rodriguez visited Minsk on Tuesday.",
    "date": "2026-05-14",
    "events": [
        {
            "type": "CONSULT",
            "mode": "visit",
            "source": {"text": "Cuban Foreign Minister", "code": "CUBGOV"},
            "target": {"text": "Minsk", "code": "BLR"},
            "modality": "factual",
            "event_date": "2026-05-12",
            "date_precision": "day",
            "location": {"place": "Minsk", "country_code": "BLR"},
        }
    ],
}


def test_matched_fields_are_checked_against_real_coding() -> None:
    report = score_records("t", [_VISIT])
    assert report.type.tp == 1 and report.type.fp == 0
    assert report.matched == 1
    got = {k: (r.correct, r.total) for k, r in report.fields.items()}
    assert got["actor_country"] == (1, 1)
    assert got["actor_sector"] == (1, 1)
    assert got["recipient_country"] == (1, 1)
    assert got["recipient_sector"] == (0, 0)  # the gold code BLR names no sector
    assert got["date"] == (1, 1)
    assert got["date_precision"] == (1, 1)
    assert got["place_country"] == (1, 1)
    assert got["modality"] == (1, 1)


def test_wrong_gold_fields_count_as_errors() -> None:
    wrong = json.loads(json.dumps(_VISIT))
    ev = wrong["events"][0]
    ev["source"]["code"] = "JAPMIL"
    ev["event_date"] = "2026-05-01"
    ev["location"] = None
    report = score_records("t", [wrong])
    assert report.fields["actor_country"].correct == 0
    assert report.fields["actor_sector"].correct == 0
    assert report.fields["date"].correct == 0
    assert report.fields["place"].correct == 0
    assert report.dyad.tp == 0 and report.dyad.fn == 1


def test_old_cameo_code_matches_iso_dyad() -> None:
    record = {
        "id": "t:2",
        "lang": "en",
        "text": "Japan accused China of violating its airspace.",
        "date": "2026-05-14",
        "events": [{"type": "ACCUSE", "source": {"code": "JAP"}, "target": {"code": "CHN"}}],
    }
    report = score_records("t", [record])
    assert report.dyad.tp == 1, format_report(report)


def test_negated_gold_coded_as_fact_is_counted() -> None:
    record = {
        "id": "t:3",
        "lang": "en",
        "text": "Russia attacked Ukraine.",
        "date": "2026-05-14",
        "events": [
            {"type": "ASSAULT", "source": {"code": "RUS"}, "target": {"code": "UKR"}, "modality": "negated"}
        ],
    }
    assert score_records("t", [record]).speculative_as_fact == 1


def test_text_and_json_reports(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_VISIT) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["matched_events"] == 1
    assert set(data["accuracy"]) == set(FIELDS)
    assert data["accuracy"]["actor_country"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    text = CliRunner().invoke(main, ["score", str(gold)])
    assert text.exit_code == 0
    assert "a.cty" in text.output and "accuracy on matched events" in text.output


def test_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text(json.dumps(_VISIT) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        score_files([gold])


def _single(text: str, label: str, etype: str | None) -> dict[str, object]:
    return {
        "id": f"s:{label}",
        "lang": "en",
        "text": text,
        "date": None,
        "events": [{"type": etype, "source": {"code": None}, "target": {"code": None}}],
        "case_label": label,
    }


_SINGLE_LABEL = [
    _single("Police arrested three men in the port city on Tuesday.", "ARREST", "COERCE"),
    # the meeting is coded too, but CONSULT is outside the file's label space
    _single(
        "Thousands of students marched through the capital, and the minister met union leaders.",
        "PEACE_PROTEST",
        "PROTEST",
    ),
    # a label with no PLOVER type stays in as a negative: the ASSAULT we code here is a false positive
    _single("Gunmen killed two shopkeepers in a market robbery.", "ORG_CRIME", None),
]


def test_label_space_is_the_types_of_a_single_label_file() -> None:
    assert label_space(_SINGLE_LABEL) == {"COERCE", "PROTEST"}
    assert label_space([_VISIT]) is None  # no 'case_label': all 16 types
    assert label_space([_VISIT, *_SINGLE_LABEL]) is None  # only when every record carries one


def test_single_label_file_is_scored_over_its_label_space() -> None:
    space = label_space(_SINGLE_LABEL)
    report = score_records("s", _SINGLE_LABEL, space=space)
    assert (report.type.tp, report.type.fp, report.type.fn) == (2, 0, 0), format_report(report)
    assert set(report.by_type) == {"COERCE", "PROTEST"}
    everything = score_records("s", _SINGLE_LABEL)
    assert (everything.type.tp, everything.type.fp) == (2, 2)  # the CONSULT and the ASSAULT
    assert "CONSULT" in everything.by_type


def test_null_label_records_stay_negatives() -> None:
    records = [
        *_SINGLE_LABEL,
        _single("Gunmen shot dead a police officer at a checkpoint.", "ATTACK", "ASSAULT"),
    ]
    report = score_records("s", records, space=label_space(records))
    assert report.by_type["ASSAULT"].tp == 1
    assert report.by_type["ASSAULT"].fp == 1  # the robbery, whose label maps to no type


def test_reports_name_the_label_space(tmp_path: Path) -> None:
    gold = tmp_path / "single.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in _SINGLE_LABEL), encoding="utf-8")
    plain = tmp_path / "gold.jsonl"
    plain.write_text(json.dumps(_VISIT) + "\n", encoding="utf-8")
    text = CliRunner().invoke(main, ["score", str(gold), str(plain)])
    assert text.exit_code == 0, text.output
    assert "label space of single.jsonl: only COERCE, PROTEST" in text.output
    assert "label space of the other files: all 16 PLOVER types" in text.output
    data = json.loads(CliRunner().invoke(main, ["score", str(gold), str(plain), "--format", "json"]).output)
    assert [p["label_space"] for p in data["parts"]] == [["COERCE", "PROTEST"], "all"]
    assert data["parts"][0]["type"]["fp"] == 0
    wide = json.loads(
        CliRunner().invoke(main, ["score", str(gold), "--all-types", "--format", "json"]).output
    )
    assert wide["parts"][0]["label_space"] == "all"
    assert wide["parts"][0]["type"]["fp"] == 2


def _un_record(code: str) -> dict[str, object]:
    return {
        "id": "t:un",
        "lang": "en",
        "text": "The United Nations condemned Myanmar for the attacks on Rohingya villages.",
        "date": "2026-05-14",
        "events": [{"type": "ACCUSE", "source": {"code": code}, "target": {"code": "MMR"}}],
    }


def test_a_file_in_igo_notation_scores_our_uno_as_igo(tmp_path: Path) -> None:
    cameo = score_records("cameo", [_un_record("IGO")])
    assert cameo.igo_notation and cameo.dyad.tp == 1, format_report(cameo)
    assert cameo.fields["actor_country"].correct == 1
    ours = score_records("ours", [_un_record("UNO")])
    assert not ours.igo_notation and ours.dyad.tp == 1
    # a file that uses UNO keeps IGO apart: the UN is not matched by a gold IGO there
    mixed = score_records("mixed", [_un_record("UNO"), {**_un_record("IGO"), "id": "t:un2"}])
    assert not mixed.igo_notation and mixed.dyad.tp == 1 and mixed.dyad.fn == 1
    gold = tmp_path / "cameo.jsonl"
    gold.write_text(json.dumps(_un_record("IGO")) + "\n", encoding="utf-8")
    text = CliRunner().invoke(main, ["score", str(gold)])
    assert "actor codes of cameo.jsonl: IGO for every intergovernmental organisation" in text.output
