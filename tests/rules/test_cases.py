"""One generic runner for every rule's YAML case file (`pytest -k TBL-001` selects a rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools.accounts.model import FinalAccounts
from tools.checks.base import Context
from tools.checks.registry import all_rules, get
from tools.performance.model import Performance
from tools.profiles import Profile, _merge, load

CASES = Path(__file__).parent / "cases"


def _cases() -> list[tuple[str, str, dict]]:
    out = []
    for path in sorted(CASES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            out.append((data["rule"], name, case))
    return out


def _profile(config: dict | None) -> Profile:
    base = load()
    if not config:
        return base
    return Profile.model_validate(_merge(base.model_dump(mode="json"), config))


def _matches(expected: dict, finding) -> bool:
    loc = finding.location.model_dump()
    for key, want in expected.items():
        if key in ("severity", "expected", "actual", "difference"):
            got = getattr(finding, key)
        elif key == "message_contains":
            got = want if want in finding.message else finding.message
        elif key == "related_page":
            got = finding.related[0].page if finding.related else None
        elif key == "sentence_contains":
            got = want if want in (loc.get("sentence") or "") else loc.get("sentence")
        else:
            got = loc.get(key)
        if str(got) != str(want):
            return False
    return True


@pytest.mark.parametrize(
    ("code", "name", "case"), _cases(), ids=[f"{c}_{n}" for c, n, _ in _cases()]
)
def test_rule_case(code: str, name: str, case: dict) -> None:
    accounts = FinalAccounts.model_validate(case.get("input") or {})
    performance = Performance.model_validate(case.get("performance") or {})
    findings = get(code).run(
        Context(accounts=accounts, profile=_profile(case.get("config")), performance=performance)
    )
    expected = case.get("findings") or []
    shown = "\n".join(
        f"{f.severity} {f.location.model_dump(exclude_none=True)} {f.message}"
        for f in findings
    )
    assert len(findings) == len(expected), f"{len(findings)} findings:\n{shown}"
    unmatched = list(findings)
    for want in expected:
        hit = next((f for f in unmatched if _matches(want, f)), None)
        assert hit is not None, f"no finding matches {want}; got:\n{shown}"
        unmatched.remove(hit)


def test_every_rule_has_pass_and_fail_cases() -> None:
    by_rule: dict[str, list[tuple[str, dict]]] = {}
    for code, name, case in _cases():
        by_rule.setdefault(code, []).append((name, case))
    for r in all_rules():
        cases = by_rule.get(r.code, [])
        passes = [c for n, c in cases if n.startswith("pass_")]
        fails = [c for n, c in cases if n.startswith("fail_")]
        assert passes and fails, f"{r.code} needs pass_ and fail_ cases"
        if r.severity == "info":
            # A note-only rule never warns: its pass cases expect nothing, its fail cases the note.
            assert all(not c.get("findings") for c in passes), f"{r.code}: pass cases expect nothing"
            assert all(c.get("findings") for c in fails), f"{r.code}: fail cases expect the note"
            continue
        for case in passes:
            assert all(f["severity"] == "info" for f in case.get("findings") or []), (
                f"{r.code}: a pass case expects only info"
            )
        for case in fails:
            assert any(f["severity"] != "info" for f in case["findings"]), (
                f"{r.code}: a fail case expects a warning or error"
            )


def test_case_files_name_registered_rules() -> None:
    codes = {r.code for r in all_rules()}
    for path in CASES.glob("*.yml"):
        assert path.stem in codes, f"{path.name} is not a registered rule"
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["rule"] == path.stem


def test_codes_unique_and_documented() -> None:
    rules = all_rules()
    codes = [r.code for r in rules] + [a for r in rules for a in r.aliases]
    assert len(codes) == len(set(codes))
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    for r in rules:
        assert r.summary, r.code
        for part in ("Trigger:", "Why it matters:", "Example:", "Configuration:"):
            assert part in r.doc, f"{r.code} docstring lacks {part}"
        module = r.check.__module__.rsplit(".", 1)[-1]
        assert module == r.code.lower().replace("-", ""), (
            f"{r.code} lives in {module}.py"
        )
