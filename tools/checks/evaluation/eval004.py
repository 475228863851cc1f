"""EVAL-004: the indicator framework covers 决策, 过程, 产出 and 效益."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.evaluation._common import framework, label
from tools.findings import Finding

_DIMENSIONS = ("决策", "过程", "产出", "效益")


@rule("EVAL-004", "evaluation.framework_dimensions", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """评价指标体系的一级指标应覆盖决策、过程、产出、效益四个方面。

    Trigger: the report's scoring table has 一级指标 but none of them names one of 决策, 过程, 产出,
    效益 (满意度 may sit under 效益).

    Why it matters: 财预〔2020〕10号 附件2 builds every 部门/财政 evaluation on these four; a framework
    without 过程 or 效益 cannot support a conclusion on how well the money was used.

    Example: pass — 决策 20 / 过程 30 / 产出 30 / 效益 20. warning — 投入 / 产出 / 满意度 only.

    Configuration: none.
    """
    for report in ctx.performance.reports:
        table = framework(report)
        if table is None:
            continue
        roots = [i.name for i in table.items if i.level == 1]
        missing = [d for d in _DIMENSIONS if not any(d in r for r in roots)]
        if not missing or not roots:
            continue
        yield Finding(
            rule="EVAL-004",
            severity="warning",
            message=f"{label(report)}评价指标体系一级指标为{'、'.join(roots)}，未覆盖{'、'.join(missing)}。",
            location=table.location(),
            expected="、".join(_DIMENSIONS),
            actual="、".join(roots),
        )
