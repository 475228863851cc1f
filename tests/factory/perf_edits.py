"""Edits of one chosen form of a FormSet, for composed examples that plant several errors in one set.

Unlike `perf_mutations`, which each pick the first form they can act on, these act on form `k`; the
total and the 汇总表 row follow the edited scores, as in a filled-in form.
"""

from __future__ import annotations

from decimal import Decimal

from .perf_model import MONEY_WORDS, FormSet, IndicatorSpec
from .perf_mutations import NotApplicable, _put, _set

COST = "项目支出总额"
"""The 成本指标 row every factory form has; its reason cell says why the money moved."""


def _unmet(fs: FormSet, k: int, min_gap: Decimal = Decimal(0)) -> IndicatorSpec:
    """The first quantitative indicator of form k that missed its target and lost more than min_gap points."""
    for i in fs.forms[k].indicators:
        if not i.met and i.quantitative and i.weight - i.score > min_gap:
            return i
    raise NotApplicable


def vague_reason(fs: FormSet, k: int, reason: str, measure: str) -> FormSet:
    """The first missed indicator of form k explained by stock phrases only, with a generic measure."""
    i = _unmet(fs, k)
    text = f"{i.name}未完成原因：{reason}。整改措施：{measure}。"
    return _put(fs, k, _set(fs.forms[k], i.name, reason=text))


def scored_full(fs: FormSet, k: int) -> FormSet:
    """The first missed indicator of form k (that lost at least half a point) given its full weight."""
    i = _unmet(fs, k, Decimal("0.49"))
    return _put(fs, k, _set(fs.forms[k], i.name, score=i.weight))


def money_unexplained(fs: FormSet, k: int) -> FormSet:
    """Form k, whose 执行率 is low or whose budget was adjusted, with its one reason about the money dropped."""
    f = fs.forms[k]
    if not f.needs_money_reason:
        raise NotApplicable
    inds = [i.model_copy(update={"reason": ""}) if i.name == COST else i for i in f.indicators]
    if any(MONEY_WORDS.search(i.reason) for i in inds):
        raise NotApplicable  # another reason of the form speaks about the money too
    return _put(fs, k, f.model_copy(update={"indicators": inds}))
