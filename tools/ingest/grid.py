"""Format-independent table assembly: header detection, multi-level column paths, typed rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.document import BBox, Cell, Column, Row
from tools.text import normalize

# A cell that opens the body of a 决算 table even when it carries no number
# (empty tables still print 合计/总计 rows).
_BODY_START = re.compile(r"^(合\s*计|总\s*计|本年收入合计|本年支出合计|[一二三四五六七八九十]+、|\d{3}(\d{2}){0,2})$")
_NUMERIC = re.compile(r"^[-−－(（]?\d[\d,，]*(\.\d+)?[)）]?%?$")
_COLUMN_NO = re.compile(r"^\d{1,2}$")
_HEADER_WORD = re.compile(r"栏\s*次|行\s*次|项\s*目|科目|决算数|预算数|合\s*计|小\s*计|单位名称|序号|指标")
MAX_HEADER_ROWS = 6
_CODE_LEVELS = {"类", "款", "项"}


@dataclass
class GridCell:
    """A cell as a format reader found it, before header analysis."""

    text: str
    bbox: BBox | None = None
    merged: bool = False


@dataclass
class GridRow:
    cells: list[GridCell]
    page: int
    bbox: BBox | None = None


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(normalize(text).replace(" ", "")))


def is_column_number_row(texts: list[str]) -> bool:
    """True for the 栏次 row: '栏次' printed, or a run of small increasing integers."""
    norm = [normalize(t) for t in texts]
    if any(re.fullmatch(r"栏次", t) for t in norm):
        return True
    ints = [int(t) for t in norm if _COLUMN_NO.match(t)]
    others = [t for t in norm if t and not _COLUMN_NO.match(t)]
    return len(ints) >= 3 and not others and ints == sorted(ints) and len(set(ints)) == len(ints)


def _is_body_row(texts: list[str]) -> bool:
    norm = [normalize(t) for t in texts]
    if is_column_number_row(texts):
        return False
    if any(_is_numeric(t) for t in norm if t):
        return True
    # 合计/总计 opens the body of an empty table, but in a multi-level header it is one
    # column title among many.
    labels = {t for t in norm if t}
    first = next((t for t in norm if t), "")
    return len(labels) <= 2 and bool(_BODY_START.match(first.replace(" ", "")))


def count_header_rows(rows: list[list[str]]) -> int:
    """Number of leading header rows: up to the first row that holds data or opens the body."""
    for i, texts in enumerate(rows[: MAX_HEADER_ROWS + 1]):
        if _is_body_row(texts):
            return i
    # No data row near the top: keep the rows that look like column titles.
    n = 0
    for texts in rows[:MAX_HEADER_ROWS]:
        if any(_HEADER_WORD.search(normalize(t)) for t in texts) or is_column_number_row(texts):
            n += 1
        else:
            break
    return n


def column_paths(header: list[list[str]], width: int) -> list[Column]:
    """Flatten multi-level headers top-down; merged cells already carry their text in every position."""
    columns = []
    for j in range(width):
        path: list[str] = []
        number: str | None = None
        for texts in header:
            if is_column_number_row(texts):
                cell = normalize(texts[j]) if j < len(texts) else ""
                number = cell if _COLUMN_NO.match(cell) else number
                continue
            label = normalize(texts[j]).replace(" ", "") if j < len(texts) else ""
            if label and (not path or path[-1] != label):
                path.append(label)
        columns.append(Column(index=j, path=path, number=number))
    return columns


def assemble(grid: list[GridRow], header_rows: int | None = None) -> tuple[list[Column], list[Row]]:
    """Turn a rectangular grid into typed columns and rows; `header_rows` overrides detection."""
    width = max((len(r.cells) for r in grid), default=0)
    texts = [[c.text for c in r.cells] + [""] * (width - len(r.cells)) for r in grid]
    n_header = count_header_rows(texts) if header_rows is None else header_rows
    # The 栏次 row sits right under the titles; keep it in the header.
    while n_header < len(texts) and is_column_number_row(texts[n_header]):
        n_header += 1
    columns = column_paths(texts[:n_header], width)
    # Some exporters print the 类/款/项 sub-titles of the code columns in the first body
    # row (beside 合计); they are column titles, not data.
    sub_titles: set[tuple[int, int]] = set()
    if n_header < len(texts):
        first = [normalize(t) for t in texts[n_header]]
        for j, t in enumerate(first):
            if t in _CODE_LEVELS and not first[:j].count(t):
                columns[j] = Column(index=j, path=columns[j].path + [t], number=columns[j].number)
                sub_titles.add((n_header, j))
    rows = []
    for i, r in enumerate(grid):
        cells = [
            Cell(col=j, text="" if (i, j) in sub_titles else c.text, norm="" if (i, j) in sub_titles else normalize(c.text),
                 bbox=c.bbox, merged=c.merged)
            for j, c in enumerate(r.cells)
        ]
        cells += [Cell(col=j, text="", norm="") for j in range(len(cells), width)]
        rows.append(Row(index=i, page=r.page, cells=cells, bbox=r.bbox, header=i < n_header))
    return columns, rows
