"""Tests of the synthetic 决算公开 fixture factory: determinism, internal consistency, rendered files."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factory import (
    RENDERERS,
    build_report,
    render_docx,
    render_pdf,
    render_text,
    render_xlsx,
)
from tests.factory.make_examples import EXAMPLES_DIR, STEM, make
from tests.factory.model import Report, ReportTable, fmt_amount, parse_cell
from tools.review import review

ZERO = Decimal("0.00")
FUNC_TABLES = ("公开02表", "公开03表", "公开05表", "公开08表", "公开09表")


def _pct(a: Decimal, b: Decimal) -> Decimal:
    return (a * 100 / b).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _amounts(t: ReportTable, row) -> dict[str, Decimal]:
    return {c.label: parse_cell(x) for c, x in zip(t.columns, row.cells) if c.role == "amount"}


# ---------------------------------------------------------------- consistency checker


def check_hierarchy(t: ReportTable) -> None:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, for every amount column (codes 3/5/7 digits)."""
    if t.empty:
        assert all(not x for r in t.rows for c, x in zip(t.columns, r.cells) if c.role == "amount")
        return
    amount_cols = [c.label for c in t.columns if c.role == "amount"]
    by_code = {r.cells[0]: _amounts(t, r) for r in t.rows if r.kind != "total"}
    total = _amounts(t, next(r for r in t.rows if r.kind == "total"))
    for r in t.rows:
        code = r.cells[0]
        assert r.kind == "total" or len(code) == {"class": 3, "kuan": 5, "item": 7}[r.kind], (t.number, code)
    for col in amount_cols:
        classes = [c for c in by_code if len(c) == 3]
        assert total[col] == sum((by_code[c][col] for c in classes), ZERO), (t.number, col)
        for parent in by_code:
            kids = [c for c in by_code if len(c) == len(parent) + 2 and c.startswith(parent)]
            if len(parent) < 7:
                assert kids, (t.number, parent)
                assert by_code[parent][col] == sum((by_code[k][col] for k in kids), ZERO), (t.number, parent, col)


def check_report(rep: Report) -> None:
    t01, t02, t03, t04, t05, t06, t07, t08, t09 = rep.tables
    assert [t.number for t in rep.tables] == [f"公开0{k}表" for k in range(1, 10)]
    for t in rep.tables:
        for r in t.rows:
            assert len(r.cells) == len(t.columns)
        assert len({len(h) for h in t.header}) == 1 and len(t.header[0]) == len(t.columns)
        for s in t.spans:
            covered = [t.header[s.row + i][s.col + j] for i in range(s.rowspan) for j in range(s.colspan)]
            assert covered[0] and not any(covered[1:]), (t.number, s)
    for number in FUNC_TABLES:
        check_hierarchy(rep.table(number))

    # 公开01表: both sides balance, lines add up, agrees with 02/03.
    v01 = lambda row, side: t01.value(row, f"{side}/决算数")
    inc_lines = [r.cells[0] for r in t01.rows if r.cells[0][:2] in {f"{c}、" for c in "一二三四五六七八"}]
    assert len(inc_lines) == 8
    assert v01("本年收入合计", "收入") == sum((v01(x, "收入") for x in inc_lines), ZERO)
    exp_lines = [r.cells[3] for r in t01.rows if "、" in r.cells[3]]
    assert v01("本年支出合计", "支出") == sum((v01(x, "支出") for x in exp_lines), ZERO)
    assert v01("总计", "收入") == v01("本年收入合计", "收入") + v01("使用非财政拨款结余", "收入") + v01("年初结转和结余", "收入")
    assert v01("总计", "支出") == v01("本年支出合计", "支出") + v01("结余分配", "支出") + v01("年末结转和结余", "支出")
    assert v01("总计", "收入") == v01("总计", "支出")
    assert t02.value("合计", "本年收入合计") == v01("本年收入合计", "收入")
    assert t03.value("合计", "本年支出合计") == v01("本年支出合计", "支出")
    for r in t03.rows:
        if r.kind == "class":
            line = next(x for x in exp_lines if x.endswith("、" + r.cells[1]))
            assert v01(line, "支出") == t03.value(r.cells[0], "本年支出合计")
    assert t02.value("合计", "财政拨款收入") == sum(
        (v01(x, "收入") for x in inc_lines[:3]), ZERO)
    assert t02.value("合计", "事业收入") == v01("五、事业收入", "收入")
    assert t02.value("合计", "其他收入") == v01("八、其他收入", "收入")

    # Row sums inside 02/03/05/08.
    for r in t02.rows:
        a = _amounts(t02, r)
        assert a["本年收入合计"] == sum((v for k, v in a.items() if k != "本年收入合计"), ZERO)
    for r in t03.rows:
        a = _amounts(t03, r)
        assert a["本年支出合计"] == sum((v for k, v in a.items() if k != "本年支出合计"), ZERO)
        assert a["本年支出合计"] == a["基本支出"] + a["项目支出"]
    for t in (t05, t09):
        for r in t.rows:
            a = _amounts(t, r)
            assert a["本年支出/小计"] == a["本年支出/基本支出"] + a["本年支出/项目支出"]
    for r in t08.rows:
        a = _amounts(t08, r)
        assert a["本年支出/小计"] == a["本年支出/基本支出"] + a["本年支出/项目支出"]
        assert a["年初结转和结余"] + a["本年收入"] == a["本年支出/小计"] + a["年末结转和结余"]

    # 公开04表 against itself, 01, 05, 08, 09.
    src = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    cols = [f"支出/决算数/{s}" for s in src]
    v04 = lambda row, col="收入/决算数": t04.value(row, col)
    for k, s in enumerate(src):
        line = f"{'一二三'[k]}、{s}"
        assert v04(line) == v01(f"{line}收入", "收入")
    assert v04("本年收入合计") == sum((v04(f"{'一二三'[k]}、{s}") for k, s in enumerate(src)), ZERO)
    assert v04("年初财政拨款结转和结余") == sum((v04(s) for s in src), ZERO)
    assert v04("总计") == v04("本年收入合计") + v04("年初财政拨款结转和结余")
    for r in t04.rows:
        a = _amounts(t04, r)
        assert a["支出/决算数/合计"] == sum((a[c] for c in cols), ZERO)
    class_rows = [r for r in t04.rows if "、" in r.cells[3]]
    for c in ["支出/决算数/合计"] + cols:
        assert v04("本年支出合计", c) == sum((_amounts(t04, r)[c] for r in class_rows), ZERO)
        assert v04("总计", c) == v04("本年支出合计", c) + v04("年末财政拨款结转和结余", c)
    assert v04("总计", "支出/决算数/合计") == v04("总计")
    assert v04("本年支出合计", cols[0]) == t05.value("合计", "本年支出/小计")
    fund_exp = ZERO if t08.empty else t08.value("合计", "本年支出/小计")
    assert v04("本年支出合计", cols[1]) == fund_exp
    soe_exp = ZERO if t09.empty else t09.value("合计", "本年支出/小计")
    assert v04("本年支出合计", cols[2]) == soe_exp
    if not t08.empty:
        assert t08.value("合计", "本年收入") == v04("二、政府性基金预算财政拨款")
        assert t08.value("合计", "年初结转和结余") == v04("政府性基金预算财政拨款")
        assert t08.value("合计", "年末结转和结余") == v04("年末财政拨款结转和结余", cols[1])
    assert v01("年初结转和结余", "收入") == v04("年初财政拨款结转和结余")  # no non-fiscal carry-over

    # 05 is the 一般公共预算 part of 03: every 05 row exists in 03 and does not exceed it.
    for r in t05.rows:
        if r.kind == "item":
            assert t05.value(r.cells[0], "本年支出/小计") <= t03.value(r.cells[0], "本年支出合计")

    # 公开06表: classes = Σ children, 人员 + 公用 = 05 基本支出.
    for group, side in ((0, "人员经费"), (1, "公用经费")):
        entries = [(t06.row_label(r, group), parse_cell(r.cells[group * 3 + 2])) for r in t06.rows if r.kind != "sum"]
        entries = [(c, v) for c, v in entries if c]
        classes = [c for c, _ in entries if len(c) == 3]
        values = dict(entries)
        for cls in classes:
            assert values[cls] == sum((v for c, v in entries if len(c) == 5 and c.startswith(cls)), ZERO)
        assert t06.value(f"{side}合计", f"{side}/决算数") == sum((values[c] for c in classes), ZERO)
    assert (t06.value("人员经费合计", "人员经费/决算数") + t06.value("公用经费合计", "公用经费/决算数")
            == t05.value("合计", "本年支出/基本支出"))

    # 公开07表 sums, and the 06 lines that book the same money.
    for col in ("预算数", "决算数"):
        v = lambda row: t07.value(row, col)
        assert v("合计") == v("1.因公出国（境）费") + v("2.公务用车购置及运行维护费") + v("3.公务接待费")
        assert v("2.公务用车购置及运行维护费") == v("（1）公务用车购置费") + v("（2）公务用车运行维护费")
    assert t06.value("30217", "公用经费/决算数") == t07.value("3.公务接待费", "决算数")
    assert t06.value("30231", "公用经费/决算数") == t07.value("（2）公务用车运行维护费", "决算数")

    # Empty tables say so.
    assert t08.empty == (not rep.options.gov_fund)
    assert t09.empty == (not rep.options.soe)
    if t08.empty:
        assert "本单位无政府性基金预算财政拨款收入支出，故本表无数据。" in t08.notes
    if t09.empty:
        assert any("故本表无数据" in n for n in t09.notes)

    # Facts: every printed amount, 2 decimals, consistent with table lookups.
    facts = rep.facts
    assert facts
    for f in facts:
        assert f.value.as_tuple().exponent == -2
        assert rep.table(f.table).value(f.row, f.column) == f.value

    # Narrative claims restate table numbers and compute percentages correctly.
    text = "".join(p for s in rep.narrative for p in s.paragraphs)
    for c in rep.claims:
        assert c.sentence in text
        if c.ref is not None:
            assert rep.table(c.ref[0]).value(c.ref[1], c.ref[2]) == c.value, c
        if c.kind == "change":
            assert c.value == abs(c.inputs[0] - c.inputs[1])
        elif c.kind == "change_pct":
            assert c.value == _pct(abs(c.inputs[0] - c.inputs[1]), c.inputs[1])
        elif c.kind in ("share_pct", "completion_pct"):
            assert c.value == _pct(c.inputs[0], c.inputs[1])
        if c.kind == "count":
            assert c.value == int(c.value) and str(c.value) in c.sentence
        else:
            assert fmt_amount(c.value) in c.sentence
    kinds = {c.kind for c in rep.claims}
    assert {"amount", "change", "change_pct", "share_pct", "completion_pct", "count"} <= kinds
    assert all(s.endswith("。") for s in rep.sentences)


# ---------------------------------------------------------------- (a) determinism


def test_build_is_deterministic() -> None:
    assert build_report(3) == build_report(3)
    assert build_report(3, rows=30) == build_report(3, rows=30)
    assert build_report(3) != build_report(4)


def test_renders_are_byte_identical(tmp_path: Path) -> None:
    rep = build_report(5)
    for name, fn in (("pdf", render_pdf), ("docx", render_docx), ("xlsx", render_xlsx), ("txt", render_text)):
        a = fn(rep, tmp_path / f"a.{name}").read_bytes()
        b = fn(build_report(5), tmp_path / f"b.{name}").read_bytes()
        assert a == b, name


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(ValueError):
        build_report(0, colour="red")
    with pytest.raises(ValueError):
        build_report(0, rows=500)


# ---------------------------------------------------------------- (b) consistency


@pytest.mark.parametrize(
    "options",
    [{}, {"rows": 40}, {"rows": 5}, {"gov_fund": False}, {"soe": True, "rows": 20}, {"year": 2024}],
)
def test_report_is_consistent(options: dict) -> None:
    check_report(build_report(11, **options))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    rows=st.integers(5, 45),
    gov_fund=st.booleans(),
    soe=st.booleans(),
)
def test_report_is_consistent_for_any_seed(seed: int, rows: int, gov_fund: bool, soe: bool) -> None:
    check_report(build_report(seed, rows=rows, gov_fund=gov_fund, soe=soe))


def test_facts_and_sentences_are_exposed() -> None:
    rep = build_report(0)
    f = next(f for f in rep.facts if f.table == "公开01表" and f.row == "总计" and f.column == "收入/决算数")
    assert f.value == rep.table("公开01表").value("总计", "支出/决算数")
    total = fmt_amount(f.value)
    assert any(f"收入、支出总计均为{total}万元" in s for s in rep.sentences)
    assert any(re.search(r"完成年初预算的\d+\.\d{2}%", s) for s in rep.sentences)
    assert any(re.search(r"接待国内来访\d+批次，\d+人次", s) for s in rep.sentences)


# ---------------------------------------------------------------- (c) PDF


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> tuple[Report, Path]:
    rep = build_report(2, rows=40)
    return rep, render_pdf(rep, tmp_path_factory.mktemp("pdf") / "long.pdf")


def _page_texts(pdf) -> list[str]:
    return [p.extract_text() or "" for p in pdf.pages]


def test_pdf_has_cjk_text_and_structure(long_pdf) -> None:
    rep, path = long_pdf
    with pdfplumber.open(path) as pdf:
        texts = _page_texts(pdf)
        assert rep.unit_name in texts[0]
        allt = "\n".join(texts)
        for heading in rep.part_headings:
            assert heading in allt
        for t in rep.tables:
            assert t.title in allt and t.number in allt
        assert "金额单位：万元" in allt
        # A narrative paragraph wraps over several lines but its numbers survive extraction.
        first = rep.narrative[0].paragraphs[0]
        assert first[:20] in allt.replace("\n", "")
        assert fmt_amount(rep.table("公开01表").value("总计", "收入/决算数")) in allt
        # Ruled tables draw grid lines.
        p01 = next(p for p, t in zip(pdf.pages, texts) if "公开01表" in t)
        assert len(p01.lines) > 20


def test_pdf_continued_table_repeats_header(long_pdf) -> None:
    _, path = long_pdf
    with pdfplumber.open(path) as pdf:
        texts = _page_texts(pdf)
        start = next(i for i, t in enumerate(texts) if "公开03表" in t and "公开03表（续）" not in t)
        cont = [i for i, t in enumerate(texts) if "公开03表（续）" in t]
        assert cont and cont[0] == start + 1
        for i in (start, cont[0]):
            for label in ("项目", "基本支出", "项目支出", "栏次", "科目名称"):
                assert label in texts[i], (i, label)
        # Body rows go on: the continuation page carries 7-digit 项 codes.
        assert re.search(r"^\d{7} ", texts[cont[0]], re.MULTILINE)


def test_pdf_merged_header_is_centred_over_its_columns(long_pdf) -> None:
    _, path = long_pdf
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "公开05表" in (p.extract_text() or ""))
        words = page.extract_words()
        top = next(w for w in words if w["text"] == "本年支出")
        middle = next(w for w in words if w["text"] == "基本支出" and w["top"] > top["top"])
        centre = (top["x0"] + top["x1"]) / 2
        assert middle["x0"] < centre < middle["x1"]


def test_pdf_landscape_page(long_pdf) -> None:
    _, path = long_pdf
    with pdfplumber.open(path) as pdf:
        wide = [p for p in pdf.pages if p.width > p.height]
        assert len(wide) == 1
        assert "公开04表" in (wide[0].extract_text() or "")


def test_pdf_borderless_table_has_no_rules(long_pdf) -> None:
    rep, path = long_pdf
    assert not rep.table("公开07表").ruled
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "公开07表" in (p.extract_text() or ""))
        top = page.search("公开07表")[0]["top"]
        bottom = page.search("注：“预算数”")[0]["bottom"]
        for obj in page.lines + page.rects + page.curves:
            assert obj["bottom"] < top or obj["top"] > bottom, obj
        # The columns are still recoverable from text positions.
        words = page.crop((0, top, page.width, bottom)).extract_words()
        assert any(w["text"] == "预算数" for w in words) and any(w["text"] == "决算数" for w in words)


# ---------------------------------------------------------------- (d) DOCX / XLSX / TXT


def test_docx_content(tmp_path: Path) -> None:
    rep = build_report(1)
    d = docx.Document(str(render_docx(rep, tmp_path / "r.docx")))
    heads = {p.text: p.style.name for p in d.paragraphs if p.style.name.startswith("Heading")}
    for h in rep.part_headings:
        assert heads[h] == "Heading 1"
    for t in rep.tables:
        assert heads[t.title] == "Heading 2"
    assert heads["（一）一般公共预算财政拨款支出决算总体情况"] == "Heading 3"
    assert len(d.tables) == 9
    t05 = d.tables[4]
    row0 = t05.rows[0].cells
    assert row0[0]._tc is row0[1]._tc and row0[0].text == "项目"
    assert row0[2]._tc is row0[4]._tc and row0[2].text == "本年支出"
    assert [c.text for c in t05.rows[1].cells][2:] == ["小计", "基本支出", "项目支出"]
    total = rep.table("公开05表").value("合计", "本年支出/小计")
    assert t05.rows[3].cells[2].text == f"{total:.2f}"
    assert d.tables[0].style.name == "Table Grid"
    assert d.tables[6].style is None or d.tables[6].style.name != "Table Grid"
    assert any(s.page_width > s.page_height for s in d.sections)
    assert d.core_properties.title == rep.title


def test_xlsx_content(tmp_path: Path) -> None:
    rep = build_report(1)
    wb = openpyxl.load_workbook(render_xlsx(rep, tmp_path / "r.xlsx"))
    assert wb.sheetnames == [t.number for t in rep.tables] + ["情况说明"]
    for t in rep.tables:
        ws = wb[t.number]
        assert ws["A1"].value == t.title
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert f"A1:{openpyxl.utils.get_column_letter(len(t.columns))}1" in merged
        assert len(merged) >= 1 + len(t.spans)
        assert any(c.value == t.number for c in ws[2])
    ws = wb["公开05表"]
    assert {"A4:B4", "C4:E4"} <= {str(r) for r in ws.merged_cells.ranges}
    total_row = 4 + len(rep.table("公开05表").header)
    cell = ws.cell(row=total_row, column=3)
    assert cell.number_format == "#,##0.00"
    assert Decimal(str(cell.value)) == rep.table("公开05表").value("合计", "本年支出/小计")
    assert isinstance(ws.cell(row=total_row + 1, column=1).value, str)  # codes stay text
    narrative = [r[0] for r in wb["情况说明"].iter_rows(values_only=True)]
    assert rep.narrative[0].paragraphs[0] in narrative


def test_text_content(tmp_path: Path) -> None:
    rep = build_report(1)
    text = render_text(rep, tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "# 收入支出决算总表\n" in text
    assert "\n公开01表\n金额单位：万元\n" in text
    assert "\n项目\t行次\t决算数\t项目\t行次\t决算数\n" in text
    assert "\n\n" + rep.narrative[0].paragraphs[0] + "\n\n" in text


# ---------------------------------------------------------------- (e) examples


def _content(path: Path) -> object:
    """What a reader sees, for when a library upgrade changes bytes but not content."""
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return [(p.width, p.height, p.extract_text()) for p in pdf.pages]
    if path.suffix == ".docx":
        d = docx.Document(str(path))
        return [p.text for p in d.paragraphs], [[c.text for c in r.cells] for t in d.tables for r in t.rows]
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return [(ws.title, sorted(map(str, ws.merged_cells.ranges)), list(ws.iter_rows(values_only=True)))
                for ws in wb.worksheets]
    return path.read_bytes()


def test_examples_are_current(tmp_path: Path) -> None:
    fresh = make(tmp_path)
    for path in fresh.values():
        committed = EXAMPLES_DIR / path.name
        assert committed.exists(), committed
        assert committed.stat().st_size < 300_000
        if committed.read_bytes() != path.read_bytes():
            assert _content(committed) == _content(path), (
                f"{committed.name} is stale: run python -m tests.factory.make_examples"
            )
    with pdfplumber.open(fresh["pdf"]) as pdf:
        texts = _page_texts(pdf)
        assert 10 <= len(pdf.pages) <= 15
        assert any("（续）" in t for t in texts)


# ---------------------------------------------------------------- (f) a model report: the review is clean

VARIANTS = {"default": {}, "long": {"rows": 40}, "nofund": {"gov_fund": False}, "soe": {"soe": True}}
# Every seed and variant as text (fast); the binary formats for one seed of each variant.
CLEAN_CASES = [(seed, v, "txt") for v in VARIANTS for seed in range(12)] + [
    (seed, v, fmt) for seed, v in ((0, "default"), (5, "long"), (7, "nofund"), (9, "soe"))
    for fmt in ("pdf", "docx", "xlsx")
]


def _unclean(path: Path) -> list[str]:
    findings = review(path).report.findings
    return [f"{f.rule} {f.severity}: {f.message}" for f in findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize(("seed", "variant", "fmt"), CLEAN_CASES)
def test_factory_report_reviews_clean(seed: int, variant: str, fmt: str, tmp_path: Path) -> None:
    """A factory report is a model report: every rule passes (info is allowed), in every format."""
    rep = build_report(seed, **VARIANTS[variant])
    path = RENDERERS[fmt](rep, tmp_path / f"report.{fmt}")
    assert _unclean(path) == []


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_examples_review_clean(fmt: str) -> None:
    assert _unclean(EXAMPLES_DIR / f"{STEM}.{fmt}") == []


def _with_cell(rep, number: str, row_label: str, column: str, value: str):
    """The report with one printed amount replaced (the factory model stays otherwise intact)."""
    table = rep.table(number)
    col = [c.label for c in table.columns].index(column)
    group = table.columns[col].group
    rows = [
        r.model_copy(update={"cells": [value if i == col else x for i, x in enumerate(r.cells)]})
        if table.row_label(r, group) == row_label
        else r
        for r in table.rows
    ]
    tables = [t.model_copy(update={"rows": rows}) if t.number == number else t for t in rep.tables]
    return rep.model_copy(update={"tables": tables})


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_a_wrong_class_total_is_found_and_located_in_every_format(fmt: str, tmp_path: Path) -> None:
    """One 类 amount of 公开05表 raised by 10.00: the hierarchy rule names that row on its page."""
    rep = build_report(0)
    t05 = rep.table("公开05表")
    fact = next(f for f in t05.facts if len(f.row) == 3 and f.column.endswith("小计"))
    changed = _with_cell(rep, "公开05表", fact.row, fact.column, f"{fact.value + 10:.2f}")
    findings = review(RENDERERS[fmt](changed, tmp_path / f"bad.{fmt}")).report.findings
    errors = [f for f in findings if f.severity == "error"]
    hits = [f for f in errors if f.rule == "TBL-004" and (f.location.row or "").startswith(fact.row)]
    assert hits, [f"{f.rule} {f.location} {f.message}" for f in errors]
    assert hits[0].actual == f"{fact.value + 10:.2f}" and hits[0].expected == f"{fact.value:.2f}"
    assert hits[0].location.table == t05.title and hits[0].location.page is not None
    if fmt == "pdf":
        assert hits[0].location.bbox is not None
