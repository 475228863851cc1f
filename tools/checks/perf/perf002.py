"""PERF-002: 一级指标 weights differ from the 产出50/效益30/满意度10/执行率10 convention."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.checks.base import Context, rule
from tools.checks.perf._common import execution_weight, form_location, scoring
from tools.findings import Finding
from tools.performance.model import Indicator
from tools.tolerance import fmt


def first_level(ind: Indicator) -> str:
    """Canonical 一级指标 of a row: 可持续影响 belongs to 效益 in the 2020 framework, wherever it is printed."""
    text = ind.level1 + ind.level2
    if "产出" in text:
        return "产出指标"
    if "满意" in text:
        return "满意度指标"
    if "效益" in text or "可持续" in text:
        return "效益指标"
    return ind.level1 or "其他"


@rule("PERF-002", "performance.first_level_weights", "info")
def check(ctx: Context) -> Iterator[Finding]:
    """一级指标分值与“产出50、效益30、满意度10、预算执行率10”的原则性设置不同时提示。

    Trigger: the weights grouped by 一级指标 differ from the scoring profile's convention. Not
    reported when the only difference is a missing 满意度指标 whose weight went to 产出/效益, which
    the forms allow.

    Why it matters: 财预〔2020〕10号 sets these weights "in principle"; a different split is allowed
    but a reviewer should see it, because it moves points towards indicators that are easy to meet.

    Example: pass — 产出 50, 效益 30, 满意度 10, 执行率 10. info — 产出 45, 效益 30, 满意度 15, 执行率 10.

    Configuration: `first_level` in the scoring profile.
    """
    for form in ctx.performance.forms:
        if not any(i.weight is not None for i in form.indicators):
            continue
        prof, _, note = scoring(ctx, form)
        groups: dict[str, Decimal] = {}
        for ind in form.indicators:
            if ind.weight is not None:
                key = first_level(ind)
                groups[key] = groups.get(key, Decimal(0)) + ind.weight.value
        exec_w = execution_weight(form)
        if exec_w is not None:
            groups["预算执行率"] = exec_w.value
        want = prof.first_level
        if all(groups.get(k, Decimal(0)) == v for k, v in want.items()):
            continue
        zero = Decimal(0)
        moved = (
            groups.get("满意度指标", zero) == 0
            and groups.get("预算执行率") == want.get("预算执行率")
            and groups.get("产出指标", zero) >= want.get("产出指标", zero)
            and groups.get("效益指标", zero) >= want.get("效益指标", zero)
            and groups.get("产出指标", zero) + groups.get("效益指标", zero)
            == sum((want.get(k, zero) for k in ("产出指标", "效益指标", "满意度指标")), zero)
        )
        if moved:
            continue
        got = "、".join(f"{k}{fmt(v, 0) if v == v.to_integral() else v}" for k, v in groups.items())
        conv = "、".join(f"{k}{v}" for k, v in want.items())
        yield Finding(
            rule="PERF-002",
            severity="info",
            message=f"{form.label}一级指标分值为{got}，与原则性设置（{conv}）不同。",
            location=form_location(form, "分值"),
            expected=conv,
            actual=got,
            evidence=[note],
        )
