"""PERF-013: an improvement measure says what will be done."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import where
from tools.findings import Finding, Location
from tools.performance.judge import judge
from tools.performance.wording import measure_problem

# The blank form's own instruction left in the 说明/问题 box ('请在此处简要说明…如没有请填写无').
_INSTRUCTION = re.compile(r"请在此处|请填写|如没有请填写|如无请填写|此处填写")


@rule("PERF-013", "performance.measure_quality", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """偏差原因分析应包含改进措施：写明做什么、对象是什么，最好有责任单位和时限；只有“加强管理”一类表述的措施视为笼统。

    Trigger: the reason text of an indicator that missed its target or lost points contains no
    action (将, 拟, 加强, 完善, 推进, 开展…), or only generic ones (加强管理, 进一步提高认识, 严格执行
    预算) with nothing concrete left; likewise the form's 存在问题/整改措施 block when it is printed,
    and when that block still holds the blank form's instruction ('请在此处简要说明…').

    Why it matters: the forms ask for "原因及拟采取的措施"; a measure without an object, an owner
    and a date cannot be followed up in the next year's review.

    Example: pass — '由业务科在2025年3月底前与3所高校签订转化协议'. warning — '政策原因；不再奖励'
    (no measure); '进一步加强管理'.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        for ind in form.indicators:
            reason = (ind.reason or "").strip()
            if not reason:
                continue
            lost = ind.weight is not None and ind.score is not None and ind.score.value < ind.weight.value
            if not (lost or judge(ind).outcome == "unmet" or ind.status == "未完成"):
                continue
            problem = measure_problem(reason)
            if problem:
                yield Finding(
                    rule="PERF-013",
                    severity="warning",
                    message=f"{form.label}“{ind.name}”的原因分析“{reason}”{problem}。",
                    location=where(form, ind, "未完成原因分析"),
                    expected="改进措施（做法、对象、责任、时限）",
                    actual=reason,
                )
        text = (form.problems or "").strip()
        if text and text not in ("无", "无。"):
            problem = "仍是填表提示，未填写实际内容" if _INSTRUCTION.search(text) else measure_problem(text)
            if problem:
                at = form.problems_at
                yield Finding(
                    rule="PERF-013",
                    severity="warning",
                    message=f"{form.label}“存在问题及整改措施”{problem}。",
                    location=at.location() if at else Location(table=form.title, page=form.page),
                    expected="改进措施（做法、对象、责任、时限）",
                    actual=text[:80],
                )
