"""PCT-003: "占X%" equals part ÷ whole; the shares of one breakdown sum to 100%."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Claim, Num
from tools.checks.base import Context, amount_text, related, rule
from tools.checks.nar._common import ref_cell, stated_amount
from tools.checks.nar._subjects import is_procurement
from tools.checks.pct._common import of, pct_check
from tools.findings import Finding, RelatedLocation
from tools.tolerance import HUNDRED, Interval, half_unit, total

_TOTAL_WORDS = ("合计", "总计", "总额", "总支出", "总收入")


def _sentence_total(claims: list[Claim], index: int) -> Claim | None:
    """The total stated earlier in the same sentence ("本年收入合计X万元，其中：…占Y%")."""
    claim = claims[index]
    for other in reversed(claims[:index]):
        if other.sentence != claim.sentence:
            break
        if (
            other.share is None
            and stated_amount(other) is not None
            and any(w in other.subject for w in _TOTAL_WORDS)
        ):
            return other
    for other in claims[:index]:
        if (
            other.sentence == claim.sentence
            and other.share is None
            and stated_amount(other) is not None
        ):
            return other
    return None


def whole_of(
    ctx: Context, claims: list[Claim], index: int
) -> tuple[Num | None, str, RelatedLocation | None, tuple] | None:
    """(whole amount, its name, where, grouping key) of a share claim; None when it cannot be found."""
    claim = claims[index]
    if claim.share_of is not None:
        cell = ref_cell(ctx.accounts, claim.share_of)
        if cell is None:
            return None
        stmt, line, amount = cell
        r = claim.share_of
        return (
            amount,
            f"{stmt.title}“{line.label}”",
            related(stmt.location(line, r.column)),
            ("ref", r.table, r.line, r.column, r.side),
        )
    total_claim = _sentence_total(claims, index)
    if total_claim is None:
        return None
    return (
        stated_amount(total_claim),
        f"“{total_claim.subject}”",
        None,
        ("claim", total_claim.sentence, total_claim.subject),
    )


@rule("PCT-003", "percent.share", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """“占X%”应等于该项金额除以总数；同一构成的各项占比之和应为100%（允许每项半个末位的误差）。

    Trigger: (a) a share differs from part ÷ whole recomputed from the amount intervals at the
    printed precision — error, or warning when it is one last digit off in a way rounding does not
    explain (truncated instead of rounded, or adjusted so the shares total 100%); (b) the shares of
    one exhaustive breakdown (their amounts make up the whole) sum to more or less than 100% by
    more than half a last digit per share — warning. The whole is the claim's `share_of` cell, or
    the total stated earlier in the same sentence.

    Why it matters: shares are how readers take in the structure of spending; a share computed on
    the wrong base (another year, another total) misstates the structure.

    Example: pass — 财政拨款收入1250.10万元, 占98.53% of 1268.70. fail — 一般公共服务（类）支出
    1300.00万元 "占73.00%" of 1800.00 (72.22%); 2650.10 of 3180.40 printed 83.32% (83.33%, forced to
    100: warning); 98.54% for 98.547% (truncated: warning).

    Configuration: none; tolerance is the interval rule. 政府采购 shares are NAR-012's.
    """
    claims = list(ctx.accounts.claims)
    groups: dict[tuple, list[tuple[Claim, Num | None, Num | None]]] = {}
    for index, claim in enumerate(claims):
        if claim.share is None or is_procurement(claim):
            continue
        part = stated_amount(claim)
        found = whole_of(ctx, claims, index)
        if found is None:
            continue
        whole, whole_name, where, key = found
        groups.setdefault((claim.section, *key), []).append((claim, part, whole))
        if part is None:
            continue
        yield from pct_check(
            "PCT-003",
            "error",
            subject=f"情况说明“{claim.subject}”占比",
            stated=claim.share,
            part=of(part),
            whole=of(whole),
            formula=f"{amount_text(part)}÷{whole_name}{amount_text(whole)}",
            location=claim.location(),
            related=[where] if where is not None else [],
            evidence=[claim.sentence],
        )
    yield from _sums(groups)


def _sums(
    groups: dict[tuple, list[tuple[Claim, Num | None, Num | None]]],
) -> Iterator[Finding]:
    for members in groups.values():
        if len(members) < 2 or any(part is None for _, part, _ in members):
            continue
        whole = members[0][2]
        if whole is None or whole.value == 0:
            continue
        _, parts_iv = total(part for _, part, _ in members)
        if not parts_iv.meets(Interval.of(whole)):
            continue  # not an exhaustive breakdown: the shares need not total 100
        shares = [c.share for c, _, _ in members if c.share is not None]
        point = sum((s.value for s in shares), Decimal(0))
        slack = sum((half_unit(s.decimals) for s in shares), Decimal(0))
        if abs(point - HUNDRED) <= slack:
            continue
        decimals = max(s.decimals for s in shares)
        first = members[0][0]
        yield Finding(
            rule="PCT-003",
            severity="warning",
            message=(
                f"情况说明中各项占比（{'、'.join(f'{c.subject}{amount_text(c.share)}%' for c, _, _ in members)}）"
                f"合计为{point:.{decimals}f}%，而各项金额合计等于总数，占比之和应为100%。"
            ),
            location=first.location(),
            expected="100%",
            actual=f"{point:.{decimals}f}%",
            difference=f"{point - HUNDRED:.{decimals}f}",
            evidence=[c.sentence for c, _, _ in members],
            related=[
                related(c.location())
                for c, _, _ in members[1:]
                if c.sentence != first.sentence
            ],
        )
