"""The bundled review example: a 单位决算 full of typical problems, with its 绩效自评表 attached.

A factory report (consistent by construction) gets one wrong table figure, one narrative amount
that contradicts its table, and the weak explanations reviewers meet most: a stock phrase for a
change of several hundred percent, changes with no reason, a reason pointing the wrong way and one
boilerplate reason reused for several 项. A few reasons are made exemplary (driver, amount, date) so
the contrast shows. The attached 2020-layout forms are those of the report's own projects, with one
vague reason and generic measure, one missed target scored in full and one unexplained low 执行率.

Each planted problem and the finding it must produce is listed in tests/test_review_example.py.
"""

from __future__ import annotations

from decimal import Decimal

from . import catalog as cat
from . import perf_edits
from .build import build_report
from .model import Report, fmt_amount, money, pct
from .perf_build import build_forms
from .perf_model import FormSet, FundLine, q2
from .report_edits import with_cell, with_text

REPORT = {"seed": 7, "rows": 12}
FORMS_SEED = 30
# The 自评表 problems, by the 项 of each form: a vague reason with a generic measure, a missed target
# scored in full, and (code, 执行率) of a project that left money unspent and says nothing about it.
VAGUE_FORM = "2012602"
FULL_FORM = "2070204"
UNDERSPENT = ("2012699", Decimal("82.50"))

# 公开03表: the 档案馆 项 mistyped (488.62 as 486.82) in 本年支出合计 and 基本支出; its 款 and 类 keep
# the right sums, so the 款 is no longer the sum of its 项 (TBL-004, one finding per column).
TYPO_ROW = "2012604"
TYPO_DELTA = Decimal("-1.80")
# 情况说明 六: 人员经费 mistyped (871.18 as 817.18) against 公开06表 (NAR-005).
PERSONNEL_DELTA = Decimal("-54.00")
# 十(一) 机关运行经费: a previous-year figure that makes the change several hundred percent.
RUNNING_PRIOR_SHARE = Decimal("0.2287")
STOCK_REASON = "工作需要，经费相应增加"
CONTRARY_REASON = "严格落实过紧日子要求，压减会议、培训和差旅等一般性支出"
REUSED_REASON = "结合全年工作任务和实际业务开展情况统筹安排支出"
REUSED_ITEMS = ("档案馆", "机关事业单位基本养老保险缴费支出", "事业单位医疗")
# Reasons a reviewer would accept as they stand: who or what, how much, when.
GOOD_REASONS = {
    "基本支出": "2025年3月至9月共有4名工作人员退休、2名调出，在职人员工资福利开支随之减少",
    "文物保护": "2025年6月馆藏珍贵档案修复保护项目将修复范围扩大到民国时期地籍档案，区财政追加预算16.60万元",
    "机关事业单位职业年金缴费支出": "2025年7月新招录工作人员5名，纳入机关事业单位职业年金缴费范围",
}


def _paragraph(report: Report, heading: str) -> str:
    [sec] = [s for s in report.narrative if s.heading.endswith(heading)]
    return "".join(sec.paragraphs)


def _cause(text: str, start: str, lead: str = "主要原因是") -> str:
    """The cause after the first `lead` that follows `start` in `text`, up to its '。'."""
    head = text.index(start)
    begin = text.index(lead, head) + len(lead)
    return text[begin:text.index("。", begin)]


def _change_of(report: Report, column: str) -> str:
    """How 三、支出决算情况说明 opens the year-on-year change of 基本支出 or 项目支出."""
    return f"{column}{fmt_amount(report.table('公开03表').value('合计', column))}万元，与"


def _item(text: str, name: str) -> str:
    """The numbered 项 paragraph of 五(三) for the 项 `name` ('…（款）档案馆（项）。…')."""
    start = text.index(f"{name}（项）。")
    end = text.find("（类）", start)
    return text[start:end if end >= 0 else len(text)]


def _running_costs(report: Report) -> Report:
    """机关运行经费 up by several hundred percent, 'explained' by a stock phrase."""
    text = _paragraph(report, "（一）机关运行经费支出情况")
    cur = report.table("公开06表").value("公用经费合计", "公用经费/决算数")
    prior = money(cur * RUNNING_PRIOR_SHARE)
    old = text[text.index("，与") : text.rindex("。")]
    new = f"，与{report.year - 1}年度相比增加{fmt_amount(cur - prior)}万元，增长{fmt_amount(pct(cur - prior, prior))}%，主要原因是{STOCK_REASON}"
    return with_text(report, old, new)


def _plant_text(report: Report) -> Report:
    # (a) a stock phrase on a change of several hundred percent
    report = _running_costs(report)
    # (b) large changes with no reason: the 财政拨款 total (NAR-008) and a 项 over its budget (NAR-004)
    fiscal = _paragraph(report, "财政拨款收入支出决算总体情况说明")
    report = with_text(report, f"主要原因是{_cause(fiscal, '主要原因是')}。", "")
    item = _item(_paragraph(report, "（三）一般公共预算财政拨款支出决算具体情况"), "行政运行")
    report = with_text(report, f"决算数大于年初预算数的主要原因是{_cause(item, '决算数')}。", "")
    # (c) an increase explained only by cuts
    spending = _paragraph(report, "三、支出决算情况说明")
    report = with_text(report, _cause(spending, _change_of(report, "项目支出")), CONTRARY_REASON)
    # (d) one boilerplate reason for three 项 with different gaps
    for name in REUSED_ITEMS:
        item = _item(_paragraph(report, "（三）一般公共预算财政拨款支出决算具体情况"), name)
        report = with_text(report, _cause(item, "决算数"), REUSED_REASON)
    # good reasons, for contrast
    report = with_text(report, _cause(spending, _change_of(report, "基本支出")), GOOD_REASONS["基本支出"])
    for name in ("文物保护", "机关事业单位职业年金缴费支出"):
        item = _item(_paragraph(report, "（三）一般公共预算财政拨款支出决算具体情况"), name)
        report = with_text(report, _cause(item, "决算数"), GOOD_REASONS[name])
    # a narrative amount that contradicts its table (NAR-005)
    pers = report.table("公开06表").value("人员经费合计", "人员经费/决算数")
    report = with_text(report, f"人员经费{fmt_amount(pers)}万元", f"人员经费{fmt_amount(pers + PERSONNEL_DELTA)}万元")
    # the 绩效 paragraph points to the attachment
    perf = _paragraph(report, "预算绩效情况说明")
    tail = perf[perf.rindex("。", 0, len(perf) - 1) + 1 :]
    return with_text(report, tail, tail + "项目支出绩效自评情况汇总表和各项目绩效自评表详见第五部分附件。")


def review_report() -> Report:
    """The example report: factory seed `REPORT` with the planted problems."""
    report = _plant_text(build_report(**REPORT))
    t03 = report.table("公开03表")
    for column in ("本年支出合计", "基本支出"):
        typo = t03.value(TYPO_ROW, column) + TYPO_DELTA
        report = with_cell(report, "公开03表", TYPO_ROW, column, f"{typo:.2f}")
    return report


def _projects(report: Report) -> list[tuple[str, str, Decimal, Decimal]]:
    """(code, name, 年初预算, 决算) of the report's 一般公共预算 projects, the ones its 绩效 paragraph covers."""
    t05 = report.table("公开05表")
    out = []
    for r in t05.rows:
        code = r.cells[0]
        if r.kind != "item" or not t05.value(code, "本年支出/项目支出"):
            continue
        if t05.value(code, "本年支出/基本支出"):
            raise ValueError(f"{code}: the 项's 年初预算 is not its project's alone")
        name = r.cells[1]
        budget = next((c.value for c in report.claims if c.subject.endswith(f"{name}（项）年初预算")), Decimal(0))
        out.append((code, cat.PROJECTS[code], budget, t05.value(code, "本年支出/项目支出")))
    return out


def attached_forms(report: Report) -> FormSet:
    """The consistent 2020-layout 自评表 of the report's projects and their 汇总表.

    Each form's money is its 项 of 公开05表: 年初预算数 as the text states it, 全年执行数 the 决算;
    the project in `UNDERSPENT` had more 全年预算 than it spent, the others spent their budget.
    """
    projects = _projects(report)
    funds = []
    for code, _, initial, spent in projects:
        budget = q2(spent * 100 / UNDERSPENT[1]) if code == UNDERSPENT[0] else spent
        funds.append(FundLine(initial=initial, budget=budget, received=budget, executed=spent))
    return build_forms(FORMS_SEED, "2020", len(projects), year=report.year, department=report.unit_name,
                       projects=[name for _, name, _, _ in projects], funds=funds)


def review_forms(report: Report) -> FormSet:
    """The attached forms with three planted problems."""
    fs = attached_forms(report)
    codes = [code for code, *_ in _projects(report)]
    fs = perf_edits.vague_reason(fs, codes.index(VAGUE_FORM), "资金不足，宣传不足", "加强管理")
    fs = perf_edits.scored_full(fs, codes.index(FULL_FORM))
    return perf_edits.money_unexplained(fs, codes.index(UNDERSPENT[0]))
