"""Shared helpers of the EVAL family: the framework score table, indicator name matching."""

from __future__ import annotations

import re

from tools.accounts.model import Num
from tools.performance.model import EvaluationReport, ScoreItem, ScoreTable
from tools.text import normalize
from tools.tolerance import fmt

# Words that name the same indicator differently in the narrative, sub-tables and the framework
# ('项目决策' / '决策', '社会效益指标完成情况' / '社会效益').
_NOISE = re.compile(r"[\s（）()、，,。:：“”\d.分]|项目|指标|完成情况|情况|分析|得分表|得分|三级|二级|一级|四级")


def key(name: str) -> str:
    return _NOISE.sub("", normalize(name))


def framework(report: EvaluationReport) -> ScoreTable | None:
    """The full 指标体系 with scores (附表 评分表): the table with the most scored items, then most items."""
    tables = [t for t in report.tables if any(i.level == 1 for i in t.items) and t.parent is None]
    if not tables:
        return None
    return max(tables, key=lambda t: (sum(1 for i in t.items if i.score is not None), len(t.items)))


def find_item(table: ScoreTable, name: str) -> ScoreItem | None:
    """The item whose name matches `name`: same key, else the single item whose key contains it or is contained."""
    k = key(name)
    if not k:
        return None
    same = [i for i in table.items if key(i.name) == k]
    if same:
        return same[0]
    near = [i for i in table.items if len(k) >= 2 and (k in key(i.name) or (len(key(i.name)) >= 2 and key(i.name) in k))]
    return near[0] if len(near) == 1 else None


def children(table: ScoreTable, item: ScoreItem) -> list[ScoreItem]:
    path = [*item.path, item.name]
    return [i for i in table.items if i.level == item.level + 1 and i.path == path]


def shown(n: Num | None) -> str:
    return "空白" if n is None else (n.raw or fmt(n.value, n.decimals))


def total_item(table: ScoreTable) -> tuple[Num | None, Num | None]:
    return table.total_weight, table.total_score


def label(report: EvaluationReport) -> str:
    return f"《{report.title}》" if report.title else "绩效评价报告"
