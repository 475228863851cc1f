"""Text reader for .txt/.md exports: markdown-ish headings, paragraphs and tab-separated tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.document import Page, Table
from tools.ingest.grid import GridCell, GridRow, assemble, count_header_rows, is_column_number_row
from tools.ingest.guard import read_text_file
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
from tools.text import normalize

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*\*\*([^*].*?)\*\*\s*[:：]?\s*$")
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Inline HTML that exporters leave in cells ('<b>总分</b>'); never printed text.
_INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|u|sup|sub|span|font|p|div|center)\b[^>]*>", re.IGNORECASE)
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
BOLD_HEADING_LEVEL = 4


def _clean(text: str) -> str:
    """Drop markdown emphasis and inline tags; keep every printed character."""
    text = _BR_TAG.sub(" ", text)
    text = _INLINE_TAG.sub("", text)
    return text.replace("**", "").replace("__", "").strip()


@dataclass
class _Parsed:
    flow: list[Flow] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    tables: dict[int, list[list[str]]] = field(default_factory=dict)


def _parse_page(text: str) -> _Parsed:
    out = _Parsed()
    lines = text.split("\n")
    para: list[str] = []

    def flush() -> None:
        if para:
            out.flow.append(Flow("paragraph", tuple(para)))
            out.levels.append(0)
            para.clear()

    def add_table(rows: list[list[str]]) -> None:
        out.tables[len(out.flow)] = rows
        out.flow.append(Flow("table"))
        out.levels.append(0)

    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip() or _RULE.match(raw) or _IMAGE.match(raw):
            flush()
            i += 1
            continue
        if "\t" in raw:
            # Consecutive tab-separated lines form one table.
            flush()
            rows = []
            while i < len(lines) and "\t" in lines[i] and lines[i].strip():
                rows.append([_clean(cell) for cell in lines[i].rstrip(" \r").split("\t")])
                i += 1
            add_table(rows)
            continue
        if _PIPE_ROW.match(raw) and i + 1 < len(lines) and _PIPE_SEPARATOR.match(lines[i + 1]):
            flush()
            rows = []
            while i < len(lines) and _PIPE_ROW.match(lines[i]):
                if not _PIPE_SEPARATOR.match(lines[i]):
                    rows.append([_clean(cell) for cell in lines[i].strip().strip("|").split("|")])
                i += 1
            add_table(rows)
            continue
        heading = _HEADING.match(raw)
        bold = _BOLD_LINE.match(raw)
        if heading or bold:
            flush()
            level = len(heading.group(1)) if heading else BOLD_HEADING_LEVEL
            title = _clean(heading.group(2) if heading else bold.group(1))
            if title:
                out.flow.append(Flow("heading", (title,)))
                out.levels.append(level)
            i += 1
            continue
        if _LIST_ITEM.match(raw):
            # Each list item is its own paragraph; the marker is markup, not text.
            flush()
            raw = _LIST_ITEM.sub("", raw, count=1)
        line = _clean(raw)
        if line:
            para.append(line)
        i += 1
    flush()
    return out


def _header_cells(rows: list[list[str]]) -> tuple[list[list[GridCell]], int]:
    """Grid cells with spanning header labels spread right; return (cells, header row count).

    A text export keeps a merged header's label in its first column only ('收入\t\t支出').
    In every header row but the lowest label row, a blank right of a label is taken as
    part of that label's span, the way a merged cell would have been read.
    """
    width = max(len(r) for r in rows)
    texts = [r + [""] * (width - len(r)) for r in rows]
    n_header = count_header_rows(texts)
    while n_header < len(texts) and is_column_number_row(texts[n_header]):
        n_header += 1
    label_rows = [i for i in range(n_header) if not is_column_number_row(texts[i])]
    cells = [[GridCell(t) for t in r] for r in texts]
    for i in label_rows[:-1]:
        for j in range(1, width):
            left = cells[i][j - 1]
            if not texts[i][j].strip() and left.text.strip():
                cells[i][j] = GridCell(left.text, merged=True)
    return cells, n_header


def _table(rows: list[list[str]], page: int, ctx: TableContext) -> Table | None:
    banner = split_banner(rows)
    n_trailer, trailer_notes = split_trailer(rows[banner.rows :])
    body = [r for r in rows[banner.rows : len(rows) - n_trailer] if any(c.strip() for c in r)]
    if not body:
        return None
    title = ctx.title or banner.title
    caption = list(ctx.caption)
    if ctx.title and banner.title and normalize(ctx.title) != normalize(banner.title):
        caption.append(banner.title)
    caption.extend(banner.caption)
    number, unit, caption = parse_caption(caption)
    number = number or find_table_number(title or "")
    cells, n_header = _header_cells(body)
    columns, table_rows = assemble([GridRow(cells=r, page=page) for r in cells], header_rows=n_header)
    return Table(
        page=page,
        pages=[page],
        title=title,
        number=number,
        unit=unit,
        caption=caption,
        notes=trailer_notes + list(ctx.notes),
        columns=columns,
        rows=table_rows,
    )


def _blocks(parsed: _Parsed, page: int) -> list[Any]:
    contexts = table_contexts(parsed.flow)
    consumed = set().union(*(c.consumed for c in contexts.values())) if contexts else set()
    blocks: list[Any] = []
    for i, item in enumerate(parsed.flow):
        if i in consumed:
            continue
        if item.kind in ("heading", "paragraph"):
            blocks.append(text_block(item, page, parsed.levels[i]))
        else:
            table = _table(parsed.tables[i], page, contexts[i])
            if table is not None:
                blocks.append(table)
    return blocks


def read_text(path: Path, limits: Limits) -> tuple[list[Page], list[str]]:
    """Read a .txt/.md file; a form feed starts a new page, otherwise everything is page 1."""
    text = read_text_file(path, limits)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        blocks = _blocks(_parse_page(chunk), number)
        pages.append(Page(number=number, has_text=bool(blocks), blocks=blocks))
    return pages, []
