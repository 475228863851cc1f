"""PERF-012: a deviation reason is specific and does not contradict the numbers."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import where
from tools.findings import Finding
from tools.performance.judge import judge
from tools.performance.wording import claims_achieved, vague_reason


@rule("PERF-012", "performance.reason_quality", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """指标的偏差原因应具体（点明政策、时间、数量或金额等因素），不能只是套话，也不能与数字矛盾。

    Trigger: an indicator's own reason cell (a) holds only stock phrases (the profile's
    `vague_reasons`, e.g. 政策原因, 资金较小, 宣传不足) once generic words and the indicator name are
    removed; (b) is short and names no concrete factor (no number, document, date); or (c) says the
    target was reached (已完成, 超额完成) while the printed values miss it.

    Why it matters: the rule catalog's criteria — a reason must name the driver and quantify it;
    "政策原因" alone tells the 主管部门 neither which policy nor how much of the gap it explains.

    Example: pass — '2024年6月起按新办法只补助发明专利，实用新型136件不再补助，少支出6.80万元'.
    warning — '资金较小、宣传不足'; '政策原因；不再奖励'.

    Configuration: `vague_reasons` in the review profile.
    """
    stock = ctx.profile.vague_reasons
    for form in ctx.performance.forms:
        for ind in form.indicators:
            reason = (ind.reason or "").strip()
            if not reason:
                continue
            j = judge(ind)
            if j.outcome == "unmet" and claims_achieved(reason):
                problem = "称已完成，但实际完成值未达到指标值"
            else:
                problem = vague_reason(reason, ind.name, stock)
            if problem is None:
                continue
            yield Finding(
                rule="PERF-012",
                severity="warning",
                message=f"{form.label}“{ind.name}”的原因说明“{reason}”{problem}。",
                location=where(form, ind, "未完成原因分析"),
                expected="说明具体原因（政策文件、时间、数量或金额）",
                actual=reason,
            )
