"""DOCX reader on synthetic documents: order, headings, merged cells, table context, estimated pages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tools.document import Heading, Page, Paragraph, Table
from tools.errors import InputError
from tools.ingest.docx import read_docx
from tools.settings import Limits
from tools.text import normalize

LIMITS = Limits()


def blocks(pages: list[Page]) -> list[Heading | Paragraph | Table]:
    return [b for p in pages for b in p.blocks]


def only_table(pages: list[Page]) -> Table:
    tables = [b for b in blocks(pages) if isinstance(b, Table)]
    assert len(tables) == 1, tables
    return tables[0]


def add_final_accounts_table(doc: docx.document.Document) -> None:
    """A small 收入支出决算总表 with a two-level header and a vertically merged 合计 cell."""
    doc.add_paragraph("收入支出决算总表")
    doc.add_paragraph("单位：某某测试局")
    doc.add_paragraph("公开 01 表")
    doc.add_paragraph("金额单位：万元")
    table = doc.add_table(rows=5, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "收入"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "支出"
    for j, text in enumerate(["项目", "决算数", "项目", "决算数"]):
        table.cell(1, j).text = text
    for j, text in enumerate(["一、财政拨款收入", "1,234.50", "一、一般公共服务支出", "1,000.00"]):
        table.cell(2, j).text = text
    table.cell(3, 0).merge(table.cell(4, 0)).text = "本年收入合计"
    table.cell(3, 1).text = "1,234.50"
    table.cell(4, 1).text = "0.00"
    doc.add_paragraph("注：本表反映单位本年度的总收支情况。")
    doc.add_paragraph("本单位没有使用相关资金，故本表无数据。")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    doc = docx.Document()
    doc.add_heading("某某测试局2024年度决算", 0)
    doc.add_heading("第一部分 单位概况", 1)
    doc.add_paragraph("")  # empty paragraphs are not blocks
    doc.add_paragraph("本单位是一个虚构的测试单位，负责编写测试用例。")
    doc.add_page_break()
    doc.add_heading("第二部分 决算表", 2)
    add_final_accounts_table(doc)
    doc.add_paragraph("表后的正文段落。")
    path = tmp_path / "report.docx"
    doc.save(path)
    return path


def test_blocks_in_document_order_with_headings(report: Path) -> None:
    pages, warnings = read_docx(report, LIMITS)
    assert warnings == []
    kinds = [(type(b).__name__, b.text if not isinstance(b, Table) else b.title) for b in blocks(pages)]
    assert kinds == [
        ("Heading", "某某测试局2024年度决算"),
        ("Heading", "第一部分 单位概况"),
        ("Paragraph", "本单位是一个虚构的测试单位，负责编写测试用例。"),
        ("Heading", "第二部分 决算表"),
        ("Paragraph", "收入支出决算总表"),
        ("Table", "收入支出决算总表"),
        ("Paragraph", "表后的正文段落。"),
    ]
    headings = [b for b in blocks(pages) if isinstance(b, Heading)]
    assert [h.level for h in headings] == [1, 1, 2]
    paragraph = next(b for b in blocks(pages) if isinstance(b, Paragraph))
    assert paragraph.norm == normalize(paragraph.text) and paragraph.bbox is None


def test_table_title_caption_and_notes(report: Path) -> None:
    pages, _ = read_docx(report, LIMITS)
    table = only_table(pages)
    assert table.title == "收入支出决算总表"
    assert table.number == "公开01表"
    assert table.unit == "万元"
    assert table.caption == ["单位：某某测试局", "公开 01 表", "金额单位：万元"]
    assert table.notes == ["注：本表反映单位本年度的总收支情况。", "本单位没有使用相关资金，故本表无数据。"]
    texts = [b.text for b in blocks(pages) if isinstance(b, Paragraph)]
    # Caption and note paragraphs live in the table only.
    assert not any("单位：" in t or "公开" in t or t.startswith("注：") or "本表无数据" in t for t in texts)


def test_merged_cells_are_resolved(report: Path) -> None:
    pages, _ = read_docx(report, LIMITS)
    table = only_table(pages)
    top = table.rows[0].cells
    assert [(c.text, c.merged) for c in top] == [("收入", False), ("收入", True), ("支出", False), ("支出", True)]
    # Vertical merge: the continuation row repeats the origin's text, flagged as merged.
    assert (table.rows[3].cells[0].text, table.rows[3].cells[0].merged) == ("本年收入合计", False)
    assert (table.rows[4].cells[0].text, table.rows[4].cells[0].merged) == ("本年收入合计", True)
    assert [c.label for c in table.columns] == ["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]
    assert [r.header for r in table.rows] == [True, True, False, False, False]
    assert table.rows[2].cells[1].text == "1,234.50"
    assert all(len(r.cells) == 4 for r in table.rows)
    assert table.bbox is None and all(c.bbox is None for r in table.rows for c in r.cells)


def test_page_breaks_number_pages(report: Path) -> None:
    pages, _ = read_docx(report, LIMITS)
    assert [p.number for p in pages] == [1, 2]
    table = only_table(pages)
    assert table.page == 2 and table.pages == [2] and {r.page for r in table.rows} == {2}
    assert [b.page for b in pages[0].blocks] == [1, 1, 1]


def test_section_breaks(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("第一节内容")
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("第二节内容")
    doc.add_section(WD_SECTION.CONTINUOUS)
    doc.add_paragraph("连续分节后的内容")
    path = tmp_path / "sections.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    located = {b.text: b.page for b in blocks(pages)}
    assert located == {"第一节内容": 1, "第二节内容": 2, "连续分节后的内容": 2}


def test_page_break_before_paragraph_property(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("第一页")
    doc.add_paragraph("第二页").paragraph_format.page_break_before = True
    path = tmp_path / "pbb.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    assert {b.text: b.page for b in blocks(pages)} == {"第一页": 1, "第二页": 2}


def test_rendered_page_breaks_are_preferred(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("第一页内容")
    second = doc.add_paragraph()
    run = second.add_run()
    run._r.append(OxmlElement("w:lastRenderedPageBreak"))
    second.add_run("按上次排版位于第二页")
    third = doc.add_paragraph("仍在第二页，行末有自然分页")
    third.runs[0]._r.append(OxmlElement("w:lastRenderedPageBreak"))
    doc.add_paragraph("第三页内容")
    path = tmp_path / "rendered.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    assert {b.text: b.page for b in blocks(pages)} == {
        "第一页内容": 1,
        "按上次排版位于第二页": 2,
        "仍在第二页，行末有自然分页": 2,
        "第三页内容": 3,
    }


def test_heading_styles_by_chinese_name_and_outline_level(tmp_path: Path) -> None:
    doc = docx.Document()
    chinese = doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    outlined = doc.styles.add_style("章节标题", WD_STYLE_TYPE.PARAGRAPH)
    ppr = outlined.element.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    ppr.append(level)
    doc.add_paragraph("（一）中文样式标题", style=chinese)
    doc.add_paragraph("二、大纲级别标题", style=outlined)
    doc.add_paragraph("普通正文。")
    path = tmp_path / "styles.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    found = [(type(b).__name__, getattr(b, "level", None)) for b in blocks(pages)]
    assert found == [("Heading", 3), ("Heading", 2), ("Paragraph", None)]


def test_title_and_caption_rows_inside_the_table(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=5, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "某某项目绩效自评表"
    table.cell(1, 0).merge(table.cell(1, 2)).text = "金额单位：万元"
    for j, text in enumerate(["指标", "指标值", "得分"]):
        table.cell(2, j).text = text
    for j, text in enumerate(["数量指标", "≥10个", "10"]):
        table.cell(3, j).text = text
    table.cell(4, 0).merge(table.cell(4, 2)).text = "注：得分为虚构数据。"
    path = tmp_path / "banner.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    t = only_table(pages)
    assert t.title == "某某项目绩效自评表"
    assert t.unit == "万元" and t.caption == ["金额单位：万元"]
    assert t.notes == ["注：得分为虚构数据。"]
    assert t.grid() == [["指标", "指标值", "得分"], ["数量指标", "≥10个", "10"]]


def test_multi_paragraph_cells_join_like_wrapped_lines(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    cell = table.cell(0, 0)
    cell.text = "附属单位"
    cell.add_paragraph("上缴收入")
    table.cell(0, 1).text = "合计"
    table.cell(1, 0).text = "12.00"
    table.cell(1, 1).text = "12.00"
    path = tmp_path / "cells.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    assert only_table(pages).rows[0].cells[0].text == "附属单位上缴收入"


def test_one_column_frame_table_reads_as_paragraphs(tmp_path: Path) -> None:
    doc = docx.Document()
    frame = doc.add_table(rows=2, cols=1)
    frame.cell(0, 0).text = "框内第一段说明文字。"
    frame.cell(1, 0).text = "框内第二段说明文字。"
    path = tmp_path / "frame.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    assert [(type(b).__name__, b.text) for b in blocks(pages)] == [
        ("Paragraph", "框内第一段说明文字。"),
        ("Paragraph", "框内第二段说明文字。"),
    ]


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    doc = docx.Document()
    p = doc.add_paragraph("支出合计")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "99.00"
    run.append(text)
    deleted.append(run)
    inserted = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "12.00"
    run.append(text)
    inserted.append(run)
    p._p.append(deleted)
    p._p.append(inserted)
    path = tmp_path / "revisions.docx"
    doc.save(path)
    pages, warnings = read_docx(path, LIMITS)
    assert [b.text for b in blocks(pages)] == ["支出合计12.00"]
    assert any("修订" in w for w in warnings)


def test_tabs_and_soft_breaks(tmp_path: Path) -> None:
    doc = docx.Document()
    p = doc.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    path = tmp_path / "breaks.docx"
    doc.save(path)
    pages, _ = read_docx(path, LIMITS)
    (paragraph,) = blocks(pages)
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "第一行第二行"
    assert [line.text for line in paragraph.lines] == ["第一行", "第二行"]


def test_corrupt_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    good = tmp_path / "good.docx"
    docx.Document().save(good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(InputError) as info:
        read_docx(path, LIMITS)
    assert re.search(r"[\u4e00-\u9fff]", info.value.message) and "\n" not in info.value.message


def test_guard_runs_first(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(InputError, match="PDF"):
        read_docx(path, LIMITS)
