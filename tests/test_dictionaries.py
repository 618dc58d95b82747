"""User actor dictionaries and the PETRARCH/TABARI importer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pactwatch.actors import DocContext, actor_finder, resolve_sentence
from pactwatch.cli import main
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


_AGENTS = (
    "# agents, written for this test\n"
    "QUARTERMASTER_ [~MIL]\n"
    "+QUARTERMASTERS_\n"
    "HARBOUR_WARDEN_ {HARBOUR_WARDENS_} [~COPGOV]\n"
    "RAINMAKER_ [~QQQ]\n"
)


def test_agents_import_as_roles(tmp_path: Path) -> None:
    path = tmp_path / "agents.txt"
    path.write_text(_AGENTS, encoding="utf-8")
    records, skipped = import_petrarch(path)
    assert records == [
        {
            "id": "petrarch:role:quartermaster",
            "names": ["quartermaster", "quartermasters"],
            "sectors": ["MIL"],
            "title": True,
            "note": f"PETRARCH agent, imported from {path}:2",
        },
        {
            "id": "petrarch:role:harbour-warden",
            "names": ["harbour warden", "harbour wardens"],
            "sectors": ["COP", "GOV"],
            "title": True,
            "note": f"PETRARCH agent, imported from {path}:4",
        },
    ]
    assert skipped == [f"{path}:5: an agent code names no PLOVER sector"]


def test_imported_agents_are_roles_the_resolver_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "agents.txt"
    source.write_text(_AGENTS, encoding="utf-8")
    roles = tmp_path / "agents.jsonl"
    roles.write_text("".join(json.dumps(r) + "\n" for r in import_petrarch(source)[0]), encoding="utf-8")
    empty = tmp_path / "no-actors.jsonl"
    empty.write_text("", encoding="utf-8")
    text = "Quartermaster Ivan Sokolov of the Belarusian army inspected the depot."
    assert not any("petrarch" in " ".join(chain) for _, _, chain in _resolve(text, date(2026, 5, 1), empty))
    monkeypatch.setenv("PACTWATCH_ROLES", str(roles))
    (code, sector, chain), *_ = _resolve(text, date(2026, 5, 1), empty)
    assert (code, sector) == ("BLR", "MIL")
    assert "petrarch:role:quartermaster" in chain[0]


def test_cli_import_prints_actors_or_roles(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("FIDEL_CASTRO_ [CUBGOV]\nQUARTERMASTER_ [~MIL]\n", encoding="utf-8")
    runner = CliRunner()
    actors = runner.invoke(main, ["actors", "import", str(path)])
    roles = runner.invoke(main, ["actors", "import", str(path), "--roles"])
    assert actors.exit_code == roles.exit_code == 0
    assert [json.loads(x)["id"] for x in actors.stdout.splitlines()] == ["petrarch:fidel-castro"]
    assert [json.loads(x)["id"] for x in roles.stdout.splitlines()] == ["petrarch:role:quartermaster"]
    assert "run again with --roles" in actors.stderr


def test_cli_checks_role_files(tmp_path: Path) -> None:
    good = tmp_path / "roles.jsonl"
    good.write_text(
        json.dumps({"id": "mine:role:x", "names": ["harbour warden"], "sectors": ["COP"], "title": True})
        + "\n"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "mine:role:y", "names": ["warden"], "sectors": ["ARMY"], "title": True}) + "\n"
    )
    ok = CliRunner().invoke(main, ["actors", "check", "--roles", str(good)])
    assert ok.exit_code == 0 and "1 role form(s) valid" in ok.stderr
    failed = CliRunner().invoke(main, ["actors", "check", "--roles", str(bad)])
    assert failed.exit_code == 1 and f"{bad}:1: sector 'ARMY'" in failed.stderr


def test_user_dictionaries_change_the_version_stamped_on_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events coded with user role or actor files carry another version, so `run --recode` recodes them."""
    from pactwatch.events import dictionary_version

    monkeypatch.delenv("PACTWATCH_ROLES", raising=False)
    monkeypatch.delenv("PACTWATCH_ACTORS", raising=False)
    packaged = dictionary_version()
    assert "+user:" not in packaged
    roles = tmp_path / "roles.jsonl"
    roles.write_text('{"id": "r1", "names": ["harbour master"], "sectors": ["GOV"]}\n', encoding="utf-8")
    monkeypatch.setenv("PACTWATCH_ROLES", str(roles))
    with_roles = dictionary_version()
    assert with_roles.startswith(packaged + "+user:")
    roles.write_text('{"id": "r1", "names": ["harbour master"], "sectors": ["COP"]}\n', encoding="utf-8")
    assert dictionary_version() not in (packaged, with_roles)  # edited file, new version
    monkeypatch.delenv("PACTWATCH_ROLES")
    monkeypatch.setenv("PACTWATCH_ACTORS", str(roles))
    assert dictionary_version().startswith(packaged + "+user:")
