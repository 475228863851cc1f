"""Deterministic extraction of 预算项目绩效自评表 and 转移支付 整体绩效目标自评表 from a located Document.

A form is read from its table rows when the document has a grid (PDF/DOCX/XLSX, tab-separated
text), over as many tables and pages as it runs, and from its text lines when it has none (the
2024 layout exported to text). Cells are read by meaning rather than by position alone: text
renditions shift a row's cells left or right, so 分值/得分 are anchored from the right and level
names are recognised by their vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.accounts.model import Num
from tools.document import Document, Heading, Paragraph, Row, Table
from tools.performance.form_text import (
    BudgetBlock,
    Line,
    LineFormReader,
    dedupe,
    form_label,
    form_section,
    is_blank,
    is_enumerated,
    is_note_start,
    is_number,
    join_broken,
    key,
    level_of,
    note_items,
    number,
    parse_tail,
    printed,
    row_label,
    strip_year,
    union_bbox,
    value,
    year_of,
)
from tools.performance.model import (
    EvaluationSummary,
    Execution,
    FormLayout,
    FundKey,
    FundLine,
    Goal,
    Indicator,
    Located,
    SelfEvaluationForm,
)
from tools.performance.summary import is_summary_table, read_summaries

__all__ = ["extract_forms", "extract_summaries"]

_PROJECT_LABELS = ("项目名称", "转移支付名称")
_FIELD_LABELS = (
    "项目名称", "转移支付名称", "主管部门及代码", "主管部门", "县级主管部门", "市级主管部门", "省级主管部门",
    "实施主管单位", "实施单位", "项目级次", "金额单位", "项目编码",
)  # fmt: skip
_DEPARTMENT_LABELS = ("主管部门及代码", "主管部门", "实施主管单位", "县级主管部门", "市级主管部门", "省级主管部门")
_TOTAL_LABELS = ("总分", "合计", "总计", "自评总分", "评价总分")
_FUND_HEADER = re.compile(r"年初预算数|全年预算数|全年执行数|执行率")
_FUND_KEYS: tuple[tuple[str, FundKey], ...] = (
    (r"资金总额|合计|总计", "total"),
    (r"财政拨款|财政资金", "fiscal"),
    (r"中央", "central"),
    (r"省级", "provincial"),
    (r"市级", "municipal"),
    (r"县级|区级", "county"),
    (r"上年结转|结转", "carryover"),
    (r"其他", "other"),
)
_FUND_ROLES = (
    (r"年初", "initial"),
    (r"执行率", "rate"),
    (r"执行数", "executed"),
    (r"到位", "received"),
    (r"预算数", "budget"),
    (r"分值|权重", "weight"),
    (r"得分", "score"),
)
# Indicator columns by header label; the first pattern a label matches decides its role.
_INDICATOR_ROLES = (
    (r"^一级指标", "l1"),
    (r"^二级指标", "l2"),
    (r"^三级指标|^指标名称|^指标内容", "l3"),
    (r"指标说明|指标解释", "desc"),
    (r"实际完成值|全年完成值|完成值", "actual"),
    (r"完成情况", "status"),
    (r"指标分值|^分值|权重", "weight"),
    (r"^符号$", "cmp"),
    (r"^值$", "value"),
    (r"^单位", "unit"),
    (r"指标值", "target"),
    (r"得分", "score"),
    (r"原因|措施", "reason"),
)
_GOAL_EXPECTED = re.compile(r"预期目标|设定目标|年度目标$")
_GOAL_ACHIEVED = re.compile(r"完成情况")
_GOAL_RATE = re.compile(r"完成率")
_GOAL_ROW = re.compile(r"年度总体目标|总体目标|年度预期目标")
_BUDGET_2024 = re.compile(r"预算数|到位数|执行数|财政资金|预算执行进度|预算安排|资金到位|资金执行|^其他$")
_STATUS = ("完成", "未完成")
_DEFAULT_TITLES: dict[str, str] = {
    "2020": "预算项目绩效自评表",
    "2024": "预算项目绩效自评表",
    "transfer": "转移支付整体绩效目标自评表",
}
# '三、目标完成情况': a section title printed in the first cell, not a column label.
_SECTION_TITLE = re.compile(r"^[一二三四五六七八九十]+[、.．]|^目标完成情况$")
_SECTION_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十]+[、.．)）]")


def extract_forms(doc: Document) -> list[SelfEvaluationForm]:
    """Read every 绩效自评表 of a document.

    Args:
        doc: an ingested document of any format and page count.

    Returns:
        The 预算项目绩效自评表 (layouts '2020' and '2024') and 转移支付 整体绩效目标自评表 ('transfer')
        in print order, each value located by page, table label, row label and bbox. A form printed
        as a grid is read from its tables, a 2024 form exported without one from its text lines.
    """
    blocks = doc.blocks()
    found: list[tuple[int, SelfEvaluationForm]] = []
    used: set[int] = set()
    for draft in _drafts(blocks):
        form = _Reader(draft).read()
        if form is not None:
            found.append((draft.start, form))
            used.update(draft.blocks)
    found.extend(_line_forms(blocks, used))
    return [form for _, form in sorted(found, key=lambda item: item[0])]


def extract_summaries(doc: Document) -> list[EvaluationSummary]:
    """Read every 绩效自评情况汇总表 of a document.

    Args:
        doc: an ingested document.

    Returns:
        One summary per table (a table continued on the next page included), its project rows in
        print order and the 备注 lines printed under it.
    """
    return read_summaries(doc)


# ---------------------------------------------------------------------------------------------
# Which tables make up a form.


@dataclass
class _Draft:
    start: int
    tables: list[Table]
    title: str
    year: int | None
    project: str
    blocks: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    """Pages of the notes and text printed under or between the form's tables."""
    section: str | None = None
    """Part of the form the last numbered heading opened ('budget', 'indicators', 'problems'…)."""
    open_part: bool = False
    """A numbered heading was printed since the last table: the next untitled table is that part."""
    problems: list[Heading | Paragraph] = field(default_factory=list)
    """Text printed under the form's 存在问题 heading (the 2024 layout with separate grids)."""
    problems_head: Heading | Paragraph | None = None

    @property
    def split(self) -> bool:
        """The form is printed as separate grids under numbered headings (基本情况, 预算执行情况…):
        its first grid holds the header fields only."""
        return not _has_body(self.tables[0])


def _cells(row: Row) -> list[tuple[int, str]]:
    """(column, printed text) of a row; a copy of a spanning cell is blanked so a label or a value is
    read once: where the span starts. Levels merged down a column carry over from the rows above."""
    return [(cell.col, "" if cell.merged else printed(cell.text)) for cell in sorted(row.cells, key=lambda c: c.col)]


def _label_value(cells: list[tuple[int, str]], labels: tuple[str, ...]) -> dict[str, str]:
    """Label → the first text right of it that is not itself a label."""
    out: dict[str, str] = {}
    for i, (_, text) in enumerate(cells):
        label = key(text).rstrip(":：")
        if label not in labels or label in out:
            continue
        after = (t for _, t in cells[i + 1 :] if key(t) and key(t).rstrip(":：") not in _FIELD_LABELS)
        out[label] = next(after, "")
    return out


def _project_of(table: Table) -> str:
    for row in table.rows:
        fields = _label_value(_cells(row), _PROJECT_LABELS)
        for label in _PROJECT_LABELS:
            if fields.get(label):
                return fields[label]
    return ""


def _has_body(table: Table) -> bool:
    for row in table.rows:
        keys = [key(t) for _, t in _cells(row)]
        if "一级指标" in keys or any(_FUND_HEADER.search(k) for k in keys) or "指标分值" in keys:
            return True
    return False


def _looks_continued(table: Table) -> bool:
    """A table carrying on a form on its next page: indicator rows, a repeated header or the 总分 row."""
    for row in table.rows:
        keys = [key(t) for _, t in _cells(row) if key(t)]
        if not keys:
            continue
        if keys[0] in _TOTAL_LABELS or keys[0].startswith(("总分", "预算执行率", "说明")) or "一级指标" in keys:
            return True
        if any(level_of(k) is not None for k in keys[:3]) or any(k in _STATUS for k in keys):
            return True
        if _anchor(_cells(row)) is not None:
            return True
    return False


def _role(table: Table, title: str) -> str | None:
    """'start' for the table that opens a form (it names the project), 'part' for one carrying it on."""
    if "汇总" in key(title) or is_summary_table(table):
        return None
    if _project_of(table) and (_has_body(table) or "自评表" in key(title)):
        return "start"
    if table.title and "自评表" not in key(table.title):
        return None
    return "part" if _looks_continued(table) else None


def _title_year(blocks: list, i: int, table: Table) -> tuple[str, int | None, int | None]:
    """(title, year, index of the title block when printed above the table) of a form's first table."""
    before: list[tuple[int, str]] = []
    for j in range(i - 1, max(-1, i - 4), -1):
        if isinstance(blocks[j], Table):
            break  # text above an earlier table is that table's
        before.insert(0, (j, blocks[j].text))
    title, at = printed(table.title or ""), None
    if "自评表" not in key(title):
        found = next(((j, t) for j, t in reversed(before) if "自评表" in key(t) and len(key(t)) <= 60), None)
        if found is not None:
            at, title = found[0], printed(found[1])
    year = year_of(table.title, *table.caption, *(t for _, t in reversed(before)))
    return strip_year(title), year, at


_SIGNER = ("填报人", "填表人", "联系人", "联系电话")


def _drafts(blocks: list) -> list[_Draft]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    in_notes = False
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            current, in_notes = _take_table(drafts, current, blocks, i, block)
            continue
        if current is None:
            continue
        part = form_section(block.text) if current.split else None
        if part is not None:
            # '二、预算执行情况', '五、存在问题原因及整改措施': a part of the form printed under its own heading.
            current.section, current.open_part, in_notes = part, True, False
            current.blocks.append(i)
            current.problems_head = block if part == "problems" else current.problems_head
        elif current.section == "problems" and _is_problem_text(block):
            current.problems.append(block)
            current.blocks.append(i)
            current.pages.add(block.page)
        elif isinstance(block, Heading):
            # A page header repeating the form's title keeps the form open; any other heading ends it.
            if key(strip_year(printed(block.text))) != key(current.title):
                current = None
        else:
            if current.section == "problems":
                current.section = "tail"
            if key(block.text).startswith(_SIGNER):
                current.blocks.append(i)
                continue
            in_notes = _take_note(current, block, i, in_notes)
    return drafts


def _is_problem_text(block: Heading | Paragraph) -> bool:
    """Text of the 存在问题 part: anything up to the signer line, the notes, the next form's title or
    the next numbered heading (a line of text set large may arrive as a heading)."""
    k = key(block.text)
    if k.startswith(_SIGNER) or is_note_start(block.text):
        return False
    return not (isinstance(block, Heading) and (_is_title(block.text) or _SECTION_NUMBER.match(k)))


def _take_table(drafts: list[_Draft], current: _Draft | None, blocks: list, i: int, table: Table) -> tuple:
    project = _project_of(table)
    title, year, title_at = _title_year(blocks, i, table)
    role = _role(table, title)
    same = current is not None and (not project or key(project) == key(current.project))
    if role == "start" and not same:
        current = _Draft(start=i, tables=[table], title=title, year=year, project=project, blocks=[i])
        if title_at is not None:
            current.blocks.append(title_at)
        drafts.append(current)
    elif current is not None and (role is not None or (current.open_part and not key(table.title))):
        current.tables.append(table)
        current.blocks.append(i)
    else:
        return None, False
    current.open_part = False
    notes = [n for n in table.notes if not key(n).startswith(_SIGNER)]
    current.notes.extend(note_items(notes))
    return current, bool(notes)


def _take_note(draft: _Draft, block: Paragraph, i: int, in_notes: bool) -> bool:
    """Notes printed as paragraphs under the form ('注：1. …', then '2. …')."""
    lines = [ln.text for ln in block.lines] or [block.text]
    if is_note_start(lines[0]) or (in_notes and is_enumerated(lines[0])):
        draft.notes.extend(note_items(lines))
        draft.blocks.append(i)
        draft.pages.add(block.page)
        return True
    return False


# ---------------------------------------------------------------------------------------------
# Reading a form's rows.


def _layout(draft: _Draft) -> FormLayout:
    rows = [[key(t) for _, t in _cells(r)] for t in draft.tables for r in t.rows]
    if "转移支付" in key(draft.title) or any("转移支付名称" in keys for keys in rows):
        return "transfer"
    for keys in rows:
        if "一级指标" in keys and any(k in keys for k in ("指标分值", "单项指标完成情况", "符号", "自评得分")):
            return "2024"
    return "2020"


def _roles(cells: list[tuple[int, str]], patterns: tuple[tuple[str, str], ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for col, text in cells:
        k = key(text)
        role = next((r for p, r in patterns if k and re.search(p, k)), None)
        if role is not None and role not in out:
            out[role] = col
    return out


def _fund_key(label: str) -> FundKey | None:
    k = key(label)
    return next((fk for pattern, fk in _FUND_KEYS if re.search(pattern, k)), None)


class _Reader:
    """Reads the rows of one form's tables in order, by section: header, 资金, 目标, 指标, 总分, 说明."""

    def __init__(self, draft: _Draft) -> None:
        self.draft = draft
        self.layout = _layout(draft)
        self.section = "head"
        self.fields: dict[str, str] = {}
        self.fund_roles: list[tuple[int, str]] = []
        self.funds: list[FundLine] = []
        self.goal_labels: dict[str, int] = {}
        self.goal_cells: list[tuple[int, str, Row]] = []
        self.goal_at: Row | None = None
        self.cols: dict[str, int] = {}
        self.offset = 0
        self.l1 = self.l2 = ""
        self.indicators: list[Indicator] = []
        self.last: int | None = None
        self.budget_lines: list[str] = []
        self.execution: dict = {}
        self.total: Located | None = None
        self.total_weight: Num | None = None
        self.total_score: Num | None = None
        self.grade: str | None = None
        self.problems: list[str] = []
        self.problems_at: Located | None = None
        self.notes: list[str] = []
        self.label = self.title

    def at(self, row: Row, label: str) -> dict:
        return {"page": row.page, "table": self.label, "row": label, "bbox": row.bbox}

    # -- driving -------------------------------------------------------------------------------

    def read(self) -> SelfEvaluationForm | None:
        rows = [r for t in self.draft.tables for r in t.rows]
        for row in rows:
            cells = _cells(row)
            if any(key(t) for _, t in cells):
                self.feed(row, cells)
        if not (self.project or self.indicators or self.funds):
            return None
        return self.build(rows)

    def feed(self, row: Row, cells: list[tuple[int, str]]) -> None:
        keys = [key(t) for _, t in cells]
        first = next(k for k in keys if k)
        if self.head_fields(cells):
            return
        part = form_section(first) if sum(bool(k) for k in keys) == 1 else None
        if part is not None and part != "problems":
            # A part's heading printed as a row of the grid ('四、年度绩效指标完成情况'): its header follows.
            self.section = "head"
            return
        if self.section not in ("indicators", "tail", "problems") and self.block_header(row, cells, keys):
            return
        if "一级指标" in keys or ("二级指标" in keys and "三级指标" in keys):
            self.section = "indicators"
            roles = _roles(cells, _INDICATOR_ROLES)
            # A second header row under 预期指标值 names its 符号/值/单位 parts.
            self.cols = {**self.cols, **roles} if "cmp" in roles or "value" in roles else roles
            return
        if self.section == "indicators" and {"符号", "值"} <= set(keys):
            self.cols.update(_roles(cells, _INDICATOR_ROLES[7:10]))
            return
        if not self.special(row, cells, first):
            self.body(row, cells, keys)

    def block_header(self, row: Row, cells: list[tuple[int, str]], keys: list[str]) -> bool:
        """The 资金 header row and the 目标 rows, which come before the indicators."""
        short = [k for k in keys if 0 < len(k) <= 10]
        if self.layout != "2024" and sum(bool(_FUND_HEADER.search(k)) for k in short) >= 2:
            self.section = "funds"
            self.fund_roles = sorted((c, r) for r, c in _roles(cells, _FUND_ROLES).items())
            return True
        if any(_GOAL_ROW.search(k) for k in short) or (
            any(_GOAL_EXPECTED.search(k) for k in short) and any(_GOAL_ACHIEVED.search(k) for k in short)
        ):
            self.section = "goal"
            self.goal_row(row, cells)
            return True
        return False

    def head_fields(self, cells: list[tuple[int, str]]) -> bool:
        fields = _label_value(cells, _FIELD_LABELS)
        for label, text in fields.items():
            self.fields.setdefault(label, text)
        if fields.get("项目名称") or fields.get("转移支付名称"):
            self.label = form_label(self.title, self.project)
        return bool(fields)

    @property
    def title(self) -> str:
        return self.draft.title or _DEFAULT_TITLES[self.layout]

    @property
    def project(self) -> str:
        return self.fields.get("项目名称") or self.fields.get("转移支付名称", "")

    def special(self, row: Row, cells: list[tuple[int, str]], first: str) -> bool:
        """Rows named by their first cell: 总分, 预算执行率, 自评等级, 说明/存在问题, 注."""
        texts = [t for _, t in cells if key(t)]
        if first in _TOTAL_LABELS or first.startswith("总分"):
            self.read_total(row, cells)
        elif first.startswith("预算执行率"):
            self.read_execution(row, cells)
        elif first.startswith("自评等级"):
            self.grade = texts[1] if len(texts) > 1 else None
        elif first.startswith(("填报人", "填表人", "联系人", "联系电话")):
            self.section = "tail"
        elif is_note_start(texts[0]) and not self.is_problems_label(first, texts):
            self.notes.extend(note_items(["\n".join(texts)]))
        elif len(first) <= 20 and (first.startswith("说明") or "存在问题" in first or "整改措施" in first):
            # The 问题 block's label; a long cell naming 整改措施 is the block's text.
            self.section = "problems"
            self.problems.extend(texts[1:])
            label = re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", printed(texts[0])).rstrip(":：")
            self.problems_at = Located(**self.at(row, label))
        else:
            return False
        return True

    def is_problems_label(self, first: str, texts: list[str]) -> bool:
        """A 说明 row whose next cell is text is the 2020/transfer form's 说明 (problems) row."""
        return first == "说明" and self.layout != "2024" and len(texts) > 1

    def body(self, row: Row, cells: list[tuple[int, str]], keys: list[str]) -> None:
        if self.section == "funds":
            self.fund_row(row, cells)
        elif self.section == "goal":
            self.goal_row(row, cells)
        elif self.section == "indicators":
            if self.layout == "2024":
                self.indicator_2024(row, cells)
            else:
                self.indicator_2020(row, cells)
        elif self.section == "problems":
            self.problems.extend(t for _, t in cells if key(t))
        elif self.layout == "2024" and any(_BUDGET_2024.search(k) for k in keys if k):
            self.budget_lines.append(" ".join(t for _, t in cells if key(t)))

    # -- 资金 ----------------------------------------------------------------------------------

    def fund_row(self, row: Row, cells: list[tuple[int, str]]) -> None:
        at = next(((c, t) for c, t in cells if key(t)), None)
        fund = _fund_key(at[1]) if at else None
        if at is None or fund is None or not self.fund_roles:
            return
        values = _fund_window(cells, at[0], self.fund_roles)
        label = at[1]
        rate = values.get("rate", "")
        self.funds.append(
            FundLine(
                key=fund, label=label,
                initial=number(values.get("initial")), budget=number(values.get("budget")),
                received=number(values.get("received")), executed=number(values.get("executed")),
                weight=number(values.get("weight")), rate=number(rate), rate_raw=rate or None,
                score=number(values.get("score")), **self.at(row, label.rstrip(":：")),
            )
        )  # fmt: skip

    # -- 目标 ----------------------------------------------------------------------------------

    def goal_row(self, row: Row, cells: list[tuple[int, str]]) -> None:
        self.goal_at = self.goal_at or row
        for col, text in cells:
            k = key(text)
            if not k:
                continue
            if len(k) > 10:
                if not is_blank(text):
                    self.goal_cells.append((col, text, row))
                continue
            if _SECTION_TITLE.match(k):
                continue
            if _GOAL_ROW.search(k):
                if _GOAL_EXPECTED.search(k):
                    self.goal_labels.setdefault("expected", col)
                continue
            role = "rate" if _GOAL_RATE.search(k) else "expected" if _GOAL_EXPECTED.search(k) else None
            role = role or ("achieved" if _GOAL_ACHIEVED.search(k) else None)
            if role is not None:
                self.goal_labels.setdefault(role, col)
            elif not is_blank(text):
                self.goal_cells.append((col, text, row))

    def goal(self) -> Goal | None:
        if not self.goal_cells and not self.goal_labels:
            return None
        sides: dict[str, list[str]] = {"expected": [], "achieved": [], "rate": []}
        for i, (col, text, _) in enumerate(self.goal_cells):
            sides[self._goal_side(i, col, text)].append(text)
        where = self.at(self.goal_at, "年度总体目标") if self.goal_at else {"table": self.label}
        return Goal(
            expected="\n".join(sides["expected"]), achieved="\n".join(sides["achieved"]),
            completion=number(sides["rate"][0]) if sides["rate"] else None, **where,
        )  # fmt: skip

    def _goal_side(self, i: int, col: int, text: str) -> str:
        """Which 目标 column a text cell sits under: the nearest label, else first expected, then achieved."""
        labels = dict(self.goal_labels)
        if labels.pop("rate", None) is not None and is_number(text):
            return "rate"
        if len(labels) < 2:
            return "expected" if i == 0 else "achieved"
        return min(labels, key=lambda r: (abs(labels[r] - col), r != "expected"))

    # -- 指标 ----------------------------------------------------------------------------------

    def set_levels(self, l1: str, l2: str) -> None:
        if l1 and key(l1) != key(self.l1):
            self.l1, self.l2 = l1, ""
        if l2:
            self.l2 = l2

    def levels(self, left: list[tuple[int, str]], name_col: int | None = None) -> tuple[str, str, str]:
        """(一级, 二级, 三级 name) from the cells left of the values.

        The cell in `name_col` (the one right before the target) is the 三级 name whatever its words:
        '服务对象满意度' names an indicator there, though it is also a 二级 word.
        """
        forced = _at(left, name_col) if name_col is not None else ""
        if not is_blank(forced):
            left = [(c, t) for c, t in left if c < name_col]  # type: ignore[operator]
        words: list[tuple[int, str, object]] = [(c, t, level_of(t)) for c, t in left if not is_blank(t)]
        found: list[tuple[int, str]] = []
        names: list[str] = []
        for i, (col, text, lv) in enumerate(words):
            if lv == "either":
                lv = self._either(col, text, [w[2] for w in words[i + 1 :]])
            if lv in (1, 2):
                found.append((lv, text))  # type: ignore[arg-type]
            else:
                names.append(text)
        if not is_blank(forced):
            names.append(forced)
        l1 = next((t for lv, t in reversed(found) if lv == 1), "")
        l2 = next((t for lv, t in reversed(found) if lv == 2), "")
        # Two texts and no level word: a 二级 (and 一级) name outside the vocabulary, then the 三级.
        if len(names) >= 2 and not l2:
            l2 = names[-2]
        if len(names) >= 3 and not l1:
            l1 = names[-3]
        return l1, l2, names[-1] if names else ""

    def _either(self, col: int, text: str, after: list[object]) -> int:
        """A word printed at both levels: 一级 when a 二级 word follows it in the row, else as printed:
        by its column against the header's 一级/二级 columns (成本指标 stays 二级 under 产出指标)."""
        if any(lv in (2, "either") for lv in after):
            return 1
        if key(text).startswith("成本"):
            return 2
        if "l1" in self.cols and col <= self.cols["l1"]:
            return 1
        if "l2" in self.cols and col >= self.cols["l2"]:
            return 2
        return 2 if "效益" in self.l1 else 1

    def indicator_2020(self, row: Row, cells: list[tuple[int, str]]) -> None:
        anchor = _anchor(cells)
        if anchor is not None:
            weight_col, score_col, reason = anchor
            if "weight" in self.cols:
                self.offset = weight_col - self.cols["weight"]
        else:
            weight_col, score_col, reason = self.by_header(cells)
        target, actual = _at(cells, weight_col - 2), _at(cells, weight_col - 1)
        weight, score = number(_at(cells, weight_col)), number(_at(cells, score_col))
        # Only a row whose 分值/得分 were found places its name column for sure.
        name_col = weight_col - 3 if anchor is not None else None
        l1, l2, name = self.levels([(c, t) for c, t in cells if c < weight_col - 2], name_col)
        fields = {"target": target, "actual": actual, "reason": reason}
        self.add(row, l1, l2, name, fields, weight, score, anchor is not None)

    def by_header(self, cells: list[tuple[int, str]]) -> tuple[int, int, str]:
        """(分值 column, 得分 column, reason) of a row without two numbers at its end: the header's
        columns, moved as far as the last anchored row was."""
        weight = self.cols.get("weight", 0) + self.offset
        score = self.cols["score"] + self.offset if "score" in self.cols else weight + 1
        reason = _at(cells, self.cols["reason"] + self.offset) if "reason" in self.cols else ""
        return weight, score, reason

    def indicator_2024(self, row: Row, cells: list[tuple[int, str]]) -> None:
        shift = _status_shift(cells, self.cols)

        def get(role: str, moved: bool = True) -> str:
            return _at(cells, self.cols[role] + (shift if moved else 0)) if role in self.cols else ""

        target = get("target")
        if "value" in self.cols:
            # 符号 + 值 + 单位 make the printed target; 定性 is a kind, not a bound.
            cmp = "" if key(get("cmp")) in ("定性", "定量") else get("cmp")
            target = printed(cmp + get("value") + get("unit")).replace(" ", "")
        status = key(get("status"))
        fields = {"target": target, "actual": get("actual"), "reason": get("reason"), "description": get("desc", False)}
        weight, score = number(get("weight")), number(get("score"))
        anchored = status in _STATUS
        levels = (get("l1", False), get("l2", False), get("l3", False))
        self.add(row, *levels, fields, weight, score, anchored, status if anchored else None)

    def add(self, row: Row, l1: str, l2: str, name: str, fields: dict[str, str],
            weight: Num | None, score: Num | None, anchored: bool, status: str | None = None) -> None:  # fmt: skip
        has_values = any(not is_blank(fields.get(f)) for f in ("target", "actual"))
        loose = not anchored and weight is None and score is None and not (l1 or l2)
        # A row of text only, either a name piece or value pieces but not both: a wrapped cell.
        if loose and not (name and has_values):
            if self.last is not None and any(not is_blank(t) for t in (name, *fields.values())):
                self.continue_last(row, name, fields)
            return
        self.set_levels(l1, l2)
        self.last = None
        blank_name = is_blank(name) or key(name) == "无"
        zero = all(n is None or n.value == 0 for n in (weight, score))
        if blank_name and not has_values and zero:
            return  # a placeholder row ('-' under 经济效益指标): nothing was set or scored
        name = "" if blank_name else name
        self.indicators.append(
            Indicator(
                level1=self.l1, level2=self.l2, name=name, description=fields.get("description") or None,
                target=value(fields.get("target")), actual=value(fields.get("actual")),
                weight=weight, score=score, reason=fields.get("reason") or None,
                status=status,  # type: ignore[arg-type]
                **self.at(row, row_label(self.l1, self.l2, name)),
            )
        )  # fmt: skip
        self.last = len(self.indicators) - 1

    def continue_last(self, row: Row, name: str, fields: dict[str, str]) -> None:
        """A wrapped cell's next line printed as its own row: join it to the indicator above."""
        assert self.last is not None
        prev = self.indicators[self.last]
        update: dict = {}
        if prev.page == row.page:
            update["bbox"] = union_bbox([prev.bbox, row.bbox])
        if name:
            update["name"] = printed(prev.name + "\n" + name)
            update["row"] = row_label(prev.level1, prev.level2, update["name"])
        for part, text in (("reason", prev.reason), ("description", prev.description)):
            if not is_blank(fields.get(part)):
                update[part] = printed((text or "") + "\n" + fields[part])
        for part, shown in (("target", prev.target), ("actual", prev.actual)):
            if not is_blank(fields.get(part)):
                update[part] = value((shown.raw if shown else "") + "\n" + fields[part])
        self.indicators[self.last] = prev.model_copy(update=update)

    # -- 总分, 执行率 ---------------------------------------------------------------------------

    def read_total(self, row: Row, cells: list[tuple[int, str]]) -> None:
        nums = [(c, t) for c, t in cells[1:] if is_number(t)]
        label = next(t for _, t in cells if key(t))
        if len(nums) >= 2:
            self.total_weight, self.total_score = number(nums[-2][1]), number(nums[-1][1])
        elif nums:
            on_weight = "weight" in self.cols and nums[0][0] == self.cols["weight"] + self.offset
            if on_weight and self.layout != "2024":
                self.total_weight = number(nums[0][1])
            else:
                self.total_score = number(nums[0][1])
        self.total = Located(**self.at(row, printed(label)))
        self.section = "tail"

    def read_execution(self, row: Row, cells: list[tuple[int, str]]) -> None:
        nums = [t for _, t in cells if is_number(t)]
        weight = _at(cells, self.cols["weight"]) if "weight" in self.cols else ""
        score = _at(cells, self.cols["score"]) if "score" in self.cols else ""
        self.execution = {
            "weight": number(weight) if is_number(weight) else number(nums[0]) if nums else None,
            "score": number(score) if is_number(score) else number(nums[-1]) if len(nums) > 1 else None,
            **self.at(row, "预算执行率"),
        }

    # -- result --------------------------------------------------------------------------------

    def problems_text(self) -> None:
        """The 存在问题 part printed as text under its own heading, when the grids did not hold it."""
        head, blocks = self.draft.problems_head, self.draft.problems
        if self.problems or head is None:
            return
        label = re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", printed(head.text))
        first = blocks[0] if blocks else head
        self.problems_at = Located(page=first.page, table=self.label, row=label, bbox=first.bbox)
        self.problems = join_broken([printed(b.text) for b in blocks])

    def build(self, rows: list[Row]) -> SelfEvaluationForm:
        self.problems_text()
        funds, execution = self.funds, None
        if self.layout == "2024":
            funds, execution = self.budget_2024(rows)
        first = self.draft.tables[0]
        pages = sorted({p for t in self.draft.tables for p in t.pages} | {r.page for r in rows} | self.draft.pages)
        department = next((self.fields[k] for k in _DEPARTMENT_LABELS if self.fields.get(k)), None)
        return SelfEvaluationForm(
            layout=self.layout, title=self.title, project=self.project,
            department=department, implementer=self.fields.get("实施单位") or None,
            year=self.draft.year, pages=pages, funds=funds, execution=execution, goal=self.goal(),
            indicators=self.indicators, total_weight=self.total_weight, total_score=self.total_score,
            total=self.total, grade=self.grade, problems="\n".join(self.problems) or None,
            problems_at=self.problems_at, notes=dedupe(self.draft.notes + self.notes),
            page=first.page, table=self.label, bbox=first.bbox,
        )  # fmt: skip

    def budget_2024(self, rows: list[Row]) -> tuple[list[FundLine], Execution | None]:
        block = BudgetBlock(" ".join(self.budget_lines))
        at_row = next((r for r in rows if any(key(t).startswith("预算数") for _, t in _cells(r))), rows[0])
        funds = [
            FundLine(key=k, label=label, **values, **self.at(at_row, label))  # type: ignore[arg-type]
            for k, label, values in (block.lines() if block.found else [])
        ]
        execution = None
        if self.execution or block.progress is not None:
            where = self.execution or self.at(at_row, "预算执行进度")
            execution = Execution(**{**where, "progress": block.progress})
        return funds, execution


def _at(cells: list[tuple[int, str]], col: int) -> str:
    return next((t for c, t in cells if c == col), "")


def _anchor(cells: list[tuple[int, str]]) -> tuple[int, int, str] | None:
    """(分值 column, 得分 column, trailing reason) read from the right end of an indicator row."""
    seq = list(cells)
    while seq and not key(seq[-1][1]):
        seq.pop()
    reason = ""
    if len(seq) >= 3 and not is_number(seq[-1][1]) and not is_blank(seq[-1][1]):
        tail = seq[:-1]
        while tail and not key(tail[-1][1]):
            tail.pop()
        if len(tail) >= 2 and is_number(tail[-1][1]) and is_number(tail[-2][1]):
            reason, seq = seq[-1][1], tail
    if len(seq) >= 2 and is_number(seq[-1][1]) and is_number(seq[-2][1]) and seq[-1][0] == seq[-2][0] + 1:
        return seq[-2][0], seq[-1][0], reason
    return None


def _status_shift(cells: list[tuple[int, str]], cols: dict[str, int]) -> int:
    """How far a shifted row moved its value cells: found from where 完成/未完成 sits."""
    if "status" not in cols or key(_at(cells, cols["status"])) in _STATUS:
        return 0
    found = [c for c, t in cells if key(t) in _STATUS]
    return found[0] - cols["status"] if len(found) == 1 else 0


def _fund_window(cells: list[tuple[int, str]], label_col: int, roles: list[tuple[int, str]]) -> dict[str, str]:
    """Values of one 资金 row by the header's column order, wherever the row starts.

    The text rendition may print a row one column off the header; the values are the window
    of as many cells as the header has columns whose left-out cells are all blank, preferring
    the window that ends on a printed cell (得分 or its dash).
    """
    after = [t for c, t in cells if c > label_col]
    n = len(roles)
    after += [""] * max(0, n - len(after))
    best: tuple[tuple[int, int], list[str]] | None = None
    for start in range(len(after) - n + 1):
        window = after[start : start + n]
        if any(key(t) for t in after[:start] + after[start + n :]):
            continue
        rank = (0 if key(window[-1]) else 1, start)
        if best is None or rank < best[0]:
            best = (rank, window)
    if best is None:
        return {role: _at(cells, col) for col, role in roles}
    return {role: text for (_, role), text in zip(roles, best[1], strict=True)}


# ---------------------------------------------------------------------------------------------
# Forms printed as lines (the 2024 layout without a grid).


def _lines(block: Heading | Paragraph, index: int) -> list[Line]:
    if isinstance(block, Paragraph) and block.lines:
        return [Line(ln.text, ln.page, ln.bbox, index) for ln in block.lines]
    return [Line(block.text, block.page, block.bbox, index)]


def _line_forms(blocks: list, used: set[int]) -> list[tuple[int, SelfEvaluationForm]]:
    starts = [
        i for i, b in enumerate(blocks)
        if i not in used and isinstance(b, (Heading, Paragraph)) and _is_title(_lines(b, i)[0].text)
    ]  # fmt: skip
    out: list[tuple[int, SelfEvaluationForm]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        lines: list[Line] = []
        for i in range(start, end):
            if isinstance(blocks[i], Table) or i in used:
                break
            lines.extend(_lines(blocks[i], i))
        lines = _title_split(lines)
        if lines and any(_is_indicator_tail(ln.text) for ln in lines):
            out.append((start, LineFormReader(lines).read()))
    return out


def _is_title(text: str) -> bool:
    """A form title line: short, names a 自评表 and is not the 汇总表."""
    k = key(text)
    end = k.find("自评表")
    return 0 <= end <= 40 and "汇总" not in k[:end]


def _title_split(lines: list[Line]) -> list[Line]:
    """Lines with the title alone on the first: a title glued to the 基本情况 line is split off."""
    if not lines or not _is_title(lines[0].text):
        return []
    head = lines[0]
    end = head.text.find("自评表") + len("自评表")
    if not head.text[end:].strip():
        return lines
    title = Line(head.text[:end], head.page, head.bbox, head.para)
    return [title, Line(head.text[end:], head.page, head.bbox, head.para), *lines[1:]]


def _is_indicator_tail(text: str) -> bool:
    return parse_tail(text) is not None

