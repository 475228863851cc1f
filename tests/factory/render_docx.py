"""Render a Report to DOCX with python-docx: Heading styles, merged header cells, a landscape section."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ._zip import write_stable
from .model import Report, ReportTable

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
A4_W, A4_H = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)


def _fonts(target, name: str) -> None:
    """Set both the Latin and the East Asian font; Word ignores font.name for CJK glyphs."""
    target.font.name = name
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        st = doc.styles[f"Heading {level}"]
        _fonts(st, HEAD_FONT)
        st.font.size = Pt(size)
        st.font.bold = level < 3
        st.font.color.rgb = RGBColor(0, 0, 0)


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_H, A4_W) if landscape else (A4_W, A4_H)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _para(doc, text: str, *, align=None, size: float | None = None, indent: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(21)
    return p


def _set_cell(cell, text: str, align, size: float) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
    p.alignment = align


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, t: ReportTable, width) -> None:
    doc.add_heading(t.title, level=2).alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap_l, number, cap_r = t.caption
    _para(doc, number, align=WD_ALIGN_PARAGRAPH.RIGHT, size=9)
    p = _para(doc, f"{cap_l}\t{cap_r}", size=9)
    p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)

    nh, ncols = len(t.header), len(t.columns)
    size = 8 if t.landscape else 9
    table = doc.add_table(rows=nh + len(t.rows), cols=ncols)
    if t.ruled:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total_w = sum(c.width for c in t.columns)
    widths = [int(width * c.width / total_w) for c in t.columns]
    amount = {i for i, c in enumerate(t.columns) if c.role == "amount"}
    line = {i for i, c in enumerate(t.columns) if c.role == "line"}
    rows = table.rows
    for r, texts in enumerate(t.header):
        cells = rows[r].cells
        _repeat_header(rows[r])
        for c, text in enumerate(texts):
            cells[c].width = widths[c]
            _set_cell(cells[c], text, WD_ALIGN_PARAGRAPH.CENTER, size)
    for r, row in enumerate(t.rows, start=nh):
        cells = rows[r].cells
        for c, text in enumerate(row.cells):
            cells[c].width = widths[c]
            align = (WD_ALIGN_PARAGRAPH.RIGHT if c in amount
                     else WD_ALIGN_PARAGRAPH.CENTER if c in line else WD_ALIGN_PARAGRAPH.LEFT)
            _set_cell(cells[c], text, align, size)
    for s in t.spans:
        merged = table.cell(s.row, s.col).merge(table.cell(s.row + s.rowspan - 1, s.col + s.colspan - 1))
        _set_cell(merged, t.header[s.row][s.col], WD_ALIGN_PARAGRAPH.CENTER, size)
    for note in t.notes:
        _para(doc, note, size=8.5)


def render_docx(report: Report, path: str | Path) -> Path:
    path = Path(path)
    doc = Document()
    _setup_styles(doc)
    _page(doc.sections[0], landscape=False)
    portrait_w = A4_W - 2 * MARGIN
    landscape_w = A4_H - 2 * MARGIN

    for _ in range(6):
        doc.add_paragraph()
    _para(doc, report.unit_name, align=WD_ALIGN_PARAGRAPH.CENTER, size=22)
    _para(doc, f"{report.year}年度部门决算", align=WD_ALIGN_PARAGRAPH.CENTER, size=28)
    for _ in range(10):
        doc.add_paragraph()
    _para(doc, f"{report.year + 1}年8月", align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    doc.add_page_break()

    p1, p2, p3, p4 = report.part_headings
    doc.add_heading("目录", level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part, entries in (
        (p1, [s.heading for s in report.overview]),
        (p2, [f"{k}、{t.title}" for k, t in zip("一二三四五六七八九", report.tables)]),
        (p3, [s.heading for s in report.narrative if s.level == 2]),
        (p4, []),
    ):
        _para(doc, part, size=12)
        for e in entries:
            _para(doc, "　　" + e)
    doc.add_page_break()

    doc.add_heading(p1, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for sec in report.overview:
        doc.add_heading(sec.heading, level=2)
        for par in sec.paragraphs:
            _para(doc, par, indent=True)
    doc.add_page_break()

    doc.add_heading(p2, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for t in report.tables:
        if t.landscape:
            _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
            _table(doc, t, landscape_w)
            _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
        else:
            _table(doc, t, portrait_w)
    doc.add_page_break()

    doc.add_heading(p3, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for sec in report.narrative:
        doc.add_heading(sec.heading, level=sec.level)
        for par in sec.paragraphs:
            _para(doc, par, indent=True)

    doc.add_heading(p4, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for par in report.glossary:
        _para(doc, par, indent=True)

    cp = doc.core_properties
    # Fixed stamps instead of the wall clock, so the same report gives the same bytes.
    stamp = datetime(report.year + 1, 8, 1, 9, 0, 0)
    cp.created = cp.modified = cp.last_printed = stamp
    cp.title = report.title
    cp.author = cp.last_modified_by = report.unit_name
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return write_stable(buf.getvalue(), path)
