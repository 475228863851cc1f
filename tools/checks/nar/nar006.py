"""NAR-006: 三公 预算/决算 per item in the text equal 公开07表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Claim, Line, Num, Statement
from tools.checks.base import Context, rule
from tools.checks.nar._common import compare_claims_with_tables
from tools.findings import Finding

_ACTUAL = "决算数/"
_BUDGET = "预算数/"


def _budget_figure(
    claim: Claim, stmt: Statement, line: Line
) -> Iterator[tuple[Num, str, str]]:
    # The sentence "年初预算为19.6万元，支出决算为18.35万元" restates both halves of the 三公 row.
    if claim.budget is None or claim.ref is None:
        return
    column = claim.ref.column
    if column.startswith(_ACTUAL):
        column = _BUDGET + column[len(_ACTUAL) :]
    elif not column.startswith(_BUDGET):
        return
    if claim.ref.column == column:
        return
    kind = claim.budget_kind or "预算"
    yield claim.budget, column, f"情况说明“{claim.subject}”{kind}数"


@rule("NAR-006", "narrative.three_public", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中“三公”经费各项的预算数、决算数应与“三公”经费支出决算表一致。

    Trigger: a narrative figure linked to a cell of 公开07表 differs from the cell beyond rounding;
    a claim's budget figure (年初预算为…) is compared with the matching 预算数 column. Blank cells
    read as zero, so "支出决算为0.00万元" against a blank 决算数 cell agrees.

    Why it matters: 三公 spending is the most read part of a 决算公开 (预算法第十四条); a budget or
    actual figure that differs from the table is reported by the press as a discrepancy.

    Example: pass — "公务接待费年初预算为0.7万元，支出决算为0.12万元" and 公开07表 预算数 0.70,
    决算数 0.12. fail — "公务用车运行维护费支出决算19万元" while the table prints 17.00.

    Configuration: none; tolerance is the interval rule.
    """
    yield from compare_claims_with_tables(
        ctx, "NAR-006", "error", ("T07",), extra=_budget_figure
    )
