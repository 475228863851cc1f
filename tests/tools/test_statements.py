"""公开表 → Statement: factory reports in every format, seed 002 and the corpus against golden cells."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, shared_path
from tests.factory import (
    RENDERERS,
    Fact,
    Report,
    build_report,
    render_pdf,
)
from tools.accounts.columns import COLUMNS, T06_TOTALS
from tools.accounts.model import Line, Statement, label_key
from tools.accounts.tables import build_statements
from tools.document import Cell, Column, Document, Page, Row, Table
from tools.ingest import ingest
from tools.profiles import load
from tools.text import normalize

KEYS = [f"T0{n}" for n in range(1, 10)]
PROFILE = load()

# Factory column label → canonical key (written out here, independent of the extractor's mapping).
FACTORY_COLUMNS = {
    "T05": {
        "本年支出/小计": "合计",
        "本年支出/基本支出": "基本支出",
        "本年支出/项目支出": "项目支出",
    },
    "T08": {"本年支出/小计": "本年支出/合计"},
    "T09": {
        "本年支出/小计": "合计",
        "本年支出/基本支出": "基本支出",
        "本年支出/项目支出": "项目支出",
    },
    "T04": {
        "支出/决算数/合计": "支出/合计",
        "支出/决算数/一般公共预算财政拨款": "支出/一般公共预算财政拨款",
        "支出/决算数/政府性基金预算财政拨款": "支出/政府性基金预算财政拨款",
        "支出/决算数/国有资本经营预算财政拨款": "支出/国有资本经营预算财政拨款",
    },
}
# 公开07表 printed as rows (项目 | 预算数 | 决算数): row label → canonical item.
FACTORY_T07_ITEMS = {
    "合计": "合计",
    "1.因公出国（境）费": "因公出国（境）费",
    "2.公务用车购置及运行维护费": "公务用车购置及运行维护费/小计",
    "（1）公务用车购置费": "公务用车购置及运行维护费/公务用车购置费",
    "（2）公务用车运行维护费": "公务用车购置及运行维护费/公务用车运行维护费",
    "3.公务接待费": "公务接待费",
}


def _key(number: str) -> str:
    return "T" + number.removeprefix("公开").removesuffix("表")


def _value(line: Line | None, column: str) -> Decimal | None:
    amount = line.values.get(column) if line else None
    return amount.value if amount else None


def _factory_value(stmt: Statement, fact: Fact) -> Decimal | None:
    """The statement amount where the factory printed `fact`."""
    key = stmt.key
    if key == "T07":
        return _value(stmt.line("合计"), f"{fact.column}/{FACTORY_T07_ITEMS[fact.row]}")
    column = FACTORY_COLUMNS.get(key, {}).get(fact.column, fact.column)
    if key in ("T01", "T04"):
        side = fact.column.split("/")[0]
        # 公开04表 repeats fund labels under 年初财政拨款结转和结余: any line with that label and value.
        values = [
            _value(ln, column)
            for ln in stmt.lines
            if ln.side == side and label_key(ln.label) == label_key(fact.row)
        ]
        return fact.value if fact.value in values else (values[0] if values else None)
    if key == "T06":
        side, column = fact.column.split("/")
        row = fact.row if fact.row[0].isdigit() else label_key(fact.row)
        return _value(stmt.line(row, side), column)
    return _value(stmt.line(fact.row if fact.row[0].isdigit() else "合计"), column)


@cache
def _report(variant: str) -> Report:
    if variant == "long":
        return build_report(seed=7, rows=40)
    return build_report(
        seed=3,
        gov_fund=False,
        soe=True,
        borderless=("公开07表", "公开05表"),
        landscape=("公开04表", "公开03表"),
    )


@pytest.fixture(scope="module")
def factory_statements(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], dict[str, Statement]]:
    out = tmp_path_factory.mktemp("statements")
    built = {}
    for variant in ("long", "nofund"):
        for fmt, render in RENDERERS.items():
            path = render(_report(variant), out / f"{variant}.{fmt}")
            built[(variant, fmt)] = build_statements(ingest(path), PROFILE)
    return built


CASES = [(v, f) for v in ("long", "nofund") for f in RENDERERS]


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_factory_every_table_found(factory_statements, variant, fmt) -> None:
    stmts = factory_statements[(variant, fmt)]
    assert sorted(stmts) == KEYS
    for table in _report(variant).tables:
        stmt = stmts[_key(table.number)]
        assert stmt.number == table.number
        assert stmt.title == table.title
        assert stmt.unit == table.unit
        assert set(stmt.columns) <= set(COLUMNS[stmt.key]), stmt.columns


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_factory_every_fact_on_its_line_and_column(
    factory_statements, variant, fmt
) -> None:
    stmts = factory_statements[(variant, fmt)]
    facts = _report(variant).facts
    wrong = [(f, _factory_value(stmts[_key(f.table)], f)) for f in facts]
    wrong = [
        (f.table, f.row, f.column, str(f.value), str(got))
        for f, got in wrong
        if got != f.value
    ]
    assert not wrong, wrong[:10]
    assert len(facts) > 250


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_factory_no_amount_beyond_the_facts(factory_statements, variant, fmt) -> None:
    # Every amount the extractor reports is a printed fact: no 行次/栏次 read as amounts.
    stmts = factory_statements[(variant, fmt)]
    n_facts = len(_report(variant).facts)
    n_values = sum(len(ln.values) for s in stmts.values() for ln in s.lines)
    unreadable = [
        (s.key, ln.key, ln.unreadable)
        for s in stmts.values()
        for ln in s.lines
        if ln.unreadable
    ]
    assert n_values == n_facts
    assert not unreadable


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_factory_empty_gov_fund_table(factory_statements, fmt) -> None:
    t08 = factory_statements[("nofund", fmt)]["T08"]
    assert t08.empty
    assert normalize(t08.empty_note or "") == normalize(
        "本单位无政府性基金预算财政拨款收入支出，故本表无数据。"
    )
    total = t08.line("合计")
    assert total is not None and total.total and not total.values
    assert not factory_statements[("nofund", fmt)]["T09"].empty
    assert factory_statements[("long", fmt)]["T09"].empty
    assert factory_statements[("long", fmt)]["T09"].empty_note


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_factory_line_shapes(factory_statements, fmt) -> None:
    stmts = factory_statements[("long", fmt)]
    t01 = stmts["T01"]
    income = t01.line("一般公共预算财政拨款收入", "收入")
    assert income is not None and income.line_no == 1
    assert (
        t01.line("总计", "支出").total and t01.line("总计", "支出").line_no is not None
    )
    assert t01.column_numbers == {"收入/决算数": "1", "支出/决算数": "2"}
    t04 = stmts["T04"]
    assert t04.line("年初财政拨款结转和结余/政府性基金预算财政拨款", "收入") is not None
    t05 = stmts["T05"]
    assert t05.columns == ["合计", "基本支出", "项目支出"]
    assert t05.lines[0].key == "合计" and t05.lines[0].total
    assert {ln.level for ln in t05.lines if ln.code} == {"类", "款", "项"}
    t06 = stmts["T06"]
    assert {ln.side for ln in t06.lines} == {"人员经费", "公用经费"}
    assert [ln.key for ln in t06.lines if ln.total] == list(T06_TOTALS)
    assert len(stmts["T07"].lines) == 1
    assert len(stmts["T07"].columns) == 12


def test_factory_pdf_pages_and_bbox(factory_statements) -> None:
    stmts = factory_statements[("long", "pdf")]
    t03 = stmts["T03"]
    assert len(t03.pages) >= 2
    assert {ln.page for ln in t03.lines} == set(t03.pages)
    amount = t03.line("合计").values["本年支出合计"]
    assert amount.bbox is not None and amount.page == t03.pages[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "txt"])
def test_example_report(fmt) -> None:
    path = (
        Path(__file__).resolve().parents[2]
        / "examples"
        / f"example-final-accounts.{fmt}"
    )
    stmts = build_statements(ingest(path), PROFILE)
    assert sorted(stmts) == KEYS
    assert _value(stmts["T01"].line("总计", "收入"), "收入/决算数") == Decimal(
        "1989.85"
    )
    assert _value(stmts["T06"].line("30101", "人员经费"), "决算数") == Decimal("313.63")
    assert _value(
        stmts["T07"].line("合计"), "决算数/公务用车购置及运行维护费/小计"
    ) == Decimal("28.47")
    assert stmts["T09"].empty and "无数据" in (stmts["T09"].empty_note or "")


# ---------------------------------------------------------------- hand-built grids


def _table(
    title: str, paths: list[list[str]], rows: list[list[str]], number: str | None = None
) -> Table:
    cols = [Column(index=i, path=p) for i, p in enumerate(paths)]
    body = [
        Row(
            index=n,
            page=1,
            cells=[Cell(col=i, text=t, norm=t) for i, t in enumerate(cells)],
        )
        for n, cells in enumerate(rows)
    ]
    return Table(page=1, pages=[1], title=title, number=number, columns=cols, rows=body)


def _doc(*tables: Table) -> Document:
    return Document(
        path="x", sha256="0", format="text", pages=[Page(number=1, blocks=list(tables))]
    )


def test_cells_blank_dash_unreadable_and_separators() -> None:
    t = _table(
        "支出决算表",
        [
            ["项目", "科目编码"],
            ["项目", "科目名称"],
            ["本年支出合计"],
            ["基本支出"],
            ["项目支出"],
            ["经营支出"],
        ],
        [
            ["", "合计", "1,234.50", "—", "-", "见附表"],
            ["201", "一般公共服务支出", "（6.11）", "", "－", "12"],
        ],
    )
    t03 = build_statements(_doc(t), PROFILE)["T03"]
    total = t03.line("合计")
    assert total.values["本年支出合计"].value == Decimal("1234.50")
    assert total.values["本年支出合计"].decimals == 2
    assert total.blank == ["基本支出", "项目支出"]
    assert total.unreadable == {"经营支出": "见附表"}
    line = t03.line("201")
    assert line.values["本年支出合计"].value == Decimal("-6.11")
    assert line.values["经营支出"].value == Decimal(12)
    assert line.blank == ["基本支出", "项目支出"]


def test_split_codes_inherit_blank_class() -> None:
    paths = [
        ["科目编码", "类"],
        ["科目编码", "款"],
        ["科目编码", "项"],
        ["科目名称"],
        ["合计"],
        ["基本支出"],
        ["项目支出"],
    ]
    rows = [
        ["201", "", "", "一般公共服务支出", "3.00", "3.00", ""],
        ["", "06", "", "财政事务", "3.00", "3.00", ""],
        ["", "", "01", "行政运行", "3.00", "3.00", ""],
        ["合计", "合计", "合计", "合计", "3.00", "3.00", ""],
    ]
    t05 = build_statements(
        _doc(_table("一般公共预算财政拨款支出决算表", paths, rows)), PROFILE
    )["T05"]
    assert [ln.key for ln in t05.lines] == ["201", "20106", "2010601", "合计"]
    assert [ln.level for ln in t05.lines[:3]] == ["类", "款", "项"]
    assert t05.lines[-1].total


def test_recognition_by_number_variant_title_and_first_match() -> None:
    paths = [
        ["项目", "科目编码"],
        ["项目", "科目名称"],
        ["合计"],
        ["基本支出"],
        ["项目支出"],
    ]
    rows = [["", "合计", "1.00", "1.00", ""]]
    doc = _doc(
        _table("部门预算项目清单", [["序号"], ["单位名称"]], [["1", "某单位"]]),
        _table("2024年度一般公共预算财政拨款支出决算表", paths, rows),
        _table("某区某局国有资本经营预算支出表", paths, rows, number="公开09表"),
        _table("一般公共预算财政拨款支出决算表", paths, [["", "合计", "9.00", "", ""]]),
    )
    stmts = build_statements(doc, PROFILE)
    assert sorted(stmts) == ["T05", "T09"]
    assert stmts["T05"].line("合计").values["合计"].value == Decimal("1.00")
    assert stmts["T09"].number == "公开09表"


def test_lanci_row_is_not_an_amount() -> None:
    paths = [["项目"], ["预算数"], ["决算数"]]
    rows = [
        ["栏次", "1", "2"],
        ["合计", "3.00", "2.00"],
        ["1.因公出国（境）费", "1.00", ""],
        ["3.公务接待费", "2.00", "2.00"],
    ]
    t07 = build_statements(_doc(_table("“三公”经费支出决算表", paths, rows)), PROFILE)[
        "T07"
    ]
    line = t07.line("合计")
    assert {k: str(v.value) for k, v in line.values.items()} == {
        "预算数/合计": "3.00",
        "决算数/合计": "2.00",
        "预算数/因公出国（境）费": "1.00",
        "预算数/公务接待费": "2.00",
        "决算数/公务接待费": "2.00",
    }
    assert line.blank == ["决算数/因公出国（境）费"]


# ---------------------------------------------------------------- seed 002 and the corpus


def _golden(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _check_golden(stmts: dict[str, Statement], golden: dict) -> tuple[int, list]:
    """Count golden table01/table06 cells found on their line and column; list the misses."""
    matched, missing = 0, []
    for cell in golden["table01_cells"]:
        side = cell["side"]
        got = _value(stmts["T01"].line(label_key(cell["row"]), side), f"{side}/决算数")
        ok = got == Decimal(cell["value"]) and str(got) == cell["value"]
        matched += ok
        missing += [] if ok else [("T01", side, cell["row"], cell["value"], str(got))]
    t06 = stmts["T06"]
    for cell in golden["table06_cells"]:
        line = t06.line(cell["code"]) if cell["code"] else t06.line(cell["name"])
        got = _value(line, "决算数")
        ok = (
            got is not None
            and str(got) == cell["value"]
            and (line.total == (cell["code"] is None))
        )
        matched += ok
        missing += (
            [] if ok else [("T06", cell["code"], cell["name"], cell["value"], str(got))]
        )
    return matched, missing


def _check_tables(stmts: dict[str, Statement], golden: dict) -> None:
    assert sorted(stmts) == KEYS
    for spec in golden["tables"]:
        stmt = stmts[f"T0{spec['n']}"]
        assert stmt.title == spec["title"]
        if spec["pages"] is not None:
            assert stmt.pages == spec["pages"], (stmt.key, stmt.pages, spec["pages"])


def test_seed_002() -> None:
    path = shared_path("seeds", "002_e3267e760b1282a2.txt")
    stmts = build_statements(ingest(path), PROFILE)
    golden = _golden(GOLDEN / "seeds" / "002_e3267e760b1282a2.json")
    _check_tables(stmts, golden)
    matched, missing = _check_golden(stmts, golden)
    assert not missing
    assert matched == len(golden["table01_cells"]) + len(golden["table06_cells"]) == 52
    assert stmts["T01"].line("本年收入合计", "收入").line_no == 27
    assert stmts["T01"].column_numbers == {"收入/决算数": "1", "支出/决算数": "2"}
    t06 = stmts["T06"]
    assert [
        ln.side
        for ln in t06.lines
        if ln.code == "301" or ln.code == "302" or ln.code == "307"
    ] == ["人员经费", "公用经费", "公用经费"]
    t07 = stmts["T07"]
    assert len(t07.lines) == 1 and t07.columns == list(COLUMNS["T07"])
    assert _value(t07.line("合计"), "决算数/公务接待费") == Decimal("0.11")
    assert "决算数/因公出国（境）费" in t07.line("合计").blank
    t09 = stmts["T09"]
    assert t09.title == "国有资本经营预算财政拨款支出决算表" and t09.columns == [
        "合计",
        "基本支出",
        "项目支出",
    ]
    assert (
        t09.empty
        and t09.empty_note == "本单位没有使用国有资本经营预算安排的支出，故本表无数据。"
    )
    assert not stmts["T08"].empty


CORPUS = sorted(p.stem for p in (GOLDEN / "corpus").glob("*.json"))
# Cells read per corpus file (golden table01 + table06 cells), so a regression shows as a count.
CORPUS_CELLS = {
    "shanghai-bumen-juesuan-template-2024-yangzhang": 0,
    "shanghai-putuo-caizhengju-2024-bumen-juesuan": 41,
    "shanghai-putuo-guihua-ziranziyuan-2024-bumen-juesuan": 79,
    "shanghai-putuo-quwei-shehuigongzuobu-2024-bumen-juesuan": 76,
}


@cache
def _corpus(stem: str) -> dict[str, Statement]:
    return build_statements(ingest(shared_path("corpus", f"{stem}.pdf")), PROFILE)


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_tables_and_golden_cells(stem) -> None:
    stmts = _corpus(stem)
    golden = _golden(GOLDEN / "corpus" / f"{stem}.json")
    _check_tables(stmts, golden)
    matched, missing = _check_golden(stmts, golden)
    assert not missing
    assert matched == CORPUS_CELLS[stem]


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_empty_tables_have_notes(stem) -> None:
    stmts = _corpus(stem)
    for key in ("T08", "T09"):
        assert stmts[key].empty
        assert stmts[key].empty_note and "故本表无数据" in stmts[key].empty_note
        assert "下述说明" not in stmts[key].empty_note


def test_corpus_blank_template_has_no_values() -> None:
    stmts = _corpus("shanghai-bumen-juesuan-template-2024-yangzhang")
    assert all(s.empty for s in stmts.values())
    assert stmts["T01"].columns == ["收入/决算数", "支出/决算数"]
    assert stmts["T01"].line("一般公共预算财政拨款收入", "收入") is not None
    assert len(stmts["T07"].columns) == 12


def test_corpus_split_codes_and_two_blocks() -> None:
    stmts = _corpus("shanghai-putuo-caizhengju-2024-bumen-juesuan")
    t06 = stmts["T06"]
    assert {ln.side for ln in t06.lines} == {"1", "2"}
    assert t06.line("30302").side == "1" and t06.line("30239").side == "2"
    t05 = stmts["T05"]
    assert t05.line("2010601").name == "行政运行"
    assert _value(t05.line("合计"), "合计") == Decimal("2940.05")
    t04 = stmts["T04"]
    assert _value(
        t04.line("年初财政拨款结转和结余/一般公共预算财政拨款", "收入"), "收入/决算数"
    ) == Decimal("21.63")
    assert _value(t04.line("一般公共预算财政拨款", "收入"), "收入/决算数") == Decimal(
        "2940.05"
    )
    t07 = stmts["T07"].line("合计")
    assert _value(t07, "预算数/公务接待费") == Decimal("0.95")
    assert "决算数/公务接待费" in t07.blank


# ---------------------------------------------------------------- known ingestion gaps


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_empty_table_keeps_its_total_line(stem) -> None:
    # Three of the PDFs print the 合计 label on the last header row (beside 合计|基本支出|项目支出).
    for key in ("T08", "T09"):
        total = _corpus(stem)[key].line("合计")
        assert total is not None and total.total and not total.values
        assert "本年支出/合计" in total.blank


def test_factory_borderless_wide_table_pdf(tmp_path) -> None:
    report = build_report(seed=3, borderless=("公开02表",))
    stmts = build_statements(ingest(render_pdf(report, tmp_path / "b.pdf")), PROFILE)
    t02 = stmts.get("T02")
    assert t02 is not None
    facts = report.table("公开02表").facts
    assert all(_factory_value(t02, f) == f.value for f in facts)
