"""Accuracy on real documents: every hand-found problem is reported, rounding is info, no stray errors."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.conftest import GOLDEN, shared_path
from tools.findings import Finding, FindingsReport
from tools.review import review

CASES = sorted((GOLDEN / "findings").glob("*.yml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _report(source: str) -> FindingsReport:
    return review(shared_path(*source.split("/"))).report


def _matches(want: dict, f: Finding) -> bool:
    loc = f.location
    checks = {
        "rule": lambda v: f.rule == v,
        "severity": lambda v: f.severity == v,
        "page": lambda v: loc.page == v,
        "column": lambda v: loc.column == v,
        "row_contains": lambda v: v in (loc.row or ""),
        "sentence_contains": lambda v: v in (loc.sentence or ""),
        "message_contains": lambda v: v in f.message,
        "actual": lambda v: f.actual == v,
        "expected": lambda v: f.expected == v,
    }
    return all(checks[k](v) for k, v in want.items() if k != "why")


def _show(report: FindingsReport) -> str:
    return "\n".join(
        f"{f.severity} {f.rule} p{f.location.page} {f.actual}/{f.expected} {f.message[:90]}"
        for f in report.findings
    )


@pytest.mark.corpus
@pytest.mark.parametrize("path", CASES, ids=[p.stem[:40] for p in CASES])
def test_every_hand_found_problem_is_reported(path: Path) -> None:
    case = _load(path)
    report = _report(case["source"])
    missing = [
        w for w in case["expected"] if not any(_matches(w, f) for f in report.findings)
    ]
    assert not missing, f"not reported: {missing}\nreported:\n{_show(report)}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", CASES, ids=[p.stem[:40] for p in CASES])
def test_no_error_beyond_the_hand_found_ones(path: Path) -> None:
    case = _load(path)
    if not case.get("errors_complete"):
        pytest.skip("hand list does not claim to be complete")
    report = _report(case["source"])
    wanted = [w for w in case["expected"] if w.get("severity", "error") == "error"]
    stray = [
        f
        for f in report.findings
        if f.severity == "error" and not any(_matches(w, f) for w in wanted)
    ]
    assert not stray, "errors not in the hand list:\n" + "\n".join(
        f"{f.rule} p{f.location.page} {f.message}" for f in stray
    )


@pytest.mark.corpus
def test_blank_template_residue_is_reported() -> None:
    report = _report("corpus/shanghai-bumen-juesuan-template-2024-yangzhang.pdf")
    residue = [f for f in report.findings if f.rule == "DISC-011"]
    assert len(residue) >= 20
    assert {f.location.page for f in residue} >= {13, 14, 18, 22}
    # The template prints no numbers, so no arithmetic rule may fire.
    assert not [f for f in report.findings if f.rule.startswith(("TBL", "XT", "PCT"))]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "source",
    [
        "seeds/002_e3267e760b1282a2.txt",
        "corpus/shanghai-putuo-caizhengju-2024-bumen-juesuan.pdf",
    ],
)
def test_findings_json_is_byte_identical_across_runs_and_hash_seeds(
    tmp_path, source
) -> None:
    import os
    import subprocess
    import sys

    path = shared_path(*source.split("/"))
    outputs = []
    for hash_seed in ("0", "12345"):
        out = tmp_path / f"{hash_seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        code = subprocess.run(
            [
                sys.executable,
                "-m",
                "agent.cli",
                "review",
                str(path),
                "--format",
                "json",
                "-o",
                str(out),
            ],
            env=env,
            cwd=GOLDEN.parents[1],
            capture_output=True,
            check=False,
        ).returncode
        assert code in (0, 1)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"findings": [' in outputs[0]
