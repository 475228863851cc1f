"""Pydantic models of a synthetic set of 预算项目绩效自评表 (2020 and 2024 layouts) with its 汇总表.

Printed values are stored as printed (rate, scores, total, grade), so a mutation can make one of them
wrong; the `truth` accessors recompute what each printed value should be from the underlying data,
and `audit` lists every disagreement as a `Flag` in the rule family a reviewer would report.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Layout = Literal["2020", "2024"]
Comparator = Literal["≥", "≤", "=", ""]
"""'' is a plain target ('196人'): it is reached when the actual is at least the target."""
ValueKind = Literal["percent", "count", "amount", "date", "qualitative"]
Status = Literal["完成", "未完成"]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
EXEC_WEIGHT = Decimal(10)
OVER_ACHIEVEMENT = Decimal("0.30")
"""偏离度 from which a full score needs a stated 偏差原因 (the 2024 notes ask for a reduced score)."""
REASON_BELOW = Decimal(90)
"""Execution rate (percent) below which the form must say why the money was not spent."""
MONEY_WORDS = re.compile(r"资金|预算|执行|结转|结余|支出|拨付|调整|调减|调增|追加|收回")
"""Words that make a reason speak about the money rather than about an output."""
QUALITATIVE_MIN = Decimal("0.81")
"""Lower end of the 达成 band (100-81% of the weight) of the 2020 notes."""
GRADE_BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))

# Rule families of `Flag.family` (and of the mutations' expected findings).
WEIGHTS_SUM = "weights sum"
SCORE_ABOVE_WEIGHT = "score above weight"
STATUS_WHILE_UNMET = "status 完成 while unmet"
UNMET_FULL = "unmet scored full"
UNMET_ABOVE_RATIO = "unmet score above proportion"
MET_NOT_FULL = "met quantitative not scored full"
RATE_WRONG_BASE = "execution rate wrong base"
RATE_WRONG = "execution rate wrong"
EXEC_SCORE_WRONG = "execution score wrong"
TOTAL_WRONG = "total ≠ Σ scores"
GRADE_WRONG = "grade wrong band"
SUMMARY_SCORE = "summary score ≠ form total"
QUALITATIVE_BAND = "qualitative score outside band"
REASON_MISSING = "reason missing"
OVER_FULL = "over-achievement with full score"
MONEY_UNEXPLAINED = "budget change or low execution unexplained"


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_num(value: Decimal) -> str:
    """Scores and weights as the forms print them: '10', '7.50', '4.90'."""
    value = q2(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def num_text(value: Decimal, kind: ValueKind) -> str:
    """Counts as integers, amounts with 2 decimals, percents without trailing zeros ('97.5')."""
    if kind == "amount":
        return f"{q2(value):.2f}"
    if kind == "count":
        return f"{value:.0f}"
    return f"{q2(value):.2f}".rstrip("0").rstrip(".")


def date_text(d: date, style: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if style == "cn" else f"{d.year}.{d.month:02d}.{d.day:02d}"


def grade_of(total: Decimal) -> str:
    return next(g for low, g in GRADE_BANDS if total >= low)


def execution_score(rate: Decimal, layout: Layout) -> Decimal:
    """Score of 预算执行率 from a percent rate: 2024 gives 10 from 95% on, 2020 caps the rate at 100%."""
    if layout == "2024":
        return EXEC_WEIGHT if rate >= 95 else q2(rate * EXEC_WEIGHT / HUNDRED)
    return q2(min(rate, HUNDRED) * EXEC_WEIGHT / HUNDRED)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FundLine(_Model):
    initial: Decimal
    """年初预算数."""
    budget: Decimal
    """全年预算数 (2020) / 预算数（调整后） (2024)."""
    received: Decimal
    """到位数 (printed in the 2024 layout only)."""
    executed: Decimal
    """全年执行数 / 执行数."""

    def __add__(self, other: FundLine) -> FundLine:
        return FundLine(**{k: getattr(self, k) + getattr(other, k) for k in FundLine.model_fields})


class Funds(_Model):
    fiscal: FundLine
    """财政拨款 / 财政资金."""
    other: FundLine
    """其他资金 (all zero for most projects)."""

    @property
    def total(self) -> FundLine:
        return self.fiscal + self.other


class IndicatorSpec(_Model):
    level1: str
    """产出指标 / 效益指标 / 满意度指标."""
    level2: str
    name: str
    """三级指标; unique within its form."""
    description: str = ""
    """指标说明 (2024 layout)."""
    kind: ValueKind
    comparator: Comparator
    target: Decimal | None = None
    """Numeric target (None for dates and qualitative values)."""
    unit: str = ""
    actual: Decimal | None = None
    target_date: date | None = None
    actual_date: date | None = None
    date_style: Literal["cn", "dot"] = "cn"
    """'cn': '2024年12月31日前'; 'dot': '2024.12.31之前'."""
    text_value: str = ""
    """Qualitative target and actual ('有效提升', '明显改善')."""
    weight: Decimal
    score: Decimal
    status: Status
    reason: str = ""
    """未完成原因 + 整改措施, or the 偏差原因 of an over-achieved target; '' when none is due."""

    @property
    def target_text(self) -> str:
        """年度指标值 as one printed cell (2020 layout): '≥95%', '≤54.19万元', '2024.12.31之前', '有效提升'."""
        if self.kind == "qualitative":
            return self.text_value
        if self.kind == "date":
            return date_text(self.target_date, self.date_style) + ("前" if self.date_style == "cn" else "之前")
        return f"{self.comparator}{num_text(self.target, self.kind)}{self.unit}"

    @property
    def actual_text(self) -> str:
        """实际完成值 with its unit: '98%', '54.19万元', '2024年11月28日', '有效提升'."""
        if self.kind == "qualitative":
            return self.text_value
        if self.kind == "date":
            return date_text(self.actual_date, self.date_style)
        return f"{num_text(self.actual, self.kind)}{self.unit}"

    @property
    def quantitative(self) -> bool:
        return self.kind not in ("date", "qualitative")

    @property
    def met(self) -> bool:
        if self.kind == "qualitative":
            return True
        if self.kind == "date":
            return self.actual_date <= self.target_date
        if self.comparator == "≤":
            return self.actual <= self.target
        if self.comparator == "=":
            return self.actual == self.target
        return self.actual >= self.target

    @property
    def ratio(self) -> Decimal | None:
        """Completion ratio of an unmet quantitative target (the proportional rule); an exact ('=') target
        has none: it is reached or not."""
        if not self.quantitative or self.met or self.comparator == "=":
            return None
        return self.target / self.actual if self.comparator == "≤" else self.actual / self.target

    @property
    def deviation(self) -> Decimal | None:
        """偏离度 of a '≥' target exceeded by the actual: actual ÷ target − 1."""
        if self.comparator != "≥" or not self.quantitative or not self.target or self.actual <= self.target:
            return None
        return self.actual / self.target - 1

    @property
    def over_achieved(self) -> bool:
        return self.deviation is not None and self.deviation >= OVER_ACHIEVEMENT


class FormSpec(_Model):
    layout: Layout
    year: int
    project: str
    department: str
    """主管部门 / 实施主管单位 (name)."""
    department_code: str
    implementer: str
    """实施单位 / 资金使用单位."""
    level: str = "本级"
    """项目级次 (2024 layout)."""
    funds: Funds
    rate: Decimal
    """Printed 执行率 / 预算执行进度, percent with 2 decimals."""
    execution_weight: Decimal = EXEC_WEIGHT
    execution_score: Decimal
    goal: str
    achieved: str
    indicators: list[IndicatorSpec]
    total_weight: Decimal = HUNDRED
    """分值 printed on the 总分 row (2020)."""
    total: Decimal
    """Printed 总分 / 自评总分."""
    preparer: str = ""
    notes: list[str] = Field(default_factory=list)
    landscape: bool = False

    @property
    def problems(self) -> list[str]:
        """五、存在问题原因及整改措施 (2024): every reason given in the rows, else '无'."""
        return [i.reason for i in self.indicators if i.reason] or ["无。"]

    @property
    def needs_money_reason(self) -> bool:
        """Execution below 90%, or (2020, which prints 年初预算数) a 全年预算数 adjusted in the year."""
        t = self.funds.total
        adjusted = self.layout == "2020" and t.initial != t.budget
        return adjusted or t.executed * HUNDRED < REASON_BELOW * t.budget

    @property
    def money_reason(self) -> str | None:
        """The first reason printed on the form that speaks about the money."""
        return next((i.reason for i in self.indicators if MONEY_WORDS.search(i.reason)), None)

    def indicator(self, name: str) -> IndicatorSpec:
        return next(i for i in self.indicators if i.name == name)

    # ---- truth: what each printed value should be
    @property
    def true_rate(self) -> Decimal:
        t = self.funds.total
        return q2(t.executed * HUNDRED / t.budget)

    @property
    def wrong_base(self) -> Decimal:
        """The rate on the base a careless filler uses: 年初预算数 (2020) or 到位数 (2024)."""
        t = self.funds.total
        return q2(t.executed * HUNDRED / (t.initial if self.layout == "2020" else t.received))

    @property
    def true_execution_score(self) -> Decimal:
        return execution_score(self.rate, self.layout)

    @property
    def weights_sum(self) -> Decimal:
        return sum((i.weight for i in self.indicators), self.execution_weight)

    @property
    def true_total(self) -> Decimal:
        return q2(sum((i.score for i in self.indicators), self.execution_score))

    @property
    def grade(self) -> str:
        return grade_of(self.total)


class SummaryRow(_Model):
    project: str
    unit: str
    score: Decimal
    grade: str


class SummarySpec(_Model):
    year: int
    department: str
    rows: list[SummaryRow]
    notes: list[str] = Field(default_factory=list)


class FormTruth(_Model):
    """Recomputed values of one form, for tests and for comparing with a reviewer's findings."""

    rate: Decimal
    execution_score: Decimal
    weights_sum: Decimal
    total: Decimal
    grade: str
    met: dict[str, bool]


class Flag(_Model):
    """One finding: which form (index; the 汇总表 row uses the form's index), what, which rule family."""

    form: int
    target: str
    """Indicator name, or a field: '执行率', '执行率得分', '分值合计', '总分', '汇总表得分', '自评等级'."""
    family: str
    detail: str = ""


class FormSet(_Model):
    forms: list[FormSpec]
    summary: SummarySpec
    seed: int
    layout: Layout

    @property
    def truth(self) -> list[FormTruth]:
        return [
            FormTruth(rate=f.true_rate, execution_score=f.true_execution_score, weights_sum=f.weights_sum,
                      total=f.true_total, grade=grade_of(f.total), met={i.name: i.met for i in f.indicators})
            for f in self.forms
        ]


def _indicator_flags(k: int, f: FormSpec, i: IndicatorSpec) -> list[Flag]:
    out: list[Flag] = []

    def flag(family: str) -> None:
        out.append(Flag(form=k, target=i.name, family=family))

    if i.score > i.weight:
        flag(SCORE_ABOVE_WEIGHT)
    if f.layout == "2024" and i.status == "完成" and not i.met:
        flag(STATUS_WHILE_UNMET)
    if not i.met:
        if i.score >= i.weight:
            flag(UNMET_FULL)
        elif i.kind != "date" and i.score > q2(i.weight * (i.ratio or Decimal(0))):
            # Scored in proportion to the completion (PERF-007); a missed '=' target has no ratio.
            flag(UNMET_ABOVE_RATIO)
        if not i.reason:
            flag(REASON_MISSING)
    elif i.quantitative and f.layout == "2020" and i.score < i.weight:
        flag(MET_NOT_FULL)
    if i.kind == "qualitative" and f.layout == "2020" and i.score < q2(i.weight * QUALITATIVE_MIN):
        flag(QUALITATIVE_BAND)
    if i.over_achieved and i.score >= i.weight and not i.reason:
        # Full marks on a target exceeded by 30% or more need the 偏差原因 (2020: in the row, 2024: in 五、).
        flag(OVER_FULL)
    return out


def audit(fs: FormSet) -> list[Flag]:
    """Every inconsistency of the printed values, as a reviewer with the form's own rules would report it."""
    out: list[Flag] = []
    for k, f in enumerate(fs.forms):
        if f.weights_sum != f.total_weight:
            out.append(Flag(form=k, target="分值合计", family=WEIGHTS_SUM, detail=str(f.weights_sum)))
        for i in f.indicators:
            out += _indicator_flags(k, f, i)
        if f.rate != f.true_rate:
            family = RATE_WRONG_BASE if f.rate == f.wrong_base else RATE_WRONG
            out.append(Flag(form=k, target="执行率", family=family, detail=f"{f.rate} ≠ {f.true_rate}"))
        if f.execution_score != f.true_execution_score:
            out.append(Flag(form=k, target="执行率得分", family=EXEC_SCORE_WRONG))
        if f.total != f.true_total:
            out.append(Flag(form=k, target="总分", family=TOTAL_WRONG, detail=f"{f.total} ≠ {f.true_total}"))
        if f.needs_money_reason and f.money_reason is None:
            out.append(Flag(form=k, target="资金说明", family=MONEY_UNEXPLAINED))
    for k, (f, row) in enumerate(zip(fs.forms, fs.summary.rows, strict=True)):
        if row.score != f.total:
            out.append(Flag(form=k, target="汇总表得分", family=SUMMARY_SCORE))
        if row.grade != grade_of(row.score):
            out.append(Flag(form=k, target="自评等级", family=GRADE_WRONG))
    return out
