"""Shared helpers of the PERF family: locations, the profile note, execution figures, reason text."""

from __future__ import annotations

import re
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import Context
from tools.findings import Location
from tools.performance.model import FundLine, Indicator, SelfEvaluationForm
from tools.performance.scoring import ScoringProfile
from tools.text import normalize
from tools.tolerance import fmt

HUNDRED = Decimal(100)


def form_location(form: SelfEvaluationForm, column: str | None = None) -> Location:
    """The 总分 row when printed, else the form's title."""
    at = form.total or form
    loc = at.location(column)
    return loc.model_copy(update={"table": loc.table or form.title})


def where(form: SelfEvaluationForm, ind: Indicator, column: str | None = None) -> Location:
    loc = ind.location(column)
    return loc.model_copy(update={"table": loc.table or form.title, "row": loc.row or ind.name})


def profile_note(prof: ScoringProfile, evidence: str | None) -> str:
    """Evidence line naming the scoring profile and why it applies."""
    basis = f"（依据表内说明：{evidence}）" if evidence else "（表内未印评分说明，按默认口径）"
    return f"评分规则：{prof.name} {prof.title}{basis}"


def scoring(ctx: Context, form: SelfEvaluationForm) -> tuple[ScoringProfile, str | None, str]:
    prof, evidence = ctx.scoring(form)
    return prof, evidence, profile_note(prof, evidence)


def shown(n: Num | None) -> str:
    return "空白" if n is None else (n.raw or fmt(n.value, n.decimals))


def execution_weight(form: SelfEvaluationForm) -> Num | None:
    if form.execution is not None and form.execution.weight is not None:
        return form.execution.weight
    total = form.fund("total")
    return total.weight if total is not None else None


def execution_score(form: SelfEvaluationForm) -> tuple[Num | None, Location | None]:
    """The printed 执行率得分 and where it is."""
    if form.execution is not None and form.execution.score is not None:
        return form.execution.score, form.execution.location("自评得分")
    total = form.fund("total")
    if total is not None and total.score is not None:
        return total.score, total.location("得分")
    return None, None


def budget_line(form: SelfEvaluationForm) -> FundLine | None:
    """The line whose 预算/执行 the execution rate is computed on: the total, else the only line with money."""
    total = form.fund("total")
    if total is not None and (total.budget is not None or total.executed is not None):
        return total
    with_money = [f for f in form.funds if f.budget is not None or f.executed is not None]
    return with_money[0] if len(with_money) == 1 else None


def clean(text: str | None) -> str:
    return re.sub(r"[\s，。、；;,.：:（）()“”\"'!！?？]", "", normalize(text or ""))


def reason_for(form: SelfEvaluationForm, ind: Indicator) -> str | None:
    """The reason text for one indicator: its own cell, else the form's 问题/原因 text naming it."""
    if clean(ind.reason):
        return ind.reason
    text = form.problems or ""
    name = clean(ind.name)
    if name and text and (name in clean(text) or (len(name) >= 6 and name[:6] in clean(text))):
        return text
    return None
