"""EVAL-005: every deduction is explained in the analysis."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.evaluation._common import children, framework, key, label, shown
from tools.findings import Finding
from tools.text import normalize


@rule("EVAL-005", "evaluation.deductions_explained", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """评分表中每一处扣分都应在指标分析中说明扣分理由。

    Trigger: a lowest-level indicator of the scoring table scores below its weight and the report's
    text outside the tables never names it (by its name, ignoring 项目/指标/完成情况).

    Why it matters: report-quality sheets ask that each deduction be supported by data or an example;
    an unexplained deduction cannot be contested or acted upon.

    Example: pass — 实用新型授权 0 of 5, explained in 指标分析 (不再补助). warning — 档案管理 0.5 of 1 and
    the text never mentions 档案.

    Configuration: none.
    """
    for report in ctx.performance.reports:
        table = framework(report)
        if table is None:
            continue
        text = key("".join(normalize(s.title + s.text) for s in report.sections))
        for item in table.items:
            if children(table, item) or item.score is None or item.weight is None:
                continue
            if item.score.value >= item.weight.value:
                continue
            k = key(item.name)
            if k and (k in text or (len(k) >= 4 and k[:4] in text)):
                continue
            yield Finding(
                rule="EVAL-005",
                severity="warning",
                message=f"{label(report)}“{item.name}”扣分（{shown(item.score)}/{shown(item.weight)}），正文未说明扣分理由。",
                location=item.location("得分"),
                expected="说明扣分理由",
                actual=f"{shown(item.score)}/{shown(item.weight)}",
            )
