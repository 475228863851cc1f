"""EVAL-002: the arithmetic of each score table of an evaluation report."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Num
from tools.checks.base import Context, rule, sum_check
from tools.checks.evaluation._common import children, label, shown
from tools.findings import Finding
from tools.performance.model import ScoreItem, ScoreTable
from tools.tolerance import score_interval


def _roots(table: ScoreTable) -> list[ScoreItem]:
    top = min((i.level for i in table.items), default=1)
    return [i for i in table.items if i.level == top]


@rule("EVAL-002", "evaluation.table_arithmetic", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """评价报告评分表分值计算应散总一致：上级指标分值与得分等于下级之和，合计等于各项之和，得分不超过分值。

    Trigger: in any score table of the report (the 指标体系/评分表 and every 得分表), a parent's
    weight or score differs from the sum of its children's, the 合计/总分 row differs from the sum
    of the top-level rows, or a score exceeds its weight.

    Why it matters: report-quality scoring sheets check "分值计算散总一致" first; a table that does
    not add up makes every conclusion drawn from it doubtful.

    Example: pass — 决策 20 = 项目立项 4 + 绩效目标 8 + 资金投入 8. fail — 合计 20/18 while the rows
    add up to 20/20; 得分 6 on an item worth 5.

    Configuration: none.
    """
    for report in ctx.performance.reports:
        for table in report.tables:
            for item in table.items:
                kids = children(table, item)
                where = item.location()
                for attr, column in (("weight", "分值"), ("score", "得分")):
                    parts = [(k.name, getattr(k, attr)) for k in kids]
                    if not kids or getattr(item, attr) is None or any(a is None for _, a in parts):
                        continue
                    yield from sum_check(
                        "EVAL-002", "error",
                        subject=f"{label(report)}{table.title}“{item.name}”{column}",
                        stated=getattr(item, attr), parts=parts,
                        location=where.model_copy(update={"column": column}),
                        what="下级指标之和",
                        interval=score_interval,
                    )
                yield from _bounds(report.title, table, item)
            yield from _total(report, table)


def _bounds(title: str, table: ScoreTable, item: ScoreItem) -> Iterator[Finding]:
    if item.score is None or item.weight is None or item.score.value <= item.weight.value:
        return
    yield Finding(
        rule="EVAL-002",
        severity="error",
        message=f"《{title}》{table.title}“{item.name}”得分{shown(item.score)}超过分值{shown(item.weight)}。",
        location=item.location("得分"),
        expected=f"≤{shown(item.weight)}",
        actual=shown(item.score),
    )


def _total(report, table: ScoreTable) -> Iterator[Finding]:
    roots = _roots(table)
    at = (table.total or table).location()
    for attr, stated, column in (("weight", table.total_weight, "分值"), ("score", table.total_score, "得分")):
        parts: list[tuple[str, Num | None]] = [(r.name, getattr(r, attr)) for r in roots]
        if stated is None or not parts or any(a is None for _, a in parts):
            continue
        yield from sum_check(
            "EVAL-002", "error",
            subject=f"{label(report)}{table.title}合计{column}",
            stated=stated, parts=parts,
            location=at.model_copy(update={"column": column, "table": at.table or table.title}),
            interval=score_interval,
        )
