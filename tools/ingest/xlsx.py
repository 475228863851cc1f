"""XLSX reader: one page per worksheet, merged ranges resolved, numbers rendered as Excel displays them."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tools.document import Heading, Page, Paragraph, Table
from tools.errors import InputError
from tools.ingest.grid import GridCell, GridRow, assemble
from tools.ingest.guard import check_input
from tools.ingest.layout import find_table_number, parse_caption, split_banner, split_trailer
from tools.settings import Limits
from tools.text import join_lines, normalize

# A sheet grid larger than this is not a report table; refuse it instead of filling memory.
MAX_GRID_CELLS = 2_000_000
# A single-text-per-row sheet is narrative when some text is at least this long.
NARRATIVE_MIN_CHARS = 50
# Excel keeps 15 significant digits; anything beyond is binary noise (0.1+0.2).
SIGNIFICANT_DIGITS = 15

_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.")
_SPACING = re.compile(r"[_*].")
_BRACKET = re.compile(r"\[[^\]]*\]")
_NUMBER_PART = re.compile(r"[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def _split_sections(fmt: str) -> list[str]:
    """Split a number format on ';' outside quotes and brackets."""
    sections, buf, quoted, bracket = [], [], False, False
    for ch in fmt:
        if ch == '"' and not bracket:
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        if ch == ";" and not quoted and not bracket:
            sections.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    sections.append("".join(buf))
    return sections


def _bare(section: str) -> str:
    """A format section without literals, escapes, padding and [colour]/[condition] codes."""
    return _BRACKET.sub("", _SPACING.sub("", _ESCAPED.sub("", _QUOTED.sub("", section))))


def _general(value: Decimal) -> str:
    if value.is_zero():
        return "0"
    digits = value.adjusted() - (SIGNIFICANT_DIGITS - 1)
    if digits > 0:
        rounded = value
    else:
        rounded = value.quantize(Decimal(1).scaleb(digits), rounding=ROUND_HALF_UP)
    return format(rounded.normalize(), "f")


def _to_decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    # repr() is the shortest text that round-trips the float: 1234.56, not 1234.5599999…
    return Decimal(repr(value))


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """Render a numeric cell like Excel's display: decimals, thousands separators, percent.

    Literal text in the format ('0.00"万元"') and colour/parenthesis styling are dropped so
    the result stays a plain number; negatives always print with '-'.
    """
    try:
        number = _to_decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    sections = _split_sections(number_format or "General")
    if number.is_zero() and len(sections) >= 3:
        zero = sections[2]
        if not re.search(r"[0#]", _bare(zero)):
            literal = "".join(m.group(0)[1:-1] for m in _QUOTED.finditer(zero)).strip()
            if literal:
                return literal
    negative = number < 0 and len(sections) >= 2 and _NUMBER_PART.search(_bare(sections[1]))
    section = sections[1] if negative else sections[0]
    bare = _bare(section)
    if not bare.strip() or bare.strip().lower() == "general" or "@" in bare:
        return _general(number)
    if re.search(r"[eE][+-]", bare) or ("/" in bare and "?" in bare):
        return _general(number)
    match = _NUMBER_PART.search(bare)
    if match is None:
        return _general(number)
    part = match.group(0)
    integer, _, fraction = part.partition(".")
    # Trailing commas scale by a thousand each ('#,##0,' shows thousands).
    scale = len(integer) - len(integer.rstrip(","))
    integer = integer.rstrip(",")
    thousands = "," in integer
    min_decimals = fraction.count("0")
    max_decimals = len(fraction)
    if "%" in bare:
        number *= 100
    number = number.scaleb(-3 * scale)
    rounded = number.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    text = format(rounded, f"{',' if thousands else ''}.{max_decimals}f")
    if max_decimals > min_decimals:
        # '#' decimal places are optional digits: drop their trailing zeros.
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0").ljust(min_decimals, "0")
        text = f"{head}.{tail}" if tail else head
    return text + ("%" if "%" in bare else "")


def render_cell(value: Any, number_format: str | None) -> str:
    """Display text of a cell value without float artefacts; '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, number_format)
    return str(value).strip()


def _cells(ws: Any) -> list[Any]:
    # Worksheet._cells holds only the cells present in the file; iterating ws.iter_rows()
    # would materialise every position up to max_row × max_column (formatted blank areas).
    store = getattr(ws, "_cells", None)
    if isinstance(store, dict):
        return list(store.values())
    return [c for row in ws.iter_rows() for c in row]


def _sheet_grid(ws: Any) -> tuple[list[list[GridCell]], int] | None:
    """The sheet's used area as grid cells (merged ranges resolved), or None when empty."""
    texts: dict[tuple[int, int], str] = {}
    for cell in _cells(ws):
        text = render_cell(cell.value, cell.number_format)
        if text:
            texts[(cell.row, cell.column)] = text
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        origin = (rng.min_row, rng.min_col)
        if origin not in texts:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != origin:
                    covered[(r, c)] = origin
    positions = [p for p, t in texts.items() if t.strip()] + list(covered)
    if not positions:
        return None
    top = min(r for r, _ in positions)
    bottom = max(r for r, _ in positions)
    left = min(c for _, c in positions)
    right = max(c for _, c in positions)
    height, width = bottom - top + 1, right - left + 1
    if height * width > MAX_GRID_CELLS:
        raise InputError(f"工作表“{ws.title}”过大（{height} 行 × {width} 列），超出处理上限")
    grid: list[list[GridCell]] = []
    for r in range(top, bottom + 1):
        row = []
        for c in range(left, right + 1):
            if (r, c) in covered:
                row.append(GridCell(texts[covered[(r, c)]], merged=True))
            else:
                row.append(GridCell(texts.get((r, c), "")))
        grid.append(row)
    # .get: indexing row_dimensions would create a dimension entry for every row.
    hidden = sum(1 for r in range(top, bottom + 1) if (d := ws.row_dimensions.get(r)) is not None and d.hidden)
    return grid, hidden


def _distinct(row: list[GridCell]) -> list[str]:
    out: list[str] = []
    for cell in row:
        if cell.text.strip() and cell.text not in out:
            out.append(cell.text)
    return out


def _narrative_blocks(rows: list[list[GridCell]], page: int) -> list[Heading | Paragraph] | None:
    """Blocks for a sheet of running text (one text per row, e.g. 情况说明), else None."""
    texts: list[str] = []
    for row in rows:
        distinct = _distinct(row)
        if len(distinct) > 1:
            return None
        texts.extend(distinct)
    used_columns = {j for row in rows for j, c in enumerate(row) if c.text.strip() and not c.merged}
    if not texts or (len(used_columns) > 1 and max(len(t) for t in texts) < NARRATIVE_MIN_CHARS):
        return None
    blocks: list[Heading | Paragraph] = []
    for text in texts:
        for piece in (p.strip() for p in text.split("\n")):
            if not piece:
                continue
            short = len(piece) <= 40 and not re.search(r"[。；;：:，,]$", piece)
            if short and not blocks:
                blocks.append(Heading(page=page, text=piece, norm=normalize(piece), level=1))
            elif short and len(piece) <= 30 and _ORDINAL.match(piece):
                level = 2 if piece[0] not in "(（" else 3
                blocks.append(Heading(page=page, text=piece, norm=normalize(piece), level=level))
            else:
                blocks.append(Paragraph(page=page, text=piece, norm=normalize(piece)))
    return blocks


def _trim_columns(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Drop leading/trailing columns that are blank in every row (a title merged wider than the grid)."""
    width = max(len(r) for r in rows)
    used = [j for j in range(width) if any(j < len(r) and r[j].text.strip() and not r[j].merged for r in rows)]
    if not used:
        return rows
    lo, hi = used[0], used[-1]
    return [r[lo : hi + 1] for r in rows]


def _table(rows: list[list[GridCell]], page: int, sheet: str) -> Table | None:
    rows = [r for r in rows if any(c.text.strip() for c in r)]
    texts = [[c.text for c in r] for r in rows]
    banner = split_banner(texts, lenient=True)
    n_trailer, notes = split_trailer(texts[banner.rows :])
    body = rows[banner.rows : len(rows) - n_trailer]
    if not body:
        return None
    # Header texts wrapped with Alt+Enter read as one label ('附属单位\n上缴收入').
    body = [[GridCell(join_lines(c.text.split("\n")), merged=c.merged) for c in r] for r in _trim_columns(body)]
    caption = list(banner.caption)
    if banner.title is None:
        caption.append(sheet)
    number, unit, caption = parse_caption(caption)
    # A sheet named '公开01表' carries the number even when the title row does not.
    number = number or find_table_number(banner.title or "") or find_table_number(sheet)
    columns, table_rows = assemble([GridRow(cells=r, page=page) for r in body])
    return Table(
        page=page,
        pages=[page],
        title=banner.title,
        number=number,
        unit=unit,
        caption=caption,
        notes=notes,
        columns=columns,
        rows=table_rows,
    )


def _uncached_formulas(path: Path, values: Any, wanted: set[str]) -> dict[str, int]:
    """Per sheet, formula cells that carry no cached value (read as blank with data_only=True)."""
    import openpyxl

    counts: dict[str, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for name in wanted:
            cached = values[name]._cells
            empty = 0
            for row in formulas[name].iter_rows():
                for c in row:
                    if getattr(c, "data_type", None) != "f":
                        continue
                    cell = cached.get((c.row, c.column))
                    if cell is None or cell.value is None:
                        empty += 1
            if empty:
                counts[name] = empty
    finally:
        formulas.close()
    return counts


def _has_formulas(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with zf.open(info) as fh:
                    chunk = b""
                    while block := fh.read(1 << 20):
                        if b"<f>" in chunk[-4:] + block or b"<f " in chunk[-4:] + block:
                            return True
                        chunk = block
    return False


def read_xlsx(path: Path, limits: Limits) -> tuple[list[Page], list[str]]:
    """Read a .xlsx: one page per non-empty worksheet (page number = sheet position)."""
    fmt = check_input(path, limits)
    if fmt != "xlsx":
        raise InputError(f"不是 Excel 工作簿（.xlsx）：{path}")
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about unsupported extensions (data validation, slicers).
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except InputError:
        raise
    except Exception:  # openpyxl raises KeyError/ValueError/lxml errors on broken packages
        raise InputError(f"Excel 工作簿已损坏或格式不正确，无法读取：{path}") from None

    pages: list[Page] = []
    warns: list[str] = []
    names = wb.sheetnames
    read: set[str] = set()
    for ws in wb.worksheets:
        number = names.index(ws.title) + 1
        found = _sheet_grid(ws)
        if found is None:
            continue
        rows, hidden_rows = found
        read.add(ws.title)
        if ws.sheet_state != "visible":
            warns.append(f"工作表“{ws.title}”为隐藏工作表")
        if hidden_rows:
            warns.append(f"工作表“{ws.title}”含 {hidden_rows} 个隐藏行，已照常读取")
        blocks: list[Any] = _narrative_blocks(rows, number) or []
        if not blocks:
            table = _table(rows, number, ws.title)
            if table is not None:
                blocks = [table]
        if blocks:
            pages.append(Page(number=number, blocks=blocks))

    if read and _has_formulas(Path(path)):
        uncached = _uncached_formulas(Path(path), wb, read)
        for name, count in sorted(uncached.items(), key=lambda kv: names.index(kv[0])):
            warns.append(f"工作表“{name}”有 {count} 个公式单元格没有保存计算结果（文件未经 Excel 重新计算），已按空白读取")
    if not pages:
        warns.append("工作簿中没有任何有内容的工作表")
    return pages, warns
