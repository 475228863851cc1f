"""Render a Report to XLSX with openpyxl: one sheet per 公开 table plus a 情况说明 sheet."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ._zip import write_stable
from .model import Report, ReportTable, parse_cell

FONT = "宋体"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = "#,##0.00"
HEADER_ROW = 4
"""Header rows start here: row 1 title, row 2 单位 + 表号, row 3 金额单位."""


def _table_sheet(wb: Workbook, t: ReportTable) -> None:
    ws = wb.create_sheet(t.number)
    ncols = len(t.columns)
    last = get_column_letter(ncols)
    cap_l, number, cap_r = t.caption

    ws["A1"] = t.title
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = cap_l
    ws.merge_cells(f"A2:{get_column_letter(max(ncols - 1, 1))}2")
    ws.cell(row=2, column=ncols, value=number).alignment = Alignment(horizontal="right")
    ws.cell(row=3, column=ncols, value=cap_r).alignment = Alignment(horizontal="right")
    for r in (2, 3):
        for c in range(1, ncols + 1):
            ws.cell(row=r, column=c).font = Font(name=FONT, size=10)

    border = GRID if t.ruled else Border()
    for r, texts in enumerate(t.header):
        for c, text in enumerate(texts):
            cell = ws.cell(row=HEADER_ROW + r, column=c + 1, value=text or None)
            cell.font = Font(name=FONT, size=10, bold=r < len(t.header) - 1)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
    for s in t.spans:
        ws.merge_cells(
            start_row=HEADER_ROW + s.row,
            start_column=s.col + 1,
            end_row=HEADER_ROW + s.row + s.rowspan - 1,
            end_column=s.col + s.colspan,
        )

    first_body = HEADER_ROW + len(t.header)
    for r, row in enumerate(t.rows, start=first_body):
        for c, (text, col) in enumerate(zip(row.cells, t.columns), start=1):
            cell = ws.cell(row=r, column=c)
            cell.font = Font(name=FONT, size=10)
            cell.border = border
            if col.role == "amount":
                if text:
                    # Decimal goes in as is: the sheet stores the exact 2-decimal value.
                    cell.value = parse_cell(text)
                    cell.number_format = MONEY
                cell.alignment = Alignment(horizontal="right", vertical="center")
            else:
                # Codes stay text so '2012601' is not turned into a number.
                cell.value = text or None
                cell.number_format = "@"
                cell.alignment = Alignment(horizontal="center" if col.role == "line" else "left",
                                           vertical="center", wrap_text=True)
    notes_row = first_body + len(t.rows) + 1
    for k, note in enumerate(t.notes):
        cell = ws.cell(row=notes_row + k, column=1, value=note)
        cell.font = Font(name=FONT, size=9)
        ws.merge_cells(start_row=notes_row + k, start_column=1, end_row=notes_row + k, end_column=ncols)

    for c, col in enumerate(t.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = round(9 * col.width, 1)
    ws.freeze_panes = ws.cell(row=first_body, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{first_body - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if t.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _narrative_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("情况说明")
    ws.column_dimensions["A"].width = 110
    r = 1
    ws.cell(row=r, column=1, value=report.part_headings[2]).font = Font(name=FONT, size=14, bold=True)
    for sec in report.narrative:
        r += 1
        ws.cell(row=r, column=1, value=sec.heading).font = Font(name=FONT, size=12, bold=True)
        for para in sec.paragraphs:
            r += 1
            cell = ws.cell(row=r, column=1, value=para)
            cell.font = Font(name=FONT, size=10.5)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    r += 1
    ws.cell(row=r, column=1, value=report.part_headings[3]).font = Font(name=FONT, size=14, bold=True)
    for para in report.glossary:
        r += 1
        cell = ws.cell(row=r, column=1, value=para)
        cell.font = Font(name=FONT, size=10.5)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def render_xlsx(report: Report, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for t in report.tables:
        _table_sheet(wb, t)
    _narrative_sheet(wb, report)
    stamp = datetime(report.year + 1, 8, 1, 9, 0, 0)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = report.title
    wb.properties.creator = wb.properties.lastModifiedBy = report.unit_name
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would overwrite `modified` with the wall clock.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return write_stable(buf.getvalue(), path)
