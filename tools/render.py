"""Plain-text, Markdown and JSON renderings of a review and of an extracted document."""

from __future__ import annotations

import json

from tools.document import Document, Heading, Paragraph, Table
from tools.findings import FindingsReport
from tools.render_commentary import commentary_text, explanation_lines, nested

KIND_LABELS = {
    "final_accounts": "部门/单位决算公开报告",
    "performance_self_evaluation": "预算项目绩效自评表",
    "evaluation_report": "绩效评价报告",
    "mixed": "混合文档（含多种报告）",
    "unknown": "未能识别",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def review_text(doc: Document | None, report: FindingsReport, markdown: bool = False) -> str:
    """Human summary: what the document is, which tables were found where, then the findings.

    Without the extracted document (a stored report rendered later) the recognised-tables section is left out.
    """
    d = report.document
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  ")
    sub = nested(bullet)
    lines = [f"{h1}审核结果：{d.path}", ""]
    lines.append(f"{bullet}文档类型：{KIND_LABELS[d.kind]}")
    lines.append(f"{bullet}页数：{d.pages}")
    lines.append(f"{bullet}单位：{d.unit or '未识别'}；年度：{d.year or '未识别'}；规则配置：{d.profile}")
    if doc is not None:
        lines += _tables_lines(doc, h2, bullet)
    cov = report.coverage
    if d.scoring:
        lines += ["", f"{h2}绩效自评表评分规则", ""]
        for use in d.scoring:
            basis = f"依据表内说明“{use.evidence}”" if use.evidence else "表内未印评分说明，按默认口径"
            where = f"（第{use.page}页）" if use.page else ""
            lines.append(f"{bullet}{use.form}{where}：{use.profile} {use.title}；{basis}")
    if cov is not None and (cov.forms or cov.summary_rows or cov.reports):
        lines += ["", f"{h2}绩效文档核对范围", ""]
        lines.append(
            f"{bullet}绩效自评表 {cov.forms} 张（指标 {cov.indicators} 项），汇总表项目 {cov.summary_rows} 行，"
            f"绩效评价报告 {cov.reports} 份（评分表得分 {cov.score_items} 项，正文得分表述 {cov.score_statements} 处）"
        )
    if cov is not None and cov.tables:
        lines += ["", f"{h2}核对范围", ""]
        lines.append(f"{bullet}识别公开表 {len(cov.tables)} 张（其中空表 {len(cov.empty_tables)} 张），读取金额 {cov.cells} 格"
                     + (f"，另有 {cov.unreadable_cells} 格不是数字、无法核对" if cov.unreadable_cells else ""))
        lines.append(
            f"{bullet}情况说明中的数字陈述 {cov.claims} 条，其中 {cov.linked_claims} 条已对应到表格单元格并与之核对；"
            f"其余 {cov.claims - cov.linked_claims} 条没有唯一对应的表格数字（政府采购、资产、绩效、车辆等，"
            "或科目名称与表格不一致），只核对百分比、增减额等内部关系"
        )
    s = report.summary
    lines += ["", f"{h2}发现的问题：错误 {s.error} 条，警告 {s.warning} 条，提示 {s.info} 条", ""]
    if not report.findings:
        lines.append(f"{bullet}未发现问题。")
    for f in report.findings:
        loc = f.location.describe()
        lines.append(f"{bullet}[{SEVERITY_LABELS[f.severity]}] {f.rule} {loc}：{f.message}")
        if f.location.sentence:
            lines.append(f"{sub}原文：{f.location.sentence}")
        for r in f.related:
            lines.append(f"{sub}对照：{r.describe()}")
        if f.explanation is not None:
            lines += explanation_lines(f.explanation, sub, f.message)
    return "\n".join(lines) + "\n" + commentary_text(report, markdown)


def _tables_lines(doc: Document, h2: str, bullet: str) -> list[str]:
    tables = doc.tables()
    lines = ["", f"{h2}识别到的表格（{len(tables)} 张）", ""]
    for i, t in enumerate(tables, 1):
        pages = "、".join(str(p) for p in t.pages)
        label = t.title or "（无标题表格）"
        extra = [x for x in (t.number, f"单位：{t.unit}" if t.unit else None) if x]
        body = len(t.body_rows)
        lines.append(f"{bullet}{i}. {label}（第{pages}页，{body} 行数据{'，' + '，'.join(extra) if extra else ''}）")
    return lines


def document_json(doc: Document, page: int | None = None) -> str:
    data = doc.model_dump(mode="json")
    if page is not None:
        data["pages"] = [p for p in data["pages"] if p["number"] == page]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _grid(t: Table) -> list[str]:
    rows = [[c.text.replace("\n", " ") for c in r.cells] for r in t.rows]
    width = max((len(r) for r in rows), default=0)
    widths = [max((_display_width(r[j]) for r in rows if j < len(r)), default=0) for j in range(width)]
    out = []
    for r, row in zip(rows, t.rows):
        cells = [c + " " * (widths[j] - _display_width(c)) for j, c in enumerate(r)]
        mark = "H" if row.header else " "
        out.append(f"  {mark} p{row.page:<3}| " + " | ".join(cells))
    return out


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def document_text(doc: Document, page: int | None = None) -> str:
    """Everything extraction produced, page by page, tables as aligned grids."""
    lines = [f"文件：{doc.path}（{doc.format}，{len(doc.pages)} 页）"]
    for w in doc.warnings:
        lines.append(f"! {w.message}")
    for p in doc.pages:
        if page is not None and p.number != page:
            continue
        lines.append("")
        lines.append(f"===== 第{p.number}页 =====" + ("（无文字层）" if not p.has_text else ""))
        for b in p.blocks:
            if isinstance(b, Heading):
                lines.append(f"{'#' * b.level} {b.text}")
            elif isinstance(b, Paragraph):
                lines.append(b.text)
            else:
                pages = "、".join(str(x) for x in b.pages)
                meta = "；".join(x for x in (b.number, f"单位：{b.unit}" if b.unit else None,
                                            None if b.ruled else "无框线表格") if x)
                lines.append(f"[表格] {b.title or '（无标题）'}（第{pages}页{'；' + meta if meta else ''}）")
                lines.append("  列：" + "；".join(f"{c.index}={c.label or '-'}" for c in b.columns))
                lines.extend(_grid(b))
                for n in b.notes:
                    lines.append(f"  {n}")
    return "\n".join(lines) + "\n"
