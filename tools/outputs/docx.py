"""The 审核意见书: what a 财政局 sends back to the unit, as a Word document (python-docx)."""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from tools.findings import Finding, FindingsReport
from tools.outputs import labels
from tools.outputs.package import deterministic

BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
NUMERALS = "一二三四五六七八九十"
FINDING_COLUMNS = (("序号", 1.0), ("严重程度", 1.5), ("规则", 2.0), ("位置", 4.0), ("问题描述", 6.0), ("差额", 1.5))
ASSESSMENT_COLUMNS = (("位置", 2.6), ("事项", 2.6), ("原因原文", 3.4), ("结论", 1.3), ("缺少的要素", 1.8), ("评估理由", 4.3))


def render_docx(report: FindingsReport) -> bytes:
    doc = new_document()
    _styles(doc)
    _page_setup(doc)
    doc.core_properties.title = labels.opinion_title(report)
    d = report.document
    _para(doc, labels.opinion_title(report), size=18, bold=True, font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    if d.unit:
        _para(doc, f"{d.unit}：")
    _para(doc, f"你单位报送的《{labels.document_title(report)}》（文件“{labels.file_name(report)}”，共 {d.pages} 页）已收悉。"
               f"经审核，发现{labels.counts_text(report)}。现将审核意见反馈如下，请逐项核实并整改。", indent=True)
    numbers = {f.id: i for i, f in enumerate(report.findings, 1)}
    sections = [
        ("基本情况", lambda: _basics(doc, report)),
        ("审核发现的问题", lambda: _findings_table(doc, report)),
        ("问题说明", lambda: _explanations(doc, report)),
        ("原因说明评估", lambda: _assessments(doc, report)),
        ("整改措施（草稿）", lambda: _drafts(doc, report, numbers)),
        ("说明", lambda: _notes(doc, report)),
    ]
    for n, (title, body) in enumerate(sections):
        doc.add_heading(f"{NUMERALS[n]}、{title}", level=1)
        body()
    _para(doc, "")
    _para(doc, "审核单位（盖章）：", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "年    月    日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return deterministic(out.getvalue())


def _basics(doc, report: FindingsReport) -> None:
    d = report.document
    rows = [
        ("被审核单位", d.unit or "未识别"),
        ("报告年度", f"{d.year}年度" if d.year else "未识别"),
        ("文件名称", labels.file_name(report)),
        ("文档类型", labels.KIND_LABELS[d.kind]),
        ("页数", f"{d.pages} 页"),
        ("审核规则配置", d.profile),
        ("审核发现", f"共 {len(report.findings)} 条：{labels.counts_text(report)}"),
    ]
    for use in d.scoring:
        rows.append(("评分规则", f"{use.form}：{use.title}"))
    for key, value in rows:
        _para(doc, f"{key}：{value}", indent=True)


def _findings_table(doc, report: FindingsReport) -> None:
    if not report.findings:
        _para(doc, "经审核，未发现问题。", indent=True)
        return
    table = _table(doc, FINDING_COLUMNS)
    for i, f in enumerate(report.findings, 1):
        _row(table, [str(i), labels.SEVERITY_LABELS[f.severity], f.rule, f.location.describe(), f.message,
                     f.difference or ""])


def _explanations(doc, report: FindingsReport) -> None:
    if not report.findings:
        _para(doc, "无。", indent=True)
        return
    for i, f in enumerate(report.findings, 1):
        _para(doc, f"{i}. [{labels.SEVERITY_LABELS[f.severity]}] {f.rule}：{f.message}", bold=True)
        for line in _finding_lines(f):
            _para(doc, line, indent=True)


def _finding_lines(f: Finding) -> list[str]:
    lines = [f"位置：{f.location.describe()}"]
    if f.location.sentence:
        lines.append(f"原文：“{f.location.sentence}”")
    lines += [f"对照：{r.describe()}" + (f"：“{r.sentence}”" if r.sentence else "") for r in f.related]
    e = f.explanation
    if e is not None:
        lines.append(f"说明（{labels.source_text(e.source)}）：{e.text}")
        lines.append(f"可能原因：{e.cause}")
        if e.checks:
            lines.append("建议核对：" + "；".join(f"（{k}）{c}" for k, c in enumerate(e.checks, 1)))
    return lines


def _assessments(doc, report: FindingsReport) -> None:
    if report.commentary is None:
        _para(doc, "本次审核未生成原因说明评估。", indent=True)
        return
    if not report.assessments:
        _para(doc, "没有需要评估的原因说明。", indent=True)
        return
    table = _table(doc, ASSESSMENT_COLUMNS)
    for a in report.assessments:
        subject = f"{labels.KIND_CN[a.kind]}：{a.subject}" + (f"（{'；'.join(a.facts)}）" if a.facts else "")
        _row(table, [a.location.describe(), subject, f"“{a.reason}”" if a.reason else "（未说明）", a.verdict,
                     "、".join(a.missing) or "—", a.rationale])


def _drafts(doc, report: FindingsReport, numbers: dict[str, int]) -> None:
    if report.commentary is None:
        _para(doc, "本次审核未生成整改措施草稿。", indent=True)
        return
    if not report.drafts:
        _para(doc, "没有需要整改的问题。", indent=True)
        return
    for i, d in enumerate(report.drafts):
        head = NUMERALS[i] if i < len(NUMERALS) else str(i + 1)
        _para(doc, f"（{head}）{d.subject}", bold=True)
        _para(doc, d.text, indent=True)
        refs = "、".join(str(numbers[x]) for x in d.findings if x in numbers)
        fields = [
            ("对应问题序号", refs),
            ("责任", d.responsible),
            ("时限", d.deadline + ("（建议时限，请结合实际确定）" if d.deadline_suggested else "")),
            ("来源", labels.source_text(d.source)),
        ]
        _para(doc, "；".join(f"{k}：{v}" for k, v in fields if v) + "。", indent=True, size=10.5)


def _notes(doc, report: FindingsReport) -> None:
    info = report.commentary
    lines = []
    if info is None:
        lines.append("本意见书未附问题解释、原因评估与整改措施草稿。")
    else:
        lines.append(f"问题解释、原因说明评估与整改措施草稿由{labels.commentary_who(info)}生成，仅供参考，请审核人员复核后使用。")
        lines += [f"注：{n}" for n in info.notes]
    lines += [f"核对范围：{x}" for x in labels.coverage_lines(report.coverage)]
    lines += [f"读取提示：{w}" for w in report.warnings]
    for n, line in enumerate(lines, 1):
        _para(doc, f"{n}. {line}", indent=True)


# --- formatting -----------------------------------------------------------------------------------------


def _fonts(rpr, east: str, latin: str = LATIN_FONT) -> None:
    """Set explicit fonts; theme attributes would override them, so they go."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), name)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.25
    for name, size in (("Heading 1", 14),):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element.get_or_add_rPr(), HEADING_FONT)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    doc.core_properties.author = "fiscal-review"
    doc.core_properties.comments = ""


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    footer._p.append(page)


def _para(doc, text: str, *, size: float | None = None, bold: bool = False, font: str | None = None,
          align=None, indent: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if font:
        _fonts(run._r.get_or_add_rPr(), font)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(24)
    return p


def _table(doc, columns) -> Table:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    # Repeat the header row at the top of every page the table runs onto.
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for column, cell, (name, width) in zip(table.columns, header.cells, columns):
        column.width = Cm(width)  # the grid, which LibreOffice lays out by
        _cell(cell, name, width, bold=True)
    table._widths = [w for _, w in columns]  # type: ignore[attr-defined]
    return table


def _row(table: Table, texts: list[str]) -> None:
    row = table.add_row()
    for cell, text, width in zip(row.cells, texts, table._widths):  # type: ignore[attr-defined]
        _cell(cell, text, width)


def _cell(cell, text: str, width: float, bold: bool = False) -> None:
    cell.width = Cm(width)
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if bold:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(10.5)
    run.bold = bold or None
