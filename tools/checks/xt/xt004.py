"""XT-004: 财拨总表 一般公共预算财政拨款 spending (total and by 类) equals 一般公共预算财拨支出表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.xt._common import compare_classes
from tools.findings import Finding

_T04_COL = "支出/一般公共预算财政拨款"
_T05_COL = "合计"


@rule("XT-004", "cross.t04_general_t05", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """财拨总表一般公共预算财政拨款支出（合计及各类）应等于一般公共预算财政拨款支出决算表。

    Trigger: in 公开04表 the 一般公共预算财政拨款 column of 本年支出合计, or of a 类 line (matched to
    its 功能分类 code by name), differs from 公开05表's 合计 row or that 类's 合计; or a 类 carries
    一般公共预算 spending in one table but is not listed in the other.

    Why it matters: 公开05表 is the 科目 detail of the 一般公共预算 column of 公开04表.

    Example: pass — 公开04表 卫生健康支出 136.63, 公开05表 210 卫生健康支出 136.64 (info, 尾数误差).
    fail — 公开04表 城乡社区支出 一般公共预算 28.35, 公开05表 212 城乡社区支出 82.35 (error).

    Configuration: none; a 公开04表 without a 一般公共预算财政拨款 column cannot be checked.
    """
    t04, t05 = ctx.table("T04"), ctx.table("T05")
    if t04 is None or t05 is None or not t04.has_column(_T04_COL):
        return
    yield from compare_classes("XT-004", t04, _T04_COL, t05, _T05_COL)
