"""DOCX reader: body paragraphs and tables in document order, merged cells resolved, pages estimated."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.document import Page, Table
from tools.errors import InputError
from tools.ingest.grid import GridCell, GridRow, assemble
from tools.ingest.guard import check_input
from tools.ingest.layout import (
    text_block,
    Flow,
    TableContext,
    find_table_number,
    parse_caption,
    split_banner,
    split_trailer,
    table_contexts,
)
from tools.settings import Limits
from tools.text import join_lines, normalize

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
W_PPR, W_TCPR, W_TRPR, W_SECTPR = _w("pPr"), _w("tcPr"), _w("trPr"), _w("sectPr")
W_VAL, W_TYPE = _w("val"), _w("type")
W_BR, W_CR, W_TAB = _w("br"), _w("cr"), _w("tab")
W_RENDERED = _w("lastRenderedPageBreak")
W_TXBX = _w("txbxContent")
W_DRAWING, W_PICT = _w("drawing"), _w("pict")

# Run content that is not printed text of this paragraph: deleted revisions, text boxes
# (their paragraphs would be read twice through mc:Fallback), ruby annotations, drawings.
_SKIP = {
    _w("del"),
    _w("moveFrom"),
    W_TXBX,
    f"{{{_MC}}}AlternateContent",
    W_PPR,
    _w("rPr"),
    W_DRAWING,
    W_PICT,
    _w("object"),
    _w("rt"),
    _w("sdtPr"),
}

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_FALSE = {"0", "false", "off"}


def _on(el: Any | None) -> bool:
    """A WordprocessingML toggle: present and not explicitly switched off."""
    return el is not None and el.get(W_VAL, "true") not in _FALSE


def _tokens(el: Any) -> Iterator[tuple[str, str]]:
    """Yield ('t', text) and ('page', 'explicit'|'rendered') in reading order."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W_T:
            yield "t", child.text or ""
        elif tag == W_TAB:
            yield "t", "\t"
        elif tag == W_BR:
            yield ("page", "explicit") if child.get(W_TYPE) == "page" else ("t", "\n")
        elif tag == W_CR:
            yield "t", "\n"
        elif tag == _w("noBreakHyphen"):
            yield "t", "-"
        elif tag == W_RENDERED:
            yield "page", "rendered"
        else:
            yield from _tokens(child)


@dataclass
class _Para:
    lines: list[str]
    before: int = 0
    after: int = 0


def _read_paragraph(p: Any, mode: str) -> _Para:
    """Text lines of a paragraph and the page breaks before and after its text."""
    para = _Para(lines=[])
    ppr = p.find(W_PPR)
    if mode == "explicit" and ppr is not None and _on(ppr.find(_w("pageBreakBefore"))):
        para.before += 1
    parts: list[str] = []
    seen_text = False
    for kind, value in _tokens(p):
        if kind == "t":
            parts.append(value)
            seen_text = seen_text or bool(value.strip())
        elif value == mode:
            if seen_text:
                para.after += 1
            else:
                para.before += 1
    para.lines = [line for line in "".join(parts).split("\n") if line.strip()]
    return para


def _paragraphs_in(el: Any) -> Iterator[Any]:
    """Paragraphs under `el` (nested tables included), skipping text boxes and deletions."""
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        if child.tag == W_P:
            yield child
        else:
            yield from _paragraphs_in(child)


def _cell_text(tc: Any) -> str:
    """A table cell's paragraphs joined like wrapped lines ('附属单位' + '上缴收入')."""
    lines: list[str] = []
    for p in _paragraphs_in(tc):
        lines.extend(_read_paragraph(p, "none").lines)
    return join_lines(lines)


def _int_attr(el: Any | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def _children(el: Any, tag: str) -> Iterator[Any]:
    """Direct children with `tag`, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


@dataclass
class _StyleInfo:
    levels: dict[str, int | None] = field(default_factory=dict)
    default: int | None = None


def _style_levels(doc: Any) -> _StyleInfo:
    """Heading level per paragraph style id, from its name or outline level along the basedOn chain."""
    from docx.enum.style import WD_STYLE_TYPE

    info = _StyleInfo()
    for style in doc.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        level: int | None = None
        current, depth = style, 0
        while current is not None and depth < 10:
            name = current.name or ""
            match = _HEADING_STYLE.match(name)
            if match:
                level = int(match.group(1))
                break
            if _TITLE_STYLE.match(name):
                level = 1
                break
            ppr = current.element.find(W_PPR)
            outline = _int_attr(ppr.find(_w("outlineLvl")) if ppr is not None else None, 9)
            if outline < 9:
                level = outline + 1
                break
            current, depth = current.base_style, depth + 1
        info.levels[style.style_id] = level
    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    info.default = info.levels.get(default.style_id) if default is not None else None
    return info


def _heading_level(p: Any, styles: _StyleInfo) -> int | None:
    ppr = p.find(W_PPR)
    if ppr is not None:
        outline = _int_attr(ppr.find(_w("outlineLvl")), 9)
        if outline < 9:
            return outline + 1
        pstyle = ppr.find(_w("pStyle"))
        if pstyle is not None:
            return styles.levels.get(pstyle.get(W_VAL, ""))
    return styles.default


@dataclass
class _TableItem:
    rows: list[list[GridCell]]
    pages: list[int]


class _Walker:
    """Walks the body once, producing a reading-order flow and the page of every item."""

    def __init__(self, mode: str, styles: _StyleInfo, section_breaks: set[Any]) -> None:
        self.mode = mode
        self.styles = styles
        self.section_breaks = section_breaks
        self.page = 1
        self.flow: list[Flow] = []
        self.pages: list[int] = []
        self.levels: list[int] = []
        self.tables: dict[int, _TableItem] = {}
        self.image_pages: set[int] = set()
        self.text_pages: set[int] = set()
        self.alt_chunks = 0

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child)
            elif tag == W_TBL:
                self.table(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag == W_CUSTOM_XML:
                self.walk(child)
            elif tag == _w("altChunk"):
                self.alt_chunks += 1

    def paragraph(self, p: Any) -> None:
        para = _read_paragraph(p, self.mode)
        self.page += para.before
        if p.find(f".//{W_DRAWING}") is not None or p.find(f".//{W_PICT}") is not None:
            self.image_pages.add(self.page)
        if para.lines:
            level = _heading_level(p, self.styles)
            kind = "heading" if level is not None else "paragraph"
            if kind == "heading":
                # A heading is one line of text even when the author broke it.
                para.lines = [join_lines(para.lines)]
            self.flow.append(Flow(kind, tuple(para.lines)))
            self.pages.append(self.page)
            self.levels.append(level or 0)
            self.text_pages.add(self.page)
        self.page += para.after
        ppr = p.find(W_PPR)
        if self.mode == "explicit" and ppr is not None:
            sect = ppr.find(W_SECTPR)
            if sect is not None and sect in self.section_breaks:
                self.page += 1

    def table(self, tbl: Any) -> None:
        rows: list[list[GridCell]] = []
        row_pages: list[int] = []
        tcs_by_row: list[list[Any]] = []
        above: dict[int, str] = {}
        for tr in _children(tbl, W_TR):
            before, after = self._row_breaks(tr)
            self.page += before
            trpr = tr.find(W_TRPR)
            grid_before = _int_attr(trpr.find(_w("gridBefore")) if trpr is not None else None, 0)
            grid_after = _int_attr(trpr.find(_w("gridAfter")) if trpr is not None else None, 0)
            cells = [GridCell("") for _ in range(grid_before)]
            tcs: list[Any] = []
            for tc in _children(tr, W_TC):
                tcs.append(tc)
                tcpr = tc.find(W_TCPR)
                span = max(1, _int_attr(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                # <w:vMerge/> without a value continues the merge started above.
                continued = vmerge is not None and vmerge.get(W_VAL, "continue") == "continue"
                text = "" if continued else _cell_text(tc)
                for k in range(span):
                    col = len(cells)
                    if continued:
                        cells.append(GridCell(above.get(col, ""), merged=True))
                    else:
                        cells.append(GridCell(text, merged=k > 0))
                        above[col] = text
            cells.extend(GridCell("") for _ in range(grid_after))
            rows.append(cells)
            row_pages.append(self.page)
            tcs_by_row.append(tcs)
            self.text_pages.add(self.page)
            self.page += after
        if not rows:
            return
        if max(len(r) for r in rows) == 1:
            # A one-column table is a frame around narrative text (a common Word layout
            # trick): read its cells as body content, not as a grid.
            self.page = row_pages[0]
            for tcs in tcs_by_row:
                for tc in tcs:
                    self.walk(tc)
            return
        index = len(self.flow)
        self.flow.append(Flow("table"))
        self.pages.append(row_pages[0])
        self.levels.append(0)
        self.tables[index] = _TableItem(rows, row_pages)

    def _row_breaks(self, tr: Any) -> tuple[int, int]:
        """One page break at most per row: before it when a cell starts on the new page."""
        before = after = False
        for tc in _children(tr, W_TC):
            seen_text = False
            for p in _paragraphs_in(tc):
                for kind, value in _tokens(p):
                    if kind == "t":
                        seen_text = seen_text or bool(value.strip())
                    elif value == self.mode:
                        if seen_text:
                            after = True
                        else:
                            before = True
        return (1 if before else 0), (1 if after and not before else 0)


def _section_breaks(body: Any) -> set[Any]:
    """Paragraph-level sectPr elements after which the next section starts on a new page.

    The set holds the element proxies themselves: lxml keeps a proxy (and its hash)
    stable only while a reference to it is alive.
    """
    sects = [s for s in body.iter(W_SECTPR) if s.getparent().tag in (W_PPR, body.tag)]
    breaks: set[Any] = set()
    for current, following in zip(sects, sects[1:]):
        kind = following.find(W_TYPE)
        if kind is None or kind.get(W_VAL, "nextPage") != "continuous":
            breaks.add(current)
    return breaks


def _build_table(item: _TableItem, ctx: TableContext) -> Table:
    texts = [[c.text for c in row] for row in item.rows]
    banner = split_banner(texts)
    rest = texts[banner.rows :]
    n_trailer, trailer_notes = split_trailer(rest)
    end = len(texts) - n_trailer
    body = [
        GridRow(cells=item.rows[i], page=item.pages[i])
        for i in range(banner.rows, end)
        if any(c.text.strip() for c in item.rows[i])
    ]
    title = ctx.title or banner.title
    caption = list(ctx.caption)
    if ctx.title and banner.title and normalize(ctx.title) != normalize(banner.title):
        caption.append(banner.title)
    caption.extend(banner.caption)
    number, unit, caption = parse_caption(caption)
    if number is None and title:
        number = find_table_number(title)
    columns, rows = assemble(body) if body else ([], [])
    start = body[0].page if body else item.pages[0]
    return Table(
        page=start,
        pages=sorted({r.page for r in body} or {start}),
        title=title,
        number=number,
        unit=unit,
        caption=caption,
        notes=trailer_notes + list(ctx.notes),
        columns=columns,
        rows=rows,
    )


def read_docx(path: Path, limits: Limits) -> tuple[list[Page], list[str]]:
    """Read a .docx into pages of blocks; page numbers are estimates from page/section breaks."""
    fmt = check_input(path, limits)
    if fmt != "docx":
        raise InputError(f"不是 Word 文档（.docx）：{path}")
    import docx

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = docx.Document(str(path))
    except Exception:  # python-docx raises KeyError/ValueError/lxml errors on broken packages
        raise InputError(f"Word 文档已损坏或格式不正确，无法读取：{path}") from None

    body = doc.element.body
    # DOCX has no fixed pages. Word records where pages fell at its last save
    # (w:lastRenderedPageBreak); that is the best estimate when present. Otherwise only
    # explicit page breaks and section breaks are counted, so numbers are approximate.
    mode = "rendered" if body.find(f".//{W_RENDERED}") is not None else "explicit"
    walker = _Walker(mode, _style_levels(doc), _section_breaks(body))
    walker.walk(body)

    contexts = table_contexts(walker.flow)
    consumed = set().union(*(c.consumed for c in contexts.values())) if contexts else set()
    by_page: dict[int, list[Any]] = {}
    for i, item in enumerate(walker.flow):
        if i in consumed:
            continue
        page = walker.pages[i]
        blocks = by_page.setdefault(page, [])
        if item.kind in ("heading", "paragraph"):
            blocks.append(text_block(item, page, walker.levels[i]))
        else:
            table = _build_table(walker.tables[i], contexts[i])
            if table.rows:
                blocks.append(table)

    last = max([walker.page, *by_page], default=1)
    # A trailing page break opens a page that holds nothing.
    while last > 1 and last not in by_page and last not in walker.image_pages:
        last -= 1
    pages = [
        Page(number=n, has_text=n in walker.text_pages, blocks=by_page.get(n, []))
        for n in range(1, last + 1)
    ]

    warns: list[str] = []
    if body.find(f".//{_w('ins')}") is not None or body.find(f".//{_w('del')}") is not None:
        warns.append("文档包含未接受的修订，已按接受全部修订后的文字读取")
    if body.find(f".//{W_TXBX}") is not None:
        warns.append("文档包含文本框，文本框中的文字未读取")
    if walker.alt_chunks:
        warns.append("文档包含嵌入的外部内容（altChunk），该部分未读取")
    image_only = sorted(walker.image_pages - walker.text_pages)
    if image_only:
        shown = "、".join(str(n) for n in image_only[:10])
        warns.append(f"第 {shown} 页（按分页符估算）只有图片，没有可读取的文字，可能是扫描件")
    if not walker.text_pages:
        warns.append("文档中没有可读取的文字")
    return pages, warns
