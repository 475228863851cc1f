"""Extraction fidelity on the real reports in ../shared, against golden files read by hand from the pages."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, shared_path
from tools.document import Document, Row, Table
from tools.ingest import ingest
from tools.numbers import find_quantities, parse_value
from tools.text import normalize

CORPUS_GOLDEN = sorted((GOLDEN / "corpus").glob("*.json"))
SEED_GOLDEN = sorted((GOLDEN / "seeds").glob("*.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


@lru_cache(maxsize=None)
def _document(kind: str, name: str) -> Document:
    suffix = ".pdf" if kind == "corpus" else ".txt"
    return ingest(shared_path(kind, Path(name).stem + suffix))


def _golden(path: Path) -> tuple[dict, Document]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, _document(path.parent.name, path.name)


def _report_tables(doc: Document) -> list[Table]:
    return [t for t in doc.tables() if t.title and "表" in t.title]


def _find_table(doc: Document, title: str) -> Table:
    hits = [t for t in doc.tables() if t.title and _flat(t.title) == _flat(title)]
    assert hits, f"table {title!r} not found; found {[t.title for t in doc.tables()]}"
    return hits[0]


def _value_right_of(table: Table, row: Row, label_col: int, column: str) -> Decimal | None:
    """The value in the first column right of the label whose header path ends with `column`."""
    for cell in row.cells[label_col + 1 :]:
        path = table.columns[cell.col].path
        if path and _flat(path[-1]) == _flat(column):
            q = parse_value(cell.text)
            return q.value if q else None
    raise AssertionError(f"no column {column!r} right of column {label_col} in {table.title!r}")


def _digits(text: str) -> str:
    return normalize(text).replace(",", "").replace(" ", "")


ALL_GOLDEN = [pytest.param(p, id=f"{p.parent.name}-{p.stem[:40]}") for p in CORPUS_GOLDEN + SEED_GOLDEN]
TABLE_GOLDEN = [p for p in ALL_GOLDEN if json.loads(p.values[0].read_text(encoding="utf-8"))["tables"]]


@pytest.mark.corpus
@pytest.mark.parametrize("golden", TABLE_GOLDEN)
def test_nine_tables_found_with_titles_and_pages(golden: Path) -> None:
    data, doc = _golden(golden)
    assert len(data["tables"]) == 9
    for expected in data["tables"]:
        table = _find_table(doc, expected["title"])
        if expected["pages"] is not None:
            assert table.pages == expected["pages"], expected["title"]
    assert len(_report_tables(doc)) >= 9


@pytest.mark.corpus
@pytest.mark.parametrize("golden", TABLE_GOLDEN)
def test_table01_cells_read_exactly(golden: Path) -> None:
    data, doc = _golden(golden)
    table = _find_table(doc, data["tables"][0]["title"])
    missing = []
    for cell in data["table01_cells"]:
        found = False
        for row in table.body_rows:
            for c in row.cells:
                side_ok = not table.columns[c.col].path or _flat(table.columns[c.col].path[0]) == _flat(cell["side"])
                if _flat(c.text) == _flat(cell["row"]) and side_ok and not c.merged:
                    value = _value_right_of(table, row, c.col, cell["column"])
                    assert value == Decimal(cell["value"]), (cell, value)
                    found = True
        if not found:
            missing.append(cell)
    assert not missing, missing


@pytest.mark.corpus
@pytest.mark.parametrize("golden", TABLE_GOLDEN)
def test_table06_cells_read_exactly(golden: Path) -> None:
    data, doc = _golden(golden)
    table = _find_table(doc, data["tables"][5]["title"])
    missing = []
    for cell in data["table06_cells"]:
        hits = []
        for row in table.body_rows:
            for c in row.cells:
                if _flat(c.text) != _flat(cell["name"]) or c.merged:
                    continue
                # the code is printed left of the name, split in 类/款 cells or whole
                left = []
                for d in reversed(row.cells[: c.col]):
                    if not _digits(d.text):
                        continue  # a 类 row leaves its 款 cell empty
                    if not re.fullmatch(r"\d{1,7}", _digits(d.text)):
                        break
                    left.insert(0, _digits(d.text))
                if cell["code"] is not None and "".join(left) != cell["code"]:
                    continue
                hits.append(_value_right_of(table, row, c.col, cell["column"]))
        if Decimal(cell["value"]) not in hits:
            missing.append((cell, hits))
    assert not missing, missing


@pytest.mark.corpus
@pytest.mark.parametrize("golden", ALL_GOLDEN)
def test_narrative_sentences_keep_their_numbers_in_place(golden: Path) -> None:
    data, doc = _golden(golden)
    paragraphs = [(p, _flat(p.text)) for p in doc.paragraphs()]
    paragraphs += [(t, _flat(n)) for t in doc.tables() for n in t.notes]
    # a filled-in report has far more; the blank template prints only 19 sentences with digits
    assert len(data["sentences"]) >= (20 if data["table01_cells"] else 8)
    missing = []
    for s in data["sentences"]:
        target = _flat(s["text"])
        hits = [blk for blk, text in paragraphs if target in text]
        if not hits:
            missing.append(s["text"])
            continue
        if s["page"] is not None:
            # the same sentence may be printed in two sections: one copy must be on the page
            pages = {ln.page for h in hits for ln in getattr(h, "lines", [])} | {h.page for h in hits}
            assert s["page"] in pages, (s["text"], sorted(pages))
        # every decimal the reader saw is parsed, exactly, from the sentence as extracted
        values = {q.value for q in find_quantities(normalize(s["text"])) if q.value is not None}
        for number in s["numbers"]:
            if "." in number and not re.fullmatch(r"(19|20)\d{2}\.\d{1,2}", number):
                assert Decimal(number) in values, (s["text"], number, values)
    assert not missing, missing
