"""Format-neutral layout of a FormSet: blocks of text and ruled grids that every renderer draws.

Every renderer draws the same cell texts, so a test can compare any ingested file with `sections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .perf_model import (
    FormSet,
    FormSpec,
    FundLine,
    IndicatorSpec,
    SummarySpec,
    fmt_num,
    num_text,
    q2,
)

BlockKind = Literal["title", "subtitle", "heading", "para", "grid", "note"]


@dataclass
class Grid:
    rows: list[list[str]]
    """Full grid; a cell covered by a span holds ''."""
    widths: list[float]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(row, col, rowspan, colspan)."""
    header: int = 0
    """Leading rows repeated when the grid runs over pages."""
    keys: dict[int, str] = field(default_factory=dict)
    """Row index → indicator name, for locating each indicator's page."""
    name_col: int = 0
    numbers: dict[tuple[int, int], tuple[Decimal, str]] = field(default_factory=dict)
    """(row, col) → (value, Excel number format) of numeric cells, for spreadsheets."""


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    grid: Grid | None = None


@dataclass
class Section:
    """What starts on a new page: one form, or the 汇总表."""

    blocks: list[Block]
    landscape: bool
    form: int | None = None


def amount(v: Decimal) -> str:
    return "" if v == 0 else f"{q2(v):.2f}"


def total_text(value: Decimal, layout: str) -> str:
    """2024 system exports print 自评总分 with 2 decimals; 2020 forms print it as typed."""
    return f"{q2(value):.2f}" if layout == "2024" else fmt_num(value)


def _numbers(grid: Grid, cells) -> None:
    """Mark numeric cells with the Excel format that displays them exactly as printed."""
    for r, c in cells:
        text = grid.rows[r][c]
        body = text.rstrip("%")
        if not body or not body.replace(".", "", 1).isdigit():
            continue
        places = len(body.split(".")[1]) if "." in body else 0
        fmt = "0" + ("." + "0" * places if places else "") + ("%" if text.endswith("%") else "")
        grid.numbers[(r, c)] = (Decimal(body) / (100 if text.endswith("%") else 1), fmt)


def _spans_down(rows: list[list[str]], col: int, first: int) -> list[tuple[int, int, int, int]]:
    """Merge runs of equal labels in `col` (一级/二级指标 are merged cells in the real forms)."""
    out, r = [], first
    while r < len(rows):
        end = r + 1
        while end < len(rows) and rows[end][col] == rows[r][col] and rows[r][col]:
            end += 1
        if end - r > 1:
            out.append((r, col, end - r, 1))
            for k in range(r + 1, end):
                rows[k][col] = ""
        r = end
    return out


def _rate(line: FundLine) -> str:
    return f"{q2(line.executed * 100 / line.budget):.2f}%" if line.budget else ""


def grid_2020(f: FormSpec) -> Grid:
    t, fi, ot = f.funds.total, f.funds.fiscal, f.funds.other
    rows = [
        ["项目名称", "", f.project, "", "", "", "", "", ""],
        ["主管部门及代码", "", f"{f.department}（{f.department_code}）", "", "", "实施单位", "", f.implementer, ""],
        ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "", amount(t.initial), amount(t.budget), amount(t.executed),
         fmt_num(f.execution_weight), f"{f.rate:.2f}%", fmt_num(f.execution_score)],
        ["", "其中：财政拨款", "", amount(fi.initial), amount(fi.budget), amount(fi.executed), "—", _rate(fi), "—"],
        ["", "其他资金", "", amount(ot.initial), amount(ot.budget), amount(ot.executed), "—", _rate(ot), "—"],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
        ["", f.goal, "", "", "", f.achieved, "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "未完成原因分析"],
    ]
    spans = [(0, 0, 1, 2), (0, 2, 1, 7), (1, 0, 1, 2), (1, 2, 1, 3), (1, 5, 1, 2), (1, 7, 1, 2), (2, 0, 4, 1),
             (2, 1, 1, 2), (3, 1, 1, 2), (4, 1, 1, 2), (5, 1, 1, 2), (6, 0, 2, 1), (6, 1, 1, 4), (6, 5, 1, 4),
             (7, 1, 1, 4), (7, 5, 1, 4)]
    first = len(rows)
    keys = {}
    for i in f.indicators:
        keys[len(rows)] = i.name
        rows.append(["", i.level1, i.level2, i.name, i.target_text, i.actual_text, fmt_num(i.weight),
                     fmt_num(i.score), i.reason])
    spans += [(8, 0, len(rows) - 8, 1)] + _spans_down(rows, 1, first) + _spans_down(rows, 2, first)
    rows.append(["总分", "", "", "", "", "", fmt_num(f.total_weight), total_text(f.total, "2020"), ""])
    spans.append((len(rows) - 1, 0, 1, 6))
    g = Grid(rows, [1.25, 1.25, 1.5, 2.8, 1.7, 1.6, 0.75, 0.75, 3.4], spans, keys=keys, name_col=3)
    _numbers(g, [(r, c) for r in range(3, 6) for c in range(3, 9)])
    _numbers(g, [(r, c) for r in range(first, len(rows)) for c in (6, 7)])
    return g


def _symbol(i: IndicatorSpec) -> str:
    return "定性" if i.kind == "qualitative" else "" if i.kind == "date" else i.comparator


def _value_2024(i: IndicatorSpec, actual: bool) -> str:
    if i.kind == "qualitative":
        return i.text_value
    if i.kind == "date":
        return i.actual_text if actual else i.target_text
    v = i.actual if actual else i.target
    return f"{q2(v):.2f}" if i.kind == "percent" else num_text(v, i.kind)


def grids_2024(f: FormSpec) -> tuple[Grid, Grid, Grid, Grid]:
    t, fi, ot = f.funds.total, f.funds.fiscal, f.funds.other
    basic = Grid([["项目名称", f.project, "项目级次", f.level, "实施主管单位", f"{f.department_code} - {f.department}",
                   "金额单位", "万元"]], [1.1, 3.0, 1.0, 0.8, 1.4, 3.0, 1.0, 0.8])
    sub = "其中：财政资金"
    money = Grid([
        ["预算安排情况（调整后）", "", "资金到位情况", "", "资金执行情况", "", "预算执行进度（%）"],
        ["预算数", amount(t.budget), "到位数", amount(t.received), "执行数", amount(t.executed), f"{f.rate:.2f}"],
        [sub, amount(fi.budget), sub, amount(fi.received), sub, amount(fi.executed), ""],
        ["其他", amount(ot.budget), "其他", amount(ot.received), "其他", amount(ot.executed), ""],
    ], [1.5, 1.2, 1.5, 1.2, 1.5, 1.2, 1.6], [(0, 0, 1, 2), (0, 2, 1, 2), (0, 4, 1, 2), (1, 6, 3, 1)], header=1)
    _numbers(money, [(r, c) for r in (1, 2, 3) for c in (1, 3, 5, 6)])
    goal = Grid([["年度预期目标", "具体完成情况", "总体完成率（%）"], [f.goal, f.achieved, total_text(f.total, "2024")]],
                [4.0, 4.0, 1.3], header=1)
    _numbers(goal, [(1, 2)])
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标说明", "指标分值", "预期指标值", "", "", "单项指标实际完成值",
         "单项指标完成情况", "自评得分"],
        ["", "", "", "", "", "符号", "值", "单位（文字描述）", "", "", ""],
    ]
    spans = [(0, c, 2, 1) for c in (0, 1, 2, 3, 4, 8, 9, 10)] + [(0, 5, 1, 3)]
    keys = {}
    for i in f.indicators:
        keys[len(rows)] = i.name
        rows.append([i.level1, i.level2, i.name, i.description, fmt_num(i.weight), _symbol(i), _value_2024(i, False),
                     "%" if i.kind == "percent" else i.unit, _value_2024(i, True), i.status, fmt_num(i.score)])
    spans += _spans_down(rows, 0, 2)
    rows.append(["预算执行率", "", "预算执行率", "", fmt_num(f.execution_weight), "", "", "", "", "",
                 fmt_num(f.execution_score)])
    rows.append(["自评总分", "", "", "", "", "", "", "", "", "", total_text(f.total, "2024")])
    spans += [(len(rows) - 2, 0, 1, 2), (len(rows) - 1, 0, 1, 10)]
    ind = Grid(rows, [1.0, 1.1, 2.6, 1.9, 0.8, 0.7, 1.4, 1.0, 1.3, 1.0, 0.8], spans, header=2, keys=keys,
               name_col=2)
    _numbers(ind, [(r, c) for r in range(2, len(rows)) for c in (4, 10)])
    return basic, money, goal, ind


def form_blocks(f: FormSpec) -> list[Block]:
    if f.layout == "2020":
        return [Block("title", "预算项目绩效自评表"), Block("subtitle", f"（{f.year}年度）"),
                Block("grid", grid=grid_2020(f)), *(Block("note", n) for n in f.notes)]
    basic, money, goal, ind = grids_2024(f)
    return [
        Block("title", f"{f.year}年度预算项目绩效自评表"),
        Block("heading", "一、基本情况"), Block("grid", grid=basic),
        Block("heading", "二、预算执行情况"), Block("grid", grid=money),
        Block("heading", "三、目标完成情况"), Block("grid", grid=goal),
        Block("heading", "四、年度绩效指标完成情况"), Block("grid", grid=ind),
        Block("heading", "五、存在问题原因及整改措施"), *(Block("para", p) for p in f.problems),
        Block("para", f"填报人：{f.preparer}"),
        Block("note", "说明："), *(Block("note", n) for n in f.notes),
    ]


def summary_blocks(s: SummarySpec, layout: str) -> list[Block]:
    rows = [["序号", "项目名称", "资金使用单位", "自评得分", "自评等级"]]
    rows += [[str(k), r.project, r.unit, total_text(r.score, layout), r.grade] for k, r in enumerate(s.rows, 1)]
    g = Grid(rows, [0.6, 3.0, 3.0, 1.0, 1.0], header=1)
    _numbers(g, [(r, 3) for r in range(1, len(rows))])
    return [Block("title", f"{s.year}年度项目支出绩效自评情况汇总表"), Block("para", f"部门：{s.department}"),
            Block("grid", grid=g), *(Block("note", n) for n in s.notes)]


def sections(fs: FormSet) -> list[Section]:
    out = [Section(form_blocks(f), f.landscape, k) for k, f in enumerate(fs.forms)]
    out.append(Section(summary_blocks(fs.summary, fs.layout), False))
    return out
