"""EVAL-007: the money and execution rate the report states agree with the project's 自评表."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import Context, related, rule
from tools.checks.evaluation._common import label
from tools.checks.perf._common import HUNDRED, budget_line, clean, form_location, shown
from tools.findings import Finding, Location
from tools.performance.model import EvaluationReport, SelfEvaluationForm
from tools.text import normalize
from tools.tolerance import Interval, compare, compare_pct, fmt, total

_SENTENCE = re.compile(r"[^。；;\n]+")
# The project's own money: '项目资金 9.00 万', '财政资金2.2万', '预算资金共计12.5万元'.
_MONEY = re.compile(
    r"(?:项目资金|预算资金|财政资金|专项资金|资金总额|预算数|批复资金|安排资金)[^，。；,0-9]{0,6}?(\d+(?:\.\d+)?)\s*(万元|万|元)"
)
_RATE = re.compile(r"(?:预算执行率|资金执行率|执行率)[^，。；,0-9]{0,6}?(\d+(?:\.\d+)?)\s*%")


def _core(name: str) -> str:
    # '对专利权人的补助' and '专利权人补助项目' name the same project.
    return re.sub(r"的|对|关于|项目|绩效评价报告|\d{4}年度?", "", clean(name))


def _form_for(report: EvaluationReport, forms: list[SelfEvaluationForm]) -> SelfEvaluationForm | None:
    want = _core(report.project or report.title)
    if len(want) < 2:
        return None
    hits = [f for f in forms if f.project and (_core(f.project) in want or want in _core(f.project))]
    return hits[0] if len(hits) == 1 else None


def _amounts(form: SelfEvaluationForm) -> dict[str, Num]:
    line = budget_line(form)
    if line is None:
        return {}
    named = {"年初预算数": line.initial, "全年预算数": line.budget, "到位数": line.received, "全年执行数": line.executed}
    return {k: v for k, v in named.items() if v is not None}


def _wan(value: str, unit: str) -> Num:
    """The amount in 万元 at the printed precision (1000元 is 0.1万元)."""
    num = Num.model_validate(value)
    if unit != "元":
        return num
    return Num(value=num.value / 10000, decimals=num.decimals + 4, raw=f"{value}{unit}")


@rule("EVAL-007", "evaluation.money_vs_forms", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """评价报告中项目资金（预算、到位、支出）和执行率的表述应与同一项目的绩效自评表一致。

    Trigger: the report names a project that matches exactly one attached 自评表, and a sentence of the
    report states the project's money ('项目资金 9.00 万', '财政资金2.2万元') that equals none of the
    form's 年初预算数, 全年预算数, 到位数 and 全年执行数, or states an execution rate different from
    全年执行数 ÷ 全年预算数 at its printed precision.

    Why it matters: the evaluation and the self-evaluation describe the same money; a report that
    evaluates a different budget than the form reports is evaluating something else.

    Example: pass — report '项目资金 9.00 万', form 年初/全年预算 9. fail — report '预算执行率 100%',
    form 执行 2.2 of 9 (24.44%).

    Configuration: none. Reports without a matching form are not checked.
    """
    forms = ctx.performance.forms
    for report in ctx.performance.reports:
        form = _form_for(report, forms)
        if form is None:
            continue
        amounts = _amounts(form)
        line = budget_line(form)
        for section in report.sections:
            for sentence in (m.group(0) for m in _SENTENCE.finditer(normalize(section.text))):
                where = Location(page=section.page, section=section.title, sentence=sentence.strip())
                yield from _money(report, form, amounts, sentence, where)
                if line is not None:
                    yield from _rate(report, form, line, sentence, where)


def _money(report, form, amounts: dict[str, Num], sentence: str, where: Location) -> Iterator[Finding]:
    if not amounts:
        return
    for m in _MONEY.finditer(sentence):
        stated = _wan(m.group(1), m.group(2))
        if any(compare(stated, v.value, Interval.of(v)) != "mismatch" for v in amounts.values()):
            continue
        got = "、".join(f"{k}{shown(v)}" for k, v in amounts.items())
        yield Finding(
            rule="EVAL-007", severity="error",
            message=f"{label(report)}称项目资金{m.group(1)}{m.group(2)}，与{form.label}的{got}（万元）均不一致。",
            location=where, expected=got, actual=f"{m.group(1)}{m.group(2)}",
            related=[related(form_location(form))],
        )


def _rate(report, form, line, sentence: str, where: Location) -> Iterator[Finding]:
    if line.budget is None or line.budget.value == 0:
        return
    for m in _RATE.finditer(sentence):
        stated = Num.model_validate(m.group(1))
        verdict = compare_pct(stated, total([line.executed]), total([line.budget]))
        if verdict in (None, "equal", "rounding"):
            continue
        executed = line.executed.value if line.executed is not None else Decimal(0)
        point = executed * HUNDRED / line.budget.value
        yield Finding(
            rule="EVAL-007", severity="error",
            message=(
                f"{label(report)}称执行率{m.group(1)}%，但{form.label}全年执行数{shown(line.executed)}÷"
                f"全年预算数{shown(line.budget)}为{fmt(point, 2)}%。"
            ),
            location=where, expected=f"{fmt(point, stated.decimals)}%", actual=f"{m.group(1)}%",
            related=[related(form_location(form))],
        )
