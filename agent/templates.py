"""Offline commentary: deterministic templates that explain findings, assess stated reasons and draft 整改措施.

Pure functions of one item each (no clock, no randomness). Every number they write is quoted from
the item's own texts (`agent.items.explain_texts` / `reason_texts` / `draft_texts`): the rule and
remedy texts carry no figures, and each composed text is checked against the item's facts, falling
back to a variant without quoted figures should a quotation ever read differently in its new context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from agent.facts import FactBook
from agent.guard import unverified
from agent.items import (
    DraftItem,
    ExplainItem,
    ReasonItem,
    draft_texts,
    explain_texts,
    item_facts,
    reason_texts,
)
from agent.template_reasons import indicator_name, missing_elements
from agent.template_remedies import (
    ERROR_DEADLINE,
    INDICATOR,
    INDICATOR_DEADLINE,
    INDICATOR_STATED,
    ROUNDING_REMEDY,
    WARNING_DEADLINE,
    remedy,
)
from agent.template_rules import ROUNDING, RuleText, cause_of, rule_text
from tools.commentary import (
    Assessment,
    CauseCategory,
    Draft,
    Explanation,
    MissingElement,
    Verdict,
)
from tools.location import Location

CAUSE_NOTES: dict[str, str] = {
    "录入错误": "从数字看，最可能是从决算报表系统导出或填表时的录入、抄写错误。",
    "尾数误差": "差额在四舍五入允许的范围内，属于尾数误差，不是实质性错误，一般可不作更正。",
    "口径不一致": "从数字看，相关数字很可能按不同口径（统计范围或计算基数）得出，应统一口径或在文中写明口径。",
    "科目调整/串户": "从数字看，可能是支出列错了科目（串户），或科目调整后仍沿用了旧科目、旧名称。",
    "结转结余": "问题出在结转结余的衔接上，常见原因是年初、年末结转和结余填报有误或未随调整更新。",
    "跨表引用错误": "多半是一处引用另一处的数字时取错了行、栏或版本，或一处更新后另一处未同步修改。",
    "其他": "",
}
# Score and form arithmetic is typed into the form, not exported from the 决算 system.
FORM_TYPO_NOTE = "从数字看，最可能是填表时的录入或计算错误。"
FORM_FAMILIES = ("PERF-", "EVAL-")
ROUNDING_NOTE = "各数分别四舍五入后再相加，合计与明细的末位可能略有出入，这在公开数据中很常见。"
ROUNDING_CHECKS = (
    "核对决算报表系统中{place}的原始数据，确认差额仅由四舍五入造成",
    "如需消除差异，以决算报表系统数据为准统一调整尾数，并保持各表一致",
)
NOWHERE = "问题所在位置"
NUMERALS = "一二三四五六七八九十"
# Examples quoted in a group explanation, and the longest reason quoted in a rationale.
EXAMPLES = 2
QUOTE_CHARS = 60


# ------------------------------------------------------------------------------ shared


def _safe(candidates: Iterable[str], book: FactBook, *, allow_time: bool = False) -> str:
    """The first candidate whose numbers are all facts, else the last (which quotes only the item's labels)."""
    options = list(candidates)
    for text in options:
        if not unverified(text, book, allow_time=allow_time):
            return text
    return options[-1]


def _bare(text: str | None) -> str:
    """A quoted message without its closing punctuation, so it can go inside a sentence."""
    return (text or "").strip().rstrip("。；;，, ")


def _place(location: str | None) -> str:
    """'第1页 / 支出决算表 / 212 城乡社区支出 / 合计' → '第1页“支出决算表”“212 城乡社区支出”“合计”'."""
    if not location or location == "全文":
        return "全文"
    parts = [p.strip() for p in location.split(" / ") if p.strip()]
    head = parts.pop(0) if parts and re.fullmatch(r"第\d+页", parts[0]) else ""
    return head + "".join(f"“{p}”" for p in parts)


def _where(loc: Location) -> str:
    """A location as a measure names it: page, table, row ('行'), column ('栏') or section ('部分')."""
    out = f"第{loc.page}页" if loc.page else ""
    if loc.table:
        out += f"“{loc.table}”"
    if loc.row:
        out += f"“{loc.row}”行"
    if loc.column:
        out += f"“{loc.column}”栏"
    if loc.section:
        out += f"“{loc.section}”部分"
    return out or NOWHERE


def _quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` cut to about `limit` characters at a clause boundary, never inside a number."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = max((text.rfind(p, 0, limit) for p in "，,；;。、"), default=-1)
    if cut < limit // 2:
        cut = limit
        while cut > 0 and re.search(r"\d", text[max(0, cut - 3) : cut + 1]):
            cut -= 1
    return text[:cut].rstrip("，,；;。、 ") + "…"


# ------------------------------------------------------------------------------ explain


def explain(item: ExplainItem) -> Explanation:
    """What a finding (or a group of same-rule findings) means, why it matters, its likely cause and what to check."""
    spec = rule_text(item.rule)
    views = item.shown
    cause = cause_of(item.rule, [v.message for v in views], [(v.expected, v.actual) for v in views])
    book = item_facts(explain_texts(item))
    text = _safe(
        [_explain_text(item, spec, cause, EXAMPLES), _explain_text(item, spec, cause, 1),
         _explain_text(item, spec, cause, 0)],
        book,
    )
    return Explanation(text=text, cause=cause, checks=_checks(item, spec, cause, book))


def _cause_note(rule: str, cause: CauseCategory) -> str:
    if cause == "录入错误" and rule.startswith(FORM_FAMILIES):
        return FORM_TYPO_NOTE
    return CAUSE_NOTES[cause]


def _explain_text(item: ExplainItem, spec: RuleText, cause: CauseCategory, examples: int) -> str:
    """The explanation quoting up to `examples` findings (0: none, figure-free but for the count)."""
    # A rounding gap is no error: the rule's "why it matters" would say the opposite of the cause.
    impact = ROUNDING_NOTE if cause == "尾数误差" else spec.impact
    tail = impact + _cause_note(item.rule, cause)
    quoted = [_bare(v.message) for v in item.shown[:examples] if v.message]
    if item.group:
        lead = f"同类问题共{item.count}处（{spec.title}）：{spec.meaning}"
        if quoted:
            lead += "例如，" + "；".join(quoted) + "。"
        return lead + tail
    if quoted:
        return f"{quoted[0]}。这属于“{spec.title}”：{spec.meaning}{tail}"
    return f"此处存在“{spec.title}”问题：{spec.meaning}{tail}"


def _checks(item: ExplainItem, spec: RuleText, cause: CauseCategory, book: FactBook) -> list[str]:
    first = item.shown[0] if item.shown else None
    place = _place(first.location) if first else NOWHERE
    other = _place(first.related[0]) if first and first.related else "另一处对应的数字"
    templates = ROUNDING_CHECKS if cause == "尾数误差" else spec.checks
    out: list[str] = []
    for template in templates[:3]:
        out.append(
            _safe(
                [template.format(place=place, other=other), template.format(place=NOWHERE, other="另一处对应的数字")],
                book,
            )
        )
    if item.group and len(out) < 3:
        out.append(f"其余各处（共{item.count}处）逐一按同样方法核对")
    return out


# ------------------------------------------------------------------------------ assess

MISSING_CN: dict[str, str] = {
    "驱动因素": "具体因素",
    "金额": "涉及的金额或数量",
    "科目": "对应的科目、项目或指标",
    "时间": "发生的时间",
}


def assess(item: ReasonItem) -> Assessment:
    """Verdict on a stated reason (缺失 / 与数据矛盾 / 笼统 / 充分), what it lacks and why, citing the facts."""
    missing = missing_elements(item)
    verdict = _verdict(item, missing)
    book = item_facts(reason_texts(item))
    variants = ((True, True), (False, True), (False, False))
    rationale = _safe([_rationale(item, verdict, missing, facts=f, quote=q) for f, q in variants], book)
    return Assessment(
        id=item.id,
        kind=item.kind,
        subject=item.subject,
        location=item.location,
        facts=item.facts,
        reason=item.reason,
        verdict=verdict,
        rationale=rationale,
        missing=missing,
        findings=item.findings,
    )


def _verdict(item: ReasonItem, missing: list[MissingElement]) -> Verdict:
    if item.reason is None:
        return "缺失"
    if item.contrary:
        return "与数据矛盾"
    if item.vague or item.reused_with or "驱动因素" in missing:
        return "笼统"
    return "充分"


def _headline(item: ReasonItem) -> str:
    """The deviation in the item's own facts ('机关运行经费支出增加379.24万元，增长1080.46%')."""
    if item.kind == "indicator":
        keep = ("指标值", "实际完成值", "完成比例", "超出指标值", "得分")
    elif item.kind == "execution":
        keep = ("全年预算数", "全年执行数", "执行率")
    else:
        keep = ("增加", "减少", "增长", "下降", "变动", "年初预算数", "全年预算数", "决算数 ", "决算数超出", "决算数少于")
    facts = [f for f in item.facts if f.startswith(keep)][:4] or item.facts[:3]
    text = "，".join(re.sub(r"(?<=[^\d\s]) (?=[\d\-−空])", "", f) for f in facts)
    if not text:
        return item.subject
    # '机关运行经费支出增加…' reads as one clause; '…行政运行(项)：年初预算数…' needs the colon.
    sep = "" if text.startswith(("增加", "减少", "增长", "下降")) else "："
    return f"{item.subject}{sep}{text}"


def _rationale(item: ReasonItem, verdict: Verdict, missing: list[MissingElement], *, facts: bool, quote: bool) -> str:
    """1–3 sentences: the deviation in numbers (`facts`), the reason as printed (`quote`), the judgement."""
    head = _headline(item) if facts else item.subject
    said = f"“{_quote(item.reason)}”" if quote and item.reason else ""
    lacks = "、".join(MISSING_CN[m] for m in missing if m != "驱动因素")
    if verdict == "缺失":
        what = {
            "indicator": "自评表未填写偏差原因及改进措施",
            "execution": "自评表未说明资金未执行的原因",
        }.get(item.kind, "但情况说明未说明原因")
        return f"{head}，{what}。应写明具体因素、涉及的金额或数量及对应的科目或指标。"
    if verdict == "与数据矛盾":
        if item.kind == "indicator":
            return f"{head}，实际完成值未达到指标值，原因{said}却称已完成，与数据矛盾。"
        up = item.direction == "increase"
        return (
            f"{head}，数据为{'增加' if up else '减少'}，原因{said}却只讲{'减少' if up else '增加'}方面的因素，"
            f"与数据方向相反。"
        )
    if verdict == "笼统":
        text = f"{head}，原因只写{said or '了笼统的表述'}，{_why_vague(item)}。"
        return text + (f"还应写明{lacks}。" if lacks else "")
    text = f"{head}，原因{said}点明了具体因素，能够解释这一变动。"
    return text + (f"但未写明{lacks}，建议补充。" if lacks else "")


def _why_vague(item: ReasonItem) -> str:
    word = {"increase": "增加", "decrease": "减少"}.get(item.direction or "", "变动")
    if item.reused_with and not item.vague:
        others = "、".join(f"“{s}”" for s in item.reused_with[:3])
        return f"同一句原因还用于{others}等项目，没有针对本项说明"
    if item.kind in ("indicator", "execution") and item.vague:
        return item.vague
    reason = item.reason or ""
    noun = "经费" if "经费" in reason else "支出" if "支出" in reason else "因素"
    if item.stock:
        return f"“{'”“'.join(item.stock)}”是套话，未说明是哪项{noun}、{word}多少"
    if item.vague:
        return f"只是套话或复述了数字变化，未说明是哪项{noun}、{word}多少"
    return "没有点明具体的驱动因素（项目、政策、机构或人员变化）"


# ------------------------------------------------------------------------------ draft

_QUOTED_NUMBER = re.compile(r"“[^”]*\d[^”]*”")


def draft_text(problem: str, cause: str, measures: Sequence[str], responsible: str, deadline: str) -> str:
    """The 整改措施 paragraph in the register 问题—原因—措施—责任—时限 (templates and models alike)."""
    steps = "；".join(f"（{NUMERALS[i]}）{_bare(m)}" for i, m in enumerate(measures[: len(NUMERALS)]))
    return (
        f"问题：{_bare(problem)}。原因：{_bare(cause)}。整改措施：{steps}。"
        f"责任：{_bare(responsible)}。时限：{_bare(deadline)}（建议时限，请结合实际确定）。"
    )


class _Parts(NamedTuple):
    subject: str
    problem: str
    cause: str
    measures: list[str]
    responsible: str
    deadline: str



def draft(item: DraftItem) -> Draft:
    """A 整改措施 paragraph (问题—原因—措施—责任—时限) for findings of one rule or one missed indicator."""
    book = item_facts(draft_texts(item))
    unit = _unit(item, book)
    parts = _indicator_parts(item, unit) if item.target == "indicator" else _finding_parts(item, unit)
    subject, responsible, deadline = parts.subject, parts.responsible, parts.deadline
    problem = _safe([parts.problem, f"{subject}（{_where(item.location)}）", subject], book, allow_time=True)
    # Fallbacks drop a quotation holding a number that reads differently out of its context.
    cause = _safe([parts.cause, _QUOTED_NUMBER.sub("", parts.cause)], book, allow_time=True)
    measures = [_safe([m, _QUOTED_NUMBER.sub("相关内容", m)], book, allow_time=True) for m in parts.measures]
    text = draft_text(problem, cause, measures, responsible, deadline)
    return Draft(
        id=item.id,
        target=item.target,
        subject=subject,
        findings=item.findings,
        location=item.location,
        problem=_bare(problem),
        cause=_bare(cause),
        measures=measures,
        responsible=responsible,
        deadline=deadline,
        deadline_suggested=True,
        text=text,
    )


def _unit(item: DraftItem, book: FactBook) -> str | None:
    """The unit's name, unless it holds a number the item does not state (the guard would refuse it)."""
    if item.unit and not unverified(item.unit, book):
        return item.unit
    return None


def _problem_line(line: str) -> str:
    """'第1页 / 表 / 行 / 栏：message' → 'message（第1页“表”“行”“栏”）'."""
    where, sep, message = line.partition("：")
    if not sep or not (where == "全文" or where.startswith("第")):
        return _bare(line)
    return f"{_bare(message)}（{_place(where)}）"


def _finding_parts(item: DraftItem, unit: str | None) -> _Parts:
    spec = rule_text(item.rule or "")
    rem = remedy(item.rule)
    if item.problems and all(ROUNDING.search(p) for p in item.problems):
        rem = ROUNDING_REMEDY
    lines = [_problem_line(p) for p in item.problems]
    problem = "；".join(lines)
    if item.count > 1:
        problem = f"共{item.count}处{spec.title}，例如：{problem}"
    where = _where(item.location)
    measures = [m.format(where=where) for m in rem.measures[:4]]
    responsible = f"{unit or '本单位'}{rem.post}"
    deadline = rem.deadline or (ERROR_DEADLINE if item.severity == "错误" else WARNING_DEADLINE)
    return _Parts(spec.title, problem, rem.cause, measures, responsible, deadline)


def _indicator_parts(item: DraftItem, unit: str | None) -> _Parts:
    rem = INDICATOR_STATED if item.reason else INDICATOR
    name = indicator_name(item.subject) or item.subject
    problem = f"{item.subject}：" + "；".join(_problem_line(p) for p in item.problems)
    cause = rem.cause.format(reason=_quote(item.reason or ""))
    measures = [m.format(name=name) for m in rem.measures]
    who = f"{unit}（项目实施单位）" if unit else "项目实施单位"
    return _Parts(item.subject, problem, cause, measures, who + rem.post, rem.deadline or INDICATOR_DEADLINE)
