"""EVAL-001: an evaluation report has the required sections and elements."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.evaluation._common import label
from tools.findings import Finding, Location
from tools.text import normalize


@rule("EVAL-001", "evaluation.sections", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """绩效评价报告应包含基本情况、评价工作开展情况、综合评价及结论、指标分析、经验做法、问题及原因、建议、其他需要说明的问题等部分，并写明被评价单位、项目、评价机构和日期。

    Trigger: no heading of the report contains any keyword of a required section (profile
    `evaluation.sections`); error for sections in `evaluation.critical`, warning for the others;
    info for a missing element (project, unit, evaluator, date).

    Why it matters: 财预〔2020〕10号 附件 sets the report outline; a report without its conclusion,
    analysis or recommendations cannot be used to adjust next year's budget.

    Example: pass — 一、基本情况 … 七、其他需要说明的问题. fail — no 问题 section; no 评价机构 named.

    Configuration: `evaluation.sections`, `evaluation.critical` in the review profile.
    """
    conf = ctx.profile.evaluation
    for report in ctx.performance.reports:
        heads = [normalize(s.title).replace(" ", "") for s in report.sections]
        where = Location(page=report.page, table=None, section=report.title)
        for name, words in conf.sections.items():
            if any(w in h for h in heads for w in words):
                continue
            critical = name in conf.critical
            yield Finding(
                rule="EVAL-001",
                severity="error" if critical else "warning",
                message=f"{label(report)}缺少“{name}”部分。",
                location=where,
                expected=name,
                actual="未找到",
                evidence=[f"报告各级标题：{'；'.join(s.title for s in report.sections[:30])}"],
            )
        elements = {"被评价项目": report.project, "被评价单位": report.unit, "评价机构": report.evaluator, "报告日期": report.date}
        for name, value in elements.items():
            if value:
                continue
            yield Finding(
                rule="EVAL-001",
                severity="info",
                message=f"{label(report)}未写明{name}。",
                location=where,
                expected=name,
                actual="未写明",
            )
