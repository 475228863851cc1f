"""Pydantic models of a synthetic 部门决算公开报告 and the numeric truth derived from it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """Quantise to 2 decimals the way the printed reports round (half up)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def pct(part: Decimal, whole: Decimal) -> Decimal:
    """Percentage with 2 decimals, ROUND_HALF_UP, as printed in 情况说明."""
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_cell(value: Decimal) -> str:
    """Table cell text: zero prints as an empty cell, others without separators."""
    return "" if value == 0 else f"{money(value):.2f}"


def fmt_amount(value: Decimal) -> str:
    """Narrative amount with thousands separators, e.g. '1,234.56'."""
    return f"{money(value):,.2f}"


def parse_cell(text: str) -> Decimal:
    """Inverse of fmt_cell; blank cells count as zero."""
    text = text.replace(",", "").strip()
    return Decimal(text) if text else Decimal("0.00")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Model):
    """A merged header cell: the text sits at (row, col), covered cells hold ''."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


ColumnRole = Literal["code", "name", "line", "amount"]


class Column(_Model):
    path: list[str]
    """Header labels from the top level down, e.g. ['本年支出', '基本支出']."""
    role: ColumnRole
    group: int = 0
    """Side-by-side blocks (收入 | 支出, 人员经费 | 公用经费) have their own label columns."""
    width: float = 1.0
    """Relative width hint for renderers."""

    @property
    def label(self) -> str:
        return "/".join(p for p in self.path if p)


RowKind = Literal["total", "class", "kuan", "item", "line", "econ_class", "econ_item", "sum"]


class Row(_Model):
    cells: list[str]
    kind: RowKind = "line"
    """Hierarchy level for 功能分类 rows (class=类 3 digits, kuan=款 5, item=项 7)."""


class Fact(_Model):
    """One printed amount: where it is and what it is."""

    table: str
    row: str
    column: str
    value: Decimal


class ReportTable(_Model):
    number: str
    """Normalised table number, e.g. '公开01表'."""
    title: str
    unit: str = "万元"
    unit_name: str
    header: list[list[str]]
    """Full header grid including the 栏次 row; cells covered by a span are ''."""
    spans: list[Span] = Field(default_factory=list)
    columns: list[Column]
    rows: list[Row] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    empty: bool = False
    """True when the unit had no such funds and the table is declared empty in a note."""
    ruled: bool = True
    """False renders the table without any grid lines (columns inferred from positions)."""
    landscape: bool = False
    repeat_header: bool = True
    """False prints the header only on the first page when the table runs over pages."""

    @property
    def caption(self) -> list[str]:
        return [f"单位：{self.unit_name}", self.number, f"金额单位：{self.unit}"]

    def row_label(self, row: Row, group: int) -> str:
        # 功能分类/经济分类 names repeat (行政运行 under many 款), so codes label rows when present.
        code = name = ""
        for i, col in enumerate(self.columns):
            if col.group != group:
                continue
            if col.role == "code":
                code = row.cells[i].strip()
            elif col.role == "name":
                name = row.cells[i].strip()
        return code or name

    @property
    def facts(self) -> list[Fact]:
        out: list[Fact] = []
        for row in self.rows:
            for i, col in enumerate(self.columns):
                if col.role != "amount" or not row.cells[i].strip():
                    continue
                out.append(
                    Fact(
                        table=self.number,
                        row=self.row_label(row, col.group),
                        column=col.label,
                        value=parse_cell(row.cells[i]),
                    )
                )
        return out

    def value(self, row: str, column: str) -> Decimal:
        """Amount at (row label, column label); blank cells are 0, unknown labels raise."""
        col_idx = [i for i, c in enumerate(self.columns) if c.label == column]
        if not col_idx:
            raise KeyError(column)
        group = self.columns[col_idx[0]].group
        for r in self.rows:
            if self.row_label(r, group) == row:
                return parse_cell(r.cells[col_idx[0]])
        raise KeyError(row)

    def column_values(self, column: str, kinds: tuple[str, ...]) -> list[Decimal]:
        idx = next(i for i, c in enumerate(self.columns) if c.label == column)
        return [parse_cell(r.cells[idx]) for r in self.rows if r.kind in kinds]


ClaimKind = Literal["amount", "change", "change_pct", "share_pct", "completion_pct", "count"]


class Claim(_Model):
    """A number stated in the narrative, with what it must agree with."""

    kind: ClaimKind
    subject: str
    value: Decimal
    sentence: str
    ref: tuple[str, str, str] | None = None
    """(table, row label, column label) of the table amount the claim restates."""
    inputs: list[Decimal] = Field(default_factory=list)
    """Operands: change=[current, prior], change_pct=[current, prior], share_pct=[part, whole],
    completion_pct=[actual, budget]."""


class Section(_Model):
    heading: str
    level: int = 2
    """2 for '一、…', 3 for '（一）…'."""
    paragraphs: list[str] = Field(default_factory=list)


class BuildOptions(_Model):
    unit_name: str | None = None
    year: int = 2025
    rows: int = 14
    """Number of 项 (7-digit) rows in 公开02/03表; 40 makes them run over a page."""
    gov_fund: bool = True
    """False declares 公开08表 empty."""
    soe: bool = False
    """True gives the unit 国有资本经营预算 money so 公开09表 has data."""
    borderless: tuple[str, ...] = ("公开07表",)
    landscape: tuple[str, ...] = ("公开04表",)
    repeat_headers: bool = True
    """False: tables that run over pages do not repeat their header rows on the next page."""


class Report(_Model):
    unit_name: str
    year: int
    options: BuildOptions
    overview: list[Section]
    """第一部分 单位概况."""
    tables: list[ReportTable]
    """第二部分: the nine 公开 tables in order."""
    narrative: list[Section]
    """第三部分 情况说明."""
    glossary: list[str] = Field(default_factory=list)
    """第四部分 名词解释, one paragraph per term ('1.基本支出：指…')."""
    claims: list[Claim] = Field(default_factory=list)
    prior: dict[str, Decimal] = Field(default_factory=dict)
    """Previous-year amounts the narrative compares with (not printed in any table)."""

    @property
    def title(self) -> str:
        return f"{self.unit_name}{self.year}年度部门决算"

    @property
    def part_headings(self) -> list[str]:
        return [
            "第一部分 单位概况",
            f"第二部分 {self.year}年度部门决算表",
            f"第三部分 {self.year}年度部门决算情况说明",
            "第四部分 名词解释",
        ]

    def table(self, number: str) -> ReportTable:
        for t in self.tables:
            if t.number == number:
                return t
        raise KeyError(number)

    @property
    def facts(self) -> list[Fact]:
        """Every non-blank amount printed in the nine tables."""
        return [f for t in self.tables for f in t.facts]

    @property
    def sentences(self) -> list[str]:
        """Narrative (第三部分) sentences, each ending with '。'."""
        out: list[str] = []
        for sec in self.narrative:
            for para in sec.paragraphs:
                # a lead-in such as "其中：" before a list is not a sentence of its own
                out.extend(s + "。" for s in para.split("。") if s.strip() and not s.strip().endswith("："))
        return out
