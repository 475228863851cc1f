"""PDF ingestion with pdfplumber: located lines, paragraphs, headings and table grids per page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from tools.document import Heading, IngestWarning, Page, Paragraph, TextLine
from tools.errors import InputError
from tools.ingest.guard import check_input
from tools.ingest.pdf_lines import PdfLine, build_lines
from tools.ingest.pdf_tables import RULED_SETTINGS, MIN_TABLE_COLS, MIN_TABLE_ROWS, PdfTable, borderless_tables, ruled_grid
from tools.settings import Limits
from tools.text import join_lines, normalize

_CID = re.compile(r"\(cid:\d+\)")
# Share of undecodable glyphs above which a page's text is reported as unreliable.
CID_WARN_SHARE = 0.05
# Page furniture lives in these top/bottom margins (share of page height).
FURNITURE_MARGIN = 0.07
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*共\s*\d+\s*页)?[-—–\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")
_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))"
)
# Paragraphs open with a two-character indent; one and a half font sizes is enough to tell.
INDENT_FACTOR = 1.5
# A line ending this many font sizes before the right margin ends its paragraph.
SHORT_LINE_FACTOR = 2.0
HEADING_MAX_CHARS = 40
HEADING_SIZE_RATIO = 1.15


@dataclass
class PageItems:
    """What one page yields before cross-page stitching."""

    page: Page
    tables: list[PdfTable] = field(default_factory=list)
    lines: list[PdfLine] = field(default_factory=list)


def _heading_level(text: str) -> int:
    if text.startswith("第") and "部分" in text[:6]:
        return 1
    if re.match(r"^[一二三四五六七八九十]+、", text):
        return 2
    if re.match(r"^[（(][一二三四五六七八九十]+[)）]", text):
        return 3
    return 4


def open_pdf(path: Path, limits: Limits) -> Any:
    """Open a checked PDF; encryption, damage and the page limit raise `InputError`."""
    if check_input(path, limits) != "pdf":
        raise InputError(f"不是 PDF 文件：{path}")
    try:
        pdf = pdfplumber.open(path)
        n = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        # pdfplumber wraps pdfminer's errors; the original is its first argument.
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc.__context__ or exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError("PDF 文件已加密（需要密码），无法读取；请提供未加密的版本") from None
        raise InputError(f"PDF 文件已损坏或不完整，无法解析（{type(inner).__name__}）") from None
    if n == 0:
        pdf.close()
        raise InputError("PDF 文件没有任何页面")
    if n > limits.max_pages:
        pdf.close()
        raise InputError(f"PDF 共 {n} 页，超过页数上限 {limits.max_pages} 页")
    return pdf


def read_pdf(path: Path, limits: Limits) -> tuple[list[PageItems], list[IngestWarning]]:
    """Read every page; a page that fails is reported as a warning and kept as an empty page."""
    pdf = open_pdf(path, limits)
    warnings: list[IngestWarning] = []
    items: list[PageItems] = []
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            try:
                items.append(_read_page(page, number, warnings))
            except Exception as exc:  # one broken page must not lose the rest of the document
                warnings.append(IngestWarning(code="ING-004", page=number,
                                              message=f"第{number}页解析失败（{type(exc).__name__}），该页内容未读取"))
                items.append(PageItems(page=Page(number=number, has_text=False)))
            finally:
                page.close()
    return items, warnings


def _read_page(raw: Any, number: int, warnings: list[IngestWarning]) -> PageItems:
    page = raw
    chars = dedupe_chars([c for c in page.chars if c["text"] not in ("\n", "\r")])
    geometry = dict(width=round(float(page.width), 2), height=round(float(page.height), 2), rotation=int(raw.rotation or 0))
    if not any(c["text"].strip() for c in chars):
        # An empty ruled grid is the tail of a table from the previous page; keep it so
        # the table's page range is right. Anything else without text is unread content.
        grids = [g for g in (ruled_grid(t, [], number) for t in page.find_tables(RULED_SETTINGS)) if g]
        if page.images or not grids:
            code, what = ("ING-001", "无文字层（疑似扫描件）") if page.images else ("ING-002", "无文字内容（空白页或只有线条）")
            warnings.append(IngestWarning(code=code, page=number, message=f"第{number}页{what}，未做文字识别"))
        return PageItems(page=Page(number=number, has_text=False, **geometry), tables=grids)
    cid = sum(1 for c in chars if _CID.fullmatch(c["text"]))
    if cid and cid / len(chars) >= CID_WARN_SHARE:
        warnings.append(IngestWarning(code="ING-003", page=number,
                                      message=f"第{number}页有 {cid} 个字符无法解码（字体缺少 ToUnicode 映射），该页文字可能不完整"))
    has_text = cid < len(chars) * 0.5

    tables: list[PdfTable] = []
    for found in page.find_tables(RULED_SETTINGS):
        grid = ruled_grid(found, chars, number)
        if grid and len(grid.rows) >= MIN_TABLE_ROWS and len(grid.rows[0].cells) >= MIN_TABLE_COLS:
            tables.append(grid)
    free = [c for c in chars if not any(_inside(c, t.bbox) for t in tables)]
    lines = [ln for ln in build_lines(free) if not _is_furniture(ln, float(page.height))]
    for ln in lines:
        ln.page = number
    extra, lines = borderless_tables(lines, number)
    tables.extend(extra)
    tables.sort(key=lambda t: t.bbox[1])
    return PageItems(page=Page(number=number, has_text=has_text, **geometry), tables=tables, lines=lines)


# Fake-bold exporters print each glyph twice, a fraction of a point apart ("合合计计").
DEDUPE_TOLERANCE = 1.0


def dedupe_chars(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a glyph printed again at (almost) the same place; cheaper than pdfplumber's generic pass."""
    order = sorted(range(len(chars)), key=lambda i: (chars[i]["text"], chars[i]["top"], chars[i]["x0"]))
    drop: set[int] = set()
    prev: dict[str, Any] | None = None
    for i in order:
        c = chars[i]
        if (
            prev is not None
            and c["text"] == prev["text"]
            and c["text"].strip()
            and abs(c["top"] - prev["top"]) <= DEDUPE_TOLERANCE
            and abs(c["x0"] - prev["x0"]) <= DEDUPE_TOLERANCE
        ):
            drop.add(i)
            continue
        prev = c
    return [c for i, c in enumerate(chars) if i not in drop] if drop else chars


def _inside(c: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _is_furniture(line: PdfLine, height: float) -> bool:
    in_margin = line.top < height * FURNITURE_MARGIN or line.bottom > height * (1 - FURNITURE_MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(normalize(line.text)))


@dataclass
class LineGroup:
    """Consecutive narrative lines that form one heading or paragraph."""

    lines: list[PdfLine]
    page: int
    heading_level: int | None = None


def group_lines(lines: list[PdfLine], page_no: int, body_size: float, left: float, right: float) -> list[LineGroup]:
    """Split narrative lines into headings and paragraphs by indent, short lines, numbering and size."""
    groups: list[LineGroup] = []
    for line in lines:
        text = normalize(line.text)
        size = line.size or body_size
        big = size >= body_size * HEADING_SIZE_RATIO
        prev = groups[-1].lines[-1] if groups else None
        starts_new = (
            prev is None
            or line.x0 > left + INDENT_FACTOR * size
            or bool(_HEADING.match(text))
            or big
            or abs(size - (prev.size or size)) > 0.5
            or ended_early(prev, line, right)
            or line.top - prev.bottom > 1.2 * size
        )
        if starts_new:
            groups.append(LineGroup(lines=[line], page=page_no))
        else:
            groups[-1].lines.append(line)
    for g in groups:
        g.heading_level = _heading_of(g, body_size)
    return groups


def _leading_token_width(line: PdfLine) -> float:
    """Width of the first unbreakable run (a number with its separators, or one CJK char)."""
    chars = line.chars
    if not chars:
        return 0.0
    k = 0
    while k < len(chars) and (chars[k]["text"].isascii() and chars[k]["text"].strip()):
        k += 1
    k = max(k, 1)
    return float(chars[k - 1]["x1"] - chars[0]["x0"])


def ended_early(prev: PdfLine, line: PdfLine, right: float) -> bool:
    """True when the previous line stopped although the next line's first word would have fit.

    Word processors wrap a number as a whole, so a line may end well before the margin
    in the middle of a sentence; only room left for the next word means a real break.
    """
    room = right - prev.x1
    size = prev.size or 10.0
    return room > max(_leading_token_width(line) + 0.5 * size, SHORT_LINE_FACTOR * size)


def _heading_of(group: LineGroup, body_size: float) -> int | None:
    """A heading is a single short line that is numbered like a section or set larger than body text."""
    if len(group.lines) != 1:
        return None
    text = normalize(group.lines[0].text)
    if not text or len(text) > HEADING_MAX_CHARS:
        return None
    if re.search(r"[：:。；;]", text[:-1]):
        return None  # a defined term or a sentence, not a title
    big = (group.lines[0].size or body_size) >= body_size * HEADING_SIZE_RATIO
    numbered = bool(_HEADING.match(text)) and not re.match(r"^\d", text)
    if numbered:
        return _heading_level(text)
    return 1 if big else None


def to_block(group: LineGroup) -> Heading | Paragraph:
    raw = join_lines([ln.text for ln in group.lines])
    first = group.lines[0]
    same_page = [ln for ln in group.lines if ln.page == first.page] or group.lines
    x0 = min(ln.x0 for ln in same_page)
    x1 = max(ln.x1 for ln in same_page)
    bbox = (round(x0, 2), round(first.top, 2), round(x1, 2), round(same_page[-1].bottom, 2))
    if group.heading_level is not None:
        return Heading(page=group.page, text=raw, norm=normalize(raw), level=group.heading_level, bbox=bbox)
    lines = [TextLine(page=ln.page or group.page, text=ln.text, bbox=ln.bbox) for ln in group.lines]
    return Paragraph(page=group.page, text=raw, norm=normalize(raw), lines=lines, bbox=bbox)

