"""Property test: one planted error in a consistent set of 绩效自评表 is found, by the right rule, on its page.

Each case draws a factory seed and a single-error mutation (tests/factory/perf_mutations.py), renders
the mutated set as a text export (a form feed per form, so every form is a page) and reviews it.
The unmutated set must give no warning or error; the mutated one must give a finding of the rule
that covers the planted error, on the page of the form (or of the 汇总表) that carries it, and no
warning or error anywhere else.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factory import perf_model as m
from tests.factory.perf_build import build_forms
from tests.factory.perf_mutations import MUTATIONS, NotApplicable
from tests.factory.perf_render_text import render_forms_text
from tools.findings import Finding
from tools.review import review

SEEDS = 40
CASES = 200

# Rule that must report each planted error, and rules that may report it as well.
RULES: dict[str, tuple[str, frozenset[str]]] = {
    m.WEIGHTS_SUM: ("PERF-001", frozenset({"PERF-015", "PERF-016"})),
    m.SCORE_ABOVE_WEIGHT: ("PERF-016", frozenset({"PERF-008", "PERF-009"})),
    m.STATUS_WHILE_UNMET: ("PERF-019", frozenset()),
    m.UNMET_FULL: ("PERF-007", frozenset({"PERF-019"})),
    m.UNMET_ABOVE_RATIO: ("PERF-007", frozenset()),
    m.RATE_WRONG_BASE: ("PERF-004", frozenset({"PERF-017"})),
    m.RATE_WRONG: ("PERF-004", frozenset()),
    m.EXEC_SCORE_WRONG: ("PERF-017", frozenset()),
    m.TOTAL_WRONG: ("PERF-015", frozenset()),
    m.GRADE_WRONG: ("PERF-014", frozenset()),
    m.SUMMARY_SCORE: ("PERF-020", frozenset()),
    m.QUALITATIVE_BAND: ("PERF-010", frozenset()),
    m.REASON_MISSING: ("PERF-011", frozenset()),
    m.OVER_FULL: ("PERF-009", frozenset()),
}
# Errors planted in the 汇总表 are found on its page (the last one).
SUMMARY_TARGETS = ("自评等级", "汇总表得分")


def _flagged(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]


def _review(fs: m.FormSet, path: Path) -> list[Finding]:
    return review(render_forms_text(fs, path)).report.findings


@cache
def _baseline(layout: str, seed: int) -> tuple[int, list[str]]:
    """(number of forms, non-info findings) of the unmutated set."""
    fs = build_forms(seed, layout)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = _flagged(_review(fs, Path(tmp) / "forms.txt"))
    return len(fs.forms), [f"{f.rule} p{f.location.page} {f.message}" for f in found]


def _check(layout: str, seed: int, name: str, tmp: Path) -> None:
    n_forms, noise = _baseline(layout, seed)
    assert not noise, f"unmutated seed {seed} is not clean: {noise}"
    try:
        mutated, flag = MUTATIONS[name](build_forms(seed, layout))
    except NotApplicable:
        # Not a case: hypothesis draws another, so every counted example plants an error.
        assume(False)
        return
    primary, secondary = RULES[flag.family]
    page = n_forms + 1 if flag.target in SUMMARY_TARGETS else flag.form + 1
    found = _flagged(_review(mutated, tmp / f"{layout}-{seed}-{name}.txt"))
    shown = "\n".join(f"{f.severity} {f.rule} p{f.location.page} {f.message}" for f in found)
    assert any(f.rule == primary and f.location.page == page for f in found), (
        f"{name} on seed {seed} ({flag}) not reported by {primary} on page {page}:\n{shown}"
    )
    stray = [f for f in found if f.location.page != page or f.rule not in {primary, *secondary}]
    assert not stray, f"{name} on seed {seed}: unrelated findings:\n{shown}"


@pytest.mark.parametrize("layout", ["2020", "2024"])
def test_every_mutation_applies_to_some_seed(layout: str) -> None:
    applicable = set()
    for seed in range(SEEDS):
        for name, mutate in MUTATIONS.items():
            try:
                mutate(build_forms(seed, layout))
            except NotApplicable:
                continue
            applicable.add(name)
    # 单项指标完成情况 is a 2024 column; the 100-81% band is printed on 2020 forms only.
    expected = set(MUTATIONS) - ({"status_while_unmet"} if layout == "2020" else {"qualitative_band"})
    assert applicable == expected


@pytest.mark.parametrize("layout", ["2020", "2024"])
@settings(
    max_examples=CASES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(seed=st.integers(0, SEEDS - 1), name=st.sampled_from(sorted(MUTATIONS)))
def test_single_mutation_is_found_on_its_page(layout: str, seed: int, name: str, tmp_path: Path) -> None:
    _check(layout, seed, name, tmp_path)


PDF_CASES = 24


@pytest.mark.parametrize("layout", ["2020", "2024"])
@settings(
    max_examples=PDF_CASES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 7), name=st.sampled_from(sorted(MUTATIONS)))
def test_single_mutation_in_a_paginated_pdf_is_found_on_the_indicators_page(
    layout: str, seed: int, name: str, tmp_path: Path
) -> None:
    """Forms running over two pages (many indicators): an indicator's error is on the page of its row."""
    from tests.factory.perf_render_pdf import render_forms_pdf

    try:
        mutated, flag = MUTATIONS[name](build_forms(seed, layout, many=True))
    except NotApplicable:
        assume(False)
        return
    drawn = render_forms_pdf(mutated, tmp_path / "forms.pdf")
    found = _flagged(review(drawn.path).report.findings)
    primary, secondary = RULES[flag.family]
    if flag.target in SUMMARY_TARGETS:
        pages = set(drawn.summary_pages)
    elif flag.target in drawn.pages.get(flag.form, {}):
        pages = {drawn.pages[flag.form][flag.target]}
    else:
        pages = set(drawn.form_pages[flag.form])
    shown = "\n".join(f"{f.severity} {f.rule} p{f.location.page} {f.message}" for f in found)
    assert any(f.rule == primary and f.location.page in pages for f in found), (
        f"{name} on seed {seed} ({flag}) not reported by {primary} on pages {sorted(pages)}:\n{shown}"
    )
    form_pages = set(drawn.form_pages[flag.form]) | set(drawn.summary_pages)
    stray = [f for f in found if f.location.page not in form_pages or f.rule not in {primary, *secondary}]
    assert not stray, f"{name} on seed {seed}: unrelated findings:\n{shown}"
