"""NAR-012: 政府采购 货物+工程+服务 = 总额; 中小企业 ≤ 总额; 小微 ≤ 中小; 占比 recomputed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Claim, Num
from tools.checks.base import Context, amount_text, related, rule, sum_check
from tools.checks.nar._common import stated_amount
from tools.checks.nar._subjects import is_reserved_budget, procurement_kind
from tools.checks.pct._common import of, pct_check
from tools.findings import Finding
from tools.tolerance import Interval, fmt, total

_NAMES = {
    "total": "政府采购总额",
    "goods": "货物采购",
    "works": "工程采购",
    "services": "服务采购",
    "sme": "中小企业",
    "sme_other": "其他项目中由中小企业中标（成交）",
    "small": "小微企业",
}


def procurement(ctx: Context) -> dict[str, Claim]:
    """Bucket → the first claim stating it with an amount (an awarded figure before a reserved budget)."""
    out: dict[str, Claim] = {}
    reserved: dict[str, Claim] = {}
    for claim in ctx.accounts.claims:
        kind = procurement_kind(claim)
        if kind is None or stated_amount(claim) is None:
            continue
        into = reserved if is_reserved_budget(claim) else out
        into.setdefault(kind, claim)
    return reserved | out


def _exceeds(part: tuple[Decimal, Interval], whole: Num) -> bool:
    return part[1].lo > Interval.of(whole).hi


@rule("NAR-012", "narrative.procurement", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """政府采购支出总额应等于货物、工程、服务采购之和；授予中小企业合同金额不超过总额，小微企业不超过中小企业，占比应按金额重算一致。

    Trigger: in the 政府采购 paragraph (a) 总额 differs from 货物 + 工程 + 服务 beyond rounding;
    (b) the 中小企业 amount — 授予/预留 plus, when stated separately, "其他政府采购项目中由中小企业
    中标（成交）" — exceeds 总额; (c) 小微企业 exceeds 中小企业; (d) a stated 占比 differs from the
    amount ÷ 总额 recomputed at the printed precision.

    Why it matters: 143号 requires 政府采购 to be explained by 货物/工程/服务 and by the amount
    awarded to 中小企业; buckets that do not add up, or the same contract counted in every bucket,
    misstate the policy result.

    Example: pass — 总额 311.58 = 0 + 253.5 + 58.08. fail — 总额 21.07 with 面向中小企业预留 21.07
    and 其他项目中小企业中标 21.07 (42.14 > 21.07: the contract is counted twice). 251.25 vs
    4.79 + 0 + 246.47 = 251.26 is info (尾数误差). A share one last digit off (truncated) is a
    warning.

    Configuration: none; tolerance is the interval rule. A bucket that is not stated cannot be
    checked (DISC-005 asks for it).
    """
    got = procurement(ctx)
    head = got.get("total")
    if head is None:
        return
    total_amount = stated_amount(head)
    assert total_amount is not None
    parts = [got.get(k) for k in ("goods", "works", "services")]
    if all(p is not None for p in parts):
        yield from sum_check(
            "NAR-012",
            "error",
            subject="情况说明政府采购总额",
            stated=total_amount,  # type: ignore[arg-type]
            parts=[
                (_NAMES[k], stated_amount(p))
                for k, p in zip(("goods", "works", "services"), parts)
            ],  # type: ignore[arg-type]
            location=head.location(),
            related=[
                related(p.location())
                for p in parts
                if p is not None and p.sentence != head.sentence
            ],
            what="（货物、工程、服务）之和",
        )
    sme_claims = [got[k] for k in ("sme", "sme_other") if k in got]
    if sme_claims:
        sme_sum = total(stated_amount(c) for c in sme_claims)
        if _exceeds(sme_sum, total_amount):
            names = "与".join(_NAMES[procurement_kind(c) or "sme"] for c in sme_claims)
            yield Finding(
                rule="NAR-012",
                severity="error",
                message=(
                    f"情况说明{names}采购金额合计{fmt(sme_sum[0])}万元，超过政府采购总额{amount_text(total_amount)}万元，"
                    f"同一采购金额可能被重复计入。"
                ),
                location=sme_claims[-1].location(),
                expected=f"≤{amount_text(total_amount)}",
                actual=fmt(sme_sum[0]),
                difference=fmt(sme_sum[0] - total_amount.value),
                evidence=[c.sentence for c in sme_claims] + [head.sentence],
                related=[related(head.location())],
            )
    small = got.get("small")
    sme = got.get("sme")
    if small is not None and sme is not None:
        small_amount, sme_amount = stated_amount(small), stated_amount(sme)
        if _exceeds((small_amount.value, Interval.of(small_amount)), sme_amount):  # type: ignore[union-attr,arg-type]
            yield Finding(
                rule="NAR-012",
                severity="error",
                message=f"情况说明小微企业采购金额{amount_text(small_amount)}万元超过中小企业采购金额{amount_text(sme_amount)}万元。",
                location=small.location(),
                expected=f"≤{amount_text(sme_amount)}",
                actual=amount_text(small_amount),
                evidence=[small.sentence, sme.sentence],
                related=[related(sme.location())],
            )
    for kind in ("sme", "sme_other", "small"):
        claim = got.get(kind)
        if claim is None or claim.share is None:
            continue
        part = stated_amount(claim)
        yield from pct_check(
            "NAR-012",
            "error",
            subject=f"情况说明{_NAMES[kind]}采购占政府采购总额的比例",
            stated=claim.share,
            part=of(part),
            whole=of(total_amount),
            formula=f"{amount_text(part)}÷{amount_text(total_amount)}",
            location=claim.location(),
            related=[related(head.location())]
            if head.sentence != claim.sentence
            else [],
            evidence=[claim.sentence, head.sentence],
        )
