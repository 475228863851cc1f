"""XLSX reader on synthetic workbooks: merged ranges, titles and notes, number display, sheet handling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.document import Heading, Page, Paragraph, Table
from tools.errors import InputError
from tools.ingest.xlsx import format_number, read_xlsx, render_cell
from tools.settings import Limits

LIMITS = Limits()


def tables(pages: list[Page]) -> list[Table]:
    return [b for p in pages for b in p.blocks if isinstance(b, Table)]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "决算表"
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：某某测试局"
    ws["C2"] = "公开01表"
    ws["D2"] = "金额单位：万元"
    ws["A3"] = "收入"
    ws.merge_cells("A3:B3")
    ws["C3"] = "支出"
    ws.merge_cells("C3:D3")
    for col, text in enumerate(["项目", "决算数", "项目", "决算数"], start=1):
        ws.cell(4, col, text)
    ws["A5"] = "一、财政拨款收入"
    ws["B5"] = 1234.5
    ws["B5"].number_format = "#,##0.00"
    ws["C5"] = "执行率"
    ws["D5"] = 0.1234
    ws["D5"].number_format = "0.00%"
    ws["A6"] = "本年收入合计"
    ws.merge_cells("A6:A7")
    ws["B6"] = 1234.5600000000001
    ws["B6"].number_format = "0.00"
    ws["C6"] = "完成率"
    ws["D6"] = 0.125
    ws["D6"].number_format = "0%"
    ws["B7"] = 0.1 + 0.2
    ws["C7"] = "填报日期"
    ws["D7"] = dt.date(2024, 3, 1)
    ws["A9"] = "注：本表为虚构的测试数据。"
    ws.merge_cells("A9:D9")

    wb.create_sheet("空白页")
    notes = wb.create_sheet("情况说明")
    notes["A1"] = "情况说明"
    notes["A2"] = "一、收入情况"
    notes["A3"] = "本单位2024年度收入合计1,234.50万元，" + "主要用于虚构的测试项目，" * 4
    hidden = wb.create_sheet("公开02表")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "项目"
    hidden["B1"] = "金额"
    hidden["A2"] = "合计"
    hidden["B2"] = 12
    hidden["A3"] = "是否完成"
    hidden["B3"] = True
    hidden["A4"] = "引用"
    hidden["B4"] = "#REF!"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_title_caption_notes_and_merged_header(workbook: Path) -> None:
    pages, _ = read_xlsx(workbook, LIMITS)
    table = tables(pages)[0]
    assert table.page == 1 and table.pages == [1]
    assert table.title == "收入支出决算总表"
    assert table.caption == ["单位：某某测试局", "公开01表", "金额单位：万元"]
    assert (table.number, table.unit) == ("公开01表", "万元")
    assert table.notes == ["注：本表为虚构的测试数据。"]
    assert [(c.text, c.merged) for c in table.rows[0].cells] == [
        ("收入", False),
        ("收入", True),
        ("支出", False),
        ("支出", True),
    ]
    assert [c.label for c in table.columns] == ["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]
    # Vertical merge A6:A7.
    assert (table.rows[3].cells[0].text, table.rows[3].cells[0].merged) == ("本年收入合计", False)
    assert (table.rows[4].cells[0].text, table.rows[4].cells[0].merged) == ("本年收入合计", True)


def test_numbers_render_without_float_artefacts(workbook: Path) -> None:
    pages, _ = read_xlsx(workbook, LIMITS)
    grid = tables(pages)[0].grid()
    assert grid[2] == ["一、财政拨款收入", "1,234.50", "执行率", "12.34%"]
    assert grid[3] == ["本年收入合计", "1234.56", "完成率", "13%"]
    assert grid[4] == ["本年收入合计", "0.3", "填报日期", "2024-03-01"]


def test_sheets_pages_and_warnings(workbook: Path) -> None:
    pages, warnings = read_xlsx(workbook, LIMITS)
    # Page number is the sheet position; the blank sheet (2) is skipped.
    assert [p.number for p in pages] == [1, 3, 4]
    assert "工作表“公开02表”为隐藏工作表" in warnings


def test_narrative_sheet_becomes_paragraphs(workbook: Path) -> None:
    pages, _ = read_xlsx(workbook, LIMITS)
    page = next(p for p in pages if p.number == 3)
    assert [type(b) for b in page.blocks] == [Heading, Heading, Paragraph]
    assert page.blocks[0].text == "情况说明"
    assert page.blocks[2].text.startswith("本单位2024年度收入合计1,234.50万元")


def test_sheet_name_is_caption_without_title(workbook: Path) -> None:
    pages, _ = read_xlsx(workbook, LIMITS)
    table = next(p for p in pages if p.number == 4).blocks[0]
    assert isinstance(table, Table)
    assert table.title is None
    assert table.caption == ["公开02表"] and table.number == "公开02表"
    assert table.grid() == [["项目", "金额"], ["合计", "12"], ["是否完成", "TRUE"], ["引用", "#REF!"]]


def test_formula_without_cached_value_warns(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测试"
    ws.append(["项目", "金额"])
    ws.append(["一", 1])
    ws.append(["合计", "=SUM(B2:B2)"])  # openpyxl stores no cached result
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    pages, warnings = read_xlsx(path, LIMITS)
    assert tables(pages)[0].grid()[2] == ["合计", ""]
    assert any("公式" in w and "测试" in w for w in warnings)


def test_wrapped_header_text_joins(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "附属单位\n上缴收入"])
    ws.append(["合计", 5])
    path = tmp_path / "wrap.xlsx"
    wb.save(path)
    pages, _ = read_xlsx(path, LIMITS)
    assert tables(pages)[0].columns[1].path == ["附属单位上缴收入"]


def test_hidden_rows_are_read_with_a_warning(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["项目", "金额"])
    ws.append(["甲", 1])
    ws.append(["乙", 2])
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    pages, warnings = read_xlsx(path, LIMITS)
    assert tables(pages)[0].grid()[2] == ["乙", "2"]
    assert any("隐藏行" in w and "明细" in w for w in warnings)


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    pages, warnings = read_xlsx(path, LIMITS)
    assert pages == [] and warnings


def test_corrupt_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets>")
    with pytest.raises(InputError) as info:
        read_xlsx(path, LIMITS)
    assert "\n" not in info.value.message and "Excel" in info.value.message


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1234.5, "#,##0.00", "1,234.50"),
        (1234.5, "0.00", "1234.50"),
        (-1234.5, "#,##0.00_);[Red](#,##0.00)", "-1,234.50"),
        (0.125, "0%", "13%"),
        (0.12345, "0.00%", "12.35%"),
        (2.675, "0.00", "2.68"),
        (1.005, "0.00", "1.01"),
        (0.1 + 0.2, "General", "0.3"),
        (1234.5600000000001, "General", "1234.56"),
        (12, "General", "12"),
        (12, "0.00", "12.00"),
        (1.5, "0.0#", "1.5"),
        (1.25, "0.0#", "1.25"),
        (12345678, "#,##0,", "12,346"),
        (3, '0.00"万元"', "3.00"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),
        (-0.0001, "0.00", "0.00"),
        (5, "@", "5"),
        (Decimal("7.10"), "0.00", "7.10"),
    ],
)
def test_format_number(value: float, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_render_cell_types() -> None:
    assert render_cell(None, "General") == ""
    assert render_cell(True, "General") == "TRUE"
    assert render_cell(dt.datetime(2024, 3, 1), "yyyy-mm-dd") == "2024-03-01"
    assert render_cell(dt.datetime(2024, 3, 1, 9, 30), "yyyy-mm-dd h:mm") == "2024-03-01 09:30"
    assert render_cell("  文本  ", "@") == "文本"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_two_decimal_amounts_round_trip_through_float(amount: Decimal) -> None:
    # Excel stores amounts as binary floats; the display must be the amount typed in.
    assert format_number(float(amount), "0.00") == format(amount.quantize(Decimal("0.01")), ".2f").replace("-0.00", "0.00")
    assert format_number(float(amount), "#,##0.00") == format(amount.quantize(Decimal("0.01")), ",.2f").replace("-0.00", "0.00")
