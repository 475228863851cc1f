"""Render a FormSet to DOCX: one section (new page, own orientation) per form, merged cells as in Word."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ._zip import write_stable
from .perf_model import FormSet
from .perf_render import Block, Grid, sections
from .render_docx import (
    A4_H,
    A4_W,
    MARGIN,
    _page,
    _para,
    _repeat_header,
    _set_cell,
    _setup_styles,
)

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


def _grid(doc, g: Grid, width) -> None:
    table = doc.add_table(rows=len(g.rows), cols=len(g.widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(width * w / sum(g.widths)) for w in g.widths]
    # Cells fetched once before merging: table.cell() rebuilds the whole cell list on every call.
    cells = [list(row.cells) for row in table.rows]
    for r, texts in enumerate(g.rows):
        if r < g.header:
            _repeat_header(table.rows[r])
        for c, text in enumerate(texts):
            cells[r][c].width = widths[c]
            _set_cell(cells[r][c], text, CENTER if r < g.header or len(text) <= 8 else LEFT, 8)
    for r, c, rs, cs in g.spans:
        merged = cells[r][c].merge(cells[r + rs - 1][c + cs - 1])
        # Merging joins the cells' paragraphs; only the origin's text is printed.
        _set_cell(merged, g.rows[r][c], CENTER, 8)


def _block(doc, b: Block, width) -> None:
    if b.kind == "grid":
        _grid(doc, b.grid, width)
    elif b.kind == "title":
        doc.add_heading(b.text, level=1).alignment = CENTER
    elif b.kind == "subtitle":
        _para(doc, b.text, align=CENTER, size=11)
    elif b.kind == "heading":
        doc.add_heading(b.text, level=2)
    elif b.kind == "para":
        _para(doc, b.text, indent=True, size=10)
    else:
        _para(doc, b.text, size=8)


def render_forms_docx(fs: FormSet, path: str | Path) -> Path:
    path = Path(path)
    doc = Document()
    _setup_styles(doc)
    for k, sec in enumerate(sections(fs)):
        section = doc.sections[0] if k == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=sec.landscape)
        width = (A4_H if sec.landscape else A4_W) - 2 * MARGIN
        for b in sec.blocks:
            _block(doc, b, width)
    cp = doc.core_properties
    # Fixed stamps instead of the wall clock, so the same set gives the same bytes.
    cp.created = cp.modified = cp.last_printed = datetime(fs.summary.year + 1, 3, 1, 9, 0, 0)
    cp.title = f"{fs.summary.department}{fs.summary.year}年度绩效自评表"
    cp.author = cp.last_modified_by = fs.summary.department
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return write_stable(buf.getvalue(), path)
