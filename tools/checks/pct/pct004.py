"""PCT-004: no finite percentage on a zero base ("增长100%" when the prior year was 0)."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, amount_text, rule
from tools.checks.nar._common import stated_amount
from tools.findings import Finding
from tools.tolerance import Interval


@rule("PCT-004", "percent.zero_base", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """上年数或预算数为零时不应计算增长率或完成率，应表述为“新增”或“年初未安排预算”。

    Trigger: (a) a year-on-year increase whose change equals the current amount ("本年105.60万元，
    增加105.60万元，增长100.00%": the prior year was 0) still states a rate; (b) a claim whose
    预算 is 0 states a completion rate or a rate of change against the budget ("年初预算为0万元，
    …完成年初预算的94.93%").

    Why it matters: a ratio to zero is undefined; "增长100%" on a zero base is template arithmetic
    and tells the reader the spending doubled when it is new.

    Example: pass — "年初预算为0万元，支出决算为57.60万元，年初无预算"; "本年新增". fail — a
    department founded this year writing "增加88.21万元，增长100.00%" for every comparison.

    Configuration: none. Equality of the change and the current amount is judged on their
    intervals, so a 0.01 rounding gap still counts as a zero base.
    """
    for claim in ctx.accounts.claims:
        current = stated_amount(claim)
        if (
            claim.budget is not None
            and claim.budget.value == 0
            and claim.compared_with != "prior_year"
        ):
            for num, what in (
                (claim.completion, "完成率"),
                (claim.change_pct, "变动幅度"),
            ):
                if num is None:
                    continue
                kind = claim.budget_kind or "年初预算"
                yield Finding(
                    rule="PCT-004",
                    severity="warning",
                    message=(
                        f"情况说明“{claim.subject}”{kind}为{amount_text(claim.budget)}万元，"
                        f"却给出{what}{amount_text(num)}%；预算为零时比例无意义，应表述为“年初未安排预算”。"
                    ),
                    location=claim.location(),
                    expected="不计算比例",
                    actual=f"{amount_text(num)}%",
                    evidence=[claim.sentence],
                )
                break
            continue
        if (
            claim.compared_with != "budget"
            and claim.direction == "increase"
            and claim.change is not None
            and claim.change_pct is not None
            and current is not None
            and current.value != 0
            and (Interval.of(current) - Interval.of(claim.change)).contains_zero()
        ):
            yield Finding(
                rule="PCT-004",
                severity="warning",
                message=(
                    f"情况说明“{claim.subject}”本年{amount_text(current)}万元、增加{amount_text(claim.change)}万元，"
                    f"上年数为0，却写“增长{amount_text(claim.change_pct)}%”；应表述为“新增”。"
                ),
                location=claim.location(),
                expected="新增",
                actual=f"增长{amount_text(claim.change_pct)}%",
                evidence=[claim.sentence],
            )
