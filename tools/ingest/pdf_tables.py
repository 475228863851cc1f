"""Table grids from PDF pages: ruled tables via pdfplumber's finder, borderless ones from text columns."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from tools.document import BBox
from tools.ingest import layout
from tools.ingest.grid import GridCell, GridRow, is_column_number_row
from tools.ingest.pdf_lines import Char, PdfLine, build_lines, split_segments
from tools.text import join_lines, normalize

# Official tables are ruled; thin rectangles count as rules too (Word exports draw
# cell borders as rects). Snap generously: borders of adjacent cells rarely coincide.
RULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
# A found "table" smaller than this is a text box or a decoration, not a table (one row
# is kept: it can be the last row of a table continued from the previous page).
MIN_TABLE_ROWS = 1
MIN_TABLE_COLS = 2
# Borderless tables: a gap wider than this many font sizes separates two columns.
COLUMN_GAP = 1.5
MIN_BORDERLESS_ROWS = 3


@dataclass
class PdfTable:
    """One table grid found on one page, before stitching and header analysis."""

    page: int
    bbox: BBox
    rows: list[GridRow]
    ruled: bool
    edges: list[float]
    """Left x of every grid column; used to match a table with its continuation."""


def _rbox(b: tuple[float, float, float, float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def _cell_text(chars: list[Char]) -> str:
    return join_lines([ln.text for ln in build_lines(chars)])


def ruled_grid(table: Any, chars: list[Char], page_no: int) -> PdfTable | None:
    """Rebuild a pdfplumber table as a full grid, spanning cells copied into covered positions."""
    cells = table.cells
    if not cells:
        return None
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    if len(xs) < MIN_TABLE_COLS or not tops:
        return None
    # origin[i][j] = index of the cell covering grid position (i, j)
    origin: list[list[int | None]] = [[None] * len(xs) for _ in tops]
    for k, (x0, top, x1, bottom) in enumerate(cells):
        i0 = bisect.bisect_left(tops, round(top, 1))
        j0 = bisect.bisect_left(xs, round(x0, 1))
        i = i0
        while i < len(tops) and tops[i] < bottom - 0.5:
            j = j0
            while j < len(xs) and xs[j] < x1 - 0.5:
                if origin[i][j] is None:
                    origin[i][j] = k
                j += 1
            i += 1
    buckets: list[list[Char]] = [[] for _ in cells]
    tx0, ttop, tx1, tbottom = table.bbox
    for c in chars:
        cx = (c["x0"] + c["x1"]) / 2
        cy = (c["top"] + c["bottom"]) / 2
        if not (tx0 <= cx <= tx1 and ttop <= cy <= tbottom):
            continue
        i = bisect.bisect_right(tops, cy) - 1
        j = bisect.bisect_right(xs, cx) - 1
        if i < 0 or j < 0:
            continue
        k = origin[i][j]
        if k is not None:
            buckets[k].append(c)
    texts = [_cell_text(b) for b in buckets]
    rows: list[GridRow] = []
    for i in range(len(tops)):
        row_cells: list[GridCell] = []
        seen_here: set[int] = set()
        for j in range(len(xs)):
            k = origin[i][j]
            if k is None:
                row_cells.append(GridCell(text=""))
                continue
            x0, top, x1, bottom = cells[k]
            covered = k in seen_here or bisect.bisect_left(tops, round(top, 1)) != i
            seen_here.add(k)
            row_cells.append(GridCell(text=texts[k], bbox=_rbox(cells[k]), merged=covered))
        ys = [cells[k][1] for k in (origin[i][j] for j in range(len(xs))) if k is not None]
        ye = [cells[k][3] for k in (origin[i][j] for j in range(len(xs))) if k is not None]
        bbox = _rbox((tx0, min(ys), tx1, max(ye))) if ys else None
        rows.append(GridRow(cells=row_cells, page=page_no, bbox=bbox))
    # Drop rows whose every position is covered by cells that started above (pure spacers).
    rows = [r for r in rows if any(not c.merged for c in r.cells)]
    return PdfTable(page=page_no, bbox=_rbox(table.bbox), rows=rows, ruled=True, edges=list(xs))


def _is_numberish(text: str) -> bool:
    s = normalize(text).replace(",", "").replace("%", "")
    return bool(s) and s.lstrip("-").replace(".", "", 1).isdigit()


def borderless_tables(lines: list[PdfLine], page_no: int) -> tuple[list[PdfTable], list[PdfLine]]:
    """Find runs of column-aligned lines holding numbers; return the tables and the remaining lines.

    Columns come from the horizontal projection of the data rows' segments; the
    header lines directly above the run are assigned to the columns they overlap.
    """
    split = [split_segments(ln, COLUMN_GAP) for ln in lines]
    is_row = [len(s) >= 3 and sum(_is_numberish(x.text) for x in s) >= 1
              and not is_column_number_row([x.text for x in s]) for s in split]
    tables: list[PdfTable] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if not is_row[i]:
            i += 1
            continue
        j = i
        while True:
            if j + 1 < len(lines) and is_row[j + 1]:
                j += 1
            elif j + 2 < len(lines) and is_row[j + 2] and _label_only(lines[j + 1], lines[i]):
                j += 2  # a row whose amounts are all blank, between two data rows
            else:
                break
        if j - i + 1 >= MIN_BORDERLESS_ROWS:
            start = i
            # header lines: multi-segment lines right above without numbers, but not the
            # caption line (单位：… 金额单位：万元), which belongs to the table's title block
            while (start > 0 and len(split[start - 1]) >= 2 and not is_row[start - 1] and i - start < 3
                   and not layout.is_caption_line(lines[start - 1].text)):
                start -= 1
            table = _columns_table(split[start : j + 1], lines[start : j + 1], page_no)
            if table is not None:
                tables.append(table)
                used.update(range(start, j + 1))
        i = j + 1
    rest = [ln for k, ln in enumerate(lines) if k not in used]
    return tables, rest


def _label_only(line: PdfLine, first_row: PdfLine) -> bool:
    """A short line starting in the label column: a table row with no amounts printed."""
    size = line.size or 10.0
    return abs(line.x0 - first_row.x0) <= 2 * size and len(line.text) <= 30 and not line.text.endswith("。")


def _columns_table(split: list[list[PdfLine]], lines: list[PdfLine], page_no: int) -> PdfTable | None:
    data = [segs for segs in split
            if any(_is_numberish(s.text) for s in segs) and not is_column_number_row([s.text for s in segs])]
    spans: list[list[float]] = []
    for x0, x1 in sorted((s.x0, s.x1) for segs in data for s in segs):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < MIN_TABLE_COLS:
        return None
    rows: list[GridRow] = []
    for segs, line in zip(split, lines):
        cells = [GridCell(text="") for _ in spans]
        for s in segs:
            hit = [k for k, (a, b) in enumerate(spans) if min(b, s.x1) - max(a, s.x0) > 0]
            if not hit:
                # Titles are centred and numbers right-aligned, so a header label may miss
                # its column's data span: attach it to the nearest column.
                hit = [min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - (s.x0 + s.x1) / 2))]
            for n, k in enumerate(hit):
                text = s.text if not cells[k].text else cells[k].text + s.text
                cells[k] = GridCell(text=text, bbox=s.bbox, merged=n > 0)
        rows.append(GridRow(cells=cells, page=page_no, bbox=line.bbox))
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    bbox = _rbox((x0, lines[0].top, x1, lines[-1].bottom))
    return PdfTable(page=page_no, bbox=bbox, rows=rows, ruled=False, edges=[a for a, _ in spans])
