"""Table grids from PDF pages: ruled tables via pdfplumber's finder, borderless ones from text columns."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from tools.document import BBox
from tools.ingest import layout
from tools.ingest.grid import GridCell, GridRow, is_column_number_row
from tools.ingest.pdf_lines import (
    SPACE_GAP,
    Char,
    PdfLine,
    _finish,
    build_lines,
    split_segments,
)
from tools.text import join_lines, normalize

# Official tables are ruled; thin rectangles count as rules too (Word exports draw
# cell borders as rects). Snap generously: borders of adjacent cells rarely coincide.
RULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
# A found "table" smaller than this is a text box or a decoration, not a table (one row
# is kept: it can be the last row of a table continued from the previous page).
MIN_TABLE_ROWS = 1
MIN_TABLE_COLS = 2
# Borderless tables: a gap wider than this many font sizes separates two columns.
COLUMN_GAP = 1.5
MIN_BORDERLESS_ROWS = 3
# Words of one line further apart than a printed space (font sizes) may sit in different columns.
WORD_GAP = SPACE_GAP
# Header lines of a borderless table: at most this many, each at most this far (font
# sizes) above the next, with words no longer than this and the body's type size.
MAX_HEADER_LINES = 8
HEADER_GAP = 1.0
MAX_HEADER_WORD = 20
HEADER_SIZE_TOLERANCE = 0.6
# A label wrapped onto lines this close (font sizes) to a data row belongs to that row.
WRAP_GAP = 0.4
MAX_LABEL_LINES = 2
# A header word covering this share of a neighbouring column also heads that column.
SPAN_SHARE = 0.35
# Closing marks that must not start a line; CJK typesetting hangs them past the right margin instead.
_HANGING = frozenset("。，、；：？！）」』】》〉”’")
_COLUMN_NO = re.compile(r"^\d{1,2}$")
_CONTINUED = re.compile(r"续表|[（(]续[)）]")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")


@dataclass
class PdfTable:
    """One table grid found on one page, before stitching and header analysis."""

    page: int
    bbox: BBox
    rows: list[GridRow]
    ruled: bool
    edges: list[float]
    """Left x of every grid column; used to match a table with its continuation."""
    bounds: list[float] = field(default_factory=list)
    """Borderless tables: x of the boundaries between columns (cells are placed by their centre)."""
    tentative: bool = False
    """A short run of data rows (no header, no 栏次) that is a table only as the continuation
    of a borderless table from the previous page; stitching keeps or drops it."""
    lines: list[PdfLine] = field(default_factory=list)
    """Tentative tables: their lines, to seat on the continued table's columns or give back as text."""


def _rbox(b: tuple[float, float, float, float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def _cell_text(chars: list[Char]) -> str:
    return join_lines([ln.text for ln in build_lines(chars)])


def ruled_grid(table: Any, chars: list[Char], page_no: int) -> PdfTable | None:
    """Rebuild a pdfplumber table as a full grid, spanning cells copied into covered positions."""
    cells = table.cells
    if not cells:
        return None
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    if len(xs) < MIN_TABLE_COLS or not tops:
        return None
    # origin[i][j] = index of the cell covering grid position (i, j)
    origin: list[list[int | None]] = [[None] * len(xs) for _ in tops]
    for k, (x0, top, x1, bottom) in enumerate(cells):
        i0 = bisect.bisect_left(tops, round(top, 1))
        j0 = bisect.bisect_left(xs, round(x0, 1))
        i = i0
        while i < len(tops) and tops[i] < bottom - 0.5:
            j = j0
            while j < len(xs) and xs[j] < x1 - 0.5:
                if origin[i][j] is None:
                    origin[i][j] = k
                j += 1
            i += 1
    buckets: list[list[Char]] = [[] for _ in cells]
    tx0, ttop, tx1, tbottom = table.bbox
    for c in chars:
        cx = (c["x0"] + c["x1"]) / 2
        if c["text"] in _HANGING:
            # CJK line breaking lets a closing mark hang past its cell's right border: place it by its left edge.
            cx = min(cx, c["x0"] + 0.5)
        cy = (c["top"] + c["bottom"]) / 2
        if not (tx0 <= cx <= tx1 and ttop <= cy <= tbottom):
            continue
        i = bisect.bisect_right(tops, cy) - 1
        j = bisect.bisect_right(xs, cx) - 1
        if i < 0 or j < 0:
            continue
        k = origin[i][j]
        if k is not None:
            buckets[k].append(c)
    texts = [_cell_text(b) for b in buckets]
    rows: list[GridRow] = []
    for i in range(len(tops)):
        row_cells: list[GridCell] = []
        seen_here: set[int] = set()
        for j in range(len(xs)):
            k = origin[i][j]
            if k is None:
                row_cells.append(GridCell(text=""))
                continue
            x0, top, x1, bottom = cells[k]
            covered = k in seen_here or bisect.bisect_left(tops, round(top, 1)) != i
            seen_here.add(k)
            row_cells.append(GridCell(text=texts[k], bbox=_rbox(cells[k]), merged=covered))
        ys = [cells[k][1] for k in (origin[i][j] for j in range(len(xs))) if k is not None]
        ye = [cells[k][3] for k in (origin[i][j] for j in range(len(xs))) if k is not None]
        bbox = _rbox((tx0, min(ys), tx1, max(ye))) if ys else None
        rows.append(GridRow(cells=row_cells, page=page_no, bbox=bbox))
    # Drop rows whose every position is covered by cells that started above (pure spacers).
    rows = [r for r in rows if any(not c.merged for c in r.cells)]
    return PdfTable(page=page_no, bbox=_rbox(table.bbox), rows=rows, ruled=True, edges=list(xs))


def _is_numberish(text: str) -> bool:
    s = normalize(text).replace(",", "").replace("%", "")
    return bool(s) and s.lstrip("-").replace(".", "", 1).isdigit()


def _join(tokens: list[PdfLine]) -> PdfLine:
    chars = [c for t in tokens for c in t.chars]
    return _finish(PdfLine(chars=chars, band=tokens[0].band))


def _words(line: PdfLine) -> list[PdfLine]:
    """The line cut at every printed space: header words, 栏次 numbers."""
    return split_segments(line, WORD_GAP)


def _body_tokens(line: PdfLine) -> list[PdfLine]:
    """Column segments of a body line, with numbers cut loose from their neighbours.

    A right-aligned amount may end closer to the next column's left-aligned code than
    the column gap ('4064.51 302'); words of a label stay together.
    """
    out: list[PdfLine] = []
    for seg in split_segments(line, COLUMN_GAP):
        words = _words(seg)
        if len(words) == 1:
            out.append(seg)
            continue
        group = [words[0]]
        for w in words[1:]:
            if _is_numberish(w.text) or _is_numberish(group[-1].text):
                out.append(_join(group))
                group = [w]
            else:
                group.append(w)
        out.append(_join(group))
    return out


def _column_numbers(words: list[PdfLine]) -> list[PdfLine] | None:
    """The numbers of a 栏次 row (one per column, increasing), or None for any other line."""
    texts = [w.text for w in words]
    flat = "".join(normalize(t) for t in texts).replace(" ", "")
    if not (is_column_number_row(texts) or "栏次" in flat):
        return None
    nums = [w for w in words if _COLUMN_NO.match(normalize(w.text))]
    values = [int(normalize(w.text)) for w in nums]
    if len(nums) < 2 or values != sorted(set(values)):
        return None
    return nums


def _stops_header(line: PdfLine, body_size: float) -> bool:
    """A line above a borderless grid that is not part of its header."""
    text = normalize(line.text)
    return (
        layout.is_caption_line(text)
        or layout.is_table_title(text)
        or layout.is_table_note(text)
        or bool(_CONTINUED.search(text))
        or bool(_SENTENCE_END.search(text))
        or abs((line.size or body_size) - body_size) > HEADER_SIZE_TOLERANCE
        or any(len(w.text) > MAX_HEADER_WORD for w in _words(line))
    )


def borderless_tables(lines: list[PdfLine], page_no: int) -> tuple[list[PdfTable], list[PdfLine]]:
    """Find runs of column-aligned lines holding numbers; return the tables and the remaining lines.

    Columns come from the data rows (amounts are right-aligned under their headers) and,
    when printed, from the 栏次 row (one number per column). The header lines directly
    above the run are merged per column into header paths.
    """
    split = [split_segments(ln, COLUMN_GAP) for ln in lines]
    is_row = [len(s) >= 3 and sum(_is_numberish(x.text) for x in s) >= 1
              and not is_column_number_row([x.text for x in s]) for s in split]
    tables: list[PdfTable] = []
    used: set[int] = set()
    i = 0
    # A few rows opening the page (or under a '续表' marker opening it), without header or
    # 栏次: maybe the tail of a borderless table from the previous page. Kept tentatively;
    # stitching seats them on that table's columns or gives them back as text.
    o = 1 if lines and _is_marker(lines[0]) else 0
    j = o
    while j < len(lines) and (is_row[j] or _coded_row(split[j])):
        j += 1
    if j > o and 0 < sum(is_row[o:j]) < MIN_BORDERLESS_ROWS:
        table = _columns_table(lines[o:j], 0, None, page_no)
        if table is not None:
            table.tentative = True
            table.lines = list(lines[o:j])
            tables.append(table)
            used.update(range(o, j))
            i = j
    while i < len(lines):
        if not is_row[i]:
            i += 1
            continue
        j = i
        while True:
            if j + 1 < len(lines) and is_row[j + 1]:
                j += 1
                continue
            # rows whose amounts are all blank, or the wrapped lines of a long label
            k = j + 1
            while k < len(lines) and k - j <= MAX_LABEL_LINES and (
                    _label_only(lines[k], split[k], lines[i : j + 1]) or _coded_row(split[k])):
                k += 1
            if k < len(lines) and k > j + 1 and is_row[k]:
                j = k
                continue
            # the wrapped tail of the last row's label
            while (j + 1 < len(lines) and _wraps(lines[j], lines[j + 1])
                   and _label_only(lines[j + 1], split[j + 1], lines[i : j + 1])):
                j += 1
            break
        short = j - i + 1 < MIN_BORDERLESS_ROWS
        numbered = any(_column_numbers(_words(lines[k])) for k in range(max(i - 2, 0), i) if k not in used)
        # a short run is a table only under a 栏次 row
        if not short or numbered:
            body_size = median([ln.size for ln in lines[i : j + 1] if ln.size] or [10.0])
            start = _header_start(lines, i, used, body_size)
            numbers_at = next((k for k in range(i - 1, start - 1, -1) if _column_numbers(_words(lines[k]))), None)
            if not short or numbers_at is not None:
                table = _columns_table(lines[start : j + 1], i - start,
                                       numbers_at - start if numbers_at is not None else None, page_no)
                if table is not None:
                    tables.append(table)
                    used.update(range(start, j + 1))
        i = j + 1
    rest = [ln for k, ln in enumerate(lines) if k not in used]
    return tables, rest


def _is_marker(line: PdfLine) -> bool:
    """A '续表' / '（续）' line printed above a table's continuation."""
    text = normalize(line.text)
    return bool(_CONTINUED.search(text)) and len(text) <= 20


def _coded_row(segments: list[PdfLine]) -> bool:
    """A body row with no amounts printed: a code and its name."""
    return len(segments) == 2 and _is_numberish(segments[0].text) and not _is_numberish(segments[1].text)


def seat(lines: list[PdfLine], bounds: list[float], page_no: int) -> list[GridRow] | None:
    """Rows of a borderless continuation's lines placed on another part's columns; None when they do not fit.

    Every data line must put at most one amount into any column.
    """
    body = [_body_tokens(ln) for ln in lines]
    for toks in body:
        per = [0] * (len(bounds) + 1)
        for t in toks:
            if _is_numberish(t.text):
                k = bisect.bisect_right(bounds, _mid(t.x0, t.x1))
                per[k] += 1
                if per[k] > 1:
                    return None
    rows = [(ln, GridRow(cells=_merged_cells(toks, bounds), page=page_no, bbox=ln.bbox)) for ln, toks in zip(lines, body)]
    return _merge_wrapped(rows)


def _header_start(lines: list[PdfLine], first: int, used: set[int], body_size: float) -> int:
    """Index of the topmost header line above the first data row `first`."""
    start = first
    top = lines[first].top
    while start > 0 and first - start < MAX_HEADER_LINES and start - 1 not in used:
        line = lines[start - 1]
        if line.bottom < top - HEADER_GAP * (line.size or body_size) or _stops_header(line, body_size):
            break
        start -= 1
        top = min(top, line.top)
    return start


def _label_only(line: PdfLine, segments: list[PdfLine], rows: list[PdfLine]) -> bool:
    """A short line inside the grid's width with no amounts: a row with none printed, or a wrapped label."""
    if len(line.text) > 40:
        return False
    size = line.size or 10.0
    text = normalize(line.text)
    return (len(text) <= 30 and not text.endswith("。")
            and line.x0 >= min(r.x0 for r in rows) - 2 * size and line.x1 <= max(r.x1 for r in rows) + size
            and not any(_is_numberish(s.text) for s in segments))


def _gap(a: PdfLine, b: PdfLine) -> float:
    """Vertical distance between two lines (negative when they overlap)."""
    return max(b.top - a.bottom, a.top - b.bottom)


def _wraps(a: PdfLine, b: PdfLine) -> bool:
    return _gap(a, b) < WRAP_GAP * (a.size or 10.0)


def _spans(tokens: list[PdfLine]) -> list[list[float]]:
    """Horizontal projection: merged x-intervals of the tokens."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((t.x0, t.x1) for t in tokens):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return spans


def _mid(a: float, b: float) -> float:
    return (a + b) / 2


def _inner_bounds(spans: list[list[float]]) -> list[float]:
    """Boundaries between consecutive column intervals: the middle of the gap between them."""
    return [_mid(a[1], b[0]) if a[1] <= b[0] else _mid(_mid(*a), _mid(*b)) for a, b in pairwise(spans)]


def _boundary(owned: list[list[list[float]]], centers: list[float], k: int) -> float:
    """Boundary between numbered columns k and k+1: in the gap between the data on either side.

    Labels are left-aligned and amounts right-aligned, so the midpoint of two 栏次 numbers
    is a poor boundary between columns of unequal width; it is used only next to an empty
    column, kept within the data gap.
    """
    right = max((sp[1] for col in owned[: k + 1] for sp in col), default=float("-inf"))
    left = min((sp[0] for col in owned[k + 1 :] for sp in col), default=float("inf"))
    middle = _mid(centers[k], centers[k + 1])
    if right > left:
        return middle
    if owned[k] and owned[k + 1]:
        return _mid(right, left)
    return min(max(middle, right), left)


def _columns(body: list[PdfLine], header: list[PdfLine], numbers: list[PdfLine] | None) -> tuple[list[float], list[float]]:
    """Inner column boundaries (refined to the data, and as first estimated) of a borderless grid."""
    spans = _spans(body)
    if numbers:
        # One column per 栏次 number, holding the data nearest to it; label columns left
        # of the numbered ones when 栏次 numbers the amount columns only.
        centers = [_mid(n.x0, n.x1) for n in numbers]
        first = centers[0] - (centers[1] - centers[0]) / 2
        labels = [sp for sp in spans if _mid(*sp) < first]
        centers = [_mid(*sp) for sp in labels] + centers
        owned: list[list[list[float]]] = [[sp] for sp in labels] + [[] for _ in numbers]
        for sp in spans[len(labels):]:
            owned[min(range(len(labels), len(centers)), key=lambda k: abs(centers[k] - _mid(*sp)))].append(sp)
        raw = [_boundary(owned, centers, k) for k in range(len(centers) - 1)]
    else:
        # a column without data is known from its header only; a right-aligned amount
        # column whose header misses its data claims the nearest header left of it
        heads = _spans(header)
        free = [h for h in heads if not any(min(h[1], s[1]) > max(h[0], s[0]) for s in spans)]
        for n, s in enumerate(spans):
            if any(min(h[1], s[1]) > max(h[0], s[0]) for h in heads):
                continue
            floor = spans[n - 1][1] if n else float("-inf")
            near = [h for h in free if floor <= h[0] and h[1] <= s[0]]
            if near:
                h = max(near, key=lambda h: h[1])
                free.remove(h)
                s[0] = h[0]
        raw = _inner_bounds(sorted(spans + free))
    # Move each boundary into the gap between the data on either side of it.
    bounds = list(raw)
    cols: list[list[PdfLine]] = [[] for _ in range(len(bounds) + 1)]
    for t in body:
        cols[bisect.bisect_right(raw, _mid(t.x0, t.x1))].append(t)
    for k in range(len(bounds)):
        if cols[k] and cols[k + 1]:
            right = max(t.x1 for t in cols[k])
            left = min(t.x0 for t in cols[k + 1])
            if right <= left:
                bounds[k] = min(max(bounds[k], right), left)
    return bounds, raw


def _merged_cells(tokens: list[PdfLine], bounds: list[float]) -> list[GridCell]:
    """One row of cells: the tokens of each column joined left to right."""
    per: list[list[PdfLine]] = [[] for _ in range(len(bounds) + 1)]
    for t in tokens:
        per[bisect.bisect_right(bounds, _mid(t.x0, t.x1))].append(t)
    cells = []
    for toks in per:
        if not toks:
            cells.append(GridCell(text=""))
            continue
        joined = _join(sorted(toks, key=lambda t: t.x0)) if len(toks) > 1 else toks[0]
        cells.append(GridCell(text=joined.text, bbox=joined.bbox))
    return cells


def _header_rows(tokens: list[PdfLine], bounds: list[float], x0: float, x1: float, page_no: int,
                 bbox: BBox | None) -> list[GridRow]:
    """Header lines merged per column: wrapped lines join, a label over several columns is a level of its own."""
    n = len(bounds) + 1
    edges = [min(x0, bounds[0] if bounds else x0)] + bounds + [max(x1, bounds[-1] if bounds else x1)]
    labels: list[list[tuple[float, float, float, str, bool, bool]]] = [[] for _ in range(n)]
    for t in tokens:
        width = max(t.x1 - t.x0, 1e-6)
        home = bisect.bisect_right(bounds, _mid(t.x0, t.x1))
        cover = [k for k in range(n)
                 if min(t.x1, edges[k + 1]) - max(t.x0, edges[k]) >= SPAN_SHARE * min(width, edges[k + 1] - edges[k])]
        lo, hi = min(cover + [home]), max(cover + [home])
        for k in range(lo, hi + 1):
            labels[k].append((t.top, t.x0, t.bottom, t.text, hi > lo, k != lo))
    columns: list[list[tuple[str, bool]]] = []
    for items in labels:
        out: list[tuple[str, bool]] = []
        prev: tuple[float, float, bool] | None = None  # (top, bottom, spanning) of the last word
        for top, _x, bottom, text, spanning, covered in sorted(items):
            same_line = prev is not None and abs(top - prev[0]) < WRAP_GAP * (bottom - top)
            wrapped = prev is not None and top - prev[1] < WRAP_GAP * (bottom - top)
            if prev is not None and not spanning and not prev[2] and (same_line or wrapped):
                out[-1] = (join_lines([out[-1][0], text]), False)
            else:
                out.append((text, covered))
            prev = (top, bottom, spanning)
        columns.append(out)
    depth = max((len(c) for c in columns), default=0)
    return [GridRow(cells=[GridCell(text=c[r][0], merged=c[r][1]) if r < len(c) else GridCell(text="") for c in columns],
                    page=page_no, bbox=bbox) for r in range(depth)]


def _columns_table(lines: list[PdfLine], first: int, numbers_at: int | None, page_no: int) -> PdfTable | None:
    """Grid of one borderless table: `lines[:first]` are its header lines, the rest its body."""
    body_lines = lines[first:]
    if numbers_at is not None:
        # lines between the 栏次 row and the first data row are body (a wrapped label)
        body_lines = lines[numbers_at + 1 :]
        first = numbers_at + 1
    header_lines = [ln for k, ln in enumerate(lines[:first]) if k != numbers_at]
    body = [_body_tokens(ln) for ln in body_lines]
    header = [w for ln in header_lines for w in _words(ln)]
    numbers = _column_numbers(_words(lines[numbers_at])) if numbers_at is not None else None
    bounds, raw = _columns(
        [t for toks in body for t in toks], header, numbers)
    if len(bounds) + 1 < MIN_TABLE_COLS:
        return None
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    rows: list[GridRow] = []
    if header_lines:
        hb = _rbox((x0, min(ln.top for ln in header_lines), x1, max(ln.bottom for ln in header_lines)))
        rows.extend(_header_rows(header, bounds, x0, x1, page_no, hb))
    if numbers_at is not None:
        ln = lines[numbers_at]
        rows.append(GridRow(cells=_merged_cells(_words(ln), bounds), page=page_no, bbox=ln.bbox))
    body_rows = [(ln, GridRow(cells=_merged_cells(toks, bounds), page=page_no, bbox=ln.bbox))
                 for ln, toks in zip(body_lines, body)]
    rows.extend(_merge_wrapped(body_rows))
    bbox = _rbox((x0, lines[0].top, x1, lines[-1].bottom))
    return PdfTable(page=page_no, bbox=bbox, rows=rows, ruled=False, edges=[x0] + raw, bounds=bounds)


def _is_data(row: GridRow) -> bool:
    return any(_is_numberish(c.text) for c in row.cells)


def _merge_wrapped(rows: list[tuple[PdfLine, GridRow]]) -> list[GridRow]:
    """Fold the wrapped lines of a long label into the row whose amounts they sit beside."""
    targets: dict[int, int] = {}
    for n, (line, row) in enumerate(rows):
        if _is_data(row):
            continue
        filled = [k for k, c in enumerate(row.cells) if c.text]
        best: tuple[float, int] | None = None
        for m in (n - 1, n + 1):
            if 0 <= m < len(rows) and _is_data(rows[m][1]) and _wraps(line, rows[m][0]):
                other = rows[m][1].cells
                if all(not _is_numberish(other[k].text) for k in filled):
                    gap = _gap(line, rows[m][0])
                    if best is None or gap < best[0]:
                        best = (gap, m)
        if best is not None:
            targets[n] = best[1]
    merged: dict[int, list[int]] = {}
    for n, m in targets.items():
        merged.setdefault(m, []).append(n)
    result: list[GridRow] = []
    for m, (line, row) in enumerate(rows):
        if m in targets:
            continue
        parts = sorted([m] + merged.get(m, []), key=lambda k: rows[k][0].top)
        if len(parts) == 1:
            result.append(row)
            continue
        cells = []
        for k in range(len(row.cells)):
            pieces = [rows[p][1].cells[k] for p in parts if rows[p][1].cells[k].text]
            if len(pieces) <= 1:
                cells.append(pieces[0] if pieces else GridCell(text=""))
                continue
            boxes = [c.bbox for c in pieces if c.bbox]
            box = _rbox((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                         max(b[3] for b in boxes))) if boxes else None
            cells.append(GridCell(text=join_lines([c.text for c in pieces]), bbox=box))
        lines_ = [rows[p][0] for p in parts]
        bbox = _rbox((min(ln.x0 for ln in lines_), min(ln.top for ln in lines_), max(ln.x1 for ln in lines_),
                      max(ln.bottom for ln in lines_)))
        result.append(GridRow(cells=cells, page=row.page, bbox=bbox))
    return result


def regrid(rows: list[GridRow], bounds: list[float]) -> list[GridRow] | None:
    """Re-seat the cells of a borderless continuation on another part's columns; None when they do not fit."""
    out = []
    for r in rows:
        cells = [GridCell(text="") for _ in range(len(bounds) + 1)]
        for c in r.cells:
            if not c.text:
                continue
            if c.bbox is None:
                return None
            k = bisect.bisect_right(bounds, _mid(c.bbox[0], c.bbox[2]))
            if cells[k].text:
                return None
            cells[k] = GridCell(text=c.text, bbox=c.bbox, merged=c.merged)
        out.append(GridRow(cells=cells, page=r.page, bbox=r.bbox))
    return out
