"""Accuracy gates: the coder's scores on our sample gold and ../shared/eval must stay above the floors."""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from pactwatch.score import Report, score_files

HERE = Path(__file__).parent
FLOORS_FILE = HERE / "floors.json"
FLOORS = json.loads(FLOORS_FILE.read_text())["floors"]
SHARED_EVAL = HERE.parent.parent / "shared" / "eval"


def _check(report: Report, floors: dict[str, float]) -> None:
    got: dict[str, float | None] = {"type_f1": report.type.f1, "dyad_f1": report.dyad.f1}
    got.update({name: ratio.accuracy for name, ratio in report.fields.items()})
    for metric, floor in floors.items():
        assert metric in got, f"{report.name}: unknown metric {metric!r} in tests/floors.json"
        value = got[metric]
        assert value is not None, f"{report.name}: {metric} was not measured (no gold field to check)"
        assert value >= floor, f"{report.name}: {metric} {value:.3f} fell below the floor {floor}"


def test_sample_gold_floor() -> None:
    gold = resources.files("pactwatch") / "data" / "samples" / "gold.jsonl"
    with resources.as_file(gold) as path:
        report = score_files([path])
    _check(report, FLOORS["samples"])


@pytest.mark.parametrize("name", sorted(k for k in FLOORS if k.endswith(".jsonl")))
def test_shared_eval_floor(name: str) -> None:
    path = SHARED_EVAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared evaluation data lives beside the repository, not in it")
    report = score_files([path])
    _check(report, FLOORS[name])


def test_sample_gold_never_codes_speculation_as_fact() -> None:
    gold = resources.files("pactwatch") / "data" / "samples" / "gold.jsonl"
    with resources.as_file(gold) as path:
        report = score_files([path])
    assert report.modality_matched > 50
    assert report.speculative_as_fact == 0


def test_floors_are_never_lowered_silently() -> None:
    try:
        previous = subprocess.run(
            ["git", "show", "HEAD~1:tests/floors.json"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("git is not available")
    if previous.returncode != 0:
        pytest.skip("no previous commit with tests/floors.json to compare with")
    old = json.loads(previous.stdout)["floors"]
    current = json.loads(FLOORS_FILE.read_text())
    explained = {(e["set"], e["metric"]) for e in current.get("lowered", [])}
    for name, metrics in old.items():
        for metric, value in metrics.items():
            now = current["floors"].get(name, {}).get(metric)
            if now is None or now < value:
                assert (name, metric) in explained, (
                    f"floor {name}/{metric} lowered from {value} to {now} silently"
                )
