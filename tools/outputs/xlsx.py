"""The filterable findings list (openpyxl): 问题清单, 原因评估, 整改措施, 概况."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tools.findings import FindingsReport
from tools.outputs import labels
from tools.outputs.package import deterministic

# (header, width in characters); long texts wrap.
FINDING_COLUMNS = (
    ("序号", 6), ("编号", 18), ("严重程度", 9), ("规则", 10), ("页码", 6), ("表格", 24), ("行", 24), ("列", 16),
    ("章节", 24), ("原文句子", 48), ("问题描述", 56), ("期望值", 14), ("实际值", 14), ("差额", 12), ("解释", 56),
)
ASSESSMENT_COLUMNS = (
    ("序号", 6), ("编号", 18), ("类别", 14), ("事项", 30), ("页码", 6), ("位置", 30), ("数字", 40),
    ("原因原文", 48), ("结论", 10), ("缺少的要素", 14), ("评估理由", 56), ("来源", 14),
)
DRAFT_COLUMNS = (
    ("序号", 6), ("事项", 30), ("页码", 6), ("位置", 30), ("对应问题编号", 20), ("问题", 48), ("原因", 40),
    ("整改措施", 56), ("责任", 24), ("时限", 24), ("全文", 64), ("来源", 14),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_WRAP = Alignment(wrap_text=True, vertical="top")


def render_xlsx(report: FindingsReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    rows = []
    for i, f in enumerate(report.findings, 1):
        loc = f.location
        rows.append([
            i, f.id, labels.SEVERITY_LABELS[f.severity], f.rule, loc.page, loc.table, loc.row, loc.column,
            loc.section, loc.sentence, f.message, f.expected, f.actual, f.difference,
            f.explanation.text if f.explanation else None,
        ])
    _sheet(ws, FINDING_COLUMNS, rows)
    if report.assessments:
        _sheet(wb.create_sheet("原因评估"), ASSESSMENT_COLUMNS, [
            [i, a.id, labels.KIND_CN[a.kind], a.subject, a.location.page, a.location.describe(), "；".join(a.facts),
             a.reason if a.reason else "（未说明）", a.verdict, "、".join(a.missing), a.rationale,
             labels.source_text(a.source)]
            for i, a in enumerate(report.assessments, 1)
        ])
    if report.drafts:
        _sheet(wb.create_sheet("整改措施"), DRAFT_COLUMNS, [
            [i, d.subject, d.location.page, d.location.describe(), "、".join(d.findings), d.problem, d.cause,
             "\n".join(f"{k}. {m}" for k, m in enumerate(d.measures, 1)), d.responsible, d.deadline, d.text,
             labels.source_text(d.source)]
            for i, d in enumerate(report.drafts, 1)
        ])
    _overview(wb.create_sheet("概况"), report)
    wb.properties.creator = "fiscal-review"
    out = io.BytesIO()
    wb.save(out)
    return deterministic(out.getvalue())


def _overview(ws: Worksheet, report: FindingsReport) -> None:
    d, s = report.document, report.summary
    rows = [
        ["标题", labels.opinion_title(report)],
        ["文件", labels.file_name(report)],
        ["文档类型", labels.KIND_LABELS[d.kind]],
        ["单位", d.unit or "未识别"],
        ["年度", d.year],
        ["页数", d.pages],
        ["规则配置", d.profile],
        ["SHA-256", d.sha256],
        ["错误", s.error],
        ["警告", s.warning],
        ["提示", s.info],
        ["问题合计", len(report.findings)],
    ]
    if report.commentary is not None:
        rows.append(["解释与草稿来源", labels.commentary_who(report.commentary)])
        rows += [["注", n] for n in report.commentary.notes]
    rows += [["核对范围", line] for line in labels.coverage_lines(report.coverage)]
    rows += [["读取提示", w] for w in report.warnings]
    _sheet(ws, (("项目", 16), ("内容", 90)), rows, table=False)


def _sheet(ws: Worksheet, columns, rows: list[list], table: bool = True) -> None:
    ws.append([name for name, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in rows:
        ws.append([None] * len(values))
        for cell, value in zip(ws[ws.max_row], values):
            _put(cell, value)
    for j, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    if table:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"


def put_value(cell, value) -> None:
    """Numbers stay numbers (序号, 页码); every text is stored as text, never as a formula or a float.

    Text comes from the reviewed document, so it may hold control characters XML cannot carry
    (dropped) or start like a formula: openpyxl turns a leading '=' into one, so a forced string
    type plus Excel's quote prefix keeps '=cmd|…', '+1', '-2', '@x' inert even when a user later
    edits the cell.
    """
    if value is None or value == "":
        return
    if isinstance(value, int):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text[:1] in FORMULA_START:
        cell.quotePrefix = True


def _put(cell, value) -> None:
    put_value(cell, value)
    if value not in (None, "") and not isinstance(value, int):
        cell.alignment = _WRAP
