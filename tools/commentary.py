"""Commentary in the findings contract: explanations, reason assessments and 整改措施 drafts, each with its source.

These are plain data (additive fields of `fiscal-review/findings@1`); the agent layer fills them,
from a model when one is configured and from deterministic templates otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.location import Location

CauseCategory = Literal["录入错误", "尾数误差", "口径不一致", "科目调整/串户", "结转结余", "跨表引用错误", "其他"]
"""Likely cause of a finding, as a 财政局 reviewer would classify it."""
Verdict = Literal["充分", "笼统", "缺失", "与数据矛盾"]
"""Whether a stated reason explains its deviation."""
MissingElement = Literal["驱动因素", "金额", "科目", "时间"]
"""What a reason lacks: the concrete driver, its amount, the 科目/indicator it ties to, the timing."""
ReasonKind = Literal["budget_deviation", "yoy_change", "indicator", "execution"]
"""决算 vs 年初预算; change against the previous year; a 绩效 indicator not met or off target; a low 预算执行率."""
SourceKind = Literal["template", "model"]

CAUSES: tuple[str, ...] = CauseCategory.__args__  # type: ignore[attr-defined]
VERDICTS: tuple[str, ...] = Verdict.__args__  # type: ignore[attr-defined]
MISSING: tuple[str, ...] = MissingElement.__args__  # type: ignore[attr-defined]


class _Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Source(_Contract):
    """Who wrote a text: the deterministic templates, or a named model."""

    kind: SourceKind
    model: str | None = None
    """Model and provider ('deepseek-chat（DeepSeek）') when kind is 'model'."""
    note: str | None = None
    """Why a template stands where a model was asked (guard, timeout, invalid output…)."""


TEMPLATE = Source(kind="template")


class Explanation(_Contract):
    """What a finding means, in plain Chinese, for a reviewer to forward."""

    text: str
    cause: CauseCategory
    checks: list[str] = Field(default_factory=list)
    """What to check to settle the finding, most telling first."""
    source: Source = TEMPLATE


class Assessment(_Contract):
    """Whether a stated reason (决算 deviation, YoY change, 未完成原因/偏差原因) explains its numbers."""

    id: str
    """Stable fingerprint of the reason (kind, subject, location, text)."""
    kind: ReasonKind
    subject: str
    """What deviated ('机关运行经费', '《某项目》绩效自评表 指标“实用新型授权”')."""
    location: Location
    facts: list[str] = Field(default_factory=list)
    """The deviation in numbers, computed by the tools ('年初预算 35.10万元', '增加 379.24万元')."""
    reason: str | None = None
    """The reason as printed; None when none is given."""
    verdict: Verdict
    rationale: str
    missing: list[MissingElement] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)
    """Ids of findings about this reason (NAR-008/009, PERF-011/012…)."""
    source: Source = TEMPLATE


class Draft(_Contract):
    """A 整改措施 paragraph in the official register: 问题—原因—措施—责任—时限."""

    id: str
    target: Literal["finding", "indicator"]
    """What the draft answers: findings of one rule, or one indicator that missed its target."""
    subject: str
    """Short title ('公开05表合计与明细不符', '指标“实用新型授权”未完成')."""
    findings: list[str] = Field(default_factory=list)
    """Ids of the findings the draft answers."""
    location: Location
    problem: str
    cause: str
    measures: list[str] = Field(default_factory=list)
    responsible: str
    deadline: str
    """Proposed timing; always a suggestion for the unit to confirm."""
    deadline_suggested: bool = True
    text: str
    """The paragraph as a unit would adopt it."""
    source: Source = TEMPLATE


class Usage(_Contract):
    """Model traffic of one review."""

    calls: int = 0
    """Requests sent to the model (retries included)."""
    input_tokens: int = 0
    output_tokens: int = 0
    cached_calls: int = 0
    """Calls answered from the local cache (no tokens spent)."""


class CommentaryInfo(_Contract):
    """How the commentary was produced."""

    source: Literal["template", "model", "mixed"]
    model: str | None = None
    prompts: list[str] = Field(default_factory=list)
    """Prompt files used ('explain_findings.v1')."""
    usage: Usage = Usage()
    notes: list[str] = Field(default_factory=list)
    """Fallbacks and notices, in Chinese."""
