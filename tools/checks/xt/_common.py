"""Helpers shared by the XT rules: a located cell of one table, comparisons of two printings, 类 codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from tools.accounts.columns import TOTAL_KEY
from tools.accounts.model import Amount, Line, Num, Statement, clean_code, label_key
from tools.checks.base import amount_text, equal_check, related
from tools.findings import Finding, Location, RelatedLocation, Severity
from tools.tolerance import Interval, fmt, total

# 支出功能分类 类 (2024 科目; older names kept as aliases). The 公开01/04表 print the 类 lines
# without codes, so the cross-table rules map them by name.
CLASS_CODES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210",
    "医疗卫生支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "粮油物资储备管理支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}


def norm_name(text: str | None) -> str:
    """A 科目名称 for comparison: no spaces, half-width brackets, no '（类）' markers, no ordinal."""
    t = label_key(text or "")
    t = t.replace("(", "（").replace(")", "）")
    t = re.sub(r"（[类款项]）", "", t)
    return t


def class_code(line: Line, names: dict[str, str] | None = None) -> str | None:
    """The 类 code of an uncoded 公开01/04表 line: its printed code, the national list, or a coded table's name."""
    code = clean_code(line.code)
    if code and len(code) == 3:
        return code
    name = norm_name(line.name or line.label)
    if name in CLASS_CODES:
        return CLASS_CODES[name]
    if names and name in names:
        return names[name]
    # '二十二、灾害防治及应急管理支出' may lose or gain the trailing '支出' in some templates.
    for key, value in CLASS_CODES.items():
        if name and (name + "支出" == key or name == key + "支出"):
            return value
    return None


def class_names(stmt: Statement | None) -> dict[str, str]:
    """Normalised name → code of the 3-digit lines of a coded table (fallback for unknown 类 names)."""
    out: dict[str, str] = {}
    if stmt is None:
        return out
    for ln in stmt.lines:
        code = clean_code(ln.code)
        if code and len(code) == 3:
            out.setdefault(norm_name(ln.name or ln.label.removeprefix(code)), code)
    return out


def coded(stmt: Statement, length: int | None = None) -> dict[str, Line]:
    """Code → first line with that code (optionally only codes of one length)."""
    out: dict[str, Line] = {}
    for ln in stmt.lines:
        code = clean_code(ln.code)
        if code and (length is None or len(code) == length) and code not in out:
            out[code] = ln
    return out


def total_line(stmt: Statement) -> Line | None:
    """The 合计 line of a coded table (T02/T03/T05/T08/T09)."""
    line = stmt.line(TOTAL_KEY)
    if line is not None:
        return line
    for ln in stmt.lines:
        if ln.total and not ln.code and ("合计" in ln.label or "总计" in ln.label):
            return ln
    return None


@dataclass(frozen=True)
class Cell:
    """One printed quantity: where it is and what it reads. `known` is False when it cannot be checked."""

    stmt: Statement
    line: Line | None
    column: str
    label: str
    amount: Amount | None
    known: bool

    @property
    def location(self) -> Location:
        if self.line is not None:
            return self.stmt.location(self.line, self.column)
        return Location(
            page=self.stmt.pages[0] if self.stmt.pages else None,
            table=self.stmt.title,
            row=self.label,
            column=self.column,
        )

    @property
    def zero(self) -> bool:
        return self.amount is None or self.amount.value == 0

    def describe(self) -> str:
        absent = "" if self.line is not None else "（未列示，视为0）"
        column = (
            self.column.split("/", 1)[1]
            if self.column.startswith(("收入/", "支出/"))
            else self.column
        )
        return f"{self.stmt.title}“{self.label}”{column}{absent}"


def cell(
    stmt: Statement | None,
    line: Line | None,
    column: str,
    label: str | None = None,
    absent_zero: bool = False,
) -> Cell | None:
    """A cell of `stmt`; None when the table is absent.

    A missing line or column reads as zero only when the table is declared empty (无数据); otherwise
    the cell is unknown (cannot be checked), unless `absent_zero` says the table lists every row
    that carries money (a coded table's 类 list). An unreadable cell is unknown.
    """
    if stmt is None:
        return None
    name = label or (line.label if line is not None else "")
    if line is None:
        return Cell(stmt, None, column, name, None, stmt.empty or absent_zero)
    if column in line.unreadable:
        return Cell(stmt, line, column, name, None, False)
    known = (
        column in line.values
        or column in line.blank
        or stmt.has_column(column)
        or stmt.empty
    )
    return Cell(stmt, line, column, name, line.values.get(column), known)


def compare_cells(
    code: str, severity: Severity, a: Cell | None, b: Cell | None
) -> Iterator[Finding]:
    """The same quantity printed in two tables must agree (rounding-only gaps are info)."""
    if a is None or b is None or not a.known or not b.known:
        return
    if a.zero and b.zero:
        return
    yield from equal_check(
        code,
        severity,
        subject=a.describe(),
        stated=a.amount,
        other=b.amount,
        other_name=b.describe(),
        location=a.location,
        related=[related(b.location)],
    )


def sum_cells(cells: list[Cell]) -> tuple[Num | None, Interval, Decimal]:
    """Printed sum, its interval and point value, of several cells (blank = 0)."""
    point, iv = total(c.amount for c in cells)
    decimals = max(
        (c.amount.decimals for c in cells if c.amount is not None), default=2
    )
    return Num(value=point, decimals=decimals, raw=fmt(point, decimals)), iv, point


def not_above(
    code: str,
    severity: Severity,
    *,
    part: list[Cell],
    whole: Cell,
    subject: str,
    location: Location,
    extra_related: list[RelatedLocation] | None = None,
) -> Iterator[Finding]:
    """Subset rule: Σ part ≤ whole; a gap rounding explains is info, beyond it `severity`."""
    if not whole.known or any(not c.known for c in part):
        return
    _, part_iv, point = sum_cells(part)
    big = whole.amount.value if whole.amount is not None else Decimal(0)
    if point <= big:
        return
    decimals = max(
        [c.amount.decimals for c in part if c.amount is not None]
        + [whole.amount.decimals if whole.amount else 2]
    )
    big_iv = Interval.of(whole.amount)
    diff = point - big
    rounding = part_iv.lo <= big_iv.hi
    parts_text = " + ".join(f"{c.describe()} {amount_text(c.amount)}" for c in part)
    tail = "，在四舍五入误差范围内（尾数误差）。" if rounding else "。"
    yield Finding(
        rule=code,
        severity="info" if rounding else severity,
        message=f"{subject}：{parts_text} 大于 {whole.describe()} {amount_text(whole.amount)}，超出{fmt(diff, decimals)}{tail}",
        location=location,
        expected=f"≤{amount_text(whole.amount)}",
        actual=fmt(point, decimals),
        difference=fmt(diff, decimals),
        evidence=[f"{c.describe()} {amount_text(c.amount)}" for c in part]
        + [f"{whole.describe()} {amount_text(whole.amount)}"],
        related=[related(whole.location)] + list(extra_related or []),
    )


def compare_classes(
    code: str, summary: Statement, summary_col: str, detail: Statement, detail_col: str
) -> Iterator[Finding]:
    """A totals table's 支出 side against a coded table: 本年支出合计 and every 类, both ways.

    A 类 the coded table lists but the totals table does not is compared with zero, and the
    other way round; a coded table without any 类 line (and not declared empty) cannot be checked.
    """
    yield from compare_cells(
        code,
        "error",
        cell(summary, summary.line("本年支出合计", "支出"), summary_col),
        cell(detail, total_line(detail), detail_col, label="合计"),
    )
    classes = coded(detail, 3)
    if not classes and not detail.empty:
        return
    names = class_names(detail)
    seen: set[str] = set()
    items = summary.items("支出", "本年支出合计")
    for line in items:
        class_ = class_code(line, names)
        if class_ is None:
            continue
        seen.add(class_)
        other = classes.get(class_)
        label = f"{class_} {line.key}" if other is None else None
        yield from compare_cells(
            code,
            "error",
            cell(summary, line, summary_col),
            cell(detail, other, detail_col, label=label, absent_zero=True),
        )
    if not items:
        return
    for class_, line in classes.items():
        if class_ not in seen:
            yield from compare_cells(
                code,
                "error",
                cell(detail, line, detail_col),
                cell(
                    summary,
                    None,
                    summary_col,
                    label=line.name or line.label,
                    absent_zero=True,
                ),
            )
