"""Render a FormSet to XLSX: one sheet per form (the whole form as one merged grid) plus a 汇总表 sheet."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ._zip import write_stable
from .perf_model import FormSet
from .perf_render import Grid, Section, sections
from .render_xlsx import FONT, GRID

SIZES = {"title": 16, "subtitle": 11, "heading": 11, "para": 10, "note": 9}


def _grid(ws, g: Grid, top: int, width: int) -> int:
    """Draw `g` from row `top`, its columns stretched over `width` sheet columns; return the next free row."""
    n = len(g.widths)
    bounds = [round(j * width / n) for j in range(n + 1)]
    covered: set[tuple[int, int]] = set()
    for r, c, rs, cs in g.spans:
        covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)} - {(r, c)}
        ws.merge_cells(start_row=top + r, start_column=bounds[c] + 1, end_row=top + r + rs - 1,
                       end_column=bounds[c + cs])
    spans = {(r, c) for r, c, _, _ in g.spans}
    for r, texts in enumerate(g.rows):
        for c, text in enumerate(texts):
            for col in range(bounds[c] + 1, bounds[c + 1] + 1):
                ws.cell(row=top + r, column=col).border = GRID
            if (r, c) in covered:
                continue
            if (r, c) not in spans and bounds[c + 1] - bounds[c] > 1:
                ws.merge_cells(start_row=top + r, start_column=bounds[c] + 1, end_row=top + r,
                               end_column=bounds[c + 1])
            cell = ws.cell(row=top + r, column=bounds[c] + 1)
            cell.font = Font(name=FONT, size=9, bold=r < g.header)
            wrap = Alignment(horizontal="center" if r < g.header or len(text) <= 8 else "left", vertical="center",
                             wrap_text=True)
            if (r, c) in g.numbers:
                # Numbers are stored as numbers; the format shows exactly the printed text.
                cell.value, cell.number_format = g.numbers[(r, c)]
            else:
                cell.value = text or None
                cell.number_format = "@"
            cell.alignment = wrap
    return top + len(g.rows)


def _sheet(ws, sec: Section) -> None:
    width = max(len(b.grid.widths) for b in sec.blocks if b.grid)
    main = max((b.grid for b in sec.blocks if b.grid), key=lambda g: len(g.widths))
    for c, w in enumerate(main.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = round(w * 7, 1)
    r = 1
    for b in sec.blocks:
        if b.grid is not None:
            r = _grid(ws, b.grid, r, width)
            continue
        cell = ws.cell(row=r, column=1, value=b.text)
        cell.font = Font(name=FONT, size=SIZES[b.kind], bold=b.kind in ("title", "heading"))
        cell.alignment = Alignment(horizontal="center" if b.kind in ("title", "subtitle") else "left",
                                   vertical="center", wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.row_dimensions[r].height = 14 * (1 + len(b.text) // (width * 9))
        r += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sec.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def sheet_title(k: int, project: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "", f"{k + 1}.{project}")[:31]


def render_forms_xlsx(fs: FormSet, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for sec in sections(fs):
        title = "汇总表" if sec.form is None else sheet_title(sec.form, fs.forms[sec.form].project)
        _sheet(wb.create_sheet(title), sec)
    stamp = datetime(fs.summary.year + 1, 3, 1, 9, 0, 0)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = f"{fs.summary.department}{fs.summary.year}年度绩效自评表"
    wb.properties.creator = wb.properties.lastModifiedBy = fs.summary.department
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would overwrite `modified` with the wall clock.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return write_stable(buf.getvalue(), path)
