"""NAR-013: the 预算绩效 text's counts, money and grades agree with the attached 自评表 set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import Context, rule
from tools.checks.perf._common import budget_line
from tools.findings import Finding, Location
from tools.performance.model import Performance
from tools.performance.scoring import AUTO, DEFAULT_SCORING, load_scoring
from tools.text import normalize
from tools.tolerance import Interval, compare, compare_pct, fmt

_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_COUNT = re.compile(r"(?:项目\s*(\d+)\s*个|(\d+)\s*个(?:预算|部门|单位)?项目)")
_MONEY = re.compile(r"(?:涉及|涵盖|金额|资金)[^，。,；]{0,10}?(\d+(?:\.\d+)?)\s*万元")
_GRADES = re.compile(r"(\d+)\s*个(?:项目)?(?:的)?(?:自评)?(?:等级|结果)?(?:均)?(?:为|评为|是|达到)[“\"]?(优|良|中|差)")
# The same count written grade first: '自评等级为“优”的项目2个'.
_GRADES_BEFORE = re.compile(r"(?:为|评为|是|达到)[“\"]?(优|良|中|差)[”\"]?的项目\s*(\d+)\s*个")


def _scores(perf: Performance) -> list[tuple[str, Num]]:
    """(project, total score) of every self-evaluated project: the summary table's rows, else the forms."""
    rows = [(r.project, r.score) for s in perf.summaries for r in s.rows if r.score is not None]
    if rows:
        return rows
    return [(f.project, f.total_score) for f in perf.forms if f.total_score is not None]


def _projects(perf: Performance) -> int:
    rows = sum(len(s.rows) for s in perf.summaries)
    return rows or len(perf.forms)


@rule("NAR-013", "narrative.performance_figures", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """预算绩效情况说明中的自评项目数、涉及资金和自评等级分布应与所附绩效自评情况汇总表和自评表一致。

    Trigger: in the 预算绩效 section, a sentence about 自评 states a project count different from the
    summary table's rows (else the number of attached forms); states 涉及资金 that matches neither
    the sum of the forms' 年初预算数, 全年预算数 nor 全年执行数; states that money as 占项目支出X% when X
    is neither its share of 公开03表 nor of 公开05表 项目支出; or says 'N个项目自评等级为优' while the
    scores put a different number of projects in that band (also written grade first:
    '自评等级为“优”的项目N个', which is not the project count). Only checked when forms or a summary
    table are attached to the same document.

    Why it matters: the 决算 text is what the public reads; the attached forms are the evidence.
    "7个项目自评等级为优" next to a form scored 87.4 (良) overstates the results.

    Example: pass — "涵盖项目3个…其中2个项目自评等级为优" with scores 95, 92, 84. warning — "7个项目
    自评等级为优" when one of the seven scored 87.4.

    Configuration: grade bands of the review profile's scoring profile (default national).
    """
    perf = ctx.performance
    if not (perf.forms or perf.summaries):
        return
    grades = load_scoring(ctx.profile.scoring if ctx.profile.scoring != AUTO else DEFAULT_SCORING)
    for section in ctx.accounts.sections:
        if "绩效" not in section.heading:
            continue
        for sentence in (m.group(0) for m in _SENTENCE.finditer(normalize(section.text))):
            if "自评" not in sentence:
                continue
            where = Location(page=section.page, section=section.heading, sentence=sentence.strip())
            yield from _count(sentence, perf, where)
            yield from _money(sentence, perf, where)
            yield from _coverage(ctx, sentence, where)
            yield from _grade(sentence, perf, grades, where)


def _grade_counts(sentence: str) -> Iterator[tuple[int, str, int, int]]:
    """(count, grade, start, end) of every 'N个项目…为优' and '为“优”的项目N个' in the sentence."""
    for m in _GRADES.finditer(sentence):
        yield int(m.group(1)), m.group(2), m.start(), m.end()
    for m in _GRADES_BEFORE.finditer(sentence):
        yield int(m.group(2)), m.group(1), m.start(), m.end()


def _count(sentence: str, perf: Performance, where: Location) -> Iterator[Finding]:
    # The project count is the first 'N个项目' that is not the size of one grade ('2个项目自评等级为优',
    # '为“优”的项目2个').
    graded = [(start, end) for _, _, start, end in _grade_counts(sentence)]
    m = next((m for m in _COUNT.finditer(sentence)
              if not any(start <= m.start() < end for start, end in graded)), None)
    if m is None or _GRADES.search(sentence[m.start():m.end() + 12]):
        return
    stated = int(m.group(1) or m.group(2))
    have = _projects(perf)
    if stated == have:
        return
    source = "绩效自评情况汇总表列出" if perf.summaries else "所附自评表共"
    yield Finding(
        rule="NAR-013", severity="warning",
        message=f"预算绩效情况说明称自评项目{stated}个，但{source}{have}个项目。",
        location=where, expected=str(have), actual=str(stated), difference=str(abs(stated - have)),
    )


def _money(sentence: str, perf: Performance, where: Location) -> Iterator[Finding]:
    m = _MONEY.search(sentence)
    if m is None or not perf.forms:
        return
    stated = Num.model_validate(m.group(1))
    sums: dict[str, tuple[Decimal, Interval]] = {}
    for attr, name in (("initial", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数")):
        point, iv = Decimal(0), Interval.exact(Decimal(0))
        for form in perf.forms:
            line = budget_line(form)
            value = getattr(line, attr) if line is not None else None
            if value is not None:
                point, iv = point + value.value, iv + Interval.of(value)
        sums[name] = (point, iv)
    if any(compare(stated, p, iv) != "mismatch" for p, iv in sums.values()):
        return
    got = "、".join(f"{k}合计{fmt(p, 2)}" for k, (p, _) in sums.items())
    yield Finding(
        rule="NAR-013", severity="warning",
        message=f"预算绩效情况说明称涉及资金{m.group(1)}万元，与所附{len(perf.forms)}张自评表的{got}均不一致。",
        location=where, expected=got, actual=f"{m.group(1)}万元",
    )


_COVERAGE = re.compile(r"(\d+(?:\.\d+)?)\s*万元[^。；]{0,6}?占[^。；%]{0,16}?项目支出[^。；%]{0,8}?(\d+(?:\.\d+)?)\s*%")


def _coverage(ctx: Context, sentence: str, where: Location) -> Iterator[Finding]:
    """'涉及资金172.67万元，占项目支出总额的100%' against the 项目支出 of 公开03表/05表."""
    m = _COVERAGE.search(sentence)
    if m is None:
        return
    part, share = Num.model_validate(m.group(1)), Num.model_validate(m.group(2))
    bases = []
    for key, column in (("T03", "项目支出"), ("T05", "项目支出")):
        stmt = ctx.table(key)
        line = next((ln for ln in stmt.lines if ln.total), None) if stmt is not None else None
        if line is not None and column in line.values:
            bases.append((stmt.title or key, line.values[column]))
    if not bases:
        return
    for _, whole in bases:
        if whole.value and compare_pct(share, (part.value, Interval.of(part)), (whole.value, Interval.of(whole))) in (
            "equal",
            "rounding",
        ):
            return
    title, whole = bases[0]
    point = part.value * 100 / whole.value if whole.value else Decimal(0)
    yield Finding(
        rule="NAR-013", severity="warning",
        message=(
            f"预算绩效情况说明称自评资金{m.group(1)}万元占项目支出的{m.group(2)}%，但{title}项目支出合计为"
            f"{whole.raw or fmt(whole.value, whole.decimals)}万元（{m.group(1)}÷{fmt(whole.value, whole.decimals)}="
            f"{fmt(point, 2)}%）；如“项目支出总额”指预算数，应在文中写明口径。"
        ),
        location=where, expected=f"{fmt(point, share.decimals)}%", actual=f"{m.group(2)}%",
    )


def _grade(sentence: str, perf: Performance, grades, where: Location) -> Iterator[Finding]:
    scores = _scores(perf)
    if not scores:
        return
    for stated, grade, _, _ in _grade_counts(sentence):
        have = [p for p, s in scores if grades.grade_of(s.value) == grade]
        if stated == len(have):
            continue
        other = [f"{p}{s.raw or fmt(s.value, s.decimals)}分" for p, s in scores if grades.grade_of(s.value) != grade]
        yield Finding(
            rule="NAR-013", severity="warning",
            message=f"预算绩效情况说明称{stated}个项目自评等级为{grade}，按自评得分只有{len(have)}个项目为{grade}。",
            location=where, expected=str(len(have)), actual=str(stated), difference=str(abs(stated - len(have))),
            evidence=[f"非{grade}等级：{'、'.join(other)}"] if other else [],
        )
