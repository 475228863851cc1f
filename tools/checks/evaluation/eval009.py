"""EVAL-009: the scoring criterion's full marks equal the indicator's weight."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tools.checks.base import Context, rule
from tools.checks.evaluation._common import label, shown
from tools.findings import Finding
from tools.text import normalize

# '该项分值 2 分', '得满分 4 分', '得分不超过 7 分', '最高 3 分': the criterion's own full marks.
_FULL = re.compile(r"(?:该项分值|分值为|满分为?|得满分|不超过|最高(?:得|为)?)\s*(\d+(?:\.\d+)?)\s*分")
# '得 3 分', '计 1 分': a score the criterion can award.
_AWARD = re.compile(r"(?<![扣减])(?:得|计)\s*(\d+(?:\.\d+)?)\s*分")


@rule("EVAL-009", "evaluation.criterion_weight", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """评分标准中写明的满分（或可得的最高分）应与该指标的分值一致。

    Trigger: an indicator's 评价标准 states its full marks ('该项分值2分', '得满分4分', '得分不超过7分')
    as a number different from the indicator's weight, or awards points that neither reach the
    weight at best nor add up to it ('得10分' or only '得3分' on a 5-point indicator).

    Why it matters: a criterion written for another weight (copied from another framework) makes
    the score arbitrary: the evaluator must have rescaled it without saying how.

    Example: pass — 财政资金到位率 (4分): '指标分值=到位率×4分，指标得分不超过4分'. warning — 资金拨付的合规性
    (4分): '该项分值2分'; 项目产出时效 (5分): '按时发放得3分'.

    Configuration: none.
    """
    for report in ctx.performance.reports:
        seen: set[tuple[str, str]] = set()
        for table in report.tables:
            for item in table.items:
                if not item.criterion or item.weight is None:
                    continue
                text = normalize(item.criterion)
                full = [Decimal(m) for m in _FULL.findall(text)]
                awards = [Decimal(m) for m in _AWARD.findall(text)]
                weight = item.weight.value
                if full and any(f != weight for f in full):
                    bad = next(f for f in full if f != weight)
                    what = f"评分标准写明满分{bad}分"
                elif awards and weight not in (max(awards), sum(awards)):
                    # Awards either grade the whole indicator (max) or add up part by part (sum).
                    bad = max(awards)
                    what = f"评分标准最高可得{bad}分"
                else:
                    continue
                mark = (item.name, str(bad))
                if mark in seen:
                    continue
                seen.add(mark)
                yield Finding(
                    rule="EVAL-009",
                    severity="warning",
                    message=f"{label(report)}“{item.name}”分值为{shown(item.weight)}分，但{what}，两者不一致。",
                    location=item.location("评价标准"),
                    expected=shown(item.weight),
                    actual=f"{bad}",
                    evidence=[item.criterion],
                )
