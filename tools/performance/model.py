"""Typed 绩效 documents: 预算项目绩效自评表, 绩效自评情况汇总表 and 绩效评价报告, every value located.

Values keep what the form printed (text, comparator, unit, precision) so the rules can decide
met/unmet, and locations point at the page, table, row and column a reviewer opens.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.accounts.model import Num
from tools.document import BBox
from tools.findings import Location
from tools.numbers import Comparator, DateParts, parse_value

FormLayout = Literal["2020", "2024", "transfer"]
"""2020: 年度指标值/实际完成值/分值/得分/未完成原因分析 with a 资金 block of 年初/全年预算/全年执行/执行率;
2024: 指标说明/符号/值/单位/实际完成值/单项指标完成情况/自评得分 with 预算数/到位数/执行数;
transfer: 转移支付 整体绩效目标自评表 (资金 by level of government, 全年完成值)."""

FundKey = Literal["total", "fiscal", "central", "provincial", "municipal", "county", "carryover", "other"]
"""年度资金总额; 财政拨款/财政资金; 中央/省级/市级/县级资金; 上年结转; 其他资金."""

Status = Literal["完成", "未完成"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Located(_Model):
    """Where a value or row is printed."""

    page: int | None = None
    table: str | None = None
    """Table title as printed ('预算项目绩效自评表（对专利权人的补助）' or the report's 得分表 title)."""
    row: str | None = None
    """Row label a reviewer reads ('产出指标/数量指标/发明专利授权', '年度资金总额', '总分')."""
    bbox: BBox | None = None

    def location(self, column: str | None = None, section: str | None = None) -> Location:
        return Location(
            page=self.page, table=self.table, row=self.row, column=column, section=section, bbox=self.bbox
        )


class Value(_Model):
    """An indicator value as printed: a number with its bound and unit, a date, a range or plain text."""

    raw: str
    """Text as printed (normalised), e.g. '≥10.00%', '2020.12.31之前', '有效促进', '应补尽补'."""
    number: Num | None = None
    """The number, when the value is one ('10.58', '95' of '≥95%'); for a range, its lower end."""
    upper: Num | None = None
    """Upper end of a range ('80-100%')."""
    comparator: Comparator | None = None
    """Bound printed with the value ('≥', '≤', '以上', '之前' read as '<=' for dates)."""
    unit: str | None = None
    """Unit as printed ('%', '件', '万元', '元/件'); None when absent."""
    date: DateParts | None = None
    """For a date value ('2020.12.31', '2020年9月')."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: object) -> object:
        # Case files write values as plain strings; the number, bound and unit follow from the text.
        if isinstance(data, (str, int)):
            return value_fields(str(data))
        return data

    @property
    def numeric(self) -> bool:
        return self.number is not None

    @property
    def percent(self) -> bool:
        return self.unit in ("%", "％")


# '80-100%', '90%～100%', '3至5个': a range states both ends; the unit is printed once or twice.
_RANGE = re.compile(r"(\d+(?:\.\d+)?%?)\s*[-~～—至到]\s*(\d+(?:\.\d+)?)\s*(%|[\u4e00-\u9fff/]{1,3})?")


def value_fields(text: str) -> dict:
    """Read one printed indicator value into Value fields (text only when it is not one quantity)."""
    raw = text.strip()
    out: dict = {"raw": raw}
    m = _RANGE.fullmatch(raw)
    if m:
        lo, hi = parse_value(m.group(1)), parse_value(m.group(2) + (m.group(3) or ""))
        if lo is not None and hi is not None and lo.value is not None and hi.value is not None:
            out["number"] = Num(value=lo.value, decimals=lo.decimals, raw=m.group(1))
            out["upper"] = Num(value=hi.value, decimals=hi.decimals, raw=m.group(2))
            out["unit"] = hi.unit
            return out
    q = parse_value(raw)
    if q is None:
        return out
    if q.kind == "date" or q.kind == "year":
        out["date"] = q.date
        out["comparator"] = q.comparator
        return out
    if q.value is not None:
        out["number"] = Num(value=q.value, decimals=q.decimals, raw=q.raw)
        out["comparator"] = q.comparator
        out["unit"] = q.unit
    return out


class Indicator(Located):
    """One 三级指标 row (or a 四级 row under it) of a 绩效自评表."""

    level1: str = ""
    """一级指标 as printed: 产出指标, 效益指标, 满意度指标, 可持续影响指标…"""
    level2: str = ""
    """二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 社会效益指标…"""
    name: str
    """三级指标 as printed."""
    description: str | None = None
    """指标说明 (2024 layout)."""
    target: Value | None = None
    """年度指标值 / 预期指标值 (with its 符号 and 单位 in the 2024 layout)."""
    actual: Value | None = None
    """实际完成值 / 全年完成值."""
    weight: Num | None = None
    """分值 / 指标分值."""
    score: Num | None = None
    """得分 / 自评得分."""
    status: Status | None = None
    """单项指标完成情况 as printed (2024 layout); None when the form has no such column."""
    reason: str | None = None
    """未完成原因分析 / 偏差原因分析及改进措施 / 未完成原因和改进措施 printed in the row."""


class FundLine(Located):
    """One row of the 项目资金 block."""

    key: FundKey
    label: str
    """As printed: '年度资金总额', '其中：财政拨款', '市级资金'."""
    initial: Num | None = None
    """年初预算数."""
    budget: Num | None = None
    """全年预算数 / 预算数（调整后）."""
    received: Num | None = None
    """到位数 (2024 layout)."""
    executed: Num | None = None
    """全年执行数 / 执行数."""
    weight: Num | None = None
    """分值 of 执行率 (printed on the total row)."""
    rate: Num | None = None
    """执行率 as printed; percent value ('24' for '24%')."""
    rate_raw: str | None = None
    """执行率 cell text ('24%', '10'), so a missing % sign stays visible."""
    score: Num | None = None
    """执行率得分 as printed."""


class Execution(Located):
    """The 预算执行率 indicator when it is printed as its own scored row (2024 layout)."""

    weight: Num | None = None
    score: Num | None = None
    progress: Num | None = None
    """预算执行进度（%） printed in the header block."""


class Goal(Located):
    """年度总体目标: the expected target and what was achieved, as text."""

    expected: str = ""
    achieved: str = ""
    completion: Num | None = None
    """总体完成率（%） (2024 layout)."""


class SelfEvaluationForm(Located):
    """One 预算项目绩效自评表 (or 转移支付 整体绩效目标自评表)."""

    layout: FormLayout
    title: str
    project: str = ""
    """项目名称 / 转移支付名称."""
    department: str | None = None
    """主管部门 / 实施主管单位."""
    implementer: str | None = None
    """实施单位."""
    year: int | None = None
    pages: list[int] = Field(default_factory=list)
    funds: list[FundLine] = Field(default_factory=list)
    execution: Execution | None = None
    goal: Goal | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    total_weight: Num | None = None
    """分值 of the 总分 row (or the printed 满分), when printed."""
    total_score: Num | None = None
    """总分 / 自评总分 as printed."""
    total: Located | None = None
    """Where the 总分 row is."""
    grade: str | None = None
    """自评等级 when the form prints one."""
    problems: str | None = None
    """存在问题、原因及整改措施 / 说明 text."""
    problems_at: Located | None = None
    notes: list[str] = Field(default_factory=list)
    """Printed 注/说明 lines: the evidence for the scoring profile."""
    scoring: str | None = None
    """Name of the scoring profile applied (detected from `notes` unless configured)."""
    scoring_evidence: str | None = None
    """The printed note that selected the scoring profile."""

    def fund(self, key: FundKey) -> FundLine | None:
        return next((f for f in self.funds if f.key == key), None)

    @property
    def label(self) -> str:
        """How a reviewer names this form: '《对专利权人的补助》绩效自评表'."""
        return f"《{self.project}》{'转移支付绩效目标自评表' if self.layout == 'transfer' else '绩效自评表'}" if self.project else self.title


class SummaryRow(Located):
    """One project row of a 绩效自评情况汇总表."""

    seq: str | None = None
    project: str
    unit: str | None = None
    """资金使用单位."""
    score: Num | None = None
    grade: str | None = None


class EvaluationSummary(Located):
    """绩效自评情况汇总表: one row per self-evaluated project."""

    title: str
    rows: list[SummaryRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    """备注 lines (they often print the grade bands)."""


class ScoreItem(Located):
    """One indicator of a 绩效评价报告 score table, at any level (一级…四级)."""

    level: int
    """1–4: 一级指标 … 四级指标; for a flat 得分表 the level of its rows."""
    name: str
    path: list[str] = Field(default_factory=list)
    """Names of the ancestors, top first."""
    weight: Num | None = None
    """分值 / 权重总分 (from '决策 (20分)' or a 权重 column)."""
    score: Num | None = None
    """得分 / 实际得分; None when the table prints no score for this level."""
    criterion: str | None = None
    """评价标准 / 评分标准 text."""


class ScoreTable(Located):
    """A score table of an evaluation report: the full 指标体系/得分表, or one 二级/三级 得分表."""

    title: str
    items: list[ScoreItem] = Field(default_factory=list)
    """Rows in printed order; parents before their children."""
    total_weight: Num | None = None
    """合计/总分 row: weight."""
    total_score: Num | None = None
    """合计/总分 row: score."""
    total: Located | None = None
    parent: str | None = None
    """For a sub-table: the indicator it breaks down ('决策', '项目立项规范性'), from its title."""


class ScoreStatement(_Model):
    """A score the report's narrative states: '项目总体得分 92 分', '项目产出 20 分（满分 15 分）'."""

    subject: str
    """What is scored as printed: '总体', '项目决策', '发明专利授权'…"""
    score: Num | None = None
    weight: Num | None = None
    """满分 / 分值 stated with it."""
    grade: str | None = None
    """等级 stated with it ('优')."""
    sentence: str
    section: str | None = None
    page: int | None = None
    bbox: BBox | None = None

    def location(self) -> Location:
        return Location(page=self.page, section=self.section, sentence=self.sentence, bbox=self.bbox)


class ReportSection(_Model):
    """A heading of the report and the text under it."""

    title: str
    level: int = 1
    page: int | None = None
    text: str = ""


class EvaluationReport(Located):
    """A 绩效评价报告: sections, score tables and every score its text states."""

    title: str
    project: str | None = None
    unit: str | None = None
    """Evaluated or issuing unit."""
    evaluator: str | None = None
    """评价机构 when named."""
    date: str | None = None
    sections: list[ReportSection] = Field(default_factory=list)
    tables: list[ScoreTable] = Field(default_factory=list)
    statements: list[ScoreStatement] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    """Items of 存在的问题 (text and 问题清单 rows)."""
    suggestions: list[str] = Field(default_factory=list)
    """Items of 意见建议."""


class Performance(_Model):
    """Every 绩效 document found in one input file."""

    forms: list[SelfEvaluationForm] = Field(default_factory=list)
    summaries: list[EvaluationSummary] = Field(default_factory=list)
    reports: list[EvaluationReport] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.forms or self.summaries or self.reports)


def num(text: str | None) -> Num | None:
    """A plain number cell ('87.4', '24%', '10') as Num; None when blank or not a number."""
    if text is None:
        return None
    q = parse_value(text)
    if q is None or q.value is None or q.kind in ("date", "year"):
        return None
    return Num(value=Decimal(q.value), decimals=q.decimals, raw=q.raw)
