"""User actor dictionaries and the PETRARCH/TABARI importer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pactwatch.actors import DocContext, actor_finder, resolve_sentence
from pactwatch.dictionaries import cameo_code, import_petrarch, load_actor_dictionary
from pactwatch.errors import DataError
from pactwatch.models import Article
from pactwatch.sentences import make_doc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CUBGOV", ("CUB", "GOV")),
        ("JAP", ("JPN", None)),
        ("COLREB", ("COL", "REB")),
        ("IGOUNO", ("UNO", None)),
        ("USAMED", ("USA", "JRN")),
        ("~MIL", ("---", "MIL")),
        ("---CVL", ("---", "CVL")),
        ("ROMGOV", ("ROU", "GOV")),
    ],
)
def test_cameo_codes_map_to_country_and_sector(raw: str, expected: tuple[str, str | None]) -> None:
    assert cameo_code(raw) == expected


def test_unknown_cameo_country_names_the_place() -> None:
    with pytest.raises(DataError, match="f.txt:3: 'QQQGOV'"):
        cameo_code("QQQGOV", "f.txt:3")


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"names": ["X"], "code": "CUB"}', 'needs a stable "id"'),
        ('{"id": "a", "names": [], "code": "CUB"}', '"names" must be a non-empty list'),
        ('{"id": "a", "names": ["X"], "code": "CUBA"}', "code 'CUBA' is neither"),
        ('{"id": "a", "names": ["X"], "code": "CUB", "sector": "ARMY"}', "sector 'ARMY' is not a PLOVER"),
        ('{"id": "a", "names": ["X"], "codes": [{"code": "CUB", "from": "1995"}]}', '"from" must be a date'),
        ('{"id": "a", "names": ["X"], "code": "CUB", "colour": 1}', "unknown key(s) colour"),
        ("{not json", "not valid JSON"),
    ],
)
def test_a_bad_record_is_rejected_with_file_line_and_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = _write(tmp_path, ['{"id": "ok", "names": ["Y"], "code": "BLR"}', line])
    with pytest.raises(DataError) as info:
        load_actor_dictionary([path])
    assert f"{path}:2: " in str(info.value) and reason in str(info.value)


def test_repeated_id_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, ['{"id": "a", "names": ["Y"], "code": "BLR"}'] * 2)
    with pytest.raises(DataError, match=r":2: id 'a' is already used at .*:1"):
        load_actor_dictionary([path])


def _resolve(text: str, day: date, path: Path) -> list[tuple[str, str | None, tuple[str, ...]]]:
    doc = make_doc(Article.from_text(text, language="en"), "en", day)
    ctx = DocContext()
    load_actor_dictionary([path]).seed(ctx, day)
    finder = actor_finder("en")
    out = []
    for s in doc.sentences:
        mentions, _ = resolve_sentence(finder, s, ctx)
        out += [(m.actor.code, m.actor.sector, m.actor.chain) for m in mentions]
    return out


def test_date_restricted_codes_follow_the_document_date(tmp_path: Path) -> None:
    path = tmp_path / "castro.txt"
    path.write_text(
        "# leaders\nFIDEL_CASTRO_ [CUBGOV 590101-080224] [CUBELI 080225-161125]\n+CASTRO_\nQQQ_ [QQQGOV]\n",
        encoding="utf-8",
    )
    records, skipped = import_petrarch(path)
    assert [r["id"] for r in records] == ["petrarch:fidel-castro"]
    assert records[0]["names"] == ["Fidel Castro", "Castro"]
    assert records[0]["codes"][0] == {
        "code": "CUB",
        "sector": "GOV",
        "from": "1959-01-01",
        "to": "2008-02-24",
    }
    assert len(skipped) == 1 and f"{path}:4" in skipped[0]
    out = tmp_path / "castro.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    early = _resolve("Castro received the delegation.", date(1995, 3, 1), out)
    late = _resolve("Castro received the delegation.", date(2010, 3, 1), out)
    assert early[0][:2] == ("CUB", "GOV") and "dictionary petrarch:fidel-castro" in " ".join(early[0][2])
    assert late[0][:2] == ("CUB", "ELI")
