"""绩效自评表 extraction against the fixture factory: every rendering reads back exactly as built.

Each case renders a `FormSet` (tests/factory/perf_*.py) to PDF, DOCX, XLSX or text, runs `review()` on
the file and compares the extracted forms and 汇总表 field by field with the set: project, fund lines,
every indicator (levels, name, target, actual, weight, score, status, reason, page), totals, goal,
problems, notes and the scoring profile detected from them. An unmutated set is consistent, so the
review must also report no error and no warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factory.perf_build import build_forms
from tests.factory.perf_model import (
    FormSet,
    FormSpec,
    FundLine,
    IndicatorSpec,
    fmt_num,
    num_text,
    q2,
)
from tests.factory.perf_render import amount, total_text
from tests.factory.perf_render_docx import render_forms_docx
from tests.factory.perf_render_pdf import render_forms_pdf
from tests.factory.perf_render_text import render_forms_text
from tests.factory.perf_render_xlsx import render_forms_xlsx
from tools.accounts.model import Num
from tools.performance.form_text import key
from tools.performance.model import EvaluationSummary, SelfEvaluationForm, Value
from tools.review import ReviewResult, review

LAYOUTS = ("2020", "2024")
FORMATS = ("pdf", "docx", "xlsx", "txt")
SEEDS = (1, 2, 3, 4, 5)
PROFILES = {"2020": "bands-81-51", "2024": "execution-95"}
COMPARATORS = {"≥": ">=", "≤": "<=", "=": "=", "": None}


@dataclass(frozen=True)
class Case:
    layout: str
    fmt: str
    seed: int
    many: bool = False
    long_names: bool = False
    landscape: bool | None = None
    rotate: bool = False
    no_satisfaction: bool | None = None

    @property
    def id(self) -> str:
        flags = [name for name in ("many", "long_names", "rotate") if getattr(self, name)]
        if self.landscape is not None:
            flags.append("landscape" if self.landscape else "portrait")
        if self.no_satisfaction:
            flags.append("no_sat")
        return "-".join([self.layout, self.fmt, str(self.seed), *flags])


def _cases() -> list[Case]:
    out = [Case(layout, fmt, seed) for layout in LAYOUTS for fmt in FORMATS for seed in SEEDS]
    for layout in LAYOUTS:
        out += [
            Case(layout, "pdf", 6, many=True),
            Case(layout, "pdf", 7, long_names=True),
            Case(layout, "pdf", 8, many=True, long_names=True),
            Case(layout, "pdf", 9, landscape=layout == "2024"),
            Case(layout, "pdf", 10, no_satisfaction=True),
            Case(layout, "docx", 8, many=True, long_names=True),
            Case(layout, "xlsx", 8, many=True, long_names=True),
            Case(layout, "txt", 8, many=True, long_names=True),
        ]
    out += [
        Case("2020", "pdf", 11, rotate=True),
        Case("2020", "pdf", 12, many=True, long_names=True, rotate=True),
        Case("2024", "pdf", 11, landscape=True, rotate=True),
    ]
    return out


CASES = _cases()


@dataclass
class Rendered:
    fs: FormSet
    result: ReviewResult
    pages: dict[int, dict[str, int]]
    """Form index → indicator name → page its row is printed on."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    cache: dict[Case, Rendered] = {}
    root = tmp_path_factory.mktemp("forms")

    def get(case: Case) -> Rendered:
        if case not in cache:
            fs = build_forms(case.seed, case.layout, n_forms=3, many=case.many, long_names=case.long_names,
                             landscape=case.landscape, no_satisfaction=case.no_satisfaction)
            path = root / f"{case.id}.{case.fmt}"
            if case.fmt == "pdf":
                pages = render_forms_pdf(fs, path, rotate=case.rotate).pages
            else:
                {"docx": render_forms_docx, "xlsx": render_forms_xlsx, "txt": render_forms_text}[case.fmt](fs, path)
                # One page (section, sheet, form feed) per form.
                pages = {k: {i.name: k + 1 for i in f.indicators} for k, f in enumerate(fs.forms)}
            cache[case] = Rendered(fs, review(Path(path)), pages)
        return cache[case]

    return get


# ---------------------------------------------------------------------------------------------
# What each form prints, from the factory's model.


def _raw(n: Num | None) -> str | None:
    return None if n is None else n.raw


def _amount(v: Decimal) -> str | None:
    return amount(v) or None


def _funds(f: FormSpec) -> list[tuple]:
    """(key, label, initial, budget, received, executed, weight, rate text, score) of each fund line."""
    t, fi, ot = f.funds.total, f.funds.fiscal, f.funds.other

    def rate(line: FundLine) -> str | None:
        return f"{q2(line.executed * 100 / line.budget):.2f}%" if line.budget else None

    if f.layout == "2020":
        return [
            ("total", "年度资金总额", _amount(t.initial), _amount(t.budget), None, _amount(t.executed),
             fmt_num(f.execution_weight), f"{f.rate:.2f}%", fmt_num(f.execution_score)),
            ("fiscal", "其中：财政拨款", _amount(fi.initial), _amount(fi.budget), None, _amount(fi.executed), None,
             rate(fi), None),
            ("other", "其他资金", _amount(ot.initial), _amount(ot.budget), None, _amount(ot.executed), None, rate(ot),
             None),
        ]  # fmt: skip
    return [
        (fund, label, None, _amount(line.budget), _amount(line.received), _amount(line.executed), None, None, None)
        for fund, label, line in (("total", "预算数", t), ("fiscal", "其中：财政资金", fi), ("other", "其他", ot))
    ]


def _fund_rows(form: SelfEvaluationForm) -> list[tuple]:
    return [
        (f.key, key(f.label), _raw(f.initial), _raw(f.budget), _raw(f.received), _raw(f.executed), _raw(f.weight),
         f.rate_raw, _raw(f.score))
        for f in form.funds
    ]  # fmt: skip


def _target_text(f: FormSpec, i: IndicatorSpec) -> str:
    if f.layout == "2020" or not i.quantitative:
        return i.target_text
    value = f"{i.target:.2f}" if i.kind == "percent" else num_text(i.target, i.kind)
    return f"{i.comparator}{value}{i.unit}"


def _actual_text(f: FormSpec, i: IndicatorSpec) -> str:
    if f.layout == "2020" or not i.quantitative:
        return i.actual_text
    return f"{i.actual:.2f}" if i.kind == "percent" else num_text(i.actual, i.kind)


def _value(v: Value | None) -> tuple | None:
    if v is None:
        return None
    number = None if v.number is None else v.number.value
    date = None if v.date is None else (v.date.year, v.date.month, v.date.day)
    return v.raw, v.comparator, number, v.unit, date


def _expected_value(text: str, i: IndicatorSpec, target: bool, layout: str) -> tuple:
    if i.kind == "qualitative":
        return text, None, None, None, None
    if i.kind == "date":
        d = i.target_date if target else i.actual_date
        return text, "<=" if target else None, None, None, (d.year, d.month, d.day)
    number = i.target if target else i.actual
    comparator = COMPARATORS[i.comparator] if target else None
    unit = i.unit if target or layout == "2020" else None
    return text, comparator, number, unit, None


def _indicator(f: FormSpec, i: IndicatorSpec, page: int) -> tuple:
    return (
        i.level1, i.level2, key(i.name), i.description if f.layout == "2024" else None,
        _expected_value(_target_text(f, i), i, True, f.layout), _expected_value(_actual_text(f, i), i, False, f.layout),
        fmt_num(i.weight), fmt_num(i.score), i.status if f.layout == "2024" else None,
        key(i.reason) if f.layout == "2020" and i.reason else None, page,
    )  # fmt: skip


def _got_indicator(form: SelfEvaluationForm, n: int) -> tuple:
    i = form.indicators[n]
    return (
        i.level1, i.level2, key(i.name), i.description, _value(i.target), _value(i.actual), _raw(i.weight),
        _raw(i.score), i.status, key(i.reason) if i.reason else None, i.page,
    )  # fmt: skip


def _head(f: FormSpec) -> tuple:
    department = f"{f.department}（{f.department_code}）" if f.layout == "2020" else f"{f.department_code}-{f.department}"
    return (
        f.layout, "预算项目绩效自评表" if f.layout == "2020" else f"{f.year}年度预算项目绩效自评表", f.year, f.project, key(department),
        key(f.implementer) if f.layout == "2020" else None,
    )


def _got_head(form: SelfEvaluationForm) -> tuple:
    implementer = key(form.implementer) if form.implementer else None
    return form.layout, form.title, form.year, form.project, key(form.department), implementer


def _tail(f: FormSpec) -> tuple:
    execution = (fmt_num(f.execution_weight), fmt_num(f.execution_score), f"{f.rate:.2f}")
    return (
        total_text(f.total, f.layout), "100" if f.layout == "2020" else None,
        execution if f.layout == "2024" else None,
        (key(f.goal), key(f.achieved), total_text(f.total, "2024") if f.layout == "2024" else None),
        key("".join(f.problems)) if f.layout == "2024" else None,
        [key(n) for n in f.notes], PROFILES[f.layout],
    )  # fmt: skip


def _got_tail(form: SelfEvaluationForm) -> tuple:
    ex = form.execution
    goal = form.goal
    return (
        _raw(form.total_score), _raw(form.total_weight),
        None if ex is None else (_raw(ex.weight), _raw(ex.score), _raw(ex.progress)),
        None if goal is None else (key(goal.expected), key(goal.achieved), _raw(goal.completion)),
        key(form.problems) if form.problems else None, [key(n) for n in form.notes], form.scoring,
    )  # fmt: skip


def _summary(fs: FormSet) -> tuple:
    rows = [(str(k), r.project, r.unit, total_text(r.score, fs.layout), r.grade) for k, r in enumerate(fs.summary.rows, 1)]
    return rows, [key(n) for n in fs.summary.notes]


def _got_summary(s: EvaluationSummary) -> tuple:
    return [(r.seq, r.project, r.unit, _raw(r.score), r.grade) for r in s.rows], [key(n) for n in s.notes]


def differences(r: Rendered) -> list[str]:
    """Every field where the extraction differs from the set, as 'form k: what: got ≠ expected'."""
    out: list[str] = []
    perf = r.result.performance

    def same(where: str, got, want) -> None:
        if got != want:
            out.append(f"{where}: {got!r} ≠ {want!r}")

    same("forms", len(perf.forms), len(r.fs.forms))
    for k, (form, f) in enumerate(zip(perf.forms, r.fs.forms, strict=False)):
        same(f"form {k} head", _got_head(form), _head(f))
        same(f"form {k} funds", _fund_rows(form), [(*row[:1], key(row[1]), *row[2:]) for row in _funds(f)])
        same(f"form {k} indicator count", len(form.indicators), len(f.indicators))
        for n, i in enumerate(f.indicators[: len(form.indicators)]):
            same(f"form {k} indicator {n}", _got_indicator(form, n), _indicator(f, i, r.pages[k][i.name]))
        same(f"form {k} tail", _got_tail(form), _tail(f))
    same("summaries", len(perf.summaries), 1)
    if perf.summaries:
        same("summary", _got_summary(perf.summaries[0]), _summary(r.fs))
    return out


# ---------------------------------------------------------------------------------------------
# Tests.


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_extraction_equals_the_form_set(rendered, case: Case):
    r = rendered(case)
    assert r.result.document.warnings == []
    diffs = differences(r)
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_review_of_a_consistent_set_finds_nothing(rendered, case: Case):
    r = rendered(case)
    found = [f"{f.rule} {f.severity}: {f.message}" for f in r.result.report.findings if f.severity != "info"]
    assert not found, "\n".join(found)


def test_every_variant_is_covered():
    """The matrix reaches both orientations, rotated pages, forms over two pages and wrapped names."""
    fmts = {(c.layout, c.fmt) for c in CASES}
    assert fmts == {(layout, fmt) for layout in LAYOUTS for fmt in FORMATS}
    for layout in LAYOUTS:
        assert len({c.seed for c in CASES if c.layout == layout and c.fmt == "pdf"}) >= 5
        assert any(c.rotate for c in CASES if c.layout == layout)
        assert {c.many for c in CASES if c.layout == layout} == {True, False}
        assert {c.long_names for c in CASES if c.layout == layout} == {True, False}
