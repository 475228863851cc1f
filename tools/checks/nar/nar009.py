"""NAR-009: causes are specific — not a stock phrase, not the number restated, not reused for many items."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.accounts.model import Claim
from tools.checks.base import Context, related, rule
from tools.findings import Finding
from tools.text import strip_phrases

# Words that carry no explanation on their own: lead-ins, fund and table vocabulary, direction verbs.
# What is left of a cause once these, the stock phrases and the subject are removed is its content.
_GENERIC = (
    "主要原因是",
    "主要原因为",
    "主要原因",
    "原因是",
    "原因为",
    "原因",
    "主要是",
    "主要用于",
    "主要",
    "由于",
    "因为",
    "所致",
    "导致",
    "造成",
    "相应",
    "有所",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "财政拨款",
    "决算数",
    "预算数",
    "年初预算",
    "全年预算",
    "决算",
    "预算",
    "年初",
    "上年",
    "本年",
    "同期",
    "较",
    "比",
    "支出",
    "收入",
    "经费",
    "资金",
    "费用",
    "增加",
    "减少",
    "增长",
    "下降",
    "大于",
    "小于",
    "压减",
    "压缩",
    "节约",
    "增多",
    "提高",
    "降低",
    "万元",
    "年度",
    "的",
    "了",
    "等",
    "是",
    "和",
    "及",
    "与",
)
INCREASE_WORDS = ("增加", "增长", "新增", "追加", "提高", "增多", "调增", "上涨", "扩大")
DECREASE_WORDS = (
    "减少",
    "下降",
    "压减",
    "压缩",
    "节约",
    "降低",
    "缩减",
    "削减",
    "调减",
    "收回",
)
_PUNCT = re.compile(r"[\s，,。．.；;：:、（）()“”\"'‘’！!？?—\-《》]")
_MARKERS = re.compile(r"[（(](?:类|款|项)[)）]")


def _clean(text: str) -> str:
    return _PUNCT.sub("", text)


def reason_key(reason: str) -> str:
    """A cause sentence without punctuation and lead-in, for spotting reuse."""
    text = _clean(reason)
    for lead in ("主要原因是", "主要原因为", "原因是", "主要是"):
        text = text.removeprefix(lead)
    return text


def content(reason: str, subject: str, stock: list[str]) -> str:
    """What a cause says beyond stock phrases, generic words and its own subject."""
    subjects = {_clean(subject), *(_clean(p) for p in _MARKERS.split(subject))}
    return strip_phrases(_clean(reason), subjects, (_clean(p) for p in stock), _GENERIC)


def deviation(claim: Claim) -> object:
    """The size of the change a cause explains: YoY change, else final − budget, else the subject."""
    if claim.change is not None:
        return claim.change.value
    if claim.final is not None and claim.budget is not None:
        return abs(claim.final.value - claim.budget.value)
    return claim.subject


def _opposite(claim: Claim, reason: str) -> bool:
    up = any(w in reason for w in INCREASE_WORDS)
    down = any(w in reason for w in DECREASE_WORDS)
    if claim.direction == "increase":
        return down and not up
    if claim.direction == "decrease":
        return up and not down
    return False


@rule("NAR-009", "narrative.reason_quality", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """原因说明应具体：不能只是套话或重复数字本身，不能与增减方向相反，同一原因不应套用于多个项目。

    Trigger: a cause attached to a change (a) is essentially a stock phrase of `vague_reasons`
    (工作需要, 据实列支, 专项经费增加 …) or restates the number ("决算数大于预算数的主要原因是
    支出增加", "主要是压缩基本支出" for 基本支出): fewer than `thresholds.reason_min_chars`
    characters remain once stock phrases, the subject and generic words are removed; (b) names
    only decrease drivers (压减, 节约 …) for an increase, or only increase drivers for a decrease;
    (c) the same cause sentence is used for `thresholds.reuse_count` or more different items.

    Why it matters: a good cause names a concrete driver (a project, a policy, an institutional or
    headcount change) and ties it to the 科目; the 2018 inspection lists stock-phrase explanations
    ("说明细化程度不够") as a common defect.

    Example: pass — "主要原因是2021年3月原某区物资供应站并入，增加人员5人". fail —
    "机关运行经费支出286.10万元，比年初预算数增加261.30万元，增长1053.63%。主要原因是工作需要
    增加。"; the same "压减一般性支出" sentence given for three different items.

    Configuration: `vague_reasons` (stock phrases), `thresholds.reason_min_chars` (default 4),
    `thresholds.reuse_count` (default 3).
    """
    profile = ctx.profile
    seen: set[tuple[str, str]] = set()
    groups: dict[str, list[Claim]] = {}
    vague_keys: set[str] = set()
    for claim in ctx.accounts.claims:
        reason = (claim.reason or "").strip()
        if not reason:
            continue
        key = reason_key(reason)
        if (key, claim.subject) in seen:
            continue
        seen.add((key, claim.subject))
        groups.setdefault(key, []).append(claim)
        rest = content(reason, claim.subject, profile.vague_reasons)
        if len(rest) < profile.thresholds.reason_min_chars:
            vague_keys.add(key)
            yield Finding(
                rule="NAR-009",
                severity="warning",
                message=f"情况说明“{claim.subject}”的原因说明“{reason}”为套话或仅复述数字变化，未说明具体原因。",
                location=claim.location(),
                expected="说明具体的增减原因（项目、政策、机构或人员变化等）",
                actual=reason,
                evidence=[claim.sentence],
            )
        elif _opposite(claim, reason):
            word = "增加" if claim.direction == "increase" else "减少"
            yield Finding(
                rule="NAR-009",
                severity="warning",
                message=f"情况说明“{claim.subject}”为{word}，但原因说明“{reason}”讲的是相反方向的因素。",
                location=claim.location(),
                expected=f"说明{word}的原因",
                actual=reason,
                evidence=[claim.sentence],
            )
    for key, claims in groups.items():
        subjects = list(dict.fromkeys(c.subject for c in claims))
        # Two subjects that changed by the same amount are one change of the same money (收支总计
        # and 财政拨款收支总计 of a unit funded only by 财政拨款); one cause for both is not reuse.
        if (
            key in vague_keys
            or len({deviation(c) for c in claims}) < profile.thresholds.reuse_count
        ):
            continue
        first = claims[0]
        yield Finding(
            rule="NAR-009",
            severity="warning",
            message=(
                f"同一原因说明“{first.reason}”被用于{len(subjects)}个项目（{'、'.join(subjects)}），"
                f"未针对各项目说明具体原因。"
            ),
            location=first.location(),
            expected=f"少于{profile.thresholds.reuse_count}个项目使用同一原因",
            actual=str(len(subjects)),
            evidence=[c.sentence for c in claims],
            related=[related(c.location()) for c in claims[1:]],
        )
