"""DISC-007: the 预算绩效 text states the self-evaluation scope and its results."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, missing_elements, passages
from tools.findings import Finding

_NUM = r"(?:\d+|[零一二两三四五六七八九十百]+)"
ELEMENTS: tuple[tuple[str, str], ...] = (
    (
        "自评项目数",
        rf"{_NUM}\s*个(?:项目|一级项目|二级项目)?|项目{_NUM}\s*个|{_NUM}\s*项",
    ),
    ("涉及资金金额", r"\d[\d,]*(?:\.\d+)?\s*万?元"),
    (
        "覆盖率（占项目支出的比例）",
        r"覆盖|占[^。]{0,30}?\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%",
    ),
    (
        "自评结果（得分或等级）",
        rf"得分|评分|{_NUM}(?:\.\d+)?\s*分|等级|评级|评价结果|结果为|为[“\"]?(?:优|良|中|差)",
    ),
)
_KEYWORDS = ("绩效",)


def _no_project_spending(ctx: Context) -> bool:
    """True when 公开03表 shows no 项目支出 at all: there are no projects to self-evaluate."""
    t03 = ctx.table("T03")
    if t03 is None or t03.empty:
        return False
    total = t03.line("合计")
    column = t03.column("项目支出")
    if total is None or column is None or column in total.unreadable:
        return False
    amount = total.values.get(column)
    return amount is None or amount.value == 0


@rule("DISC-007", "disclosure.performance", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """预算绩效情况应说明绩效自评的范围（项目个数、资金金额、覆盖率）及自评结果。

    Trigger: the 预算绩效 part of the 情况说明 lacks the number of projects evaluated, the money they
    cover, the coverage (share of 项目支出, or '全面开展/全覆盖'), or the results (scores, grades).

    Why it matters: 143号 and 财办预〔2016〕123号 ask departments to publish the scope and results of
    绩效自评; a description of the management system alone says nothing about results.

    Example: pass — '纳入绩效自评的项目17个，涉及预算金额836.20万元 … 平均得分96.40分，评级为“优”的
    项目15个', plus coverage. fail — '本部门建立了预算绩效管理制度，完善内控制度' and nothing else (warning).

    A unit whose 公开03表 shows no 项目支出 has no projects to evaluate and is not asked for them.

    Configuration: `disclosure.performance_elements` (the element names above a province's template asks for).
    """
    if _no_project_spending(ctx):
        return
    for passage in passages(ctx.accounts, _KEYWORDS):
        if (
            passage.heading is None
            and "自评" not in compact(passage.text)
            and "预算绩效" not in compact(passage.text)
        ):
            continue
        flat = compact(passage.text)
        wanted = ctx.profile.disclosure.performance_elements
        missing = [
            name
            for name, pat in ELEMENTS
            if name in wanted and not re.search(pat, flat)
        ]
        yield from missing_elements("DISC-007", "预算绩效", passage, missing)
