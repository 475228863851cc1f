"""Deterministic extraction of 绩效评价报告: where each report runs, its score tables and its narrative.

A report starts at a title line ending in 绩效评价报告 and runs to the end of the document or to the
next part that is not the report (a 自评表, a 决算 part, another report). Its 指标体系/得分表 is
rebuilt from the '(N分)' weights printed with each indicator name, because text renditions shift
cells between columns; the sub-tables (决策指标得分表 …) are read by their header; the narrative
gives sections, problems, suggestions and every score a sentence states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from tools.accounts.model import Num
from tools.document import BBox, Cell, Document, Heading, Paragraph, Row, Table
from tools.performance.model import (
    EvaluationReport,
    Located,
    ScoreItem,
    ScoreTable,
    num,
)
from tools.performance.report_text import (
    enumerator_level,
    flat,
    is_heading,
    is_title,
    outline,
    printed,
    problem_items,
    sections,
    statements,
    strip_enumerator,
    suggestion_items,
)

__all__ = ["extract_reports"]

Block = Heading | Paragraph | Table


def extract_reports(doc: Document) -> list[EvaluationReport]:
    """Read every 绩效评价报告 printed in a document.

    Args:
        doc: the ingested document; a report may be bound after other parts (决算, 自评表).

    Returns:
        One EvaluationReport per report title found, in printed order; empty when there is none.
    """
    blocks = doc.blocks()
    return [_report(blocks[start:end]) for start, end in _report_spans(blocks)]


# ---------------------------------------------------------------- where a report runs

# Top-level parts of the documents a report is bound with; a report never titles its own parts so.
_APPENDIX = re.compile(r"^附(?:件|表)")
_OTHER_PART = re.compile(r"(?:绩效自评表|绩效目标自评表|自评情况汇总表|部门决算|单位决算|决算公开|决算报告|决算说明|决算总表)(?:[(（][^()（）]{0,14}[)）])?$")


def _report_spans(blocks: list[Block]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    # A title repeated before the first '一、' section is the cover's; after it, another report starts.
    started = False
    for i, block in enumerate(blocks):
        if _is_other_part(block):
            if start is not None:
                spans.append((start, i))
            start = None
            continue
        if isinstance(block, Table):
            continue
        if is_title(block):
            if start is None or started:
                if start is not None:
                    spans.append((start, i))
                start, started = i, False
            continue
        if start is not None and is_heading(block) and enumerator_level(block.text) == 1:
            started = True
    if start is not None:
        spans.append((start, len(blocks)))
    return spans


def _is_other_part(block: Block) -> bool:
    if isinstance(block, Table):
        title = flat(block.title)
        # A report's own attachment ('附件2 项目绩效自评表') stays in the report.
        return bool(_OTHER_PART.search(title)) and not _APPENDIX.match(title)
    if not isinstance(block, Heading) or enumerator_level(block.text) is not None:
        return False
    return bool(_OTHER_PART.search(flat(block.text)))


# ---------------------------------------------------------------- the report


def _report(blocks: list[Block]) -> EvaluationReport:
    title_block = blocks[0]
    assert not isinstance(title_block, Table)
    text_blocks = [b for b in blocks if not isinstance(b, Table)]
    entries = outline(blocks)
    cover = _cover(blocks)
    tables, problem_rows = _tables(blocks)
    title = flat(title_block.text)
    return EvaluationReport(
        page=title_block.page,
        bbox=title_block.bbox,
        title=title,
        project=_project(title),
        unit=cover.unit,
        evaluator=cover.evaluator or _evaluator(text_blocks),
        date=cover.date or _signature_date(text_blocks),
        sections=sections(entries),
        tables=tables,
        statements=statements(entries),
        problems=problem_items(entries) + problem_rows,
        suggestions=suggestion_items(entries),
    )


_YEAR = re.compile(r"(?:19|20)\d{2}年度?")


def _project(title: str) -> str | None:
    """'2020年度专利权人补助项目绩效评价报告' → '专利权人补助项目'."""
    s = re.sub(r"(?:财政支出|支出)?绩效评价报告(?:[(（][^()（）]*[)）])?$", "", title)
    years = list(_YEAR.finditer(s))
    if years:
        s = s[years[-1].end() :]
    s = re.sub(r"^关于", "", s).strip("《》“”\"'的 ")
    return s or None


@dataclass
class _Cover:
    unit: str | None = None
    evaluator: str | None = None
    date: str | None = None


_DATE = re.compile(
    r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?"
    r"|[〇零一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
)
_EVALUATOR_LABEL = re.compile(r"^(?:第三方)?(?:评价机构|评价单位|受托机构|受托单位|评价组织机构)(?:名称)?[:：](.+)$")
_UNIT_LABEL = re.compile(
    r"^(?:委托单位|委托方|项目单位|项目主管部门|主管部门|实施单位|项目实施单位|被评价单位|编制单位|报送单位|报告单位)(?:名称)?[:：](.+)$"
)
_ORG = re.compile(r"(?:局|委员会|委|办公室|办|院|所|中心|公司|站|部|处|厅|政府|学校|医院|大学|学院|馆|队|社|集团|事务所|街道|镇|乡)$")
_THIRD_PARTY = re.compile(r"事务所|咨询|评估|有限公司|有限责任公司")


def _cover(blocks: list[Block]) -> _Cover:
    """Unit, evaluator and date printed between the title and the first section heading."""
    cover = _Cover()
    for block in blocks[1:]:
        if isinstance(block, Table) or (is_heading(block) and not is_title(block)):
            break
        if isinstance(block, Paragraph):
            for line in _lines(block):
                _read_cover_line(line, cover)
    return cover


def _lines(para: Paragraph) -> list[str]:
    return [flat(line.text) for line in para.lines if line.text.strip()] or [flat(para.text)]


def _read_cover_line(line: str, cover: _Cover) -> None:
    date = _DATE.search(line)
    if date and cover.date is None:
        cover.date = date.group()
    rest = _DATE.sub("", line).strip()
    if not rest or len(rest) > 40:
        return
    if m := _EVALUATOR_LABEL.match(rest):
        cover.evaluator = cover.evaluator or m.group(1)
    elif m := _UNIT_LABEL.match(rest):
        cover.unit = cover.unit or m.group(1)
    elif _ORG.search(rest) and "。" not in rest:
        if _THIRD_PARTY.search(rest):
            cover.evaluator = cover.evaluator or rest
        else:
            cover.unit = cover.unit or rest


def _evaluator(blocks: list[Heading | Paragraph]) -> str | None:
    """An evaluator named with a label anywhere in the report ('评价机构：某某会计师事务所')."""
    for block in blocks:
        for line in _lines(block) if isinstance(block, Paragraph) else [flat(block.text)]:
            m = _EVALUATOR_LABEL.match(line)
            if m and len(m.group(1)) <= 40:
                return m.group(1)
    return None


def _signature_date(blocks: list[Heading | Paragraph]) -> str | None:
    """The date under the closing signature, when the cover prints none."""
    for block in reversed(blocks):
        s = flat(block.text)
        m = _DATE.search(s)
        if m and len(s) <= 50 and m.end() == len(s):
            return m.group()
    return None


# ---------------------------------------------------------------- score tables

_WEIGHTED = re.compile(r"^(?P<name>.+?)[(（](?P<w>\d+(?:\.\d+)?)分?[)）]$")
_LEVEL_COLUMN = re.compile(r"^([一二三四五六])级指标")
_LEVELS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_SCORE_COLUMN = re.compile(r"得分|评分结果|评价结果分")
_WEIGHT_COLUMN = re.compile(r"权重|分值|标准分|满分")
_CRITERION_COLUMN = re.compile(r"评价标准|评分标准|评分细则|评分办法|评分方法|计分方法|评分规则|扣分标准")
_TOTAL = re.compile(r"^(?:总分|合计|总计|总得分|得分合计|分值合计)")
# The name before 指标体系/得分表 ('绩效评价指标体系'), not the sentence around it ('本次评价的…').
_TITLE_PHRASE = re.compile(r"(?:(?!的)[\u4e00-\u9fff])*(?:指标体系|得分表|评分表|评价表)")
_PAGE_FURNITURE = re.compile(r"^[-—第\s]*\d+[-—页\s]*$|^(?:续表|续)$")


@dataclass
class _Columns:
    """Column roles read from a score table's header row."""

    header: list[str]
    levels: dict[int, int] = field(default_factory=dict)
    """Column → indicator level (一级指标 → 1)."""
    names: list[int] = field(default_factory=list)
    """Name columns of a flat 得分表."""
    seq: int | None = None
    weight: int | None = None
    score: int | None = None
    criterion: int | None = None
    problem: int | None = None

    @property
    def kind(self) -> str | None:
        if self.names and self.weight is not None and self.score is not None:
            return "sub"
        if len(self.levels) >= 2:
            return "framework"
        if self.problem is not None:
            return "problems"
        return None

    @property
    def text_columns(self) -> list[int]:
        """Columns after the indicator names that hold text (指标解释, 评价标准, 依据 …)."""
        skip = set(self.levels) | {self.weight, self.score, self.seq}
        first = max(self.levels) + 1 if self.levels else 0
        return [c for c in range(first, len(self.header)) if c not in skip]


def _columns(texts: list[str]) -> _Columns:
    cols = _Columns(header=texts)
    for j, text in enumerate(texts):
        level = _LEVEL_COLUMN.match(text)
        if text == "序号":
            cols.seq = j
        elif "名称" in text or (text.endswith("指标") and level is None and "问题" not in text):
            cols.names.append(j)
            if level:
                cols.levels[j] = _LEVELS[level.group(1)]
        elif level:
            cols.levels[j] = _LEVELS[level.group(1)]
        elif _CRITERION_COLUMN.search(text):
            cols.criterion = j
        elif _SCORE_COLUMN.search(text) and "率" not in text:
            cols.score = j
        elif _WEIGHT_COLUMN.search(text):
            cols.weight = j
        elif "问题" in text and ("描述" in text or cols.problem is None):
            cols.problem = j
    if cols.names:
        # A flat 得分表 may group its rows under level columns ('一级指标 | 二级指标名称 | 权重 | 得分').
        cols.names = sorted(set(cols.names) | set(cols.levels))
    while cols.header and not cols.header[-1]:
        cols.header.pop()
    return cols


def _find_header(table: Table) -> tuple[int, _Columns] | None:
    for i, row in enumerate(table.rows[:4]):
        cols = _columns(_texts(row))
        if cols.kind is not None:
            return i, cols
    return None


def _texts(row: Row) -> list[str]:
    """Cell texts with the copies of a horizontally spanning label blanked."""
    out: list[str] = []
    for j, cell in enumerate(row.cells):
        text = flat(cell.norm or cell.text)
        if cell.merged and j > 0 and out and text == flat(row.cells[j - 1].norm or row.cells[j - 1].text):
            text = ""
        out.append(text)
    return out


@dataclass
class _Found:
    """A score table found in the report, before it is read."""

    index: int
    kind: Literal["framework", "sub"]
    parts: list[Table]
    cols: _Columns
    header_at: int
    title: str


def _tables(blocks: list[Block]) -> tuple[list[ScoreTable], list[str]]:
    """Score tables in printed order, and the rows of the 问题清单."""
    found: list[_Found] = []
    problems: list[str] = []
    section: str | None = None
    consumed: set[int] = set()
    for i, block in enumerate(blocks):
        if not isinstance(block, Table):
            if is_heading(block) and not is_title(block):
                section = strip_enumerator(block.text)
            continue
        header = _find_header(block) if i not in consumed else None
        if header is None:
            continue
        at, cols = header
        if cols.kind == "framework":
            parts = _framework_parts(blocks, i, cols)
            consumed.update(parts)
            tables = [t for k in parts if isinstance(t := blocks[k], Table)]
            if _scored(tables, cols):
                title = block.title or _nearby_title(blocks, i) or section or "绩效评价指标体系"
                found.append(_Found(i, "framework", tables, cols, at, title))
        elif cols.kind == "sub":
            found.append(_Found(i, "sub", [block], cols, at, block.title or section or "得分表"))
        else:
            problems.extend(_problem_rows(block, cols, at))
    frameworks = {f.index: _framework(f.parts, f.cols, f.header_at, f.title) for f in found if f.kind == "framework"}
    top = [item.name for t in frameworks.values() for item in t.items if item.level == 1]
    known = {item.name: item for t in frameworks.values() for item in t.items}
    out = [
        frameworks[f.index] if f.kind == "framework" else _sub_table(f.parts[0], f.cols, f.header_at, f.title, top, known)
        for f in found
    ]
    return out, problems


def _scored(parts: list[Table], cols: _Columns) -> bool:
    """A 指标体系 with weights or scores; a 绩效目标 table has level columns too but neither."""
    if cols.weight is not None or cols.score is not None:
        return True
    return any(_WEIGHTED.match(t) for table in parts for row in table.rows for t in _texts(row))


def _nearby_title(blocks: list[Block], i: int) -> str | None:
    """A title phrase in the few lines above a table ('…绩效评价指标体系…详见下表', '附表：1.绩效评价得分表')."""
    for block in reversed(blocks[max(0, i - 4) : i]):
        if isinstance(block, Table):
            return None
        m = _TITLE_PHRASE.search(strip_enumerator(block.text))
        if m and len(m.group()) >= 4:
            return m.group()
    return None


def _framework_parts(blocks: list[Block], i: int, cols: _Columns) -> list[int]:
    """The table at i and the blocks continuing it (a repeated header, or rows of '(N分)' names)."""
    parts = [i]
    j = i + 1
    while j < len(blocks):
        block = blocks[j]
        if isinstance(block, Paragraph) and _PAGE_FURNITURE.match(flat(block.text)):
            j += 1
            continue
        if not isinstance(block, Table) or not _continues_framework(block, cols):
            break
        parts.append(j)
        j += 1
    return parts


def _continues_framework(table: Table, cols: _Columns) -> bool:
    header = _find_header(table)
    if header is not None:
        return header[1].kind == "framework" and header[1].header == cols.header
    return any(_WEIGHTED.match(t) for row in table.rows[:3] for t in _texts(row))


# ---------------------------------------------------------------- the 指标体系 tree


@dataclass
class _Node:
    name: str
    weight: Num | None
    level: int
    row: Row
    cell: Cell | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    score: Num | None = None
    criterion: str | None = None

    @property
    def used(self) -> Decimal:
        return sum((c.weight.value for c in self.children if c.weight is not None), Decimal(0))

    def room(self) -> Decimal | None:
        return None if self.weight is None else self.weight.value - self.used

    @property
    def partial(self) -> bool:
        """Children started but not yet adding up to the weight: the node is still open."""
        room = self.room()
        return bool(self.children) and room is not None and room > 0

    def path(self) -> list[str]:
        out, node = [], self.parent
        while node is not None:
            out.append(node.name)
            node = node.parent
        return out[::-1]


@dataclass
class _Name:
    col: int
    name: str
    weight: Num | None
    cell: Cell | None


_OPEN_PARENT_COST = 10
_LATE_PARENT_COST = 3
# The first child of a node is printed on the node's own row; on a later row it is rarely one.
_LEAF_CHILD_COST = 2
_INFEASIBLE = 1000


class _Tree:
    """Rebuilds the indicator tree row by row; weights decide where a shifted name belongs."""

    def __init__(self, max_level: int) -> None:
        self.max_level = max_level
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []

    def add_row(self, names: list[_Name], hints: list[int], row: Row) -> _Node | None:
        cursor: _Node | None = None
        for name, hint in zip(names, hints):
            if cursor is None:
                same = self._open(name)
                cursor = same if same is not None else self._place(name, hint, row)
                continue
            child = self.stack[cursor.level] if len(self.stack) > cursor.level else None
            if child is not None and child.name == name.name and _same(child.weight, name.weight):
                cursor = child  # a spanning cell's copy, not a new indicator
                continue
            cursor = self._attach(name, cursor.level + 1, row)
        return cursor

    def _open(self, name: _Name) -> _Node | None:
        for k in range(len(self.stack) - 1, -1, -1):
            node = self.stack[k]
            if node.name == name.name and _same(node.weight, name.weight):
                del self.stack[k + 1 :]
                return node
        return None

    def _place(self, name: _Name, hint: int, row: Row) -> _Node:
        best: tuple[int, int, bool] | None = None  # (cost, -level, late parent)
        for level in range(1, min(len(self.stack) + 1, self.max_level) + 1):
            options = [(self._cost(name, level, hint), -level, False)]
            if level >= 2 and self._late_children(name, level):
                options.append((abs(level - hint) + _LATE_PARENT_COST, -level, True))
            for option in options:
                if best is None or option[:2] < best[:2]:
                    best = option
        assert best is not None
        level, late = -best[1], best[2]
        moved = self._late_children(name, level) if late else []
        node = self._attach(name, level, row)
        for child in moved:
            assert child.parent is not None
            child.parent.children.remove(child)
            child.parent, child.level = node, level + 1
            node.children.append(child)
        return node

    def _cost(self, name: _Name, level: int, hint: int) -> int:
        parent = self.stack[level - 2] if level >= 2 else None
        room = parent.room() if parent is not None else None
        if room is not None and name.weight is not None and room < name.weight.value:
            return _INFEASIBLE
        closed = self.stack[level - 1 :]
        cost = abs(level - hint) + _OPEN_PARENT_COST * sum(1 for n in closed if n.partial)
        if level == len(self.stack) + 1 and self.stack:
            cost += _LEAF_CHILD_COST
        if room is not None and name.weight is not None and room == name.weight.value:
            cost -= 1  # the last child that completes its parent
        return cost

    def _late_children(self, name: _Name, level: int) -> list[_Node]:
        """Childless last siblings that are really children of `name`, printed before it.

        A merged parent cell is printed beside the middle of its children (or on the next page),
        so its first children were read as its siblings.
        """
        if name.weight is None or level < 2 or level > len(self.stack):
            return []
        parent = self.stack[level - 2]
        room = parent.room()
        if room is None or room >= name.weight.value:
            return []
        moved: list[_Node] = []
        total = Decimal(0)
        for child in reversed(parent.children):
            if child.children or child.weight is None or total + child.weight.value > name.weight.value:
                break
            moved.insert(0, child)
            total += child.weight.value
            if room + total >= name.weight.value:
                return moved
        return []

    def _attach(self, name: _Name, level: int, row: Row) -> _Node:
        del self.stack[level - 1 :]
        parent = self.stack[-1] if self.stack else None
        node = _Node(name=name.name, weight=name.weight, level=level, row=row, cell=name.cell, parent=parent)
        (parent.children if parent is not None else self.roots).append(node)
        self.stack.append(node)
        return node

    def nodes(self) -> list[_Node]:
        out: list[_Node] = []

        def walk(node: _Node) -> None:
            out.append(node)
            for child in node.children:
                walk(child)

        for root in self.roots:
            walk(root)
        return out


def _same(a: Num | None, b: Num | None) -> bool:
    return (a.value if a else None) == (b.value if b else None)


def _framework(parts: list[Table], cols: _Columns, at: int, title: str) -> ScoreTable:
    rows = _framework_rows(parts, cols, at)
    weighted = any(_WEIGHTED.match(t[c]) for _, t in rows for c in cols.levels if c < len(t))
    tree = _Tree(max(cols.levels.values()))
    total: tuple[Row, list[str]] | None = None
    for row, texts in rows:
        if _is_total(texts):
            total = (row, texts)
            continue
        names, tail_start = _row_names(row, texts, cols, weighted)
        if not names:
            continue
        node = tree.add_row(names, [_hint(n.col, cols) for n in names], row)
        if node is not None:
            _fill_leaf(node, row, texts, tail_start, cols, weighted)
    items = [_item(node, title) for node in tree.nodes()]
    weight, score, located = _totals(total, cols, title)
    first = parts[0]
    return ScoreTable(page=first.page, table=title, bbox=first.bbox, title=title, items=items,
                      total_weight=weight, total_score=score, total=located)


def _framework_rows(parts: list[Table], cols: _Columns, at: int) -> list[tuple[Row, list[str]]]:
    out = []
    for k, table in enumerate(parts):
        skip = at + 1 if k == 0 else 0
        if k > 0 and (header := _find_header(table)) is not None:
            skip = header[0] + 1
        for row in table.rows[skip:]:
            texts = _texts(row)
            if any(texts):
                out.append((row, texts))
    return out


def _is_total(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return bool(_TOTAL.match(first)) and not _WEIGHTED.match(first)


def _row_names(row: Row, texts: list[str], cols: _Columns, weighted: bool) -> tuple[list[_Name], int]:
    """Indicator names of a row and the column where its text cells start."""
    names: list[_Name] = []
    if not weighted:
        for c in sorted(cols.levels):
            if c < len(texts) and texts[c]:
                names.append(_Name(c, texts[c], None, row.cells[c]))
        return names, max(cols.levels) + 1
    for c, text in enumerate(texts):
        if not text:
            continue
        m = _WEIGHTED.match(text)
        if m is None:
            return names, c
        names.append(_Name(c, m.group("name"), num(m.group("w")), row.cells[c]))
    return names, len(texts)


def _hint(col: int, cols: _Columns) -> int:
    """The level a name's column suggests (a shifted name still lands near its own column)."""
    if col in cols.levels:
        return cols.levels[col]
    last = max(cols.levels)
    return max(1, min(max(cols.levels.values()), cols.levels[last] + col - last)) if col > last else 1


def _fill_leaf(node: _Node, row: Row, texts: list[str], tail_start: int, cols: _Columns, weighted: bool) -> None:
    """Score, weight and 评价标准 of the row's deepest indicator: by header position when the row is
    aligned, else in order (a shifted row keeps its cells' order, not their columns)."""
    tail = [c for c in range(tail_start, len(texts)) if texts[c]]
    aligned = all(c in cols.levels for c in _name_columns(texts, tail_start)) and (not tail or tail[0] > max(cols.levels))
    if aligned:
        score_col, weight_col, criterion_col = cols.score, cols.weight, cols.criterion
    else:
        weight_col = tail.pop(0) if cols.weight is not None and tail and num(texts[tail[0]]) is not None else None
        score_col = tail.pop(0) if cols.score is not None and tail and num(texts[tail[0]]) is not None else None
        k = cols.text_columns.index(cols.criterion) if cols.criterion in cols.text_columns else -1
        criterion_col = tail[k] if 0 <= k < len(tail) else None
    node.score = _at(texts, score_col)
    if criterion_col is not None and criterion_col < len(row.cells):
        node.criterion = printed(row.cells[criterion_col].text) or None
    if node.weight is None and not weighted:
        node.weight = _at(texts, weight_col)


def _name_columns(texts: list[str], tail_start: int) -> list[int]:
    return [c for c in range(min(tail_start, len(texts))) if texts[c]]


def _item(node: _Node, title: str) -> ScoreItem:
    path = node.path()
    bbox: BBox | None = node.cell.bbox if node.cell is not None and node.cell.bbox else node.row.bbox
    return ScoreItem(
        page=node.row.page, table=title, row="/".join([*path, node.name]), bbox=bbox,
        level=node.level, name=node.name, path=path, weight=node.weight, score=node.score, criterion=node.criterion,
    )


def _totals(total: tuple[Row, list[str]] | None, cols: _Columns, title: str) -> tuple[Num | None, Num | None, Located | None]:
    if total is None:
        return None, None, None
    row, texts = total
    label = next(t for t in texts if t)
    numbers = [(c, num(t)) for c, t in enumerate(texts) if t and num(t) is not None]
    located = Located(page=row.page, table=title, row=label, bbox=row.bbox)
    if not numbers:
        return None, None, located
    by_col = dict(numbers)
    weight = by_col.get(cols.weight) if cols.weight is not None else None
    score = by_col.get(cols.score) if cols.score is not None else None
    if weight is None:
        weight = numbers[0][1]
    if score is None and cols.score is not None and len(numbers) > 1:
        score = numbers[-1][1]
    return weight, score, located


# ---------------------------------------------------------------- flat 得分表


def _sub_table(table: Table, cols: _Columns, at: int, title: str, top: list[str], known: dict[str, ScoreItem]) -> ScoreTable:
    parent = _parent(title, top)
    base = [parent] if parent else []
    fallback_level = known[parent].level + 1 if parent in known else len(base) + 1
    items: list[ScoreItem] = []
    groups: list[str] = []
    total: tuple[Row, list[str]] | None = None
    for row in table.rows[at + 1 :]:
        texts = _texts(row)
        if not any(texts):
            continue
        if _is_total(texts):
            total = (row, texts)
            continue
        named = [(i, c, texts[c]) for i, c in enumerate(cols.names) if c < len(texts) and texts[c]]
        if not named:
            continue
        for i, c, name in named:
            leaf = (i, c, name) == named[-1]
            if not leaf and i < len(groups) and groups[i] == name:
                continue  # a spanning group cell's copy on its next row
            del groups[i:]
            level = cols.levels.get(c, fallback_level + i)
            path = base + groups
            items.append(ScoreItem(
                page=row.page, table=title, row="/".join([*path, name]), bbox=row.cells[c].bbox or row.bbox,
                level=level, name=name, path=path,
                weight=_at(texts, cols.weight) if leaf else None, score=_at(texts, cols.score) if leaf else None,
            ))
            groups.append(name)
    weight, score, located = _totals(total, cols, title)
    return ScoreTable(page=table.page, table=title, bbox=table.bbox, title=title, items=items,
                      total_weight=weight, total_score=score, total=located, parent=parent)


def _at(texts: list[str], col: int | None) -> Num | None:
    return num(texts[col]) if col is not None and col < len(texts) else None


def _parent(title: str, top: list[str]) -> str | None:
    """The indicator a 得分表 breaks down: '三级指标（资金管理）得分表' → '资金管理', '决策指标得分表' → '决策'."""
    s = strip_enumerator(title)
    inner = re.search(r"[(（]([^()（）]+)[)）]", s)
    if inner:
        return inner.group(1)
    s = re.sub(r"(?:得分情况表|得分情况|得分表|评分表|得分|指标分析|分析|情况表|表)$", "", s)
    if s.endswith("指标") and s != "指标":
        bare = s[: -len("指标")]
        if bare in top or s not in top:
            s = bare
    return s or None


# ---------------------------------------------------------------- 问题清单


def _problem_rows(table: Table, cols: _Columns, at: int) -> list[str]:
    out = []
    for row in table.rows[at + 1 :]:
        texts = _texts(row)
        if cols.problem is not None and cols.problem < len(texts) and texts[cols.problem]:
            out.append(printed(row.cells[cols.problem].text))
        elif any(texts):
            out.append(" ".join(printed(c.text) for c, t in zip(row.cells, texts) if t))
    return out
