"""EVAL-008: sub-scores stated in the text and in the 得分表 agree with the scoring table."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, related, rule
from tools.checks.evaluation._common import (
    find_item,
    framework,
    key,
    label,
    score_of,
    shown,
)
from tools.checks.evaluation.eval003 import is_total
from tools.findings import Finding, Location
from tools.performance.model import ScoreItem, ScoreTable
from tools.tolerance import fmt


def _is_framework(table: ScoreTable) -> bool:
    return table.parent is None and any(i.level == 1 for i in table.items)


def _pairs(report, table: ScoreTable):
    """(what, stated weight, stated score, location, evidence, framework item) for every restated score."""
    for sub in report.tables:
        if sub is table:
            continue
        if _is_framework(sub):
            # Another printing of the whole framework (the body's 指标体系): compare item by item.
            for item in sub.items:
                hit = find_item(table, item.name, level=item.level)
                if hit is not None and hit.path == item.path:
                    yield f"{sub.title}“{item.name}”", item.weight, item.score, item.location(), [], hit
            continue
        parent = find_item(table, sub.parent) if sub.parent else None
        if parent is not None and (sub.total_weight is not None or sub.total_score is not None):
            at = (sub.total or sub).location()
            yield f"{sub.title}合计", sub.total_weight, sub.total_score, at, [], parent
        for item in sub.items:
            hit = find_item(table, item.name, within=parent) or (
                find_item(table, item.name) if parent is None else None
            )
            if hit is not None and hit is not parent:
                yield f"{sub.title}“{item.name}”", item.weight, item.score, item.location(), [], hit
    for st in report.statements:
        if is_total(st):
            continue
        hit = find_item(table, st.subject, weight=st.weight)
        if hit is not None:
            yield f"正文“{st.subject}”", st.weight, st.score, st.location(), [st.sentence], hit


@rule("EVAL-008", "evaluation.sub_scores", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """评价报告正文和各得分表中的分值、得分应与评分表（指标体系）中同一指标的分值、得分一致，得分不超过满分。

    Trigger: an indicator named in a 得分表 or in a sentence ('项目产出 20 分（满分 15 分）',
    '发明专利授权 5 分，得 5 分') whose weight or score differs from the same indicator in the scoring
    table (matched by name, ignoring 项目/指标/完成情况); a sub-table's 合计 differing from the
    indicator it breaks down; a stated score above its stated 满分.

    Why it matters: readers quote the analysis section, not the appendix; when the two disagree,
    the published result depends on which page one reads.

    Example: pass — text '资金到位率 4 分，得 4 分', table 资金到位率 (4分) 得分 4. fail — 决策指标得分表
    绩效目标合理性 8/6 while the table gives 8/8; text '项目产出 20 分（满分 15 分）' while the table
    gives 产出 30 分、得 25 分.

    Configuration: none. Indicators that cannot be matched by name are not compared.
    """
    for report in ctx.performance.reports:
        table = framework(report)
        for st in report.statements:
            if st.score is not None and st.weight is not None and st.score.value > st.weight.value:
                yield Finding(
                    rule="EVAL-008", severity="error",
                    message=f"{label(report)}正文称“{st.subject}”得分{shown(st.score)}分，超过满分{shown(st.weight)}分。",
                    location=st.location(), expected=f"≤{shown(st.weight)}", actual=shown(st.score),
                    evidence=[st.sentence],
                )
        if table is None:
            continue
        seen: set[tuple] = set()
        for what, weight, score, loc, evidence, item in _pairs(report, table):
            for attr, stated, truth in (("分值", weight, item.weight), ("得分", score, score_of(table, item))):
                if stated is None or truth is None or stated.value == truth.value:
                    continue
                mark = (what, attr, key(item.name))
                if mark in seen:
                    continue
                seen.add(mark)
                yield _finding(report, table, item, what, attr, stated, truth, loc, evidence)


def _finding(report, table: ScoreTable, item: ScoreItem, what, attr, stated, truth, loc: Location, evidence) -> Finding:
    return Finding(
        rule="EVAL-008",
        severity="error",
        message=f"{label(report)}{what}{attr}为{shown(stated)}，评分表中“{item.name}”{attr}为{shown(truth)}。",
        location=loc.model_copy(update={"column": loc.column or attr}),
        expected=shown(truth),
        actual=shown(stated),
        difference=fmt(abs(stated.value - truth.value), max(stated.decimals, truth.decimals)),
        evidence=evidence,
        related=[related(item.location(attr).model_copy(update={"table": item.table or table.title}))],
    )
