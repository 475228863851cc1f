"""PCT-002: "增加/减少A万元，增长/下降B%" — A and B agree with the amounts and with each other."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Claim
from tools.checks.base import Context, amount_text, related, rule
from tools.checks.nar._common import stated_amount
from tools.checks.pct._common import of, pct_check
from tools.findings import Finding
from tools.tolerance import Interval, compare, fmt


def prior(claim: Claim) -> tuple[Decimal, Interval] | None:
    """The prior-year figure a year-on-year claim implies: 本年 ∓ 变动额; None when it cannot."""
    current = stated_amount(claim)
    if claim.compared_with == "budget" or current is None or claim.change is None:
        return None
    if claim.direction == "increase":
        return current.value - claim.change.value, Interval.of(current) - Interval.of(
            claim.change
        )
    if claim.direction == "decrease":
        return current.value + claim.change.value, Interval.of(current) + Interval.of(
            claim.change
        )
    return None


def _ref_key(claim: Claim) -> tuple | None:
    r = claim.ref
    return None if r is None else (r.table, r.line, r.column, r.side)


@rule("PCT-002", "percent.change", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """“增加/减少A万元，增长/下降B%”中，A应等于两数之差，B应等于A除以上年数（或预算数）；同一数据的两处表述隐含的上年数应一致。

    Trigger: (a) against the budget: A ≠ |决算 − 预算| or B ≠ A ÷ 预算 beyond rounding; (b) year on
    year: B ≠ A ÷ (本年 − A) for an increase, A ÷ (本年 + A) for a decrease; (c) two year-on-year
    claims about the same table cell imply prior-year figures that cannot be equal (error), or two
    claims of the same fund scope and the same current amount do (warning: check they really are
    different quantities).

    Why it matters: the change and its rate are computed from the same two figures; when they
    disagree, at least one of them was typed or copied wrongly, and readers cannot tell which.

    Example: pass — 机关运行经费286.10, "比年初预算数增加261.30万元，增长1053.63%" (budget 24.80).
    fail — 财政拨款收入2100.00 "增加300万元，增长16.67%" (上年 1800.00) and 财政拨款收、支总计
    2100.00 "各增加250万元，增长13.51%" (上年 1850.00). A rate one last digit off (truncated)
    is a warning; a gap the amount intervals explain is info.

    Configuration: none; tolerance is the interval rule. A zero base gives no finite rate (PCT-004).
    """
    for claim in ctx.accounts.claims:
        final = stated_amount(claim)
        if claim.compared_with == "budget" or (
            claim.compared_with is None and claim.budget is not None
        ):
            if claim.budget is None or final is None:
                continue
            delta_point = abs(final.value - claim.budget.value)
            delta_iv = (Interval.of(final) - Interval.of(claim.budget)).abs()
            if claim.change is not None:
                verdict = compare(claim.change, delta_point, delta_iv)
                if verdict != "equal":
                    diff = claim.change.value - delta_point
                    yield Finding(
                        rule="PCT-002",
                        severity="info" if verdict == "rounding" else "error",
                        message=(
                            f"情况说明“{claim.subject}”变动额为{amount_text(claim.change)}万元，按决算{amount_text(final)}"
                            f"与预算{amount_text(claim.budget)}重算为{fmt(delta_point)}万元"
                            + (
                                "，在四舍五入误差范围内（尾数误差）。"
                                if verdict == "rounding"
                                else "。"
                            )
                        ),
                        location=claim.location(),
                        expected=fmt(delta_point, claim.change.decimals),
                        actual=amount_text(claim.change),
                        difference=fmt(diff, claim.change.decimals),
                        evidence=[claim.sentence],
                    )
            if claim.change_pct is not None and claim.budget.value != 0:
                yield from pct_check(
                    "PCT-002",
                    "error",
                    subject=f"情况说明“{claim.subject}”变动幅度",
                    stated=claim.change_pct,
                    part=(delta_point, delta_iv),
                    whole=of(claim.budget),
                    formula=f"|{amount_text(final)}−{amount_text(claim.budget)}|÷{amount_text(claim.budget)}",
                    location=claim.location(),
                    evidence=[claim.sentence],
                )
            continue
        base = prior(claim)
        if base is None or claim.change_pct is None or base[0] == 0:
            continue
        yield from pct_check(
            "PCT-002",
            "error",
            subject=f"情况说明“{claim.subject}”变动幅度",
            stated=claim.change_pct,
            part=of(claim.change),
            whole=base,
            formula=f"{amount_text(claim.change)}÷上年数{fmt(base[0])}（{amount_text(final)}"
            f"{'−' if claim.direction == 'increase' else '+'}{amount_text(claim.change)}）",
            location=claim.location(),
            evidence=[claim.sentence],
        )
    yield from _implied_priors(ctx)


def _implied_priors(ctx: Context) -> Iterator[Finding]:
    """Pairs of year-on-year claims about the same quantity that imply different prior-year figures."""
    claims = [(c, p) for c in ctx.accounts.claims if (p := prior(c)) is not None]
    reported: set[int] = set()
    for i, (a, pa) in enumerate(claims):
        for b, pb in claims[i + 1 :]:
            if id(b) in reported or pa[1].meets(pb[1]):
                continue
            same_ref = _ref_key(a) is not None and _ref_key(a) == _ref_key(b)
            cur_a, cur_b = stated_amount(a), stated_amount(b)
            same_figure = (
                not same_ref
                and a.scope == b.scope
                and cur_a is not None
                and cur_b is not None
                and cur_a.value == cur_b.value
                and a.subject != b.subject
            )
            if not (same_ref or same_figure):
                continue
            reported.add(id(b))
            severity = "error" if same_ref else "warning"
            tail = (
                "两者不可能同时正确。"
                if same_ref
                else "若两者为同一口径，应核实变动额。"
            )
            yield Finding(
                rule="PCT-002",
                severity=severity,
                message=(
                    f"情况说明“{b.subject}”（本年{amount_text(cur_b)}，变动{amount_text(b.change)}）隐含上年数{fmt(pb[0])}万元，"
                    f"而“{a.subject}”（本年{amount_text(cur_a)}，变动{amount_text(a.change)}）隐含上年数{fmt(pa[0])}万元，{tail}"
                ),
                location=b.location(),
                expected=fmt(pa[0]),
                actual=fmt(pb[0]),
                difference=fmt(pb[0] - pa[0]),
                evidence=[a.sentence, b.sentence],
                related=[related(a.location())],
            )
