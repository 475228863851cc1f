"""EVAL-006: each problem has a cause and a matching, actionable suggestion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from tools.checks.base import Context, rule
from tools.checks.evaluation._common import label
from tools.findings import Finding, Location
from tools.performance.wording import measure_problem
from tools.text import normalize

_CAUSE = re.compile(r"因|由于|原因|导致|造成|致使|所致")
_STOP = set("的了和与及等在是对为有于将其中进行开展工作项目问题存在方面情况")


def _terms(text: str) -> set[str]:
    """Two-character CJK terms of a text, without the words every problem and suggestion share."""
    chars = [c for c in normalize(text) if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in pairwise(chars) if a not in _STOP and b not in _STOP}


@rule("EVAL-006", "evaluation.problems_and_suggestions", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """评价报告列出的每个问题都应分析原因，并有对应、可操作的建议。

    Trigger: a problem item (存在的问题 text or 问题清单 row) with no cause words (因, 由于, 原因,
    导致…); a problem that no suggestion addresses (no two-character term in common once generic
    words are removed); a report with problems but no suggestion; a suggestion that is only
    "加强管理"-type wording.

    Why it matters: report guides and 财预〔2011〕285号 ask for problem → cause → recommendation; a
    recommendation unrelated to the problem found will not fix it.

    Example: pass — problem '实用新型专利不再补助，预算偏差6.8万元', suggestion '按新办法调整预算，
    将实用新型资金调整用于发明专利'. warning — the only suggestions are about 质押融资 and 创新大赛.

    Configuration: none.
    """
    for report in ctx.performance.reports:
        where = Location(page=report.page, section="存在的问题及原因分析")
        for problem in report.problems:
            if not _CAUSE.search(problem):
                yield Finding(
                    rule="EVAL-006", severity="warning",
                    message=f"{label(report)}问题“{problem[:60]}”未分析原因。",
                    location=where, expected="问题的原因", actual=problem[:80],
                )
            terms = _terms(problem)
            if report.suggestions and not any(len(terms & _terms(s)) >= 2 for s in report.suggestions):
                yield Finding(
                    rule="EVAL-006", severity="warning",
                    message=f"{label(report)}问题“{problem[:60]}”没有对应的建议。",
                    location=where, expected="针对该问题的建议", actual="；".join(s[:30] for s in report.suggestions),
                )
        if report.problems and not report.suggestions:
            yield Finding(
                rule="EVAL-006", severity="warning",
                message=f"{label(report)}列出了{len(report.problems)}个问题，但没有提出建议。",
                location=where.model_copy(update={"section": "有关建议"}), expected="建议", actual="无",
            )
        for s in report.suggestions:
            problem = measure_problem(s)
            if problem and "笼统" in problem:
                yield Finding(
                    rule="EVAL-006", severity="warning",
                    message=f"{label(report)}建议“{s[:60]}”{problem}。",
                    location=where.model_copy(update={"section": "有关建议"}), expected="可操作的建议", actual=s[:80],
                )
