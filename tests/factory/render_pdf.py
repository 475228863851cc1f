"""Render a Report to a byte-reproducible PDF with reportlab (CJK via the built-in STSong-Light CID font)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
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

from .model import Report, ReportTable

FONT = "STSong-Light"
MARGIN = 2.0 * cm
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _style(name: str, size: float, leading: float, align=TA_LEFT, indent: float = 0, before: float = 0,
           after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=leading,
        alignment=align,
        firstLineIndent=indent,
        spaceBefore=before,
        spaceAfter=after,
        wordWrap="CJK",
    )


S_COVER_UNIT = _style("cover_unit", 22, 32, TA_CENTER)
S_COVER_TITLE = _style("cover_title", 30, 42, TA_CENTER)
S_COVER_DATE = _style("cover_date", 14, 20, TA_CENTER)
S_PART = _style("part", 18, 26, TA_CENTER, before=6, after=14)
S_H2 = _style("h2", 13.5, 20, before=8, after=4)
S_H3 = _style("h3", 12, 18, before=4, after=2, indent=24)
S_BODY = _style("body", 10.5, 16.5, indent=21, after=2)
S_TOC = _style("toc", 11, 20)
S_TOC_PART = _style("toc_part", 12.5, 22, before=6)
S_TTITLE = _style("table_title", 15, 22, TA_CENTER, before=4, after=4)
S_CAP_R = _style("cap_r", 9, 12, TA_RIGHT)
S_CAP_L = _style("cap_l", 9, 12)
S_NOTE = _style("note", 8.5, 12, before=2)
S_CONT = _style("cont", 9, 13, after=2)
S_CELL = _style("cell", 8.3, 10)
S_CELL_C = _style("cell_c", 8.3, 10, TA_CENTER)
# Landscape tables are long (every 类 is listed) and must fit one landscape page.
S_CELL_S = _style("cell_s", 7.6, 8.8)
S_CELL_SC = _style("cell_sc", 7.6, 8.8, TA_CENTER)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


class _Continued(Flowable):
    """The remainder of a split table, led by a '公开03表（续）' marker line."""

    def __init__(self, label: str, table: Table) -> None:
        super().__init__()
        self.label = label
        self.table = table
        self.marker = _p(label, S_CONT)

    def wrap(self, aw, ah):
        _, self._mh = self.marker.wrap(aw, ah)
        self._mh += S_CONT.spaceAfter
        _, self._th = self.table.wrap(aw, ah - self._mh)
        return aw, self._mh + self._th

    def draw(self):
        self.marker.drawOn(self.canv, 0, self._th + S_CONT.spaceAfter)
        self.table.drawOn(self.canv, 0, 0)

    def split(self, aw, ah):
        _, mh = self.marker.wrap(aw, ah)
        parts = self.table.split(aw, ah - mh - S_CONT.spaceAfter)
        return [_Continued(self.label, p) for p in parts]


class _SplitTable(Table):
    """A Table whose continuation pieces carry a 续表 marker (header rows repeat via repeatRows)."""

    continued_label: str | None = None

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if self.continued_label and len(parts) > 1:
            return [parts[0]] + [_Continued(self.continued_label, p) for p in parts[1:]]
        return parts


def _cell(text: str, centered: bool, compact: bool) -> Paragraph | str:
    if not text:
        return ""
    if compact:
        return _p(text, S_CELL_SC if centered else S_CELL_S)
    return _p(text, S_CELL_C if centered else S_CELL)


def _table_flowable(t: ReportTable, width: float) -> Table:
    nh = len(t.header)
    total_w = sum(c.width for c in t.columns)
    widths = [width * c.width / total_w for c in t.columns]
    amount_cols = [i for i, c in enumerate(t.columns) if c.role == "amount"]
    line_cols = [i for i, c in enumerate(t.columns) if c.role == "line"]
    compact = t.landscape
    data: list[list] = [[_cell(x, True, compact) for x in row] for row in t.header]
    for row in t.rows:
        cells: list = []
        for i, x in enumerate(row.cells):
            # Amounts and 行次 stay plain strings: they never wrap and keep exact text positions.
            cells.append(x if i in amount_cols or i in line_cols else _cell(x, False, compact))
        data.append(cells)
    size, pad = (7.6, 1.0) if compact else (8.3, 1.6)
    cmds = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ALIGN", (0, 0), (-1, nh - 1), "CENTER"),
    ]
    for i in amount_cols:
        cmds.append(("ALIGN", (i, nh), (i, -1), "RIGHT"))
    for i in line_cols:
        cmds.append(("ALIGN", (i, nh), (i, -1), "CENTER"))
    for s in t.spans:
        cmds.append(("SPAN", (s.col, s.row), (s.col + s.colspan - 1, s.row + s.rowspan - 1)))
    if t.ruled:
        cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1.0, colors.black)]
    tbl = _SplitTable(data, colWidths=widths, repeatRows=nh if t.repeat_header else 0, style=TableStyle(cmds))
    tbl.continued_label = f"{t.number}（续）"
    return tbl


def _table_block(t: ReportTable, width: float) -> list[Flowable]:
    cap_l, number, cap_r = t.caption
    caption = Table(
        [[_p(cap_l, S_CAP_L), _p(cap_r, S_CAP_R)]],
        colWidths=[width * 0.7, width * 0.3],
        style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]),
    )
    out: list[Flowable] = [
        CondPageBreak(7 * cm),
        _p(t.title, S_TTITLE),
        _p(number, S_CAP_R),
        caption,
        _table_flowable(t, width),
    ]
    out += [_p(n, S_NOTE) for n in t.notes]
    out.append(Spacer(1, 14))
    return out


def _footer(canv, doc) -> None:
    canv.saveState()
    canv.setFont(FONT, 9)
    w, _ = canv._pagesize
    canv.drawCentredString(w / 2, 1.1 * cm, f"- {doc.page} -")
    canv.restoreState()


def story(report: Report, appendix: str | None = None) -> list[Flowable]:
    """The report's flowables; `appendix` names a part that follows it (listed in the 目录 only)."""
    pw = A4[0] - 2 * MARGIN
    lw = landscape(A4)[0] - 2 * MARGIN
    p1, p2, p3, p4 = report.part_headings
    s: list[Flowable] = [
        Spacer(1, 6 * cm),
        _p(report.unit_name, S_COVER_UNIT),
        Spacer(1, 0.8 * cm),
        _p(f"{report.year}年度部门决算", S_COVER_TITLE),
        Spacer(1, 9 * cm),
        _p(f"{report.year + 1}年8月", S_COVER_DATE),
        NextPageTemplate("portrait"),
        PageBreak(),
        _p("目　录", S_PART),
    ]
    s += [_p(p1, S_TOC_PART)] + [_p("　　" + x.heading, S_TOC) for x in report.overview]
    s += [_p(p2, S_TOC_PART)] + [_p(f"　　{k}、{t.title}", S_TOC)
                                 for k, t in zip("一二三四五六七八九", report.tables)]
    s += [_p(p3, S_TOC_PART)] + [_p("　　" + x.heading, S_TOC) for x in report.narrative if x.level == 2]
    s += [_p(p4, S_TOC_PART)]
    if appendix:
        s += [_p(appendix, S_TOC_PART)]
    s += [PageBreak(), _p(p1, S_PART)]
    for sec in report.overview:
        s.append(_p(sec.heading, S_H2))
        s += [_p(par, S_BODY) for par in sec.paragraphs]
    s += [PageBreak(), _p(p2, S_PART)]
    for t in report.tables:
        if t.landscape:
            s += [NextPageTemplate("landscape"), PageBreak()]
            s += _table_block(t, lw)
            s += [NextPageTemplate("portrait"), PageBreak()]
        else:
            s += _table_block(t, pw)
    s += [PageBreak(), _p(p3, S_PART)]
    for sec in report.narrative:
        s.append(_p(sec.heading, S_H2 if sec.level == 2 else S_H3))
        s += [_p(par, S_BODY) for par in sec.paragraphs]
    # 名词解释 follows the 情况说明 on the same page, as a part of its own.
    s += [Spacer(1, 0.6 * cm), _p(p4, S_PART)]
    s += [_p(par, S_BODY) for par in report.glossary]
    return s


def drop_redundant_breaks(flow: list[Flowable]) -> list[Flowable]:
    # A landscape table right before 第三部分 or another landscape table would leave a blank page.
    out: list[Flowable] = []
    for f in flow:
        if isinstance(f, PageBreak) and out and isinstance(out[-1], PageBreak):
            continue
        if isinstance(f, PageBreak) and len(out) >= 2 and isinstance(out[-1], NextPageTemplate) \
                and isinstance(out[-2], PageBreak):
            continue
        out.append(f)
    return out


def templates() -> list[PageTemplate]:
    """The report's page templates: 'cover', 'portrait' and 'landscape'."""
    pw, ph = A4
    lw, lh = landscape(A4)
    return [
        PageTemplate("cover", [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="c")],
                     pagesize=A4),
        PageTemplate("portrait", [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="p")],
                     onPage=_footer, pagesize=A4),
        PageTemplate("landscape", [Frame(MARGIN, 1.5 * cm, lw - 2 * MARGIN, lh - 1.5 * cm - 1.0 * cm, id="l")],
                     onPage=_footer, pagesize=(lw, lh)),
    ]


def document(report: Report, path: Path) -> BaseDocTemplate:
    """An empty reportlab document with the report's metadata, writing reproducible bytes to path."""
    return BaseDocTemplate(
        str(path),
        pagesize=A4,
        title=report.title,
        author=report.unit_name,
        subject="部门决算公开报告",
        creator="fiscal-review test factory",
        # invariant=1 fixes the creation date and document id, so equal reports give equal bytes.
        invariant=1,
    )


def render_pdf(report: Report, path: str | Path) -> Path:
    path = Path(path)
    doc = document(report, path)
    doc.addPageTemplates(templates())
    doc.build(drop_redundant_breaks(story(report)))
    return path
