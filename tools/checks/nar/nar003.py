"""NAR-003: 一般公共预算财拨支出, 政府性基金 and 国有资本经营 text equals 公开05/08/09表."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tools.checks.base import Context, rule
from tools.checks.nar._common import compare_claims_with_tables
from tools.findings import Finding


@rule("NAR-003", "narrative.general_budget", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中的一般公共预算财政拨款支出（总额、各类、各项决算数）及政府性基金、国有资本经营支出应与公开05、08、09表一致。

    Trigger: a narrative amount (or 支出决算 figure of a 项 paragraph) linked to a cell of 公开05表
    (一般公共预算财政拨款支出决算表), the 公开08表 (政府性基金) or the 公开09表 (国有资本经营) differs from
    the cell beyond rounding. A table declared empty reads as zero, so text quoting a figure for it
    is reported too.

    Why it matters: the 项-level explanation is where 143号 asks for detail; the figures explained
    must be the ones published in the tables, otherwise the explanation is about other money.

    Example: pass — "行政运行（项）支出决算为96.40万元" and 公开05表 2010101 合计 96.40.
    fail — "本年一般公共预算财政拨款基本支出共计3526.18万元" while 公开05表 合计行 基本支出 is 3512.45.
    "公共安全（类）支出3万元" vs 3.00 is the same figure; 136.63 vs 136.64 is info (尾数误差).

    Configuration: none; tolerance is the interval rule. 年初预算 figures have no column in 公开05表
    and are not checked here (NAR-004, PCT-001 use them).
    """
    # A 项 paragraph whose written name matches no 科目 and that was placed by its amount
    # (linked_by='amount') is skipped: its figure equals the cell by construction, so the comparison
    # would confirm nothing (XT-008 reports the name).
    named = [c for c in ctx.accounts.claims if c.linked_by != "amount"]
    if len(named) != len(ctx.accounts.claims):
        ctx = replace(ctx, accounts=ctx.accounts.model_copy(update={"claims": named}))
    yield from compare_claims_with_tables(
        ctx, "NAR-003", "error", ("T05", "T08", "T09")
    )
