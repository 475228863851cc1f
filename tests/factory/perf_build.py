"""Deterministic builder of consistent synthetic 预算项目绩效自评表 sets (2020 and 2024 layouts)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from .perf_model import (
    CENT,
    EXEC_WEIGHT,
    FormSet,
    FormSpec,
    FundLine,
    Funds,
    IndicatorSpec,
    Layout,
    SummaryRow,
    SummarySpec,
    execution_score,
    grade_of,
    q2,
)

OUT, EFF, SAT = "产出指标", "效益指标", "满意度指标"


@dataclass(frozen=True)
class _T:
    level1: str
    level2: str
    name: str
    kind: str
    unit: str
    targets: tuple[str, ...]
    """'≥95', '=100', '≤350', '196' (plain), '12-31' (date), 'budget', or the qualitative text."""
    desc: str
    long: bool = False


def _t(l1: str, l2: str, kind: str, unit: str, desc: str, *rows: tuple[str, tuple[str, ...]], long: bool = False):
    return [_T(l1, l2, name, kind, unit, targets, desc, long) for name, targets in rows]


# Invented indicators; '（…）' area suffixes make more unique names when a form needs many.
CATALOG: list[_T] = [
    *_t(OUT, "数量指标", "count", "场", "考察培训任务完成情况", ("开展业务培训场次", ("≥12", "=20", "24"))),
    *_t(OUT, "数量指标", "count", "台", "考察设备更新进度", ("完成设备更新数量", ("=40", "≥60", "85"))),
    *_t(OUT, "数量指标", "count", "户", "考察入户服务覆盖面", ("走访服务对象户数", ("≥300", "≥800"))),
    *_t(OUT, "数量指标", "count", "批次", "考察抽检计划执行", ("完成抽样检测批次", ("≥150", "360"))),
    *_t(OUT, "数量指标", "count", "个", "考察服务网点布设", ("新建便民服务点数量", ("≥6", "=10"))),
    *_t(OUT, "数量指标", "count", "人次", "考察咨询服务承接量", ("受理咨询服务人次", ("≥1500", "≥3000"))),
    *_t(OUT, "数量指标", "count", "处", "考察改造任务完成情况",
        ("街道社区综合服务中心适老化改造及无障碍设施配套建设完成数量", ("≥8", "=12")), long=True),
    *_t(OUT, "数量指标", "count", "人次", "考察轮训覆盖面",
        ("辖区重点行业从业人员安全生产与应急处置能力专项轮训覆盖人次", ("≥600", "≥900")), long=True),
    *_t(OUT, "质量指标", "percent", "%", "考察项目实施质量",
        ("项目验收合格率", ("≥95", "=100")), ("档案资料归档完整率", ("=100", "≥98")),
        ("检测结果准确率", ("≥98",)), ("设施设备完好率", ("≥90", "≥95")), ("问题整改完成率", ("≥85", "≥90"))),
    *_t(OUT, "质量指标", "percent", "%", "考察数据质量和办结效率",
        ("基层网格员采集信息经复核后的数据准确完整率及工单按期办结率", ("≥95",)), long=True),
    *_t(OUT, "时效指标", "date", "", "考察项目实施进度",
        ("项目完成时间", ("12-31", "11-30")), ("资金拨付完成时间", ("12-31", "09-30"))),
    *_t(OUT, "时效指标", "percent", "%", "考察资金拨付和任务进度",
        ("资金拨付及时率", ("≥90", "=100")), ("任务按期完成率", ("≥90", "≥95"))),
    *_t(OUT, "时效指标", "date", "", "考察重点任务节点",
        ("年度重点任务清单所列事项按计划节点完成并通过阶段性核验的时间", ("12-31",)), long=True),
    *_t(OUT, "成本指标", "amount", "万元", "考察成本控制", ("项目支出总额", ("budget",))),
    *_t(OUT, "成本指标", "amount", "元/人次", "考察单位服务成本", ("人均培训成本", ("≤350", "≤480"))),
    *_t(OUT, "成本指标", "amount", "万元/台", "考察采购价格控制", ("单台设备采购均价", ("≤1.80", "≤2.50"))),
    *_t(EFF, "社会效益指标", "qualitative", "", "考察公共服务改善情况",
        ("基层公共服务能力", ("有效提升",)), ("群众办事便利程度", ("明显改善",))),
    *_t(EFF, "社会效益指标", "count", "人", "考察受益面", ("受益群众人数", ("≥5000", "≥12000"))),
    *_t(EFF, "社会效益指标", "percent", "%", "考察重点人群覆盖",
        ("重点人群服务覆盖率", ("≥80", "≥85")), ("投诉举报按时办结率", ("≥95",))),
    *_t(EFF, "社会效益指标", "qualitative", "", "考察服务均等化",
        ("项目实施后辖区居民对公共服务可及性与均等化水平的感受", ("明显改善",)), long=True),
    *_t(EFF, "经济效益指标", "amount", "万元", "考察带动投资", ("带动社会资金投入", ("≥50.00", "≥120.00"))),
    *_t(EFF, "经济效益指标", "percent", "%", "考察经济带动",
        ("新增登记经营主体数量增幅", ("≥5", "≥8")), ("项目区农户人均增收幅度", ("≥3", "≥5"))),
    *_t(EFF, "生态效益指标", "qualitative", "", "考察环境改善", ("人居环境整洁程度", ("明显改善",))),
    *_t(EFF, "生态效益指标", "percent", "%", "考察分类成效", ("生活垃圾分类准确率", ("≥80", "≥85"))),
    *_t(EFF, "可持续影响指标", "qualitative", "", "考察长效机制", ("长效管护机制运行成效", ("有效提升",))),
    *_t(EFF, "可持续影响指标", "count", "年", "考察持续使用", ("服务设施持续使用年限", ("≥5", "≥8"))),
    *_t(SAT, "服务对象满意度指标", "percent", "%", "考察服务对象评价",
        ("服务对象满意度", ("≥90", "≥95")), ("参训人员满意度", ("≥85", "≥90")), ("社区居民满意度", ("≥90",))),
    *_t(SAT, "服务对象满意度指标", "percent", "%", "考察综合评价",
        ("项目实施区域内受益居民及经营主体对服务质量与响应速度的综合满意度", ("≥90",)), long=True),
]
AREAS = ("城区片区", "北部片区", "南部片区", "东部片区", "西部片区")
LEVEL2_ORDER = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "经济效益指标", "生态效益指标",
                "可持续影响指标", "服务对象满意度指标")

CITIES = ("岚湾区", "枫桥县", "青梧市", "临溪区", "桐川县")
BUREAUS = {
    "市场监督管理局": ("食品安全抽检经费", "智慧监管平台运维经费", "知识产权服务补助", "计量检定设备购置"),
    "农业农村局": ("农村人居环境整治专项", "高标准农田管护补助", "农业技术推广培训经费", "农产品质量监测经费"),
    "文化和旅游局": ("基层文化惠民演出补助", "公共图书馆数字资源建设", "文物安全巡查经费", "全民阅读推广活动"),
    "城市管理局": ("老旧小区设施维护经费", "生活垃圾分类推进经费", "市政道路照明维护", "街区环境整治提升"),
}
PEOPLE = ("林书远", "周亦安", "许景澄", "沈念禾", "陆知行")
DRIVERS = ("部分施工点位审批手续办理滞后", "供货单位交付延期", "参训对象临时调整", "汛期连续降雨导致停工",
           "信息系统对接进度滞后", "基层人员力量不足", "配套资金到位较晚")
POSTS = ("项目科科长", "财务审计科负责人", "分管副局长", "项目负责人", "综合办公室主任")
ACTIONS = ("完成剩余任务并组织验收", "建立月度调度和台账销号机制", "加快资金支付进度", "开展专项督导并通报进度")

# (execution rate % range, unmet count range, completion ratio range of unmet indicators)
PROFILES = {
    "good": ((95, 100), (0, 1), ("0.85", "0.98")),
    "fair": ((88, 96), (1, 2), ("0.70", "0.95")),
    "poor": ((65, 88), (2, 4), ("0.40", "0.80")),
    "bad": ((35, 60), (4, 6), ("0.20", "0.50")),
}

NOTES_2024 = [
    "1.自评总分为全部单项指标自评得分之和，满分100分。",
    "2.实际完成值填写截至预算年度末的完成结果，可以量化的须写明数值和计量单位；单项指标完成情况从“完成”“未完成”中选填。",
    "3.年度内未执行、年终预算调减为0或资金被全部收回的项目，以及重复申报或已拆分为其他项目的，预算数填0，其余栏目不再填写。",
    "4.未执行且资金结转下年的项目，执行数填0，指标完成情况均填“未完成”，自评得分填0；部分执行的按实际填写，自评得分须低于100分。",
    ("5.一级指标分值原则上为产出指标50分、效益指标30分、满意度指标10分、预算执行率10分；未设置的一级指标，其分值可调至其他指标，"
    "预算执行率始终占10分，各项分值合计100分。"),
    ("6.预算执行进度＝执行数÷预算数×100%。预算执行进度≥95%时，“预算执行率”得满分10分；预算执行进度＜95%时，"
    "“预算执行率”得分＝预算执行进度×10。"),
    "7.实际完成值应与预期指标值口径和计量单位一致。",
    "8.实际完成值达到预期指标值的，单项指标完成情况填“完成”，未达到的填“未完成”。",
    "9.单项指标完成情况为“未完成”的，自评得分应低于该项指标分值。",
    "10.年初指标值定得偏低、实际完成值超出预期指标值较多，偏离度达到30%及以上的，应视偏离程度相应扣减自评得分。",
]
NOTES_2020 = [
    ("注：1.自评以打分方式进行，满分100分。三级指标分值由各单位按其重要程度确定，单项得分不得超过该项分值，各项得分相加为项目自评总分。"
    "一级指标分值原则上为产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分，确需调整的，预算资金执行率分值不变，总分仍为100分。"
    "预算资金执行率得分＝全年执行数÷全年预算数×10分，最高10分。"),
    "2.未完成原因分析：写明未达到或偏离目标的原因，以及下一步整改措施。",
    ("3.定性指标按完成程度分三档：达成预期指标；部分达成并有一定效果；未达成且效果较差，分别在该项分值的100-81%、80-51%、50-0%区间内"
    "确定得分。定量指标达到指标值的得该项全部分值，未达到的按实际完成值与指标值之比计分。"),
]
SUMMARY_NOTES = [
    "备注：1.“资金使用单位”指实际使用项目资金的部门本级或所属单位。",
    "2.自评等级按自评得分确定：90分（含）以上为“优”，80分（含）至90分为“良”，60分（含）至80分为“中”，60分以下为“差”。",
]


def _dec(rng: random.Random, lo: str, hi: str, step: str = "0.01") -> Decimal:
    lo_d, hi_d, st = Decimal(lo), Decimal(hi), Decimal(step)
    return lo_d + st * rng.randint(0, int((hi_d - lo_d) / st))


def _weights(rng: random.Random, total: int, n: int) -> list[Decimal]:
    """n weights of at least 2 summing to `total`, in whole or half points."""
    unit = Decimal("0.5") if rng.random() < 0.3 else Decimal(1)
    out = [Decimal(2)] * n
    for _ in range(int((total - 2 * n) / unit)):
        k = rng.randrange(n)
        out[k] += unit
    return [q2(w) for w in out]


def _funds(rng: random.Random, profile: str, force_diff: bool) -> Funds:
    budget = _dec(rng, "8", "900")
    lo, hi = PROFILES[profile][0]
    executed = q2(budget * _dec(rng, str(lo), str(hi)) / 100)
    initial = budget
    if force_diff or rng.random() < 0.6:
        # 全年预算 differs from 年初预算 after in-year adjustments; the wrong-base mutation needs it.
        initial = q2(budget * _dec(rng, "0.85", "1.15"))
        initial = initial if initial != budget else budget + Decimal(5)
    if rng.random() < 0.5 or force_diff:
        received = q2(executed + (budget - executed) * _dec(rng, "0.2", "0.8"))
    else:
        received = budget
    total = FundLine(initial=initial, budget=budget, received=received, executed=executed)
    share = _dec(rng, "0.05", "0.20") if rng.random() < 0.3 else Decimal(0)
    other = FundLine(**{k: q2(v * share) for k, v in total.model_dump().items()})
    fiscal = FundLine(**{k: v - getattr(other, k) for k, v in total.model_dump().items()})
    return Funds(fiscal=fiscal, other=other)


def _pick(rng: random.Random, level1: str, n: int, long_names: bool) -> list[_T]:
    pool = [t for t in CATALOG if t.level1 == level1 and (long_names or not t.long)]
    if level1 == OUT:
        # Every form keeps its 项目支出总额 line: cost control is always checked against the budget.
        first = [t for t in pool if t.targets == ("budget",)]
        rest = [t for t in pool if t.targets != ("budget",)]
        picked = first + rng.sample(rest, min(n - 1, len(rest)))
    else:
        picked = rng.sample(pool, min(n, len(pool)))
    k = 0
    while len(picked) < n:
        t = pool[k % len(pool)]
        if t.targets != ("budget",):
            picked.append(_T(t.level1, t.level2, f"{t.name}（{AREAS[k // len(pool) % len(AREAS)]}）", t.kind,
                             t.unit, t.targets, t.desc, t.long))
        k += 1
    names = [t.name for t in picked]
    assert len(set(names)) == len(names)
    return sorted(picked, key=lambda t: LEVEL2_ORDER.index(t.level2))


def _comparator(spec: str, layout: Layout) -> tuple[str, Decimal]:
    comp = spec[0] if spec[0] in "≥≤=" else ""
    value = Decimal(spec.lstrip("≥≤="))
    # The 2020 forms print '=' targets plainly ('100%'); the 2024 符号 column always has a symbol.
    if layout == "2020" and comp == "=":
        comp = ""
    if layout == "2024" and comp == "":
        comp = "="
    return comp, value


@dataclass
class _Ctx:
    rng: random.Random
    layout: Layout
    year: int
    funds: Funds
    ratio: tuple[str, str]


def _reason_unmet(c: _Ctx, ind: IndicatorSpec) -> str:
    t = c.funds.total
    amount = t.budget - t.executed if t.budget > t.executed else q2(t.budget / 10)
    deadline = f"{c.year + 1}年{c.rng.randint(3, 9)}月底前"
    return (f"{ind.name}未完成原因：受{c.rng.choice(DRIVERS)}影响，实际完成{ind.actual_text}，未达到{ind.target_text}的目标，"
            f"涉及资金{amount:.2f}万元。整改措施：由{c.rng.choice(POSTS)}牵头，于{deadline}{c.rng.choice(ACTIONS)}。")


def _reason_over(c: _Ctx, ind: IndicatorSpec, cut: Decimal | None) -> str:
    """偏差原因 of a target exceeded by 30% or more: with the 2024 deduction, or (2020) why the full score stands."""
    dev = q2(ind.deviation * 100)
    scored = f"已按偏离程度扣减{cut}分" if cut is not None else "按定量指标达到指标值计满分"
    return (f"{ind.name}偏差原因：年初目标值设定偏保守，实际完成{ind.actual_text}，偏离度{dev}%，{scored}。"
            f"整改措施：由{c.rng.choice(POSTS)}于{c.year + 1}年{c.rng.randint(3, 6)}月底前结合历年完成情况重新测算目标值。")


def _reason_money(f: FormSpec) -> str:
    """Why the budget was adjusted in the year (2020) or left partly unspent: the 项目支出总额 row's reason."""
    t = f.funds.total
    parts = []
    if f.layout == "2020" and t.initial != t.budget:
        change = "追加" if t.budget > t.initial else "调减"
        parts.append(f"年中{change}预算{abs(t.budget - t.initial):.2f}万元，全年预算数由年初{t.initial:.2f}万元调整为{t.budget:.2f}万元")
    if t.executed * 100 < 90 * t.budget:
        parts.append(f"全年执行{t.executed:.2f}万元，未执行资金{t.budget - t.executed:.2f}万元因项目尚在实施结转下年使用")
    return f"项目支出总额偏差原因：{'；'.join(parts)}。整改措施：加快项目实施和资金支付进度。"


def _overshoot_specs(t: _T, layout: Layout) -> list[str]:
    """Targets a careless filler sets too low: '≥' counts, amounts and small percentages."""
    if t.kind not in ("count", "amount", "percent"):
        return []
    return [s for s in t.targets if s != "budget" and _comparator(s, layout)[0] == "≥"
            and (t.kind != "percent" or _comparator(s, layout)[1] <= 20)]


def _values(c: _Ctx, t: _T, unmet: bool, over: bool) -> dict:
    rng = c.rng
    specs = t.targets
    if unmet:
        # An exact ('=') target missed has no completion ratio (PERF-007 allows no partial score), so a
        # missed target is always a bound or a plain minimum.
        specs = tuple(s for s in specs if s == "budget" or _comparator(s, c.layout)[0] != "=") or specs
    spec = rng.choice(_overshoot_specs(t, c.layout) if over else specs)
    if t.kind == "qualitative":
        return {"comparator": "", "text_value": spec}
    if t.kind == "date":
        month, day = map(int, spec.split("-"))
        target = date(c.year, month, day)
        return {"comparator": "≤", "target_date": target, "actual_date": target - timedelta(days=rng.randint(0, 60)),
                    "date_style": rng.choice(("cn", "dot"))}
    if spec == "budget":
        tot = c.funds.total
        return {"comparator": "≤", "target": tot.budget, "actual": tot.executed}
    comp, target = _comparator(spec, c.layout)
    step = Decimal(1) if t.kind == "count" else Decimal("0.1") if t.kind == "percent" else CENT
    cap = Decimal(100) if t.kind == "percent" and target >= 50 else None
    if unmet:
        r = _dec(rng, *c.ratio)
        actual = (target / r if comp == "≤" else target * r).quantize(step, rounding=ROUND_DOWN)
        actual = max(actual, step) if comp != "≤" else max(actual, target + step)
        if comp != "≤" and actual >= target:
            actual = target - step
    elif comp == "≤":
        actual = (target * _dec(rng, "0.85", "1.00")).quantize(step, rounding=ROUND_DOWN)
    elif comp == "=":
        actual = target
    else:
        lift = _dec(rng, "1.30", "2.50") if over else _dec(rng, "1.00", "1.25")
        actual = (target * lift).quantize(step, rounding=ROUND_DOWN)
        if cap is not None:
            actual = min(actual, cap)
        actual = max(actual, target)
    return {"comparator": comp, "target": target, "actual": actual}


def _indicator(c: _Ctx, t: _T, weight: Decimal, unmet: bool, over: bool) -> IndicatorSpec:
    base = {"level1": t.level1, "level2": t.level2, "name": t.name, "description": t.desc, "kind": t.kind, "unit": t.unit,
                "weight": weight, "score": weight, "status": "完成"}
    ind = IndicatorSpec(**base, **_values(c, t, unmet, over))
    if not ind.met:
        score = (weight * (ind.ratio or Decimal(0))).quantize(CENT, rounding=ROUND_DOWN)
        ind = ind.model_copy(update={"score": score, "status": "未完成"})
        return ind.model_copy(update={"reason": _reason_unmet(c, ind)})
    if ind.kind == "qualitative" and c.rng.random() < 0.3:
        return ind.model_copy(update={"score": q2(weight * _dec(c.rng, "0.85", "0.98"))})
    if ind.over_achieved:
        # The 2024 notes reduce the score by the 偏离度; the 2020 notes give a met target its full
        # weight, so the row states the 偏差原因 instead.
        if c.layout == "2020":
            return ind.model_copy(update={"reason": _reason_over(c, ind, None)})
        cut = q2(weight * c.rng.choice((Decimal("0.02"), Decimal("0.04"), Decimal("0.10"))))
        return ind.model_copy(update={"score": weight - cut, "reason": _reason_over(c, ind, cut)})
    return ind


def _form(rng: random.Random, layout: Layout, year: int, k: int, profile: str, project: str, dept: str,
          implementer: str, opts: dict, money: FundLine | None = None) -> FormSpec:
    if money is None:
        funds = _funds(rng, profile, force_diff=k == 0)
    else:
        funds = Funds(fiscal=money, other=FundLine(**dict.fromkeys(FundLine.model_fields, Decimal(0))))
    many = opts.get("many", False)
    no_sat = opts.get("no_satisfaction")
    no_sat = rng.random() < 0.2 if no_sat is None else no_sat
    sizes = {OUT: rng.randint(16, 18) if many else rng.randint(4, 6),
             EFF: rng.randint(9, 10) if many else rng.randint(2, 4),
             SAT: 0 if no_sat else (3 if many else rng.randint(1, 2))}
    points = {OUT: 50, EFF: 30, SAT: 10}
    if no_sat:
        # The notes allow a missing 一级指标's points to move to the others; 执行率 keeps 10.
        points = {OUT: 55, EFF: 35, SAT: 0} if rng.random() < 0.5 else {OUT: 60, EFF: 30, SAT: 0}
    templates: list[_T] = []
    weights: list[Decimal] = []
    for level1 in (OUT, EFF, SAT):
        if sizes[level1]:
            picked = _pick(rng, level1, sizes[level1], opts.get("long_names", False))
            if level1 == EFF and not any(t.kind == "qualitative" for t in picked):
                # Every form has a qualitative row (the band rules need one to bite on).
                picked[-1] = next(t for t in CATALOG if t.level1 == EFF and t.kind == "qualitative" and not t.long
                                  and t.name not in {p.name for p in picked})
                picked.sort(key=lambda t: LEVEL2_ORDER.index(t.level2))
            templates += picked
            weights += _weights(rng, points[level1], len(picked))
    lo, hi = PROFILES[profile][1]
    candidates = [i for i, t in enumerate(templates) if t.kind in ("count", "percent", "amount")
                  and t.targets != ("budget",)]
    unmet = set(rng.sample(candidates, min(len(candidates), max(rng.randint(lo, hi), 1 if k == 0 else 0))))
    over_pool = [i for i, t in enumerate(templates) if i not in unmet and _overshoot_specs(t, layout)]
    over = {i for i in over_pool if rng.random() < 0.2}
    if k == 0 and over_pool and not over:
        over = {over_pool[0]}
    ctx = _Ctx(rng, layout, year, funds, PROFILES[profile][2])
    indicators = [_indicator(ctx, t, w, i in unmet, i in over) for i, (t, w) in enumerate(zip(templates, weights))]
    rate = q2(funds.total.executed * 100 / funds.total.budget)
    exec_score = execution_score(rate, layout)
    total = q2(sum((i.score for i in indicators), exec_score))
    a, b = indicators[0], indicators[1]
    eff = next(i for i in indicators if i.kind == "qualitative")
    form = FormSpec(
        layout=layout, year=year, project=project, department=dept,
        department_code=f"{rng.randint(101, 599)}{rng.randint(1, 9):03d}", implementer=implementer,
        funds=funds, rate=rate, execution_weight=EXEC_WEIGHT, execution_score=exec_score,
        goal=f"按计划实施{project}，完成{a.name}、{b.name}等年度任务，{eff.name}{eff.text_value}。",
        achieved=(f"项目已组织实施，{a.name}实际完成{a.actual_text}，{b.name}实际完成{b.actual_text}，"
                  f"年度目标{'基本实现' if any(not i.met for i in indicators) else '全部实现'}。"),
        indicators=indicators, total=total, preparer=rng.choice(PEOPLE),
        notes=NOTES_2024 if layout == "2024" else NOTES_2020,
        landscape=layout == "2020" if opts.get("landscape") is None else opts["landscape"],
    )
    if form.needs_money_reason:
        # The form says why the money moved, whatever its indicators' reasons happen to mention.
        cost = next(i for i in indicators if i.name == "项目支出总额")
        inds = [i.model_copy(update={"reason": _reason_money(form)}) if i is cost else i for i in indicators]
        form = form.model_copy(update={"indicators": inds})
    return form


def build_forms(seed: int, layout: Layout = "2024", n_forms: int = 3, *, year: int = 2024, long_names: bool = False,
                many: bool = False, landscape: bool | None = None, no_satisfaction: bool | None = None,
                department: str | None = None, projects: list[str] | None = None,
                funds: list[FundLine] | None = None) -> FormSet:
    """A consistent set of `n_forms` 自评表 of one department plus its 汇总表; same arguments, same set.

    long_names: include indicator names long enough to wrap in their cell; many: 25–30 indicators per
    form so each form runs over two pages; landscape: page orientation (default: 2020 landscape, 2024
    portrait); no_satisfaction: True/False forces a form without 满意度指标 (its points moved), None
    lets about one form in five go without.

    department, projects, funds: the forms of a given unit (it is 主管部门 and 实施单位), its project
    names and each project's 财政拨款 money (no 其他资金), e.g. to attach the set to a 决算 report
    whose 项目支出 they explain.
    """
    rng = random.Random(seed)
    city = rng.choice(CITIES)
    bureau = rng.choice(sorted(BUREAUS))
    dept = department or f"{city}{bureau}"
    drawn = list(BUREAUS[bureau])
    rng.shuffle(drawn)
    if any(given is not None and len(given) != n_forms for given in (projects, funds)):
        raise ValueError("projects and funds need one entry per form")
    projects = projects or drawn
    # A project funded again is numbered in every phase: no name is part of another's (the 汇总表 row of
    # '…经费' would fit '…经费（2期）' as well).
    repeated = n_forms > len(projects)
    projects = [projects[k % len(projects)] + (f"（{k // len(projects) + 1}期）"
                                               if repeated and k % len(projects) < n_forms - len(projects) else "")
                for k in range(n_forms)]
    profiles = ["good", "poor", "bad", "good", "poor", "good"]
    rng.shuffle(profiles)
    opts = {"long_names": long_names, "many": many, "landscape": landscape, "no_satisfaction": no_satisfaction}
    forms = []
    for k, project in enumerate(projects):
        profile = "fair" if k == 0 else profiles[(k - 1) % len(profiles)]
        implementer = dept if rng.random() < 0.6 or department else f"{city}{bureau[:2]}事务服务中心"
        forms.append(_form(rng, layout, year, k, profile, project, dept, implementer, opts,
                           funds[k] if funds is not None else None))
    summary = SummarySpec(
        year=year, department=dept, notes=SUMMARY_NOTES,
        rows=[SummaryRow(project=f.project, unit=f.implementer, score=f.total, grade=grade_of(f.total)) for f in forms],
    )
    return FormSet(forms=forms, summary=summary, seed=seed, layout=layout)
