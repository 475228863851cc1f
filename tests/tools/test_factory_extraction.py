"""Extraction on the fixture factory's reports: every printed amount and sentence, in every format."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.factory import (
    RENDERERS,
    Report,
    build_report,
    render_pdf,
)
from tools.document import Document, Row, Table
from tools.ingest import ingest
from tools.numbers import parse_value
from tools.text import normalize

# 40 项 rows make 公开02/03表 run over a page break in the PDF.
OPTIONS = {"rows": 40}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


@cache
def _report() -> Report:
    return build_report(seed=7, **OPTIONS)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    out = tmp_path_factory.mktemp("factory")
    docs = {}
    for fmt, render in RENDERERS.items():
        path = render(_report(), out / f"report.{fmt}")
        docs[fmt] = ingest(path)
    return docs


def _table(doc: Document, number: str, title: str) -> Table:
    hits = [t for t in doc.tables() if t.number == number or (t.title and _flat(t.title) == _flat(title))]
    assert hits, f"{number} {title} not found: {[(t.number, t.title) for t in doc.tables()]}"
    return hits[0]


def _values_right_of(table: Table, row: Row, col: int, leaf: str) -> list[Decimal]:
    out = []
    for cell in row.cells[col + 1 :]:
        path = table.columns[cell.col].path
        if path and _flat(path[-1]) == _flat(leaf) and not cell.merged:
            q = parse_value(cell.text)
            out.append(q.value if q else None)
            break
    return out


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_every_table_found_with_number_and_unit(rendered, fmt) -> None:
    doc = rendered[fmt]
    for t in _report().tables:
        found = _table(doc, t.number, t.title)
        assert found.number == t.number
        assert found.unit == t.unit
        assert _flat(found.title or "") == _flat(t.title)


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_every_printed_amount_read_exactly(rendered, fmt) -> None:
    doc = rendered[fmt]
    missing = []
    for t in _report().tables:
        table = _table(doc, t.number, t.title)
        leaf = {c.label: c.path[-1] for c in t.columns}
        for fact in t.facts:
            values: list[Decimal] = []
            for row in table.body_rows:
                for c in row.cells:
                    if _flat(c.text) == _flat(fact.row) and not c.merged:
                        values += _values_right_of(table, row, c.col, leaf[fact.column])
            if fact.value not in values:
                missing.append((t.number, fact.row, fact.column, str(fact.value), values))
    assert not missing, missing[:10]


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_every_narrative_sentence_read_in_place(rendered, fmt) -> None:
    doc = rendered[fmt]
    text = "\n".join(_flat(p.text) for p in doc.paragraphs())
    missing = [s for s in _report().sentences if _flat(s) not in text]
    assert not missing, missing[:5]


def test_pdf_table_continued_across_pages_is_stitched(rendered) -> None:
    doc = rendered["pdf"]
    long = [t for t in doc.tables() if len(t.pages) > 1]
    assert long, "the 40-row tables must run over a page"
    for t in long:
        header = {tuple(c.norm for c in r.cells) for r in t.header_rows}
        assert all(tuple(c.norm for c in r.cells) not in header for r in t.body_rows), "repeated header kept"
        assert {r.page for r in t.body_rows} == set(t.pages)


def test_pdf_borderless_table_columns_from_text_positions(rendered) -> None:
    report = _report()
    for number in report.options.borderless:
        t = report.table(number)
        table = _table(rendered["pdf"], t.number, t.title)
        assert table.ruled is False
        assert [c.path[-1] for c in table.columns if c.path][-2:] == [c.path[-1] for c in t.columns][-2:]


def test_pdf_merged_headers_become_column_paths(rendered) -> None:
    t = _report().table("公开05表")
    table = _table(rendered["pdf"], t.number, t.title)
    ours = [c.path for c in table.columns]
    for col in t.columns:
        if col.role == "amount":
            assert any(_flat("/".join(p)).endswith(_flat("/".join(col.path))) for p in ours), (col.path, ours)


def test_pdf_landscape_page_kept(rendered) -> None:
    t = _report().table(_report().options.landscape[0])
    table = _table(rendered["pdf"], t.number, t.title)
    page = rendered["pdf"].pages[table.page - 1]
    assert page.width > page.height


def test_pdf_blocks_are_located(rendered) -> None:
    doc = rendered["pdf"]
    for page in doc.pages:
        for block in page.blocks:
            assert block.page == page.number and block.bbox is not None
            if isinstance(block, Table):
                assert all(r.bbox is not None for r in block.rows)


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_ingestion_is_deterministic(rendered, fmt, tmp_path) -> None:
    path = RENDERERS[fmt](_report(), Path(tmp_path) / f"again.{fmt}")
    again = ingest(path)
    first = rendered[fmt]
    assert again.model_copy(update={"path": ""}).model_dump_json() == first.model_copy(update={"path": ""}).model_dump_json()


@pytest.mark.parametrize("repeat", [True, False], ids=["header-repeated", "header-once"])
@pytest.mark.parametrize("number", ["公开02表", "公开06表"])
def test_borderless_table_with_wrapped_header_keeps_its_columns(number, repeat, tmp_path) -> None:
    # A borderless table whose header cells wrap onto two lines used to lose the columns
    # left blank in the data (the 栏次 row read "23", "45", "67") and its title and
    # caption; 公开06表 also runs over a page break here. Without a repeated header the
    # continuation rows must be placed on the first page's columns.
    # Without repeated headers earlier tables are shorter; 43 rows still split 公开06表 over two pages.
    report = build_report(seed=3, borderless=(number,), rows=40 if repeat else 43, repeat_headers=repeat)
    doc = ingest(render_pdf(report, tmp_path / "borderless.pdf"))
    t = report.table(number)
    table = _table(doc, t.number, t.title)
    assert table.ruled is False and table.number == number and table.unit == t.unit
    assert _flat(table.title or "") == _flat(t.title)
    assert len(table.pages) == 2
    assert len(table.columns) == len(t.columns)
    numbers = [c.number for c in table.columns if c.number]
    assert numbers == [str(n) for n in range(int(numbers[0]), int(numbers[0]) + len(numbers))]
    # every amount of the report, on its table, row and column
    wrong = []
    for spec in report.tables:
        found = _table(doc, spec.number, spec.title)
        for fact in spec.facts:
            col = spec.columns[[c.label for c in spec.columns].index(fact.column)]
            hits = []
            for row in found.body_rows:
                for c in row.cells:
                    if _flat(c.text) == _flat(fact.row) and not c.merged:
                        hits += _values_right_of(found, row, c.col, col.path[-1])
            if fact.value not in hits or (spec.number == number and len(hits) != 1):
                wrong.append((spec.number, fact.row, fact.column, str(fact.value), hits))
    assert not wrong, wrong[:10]
    # each amount column of the borderless table holds exactly the factory's amounts
    at = {(f.row, f.column): f.value for f in t.facts}
    leaves = [c.path[-1] for c in t.columns]
    for j, spec_col in enumerate(t.columns):
        if spec_col.role != "amount":
            continue
        printed = sorted(parse_value(r.cells[j].text).value for r in table.body_rows if r.cells[j].text.strip())
        expected = sorted(v for (_, column), v in at.items() if column == spec_col.label)
        assert printed == expected, (j, spec_col.label, leaves)
