"""Single-error mutations of a consistent FormSet, each with the finding a reviewer should report.

A mutation plants one real error the way a filler makes it and lets the values computed from it
follow (a wrong score still adds into the total, the 汇总表 copies the total), so `audit` of the
result reports exactly the expected `Flag` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from . import perf_model as m
from .perf_model import (
    Flag,
    FormSet,
    FormSpec,
    IndicatorSpec,
    execution_score,
    grade_of,
    q2,
)

Mutation = Callable[[FormSet], tuple[FormSet, Flag]]


class NotApplicable(Exception):
    """The set has no form or indicator this mutation can act on (e.g. a 2024-only rule on 2020 forms)."""


def _put(fs: FormSet, k: int, form: FormSpec, *, retotal: bool = True) -> FormSet:
    """Replace form k; the total follows the scores and the 汇总表 row follows the total."""
    if retotal:
        form = form.model_copy(update={"total": form.true_total})
    rows = list(fs.summary.rows)
    rows[k] = rows[k].model_copy(update={"score": form.total, "grade": grade_of(form.total)})
    forms = list(fs.forms)
    forms[k] = form
    return fs.model_copy(update={"forms": forms, "summary": fs.summary.model_copy(update={"rows": rows})})


def _set(form: FormSpec, name: str, **update) -> FormSpec:
    inds = [i.model_copy(update=update) if i.name == name else i for i in form.indicators]
    return form.model_copy(update={"indicators": inds})


def _find(fs: FormSet, test: Callable[[FormSpec, IndicatorSpec], bool]) -> tuple[int, IndicatorSpec]:
    for k, f in enumerate(fs.forms):
        for i in f.indicators:
            if test(f, i):
                return k, i
    raise NotApplicable


def _full(f: FormSpec, i: IndicatorSpec) -> bool:
    return i.met and i.score == i.weight and not i.over_achieved


def weights_sum(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: _full(f, i) and i.weight >= 4)
    two = Decimal(2)
    out = _put(fs, k, _set(fs.forms[k], i.name, weight=i.weight - two, score=i.score - two))
    return out, Flag(form=k, target="分值合计", family=m.WEIGHTS_SUM, detail=f"{i.name} 分值减2")


def score_above_weight(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: _full(f, i) and f.true_total <= 99)
    out = _put(fs, k, _set(fs.forms[k], i.name, score=i.weight + 1))
    return out, Flag(form=k, target=i.name, family=m.SCORE_ABOVE_WEIGHT)


def status_while_unmet(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: f.layout == "2024" and not i.met)
    return _put(fs, k, _set(fs.forms[k], i.name, status="完成")), Flag(form=k, target=i.name,
                                                                    family=m.STATUS_WHILE_UNMET)


def unmet_scored_full(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: not i.met and i.weight - i.score >= Decimal("0.5"))
    return _put(fs, k, _set(fs.forms[k], i.name, score=i.weight)), Flag(form=k, target=i.name, family=m.UNMET_FULL)


def rate_wrong_base(fs: FormSet) -> tuple[FormSet, Flag]:
    for k, f in enumerate(fs.forms):
        if f.wrong_base != f.true_rate:
            rate = f.wrong_base
            form = f.model_copy(update={"rate": rate, "execution_score": execution_score(rate, f.layout)})
            base = "年初预算数" if f.layout == "2020" else "到位数"
            return _put(fs, k, form), Flag(form=k, target="执行率", family=m.RATE_WRONG_BASE, detail=f"以{base}为分母")
    raise NotApplicable


def execution_score_wrong(fs: FormSet) -> tuple[FormSet, Flag]:
    f = fs.forms[0]
    score = f.execution_score - 1 if f.execution_score >= 1 else f.execution_score + 1
    return _put(fs, 0, f.model_copy(update={"execution_score": score})), Flag(form=0, target="执行率得分",
                                                                              family=m.EXEC_SCORE_WRONG)


def _same_band(value: Decimal) -> Decimal:
    """A value 1.5 (or 0.5) away that stays in the same grade band and at most 100."""
    for delta in ("-1.5", "1.5", "-0.5", "0.5"):
        moved = q2(value + Decimal(delta))
        if Decimal(0) <= moved <= 100 and grade_of(moved) == grade_of(value):
            return moved
    raise NotApplicable


def total_wrong(fs: FormSet) -> tuple[FormSet, Flag]:
    f = fs.forms[0]
    out = _put(fs, 0, f.model_copy(update={"total": _same_band(f.total)}), retotal=False)
    return out, Flag(form=0, target="总分", family=m.TOTAL_WRONG)


def grade_wrong(fs: FormSet) -> tuple[FormSet, Flag]:
    row = fs.summary.rows[0]
    grade = {"优": "良", "良": "优", "中": "良", "差": "中"}[row.grade]
    rows = [row.model_copy(update={"grade": grade}), *fs.summary.rows[1:]]
    out = fs.model_copy(update={"summary": fs.summary.model_copy(update={"rows": rows})})
    return out, Flag(form=0, target="自评等级", family=m.GRADE_WRONG)


def summary_score(fs: FormSet) -> tuple[FormSet, Flag]:
    row = fs.summary.rows[0]
    rows = [row.model_copy(update={"score": _same_band(row.score)}), *fs.summary.rows[1:]]
    out = fs.model_copy(update={"summary": fs.summary.model_copy(update={"rows": rows})})
    return out, Flag(form=0, target="汇总表得分", family=m.SUMMARY_SCORE)


def qualitative_band(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: f.layout == "2020" and i.kind == "qualitative" and i.weight >= 2)
    out = _put(fs, k, _set(fs.forms[k], i.name, score=q2(i.weight * Decimal("0.6"))))
    return out, Flag(form=k, target=i.name, family=m.QUALITATIVE_BAND, detail="达成 but scored in 80-51%")


def reason_missing(fs: FormSet) -> tuple[FormSet, Flag]:
    k, i = _find(fs, lambda f, i: not i.met)
    return _put(fs, k, _set(fs.forms[k], i.name, reason="")), Flag(form=k, target=i.name, family=m.REASON_MISSING)


def over_full(fs: FormSet) -> tuple[FormSet, Flag]:
    """An over-achieved target given full marks with its 偏差原因 dropped (2024: the deduction undone too)."""
    k, i = _find(fs, lambda f, i: i.over_achieved and (i.score < i.weight or bool(i.reason)))
    out = _put(fs, k, _set(fs.forms[k], i.name, score=i.weight, reason=""))
    return out, Flag(form=k, target=i.name, family=m.OVER_FULL)


MUTATIONS: dict[str, Mutation] = {
    "weights_sum": weights_sum,
    "score_above_weight": score_above_weight,
    "status_while_unmet": status_while_unmet,
    "unmet_scored_full": unmet_scored_full,
    "rate_wrong_base": rate_wrong_base,
    "execution_score_wrong": execution_score_wrong,
    "total_wrong": total_wrong,
    "grade_wrong": grade_wrong,
    "summary_score": summary_score,
    "qualitative_band": qualitative_band,
    "reason_missing": reason_missing,
    "over_full": over_full,
}
"""Name → operator; an operator raises NotApplicable when the set offers nothing to mutate."""
