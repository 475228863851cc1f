"""The nine 公开表 of an ingested Document as keyed, typed Statements."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tools.accounts.columns import (
    COLUMNS,
    NESTED_SEP,
    T01_SPENDING_TOTALS,
    T01_TOTALS,
    T04_SPENDING_TOTALS,
    T04_TOTALS,
    T06_TOTALS,
    TOTAL_KEY,
)
from tools.accounts.model import Amount, Line, Statement, label_key
from tools.document import Cell, Document, Row, Table
from tools.numbers import is_empty_cell, parse_value
from tools.profiles import Profile

__all__ = ["build_statements"]

CODED = ("T02", "T03", "T05", "T08", "T09")
TWO_SIDED = ("T01", "T04")
_NUMBER_RE = re.compile(r"公开(\d+)表")
_CODE_RE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)(.*)$")
_ORDINAL_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])"
)
_EMPTY_NOTE_RE = re.compile(r"无数据|本表为空|空表")
_NONE_NOTE_RE = re.compile(
    r"本(?:单位|部门)无|没有|未(?:发生|安排)|无[^，,。；]*(?:收入|支出|经费)"
)
_SIDE_WORDS = ("收入", "支出")
_GROUP_WORDS = {"项目", "金额"}
_FUNDS = {
    "一般公共预算": "一般公共预算财政拨款",
    "政府性基金": "政府性基金预算财政拨款",
    "国有资本经营": "国有资本经营预算财政拨款",
}
_LEVEL_PARTS = ("类", "款", "项")
_HEADER_ROW_LIMIT = 6


def flat(text: str | None) -> str:
    """Matching form: NFKC, no whitespace at all (PDF text puts spaces between CJK glyphs)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def printed(text: str | None) -> str:
    """Display form: as printed, whitespace removed (CJK labels wrap and space out in cells)."""
    return re.sub(r"\s+", "", text or "")


# ---------------------------------------------------------------- table recognition


def build_statements(doc: Document, profile: Profile) -> dict[str, Statement]:
    """Recognise the nine 公开表 by title or printed number and read each into a Statement."""
    found: dict[str, Table] = {}
    for table in doc.tables():
        key = _table_key(table, profile)
        if key and key not in found:
            found[key] = table
    return {key: build_statement(key, found[key]) for key in sorted(found)}


def _table_key(table: Table, profile: Profile) -> str | None:
    return _key_by_title(table.title, profile) or _key_by_number(
        _printed_number(table), profile
    )


def _key_by_title(title: str | None, profile: Profile) -> str | None:
    t = _bare_title(title)
    if not t:
        return None
    best: tuple[int, str] | None = None
    for key, spec in profile.tables.items():
        for accepted in spec.titles:
            a = flat(accepted)
            if t == a:
                return key
            # Province/year variants prefix the title ('2024年度…', unit name); the longest
            # accepted suffix wins so '…财政拨款支出决算表' is not read as '支出决算表'.
            if t.endswith(a) and (best is None or len(a) > best[0]):
                best = (len(a), key)
    return best[1] if best else None


def _bare_title(title: str | None) -> str:
    t = flat(title)
    t = re.sub(r"[(（][^()（）]*[)）]$", "", t)  # '（公开01表）', '（续）'
    return t


def _printed_number(table: Table) -> str | None:
    for text in [table.number or "", *table.caption]:
        m = _NUMBER_RE.search(flat(text))
        if m:
            return f"公开{int(m.group(1)):02d}表"
    return None


def _key_by_number(number: str | None, profile: Profile) -> str | None:
    if not number:
        return None
    for key, spec in profile.tables.items():
        if flat(spec.number) == number:
            return key
    return None


# ---------------------------------------------------------------- grid layout


@dataclass
class _Col:
    index: int
    parts: list[str]
    role: str
    """'code', 'code:类'/'code:款'/'code:项', 'name', 'line' or 'amount'."""
    number: str | None = None
    key: str | None = None


@dataclass
class _Block:
    """Label columns followed by their amount columns (sides of T01/T04, blocks of T06)."""

    side: str | None
    cols: list[_Col] = field(default_factory=list)

    def role(self, role: str) -> list[_Col]:
        return [c for c in self.cols if c.role == role]

    @property
    def amounts(self) -> list[_Col]:
        return self.role("amount")

    @property
    def code_parts(self) -> list[_Col]:
        return [c for c in self.cols if c.role.startswith("code:")]


def _columns(table: Table) -> tuple[list[_Col], list[Row]]:
    """Columns with header paths, and the body rows (header rows recovered when ingestion missed them)."""
    paths = {c.index: [flat(p) for p in c.path if flat(p)] for c in table.columns}
    numbers = {c.index: c.number for c in table.columns}
    body = table.body_rows
    if not any(paths.values()):
        paths, body = _recover_header(table)
    width = max([len(r.cells) for r in table.rows] + [len(paths)] or [0])
    cols = [
        _Col(i, paths.get(i, []), _role(paths.get(i, [])), numbers.get(i))
        for i in range(width)
    ]
    return cols, [r for r in body if not _is_lanci_row(r)]


def _recover_header(table: Table) -> tuple[dict[int, list[str]], list[Row]]:
    # A grid without any amount (blank template, empty 三公 table) reaches us with its header
    # rows taken as body rows; the leading rows that read as column titles are the header.
    rows = table.rows
    n = 0
    while n < min(len(rows), _HEADER_ROW_LIMIT) and _looks_like_header(rows[n]):
        n += 1
    paths: dict[int, list[str]] = {}
    for row in rows[:n]:
        for cell in row.cells:
            t = flat(cell.text)
            path = paths.setdefault(cell.col, [])
            if t and (not path or path[-1] != t) and t != "栏次":
                path.append(t)
    return paths, rows[n:]


def _looks_like_header(row: Row) -> bool:
    texts = [flat(c.text) for c in row.cells if flat(c.text)]
    if not texts:
        return False
    return all(
        not _ORDINAL_RE.match(t) and not _CODE_RE.match(t) and parse_value(t) is None
        for t in texts
    )


def _is_lanci_row(row: Row) -> bool:
    """The 栏次 row ('栏次 | | 1 | 2 …') numbers the columns; its digits are not amounts."""
    texts = [flat(c.text) for c in row.cells]
    if "栏次" in texts:
        return True
    ints = [t for t in texts if t]
    if len(ints) < 2 or not all(t.isdigit() and len(t) <= 2 for t in ints):
        return False
    values = [int(t) for t in ints]
    return values == list(range(values[0], values[0] + len(values)))


def _role(parts: list[str]) -> str:
    if any("行次" in p for p in parts):
        return "line"
    if (
        parts
        and parts[-1] in _LEVEL_PARTS
        and any("编码" in p or "科目" in p or "分类" in p for p in parts)
    ):
        return "code:" + parts[-1]
    if any("编码" in p for p in parts):
        return "code"
    if any("名称" in p for p in parts) or "项目" in parts:
        return "name"
    return "amount"


def _blocks(cols: list[_Col]) -> list[_Block]:
    """A new block starts at every label column that follows an amount column."""
    blocks: list[_Block] = []
    prev = None
    for col in cols:
        if not blocks or (col.role != "amount" and prev == "amount"):
            blocks.append(_Block(side=None))
        blocks[-1].cols.append(col)
        prev = col.role
    return blocks


# ---------------------------------------------------------------- column keys


def _column_key(
    key: str, parts: list[str], side: str | None, variant: tuple[str, ...]
) -> str | None:
    """Canonical column key (columns.COLUMNS) of an amount column; the printed path when unknown.

    None for 公开07表 columns that name no 三公 item: there the items are the printed rows.
    """
    if key in TWO_SIDED:
        return _two_sided_key(key, parts, side or "")
    if key == "T06":
        return "决算数"
    if key == "T07":
        return _t07_key(parts)
    return _coded_key(parts, variant) or "/".join(parts)


def _coded_key(parts: list[str], canon: tuple[str, ...]) -> str | None:
    parts = ["合计" if p == "小计" else p for p in parts if p not in _GROUP_WORDS]
    if not parts:
        return None
    by_flat = {flat(c): c for c in canon}
    for cand in ("/".join(parts), parts[-1]):
        if cand in by_flat:
            return by_flat[cand]
    if parts[-1] == "合计":
        # 公开02/03表 may head their total column just '合计'.
        return next((c for c in canon if c.endswith("合计")), None)
    return None


def _two_sided_key(key: str, parts: list[str], side: str) -> str:
    rest = [p for p in parts if p not in _SIDE_WORDS and p not in _GROUP_WORDS]
    leaf = rest[-1] if rest else "决算数"
    if side == "收入" or key == "T01":
        return (
            f"{side}/决算数"
            if leaf in ("决算数", "决算金额", "合计", "小计")
            else f"{side}/{leaf}"
        )
    for word, fund in _FUNDS.items():
        if word in leaf:
            return f"支出/{fund}"
    return (
        "支出/合计"
        if leaf in ("决算数", "决算金额", "合计", "小计")
        else f"支出/{leaf}"
    )


def _t07_kind(parts: list[str]) -> str | None:
    for p in parts:
        if "决算" in p:
            return "决算数"
        if "预算" in p and "预算财政拨款" not in p:
            return "预算数"
    return None


def _t07_item(parts: list[str]) -> str | None:
    """Canonical 三公 item of a header path or row label, from the most specific part up."""
    for p in reversed([_ORDINAL_RE.sub("", p) for p in parts]):
        if "出国" in p:
            return "因公出国（境）费"
        if "接待" in p:
            return "公务接待费"
        if "公务用车" in p and "购置" in p and "运行" in p:
            return "公务用车购置及运行维护费/小计"
        if "公务用车" in p and "购置" in p:
            return "公务用车购置及运行维护费/公务用车购置费"
        if "公务用车" in p and "运行" in p:
            return "公务用车购置及运行维护费/公务用车运行维护费"
        if p in ("合计", "总计"):
            return "合计"
        if p == "小计":
            continue  # 小计 under 公务用车购置及运行费: the parent names it
    return None


def _t07_key(parts: list[str]) -> str | None:
    kind, item = _t07_kind(parts), _t07_item(parts)
    return f"{kind}/{item}" if kind and item else None


def _assign_keys(key: str, blocks: list[_Block]) -> None:
    variant = _variant(key, blocks)
    for n, block in enumerate(blocks, start=1):
        block.side = _side(key, block, n)
        for col in block.amounts:
            col.key = _column_key(key, col.parts, block.side, variant)


def _variant(key: str, blocks: list[_Block]) -> tuple[str, ...]:
    canon = COLUMNS[key]
    if key != "T09":
        return canon
    # 公开09表 comes as 收入支出 (上海, like 公开08表) or 支出 only (合计/基本支出/项目支出).
    leaves = {c.parts[-1] for b in blocks for c in b.amounts if c.parts}
    return (
        canon[:6]
        if leaves & {"年初结转和结余", "本年收入", "年末结转和结余"}
        else canon[6:]
    )


def _side(key: str, block: _Block, n: int) -> str | None:
    tops = [c.parts[0] for c in block.cols if c.parts]
    if key in TWO_SIDED:
        for word in _SIDE_WORDS:
            if any(t.startswith(word) and len(t) <= 3 for t in tops):
                return word
        return _SIDE_WORDS[min(n, 2) - 1]
    if key == "T06":
        labelled = [t for t in tops if "经费" in t]
        return labelled[0] if labelled else str(n)
    return None


# ---------------------------------------------------------------- cells


def _read_amounts(
    row: Row, cols: list[_Col]
) -> tuple[dict[str, Amount], list[str], dict[str, str]]:
    values: dict[str, Amount] = {}
    blank: list[str] = []
    unreadable: dict[str, str] = {}
    cells = {c.col: c for c in row.cells}
    for col in cols:
        cell = cells.get(col.index)
        _read_cell(cell, col.key or "", row.page, values, blank, unreadable)
    return values, blank, unreadable


def _read_cell(
    cell: Cell | None, key: str, page: int, values: dict, blank: list, unreadable: dict
) -> None:
    # A merged copy repeats a spanning cell's text: it is not a second printed amount.
    if cell is None or cell.merged or is_empty_cell(cell.text):
        blank.append(key)
        return
    q = parse_value(cell.text)
    if q is None or q.value is None or q.kind not in ("amount", "number"):
        unreadable[key] = cell.text.strip()
        return
    values[key] = Amount(
        value=q.value,
        decimals=q.decimals,
        raw=cell.text.strip(),
        page=page,
        bbox=cell.bbox,
    )


def _text(row: Row, cols: list[_Col]) -> str:
    cells = {c.col: c for c in row.cells}
    return next(
        (
            printed(cells[c.index].text)
            for c in cols
            if c.index in cells and printed(cells[c.index].text)
        ),
        "",
    )


# ---------------------------------------------------------------- lines


@dataclass
class _CodeState:
    """Codes split into 类/款/项 cells inherit the blank upper parts from the row above."""

    parts: dict[str, str] = field(default_factory=dict)

    def code(self, row: Row, block: _Block) -> str | None:
        cells = {c.col: c for c in row.cells}
        got = {
            c.role[5:]: flat(cells[c.index].text) if c.index in cells else ""
            for c in block.code_parts
        }
        if not any(v.isdigit() for v in got.values()):
            return None
        deepest = max(
            i for i, lvl in enumerate(_LEVEL_PARTS) if got.get(lvl, "").isdigit()
        )
        code = ""
        for lvl in _LEVEL_PARTS[: deepest + 1]:
            part = (
                got.get(lvl) if got.get(lvl, "").isdigit() else self.parts.get(lvl, "")
            )
            self.parts[lvl] = part
            code += part
        return code if len(code) in (3, 5, 7) else None


def _label(row: Row, block: _Block, state: _CodeState) -> tuple[str | None, str]:
    """(科目编码, 名称) of a row in one block; a code printed in the name cell is split off."""
    code = state.code(row, block) if block.code_parts else None
    code_text = _text(row, block.role("code"))
    name = _text(row, block.role("name"))
    if code is None and code_text:
        m = _CODE_RE.match(flat(code_text))
        if m:
            code, rest = m.group(1), m.group(2)
            name = name or rest
        else:
            name = name or code_text  # '合计' printed across the code cell
    if code is None and not name and block.code_parts:
        name = _text(row, block.code_parts)
    if code is None and name and _CODE_RE.match(flat(name)):
        m = _CODE_RE.match(flat(name))
        code, name = m.group(1), m.group(2)
    return code, name


def _coded_line(
    row: Row, block: _Block, state: _CodeState, totals: tuple[str, ...]
) -> Line | None:
    code, name = _label(row, block, state)
    values, blank, unreadable = _read_amounts(row, block.amounts)
    nkey = flat(name)
    if code is None and not name:
        return None
    common = {
        "side": block.side,
        "page": row.page,
        "values": values,
        "blank": blank,
        "unreadable": unreadable,
    }
    if code is None and nkey in totals:
        return Line(key=nkey, label=nkey, name=name, total=True, **common)
    if code is None and nkey in (TOTAL_KEY, "总计"):
        return Line(key=TOTAL_KEY, label=TOTAL_KEY, name=name, total=True, **common)
    if code is None:
        return Line(key=label_key(name), label=name, name=name, **common)
    return Line(code=code, name=name or None, **common)


def _two_sided_lines(key: str, rows: list[Row], blocks: list[_Block]) -> list[Line]:
    totals = set(
        T01_TOTALS + T01_SPENDING_TOTALS
        if key == "T01"
        else T04_TOTALS + T04_SPENDING_TOTALS
    )
    out: list[Line] = []
    for block in blocks:
        parent: str | None = None
        for row in rows:
            name = _text(row, block.role("name") + block.role("code"))
            if not name:
                continue
            lkey = label_key(name)
            if lkey in totals:
                parent = lkey if "结转" in lkey else None
            elif parent:
                # Fund rows printed under 年初财政拨款结转和结余 repeat the 本年收入 labels.
                lkey = f"{parent}{NESTED_SEP}{lkey}"
            out.append(
                _side_line(row, block, name, lkey, "合计" in lkey or lkey == "总计")
            )
    return out


def _side_line(row: Row, block: _Block, name: str, key: str, total: bool) -> Line:
    values, blank, unreadable = _read_amounts(row, block.amounts)
    line_no = _text(row, block.role("line"))
    return Line(
        key=key,
        label=name,
        name=name,
        side=block.side,
        line_no=int(line_no) if line_no.isdigit() else None,
        page=row.page,
        total=total,
        values=values,
        blank=blank,
        unreadable=unreadable,
    )


def _coded_lines(
    key: str, rows: list[Row], blocks: list[_Block], page: int
) -> list[Line]:
    totals = T06_TOTALS if key == "T06" else ()
    out: list[Line] = []
    for block in blocks:
        state = _CodeState()
        for row in rows:
            line = _coded_line(row, block, state, totals)
            if line is not None:
                out.append(line)
    if key != "T06" and not any(ln.key == TOTAL_KEY for ln in out):
        out.extend(_header_total(blocks, page))
    return out


def _header_total(blocks: list[_Block], page: int) -> list[Line]:
    """The 合计 line of a layout that prints it on the last header row (上海's empty 公开08/09表)."""
    block = blocks[0] if blocks else None
    if block is None or not any(
        c.parts and c.parts[-1] == TOTAL_KEY for c in block.cols if c.role != "amount"
    ):
        return []
    blank = [c.key for c in block.amounts if c.key]
    return [
        Line(
            key=TOTAL_KEY,
            label=TOTAL_KEY,
            name=TOTAL_KEY,
            total=True,
            page=page,
            blank=blank,
        )
    ]


def _t07_lines(rows: list[Row], blocks: list[_Block]) -> list[Line]:
    amounts = [c for b in blocks for c in b.amounts]
    labels = [c for b in blocks for c in b.cols if c.role != "amount"]
    if labels and not any(_t07_item(c.parts) for c in amounts):
        return [_t07_transposed(rows, labels, amounts)]
    row = next(
        (r for r in rows if _read_amounts(r, amounts)[0]), rows[0] if rows else None
    )
    if row is None:
        return []
    values, blank, unreadable = _read_amounts(row, amounts)
    return [
        Line(
            key=TOTAL_KEY,
            label=TOTAL_KEY,
            page=row.page,
            total=True,
            values=values,
            blank=blank,
            unreadable=unreadable,
        )
    ]


def _t07_transposed(rows: list[Row], labels: list[_Col], amounts: list[_Col]) -> Line:
    """三公 items printed as rows (项目 | 预算数 | 决算数) become the columns of the one 合计 line."""
    values: dict[str, Amount] = {}
    blank: list[str] = []
    unreadable: dict[str, str] = {}
    page = None
    for row in rows:
        item = _t07_item([flat(_text(row, labels))])
        if item is None:
            continue
        page = page or row.page
        for col in amounts:
            kind = _t07_kind(col.parts)
            if kind:
                cell = next((c for c in row.cells if c.col == col.index), None)
                _read_cell(cell, f"{kind}/{item}", row.page, values, blank, unreadable)
    return Line(
        key=TOTAL_KEY,
        label=TOTAL_KEY,
        page=page,
        total=True,
        values=values,
        blank=blank,
        unreadable=unreadable,
    )


# ---------------------------------------------------------------- statement


def build_statement(key: str, table: Table) -> Statement:
    """One recognised 公开表 as a Statement with canonical column keys."""
    cols, rows = _columns(table)
    blocks = _blocks(cols)
    _assign_keys(key, blocks)
    if key == "T07":
        lines = _t07_lines(rows, blocks)
    elif key in TWO_SIDED:
        lines = _two_sided_lines(key, rows, blocks)
    else:
        lines = _coded_lines(key, rows, blocks, table.page)
    columns = _present_columns(key, lines, blocks)
    return Statement(
        key=key,
        title=printed(table.title) or "",
        number=_printed_number(table),
        pages=list(table.pages),
        unit=table.unit,
        columns=columns,
        column_numbers=_column_numbers(key, blocks),
        lines=lines,
        notes=list(table.notes),
        empty=not any(line.values for line in lines),
        empty_note=_empty_note(table.notes),
    )


def _present_columns(key: str, lines: list[Line], blocks: list[_Block]) -> list[str]:
    present = {c.key for b in blocks for c in b.amounts if c.key}
    for line in lines:
        present.update(line.values, line.blank, line.unreadable)
    canon = [c for c in COLUMNS[key] if c in present]
    return canon + sorted(present - set(canon))


def _column_numbers(key: str, blocks: list[_Block]) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in (c for b in blocks for c in b.amounts):
        if col.key and col.number and col.key not in out:
            out[col.key] = col.number
    return out


def _empty_note(notes: list[str]) -> str | None:
    # A template instruction ('无…的，仍保留该表格式，并…作下述说明') also says 无; the note that
    # declares this table empty ('故本表无数据') comes first.
    for pattern in (_EMPTY_NOTE_RE, _NONE_NOTE_RE):
        for note in notes:
            if pattern.search(flat(note)) and "下述说明" not in flat(note):
                return note.strip()
    return None
