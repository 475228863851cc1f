"""A page of a Word/Excel/text upload as read, with the finding's cell or sentence marked.

PDF uploads are shown as page images with the finding's box drawn over them; other formats have
no page image, so their extracted page (headings, paragraphs, table grids) is shown instead, and
the finding's cell, row or sentence is located in it by its table, row label, column and quote.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field

from tools.document import Document, Paragraph, Table
from tools.findings import Finding

MAX_ROWS = 400
"""A sheet can be long; show the rows around the marked one beyond this."""


class Part(BaseModel):
    text: str
    mark: bool = False


class ViewCell(BaseModel):
    text: str
    mark: bool = False


class ViewRow(BaseModel):
    cells: list[ViewCell]
    header: bool = False
    mark: bool = False


class ViewBlock(BaseModel):
    kind: Literal["heading", "paragraph", "table"]
    parts: list[Part] = Field(default_factory=list)
    """Heading or paragraph text, the marked sentence as its own part."""
    title: str | None = None
    rows: list[ViewRow] = Field(default_factory=list)
    mark: bool = False


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _tokens(label: str | None) -> list[str]:
    return [t for t in re.split(r"[\s/、]+", _norm_keep_space(label or "")) if t]


def _norm_keep_space(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _paragraph(p: Paragraph, sentence: str | None) -> ViewBlock:
    if sentence:
        target = _norm(sentence)
        if target and target in _norm(p.text):
            idx = p.text.find(sentence)
            if idx >= 0:
                parts = [Part(text=p.text[:idx]), Part(text=sentence, mark=True), Part(text=p.text[idx + len(sentence) :])]
                return ViewBlock(kind="paragraph", parts=[x for x in parts if x.text], mark=True)
            return ViewBlock(kind="paragraph", parts=[Part(text=p.text, mark=True)], mark=True)
    return ViewBlock(kind="paragraph", parts=[Part(text=p.text)])


def _table_matches(t: Table, name: str | None) -> bool:
    if not name:
        return True
    title = _norm(t.title or "")
    want = _norm(re.sub(r"（.*?）$", "", name))
    return bool(title) and (want in title or title in _norm(name))


def _column(t: Table, name: str | None) -> int | None:
    if not name:
        return None
    want = _norm(name)
    exact = [c.index for c in t.columns if any(_norm(p) == want for p in c.path)]
    if exact:
        return exact[-1]
    loose = [c.index for c in t.columns if want in _norm(c.label)]
    return loose[-1] if loose else None


def _table(t: Table, page: int, finding: Finding | None) -> ViewBlock:
    loc = finding.location if finding else None
    target = loc is not None and loc.table is not None and _table_matches(t, loc.table)
    tokens = _tokens(loc.row) if target and loc else []
    col = _column(t, loc.column) if target and loc else None
    rows: list[ViewRow] = []
    marked_at = None
    for r in t.rows:
        if r.page != page:
            continue
        joined = "".join(r.texts())
        hit = bool(tokens) and not r.header and all(_norm(tok) in joined for tok in tokens) and marked_at is None
        cells = [ViewCell(text=c.text, mark=hit and col is not None and c.col == col) for c in r.cells]
        if hit:
            marked_at = len(rows)
        rows.append(ViewRow(cells=cells, header=r.header, mark=hit))
    if len(rows) > MAX_ROWS:
        centre = marked_at or 0
        lo = max(0, min(centre - MAX_ROWS // 2, len(rows) - MAX_ROWS))
        rows = rows[lo : lo + MAX_ROWS]
    return ViewBlock(kind="table", title=t.title, rows=rows, mark=marked_at is not None)


def page_view(doc: Document, number: int, finding: Finding | None) -> list[ViewBlock]:
    """The blocks of page `number`; the finding's sentence, row and cell are marked."""
    page = next((p for p in doc.pages if p.number == number), None)
    if page is None:
        return []
    sentence = finding.location.sentence if finding else None
    out: list[ViewBlock] = []
    for block in page.blocks:
        if isinstance(block, Table):
            out.append(_table(block, number, finding))
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block, sentence))
        else:
            out.append(ViewBlock(kind="heading", parts=[Part(text=block.text)]))
    return out
