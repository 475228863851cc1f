"""绩效自评情况汇总表: one row per self-evaluated project, read by its header labels.

A summary continued on the next page is one table when ingestion stitched it, else a title-less
table right after it with the same columns (with or without the header repeated); both are read
as one summary.
"""

from __future__ import annotations

import re

from tools.document import Document, Heading, Paragraph, Row, Table
from tools.performance.form_text import (
    dedupe,
    is_enumerated,
    is_note_start,
    key,
    note_items,
    number,
    printed,
)
from tools.performance.model import EvaluationSummary, SummaryRow

_COLUMNS = (
    (r"^序号$|^编号$", "seq"),
    (r"项目名称", "project"),
    (r"单位", "unit"),
    (r"得分|分数", "score"),
    (r"等级|评级", "grade"),
)
_NOT_PROJECT = ("合计", "总计", "小计")


def _header(row: Row) -> dict[str, int] | None:
    """Column of each role when `row` is the summary's header (项目名称 and a score column)."""
    out: dict[str, int] = {}
    for cell in row.cells:
        k = key(cell.text)
        role = next((r for p, r in _COLUMNS if k and re.search(p, k)), None)
        if role is not None and role not in out:
            out[role] = cell.col
    return out if "project" in out and "score" in out else None


def _find_header(table: Table) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(table.rows[:4]):
        cols = _header(row)
        if cols is not None:
            return i, cols
    return None


def is_summary_table(table: Table) -> bool:
    """A table whose header names 项目名称 and a score column: a summary, not a form."""
    return _find_header(table) is not None


def _is_summary(table: Table) -> bool:
    title = key(table.title)
    return _find_header(table) is not None and ("汇总" in title or not title or "自评" in title)


def _text(row: Row, col: int | None) -> str:
    if col is None:
        return ""
    return next((printed(c.text) for c in row.cells if c.col == col), "")


def _rows(table: Table, start: int, cols: dict[str, int], title: str) -> list[SummaryRow]:
    out: list[SummaryRow] = []
    for row in table.rows[start:]:
        project = _text(row, cols["project"])
        if not key(project) or key(project) in _NOT_PROJECT or _header(row) is not None:
            continue
        out.append(
            SummaryRow(
                seq=_text(row, cols.get("seq")) or None, project=project, unit=_text(row, cols.get("unit")) or None,
                score=number(_text(row, cols["score"])), grade=_text(row, cols.get("grade")) or None,
                page=row.page, table=title, row=project, bbox=row.bbox,
            )
        )  # fmt: skip
    return out


def _continues(table: Table, cols: dict[str, int]) -> bool:
    """A title-less table after a summary, with as many columns: its next page."""
    if key(table.title):
        return False
    width = max((c.col for r in table.rows for c in r.cells), default=-1) + 1
    return width == max(cols.values()) + 1 or _find_header(table) is not None


def _notes(blocks: list, i: int, table: Table) -> list[str]:
    """The table's own notes, then 备注 paragraphs printed right under it."""
    notes = [printed(n) for n in table.notes]
    in_notes = bool(notes)
    for block in blocks[i + 1 :]:
        if not isinstance(block, Paragraph):
            break
        lines = [ln.text for ln in block.lines] or [block.text]
        if not (is_note_start(lines[0]) or (in_notes and is_enumerated(lines[0]))):
            break
        notes.extend(note_items(lines))
        in_notes = True
    return dedupe(notes)


def read_summaries(doc: Document) -> list[EvaluationSummary]:
    blocks = doc.blocks()
    out: list[EvaluationSummary] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not (isinstance(block, Table) and _is_summary(block)):
            i += 1
            continue
        start, cols = _find_header(block)  # type: ignore[misc]
        title = printed(block.title or _title_before(blocks, i) or "绩效自评情况汇总表")
        rows = _rows(block, start + 1, cols, title)
        last = i
        while last + 1 < len(blocks) and isinstance(blocks[last + 1], Table) and _continues(blocks[last + 1], cols):
            nxt = blocks[last + 1]
            found = _find_header(nxt)
            rows += _rows(nxt, found[0] + 1 if found else 0, found[1] if found else cols, title)
            last += 1
        out.append(
            EvaluationSummary(
                title=title, rows=rows, notes=_notes(blocks, last, blocks[last]),
                page=block.page, table=title, bbox=block.bbox,
            )
        )  # fmt: skip
        i = last + 1
    return out


def _title_before(blocks: list, i: int) -> str | None:
    for block in reversed(blocks[max(0, i - 2) : i]):
        if isinstance(block, (Heading, Paragraph)) and "汇总表" in key(block.text):
            return block.text
    return None
