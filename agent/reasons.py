"""Stated reasons to assess: the 情况说明's deviations and changes, and the 绩效 indicators that missed,
lost points or far exceeded their targets — each with the deviation computed and what a reviewer
sees at once (missing text, stock phrases, reuse, a contrary direction).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from agent.guard import instruction_like
from agent.items import ReasonItem, fingerprint
from agent.lookup import one_line, value_text
from tools.accounts.model import Claim, FinalAccounts, Num
from tools.checks.nar._common import stated_amount
from tools.checks.nar.nar008 import change_size
from tools.checks.nar.nar009 import (
    DECREASE_WORDS,
    INCREASE_WORDS,
    content,
    deviation,
    reason_key,
)
from tools.checks.perf._common import budget_line, reason_for, where
from tools.checks.perf.perf005 import money_reason
from tools.commentary import ReasonKind
from tools.findings import Finding
from tools.numbers import find_quantities
from tools.performance.judge import judge
from tools.performance.model import Indicator, Performance, SelfEvaluationForm
from tools.performance.scoring import AUTO, DEFAULT_SCORING, load_scoring
from tools.performance.wording import claims_achieved, measure_problem, vague_reason
from tools.profiles import Profile
from tools.text import strip_phrases
from tools.tolerance import HUNDRED, fmt

_PUNCT_RE = re.compile(r"[\s，,。．.；;：:、（）()“”\"'‘’]")
# NAR-009's direction words, plus the institutional changes that move money one way.
_INCREASE = (*INCREASE_WORDS, "并入", "划入")
_DECREASE = (*DECREASE_WORDS, "划出", "撤销")


def _amount(n: Num | Decimal | None) -> str:
    """An amount in 万元 at its printed precision (computed values at two decimals)."""
    if n is None:
        return "—"
    if isinstance(n, Num):
        return f"{fmt(n.value, n.decimals)}万元"
    return f"{fmt(n)}万元"


def _claim_kind(claim: Claim) -> ReasonKind | None:
    if claim.compared_with == "budget" or (claim.compared_with is None and claim.budget is not None):
        return "budget_deviation"
    if claim.compared_with == "prior_year" or claim.change is not None or claim.change_pct is not None:
        return "yoy_change"
    return None


def _direction_words(reason: str) -> tuple[bool, bool]:
    return any(w in reason for w in _INCREASE), any(w in reason for w in _DECREASE)


def _claim_direction(claim: Claim) -> Literal["increase", "decrease", "flat"] | None:
    final = stated_amount(claim)
    if claim.budget is not None and final is not None and claim.compared_with != "prior_year":
        gap = final.value - claim.budget.value
        return "increase" if gap > 0 else "decrease" if gap < 0 else "flat"
    return claim.direction


def _claim_facts(claim: Claim, kind: ReasonKind) -> list[str]:
    final = stated_amount(claim)
    out: list[str] = []
    if kind == "budget_deviation" and claim.budget is not None and final is not None:
        gap = final.value - claim.budget.value
        out.append(f"{claim.budget_kind or '年初预算'}数 {_amount(claim.budget)}")
        out.append(f"决算数 {_amount(final)}")
        word = "超出" if gap > 0 else "少于" if gap < 0 else "等于"
        out.append(f"决算数{word}预算数 {fmt(abs(gap))}万元")
        if claim.budget.value != 0:
            out.append(f"决算数为预算数的 {fmt(final.value * HUNDRED / claim.budget.value)}%")
        else:
            out.append("年初预算为0（年初未安排预算）")
        return out
    if final is not None:
        out.append(f"本年数 {_amount(final)}")
    if claim.change is not None:
        word = {"increase": "增加", "decrease": "减少"}.get(claim.direction or "", "变动")
        out.append(f"{word} {_amount(claim.change)}")
        if final is not None and claim.direction in ("increase", "decrease"):
            base = final.value - claim.change.value if claim.direction == "increase" else final.value + claim.change.value
            # '比年初预算数增加A万元' states the budget by difference, not the previous year.
            label = "年初预算数（由决算数与增减额推算）" if kind == "budget_deviation" else "上年数（由本年数与增减额推算）"
            out.append(f"{label}{fmt(base)}万元")
    if claim.change_pct is not None:
        word = {"increase": "增长", "decrease": "下降"}.get(claim.direction or "", "变动")
        out.append(f"{word} {fmt(claim.change_pct.value, claim.change_pct.decimals)}%")
    return out


def _stock_in(reason: str, stock: list[str]) -> list[str]:
    found = [p for p in stock if p in reason]
    # '专项经费增加' contains '经费增加': keep the longest phrase only.
    return [p for p in found if not any(p != q and p in q for q in found)]


def claim_reasons(accounts: FinalAccounts, profile: Profile, findings: list[Finding]) -> list[ReasonItem]:
    """Deviations the 情况说明 states that have a reason, or need one and have none."""
    seen: set[tuple[str, str]] = set()
    picked: list[tuple[Claim, ReasonKind]] = []
    for claim in accounts.claims:
        kind = _claim_kind(claim)
        if kind is None or claim.direction == "flat":
            continue
        key = (claim.subject, claim.sentence)
        if key in seen:
            continue
        size = change_size(claim)
        if size is None:
            continue
        reason = (claim.reason or "").strip()
        if not reason and not _needs_reason(size, profile):
            continue
        seen.add(key)
        picked.append((claim, kind))
    uses: dict[str, list[str]] = {}
    sizes: dict[str, set] = {}
    for claim, _ in picked:
        if claim.reason:
            key = reason_key(claim.reason)
            uses.setdefault(key, [])
            if claim.subject not in uses[key]:
                uses[key].append(claim.subject)
            sizes.setdefault(key, set()).add(deviation(claim))
    # As NAR-009: one cause for subjects that changed by the same money (收支总计 and 财政拨款收支总计
    # of a unit funded only by 财政拨款) is one change told twice, not a reused sentence.
    uses = {k: v for k, v in uses.items() if len(sizes[k]) >= profile.thresholds.reuse_count}
    names = _line_names(accounts)
    return [_claim_item(claim, kind, profile, uses, findings, names) for claim, kind in picked]


def _line_names(accounts: FinalAccounts) -> list[str]:
    """科目 names printed in the tables, as the cause text would write them (punctuation removed)."""
    names = {line.name for stmt in accounts.statements.values() for line in stmt.lines if line.name}
    return sorted({_PUNCT_RE.sub("", n) for n in names if len(n) >= 4}, key=len, reverse=True)


def _claim_item(
    claim: Claim,
    kind: ReasonKind,
    profile: Profile,
    uses: dict[str, list[str]],
    findings: list[Finding],
    names: list[str],
) -> ReasonItem:
    reason = (claim.reason or "").strip() or None
    direction = _claim_direction(claim)
    obs: list[str] = []
    stock: list[str] = []
    reused: list[str] = []
    contrary = False
    vague = None
    size = change_size(claim)
    if reason is None:
        obs.append("未说明原因")
    else:
        stock = _stock_in(reason, profile.vague_reasons)
        if stock:
            obs.append("原因含套话：" + "、".join(f"“{p}”" for p in stock))
        rest = content(reason, claim.subject, profile.vague_reasons)
        if len(rest) < profile.thresholds.reason_min_chars:
            vague = "只有套话或复述数字变化，未说明具体原因"
            obs.append("去掉套话和科目名称后几乎没有内容，只是复述了数字变化")
        elif (
            len(content(strip_phrases(_PUNCT_RE.sub("", reason), names, [], []), claim.subject, profile.vague_reasons))
            < profile.thresholds.reason_min_chars
        ):
            # '国有土地使用权出让收入安排的支出、城市基础设施配套费安排的支出增加' says which 科目
            # grew, not why they grew.
            vague = "只列出了发生变化的科目，未说明变化的原因"
            obs.append("原因只列出了发生变化的科目名称，没有说明这些科目为什么变化")
        up, down = _direction_words(reason)
        if (direction == "increase" and down and not up) or (direction == "decrease" and up and not down):
            contrary = True
            word = "增加" if direction == "increase" else "减少"
            other = "减少" if direction == "increase" else "增加"
            obs.append(f"数据为{word}，原因却只讲{other}方面的因素")
        others = [s for s in uses.get(reason_key(reason), []) if s != claim.subject]
        if len(others) + 1 >= profile.thresholds.reuse_count:
            reused = others
            obs.append(f"同一原因说明还用于{len(others)}个其他项目：" + "、".join(others))
        if size is not None and not has_number(reason):
            _, pct, _ = size
            big_pct = pct is not None and pct >= 100
            obs.append("原因中没有金额或数量" + (f"，而变动幅度达{fmt(pct)}%" if big_pct else ""))
    return ReasonItem(
        key="",
        id=fingerprint(kind, claim.subject, claim.page, claim.sentence, reason),
        kind=kind,
        subject=claim.subject,
        location=claim.location(),
        facts=_claim_facts(claim, kind),
        direction=direction,
        reason=reason,
        observations=obs,
        findings=[f.id for f in findings if f.location.sentence and f.location.sentence == claim.sentence],
        sentence=claim.sentence,
        stock=stock,
        reused_with=reused,
        contrary=contrary,
        vague=vague,
        material=_material(size, profile),
        zero_base=kind == "budget_deviation" and claim.budget is not None and claim.budget.value == 0,
        suspicious=instruction_like(reason) or instruction_like(claim.sentence),
    )


def _material(size: tuple[Decimal, Decimal | None, bool] | None, profile: Profile) -> bool:
    """The change reaches the profile's thresholds: its reason should say how much."""
    if size is None:
        return False
    amount, pct, _ = size
    th = profile.thresholds
    return amount >= th.change_amount or (pct is not None and pct >= th.change_pct)


def _needs_reason(size: tuple[Decimal, Decimal | None, bool], profile: Profile) -> bool:
    """NAR-008's test: a material change, or any change from a zero base, needs a stated reason.

    (From a zero base the whole amount is the change, so its reason need not restate it.)
    """
    amount, _, zero_base = size
    return amount != 0 and (zero_base or _material(size, profile))


def has_number(text: str) -> bool:
    """The text states an amount, a percentage or a count (years and dates are timing, not size)."""
    return any(q.kind in ("amount", "percent", "count", "number") for q in find_quantities(text))


def indicator_reasons(perf: Performance, profile: Profile, findings: list[Finding]) -> list[ReasonItem]:
    """Indicators that missed their target, lost points or far exceeded it; and low execution rates."""
    out: list[ReasonItem] = []
    for form in perf.forms:
        prof = load_scoring(form.scoring or (profile.scoring if profile.scoring != AUTO else DEFAULT_SCORING))
        out.extend(_execution_item(form, prof.execution.reason_below, findings))
        for ind in form.indicators:
            item = _indicator_item(form, ind, prof.indicators.over_achievement, profile, findings)
            if item is not None:
                out.append(item)
    return out


def _execution_item(form: SelfEvaluationForm, below: Decimal, findings: list[Finding]) -> list[ReasonItem]:
    line = budget_line(form)
    if line is None or line.budget is None or line.executed is None or line.budget.value == 0:
        return []
    rate = line.executed.value * HUNDRED / line.budget.value
    if rate >= below:
        return []
    reason = money_reason(form)
    loc = line.location("执行率")
    facts = [
        f"全年预算数 {_amount(line.budget)}",
        f"全年执行数 {_amount(line.executed)}",
        f"执行率 {fmt(rate)}%（需说明原因的门槛 {fmt(below, 0)}%）",
    ]
    obs = ["未说明资金未执行的原因"] if not reason else []
    return [
        ReasonItem(
            key="",
            id=fingerprint("execution", form.label, form.page, reason),
            kind="execution",
            subject=f"{form.label} 预算执行率",
            location=loc.model_copy(update={"table": loc.table or form.title}),
            facts=facts,
            direction="decrease",
            reason=one_line(reason, 400) if reason else None,
            observations=obs,
            findings=[f.id for f in findings if f.rule == "PERF-005" and form.label in f.message],
            material=True,
            suspicious=instruction_like(reason),
        )
    ]


def _indicator_item(
    form: SelfEvaluationForm, ind: Indicator, over: Decimal, profile: Profile, findings: list[Finding]
) -> ReasonItem | None:
    j = judge(ind)
    unmet = ind.status == "未完成" or j.outcome == "unmet"
    lost = ind.weight is not None and ind.score is not None and ind.score.value < ind.weight.value
    exceeded = j.deviation is not None and j.deviation >= over
    reason = reason_for(form, ind)
    reason = reason.strip() if reason else None
    # A far exceeded target whose score was already cut for the deviation is treated as the
    # scoring rules prescribe; it needs a reason only at full marks (PERF-009) or if one is given.
    if exceeded and lost and not unmet and reason is None:
        return None
    if not (unmet or lost or exceeded):
        return None
    facts = [f"指标值 {value_text(ind.target)}", f"实际完成值 {value_text(ind.actual)}"]
    if ind.weight is not None:
        facts.append(f"分值 {ind.weight.raw or fmt(ind.weight.value, ind.weight.decimals)}")
    if ind.score is not None:
        facts.append(f"得分 {ind.score.raw or fmt(ind.score.value, ind.score.decimals)}")
    if j.ratio is not None and unmet:
        facts.append(f"完成比例 {fmt(j.ratio * HUNDRED)}%")
    if exceeded and j.deviation is not None:
        facts.append(f"超出指标值 {fmt(j.deviation)}%（偏离度门槛 {fmt(over, 0)}%）")
    obs: list[str] = []
    contrary = False
    vague = None
    problem = None
    stock: list[str] = []
    if reason is None:
        obs.append("未填写偏差原因及改进措施")
    else:
        if unmet and claims_achieved(reason):
            contrary = True
            obs.append("原因称已完成，但实际完成值未达到指标值")
        stock = _stock_in(reason, profile.vague_reasons)
        if stock:
            obs.append("原因含套话：" + "、".join(f"“{p}”" for p in stock))
        vague = vague_reason(reason, ind.name, profile.vague_reasons)
        if vague:
            obs.append(f"原因{vague}")
        problem = measure_problem(reason)
        if problem:
            obs.append(problem)
    state = "未完成" if unmet else "扣分" if lost else "大幅超出指标值"
    loc = where(form, ind, "未完成原因分析")
    return ReasonItem(
        key="",
        id=fingerprint("indicator", form.label, ind.name, ind.page, reason),
        kind="indicator",
        subject=f"{form.label} 指标“{ind.name}”（{state}）",
        location=loc,
        facts=facts,
        direction="decrease" if unmet or lost else "increase",
        reason=one_line(reason, 400) if reason else None,
        observations=obs,
        findings=[f.id for f in findings if f.location.table == loc.table and f.location.row == loc.row],
        stock=stock,
        contrary=contrary,
        vague=vague,
        measure_problem=problem,
        # A number or a date to reach: a reason should say by how much it was missed.
        material=ind.target is not None and (ind.target.number is not None or ind.target.date is not None),
        suspicious=instruction_like(reason),
    )
