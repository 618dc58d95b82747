"""The CLI contract: stateless coding, database mode, bad input, help text. Runs the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pactwatch.cli import main

SENTENCE_EN = "Cuba and Belarus signed a military cooperation agreement in Minsk on Monday."
SENTENCE_ES = "Rusia y Cuba firmaron el jueves pasado un memorando de cooperación militar en La Habana."


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed entry point as a user would (python -m keeps it tied to this interpreter)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PACTWATCH_DB", None) if env is None or "PACTWATCH_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "pactwatch", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
        check=False,
    )


def records(stdout: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


REQUIRED = {
    "id",
    "date",
    "actor",
    "recipient",
    "event",
    "mode",
    "context",
    "event_loc",
    "event_text",
    "quad_code",
    "modality",
    "attribution",
    "evidence",
    "rule",
    "cameo",
    "goldstein",
    "article_id",
    "language",
}


@pytest.mark.parametrize(("text", "lang"), [(SENTENCE_EN, "en"), (SENTENCE_ES, "es")])
def test_code_stdin_prints_plover_jsonl(text: str, lang: str) -> None:
    done = run("code", "--date", "2026-05-14", stdin=text.encode())
    assert done.returncode == 0, done.stderr.decode()
    recs = records(done.stdout)
    assert recs, "expected at least one event"
    first = recs[0]
    assert REQUIRED <= set(first)
    assert first["event"] == "AGREE"
    assert first["language"] == lang
    assert {a["code"] for a in first["actor"]} | {a["code"] for a in first["recipient"]} >= {"CUB"}  # type: ignore[index]
    evidence = first["evidence"]
    assert isinstance(evidence, dict) and evidence["sentence"] in text


def test_code_formats(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE_EN)
    as_json = run("code", str(path), "--date", "2026-05-14", "--format", "json")
    assert isinstance(json.loads(as_json.stdout), list)
    as_csv = run("code", str(path), "--date", "2026-05-14", "--format", "csv")
    header = as_csv.stdout.decode().splitlines()[0]
    assert header == "id,date,event,mode,actor,recipient,modality,event_text,rule"
    as_table = run("code", str(path), "--date", "2026-05-14", "--format", "table")
    assert "AGREE" in as_table.stdout.decode()


def test_code_bad_inputs_are_reported_and_the_rest_is_coded(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE_EN)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Cuba y Belarús firmaron un acuerdo.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    lines = tmp_path / "arts.jsonl"
    lines.write_text(json.dumps({"id": "x1", "text": SENTENCE_ES, "published": "2026-05-14"}) + "\n{broken\n")
    done = run("code", str(binary), str(good), str(latin), str(empty), str(lines))
    err = done.stderr.decode()
    assert done.returncode == 1
    assert f"{binary}: binary file" in err
    assert f"{latin}:1: not UTF-8" in err
    assert f"{empty}: empty" in err
    assert f"{lines}:2: invalid JSON" in err
    recs = records(done.stdout)
    assert len({r["article_id"] for r in recs}) == 2  # the good text file and the good JSONL line


def test_database_mode_round_trip_is_idempotent(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    arts = tmp_path / "arts.jsonl"
    arts.write_text(
        "\n".join(
            json.dumps(d)
            for d in [
                {
                    "id": "n1",
                    "outlet": "Wire",
                    "published": "2026-05-14",
                    "language": "en",
                    "text": SENTENCE_EN,
                },
                {
                    "id": "n2",
                    "outlet": "Diario",
                    "published": "2026-05-14",
                    "language": "es",
                    "text": SENTENCE_ES,
                },
            ]
        )
        + "\n"
    )
    assert run("--db", db, "ingest", str(arts)).returncode == 0
    again = run("--db", db, "ingest", str(arts))
    assert "0 article(s) added, 2 already stored" in again.stderr.decode()
    first = run("--db", db, "run")
    assert first.returncode == 0 and "2 article(s) coded" in first.stderr.decode()
    second = run("--db", db, "run")
    assert "0 article(s) coded, 0 event(s) stored" in second.stderr.decode()
    listed = records(run("--db", db, "articles", "--format", "jsonl").stdout)
    assert {r["language"] for r in listed} == {"en", "es"}
    events = records(run("--db", db, "events", "--format", "jsonl").stdout)
    assert events
    dyad = records(run("--db", db, "events", "--dyad", "CUB", "RUS", "--format", "jsonl").stdout)
    assert dyad and all(r["language"] == "es" for r in dyad)
    explained = run("--db", db, "explain", str(events[0]["id"]))
    text = explained.stdout.decode()
    assert explained.returncode == 0
    assert "rule:" in text and "trigger:" in text and "<-" in text


def test_env_var_selects_the_database(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE_EN)
    done = run("ingest", str(path), env={"PACTWATCH_DB": f"sqlite:///{db}"}, cwd=tmp_path)
    assert done.returncode == 0 and db.exists()
    assert not (tmp_path / "pactwatch.db").exists()


def test_ingest_failures_are_recorded(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Cuba met Belarus."}\n{"nope": 1}\n')
    done = run("--db", db, "ingest", str(bad))
    assert done.returncode == 1
    failures = records(run("--db", db, "failures", "--format", "jsonl").stdout)
    assert [(f["source"], f["reason"]) for f in failures] == [(f"{bad}:2", "missing 'text'")]


def test_explain_unknown_event_is_a_clear_error(tmp_path: Path) -> None:
    done = run("--db", f"sqlite:///{tmp_path / 'pw.db'}", "explain", "e-nope")
    assert done.returncode == 1
    assert done.stderr.decode().startswith("Error: ")


def test_bad_date_is_a_usage_error() -> None:
    done = run("code", "--date", "yesterday", stdin=b"x")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr.decode()


def test_demo_in_a_fresh_directory(tmp_path: Path) -> None:
    done = run("demo", "--quiet", cwd=tmp_path)
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "42 sample articles stored" in out
    assert "events by PLOVER type" in out and "top dyads" in out and "explore further" in out
    assert (tmp_path / "pactwatch-demo.db").exists()


def _commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_documented_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_reindex_rebuilds_a_stale_text_index(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "pw.db"
    db = f"sqlite:///{path}"
    text = tmp_path / "a.txt"
    text.write_text(SENTENCE_EN + "\n", encoding="utf-8")
    assert run("--db", db, "ingest", str(text), "--code", "--date", "2026-05-14").returncode == 0

    def found() -> int:
        return len(records(run("--db", db, "events", "--text", "minsk", "--format", "jsonl").stdout))

    assert found() == 1
    with sqlite3.connect(path) as conn:  # what a VACUUM renumbering rows, or a raw write, can leave behind
        conn.execute("INSERT INTO events_text(events_text) VALUES ('delete-all')")
    assert found() == 0
    done = run("--db", db, "reindex")
    assert done.returncode == 0 and "rebuilt" in done.stderr.decode()
    assert found() == 1
