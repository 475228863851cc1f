"""PERF-020: the 绩效自评情况汇总表 agrees with the attached forms."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, related, rule
from tools.checks.perf._common import clean, form_location, shown
from tools.findings import Finding
from tools.performance.model import SelfEvaluationForm, SummaryRow
from tools.tolerance import fmt, quantize


def same_project(row: SummaryRow, form: SelfEvaluationForm) -> bool:
    a, b = clean(row.project), clean(form.project)
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)))


@rule("PERF-020", "performance.summary_vs_forms", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """绩效自评情况汇总表中每个项目的自评得分应等于所附自评表的总分，汇总表应列出所附的每一张自评表。

    Trigger: a summary row whose project matches an attached form (same name, or one name inside
    the other) with a different score (error); an attached form missing from the summary (warning).
    Summary rows without an attached form are not faulted: forms are often published separately.

    Why it matters: the summary is what the 决算 text and the 主管部门 read; a score copied wrongly
    (98.5 for 98.6) or a form left out makes the two disagree.

    Example: pass — summary 87.4, form total 87.4. fail — summary 98.5, form total 98.6.

    Configuration: none.
    """
    forms = ctx.performance.forms
    for summary in ctx.performance.summaries:
        matched: set[int] = set()
        for row in summary.rows:
            hits = [i for i, f in enumerate(forms) if same_project(row, f)]
            exact = [i for i in hits if clean(forms[i].project) == clean(row.project)]
            hits = exact or hits
            if len(hits) != 1:
                continue
            form = forms[hits[0]]
            matched.add(hits[0])
            if row.score is None or form.total_score is None:
                continue
            # A copied score must be the same figure; only a summary printed with fewer decimals may round.
            want = quantize(form.total_score.value, min(row.score.decimals, form.total_score.decimals))
            if row.score.value == want:
                continue
            decimals = max(row.score.decimals, form.total_score.decimals)
            yield Finding(
                rule="PERF-020",
                severity="error",
                message=(
                    f"{summary.title}“{row.project}”自评得分为{shown(row.score)}，"
                    f"{form.label}总分为{shown(form.total_score)}，两者不一致。"
                ),
                location=row.location("自评得分"),
                expected=shown(form.total_score),
                actual=shown(row.score),
                difference=fmt(abs(row.score.value - form.total_score.value), decimals),
                related=[related(form_location(form, "得分"))],
            )
        for i, form in enumerate(forms):
            if i in matched or not form.project:
                continue
            yield Finding(
                rule="PERF-020",
                severity="warning",
                message=f"{form.label}未列入{summary.title}。",
                location=summary.location(),
                expected=form.project,
                actual="未列入",
                related=[related(form_location(form))],
            )
