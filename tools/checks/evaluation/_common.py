"""Shared helpers of the EVAL family: the framework score table, indicator name matching."""

from __future__ import annotations

import re
from decimal import Decimal

from tools.accounts.model import Num
from tools.performance.model import EvaluationReport, ScoreItem, ScoreTable
from tools.text import normalize
from tools.tolerance import fmt

# Words that name the same indicator differently in the narrative, sub-tables and the framework
# ('项目决策' / '决策', '社会效益指标完成情况' / '社会效益').
_NOISE = re.compile(r"[\s（）()、，,。:：“”\d.分的]|项目|指标|完成情况|情况|分析|得分表|得分|三级|二级|一级|四级")


def key(name: str) -> str:
    return _NOISE.sub("", normalize(name))


def framework(report: EvaluationReport) -> ScoreTable | None:
    """The full 指标体系 with scores (附表 评分表): the table with the most scored items, then most items."""
    tables = [t for t in report.tables if any(i.level == 1 for i in t.items) and t.parent is None]
    if not tables:
        return None
    return max(tables, key=lambda t: (sum(1 for i in t.items if i.score is not None), len(t.items)))


def _plain(name: str) -> str:
    return re.sub(r"[\s（）()]|\d+(?:\.\d+)?分", "", normalize(name))


def find_item(
    table: ScoreTable,
    name: str,
    level: int | None = None,
    within: ScoreItem | None = None,
    weight: Num | None = None,
) -> ScoreItem | None:
    """The item `name` refers to: same printed name, else same key, else one near key.

    Near means one key contains the other and covers most of it ('社会效益' ~ '社会效益指标完成情况'
    but not '立项' ~ '立项程序的合规性'). Candidates are the descendants of `within` when given; among
    equal candidates the one at `level` wins, then the one whose weight is `weight` (a name printed
    at two levels), else the top-most one ('项目产出' is 产出, not 产出指标).
    """
    k = key(name)
    if not k:
        return None
    items = descendants(table, within) if within is not None else table.items
    if level is not None:
        items = [i for i in items if i.level == level] or items
    for pick in (
        [i for i in items if _plain(i.name) == _plain(name)],
        [i for i in items if key(i.name) == k],
        [i for i in items if _near(k, key(i.name))],
    ):
        if pick and weight is not None and len(pick) > 1:
            same = [i for i in pick if i.weight is not None and i.weight.value == weight.value]
            pick = same or pick
        if pick:
            return _top(pick)
    return None


def _top(items: list[ScoreItem]) -> ScoreItem | None:
    top = min(i.level for i in items)
    at_top = [i for i in items if i.level == top]
    return at_top[0] if len(at_top) == 1 else None


def _near(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_ and len(short) * 5 >= len(long_) * 3


def children(table: ScoreTable, item: ScoreItem) -> list[ScoreItem]:
    path = [*item.path, item.name]
    return [i for i in table.items if i.level == item.level + 1 and i.path == path]


def score_of(table: ScoreTable, item: ScoreItem) -> Num | None:
    """The item's printed score, else the sum of its children's (a table scoring only the leaves)."""
    if item.score is not None:
        return item.score
    kids = children(table, item)
    scores = [score_of(table, k) for k in kids]
    if not kids or any(s is None for s in scores):
        return None
    total = sum((s.value for s in scores if s is not None), Decimal(0))
    return Num(value=total, decimals=max(s.decimals for s in scores if s is not None))


def descendants(table: ScoreTable, item: ScoreItem) -> list[ScoreItem]:
    path = [*item.path, item.name]
    return [i for i in table.items if i.path[: len(path)] == path and i.level > item.level]


def shown(n: Num | None) -> str:
    return "空白" if n is None else (n.raw or fmt(n.value, n.decimals))


def label(report: EvaluationReport) -> str:
    return f"《{report.title}》" if report.title else "绩效评价报告"
