"""How a unit corrects each kind of finding: likely cause, 整改措施, responsible post and timing for drafts.

Grouped by what has to be done rather than by rule family: correcting a table, reconciling two
tables, correcting a figure the text restates, explaining a change, completing a disclosure,
correcting a 自评表, explaining an indicator, correcting an evaluation report. `{where}` in a
measure is the first finding's location ('第5页“支出决算表”“2010301 行政运行”行“本年支出合计”栏').
Like the rule texts, these carry no figures: a draft may state only the item's own numbers, and
durations (the suggested deadline).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent.template_rules import rule_text

REPUBLISH = "在门户网站重新公开更正后的决算报告，并在原公开位置附更正说明"
ERROR_DEADLINE = "收到审核意见后15个工作日内完成更正"
WARNING_DEADLINE = "收到审核意见后30个工作日内完成补充完善"
EXPLAIN_DEADLINE = "收到审核意见后30个工作日内补充说明，下一年度决算公开时全面落实"
# A missed indicator: its reason is filled in soon, its target reset when the next targets are set.
INDICATOR_DEADLINE = "补填偏差原因：收到审核意见后15个工作日内；调整指标值：下一预算年度绩效目标申报前"

ACCOUNTS_POST = "财务科（决算编报岗）"
PERFORMANCE_POST = "财务科（预算绩效管理岗）会同项目实施科室"
EVALUATION_POST = "项目主管科室会同第三方评价机构"
INDICATOR_POST = "会同财务科（预算绩效管理岗）"


@dataclass(frozen=True)
class Remedy:
    cause: str
    measures: tuple[str, ...]
    post: str = ACCOUNTS_POST
    deadline: str | None = None
    """None: by severity (errors are corrected sooner than warnings are completed)."""


TABLE = Remedy(
    "公开表数据在从决算报表系统导出、手工录入或排版时出错，发布前未进行表内勾稽复核",
    (
        "对照决算报表系统数据更正{where}的数字，使合计数与明细数一致",
        "逐行复核该表各级科目和各栏的合计与明细，确认没有漏列、重列或串列科目",
        REPUBLISH,
        "建立决算公开报告发布前的表内、表间勾稽复核清单，由编报人和复核人双人签字确认",
    ),
)
CARRY_OVER = replace(
    TABLE,
    cause="结转结余数据未与上年决算的年末数和本年收支衔接，发布前未核对收支平衡关系",
    measures=(
        "对照决算报表系统数据更正{where}的数字，使年初结转和结余、本年收支和年末结转和结余相互衔接",
        "核对年初结转和结余与上年度决算公开的年末结转和结余是否一致，不一致的查明原因",
        REPUBLISH,
        "建立决算公开报告发布前的收支平衡和结转结余衔接复核清单",
    ),
)
CROSS = Remedy(
    "各公开表分别导出或填报，有的表更新后未同步修改其他表，发布前未进行表间勾稽复核",
    (
        "以决算报表系统数据为准，核实并更正{where}及与之对应的另一张表的数字，使两表一致",
        "按表间勾稽关系（收支总表与收入、支出决算表，财拨总表与各财政拨款支出表，一般公共预算基本支出与基本支出表）逐项复核全部公开表",
        REPUBLISH,
        "建立决算公开报告发布前的表间勾稽复核清单，由复核人签字确认",
    ),
)
SCOPE = replace(
    CROSS,
    cause="两张表的统计口径或科目归集不一致，财政拨款支出与全部资金支出未按同一科目列示",
    measures=(
        "核实{where}所涉科目在财政拨款支出表和全部资金支出表中的归集口径，按同一口径更正",
        "按表间勾稽关系逐项复核全部公开表，确认部分数不大于整体数",
        REPUBLISH,
        "建立决算公开报告发布前的表间勾稽复核清单，由复核人签字确认",
    ),
)
NAMES = replace(
    CROSS,
    cause="科目名称未按本年度《政府收支分类科目》统一更新，或科目编码录入有误",
    measures=(
        "按本年度《政府收支分类科目》统一{where}所列科目编码的名称",
        "全文检索该科目编码，逐处核实各表和情况说明中的科目名称",
        REPUBLISH,
        "每年决算编报前组织学习本年度科目调整内容，更新公开表模板中的科目名称",
    ),
)
FIGURES = Remedy(
    "情况说明中的数字为手工录入，未从定稿的公开表中引用，或引用了调整前的版本",
    (
        "对照定稿的公开表更正{where}的数字，使情况说明与表内数一致",
        "逐句核实情况说明中引用公开表的全部数字（金额、占比、增减额）",
        REPUBLISH,
        "建立情况说明数字与公开表的对照核对表，定稿后由复核人逐项核对",
    ),
)
ARITHMETIC = Remedy(
    "增减方向、增减率、完成率和占比为手工计算和录入，未按公开表数据复算",
    (
        "按公开表数据重新计算{where}的增减额、增减率、完成率或占比，更正相应表述",
        "对情况说明中的全部百分比和增减额，由复核人按公式逐项复算",
        REPUBLISH,
        "建立情况说明计算数的复核表，列明每个百分比和增减额的计算公式及所用数据",
    ),
)
ZERO_BASE = replace(
    ARITHMETIC,
    cause="上年数或预算数为零时仍套用模板公式计算了增长率或完成率",
    measures=(
        "把{where}的增长率或完成率改写为“新增”或“年初未安排预算”，并说明资金来源和用途",
        "全文核实以零为基数的比率表述，逐处改写",
        REPUBLISH,
        "修订情况说明模板的填写说明，明确基数为零时的表述方式",
    ),
)
REASONS = Remedy(
    "编写情况说明时未逐项分析预算与决算、本年与上年差异的具体原因，多用套话概括",
    (
        "对{where}所涉增减变化逐项查明具体原因（项目、政策、机构或人员变化），写明涉及金额",
        "改写情况说明中的原因说明，不用“工作需要”“据实列支”一类套话，同一原因不套用于多个项目",
        "建立预决算差异原因台账，由业务科室提供差异原因和金额，财务科汇总审核后写入情况说明",
    ),
    deadline=EXPLAIN_DEADLINE,
)
RUNNING_COSTS = replace(
    FIGURES,
    cause="机关运行经费的统计口径与基本支出表公用经费不一致",
    measures=(
        "按机关运行经费的定义（使用一般公共预算财政拨款安排的基本支出中的公用经费）重新归集{where}的金额",
        "核实机关运行经费与基本支出决算表公用经费合计的关系，口径不同的在文中写明",
        REPUBLISH,
        "建立机关运行经费统计台账，按经济分类科目逐月归集",
    ),
)
SANGONG = replace(
    FIGURES,
    cause="“三公”经费金额与实物量（团组、车辆、接待批次）分别填报，未相互核对",
    measures=(
        "根据出国审批件、公务用车台账和公务接待清单核实并更正{where}的金额和数量",
        "发布前把“三公”经费金额与实物量逐项对照，确认有金额即有相应数量",
        REPUBLISH,
        "建立“三公”经费与出国团组、公务用车、公务接待实物量的对应台账",
    ),
)
DISCLOSURE = Remedy(
    "编制情况说明时未对照公开目录和本地区公开模板逐项核对，遗漏了规定的公开内容",
    (
        "对照本地区部门决算公开模板补充{where}缺少的内容",
        "根据相关台账核实补充的数字",
        "在门户网站重新公开补充后的决算报告",
        "建立决算公开要素核对清单，发布前逐项勾选确认",
    ),
)
# Where the missing figures of each disclosure come from.
_DISCLOSURE_SOURCES = {
    "DISC-001": "从决算报表系统导出缺少的公开表，无数据的表保留表样并在表下注明无数据的原因",
    "DISC-002": "按本地区公开模板补写缺少的部分，“三公”经费和机关运行经费说明优先补齐",
    "DISC-003": "根据公务用车台账和“三公”经费明细账，分别列示公务用车购置费和运行维护费",
    "DISC-004": "根据出国审批件、公务用车台账和公务接待清单，核实补充团组、人次、车辆和接待批次等数量",
    "DISC-005": "根据政府采购信息统计报表，核实补充采购总额，货物、工程、服务金额和授予中小企业合同金额及占比",
    "DISC-006": "根据资产管理信息系统年末数据，核实补充车辆和大额设备数量，没有的写明“无”",
    "DISC-007": "根据绩效自评情况汇总表，核实补充自评项目个数、金额、覆盖率和自评结果",
    "DISC-008": "从决算报表系统重新导出明细数据，支出功能分类列到项级、基本支出经济分类列到款级",
}
_DISCLOSURES = {
    code: replace(DISCLOSURE, measures=(DISCLOSURE.measures[0], source, *DISCLOSURE.measures[2:]))
    for code, source in _DISCLOSURE_SOURCES.items()
}
RESIDUE = replace(
    DISCLOSURE,
    cause="以模板为底稿编写报告，发布前未清理模板占位符和填写说明",
    measures=(
        "逐处补填或删除{where}等位置的模板内容",
        "全文检索“XX”“××”“（减少）”“主要原因：”等模板字样并清理",
        "在门户网站重新公开更正后的决算报告",
        "在发布前校对环节增加模板残留检查项",
    ),
)
YEAR = replace(
    DISCLOSURE,
    cause="报告以上年度报告为底稿修改，年份未全部更新",
    measures=(
        "更正{where}的年份",
        "全文检索上年度年份，逐处核实是否属于与上年比较的表述",
        "在门户网站重新公开更正后的决算报告",
        "建立以本年度模板重新编写、不沿用上年度文稿的编报规范",
    ),
)
FORMAT = replace(
    DISCLOSURE,
    cause="排版录入时未统一金额单位、百分号和小数位数",
    measures=(
        "规范{where}的金额单位和百分号，补写缺少的单位",
        "统一各表金额和全文百分比保留的小数位数",
        "在门户网站重新公开更正后的决算报告",
        "建立发布前的格式校对清单，逐项核实单位、百分号和小数位数",
    ),
)
FORM = Remedy(
    "绩效自评表为手工填报，分值、得分、资金数据和执行率未按评分规则复算",
    (
        "按表内评分规则复算{where}的数字，更正自评表",
        "同步更正绩效自评情况汇总表和决算情况说明中引用的得分、等级",
        "建立自评表报送前的复核环节，由财务科按评分规则逐表复算分值、得分和执行率",
    ),
    post=PERFORMANCE_POST,
)
FORM_REASONS = Remedy(
    "自评时未逐项分析指标偏差和资金执行偏差的原因，说明流于形式",
    (
        "由项目实施科室查明{where}偏差的具体原因（政策变化、实施进度、资金到位等），写明涉及的数量和金额",
        "补填自评表“偏差原因分析”栏，写明下一步做法、责任科室和完成时限",
        "在下一预算年度绩效目标申报时，按实际工作量调整偏离较大的指标值",
        "建立绩效目标执行监控台账，按季度跟踪指标完成进度和资金执行进度",
    ),
    post=PERFORMANCE_POST,
    deadline=EXPLAIN_DEADLINE,
)
LOW_TARGET = replace(
    FORM_REASONS,
    cause="绩效目标申报时指标值设定偏低，未按实际工作量测算",
    measures=(
        "核实{where}超额完成的原因，在自评表中说明，或按偏离度调减得分",
        "在下一预算年度绩效目标申报时，以近年实际完成值为基础重新测算该指标的指标值",
        "由财务科在绩效目标审核时对指标值明显偏低的项目退回修改，并建立指标值测算依据留档制度",
    ),
)
OVER_SPENT = replace(
    FORM_REASONS,
    cause="年度中追加支出未同步调整全年预算数，或执行数统计口径与预算数不一致",
    measures=(
        "核实{where}超预算支出的依据（追加或调整预算的批复），在自评表中说明",
        "按批复更正全年预算数，或按同一口径更正全年执行数",
        "建立项目预算调整与自评表数据的同步更新机制",
    ),
)
REPORT = Remedy(
    "评价报告正文与评分表分别撰写、修改，定稿前未统一核对",
    (
        "组织评价机构对照评分表更正{where}的分值、得分或等级",
        "全文核实评价报告正文、评分表和指标体系中同一指标的分值和得分",
        "建立评价报告定稿前的分值、得分核对程序，由评价机构提交核对表、项目单位复核确认",
    ),
    post=EVALUATION_POST,
)
REPORT_OUTLINE = replace(
    REPORT,
    cause="评价报告未按《项目支出绩效评价管理办法》规定的报告框架撰写",
    measures=(
        "组织评价机构按规定的报告框架补充{where}缺少的部分或要素",
        "对评分表中的每一处扣分，在指标分析中写明理由和数据依据",
        "对每个问题写明原因，并提出对应、可操作的建议（做什么、由谁负责、何时完成）",
    ),
)
ROUNDING_REMEDY = Remedy(
    "差额在四舍五入允许的范围内，属于尾数误差，系各数分别四舍五入后再相加所致",
    (
        "核对决算报表系统中{where}的原始数据，确认差额仅由四舍五入造成",
        "如需消除差异，以决算报表系统数据为准统一调整尾数，并保持各表和情况说明一致",
    ),
    deadline="下一年度决算公开报告编制时",
)
READING = Remedy(
    "文件的部分页面未能自动读取",
    ("人工翻阅{where}，核实该页的表格和数字", "如有条件，安排重新生成带文字层的文件后再提交审核"),
)

INDICATOR = Remedy(
    "自评表未填写未完成原因，需由项目实施单位查明",
    (
        "由项目实施科室查明指标“{name}”未完成的原因（政策变化、实施进度、资金到位等），补填自评表“偏差原因分析”栏",
        "在下一预算年度绩效目标申报时，按实际可完成的工作量重新测算指标“{name}”的指标值；"
        "政策调整后不再实施的内容，相应调整或删除该指标",
        "对未完成部分涉及的资金，核实是否形成结余，按规定收回或调整用途",
        "建立绩效目标执行监控台账，按季度跟踪指标“{name}”的完成进度，发现偏差及时纠偏",
    ),
    post=INDICATOR_POST,
    deadline=INDICATOR_DEADLINE,
)
INDICATOR_STATED = replace(
    INDICATOR,
    cause="据自评表填写，未完成的原因为“{reason}”",
    measures=(
        "由项目实施科室核实指标“{name}”所述原因涉及的数量、金额和时间，在自评表“偏差原因分析”栏写明",
        *INDICATOR.measures[1:],
    ),
)

BY_RULE: dict[str, Remedy] = {
    **{f"DISC-{n:03d}": DISCLOSURE for n in range(1, 13)}, **_DISCLOSURES,
    "DISC-009": FORMAT, "DISC-010": YEAR, "DISC-011": RESIDUE, "DISC-012": FORMAT,
    **{f"TBL-{n:03d}": TABLE for n in range(1, 11)},
    "TBL-002": CARRY_OVER, "TBL-005": CARRY_OVER, "TBL-009": CARRY_OVER,
    **{f"XT-{n:03d}": CROSS for n in range(1, 9)},
    "XT-006": SCOPE, "XT-007": SCOPE, "XT-008": NAMES,
    **{f"NAR-{n:03d}": FIGURES for n in range(1, 14)},
    "NAR-004": REASONS, "NAR-008": REASONS, "NAR-009": REASONS, "NAR-007": ARITHMETIC,
    "NAR-010": SANGONG, "NAR-011": RUNNING_COSTS,
    **{f"PCT-{n:03d}": ARITHMETIC for n in range(1, 6)},
    "PCT-004": ZERO_BASE,
    **{f"PERF-{n:03d}": FORM for n in range(1, 21)},
    "PERF-005": FORM_REASONS, "PERF-008": FORM_REASONS, "PERF-011": FORM_REASONS, "PERF-012": FORM_REASONS,
    "PERF-013": FORM_REASONS, "PERF-009": LOW_TARGET, "PERF-018": OVER_SPENT,
    **{f"EVAL-{n:03d}": REPORT for n in range(1, 10)},
    "EVAL-001": REPORT_OUTLINE, "EVAL-004": REPORT_OUTLINE, "EVAL-005": REPORT_OUTLINE, "EVAL-006": REPORT_OUTLINE,
}  # fmt: skip


def remedy(code: str | None) -> Remedy:
    """How findings of a rule are corrected; a rule without its own entry gets its family's."""
    code = code or ""
    if code in BY_RULE:
        return BY_RULE[code]
    if code.startswith("ING-"):
        return READING
    family = code.split("-")[0]
    for key, value in BY_RULE.items():
        if key.startswith(family + "-"):
            return value
    return replace(TABLE, cause=f"{rule_text(code).title}，发布前未对照审核规则复核")
