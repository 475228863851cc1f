"""Typed 决算公开 data: the nine 公开表 as keyed statements and the 情况说明 as located claims."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.document import BBox
from tools.findings import Location

TableKey = Literal["T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"]
Level = Literal["类", "款", "项"]
Scope = Literal["all", "fiscal", "general", "gov_fund", "soe"]
"""Fund scope of a figure: all funds, 财政拨款, 一般公共预算财政拨款, 政府性基金, 国有资本经营."""


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True
    )


class Num(_Model):
    """A number exactly as printed: value, displayed precision and the raw text."""

    value: Decimal
    decimals: int = 2
    """Digits printed after the decimal point; the value stands for v ± ½·10^-decimals."""
    raw: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: object) -> object:
        # Case files and tests write numbers as strings ("641.71"); precision comes from the text.
        if isinstance(data, (str, int)):
            text = str(data).replace(",", "").strip()
            exp = Decimal(text).as_tuple().exponent
            return {
                "value": Decimal(text),
                "decimals": max(0, -int(exp)),
                "raw": str(data),
            }
        return data


class Amount(Num):
    """A table cell amount with where it is printed."""

    page: int | None = None
    bbox: BBox | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: object) -> object:
        return Num._from_text.__func__(cls, data)  # type: ignore[attr-defined]


class Line(_Model):
    """One logical row of a statement (one side of a two-sided table counts as its own line)."""

    key: str
    """Identity inside the statement: the 科目编码 when printed, else the canonical label."""
    label: str
    """Row label as a reviewer reads it: '201 一般公共服务支出' or '本年收入合计'."""
    code: str | None = None
    """功能/经济分类科目编码 (3, 5 or 7 digits)."""
    name: str | None = None
    """科目名称 or 项目 text as printed (normalised)."""
    level: Level | None = None
    """类/款/项 from the code length (3/5/7 digits)."""
    line_no: int | None = None
    """行次 when the table prints one."""
    side: str | None = None
    """'收入' / '支出' in the two-sided totals tables; '人员经费' / '公用经费' (or '1', '2') for 公开06表 blocks."""
    page: int | None = None
    total: bool = False
    """A 合计/总计 row (not a 科目)."""
    values: dict[str, Amount] = Field(default_factory=dict)
    """Column key → printed amount. A blank cell is absent here (it reads as zero)."""
    blank: list[str] = Field(default_factory=list)
    """Column keys whose cell is printed blank or as a dash."""
    unreadable: dict[str, str] = Field(default_factory=dict)
    """Column key → raw cell text that is not a number (cannot be checked)."""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: object) -> object:
        # Lets case files and builders give only code/name (or label): key, label and level follow.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        code, name = data.get("code"), data.get("name")
        if not data.get("label"):
            data["label"] = (
                f"{code} {name}"
                if code and name
                else (name or code or data.get("key", ""))
            )
        if not data.get("key"):
            data["key"] = code or label_key(data["label"])
        if code and not data.get("level"):
            data["level"] = LEVELS.get(len(code))
        return data


LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}

TITLES: dict[str, str] = {
    "T01": "收入支出决算总表",
    "T02": "收入决算表",
    "T03": "支出决算表",
    "T04": "财政拨款收入支出决算总表",
    "T05": "一般公共预算财政拨款支出决算表",
    "T06": "一般公共预算财政拨款基本支出决算表",
    "T07": "财政拨款“三公”经费支出决算表",
    "T08": "政府性基金预算财政拨款收入支出决算表",
    "T09": "国有资本经营预算财政拨款收入支出决算表",
}


def clean_code(code: str | None) -> str | None:
    """A 科目编码 without spaces, or None when it is not all digits."""
    if not code:
        return None
    c = "".join(code.split())
    return c if c.isdigit() else None


def label_key(text: str) -> str:
    """Canonical key of a row label: no spaces, no leading ordinal ('一、', '（一）', '1.'), no '（含…）'."""
    import re

    t = re.sub(r"\s+", "", text)
    t = re.sub(
        r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])",
        "",
        t,
    )
    t = re.sub(r"[（(]含[^)）]*[)）]", "", t)
    return t


class Statement(_Model):
    """One 公开表 as keyed lines and columns."""

    key: TableKey
    title: str
    """Title as printed (normalised)."""
    number: str | None = None
    """Printed table number, e.g. '公开05表'."""
    pages: list[int] = Field(default_factory=list)
    unit: str | None = "万元"
    columns: list[str] = Field(default_factory=list)
    """Column keys: header path joined by '/', per side for two-sided tables ('支出/合计')."""
    column_numbers: dict[str, str] = Field(default_factory=dict)
    """Column key → 栏次 when the table prints a 栏次 row."""
    lines: list[Line] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    empty: bool = False
    """No amount printed in any cell."""
    empty_note: str | None = None
    """The note explaining an empty table ('本单位无…，故本表无数据'), when printed."""

    def column(self, *words: str, side: str | None = None) -> str | None:
        """First column key containing every word (side prefix honoured), or None."""
        for key in self.columns:
            if side is not None and not key.startswith(side + "/"):
                continue
            if all(w in key for w in words):
                return key
        return None

    def line(self, key: str, side: str | None = None) -> Line | None:
        for line in self.lines:
            if line.key == key and (side is None or line.side == side):
                return line
        return None

    def has_column(self, column: str) -> bool:
        """The table prints this column: declared in the header, or some line carries a cell of it."""
        return column in self.columns or any(
            column in ln.values or column in ln.blank or column in ln.unreadable
            for ln in self.lines
        )

    def items(self, side: str, stop: str) -> list[Line]:
        """Item lines of one side of a two-sided table above its `stop` total line (totals excluded)."""
        out = []
        for ln in self.lines:
            if ln.side != side:
                continue
            if ln.key == stop:
                break
            if not ln.total:
                out.append(ln)
        return out

    def find(self, *words: str, side: str | None = None) -> Line | None:
        """First line whose label contains every word."""
        for line in self.lines:
            if (side is None or line.side == side) and all(
                w in line.label for w in words
            ):
                return line
        return None

    def location(self, line: Line, column: str | None = None) -> Location:
        amount = line.values.get(column) if column else None
        return Location(
            page=(amount.page if amount and amount.page else None)
            or line.page
            or (self.pages[0] if self.pages else None),
            table=self.title,
            row=line.label,
            column=column,
            bbox=amount.bbox if amount else None,
        )


class Ref(_Model):
    """The table quantity a narrative figure restates."""

    table: TableKey
    line: str
    """Line key in that statement (code or canonical label)."""
    column: str
    side: str | None = None
    scope: Scope = "all"


ClaimKind = Literal["amount", "share", "change", "completion", "budget_final", "count"]
Direction = Literal["increase", "decrease", "flat"]


class Claim(_Model):
    """One statement of the 情况说明 that carries numbers, with what it refers to."""

    kind: ClaimKind
    subject: str
    """What the figure is about, as written ('本年收入合计', '一般公共服务（类）支出', '公务用车购置数')."""
    sentence: str
    """The whole sentence (quoted as evidence)."""
    section: str | None = None
    """Heading of the 情况说明 section the sentence sits in."""
    page: int | None = None
    bbox: BBox | None = None
    scope: Scope = "all"
    ref: Ref | None = None
    """Table quantity the stated amount restates; None when it is not linked."""
    amount: Num | None = None
    """The subject's amount (万元) as stated."""
    share: Num | None = None
    """占X%."""
    share_of: Ref | None = None
    """The whole of the share (None: the section's total)."""
    change: Num | None = None
    """增加/减少 A 万元 (absolute value)."""
    change_pct: Num | None = None
    """增长/下降 B% (absolute value)."""
    direction: Direction | None = None
    compared_with: Literal["prior_year", "budget"] | None = None
    budget: Num | None = None
    """年初预算为 … (or 全年预算 when budget_kind says so)."""
    budget_kind: Literal["年初预算", "全年预算", "预算"] | None = None
    final: Num | None = None
    """支出决算为 …"""
    completion: Num | None = None
    """完成年初预算的 Z%."""
    count: Num | None = None
    count_unit: str | None = None
    """辆, 个, 人次, 批次…"""
    reason: str | None = None
    """The stated cause (主要原因是 …) attached to this deviation; None when absent."""
    chapter: str | None = None
    """Top-level 情况说明 heading ('五、…') when `section` is a sub-heading ('（二）…'); else `section`."""
    budget_full: Num | None = None
    """全年预算 …, when the sentence states it besides the 年初预算 in `budget`."""
    completion_basis: Literal["年初预算", "全年预算", "预算"] | None = None
    """What the completion rate is stated against: 完成年初预算的 / 完成全年预算数的 / 完成预算的."""
    share_of_text: str | None = None
    """The whole of the share as written ('本年支出合计' in 占本年支出合计的X%); None when implicit."""
    linked_by: Literal["name", "amount"] | None = None
    """How `ref` was found: 'name' — the subject names the line; 'amount' — a 项 whose written name
    matches no line, placed by its 类/款 and the one line there whose 合计 equals the stated 决算数
    (the amount then proves nothing, and the name is not confirmed). None when unlinked or set by hand."""

    def location(self) -> Location:
        return Location(
            page=self.page, section=self.section, sentence=self.sentence, bbox=self.bbox
        )


class Section(_Model):
    """A 情况说明 (or other narrative) section: heading and its sentences, for completeness checks."""

    heading: str
    page: int | None = None
    text: str = ""
    level: int | None = None
    """1 for a part heading (第三部分), 2 for '一、…', 3 for '（一）…'."""


class FinalAccounts(_Model):
    """What a 决算公开 report says, typed: statements by key, narrative claims, sections, front matter."""

    unit: str | None = None
    year: int | None = None
    statements: dict[str, Statement] = Field(default_factory=dict)
    claims: list[Claim] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    texts: list[tuple[int | None, str]] = Field(default_factory=list)
    """Every paragraph/heading/note as (page, text), for residue and year checks."""

    @model_validator(mode="before")
    @classmethod
    def _statement_keys(cls, data: object) -> object:
        # statements: {T05: {...}} need not repeat the key (or the title) inside.
        if isinstance(data, dict) and isinstance(data.get("statements"), dict):
            data = dict(data)
            stmts = {}
            for key, spec in data["statements"].items():
                if isinstance(spec, dict):
                    spec = {"key": key, "title": TITLES.get(key, key), **spec}
                stmts[key] = spec
            data["statements"] = stmts
        return data

    def table(self, key: str) -> Statement | None:
        return self.statements.get(key)

    def lookup(self, ref: Ref) -> tuple[Statement, Line, Amount | None] | None:
        """Statement, line and amount a reference points at; None when the table or line is absent."""
        stmt = self.statements.get(ref.table)
        if stmt is None:
            return None
        line = stmt.line(ref.line, ref.side)
        if line is None:
            return None
        return stmt, line, line.values.get(ref.column)
