"""Render a FormSet to a byte-reproducible PDF: ruled grids like a WPS/Excel export, one form per page run.

The page of every indicator row is recorded while drawing (a Table piece drawn on a page carries the
name cells of the rows it holds), so tests know where each row is without re-reading the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .perf_model import FormSet
from .perf_render import Block, Grid, Section, sections
from .render_pdf import FONT, MARGIN, _style

S_TITLE = _style("perf_title", 16, 24, TA_CENTER, after=2)
S_SUB = _style("perf_sub", 11, 16, TA_CENTER, after=6)
S_HEAD = _style("perf_head", 11, 16, before=6, after=3)
S_PARA = _style("perf_para", 9.5, 14, indent=19, after=2)
S_NOTE = _style("perf_note", 8, 11)
S_CELL = _style("perf_cell", 7.5, 9.2)
S_CELL_C = _style("perf_cell_c", 7.5, 9.2, TA_CENTER)


@dataclass
class PdfLayout:
    """Where things were drawn: 1-based pages."""

    path: Path
    pages: dict[int, dict[str, int]] = field(default_factory=dict)
    """Form index → indicator name → page of its row."""
    form_pages: dict[int, list[int]] = field(default_factory=dict)
    """Form index → every page the form covers."""
    summary_pages: list[int] = field(default_factory=list)


class _Key(Paragraph):
    """A name cell that knows which indicator row it belongs to."""

    def __init__(self, text: str, style, key: tuple[int, str]) -> None:
        super().__init__(text, style)
        self.perf_key = key


class _Mark(Flowable):
    """Zero-size marker: the flowables after it belong to form `form` (None: the 汇总表)."""

    def __init__(self, form: int | None) -> None:
        super().__init__()
        self.form = form

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class _Doc(BaseDocTemplate):
    def __init__(self, *args, layout: PdfLayout, **kw) -> None:
        super().__init__(*args, **kw)
        self.layout = layout
        self.current: int | None = None

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Mark):
            self.current = flowable.form
        if not isinstance(flowable, (_Mark, Paragraph, Table)):
            return  # page breaks and template switches are processed on the page they end
        pages = self.layout.summary_pages if self.current is None else self.layout.form_pages.setdefault(
            self.current, [])
        if self.page not in pages:
            pages.append(self.page)
        if isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for cell in row:
                    # reportlab wraps flowable cells in a tuple (_ExpandedCellTuple).
                    for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                        key = getattr(item, "perf_key", None)
                        if key is not None:
                            self.layout.pages.setdefault(key[0], {}).setdefault(key[1], self.page)


class _GridTable(Table):
    """A Table that can also split through merged cells, as WPS/Excel exports do at page breaks."""

    grid: Grid
    form: int | None

    def split(self, aw, ah):
        # Always our own split: reportlab refuses to break inside a row span, and its pieces would
        # lose the grid that a second split needs.
        self._calc(aw, ah)
        n = self._getFirstPossibleSplitRowPosition(ah, ignoreSpans=1)
        if n <= self.grid.header or n >= len(self.grid.rows):
            return []
        return [_table(g, self.form) for g in _cut(self.grid, n)]


def _cut(g: Grid, n: int) -> tuple[Grid, Grid]:
    """Rows [0, n) and header + rows [n, …); a span across row n keeps its text in the first part."""
    h = g.header
    shift = n - h

    def part(lo: int, hi: int, off: int) -> Grid:
        rows = [list(r) for r in (g.rows[:h] if lo else []) + g.rows[lo:hi]]
        spans = []
        for r, c, rs, cs in g.spans:
            if lo and r < h:
                spans.append((r, c, rs, cs))
                continue
            top, bottom = max(r, lo), min(r + rs, hi)
            if top < bottom:
                spans.append((top - off, c, bottom - top, cs))
        keys = {r - off: k for r, k in g.keys.items() if lo <= r < hi}
        nums = {(r - off, c): v for (r, c), v in g.numbers.items() if lo <= r < hi or (lo and r < h)}
        return Grid(rows, g.widths, spans, h, keys, g.name_col, nums)

    return part(0, n, 0), part(n, len(g.rows), shift)


def _table(g: Grid, form: int | None) -> Table:
    numeric = set(g.numbers)
    data = []
    for r, row in enumerate(g.rows):
        cells = []
        for c, text in enumerate(row):
            if not text or (r, c) in numeric:
                # Numbers stay plain strings: they never wrap and keep exact text positions.
                cells.append(text)
            elif form is not None and c == g.name_col and r in g.keys:
                cells.append(_Key(escape(text), S_CELL, (form, g.keys[r])))
            else:
                cells.append(Paragraph(escape(text), S_CELL_C if r < g.header or len(text) <= 6 else S_CELL))
        data.append(cells)
    cmds = [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
    ]
    cmds += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in g.spans]
    t = _GridTable(data, colWidths=g.widths, repeatRows=g.header, style=TableStyle(cmds))
    t.grid, t.form = g, form
    return t


def _flow(b: Block, width: float, form: int | None) -> Flowable:
    if b.kind == "grid":
        scale = width / sum(b.grid.widths)
        g = Grid(b.grid.rows, [w * scale for w in b.grid.widths], b.grid.spans, b.grid.header, b.grid.keys,
                 b.grid.name_col, b.grid.numbers)
        return _table(g, form)
    style = {"title": S_TITLE, "subtitle": S_SUB, "heading": S_HEAD, "para": S_PARA, "note": S_NOTE}[b.kind]
    return Paragraph(escape(b.text), style)


def _footer(canv, doc, width: float) -> None:
    canv.saveState()
    canv.setFont(FONT, 9)
    canv.drawCentredString(width / 2, 1.0 * cm, f"- {doc.page} -")
    canv.restoreState()


def _frame(x: float, y: float, w: float, h: float, name: str) -> Frame:
    # No frame padding: grids are laid out to the frame's full width.
    return Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)


def template(kind: str, name: str | None = None) -> PageTemplate:
    """The page template of a 'portrait', 'landscape' or 'rotated' form page, with id `name` (default: kind)."""
    name = name or kind
    pw, ph = A4
    lw, lh = landscape(A4)
    if kind == "portrait":
        return PageTemplate(name, [_frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, name)],
                            onPage=lambda canv, doc: _footer(canv, doc, pw), pagesize=A4)
    frame = _frame(1.5 * cm, 1.5 * cm, lw - 3 * cm, lh - 2.7 * cm, name)
    if kind == "landscape":
        return PageTemplate(name, [frame], onPage=lambda canv, doc: _footer(canv, doc, lw), pagesize=(lw, lh))

    def on_rotated(canv, doc):
        # A portrait MediaBox shown turned by /Rotate 90 (the template's `rotation`, which reportlab
        # writes with the MediaBox swapped): draw the landscape page turned the other way, the way
        # scanners and some exporters store wide forms.
        canv.translate(lh, 0)
        canv.rotate(90)
        _footer(canv, doc, lw)
    rotated = PageTemplate(name, [frame], onPage=on_rotated, pagesize=(lw, lh))
    rotated.rotation = 90
    return rotated


def story(secs: list[Section], kinds: list[str], names: list[str] | None = None) -> list[Flowable]:
    """The sections' flowables, each on a new page of its template (kind 'portrait' or not; id from names)."""
    out: list[Flowable] = []
    pw = A4[0] - 2 * MARGIN
    lw = landscape(A4)[0] - 3 * cm
    for k, (sec, kind, name) in enumerate(zip(secs, kinds, names or kinds)):
        if k:
            out += [NextPageTemplate(name), PageBreak()]
        out.append(_Mark(sec.form))
        width = pw if kind == "portrait" else lw
        for b in sec.blocks:
            out.append(_flow(b, width, sec.form))
            if b.kind == "grid":
                out.append(Spacer(1, 4))
    return out


def render_forms_pdf(fs: FormSet, path: str | Path, *, rotate: bool = False) -> PdfLayout:
    """Write the forms and the 汇总表; `rotate` stores landscape pages as portrait pages with /Rotate 90."""
    path = Path(path)
    secs = sections(fs)
    names = ["portrait" if not s.landscape else "rotated" if rotate else "landscape" for s in secs]
    order = [names[0]] + [n for n in ("portrait", "landscape", "rotated") if n != names[0]]
    layout = PdfLayout(path)
    doc = _Doc(str(path), layout=layout, pagesize=A4, title=f"{fs.summary.department}{fs.summary.year}年度绩效自评表",
               author=fs.summary.department, creator="fiscal-review test factory", invariant=1)
    doc.addPageTemplates([template(n) for n in order])
    doc.build(story(secs, names))
    return layout
