"""Chinese wording shared by the HTML, DOCX, XLSX and PDF renderings, so they name things alike."""

from __future__ import annotations

from pathlib import PurePath

from tools.commentary import CommentaryInfo, Source
from tools.findings import Coverage, Finding, FindingsReport
from tools.render import KIND_LABELS, SEVERITY_LABELS
from tools.render_commentary import KIND_CN

__all__ = ["KIND_CN", "KIND_LABELS", "SEVERITY_LABELS"]

SEVERITIES = ("error", "warning", "info")

# What the reviewed document is called in a title ("关于《…》的审核意见").
_TITLE_NOUNS = {
    "final_accounts": "决算公开报告",
    "performance_self_evaluation": "预算项目绩效自评表",
    "evaluation_report": "绩效评价报告",
    "mixed": "决算公开报告及绩效材料",
}


def file_name(report: FindingsReport) -> str:
    # PurePath copes with both separators, so a Windows path stored by the web app still shows its name.
    return PurePath(report.document.path.replace("\\", "/")).name or report.document.path


def document_title(report: FindingsReport) -> str:
    """'明澜市北渚区档案馆2025年度决算公开报告', or the file name when the kind is unknown."""
    d = report.document
    noun = _TITLE_NOUNS.get(d.kind)
    if noun is None:
        return PurePath(file_name(report)).stem
    year = f"{d.year}年度" if d.year else ""
    return f"{d.unit or ''}{year}{noun}"


def opinion_title(report: FindingsReport) -> str:
    return f"关于《{document_title(report)}》的审核意见"


def counts_text(report: FindingsReport) -> str:
    s = report.summary
    return f"错误 {s.error} 条，警告 {s.warning} 条，提示 {s.info} 条"


def finding_head(f: Finding) -> str:
    """'[错误] TBL-004 第5页 / 支出决算表 / …：message' — the one-line form used in notes and comments."""
    return f"[{SEVERITY_LABELS[f.severity]}] {f.rule} {f.location.describe()}：{f.message}"


def group_name(f: Finding) -> str:
    """The table or section a finding belongs to, for grouping."""
    return f.location.table or f.location.section or "其他"


def grouped(report: FindingsReport) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
    """Findings by severity, then by table/section in order of first appearance (the report is page-sorted)."""
    out = []
    for sev in SEVERITIES:
        groups: dict[str, list[Finding]] = {}
        for f in report.findings:
            if f.severity == sev:
                groups.setdefault(group_name(f), []).append(f)
        if groups:
            out.append((sev, list(groups.items())))
    return out


def commentary_who(info: CommentaryInfo) -> str:
    return {"template": "离线模板", "model": f"模型 {info.model}", "mixed": f"模型 {info.model} 与离线模板"}[info.source]


def source_text(source: Source) -> str:
    """'模板' / '模型 deepseek-chat（DeepSeek）' / '模板（超时）' for a table cell."""
    if source.kind == "model":
        return f"模型 {source.model}"
    return f"模板（{source.note}）" if source.note else "模板"


def coverage_lines(cov: Coverage | None) -> list[str]:
    """What the rules looked at, one sentence per document family."""
    if cov is None:
        return ["本文件不是决算公开报告或绩效文档，未做数据核对。"]
    lines = []
    if cov.tables:
        line = f"识别公开表 {len(cov.tables)} 张（其中空表 {len(cov.empty_tables)} 张），读取金额 {cov.cells} 格"
        if cov.unreadable_cells:
            line += f"，另有 {cov.unreadable_cells} 格不是数字、无法核对"
        lines.append(line + "。")
        lines.append(
            f"情况说明中的数字陈述 {cov.claims} 条，其中 {cov.linked_claims} 条已对应到表格单元格并与之核对；"
            f"其余 {cov.claims - cov.linked_claims} 条只核对百分比、增减额等内部关系。"
        )
    if cov.forms or cov.summary_rows or cov.reports:
        lines.append(
            f"绩效自评表 {cov.forms} 张（指标 {cov.indicators} 项），汇总表项目 {cov.summary_rows} 行，"
            f"绩效评价报告 {cov.reports} 份（评分表得分 {cov.score_items} 项，正文得分表述 {cov.score_statements} 处）。"
        )
    return lines or ["未识别到可核对的表格或指标。"]
