"""Property test: a consistent factory report, one printed number changed, exactly that problem found.

Reports are rendered to PDF and ingested once per seed; each example then edits one number in the
ingested Document (a table cell or a figure in a 情况说明 sentence) and re-runs extraction and the
rule catalog, which are pure functions of the Document.
"""

from __future__ import annotations

import functools
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factory import build_report, render_pdf
from tools.document import Cell, Document, Paragraph, Table
from tools.findings import Finding
from tools.numbers import find_quantities, parse_value
from tools.profiles import load
from tools.review import check_document

SEEDS = (0, 1, 2, 3)
PROFILE = load()


@functools.cache
def _consistent(seed: int) -> tuple[Document, tuple]:
    """The ingested PDF of factory report `seed` and the places a number can be changed."""
    report = build_report(seed)
    with tempfile.TemporaryDirectory() as tmp:
        from tools.ingest import ingest

        doc = ingest(render_pdf(report, Path(tmp) / f"r{seed}.pdf"))
    return doc, tuple(_targets(doc, report))


@functools.cache
def _baseline(seed: int) -> frozenset:
    doc, _ = _consistent(seed)
    return frozenset(_key(f) for f in check_document(doc, PROFILE)[1])


def _targets(doc: Document, report) -> list[tuple]:
    """('cell', page index, block index, row index, col) for amounts; ('text', …, start, end) for claims."""
    out: list[tuple] = []
    for pi, page in enumerate(doc.pages):
        for bi, block in enumerate(page.blocks):
            if isinstance(block, Table) and (block.number or block.title):
                for ri, row in enumerate(block.rows):
                    if row.header:
                        continue
                    for cell in row.cells:
                        q = parse_value(cell.text)
                        if (
                            q is not None
                            and q.value is not None
                            and q.decimals == 2
                            and q.kind in ("amount", "number")
                        ):
                            out.append(("cell", pi, bi, ri, cell.col))
    checkable = {
        (c.sentence.replace(" ", ""), c.value)
        for c in report.claims
        if c.kind != "count"
    }
    for pi, page in enumerate(doc.pages):
        for bi, block in enumerate(page.blocks):
            if not isinstance(block, Paragraph):
                continue
            for sentence in block.text.split("。"):
                key = (sentence + "。").replace(" ", "")
                for q in find_quantities(sentence):
                    if (
                        q.value is None
                        or q.unit not in ("万元", "%")
                        or q.decimals != 2
                    ):
                        continue
                    if (key, q.value) not in checkable:
                        continue
                    start = block.text.index(sentence) + q.start
                    out.append(
                        (
                            "text",
                            pi,
                            bi,
                            start,
                            start + len(q.raw.split("万元")[0].rstrip("%")),
                        )
                    )
    return out


def _replace_cell(
    doc: Document, target: tuple, delta: Decimal
) -> tuple[Document, int, str]:
    _, pi, bi, ri, col = target
    page = doc.pages[pi]
    table = page.blocks[bi]
    row = table.rows[ri]
    old = row.cells[col]
    value = parse_value(old.text).value + delta
    text = f"{value:.2f}"
    cells = [
        c if c.col != col else Cell(col=col, text=text, norm=text, bbox=old.bbox)
        for c in row.cells
    ]
    rows = [
        r if r.index != row.index else r.model_copy(update={"cells": cells})
        for r in table.rows
    ]
    blocks = list(page.blocks)
    blocks[bi] = table.model_copy(update={"rows": rows})
    pages = list(doc.pages)
    pages[pi] = page.model_copy(update={"blocks": blocks})
    return doc.model_copy(update={"pages": pages}), row.page, text


def _replace_text(
    doc: Document, target: tuple, delta: Decimal
) -> tuple[Document, int, str]:
    _, pi, bi, start, end = target
    page = doc.pages[pi]
    para = page.blocks[bi]
    old = para.text[start:end]
    value = Decimal(old.replace(",", "")) + delta
    new = f"{value:,.2f}" if "," in old else f"{value:.2f}"
    text = para.text[:start] + new + para.text[end:]
    # Lines hold the same characters; rewrite the one that contains the number.
    lines = [
        ln.model_copy(update={"text": ln.text.replace(old, new, 1)})
        if old in ln.text
        else ln
        for ln in para.lines
    ]
    fixed = para.model_copy(
        update={"text": text, "norm": para.norm.replace(old, new, 1), "lines": lines}
    )
    blocks = list(page.blocks)
    blocks[bi] = fixed
    pages = list(doc.pages)
    pages[pi] = page.model_copy(update={"blocks": blocks})
    return doc.model_copy(update={"pages": pages}), para.page, new


def _key(f: Finding) -> tuple:
    return (
        f.rule,
        f.location.page,
        f.location.table,
        f.location.row,
        f.location.column,
        f.location.sentence,
    )


def _touches(f: Finding, new_text: str) -> bool:
    """The finding quotes the changed figure (in its message, values, evidence or sentence)."""
    said = " ".join(
        [
            f.message,
            f.actual or "",
            f.expected or "",
            *f.evidence,
            f.location.sentence or "",
        ]
    )
    return new_text in said or new_text.replace(",", "") in said


@pytest.mark.parametrize("seed", SEEDS)
def test_consistent_report_has_no_error_or_warning(seed: int) -> None:
    doc, targets = _consistent(seed)
    _, findings = check_document(doc, PROFILE)
    bad = [
        f"{f.rule} {f.location.page} {f.message}"
        for f in findings
        if f.severity != "info"
    ]
    assert not bad, "\n".join(bad)
    assert len(targets) > 100


@settings(
    max_examples=240,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    seed=st.sampled_from(SEEDS),
    where=st.sampled_from(("cell", "text")),
    pick=st.integers(min_value=0, max_value=10**6),
    cents=st.integers(min_value=100, max_value=5000),
    sign=st.sampled_from((1, -1)),
)
def test_one_changed_number_is_found_where_it_is(
    seed: int, where: str, pick: int, cents: int, sign: int
) -> None:
    doc, targets = _consistent(seed)
    # Table cells outnumber narrative figures five to one; draw the kind first so both get tested.
    pool = [t for t in targets if t[0] == where]
    target = pool[pick % len(pool)]
    delta = Decimal(cents).scaleb(-2) * sign
    if target[0] == "cell":
        old = parse_value(
            doc.pages[target[1]].blocks[target[2]].rows[target[3]].cells[target[4]].text
        ).value
    else:
        para = doc.pages[target[1]].blocks[target[2]]
        old = Decimal(para.text[target[3] : target[4]].replace(",", ""))
    if old + delta <= 0:
        delta = -delta
    mutate = _replace_cell if target[0] == "cell" else _replace_text
    mutated, page, new_text = mutate(doc, target, delta)
    _, after = check_document(mutated, PROFILE)
    seen = _baseline(seed)
    new = [f for f in after if _key(f) not in seen and f.severity != "info"]
    shown = "\n".join(f"{f.rule} p{f.location.page} {f.message}" for f in new)
    assert new, f"{target[0]} on page {page} changed to {new_text}: nothing found"
    assert any(page in {f.location.page, *(r.page for r in f.related)} for f in new), (
        shown
    )
    assert all(_touches(f, new_text) for f in new), (
        f"unrelated findings:\n{shown}"
    )
