"""The downloadable renderings of a review, on the real example reports: HTML, DOCX, XLSX, annotated PDF."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from markupsafe import escape
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

import tools.profiles
from agent.api import review_with_commentary
from tools.errors import InputError
from tools.findings import FindingsReport
from tools.outputs import FORMATS, MEDIA_TYPES, SUFFIXES, render_output
from tools.outputs.pdf import to_pdf_rect
from tools.render import review_text
from tools.review import review

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "examples" / "example-review.pdf"
DOCX = ROOT / "examples" / "example-final-accounts.docx"
XLSX = ROOT / "examples" / "example-final-accounts.xlsx"
HOSTILE = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def reviewed():
    return review_with_commentary(PDF, tools.profiles.load("national"))


@pytest.fixture(scope="module")
def report(reviewed) -> FindingsReport:
    return reviewed.report


@pytest.fixture(scope="module")
def docx_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean DOCX example with one 公开表 amount changed, so it has findings (and no page boxes)."""
    out = tmp_path_factory.mktemp("docx") / "mutated-final-accounts.docx"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert blob.count(b">23.26<") == 1
                blob = blob.replace(b">23.26<", b">99.99<")
            dst.writestr(info, blob)
    return out


@pytest.fixture(scope="module")
def docx_report(docx_original: Path) -> FindingsReport:
    return review_with_commentary(docx_original, tools.profiles.load("national")).report


def _replace_finding(report: FindingsReport, index: int, **changes) -> FindingsReport:
    findings = list(report.findings)
    f = findings[index]
    loc_changes = {k: changes.pop(k) for k in list(changes) if k in ("page", "bbox", "sentence")}
    findings[index] = f.model_copy(update={**changes, "location": f.location.model_copy(update=loc_changes)})
    return report.model_copy(update={"findings": findings})


# ------------------------------------------------------------------ entry point


def test_format_tables_cover_every_format():
    assert set(MEDIA_TYPES) == set(SUFFIXES) == set(FORMATS)
    assert SUFFIXES["xlsx"] == ".xlsx" and MEDIA_TYPES["pdf"] == "application/pdf"


def test_unknown_format_is_an_input_error_listing_the_formats(report):
    with pytest.raises(InputError) as err:
        render_output(report, "odt")
    assert "odt" in err.value.message and all(f in err.value.message for f in FORMATS)


def test_json_and_markdown_match_the_existing_renderings(reviewed, report):
    assert render_output(report, "json") == report.to_json().encode("utf-8")
    md = render_output(report, "md", document=reviewed.result.document).decode("utf-8")
    assert md == review_text(reviewed.result.document, report, markdown=True)
    assert "识别到的表格" in md


def test_markdown_without_the_document_only_drops_the_tables_section(reviewed, report):
    with_doc = review_text(reviewed.result.document, report, markdown=True)
    without = render_output(report, "md").decode("utf-8")
    assert "识别到的表格" not in without
    dropped = re.sub(r"\n## 识别到的表格（\d+ 张）\n\n(- .*\n)+", "", with_doc, count=1)
    assert without == dropped


# ------------------------------------------------------------------ HTML


def test_html_shows_every_finding_escaped_and_the_commentary(report):
    html = render_output(report, "html").decode("utf-8")
    assert report.summary.error == 4 and report.summary.warning == 8
    for f in report.findings:
        assert str(escape(f.message)) in html
        assert str(escape(f.location.describe())) in html
    for a in report.assessments:
        assert str(escape(a.rationale)) in html
    for d in report.drafts:
        assert str(escape(d.text)) in html
    for heading in ("文档信息", "发现的问题", "原因说明评估", "整改措施", "核对范围", "离线模板"):
        assert heading in html
    assert html.index("错误（4 条）") < html.index("警告（8 条）")


def test_html_escapes_hostile_report_text(report):
    hostile = _replace_finding(report, 0, message=HOSTILE, sentence='<img src=x onerror="alert(1)">')
    html = render_output(hostile, "html").decode("utf-8")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_html_is_self_contained(report):
    html = render_output(report, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""\b(src|href)\s*=""", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html


# ------------------------------------------------------------------ DOCX


def test_docx_opinion_has_sections_findings_table_and_drafts(report):
    data = render_output(report, "docx")
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "关于《明澜市北渚区档案馆2025年度决算公开报告及绩效材料》的审核意见"
    for n, title in enumerate(("基本情况", "审核发现的问题", "问题说明", "原因说明评估", "整改措施（草稿）", "说明")):
        assert f"{'一二三四五六'[n]}、{title}" in texts
    assert "年    月    日" in texts
    findings_table, assessment_table = d.tables
    rows = [[c.text for c in r.cells] for r in findings_table.rows]
    assert rows[0] == ["序号", "严重程度", "规则", "位置", "问题描述", "差额"]
    assert len(rows) == len(report.findings) + 1
    for i, (row, f) in enumerate(zip(rows[1:], report.findings), 1):
        assert row == [str(i), {"error": "错误", "warning": "警告"}[f.severity], f.rule, f.location.describe(),
                       f.message, f.difference or ""]
    assert findings_table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert len(assessment_table.rows) == len(report.assessments) + 1
    assert [c.text for c in assessment_table.rows[0].cells][:4] == ["位置", "事项", "原因原文", "结论"]
    body = "\n".join(texts)
    for draft in report.drafts:
        assert draft.text in body and draft.responsible in body


def test_docx_sets_east_asian_fonts_and_carries_no_clock_time(report):
    data = render_output(report, "docx")
    assert data == render_output(report, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.search(r'w:styleId="Normal".*?w:eastAsia="宋体"', styles, re.S)
    assert "dcterms:created" not in core and "dcterms:modified" not in core


def test_docx_without_commentary_says_so(report):
    bare = report.model_copy(update={"commentary": None, "assessments": [], "drafts": []})
    d = docx.Document(io.BytesIO(render_output(bare, "docx")))
    texts = [p.text for p in d.paragraphs]
    assert "本次审核未生成原因说明评估。" in texts and "本次审核未生成整改措施草稿。" in texts
    assert len(d.tables) == 1


# ------------------------------------------------------------------ XLSX


def _workbook(report: FindingsReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_output(report, "xlsx")))


def test_xlsx_lists_one_filterable_row_per_finding(report):
    wb = _workbook(report)
    assert wb.sheetnames == ["问题清单", "原因评估", "整改措施", "概况"]
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["序号", "编号", "严重程度", "规则", "页码"] and header[-1] == "解释"
    assert ws.max_row == len(report.findings) + 1
    assert ws.auto_filter.ref == f"A1:O{len(report.findings) + 1}"
    assert ws.freeze_panes == "A2"
    for row, f in zip(ws.iter_rows(min_row=2, values_only=True), report.findings):
        assert row[1] == f.id and row[3] == f.rule and row[10] == f.message
        assert row[4] == f.location.page and isinstance(row[4], int)
        assert (row[11], row[12], row[13]) == (f.expected, f.actual, f.difference)
    assert wb["原因评估"].max_row == len(report.assessments) + 1
    assert wb["整改措施"].max_row == len(report.drafts) + 1
    overview = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["错误"] == 4 and overview["警告"] == 8 and overview["单位"] == "明澜市北渚区档案馆"


def test_xlsx_keeps_money_text_and_defuses_formulas(report):
    hostile = _replace_finding(report, 0, message="=cmd|' /C calc'!A0", expected="1,698.08", actual="-0.50",
                               difference="+1.80")
    data = render_output(hostile, "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data))["问题清单"]
    assert ws["K2"].value == "=cmd|' /C calc'!A0" and ws["K2"].data_type == "s"
    assert (ws["L2"].value, ws["M2"].value, ws["N2"].value) == ("1,698.08", "-0.50", "+1.80")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert data == render_output(hostile, "xlsx")


def test_xlsx_drops_characters_a_worksheet_cannot_hold(report):
    # Regression: a control character in the document's text made openpyxl raise IllegalCharacterError.
    hostile = _replace_finding(report, 0, message="坏\x01字\x1f符", actual="\x0b1.80")
    ws = openpyxl.load_workbook(io.BytesIO(render_output(hostile, "xlsx")))["问题清单"]
    assert ws["K2"].value == "坏字符" and ws["M2"].value == "1.80"


# ------------------------------------------------------------------ annotated PDF


def _annotations(data: bytes) -> list[tuple[int, dict]]:
    reader = PdfReader(io.BytesIO(data))
    return [(n, a.get_object()) for n, page in enumerate(reader.pages, 1) for a in page.get("/Annots") or []]


def test_pdf_highlights_every_located_finding_on_its_page(report):
    data = render_output(report, "pdf", source=PDF)
    assert data == render_output(report, "pdf", source=PDF.read_bytes())
    reader = PdfReader(io.BytesIO(data))
    annots = _annotations(data)
    located = [f for f in report.findings if f.location.page and f.location.bbox]
    assert len(located) == len(report.findings) == 12
    highlights = [(n, a) for n, a in annots if a["/Subtype"] == "/Highlight"]
    assert [n for n, _ in highlights] == [f.location.page for f in located]
    colors = {"error": [0.878, 0.0, 0.0], "warning": [1.0, 0.549, 0.0]}
    for (n, a), f in zip(highlights, located):
        mb = reader.pages[n - 1].mediabox
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        assert float(mb.left) <= x0 < x1 <= float(mb.right) and float(mb.bottom) <= y0 < y1 <= float(mb.top)
        assert a["/Contents"].startswith(f"[{'错误' if f.severity == 'error' else '警告'}] {f.rule} ")
        assert f.message in a["/Contents"] and f.location.describe() in a["/Contents"]
        assert [round(float(c), 3) for c in a["/C"]] == colors[f.severity]
    # The first finding, numerically: pdfplumber's top-based bbox flipped on the 841.89 pt A4 page.
    first = located[0]
    bx0, top, bx1, bottom = first.location.bbox
    height = float(reader.pages[first.location.page - 1].mediabox.top)
    rect = [float(v) for v in highlights[0][1]["/Rect"]]
    assert rect == pytest.approx([bx0, height - bottom, bx1, height - top], abs=0.01)


def test_pdf_highlight_lies_over_the_text_pdfplumber_reads(report):
    """Round trip: the words pdfplumber finds inside the highlight are the finding's cell value."""
    data = render_output(report, "pdf", source=PDF)
    f = report.findings[0]
    page, annot = next((n, a) for n, a in _annotations(data) if a["/NM"] == f.id)
    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        p = pdf.pages[page - 1]
        text = p.crop((x0, float(p.height) - y1, x1, float(p.height) - y0)).extract_text()
    assert text.strip() == f.actual


def test_pdf_notes_findings_without_bbox_or_page(report):
    changed = _replace_finding(report, 0, bbox=None)
    changed = _replace_finding(changed, 1, page=None, bbox=None)
    annots = _annotations(render_output(changed, "pdf", source=PDF))
    notes = {a["/NM"]: (n, a) for n, a in annots if a["/Subtype"] == "/Text"}
    no_box, no_page = report.findings[0].id, report.findings[1].id
    assert set(notes) == {no_box, no_page}
    assert notes[no_box][0] == 5 and notes[no_box][1]["/Contents"].startswith("[错误] TBL-004 第5页 / 支出决算表")
    assert notes[no_page][0] == 1 and notes[no_page][1]["/Contents"].startswith("[错误] TBL-004 支出决算表")
    x0, y0, x1, y1 = (float(v) for v in notes[no_box][1]["/Rect"])
    assert x0 < 40 and y1 > 841.89 - 40
    assert sum(1 for _, a in annots if a["/Subtype"] == "/Highlight") == 10


def _drawn_pdf(rotation: int, origin: tuple[float, float]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(400, 300), invariant=1)
    c.drawString(100, 200, "MARK")
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    page = writer.pages[0]
    if origin != (0, 0):
        ox, oy = origin
        page.add_transformation((1, 0, 0, 1, ox, oy))
        page.mediabox.lower_left = (ox, oy)
        page.mediabox.upper_right = (ox + 400, oy + 300)
        page.cropbox = page.mediabox
    if rotation:
        page.rotate(rotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("origin", [(0, 0), (30, 50)])
def test_pdf_coordinates_invert_pdfplumber_on_rotated_and_offset_pages(rotation, origin):
    data = _drawn_pdf(rotation, origin)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    assert sorted(c["text"] for c in chars) == sorted("MARK")
    box = (min(c["x0"] for c in chars), min(c["top"] for c in chars),
           max(c["x1"] for c in chars), max(c["bottom"] for c in chars))
    x0, y0, x1, y1 = to_pdf_rect(PdfReader(io.BytesIO(data)).pages[0], box)
    # The string was drawn with its baseline at (100, 200) of the unrotated page, shifted by the origin.
    ox, oy = origin
    assert x0 == pytest.approx(100 + ox, abs=1.0) and x1 - x0 == pytest.approx(30, abs=6)
    assert y0 < 200 + oy + 4 < y1 and y1 - y0 < 16


@pytest.mark.parametrize("source, kind", [(DOCX, "DOCX"), (XLSX, "XLSX"), (DOCX.with_suffix(".txt"), "TXT")])
def test_pdf_from_a_non_pdf_source_is_an_input_error(report, source, kind):
    with pytest.raises(InputError) as err:
        render_output(report, "pdf", source=source)
    assert err.value.message == f"批注版 PDF 只能从 PDF 原件生成（本文件为 {kind}）"


def test_pdf_sniffs_non_pdf_bytes_and_needs_a_source(report):
    with pytest.raises(InputError, match="本文件为 DOCX"):
        render_output(report, "pdf", source=DOCX.read_bytes())
    with pytest.raises(InputError, match="需要 PDF 原件"):
        render_output(report, "pdf")


def test_pdf_from_an_encrypted_source_is_an_input_error(report):
    writer = PdfWriter(clone_from=PdfReader(PDF))
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match="已加密"):
        render_output(report, "pdf", source=out.getvalue())


def test_pdf_from_a_corrupt_source_is_an_input_error(report):
    corrupt = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n" + bytes(range(256)) * 8
    matching = report.model_copy(
        update={"document": report.document.model_copy(update={"sha256": hashlib.sha256(corrupt).hexdigest()})}
    )
    with pytest.raises(InputError, match="损坏或无法解析"):
        render_output(matching, "pdf", source=corrupt)


def test_pdf_from_a_different_file_is_refused(report):
    other = ROOT / "examples" / "example-final-accounts.pdf"
    with pytest.raises(InputError, match="与审核结果不符"):
        render_output(report, "pdf", source=other)


# ------------------------------------------------------------------ a DOCX original (no page boxes)


def test_docx_original_renders_to_docx_xlsx_and_html(docx_report, docx_original):
    assert docx_report.summary.error == 3 and all(f.location.bbox is None for f in docx_report.findings)
    d = docx.Document(io.BytesIO(render_output(docx_report, "docx")))
    assert len(d.tables[0].rows) == len(docx_report.findings) + 1
    ws = openpyxl.load_workbook(io.BytesIO(render_output(docx_report, "xlsx")))["问题清单"]
    assert ws.max_row == len(docx_report.findings) + 1
    html = render_output(docx_report, "html").decode("utf-8")
    assert all(str(escape(f.message)) in html for f in docx_report.findings)
    with pytest.raises(InputError, match="本文件为 DOCX"):
        render_output(docx_report, "pdf", source=docx_original)


def test_clean_docx_and_a_report_without_coverage_still_render():
    clean = review(DOCX).report
    assert clean.findings == []
    empty = clean.model_copy(update={"coverage": None})
    assert "未发现问题" in render_output(empty, "html").decode("utf-8")
    assert "经审核，未发现问题。" in [p.text for p in docx.Document(io.BytesIO(render_output(empty, "docx"))).paragraphs]
    ws = openpyxl.load_workbook(io.BytesIO(render_output(empty, "xlsx")))["问题清单"]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:O1"
