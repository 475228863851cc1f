"""Turn per-page PDF items into located blocks: captions and notes to tables, cross-page stitching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from statistics import median

from tools.document import Heading, Page, Paragraph, Table
from tools.ingest import layout
from tools.ingest.grid import GridRow, assemble
from tools.ingest.pdf import LineGroup, PageItems, ended_early, group_lines, to_block
from tools.ingest.pdf_lines import PdfLine
from tools.ingest.pdf_tables import PdfTable, regrid, seat
from tools.text import normalize

# '续表', '（续）', '公开03表（续）': printed above the continuation of a table.
_CONTINUED = re.compile(r"续表|[（(]续[)）]")
# How many lines above a table may hold its title and caption.
MAX_CAPTION_LINES = 5
# Column edges of a continued table may shift this much between pages.
EDGE_TOLERANCE = 6.0


@dataclass
class TablePart:
    grid: PdfTable
    title: str | None = None
    caption: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    continuation_hint: bool = False
    """A '续表' / '（续）' marker was printed above this part."""
    more_rows: list[GridRow] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


Event = TablePart | LineGroup


def _take_caption(pending: list[PdfLine]) -> tuple[str | None, list[str], bool]:
    """Pop title/caption lines from the end of `pending` (lines just above a table)."""
    title: str | None = None
    caption: list[str] = []
    hint = False
    taken = 0
    while pending and taken < MAX_CAPTION_LINES:
        text = normalize(pending[-1].text)
        if _CONTINUED.search(text) and len(text) <= 20:
            hint = True
        elif layout.is_caption_line(text):
            caption.insert(0, pending[-1].text)
        elif title is None and layout.is_table_title(text):
            title = text
            hint = hint or bool(_CONTINUED.search(text))
        else:
            break
        pending.pop()
        taken += 1
    return title, caption, hint


def _page_events(items: PageItems, body_size: float, left: float, right: float) -> list[Event]:
    events: list[Event] = []
    pending: list[PdfLine] = []
    lines = sorted(items.lines, key=lambda ln: ln.top)
    tables = list(items.tables)

    def flush() -> None:
        if pending:
            events.extend(group_lines(pending, items.page.number, body_size, left, right))
            pending.clear()

    li = 0
    for t in tables:
        while li < len(lines) and lines[li].top < t.bbox[1]:
            pending.append(lines[li])
            li += 1
        title, caption, hint = _take_caption(pending)
        flush()
        part = TablePart(grid=t, title=title, caption=caption, continuation_hint=hint, pages=[t.page])
        # Notes printed right under the grid belong to the table.
        # A numbered line ('2. …') after a note is the note's next item, as in the other formats.
        while li < len(lines) and (layout.is_table_note(normalize(lines[li].text))
                                   or (part.notes and layout.is_note_continuation(lines[li].text))):
            nxt = lines[li]
            part.notes.append(nxt.text)
            li += 1
            # a note wraps: keep following lines that continue it (not indented, no numbering)
            while li < len(lines) and lines[li].x0 <= nxt.x0 + 2 and not layout.is_table_note(normalize(lines[li].text)) \
                    and not layout.is_note_continuation(lines[li].text) \
                    and lines[li].top - nxt.bottom < nxt.size and len(part.notes[-1]) > 30:
                part.notes[-1] += lines[li].text
                nxt = lines[li]
                li += 1
        events.append(part)
    pending.extend(lines[li:])
    flush()
    return events


def _continues(prev: TablePart, part: TablePart) -> list[GridRow] | None:
    """The rows of `part` to append to `prev` when `part` continues it, else None."""
    if part.title and not part.continuation_hint:
        return None
    a, b = prev.grid, part.grid
    if a.ruled != b.ruled:
        return None
    if b.tentative:
        # already seated on `a`'s columns by _settle_tentative
        return b.rows
    rows = b.rows
    if len(a.rows[0].cells) != len(b.rows[0].cells):
        # A borderless continuation without its header misses the columns left blank on
        # that page: seat its cells on the first part's columns.
        refit = None if a.ruled or not a.bounds else regrid(b.rows, a.bounds)
        return refit if refit is not None and all(_inside_x(r, a) for r in b.rows) else None
    ea, eb = a.edges, b.edges
    if len(ea) == len(eb) and ea and all(abs(x - y) <= EDGE_TOLERANCE for x, y in zip(ea, eb)):
        return rows
    return rows if part.continuation_hint else None


def _settle_tentative(items: PageItems, events: list[Event], prev: Event | None) -> PageItems:
    """Keep a tentative borderless grid only as the continuation of the previous page's last table.

    A short run of data rows without header opening a page (or under a '续表' marker)
    continues a borderless table that ended the previous page: its rows are seated on that
    table's columns. Any other tentative grid goes back to being text.
    """
    first = events[0] if events else None
    kept: PdfTable | None = None
    if (isinstance(first, TablePart) and first.grid.tentative and not first.title
            and isinstance(prev, TablePart) and not prev.grid.ruled and prev.grid.bounds
            and (first.continuation_hint or not prev.notes)):
        rows = seat(first.grid.lines, prev.grid.bounds, first.grid.page)
        if rows and all(_inside_x(r, prev.grid) for r in rows):
            kept = replace(first.grid, rows=rows)
    tables: list[PdfTable] = []
    lines = list(items.lines)
    for t in items.tables:
        if not t.tentative:
            tables.append(t)
        elif kept is not None and first is not None and t is first.grid:
            tables.append(kept)
        else:
            lines.extend(t.lines)
    return replace(items, tables=tables, lines=sorted(lines, key=lambda ln: ln.top))


def _inside_x(row: GridRow, grid: PdfTable) -> bool:
    """Every cell of the row lies within the grid's width (give or take a tolerance)."""
    x0, x1 = grid.bbox[0] - EDGE_TOLERANCE, grid.bbox[2] + EDGE_TOLERANCE
    return all(c.bbox is None or (c.bbox[0] >= x0 and c.bbox[2] <= x1) for c in row.cells)


def _drop_repeated_header(first: list[GridRow], rows: list[GridRow]) -> list[GridRow]:
    """Drop header rows that a continuation page repeats."""
    header = [tuple(normalize(c.text) for c in r.cells) for r in first[:8]]
    k = 0
    while k < len(rows):
        texts = tuple(normalize(c.text) for c in rows[k].cells)
        # repeated titles, or the empty strip some exporters leave at the top of a page
        if texts in header or not any(texts):
            k += 1
            continue
        break
    return rows[k:]


def build_pages(items: list[PageItems]) -> list[Page]:
    """Assemble blocks for every page; tables and paragraphs that cross a page break are joined."""
    all_lines = [ln for it in items for ln in it.lines]
    body_size = median([ln.size for ln in all_lines if ln.size]) if all_lines else 10.0
    margins = _margins(items)
    per_page: list[list[Event]] = []
    for it in items:
        left, right = margins.get(round(it.page.width or 0), (0.0, it.page.width or 0.0))
        events = _page_events(it, body_size, left, right)
        if any(t.tentative for t in it.tables):
            prev = next((per_page[k][-1] for k in range(len(per_page) - 1, -1, -1) if per_page[k]), None)
            it = _settle_tentative(it, events, prev)
            events = _page_events(it, body_size, left, right)
        per_page.append(events)

    # Stitch: the first event of a page continues the last event of the previous page.
    for n in range(1, len(per_page)):
        if not per_page[n]:
            continue
        prev_page = next((k for k in range(n - 1, -1, -1) if per_page[k]), None)
        if prev_page is None:
            continue
        last, first = per_page[prev_page][-1], per_page[n][0]
        cont = _continues(last, first) if isinstance(last, TablePart) and isinstance(first, TablePart) else None
        if isinstance(last, TablePart) and isinstance(first, TablePart) and cont is not None:
            rows = _drop_repeated_header(last.grid.rows, cont)
            last.more_rows.extend(rows)
            last.notes.extend(first.notes)
            last.pages.append(first.grid.page)
            per_page[n].pop(0)
        elif isinstance(last, LineGroup) and isinstance(first, LineGroup) and _paragraph_continues(last, first, margins):
            last.lines.extend(first.lines)
            per_page[n].pop(0)

    pages: list[Page] = []
    for it, events in zip(items, per_page):
        blocks: list[Heading | Paragraph | Table] = []
        for ev in events:
            blocks.append(_table(ev) if isinstance(ev, TablePart) else to_block(ev))
        pages.append(it.page.model_copy(update={"blocks": blocks}))
    return pages


def _margins(items: list[PageItems]) -> dict[int, tuple[float, float]]:
    by_width: dict[int, list[PdfLine]] = {}
    for it in items:
        by_width.setdefault(round(it.page.width or 0), []).extend(it.lines)
    out = {}
    for w, lines in by_width.items():
        long = [ln for ln in lines if len(ln.text) >= 10] or lines
        xs = sorted(ln.x0 for ln in long)
        ends = sorted(ln.x1 for ln in long)
        # Most narrative lines are full, unindented lines: the left margin is the smallest
        # x0 shared by a tenth of them, the right margin the median line end.
        counts: dict[int, int] = {}
        for x in xs:
            counts[round(x)] = counts.get(round(x), 0) + 1
        common = [x for x, n in counts.items() if n >= max(2, len(xs) // 10)]
        left = float(min(common)) if common else (xs[0] if xs else 0.0)
        right = median(ends) if ends else float(w)
        out[w] = (left, right)
    return out


def _paragraph_continues(last: LineGroup, first: LineGroup, margins: dict[int, tuple[float, float]]) -> bool:
    if last.heading_level is not None or first.heading_level is not None:
        return False
    tail, head = last.lines[-1], first.lines[0]
    size = tail.size or 10.0
    lm = margins.values()
    right = max((r for _, r in lm), default=tail.x1)
    left = min((lf for lf, _ in lm), default=head.x0)
    full = not ended_early(tail, head, right)
    indented = head.x0 > left + 1.5 * size
    ends_sentence = normalize(tail.text).endswith(("。", "：", ":", "；"))
    return full and not indented and not ends_sentence



def _table(part: TablePart) -> Table:
    grid_rows = part.grid.rows + part.more_rows
    columns, rows = assemble(grid_rows)
    number, unit, _ = layout.parse_caption([part.title or ""] + part.caption)
    return Table(
        page=part.grid.page,
        pages=sorted(set(part.pages)),
        title=part.title,
        number=number,
        unit=unit,
        caption=[normalize(c) for c in part.caption],
        notes=[normalize(n) for n in part.notes],
        columns=columns,
        rows=rows,
        bbox=part.grid.bbox,
        ruled=part.grid.ruled,
    )
