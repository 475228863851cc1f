"""PERF-014: a 自评等级 matches its score's band."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Num
from tools.checks.base import Context, rule
from tools.checks.perf._common import shown
from tools.findings import Finding, Location
from tools.performance.scoring import (
    AUTO,
    DEFAULT_SCORING,
    ScoringProfile,
    load_scoring,
)
from tools.text import normalize


def bands_text(grades) -> str:
    tops = [None, *(g.min for g in grades)]
    parts = []
    for i, g in enumerate(grades):
        upper = tops[i]
        parts.append(f"{g.grade}（{g.min}分及以上" + (f"、不足{upper}分）" if upper is not None else "）"))
    return "、".join(parts)


@rule("PERF-014", "performance.grade_band", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """自评等级应与自评得分所在档次一致：优≥90，良80（含）至90，中60（含）至80，差<60。

    Trigger: a grade printed on a form or on a row of the 绩效自评情况汇总表 differs from the grade
    the score falls in under the scoring profile's `grades`.

    Why it matters: the grade is what gets reported upwards and counted in the 决算 text ("7个项目
    自评等级为优"); a 87.4 graded 优 overstates the result.

    Example: pass — 95 优, 87.4 良. fail — 87.4 优 (the summary table's own note puts 优 at 90 and above).

    Configuration: `grades` in the scoring profile.
    """
    name = ctx.profile.scoring if ctx.profile.scoring != AUTO else DEFAULT_SCORING
    default = load_scoring(name)
    rows: list[tuple[str, str, Num, ScoringProfile, Location, list[str]]] = []
    for form in ctx.performance.forms:
        if form.grade and form.total_score is not None:
            prof, _ = ctx.scoring(form)
            rows.append((form.label, form.grade, form.total_score, prof, (form.total or form).location("自评等级"), []))
    for summary in ctx.performance.summaries:
        notes = [n for n in summary.notes if "优" in n]
        for row in summary.rows:
            if row.grade and row.score is not None:
                label = f"{summary.title}“{row.project}”"
                rows.append((label, row.grade, row.score, default, row.location("自评等级"), notes))
    for label, grade, score, prof, loc, notes in rows:
        want = prof.grade_of(score.value)
        if want is None or normalize(grade).strip() == want:
            continue
        yield Finding(
            rule="PERF-014",
            severity="error",
            message=f"{label}自评得分{shown(score)}，等级应为“{want}”，但填为“{grade}”。",
            location=loc,
            expected=want,
            actual=grade,
            evidence=[f"等级标准：{bands_text(prof.grades)}", *notes],
        )
