"""The located document model shared by every input format: pages, blocks, tables, rows, cells."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the top-left of the page."""

SourceFormat = Literal["pdf", "docx", "xlsx", "text"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextLine(_Frozen):
    """One visual line of narrative text, rebuilt from character positions."""

    page: int
    """1-based page number."""
    text: str
    """Raw text as printed (for quoting)."""
    bbox: BBox | None = None


class Cell(_Frozen):
    """One grid position of a table after merged cells were resolved."""

    col: int
    """0-based column index in the table grid."""
    text: str
    """Raw text as printed; '' for an empty cell."""
    norm: str
    """Normalised text for matching (NFKC, CJK spaces removed)."""
    bbox: BBox | None = None
    merged: bool = False
    """True when the text was copied from a spanning (merged) cell."""


class Row(_Frozen):
    """One table row; carries its own page because stitched tables span pages."""

    index: int
    """0-based index among the table's rows (header rows included)."""
    page: int
    cells: list[Cell]
    bbox: BBox | None = None
    header: bool = False
    """True for header rows (column titles, 栏次 rows)."""

    def texts(self) -> list[str]:
        return [c.norm for c in self.cells]


class Column(_Frozen):
    """A table column identified by its header path (multi-level headers flattened)."""

    index: int
    path: list[str]
    """Header labels from the top level down, e.g. ['本年支出', '基本支出']."""
    number: str | None = None
    """The 栏次 printed for this column, when the table has a 栏次 row."""

    @property
    def label(self) -> str:
        return "/".join(p for p in self.path if p)


class Heading(_Frozen):
    kind: Literal["heading"] = "heading"
    page: int
    text: str
    norm: str
    level: int = 1
    bbox: BBox | None = None


class Paragraph(_Frozen):
    kind: Literal["paragraph"] = "paragraph"
    page: int
    """Page where the paragraph starts."""
    text: str
    """Raw text, lines joined (CJK lines are joined without a space)."""
    norm: str
    lines: list[TextLine] = Field(default_factory=list)
    bbox: BBox | None = None
    """Bounding box on the start page."""


class Table(_Frozen):
    kind: Literal["table"] = "table"
    page: int
    """Page where the table starts."""
    pages: list[int]
    """Every page the table covers (continued tables are stitched)."""
    title: str | None = None
    """Table title such as '收入支出决算总表', from the text above the table."""
    number: str | None = None
    """Printed table number such as '公开01表', normalised without spaces."""
    unit: str | None = None
    """Amount unit from the caption ('万元', '元'), when printed."""
    caption: list[str] = Field(default_factory=list)
    """Caption lines between the title and the grid (单位, 表号, 金额单位)."""
    notes: list[str] = Field(default_factory=list)
    """Lines printed right under the table (注：…, 本表无数据)."""
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    bbox: BBox | None = None
    """Bounding box of the grid on the start page."""
    ruled: bool = True
    """False when columns were inferred from text positions (borderless table)."""

    @property
    def header_rows(self) -> list[Row]:
        return [r for r in self.rows if r.header]

    @property
    def body_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.header]

    def grid(self) -> list[list[str]]:
        return [[c.text for c in r.cells] for r in self.rows]


Block = Annotated[Heading | Paragraph | Table, Field(discriminator="kind")]


class Page(_Frozen):
    number: int
    """1-based page number."""
    width: float | None = None
    height: float | None = None
    rotation: int = 0
    has_text: bool = True
    """False for image-only pages (scans) and pages whose glyphs could not be decoded."""
    blocks: list[Block] = Field(default_factory=list)


class IngestWarning(_Frozen):
    """Something ingestion could not read, located where possible."""

    code: str
    """Stable code: ING-001 scanned page, ING-002 page without any text, ING-003 undecodable
    glyphs, ING-004 page that failed to parse, ING-009 other (format readers)."""
    message: str
    page: int | None = None


class Document(_Frozen):
    """A whole input file as located blocks; the only thing later stages read."""

    path: str
    sha256: str
    format: SourceFormat
    pages: list[Page]
    warnings: list[IngestWarning] = Field(default_factory=list)
    """Ingestion warnings in Chinese (scanned pages, undecodable glyphs, …)."""

    def blocks(self) -> list[Heading | Paragraph | Table]:
        return [b for p in self.pages for b in p.blocks]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks() if isinstance(b, Paragraph)]
