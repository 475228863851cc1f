"""What the commentary is about, selected deterministically from a review: findings to explain,
stated reasons to assess and problems to draft 整改措施 for — each with the facts the tools computed.

The same items feed the templates (offline) and the prompts (with a model), so both speak about
exactly the same things; a model only ever sees these views, never the raw document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.facts import FactBook
from agent.guard import instruction_like
from agent.lookup import FindingView, one_line, value_text
from tools.accounts.model import FinalAccounts
from tools.checks.perf._common import reason_for, where
from tools.checks.registry import get as get_rule
from tools.commentary import ReasonKind
from tools.findings import SEVERITY_ORDER, Finding, FindingsReport, Location
from tools.performance.judge import judge
from tools.performance.model import Indicator, Performance, SelfEvaluationForm
from tools.profiles import Profile
from tools.render import SEVERITY_LABELS

KIND_CN: dict[str, str] = {
    "budget_deviation": "决算数与年初预算数的差异",
    "yoy_change": "与上年相比的增减变化",
    "indicator": "绩效指标未完成或偏离指标值",
    "execution": "预算执行率偏低",
}
# Findings about how the file was read, not about what it says: nothing for a unit to correct.
READING_RULES = ("ING-",)
# Rule groups larger than this are explained once, with a few instances shown.
GROUP_AT = 4
SHOWN = 3


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


def fingerprint(*parts: object) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


class ExplainItem(_Item):
    """A finding to explain, or a group of same-rule findings explained once."""

    key: str
    """Short key the prompt uses ('F1')."""
    rule: str
    rule_title: str
    severity: str
    """Chinese severity of the worst instance."""
    count: int
    finding_ids: list[str]
    shown: list[FindingView]
    """The finding itself, or the first few of the group."""
    suspicious: bool = False
    """Some quoted text reads as an instruction to a model: the item is never sent to one."""

    @property
    def group(self) -> bool:
        return self.count > 1


class ReasonItem(_Item):
    """A stated (or missing) reason for a deviation, with the deviation in numbers."""

    key: str
    id: str
    kind: ReasonKind
    subject: str
    location: Location
    facts: list[str]
    """The deviation, computed by the tools, as Chinese lines."""
    direction: Literal["increase", "decrease", "flat"] | None = None
    """Direction of the deviation by the arithmetic (for an indicator: 'decrease' when short)."""
    reason: str | None = None
    observations: list[str] = Field(default_factory=list)
    """What a reviewer sees at once: missing text, stock phrases, reuse, contrary direction."""
    findings: list[str] = Field(default_factory=list)
    sentence: str | None = None
    """The sentence (or row) the deviation is stated in."""
    stock: list[str] = Field(default_factory=list)
    """Stock phrases found in the reason."""
    reused_with: list[str] = Field(default_factory=list)
    """Other subjects the same reason sentence is given for."""
    contrary: bool = False
    """The reason names only drivers of the opposite direction (or claims success on a miss)."""
    vague: str | None = None
    """Why the reason is too vague to act on, when it is."""
    measure_problem: str | None = None
    """For an indicator: what the 改进措施 part lacks."""
    material: bool = False
    """The deviation is large enough that its reason should say how much (profile thresholds;
    any quantitative or dated indicator; any low execution rate)."""
    zero_base: bool = False
    """The base was zero (年初未安排预算): saying what the money was for names its driver."""
    suspicious: bool = False


class DraftItem(_Item):
    """A problem a unit must correct: the findings of one rule, or one indicator that missed its target."""

    key: str
    id: str
    target: Literal["finding", "indicator"]
    subject: str
    rule: str | None = None
    rule_title: str | None = None
    severity: str | None = None
    findings: list[str] = Field(default_factory=list)
    location: Location
    count: int = 1
    problems: list[str]
    """What is wrong, one line per instance shown (messages or the indicator's numbers)."""
    reason: str | None = None
    """The reason the document gives, when it gives one."""
    unit: str | None = None
    """Who answers for the correction (the reporting or implementing unit)."""
    year: int | None = None
    suspicious: bool = False


class Items(_Item):
    """Everything the commentary covers in one review."""

    explain: list[ExplainItem] = Field(default_factory=list)
    """Findings a model explains (errors and warnings)."""
    explain_template: list[ExplainItem] = Field(default_factory=list)
    """Findings only templates explain (尾数误差 and reading notes): nothing for a model to add."""
    reasons: list[ReasonItem] = Field(default_factory=list)
    drafts: list[DraftItem] = Field(default_factory=list)


# ------------------------------------------------------------------------------ findings


def explain_items(findings: list[Finding]) -> tuple[list[ExplainItem], list[ExplainItem]]:
    """(for the model, for templates only): errors and warnings by rule, small groups one by one."""
    by_rule: dict[tuple[str, bool], list[Finding]] = {}
    for f in findings:
        template_only = f.severity == "info" or f.rule.startswith(READING_RULES)
        by_rule.setdefault((f.rule, template_only), []).append(f)
    model: list[ExplainItem] = []
    template: list[ExplainItem] = []
    n = 0
    for (rule, template_only), group in by_rule.items():
        chunks = [group] if len(group) >= GROUP_AT else [[f] for f in group]
        for chunk in chunks:
            n += 1
            worst = min(chunk, key=lambda f: SEVERITY_ORDER[f.severity])
            shown = [FindingView.of(f) for f in chunk[:SHOWN]]
            item = ExplainItem(
                key=f"F{n}",
                rule=rule,
                rule_title=_rule_title(rule),
                severity=SEVERITY_LABELS[worst.severity],
                count=len(chunk),
                finding_ids=[f.id for f in chunk],
                shown=shown,
                suspicious=any(_hostile(f) for f in chunk),
            )
            (template if template_only else model).append(item)
    return model, template


def _rule_title(code: str) -> str:
    try:
        return get_rule(code).summary
    except KeyError:
        return "抽取提示（页面无法读取或格式问题）" if code.startswith("ING-") else code


def _hostile(f: Finding) -> bool:
    return any(instruction_like(t) for t in (f.message, f.actual, f.location.sentence, *f.evidence))


# ------------------------------------------------------------------------------ drafts


def draft_items(
    findings: list[Finding],
    perf: Performance,
    unit: str | None,
    year: int | None,
    only: Iterable[str] | None = None,
) -> list[DraftItem]:
    """Errors and warnings grouped by rule, then each indicator that missed its target.

    Args:
        only: finding ids; each becomes its own draft and nothing else is drafted.
    """
    wanted = set(only) if only is not None else None
    out: list[DraftItem] = []
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if wanted is not None:
            if f.id in wanted:
                groups[f.id] = [f]
            continue
        if f.severity == "info" or f.rule.startswith(READING_RULES):
            continue
        groups.setdefault(f.rule, []).append(f)
    for group in groups.values():
        first = group[0]
        worst = min(group, key=lambda f: SEVERITY_ORDER[f.severity])
        out.append(
            DraftItem(
                key="",
                id=fingerprint("finding", [f.id for f in group]),
                target="finding",
                subject=_rule_title(first.rule),
                rule=first.rule,
                rule_title=_rule_title(first.rule),
                severity=SEVERITY_LABELS[worst.severity],
                findings=[f.id for f in group],
                location=first.location,
                count=len(group),
                problems=[f"{f.location.describe()}：{f.message}" for f in group[:SHOWN]],
                unit=unit,
                year=year,
                suspicious=any(_hostile(f) for f in group),
            )
        )
    if wanted is None:
        for form in perf.forms:
            for ind in form.indicators:
                item = _indicator_draft(form, ind, unit, year)
                if item is not None:
                    out.append(item)
    return [d.model_copy(update={"key": f"D{i}"}) for i, d in enumerate(out, 1)]


def _indicator_draft(form: SelfEvaluationForm, ind: Indicator, unit: str | None, year: int | None) -> DraftItem | None:
    j = judge(ind)
    if not (ind.status == "未完成" or j.outcome == "unmet"):
        return None
    reason = reason_for(form, ind)
    facts = f"指标值 {value_text(ind.target)}，实际完成值 {value_text(ind.actual)}"
    if ind.weight is not None and ind.score is not None:
        facts += f"，分值 {ind.weight.raw}，得分 {ind.score.raw}"
    loc = where(form, ind, "实际完成值")
    return DraftItem(
        key="",
        id=fingerprint("indicator", form.label, ind.name, ind.page),
        target="indicator",
        subject=f"{form.label} 指标“{ind.name}”未完成",
        findings=[],
        location=loc,
        problems=[f"{loc.describe()}：{facts}"],
        reason=one_line(reason, 400) if reason else None,
        unit=form.implementer or form.department or unit,
        year=form.year or year,
        suspicious=instruction_like(reason),
    )


# ------------------------------------------------------------------------------ all


def collect(
    report: FindingsReport,
    accounts: FinalAccounts | None,
    performance: Performance,
    profile: Profile,
) -> Items:
    """Every item of one review, in document order, with short prompt keys."""
    findings = report.findings
    explain, template = explain_items(findings)
    # NOTE: imported here because agent.reasons builds the ReasonItems defined in this module.
    from agent.reasons import claim_reasons, indicator_reasons

    reasons: list[ReasonItem] = []
    if accounts is not None:
        reasons += claim_reasons(accounts, profile, findings)
    reasons += indicator_reasons(performance, profile, findings)
    reasons = [r.model_copy(update={"key": f"R{i}"}) for i, r in enumerate(reasons, 1)]
    drafts = draft_items(findings, performance, report.document.unit, report.document.year)
    return Items(explain=explain, explain_template=template, reasons=reasons, drafts=drafts)


def item_facts(texts: Iterable[str | None]) -> FactBook:
    """The numbers one item quotes (its evidence, sentence and reason)."""
    book = FactBook()
    book.add_texts(texts)
    return book


def explain_texts(item: ExplainItem) -> list[str | None]:
    out: list[str | None] = [str(item.count)]
    for v in item.shown:
        out += [v.message, v.sentence, v.expected, v.actual, v.difference, *v.evidence, v.location, *v.related]
    return out


def reason_texts(item: ReasonItem) -> list[str | None]:
    return [*item.facts, item.reason, item.sentence, *item.observations, item.subject]


def draft_texts(item: DraftItem) -> list[str | None]:
    return [*item.problems, item.reason, item.subject, str(item.count), str(item.year or "")]
