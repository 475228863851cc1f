"""Whether an indicator met its target, read from the printed comparator, unit and values.

Everything is decided on the printed values (the form's own arithmetic), exactly, with Decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tools.numbers import DateParts
from tools.performance.model import Indicator, Value
from tools.text import normalize

Outcome = Literal["met", "unmet", "unknown"]
Direction = Literal["positive", "reverse", "equal", "range", "deadline", "qualitative"]

# Units that name the same quantity ('≤54.19万' and '54.19万元'); a missing unit takes the other's.
_SAME_UNIT = {"万": "万元", "％": "%", "人/次": "人次"}
# An actual that only says the target was reached, where a number belongs.
_CLAIM_ONLY = re.compile(r"^(?:已?完成|已?达成|达到|达标|符合|实现|完成目标|达成预期指标?|达到预期(?:目标|指标)?)$")
_NEGATION = re.compile(r"未|没有|尚未|不足|未能|部分|较差|不明显|滞后|延迟|推迟")
# Hedged achievement ('有所提升' for '提升'): partly achieved at best, so the band cannot be judged.
_HEDGE = re.compile(r"有所|基本|初步|略有|稍有|一定|较为|逐步")


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    direction: Direction | None = None
    ratio: Decimal | None = None
    """Completion ratio for proportional scoring: actual ÷ target (positive) or target ÷ actual (reverse)."""
    deviation: Decimal | None = None
    """Percent by which a met positive target was exceeded: (actual − target) ÷ target × 100."""
    problem: str | None = None
    """Why the values cannot be compared ('实际完成值未填写', '单位不一致'), for PERF-006."""

    @property
    def quantitative(self) -> bool:
        return self.direction not in (None, "qualitative")


def unit_of(v: Value) -> str | None:
    return _SAME_UNIT.get(v.unit or "", v.unit) if v.unit else None


def judge(ind: Indicator) -> Judgement:
    """Met / unmet / unknown for one indicator, with the direction and ratio the scoring needs."""
    target, actual = ind.target, ind.actual
    if target is None or _blank(target.raw):
        return Judgement("unknown")
    if target.date is not None:
        return _deadline(target, actual)
    if target.number is None:
        return _qualitative(target, actual)
    if actual is None or _blank(actual.raw):
        return Judgement("unknown", _direction(ind), problem="实际完成值未填写")
    if actual.number is None:
        problem = "实际完成值只写了文字，没有数值" if _CLAIM_ONLY.match(_clean(actual.raw)) else "实际完成值不是数值"
        return Judgement("unknown", _direction(ind), problem=problem)
    tu, au = unit_of(target), unit_of(actual)
    if tu and au and tu != au:
        return Judgement("unknown", _direction(ind), problem=f"实际完成值单位（{actual.unit}）与指标值单位（{target.unit}）不一致")
    return _compare(_direction(ind), target, actual)


def _direction(ind: Indicator) -> Direction:
    t = ind.target
    assert t is not None
    if t.upper is not None:
        return "range"
    if t.comparator in (">=", ">"):
        return "positive"
    if t.comparator in ("<=", "<"):
        return "reverse"
    if t.comparator == "=":
        return "equal"
    # Without a printed bound a cost ceiling is a maximum; anything else is a minimum to reach.
    return "reverse" if "成本" in ind.level2 or "成本" in ind.name else "positive"


def _compare(direction: Direction, target: Value, actual: Value) -> Judgement:
    assert target.number is not None and actual.number is not None
    t, a = target.number.value, actual.number.value
    strict = target.comparator in (">", "<")
    if direction == "range":
        assert target.upper is not None
        met = t <= a <= target.upper.value
        return Judgement("met" if met else "unmet", direction)
    if direction == "equal":
        return Judgement("met" if a == t else "unmet", direction)
    if direction == "positive":
        met = a > t if strict else a >= t
        ratio = a / t if t > 0 else None
        deviation = (a - t) * 100 / t if met and t > 0 else None
        return Judgement("met" if met else "unmet", direction, ratio, deviation)
    met = a < t if strict else a <= t
    ratio = t / a if a > 0 else None
    return Judgement("met" if met else "unmet", direction, ratio)


def _deadline(target: Value, actual: Value | None) -> Judgement:
    if actual is None or _blank(actual.raw):
        return Judgement("unknown", "deadline", problem="实际完成值未填写")
    if _clean(actual.raw) == _clean(target.raw):
        return Judgement("met", "deadline")
    got = actual.date or _year_month(actual)
    assert target.date is not None
    if got is None:
        return Judgement("unknown", "deadline")
    a, t = _key(got), _key(target.date)
    n = min(len(a), len(t))
    if n == 0:
        return Judgement("unknown", "deadline")
    late = a[:n] > t[:n] if target.comparator != "<" else a[:n] >= t[:n]
    return Judgement("unmet" if late else "met", "deadline")


def _year_month(v: Value) -> DateParts | None:
    # '2020.9' in a 时效 row is September 2020, not a number.
    m = re.fullmatch(r"((?:19|20)\d\d)\.(1[0-2]|0?[1-9])", _clean(v.raw))
    return DateParts(year=int(m.group(1)), month=int(m.group(2))) if m else None


def _key(d: DateParts) -> tuple[int, ...]:
    parts = (d.year, d.month, d.day)
    out: list[int] = []
    for p in parts:
        if p is None:
            break
        out.append(p)
    return tuple(out)


def _qualitative(target: Value, actual: Value | None) -> Judgement:
    if actual is None or _blank(actual.raw):
        return Judgement("unknown", "qualitative", problem="实际完成值未填写")
    t, a = _clean(target.raw), _clean(actual.raw)
    if _NEGATION.search(a) and not _NEGATION.search(t):
        return Judgement("unmet", "qualitative")
    if a == t or (len(t) >= 2 and t in a and not _HEDGE.search(a.replace(t, ""))):
        return Judgement("met", "qualitative")
    return Judgement("unknown", "qualitative")


def _clean(text: str) -> str:
    return normalize(text).replace(" ", "").rstrip("。.")


def _blank(text: str) -> bool:
    return _clean(text) in ("", "-", "—", "——", "/", "无")
