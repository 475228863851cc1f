"""Offline commentary templates: outputs valid, guarded, specific and deterministic; verdicts and causes by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent import template_remedies, template_rules, templates
from agent.facts import FactBook, mask_identifiers
from agent.guard import claims_clean, unverified
from agent.items import (
    DraftItem,
    ExplainItem,
    FindingView,
    Items,
    ReasonItem,
    collect,
    draft_texts,
    explain_texts,
    fingerprint,
    item_facts,
    reason_texts,
)
from agent.templates import assess, draft, explain
from tests.conftest import ROOT, shared_path
from tests.factory import (
    MUTATIONS,
    NotApplicable,
    build_forms,
    build_report,
    render_forms_text,
    render_text,
)
from tools.checks.registry import all_rules
from tools.commentary import CAUSES, MISSING, Assessment, Draft, Explanation
from tools.location import Location
from tools.numbers import find_quantities
from tools.performance.wording import measure_problem
from tools.profiles import load
from tools.review import review

SEEDS = ("002_e3267e760b1282a2.txt", "000_598e7c5fa0877819.txt")
CORPUS = (
    "shanghai-bumen-juesuan-template-2024-yangzhang.pdf",
    "shanghai-putuo-caizhengju-2024-bumen-juesuan.pdf",
    "shanghai-putuo-guihua-ziranziyuan-2024-bumen-juesuan.pdf",
    "shanghai-putuo-quwei-shehuigongzuobu-2024-bumen-juesuan.pdf",
)
SECTIONS = ("问题：", "原因：", "整改措施：", "责任：", "时限：")
GENERIC_MEASURES = {"加强管理", "进一步提高认识", "严格执行预算", "加强监管", "高度重视"}


def _items(path: Path) -> Items:
    r = review(path)
    return collect(r.report, r.accounts, r.performance, load("national"))


# ------------------------------------------------------------------------------ every item of every document


def check_explanation(item: ExplainItem) -> Explanation:
    out = explain(item)
    Explanation.model_validate(out.model_dump())
    book = item_facts(explain_texts(item))
    assert out.text.strip(), item.key
    assert out.cause in CAUSES
    assert 1 <= len(out.checks) <= 3 and all(c.strip() for c in out.checks), out.checks
    for text in (out.text, *out.checks):
        assert unverified(text, book) == [], (item.rule, text)
    assert not claims_clean(out.text), out.text
    if item.group:
        assert f"{item.count}处" in out.text
    assert out.source.kind == "template"
    assert explain(item) == out
    return out


def check_assessment(item: ReasonItem) -> Assessment:
    out = assess(item)
    Assessment.model_validate(out.model_dump())
    assert (out.id, out.kind, out.subject, out.location, out.facts, out.reason, out.findings) == (
        item.id, item.kind, item.subject, item.location, item.facts, item.reason, item.findings,
    )
    assert out.rationale.strip()
    assert unverified(out.rationale, item_facts(reason_texts(item))) == [], out.rationale
    assert set(out.missing) <= set(MISSING) and len(set(out.missing)) == len(out.missing)
    if item.reason is None:
        assert out.verdict == "缺失"
    elif item.contrary:
        assert out.verdict == "与数据矛盾"
    elif item.vague or item.reused_with:
        assert out.verdict == "笼统"
    if out.verdict == "充分":
        assert "驱动因素" not in out.missing
    assert assess(item) == out
    return out


def check_draft(item: DraftItem) -> Draft:
    out = draft(item)
    Draft.model_validate(out.model_dump())
    book = item_facts(draft_texts(item))
    fields = (out.subject, out.problem, out.cause, out.responsible, out.deadline, out.text, *out.measures)
    for text in fields:
        assert text.strip()
        assert unverified(text, book, allow_time=True) == [], (item.rule, text)
    assert 2 <= len(out.measures) <= 4
    assert measure_problem("；".join(out.measures)) is None, out.measures
    assert not any(m.strip("。；") in GENERIC_MEASURES for m in out.measures)
    assert all(s in out.text for s in SECTIONS) and "（建议时限，请结合实际确定）" in out.text
    assert out.deadline_suggested and out.target == item.target and out.findings == item.findings
    assert draft(item) == out
    return out


def check_all(items: Items) -> None:
    for e in items.explain + items.explain_template:
        check_explanation(e)
    for r in items.reasons:
        check_assessment(r)
    for d in items.drafts:
        check_draft(d)


EXAMPLE = ROOT / "examples" / "example-review.pdf"
DOCUMENTS = (
    [pytest.param(("seeds", name), id=name[:3]) for name in SEEDS]
    + [pytest.param(("corpus", name), id=name.removesuffix(".pdf"), marks=pytest.mark.corpus) for name in CORPUS]
    + [pytest.param(("examples", EXAMPLE.name), id="example-review")]
)


@pytest.fixture(scope="module", params=DOCUMENTS)
def document_items(request) -> Items:
    """Each seed, corpus document and the bundled example reviewed once for the whole module."""
    folder, name = request.param
    if folder == "examples":
        if not EXAMPLE.exists():
            pytest.skip(f"{EXAMPLE} is absent")
        return _items(EXAMPLE)
    return _items(shared_path(folder, name))


def test_every_item_of_real_documents(document_items: Items) -> None:
    check_all(document_items)


def _outputs(items: Items) -> list[str]:
    out = [explain(e).model_dump_json() for e in items.explain + items.explain_template]
    out += [assess(r).model_dump_json() for r in items.reasons]
    return out + [draft(d).model_dump_json() for d in items.drafts]


def test_seed_002_verdicts_and_causes_and_a_second_run_is_identical() -> None:
    path = shared_path("seeds", SEEDS[0])
    items = _items(path)
    assert _outputs(items) == _outputs(_items(path))
    verdicts = [assess(r).verdict for r in items.reasons]
    assert verdicts.count("缺失") == 5 and "笼统" in verdicts and "充分" in verdicts
    running = next(r for r in items.reasons if r.subject == "机关运行经费支出")
    a = assess(running)
    assert a.verdict == "笼统" and {"驱动因素", "金额"} <= set(a.missing)
    assert "1080.46%" in a.rationale and "专项经费增加" in a.rationale
    causes = {e.rule: explain(e).cause for e in items.explain + items.explain_template}
    assert causes["TBL-004"] == "尾数误差" and causes["PERF-015"] == "录入错误" and causes["PERF-020"] == "跨表引用错误"


def _shift_cell(rep, number: str, delta: int):
    """The report with the first 项 amount of a table's first amount column raised by `delta`."""
    table = rep.table(number)
    fact = next(f for f in table.facts if len(f.row.split()[0]) == 7)
    col = [c.label for c in table.columns].index(fact.column)
    rows = [
        r.model_copy(update={"cells": [f"{fact.value + delta:.2f}" if i == col else x for i, x in enumerate(r.cells)]})
        if table.row_label(r, table.columns[col].group) == fact.row
        else r
        for r in table.rows
    ]
    tables = [t.model_copy(update={"rows": rows}) if t.number == number else t for t in rep.tables]
    return rep.model_copy(update={"tables": tables})


@pytest.fixture(scope="module")
def factory_items(tmp_path_factory) -> list[Items]:
    tmp = tmp_path_factory.mktemp("factory")
    out = []
    for seed in (0, 1, 2):
        out.append(_items(render_text(build_report(seed), tmp / f"report-{seed}.txt")))
    out.append(_items(render_text(_shift_cell(build_report(3), "公开05表", 10), tmp / "shifted.txt")))
    for layout in ("2020", "2024"):
        for name in sorted(MUTATIONS):
            try:
                mutated, _ = MUTATIONS[name](build_forms(0, layout))
            except NotApplicable:
                continue
            out.append(_items(render_forms_text(mutated, tmp / f"forms-{layout}-{name}.txt")))
    return out


def test_every_item_of_factory_reports(factory_items: list[Items]) -> None:
    assert sum(len(i.reasons) for i in factory_items) > 0
    assert sum(len(i.drafts) for i in factory_items) > 0
    for items in factory_items:
        check_all(items)


def test_a_shifted_cell_is_explained_as_a_table_error(factory_items: list[Items]) -> None:
    shifted = factory_items[3]
    explained = {e.rule: explain(e) for e in shifted.explain}
    assert explained, "the shifted 公开05表 cell must raise findings"
    assert explained.get("TBL-004", explained.get("TBL-006")).cause in ("录入错误", "科目调整/串户")


# ------------------------------------------------------------------------------ reasons, hand-built


def _reason(reason: str | None, **update) -> ReasonItem:
    base = dict(
        key="R1",
        id="r1",
        kind="yoy_change",
        subject="机关运行经费支出",
        location=Location(page=3, section="（一）机关运行经费支出情况"),
        facts=["本年数 414.34万元", "增加 379.24万元", "增长 1080.46%"],
        direction="increase",
        reason=reason,
        sentence="机关运行经费支出414.34万元，比上年增加379.24万元，增长1080.46%。",
        material=True,
    )
    return ReasonItem(**(base | update))


def test_stock_phrase_on_a_large_increase_is_vague() -> None:
    a = check_assessment(_reason("专项经费增加", stock=["专项经费增加"], vague="只有套话或复述数字变化，未说明具体原因"))
    assert a.verdict == "笼统"
    assert {"驱动因素", "金额"} <= set(a.missing)
    assert "1080.46%" in a.rationale and "“专项经费增加”" in a.rationale


def test_a_named_merger_with_month_and_amount_is_sufficient() -> None:
    reason = "2020年4月原某区物资供应站并入，增加人员5人，相应增加人员经费和公用经费379.24万元"
    a = check_assessment(_reason(reason))
    assert a.verdict == "充分" and a.missing == []


def test_a_decrease_driver_for_an_increase_contradicts_the_numbers() -> None:
    a = check_assessment(_reason("压减会议费和差旅费支出", contrary=True))
    assert a.verdict == "与数据矛盾"
    assert "增加" in a.rationale and "减少" in a.rationale


def test_no_reason_is_missing_everything() -> None:
    a = check_assessment(_reason(None))
    assert a.verdict == "缺失" and a.missing == ["驱动因素", "金额", "科目", "时间"]
    assert "未说明原因" in a.rationale


def test_a_reason_reused_for_other_items_is_vague() -> None:
    a = check_assessment(_reason("机构改革后人员调整", reused_with=["基本支出", "项目支出"]))
    assert a.verdict == "笼统" and "“基本支出”" in a.rationale


def test_a_named_driver_without_amount_is_sufficient_but_lacks_the_amount() -> None:
    a = check_assessment(_reason("2024年3月起新增信息化系统运维项目"))
    assert a.verdict == "充分" and a.missing == ["金额"]
    assert "金额" in a.rationale


def test_a_small_change_needs_no_amount() -> None:
    small = _reason(
        "落实中央八项规定，压减公务接待批次",
        kind="budget_deviation", direction="decrease",
        facts=["年初预算数 0.9万元", "决算数 0.11万元", "决算数少于预算数 0.79万元", "决算数为预算数的 97.27%"],
        material=False,
    )
    assert "金额" not in check_assessment(small).missing
    assert "金额" in check_assessment(small.model_copy(update={"material": True})).missing


def test_boilerplate_names_no_driver() -> None:
    item = _reason("预算按充分保障预估，实际执行基本贴合预期", kind="budget_deviation", direction="decrease")
    a = check_assessment(item)
    assert a.verdict == "笼统" and "驱动因素" in a.missing


def test_indicator_reasons() -> None:
    base = dict(
        kind="indicator",
        subject="《对专利权人的补助》绩效自评表 指标“实用新型授权”（未完成）",
        facts=["指标值 136件", "实际完成值 0", "分值 5", "得分 0", "完成比例 0.00%"],
        direction="decrease",
    )
    vague = check_assessment(_reason("政策原因；不再奖励", stock=["政策原因"], vague="未点明具体因素（政策文件、时间、数量或金额）", **base))
    assert vague.verdict == "笼统" and "136件" in vague.rationale
    good = check_assessment(_reason("2024年6月起按新办法只补助发明专利，实用新型授权136件不再补助，少支出6.80万元", **base))
    assert good.verdict == "充分" and good.missing == []
    contrary = check_assessment(_reason("已完成", contrary=True, **base))
    assert contrary.verdict == "与数据矛盾"
    missing = check_assessment(_reason(None, **base))
    assert missing.verdict == "缺失" and "偏差原因" in missing.rationale


# ------------------------------------------------------------------------------ explanations, hand-built


def _view(message: str, **update) -> FindingView:
    where = "第5页 / 一般公共预算财政拨款支出决算表 / 2010301 行政运行 / 合计"
    return FindingView(id=fingerprint(message), severity="错误", rule="TBL-004", message=message, location=where, **update)


def _explain_item(rule: str, *views: FindingView, severity: str = "错误", count: int | None = None) -> ExplainItem:
    return ExplainItem(
        key="F1",
        rule=rule,
        rule_title=rule,
        severity=severity,
        count=count or len(views),
        finding_ids=[v.id for v in views],
        shown=list(views),
    )


@pytest.mark.parametrize(
    ("rule", "message", "expected", "actual", "cause"),
    [
        ("TBL-004", "一般公共预算财政拨款支出决算表“201 一般公共服务支出”“合计”栏（类级）为34.76，各项款级科目之和为34.77，相差0.01，在四舍五入误差范围内（尾数误差）。", "34.77", "34.76", "尾数误差"),
        ("TBL-004", "一般公共预算财政拨款支出决算表“201 一般公共服务支出”“合计”栏（类级）为2083.20，各项款级科目之和为1983.20，相差100.00。", "1983.20", "2083.20", "录入错误"),
        ("TBL-005", "财政拨款收入支出决算总表一般公共预算财政拨款“年末结转和结余”为139.60，按年初结转和结余加本年收入减本年支出应为39.60，相差100.00。", "39.60", "139.60", "结转结余"),
        ("TBL-009", "政府性基金预算财政拨款收入支出决算表“2120801”年末结转和结余为5.40，按年初、本年收支应为0.54。", "0.54", "5.40", "结转结余"),
        ("XT-002", "收支总表“城乡社区支出”为1475.38，支出决算表“212 城乡社区支出”为1375.38，相差100.00。", "1375.38", "1475.38", "跨表引用错误"),
        ("XT-006", "“2013801 行政运行”财政拨款基本支出1874.40超过支出决算表同一科目1865.40，超出9.00。", "≤1865.40", "1874.40", "口径不一致"),
        ("XT-008", "科目编码2200101在支出决算表中名称为“行政运行”，在一般公共预算财政拨款支出决算表中为“事业运行”，同一科目名称不一致。", None, None, "科目调整/串户"),
        ("NAR-003", "情况说明“行政运行（项）”为2234.90，一般公共预算财政拨款支出决算表“2010301 行政运行”合计为2243.90，相差9.00。", "2243.90", "2234.90", "录入错误"),
        ("NAR-005", "情况说明“人员经费”为4896.98，一般公共预算财政拨款基本支出决算表“人员经费合计”决算数为4884.09，相差12.89。", "4884.09", "4896.98", "跨表引用错误"),
        ("NAR-011", "情况说明机关运行经费为520.00万元，超过公用经费合计250.38万元（多269.62万元），机关运行经费应为公用经费的一部分。", None, None, "口径不一致"),
        ("PCT-001", "情况说明“行政运行”的完成率98.20%是按全年预算2993.92万元计算的，却表述为“完成年初预算”。", None, None, "口径不一致"),
        ("PERF-004", "《办公设备购置》绩效自评表执行率印为“86%”，按全年执行数15.5÷全年预算数15.5重算为100%，印出的执行率与按年初预算数17.98计算的结果一致，计算基数有误。", "100%", "86%", "口径不一致"),
        ("PERF-015", "《工作经费》绩效自评表总分为100，但各项得分之和为90，相差10。", "90", "100", "录入错误"),
        ("EVAL-003", "《某项目绩效评价报告》得分87.4分对应等级应为“良”，报告写为“优”。", "良", "优", "录入错误"),
        ("DISC-011", "第21页残留模板内容（空缺的说明）“主要原因：”。", None, None, "其他"),
        ("PCT-004", "情况说明“收入支出总计”本年307.82万元、增加307.82万元，上年数为0，却写“增长100.00%”；应表述为“新增”。", None, None, "其他"),
    ],
)
def test_cause_by_rule_and_values(rule, message, expected, actual, cause) -> None:
    out = check_explanation(_explain_item(rule, _view(message, expected=expected, actual=actual)))
    assert out.cause == cause
    assert message.rstrip("。") in out.text


def test_two_parents_off_by_the_same_amount_in_opposite_directions_are_a_misfiled_item() -> None:
    views = [
        _view("“20101 人大事务”合计为120.00，各项项级科目之和为100.00，相差20.00。", expected="100.00", actual="120.00"),
        _view("“20103 政府办公厅（室）及相关机构事务”合计为80.00，各项项级科目之和为100.00，相差20.00。", expected="100.00", actual="80.00"),
        _view("“201 一般公共服务支出”合计为300.00，各项款级科目之和为290.00，相差10.00。", expected="290.00", actual="300.00"),
    ]
    out = check_explanation(_explain_item("TBL-004", *views, count=5))
    assert out.cause == "科目调整/串户"
    assert "5处" in out.text and "串户" in out.text


def test_a_rounding_group_says_it_is_no_error_and_how_many() -> None:
    msg = "支出决算表“212 城乡社区支出”“本年支出合计”栏为640.94，各项之和为640.93，相差0.01，在四舍五入误差范围内（尾数误差）。"
    out = check_explanation(_explain_item("TBL-003", _view(msg, expected="640.93", actual="640.94"), severity="提示", count=7))
    assert out.cause == "尾数误差" and "7处" in out.text and "不是实质性错误" in out.text
    assert any("四舍五入" in c for c in out.checks)


@pytest.mark.parametrize("code", ["ING-001", "ING-002", "ING-003", "ING-004", "ING-009"])
def test_reading_notes_ask_for_the_page_to_be_read_by_eye(code: str) -> None:
    view = FindingView(id="i1", severity="警告", rule="ING-001", message="第2页无文字层（疑似扫描件），未做文字识别", location="第2页")
    out = check_explanation(_explain_item(code, view, severity="警告"))
    assert out.cause == "其他" and "人工" in out.text + "".join(out.checks)


def test_an_unknown_rule_gets_neutral_text() -> None:
    out = check_explanation(_explain_item("NEW-001", _view("新规则发现的问题。")))
    assert out.cause == "其他"


def test_checks_name_the_cell() -> None:
    msg = "一般公共预算财政拨款支出决算表“2010301 行政运行”“合计”栏为96.40，各项之和为69.40，相差27.00。"
    out = check_explanation(_explain_item("TBL-006", _view(msg, expected="69.40", actual="96.40")))
    assert "“2010301 行政运行”" in out.checks[0] and "决算报表系统" in out.checks[0]


def test_safe_falls_back_when_a_quotation_reads_as_a_new_number() -> None:
    book = FactBook()
    book.add_text("决算数为34.76万元")
    assert templates._safe(["相差0.02万元", "相差见问题描述"], book) == "相差见问题描述"
    assert templates._safe(["决算数34.76万元", "x"], book) == "决算数34.76万元"


# ------------------------------------------------------------------------------ drafts, hand-built


def _draft_item(**update) -> DraftItem:
    loc = Location(page=5, table="一般公共预算财政拨款支出决算表", row="2010301 行政运行", column="合计")
    base = dict(
        key="D1",
        id="d1",
        target="finding",
        subject="按功能分类列示的表中，类级数应等于所属款级之和。",
        rule="TBL-004",
        rule_title="按功能分类列示的表中，类级数应等于所属款级之和。",
        severity="错误",
        findings=["f1"],
        location=loc,
        problems=["第5页 / 一般公共预算财政拨款支出决算表 / 2010301 行政运行 / 合计：“2010301 行政运行”合计为2083.20，各项之和为1983.20，相差100.00。"],
        unit="某某区市场监督管理局",
        year=2024,
    )
    return DraftItem(**(base | update))


def test_a_table_draft_names_the_cell_the_unit_and_a_relative_deadline() -> None:
    d = check_draft(_draft_item())
    assert "“2010301 行政运行”行“合计”栏" in d.measures[0] and "决算报表系统" in d.measures[0]
    assert d.responsible == "某某区市场监督管理局财务科（决算编报岗）"
    assert "15个工作日" in d.deadline and "2083.20" in d.problem
    assert d.text.startswith("问题：") and "（一）" in d.text and "（二）" in d.text


def test_a_group_draft_states_the_count() -> None:
    d = check_draft(_draft_item(count=3, findings=["f1", "f2", "f3"]))
    assert d.problem.startswith("共3处")


def test_a_unit_name_with_an_unknown_number_is_not_written() -> None:
    d = check_draft(_draft_item(unit="某市302医院"))
    assert d.responsible.startswith("本单位")


def test_a_warning_gets_the_longer_deadline_and_reasons_their_own_measures() -> None:
    d = check_draft(_draft_item(rule="NAR-009", severity="警告", problems=["第3页 / （一）机关运行经费支出情况：原因说明“专项经费增加”为套话。"],
                                location=Location(page=3, section="（一）机关运行经费支出情况")))
    assert "30个工作日" in d.deadline and "原因" in d.measures[0]


def test_indicator_drafts() -> None:
    base = dict(
        target="indicator",
        subject="《对专利权人的补助》绩效自评表 指标“实用新型授权”未完成",
        rule=None, rule_title=None, severity=None, findings=[],
        location=Location(page=1, table="预算项目绩效自评表（对专利权人的补助）", row="产出指标/数量指标/实用新型授权"),
        problems=["第1页 / 预算项目绩效自评表（对专利权人的补助） / 产出指标/数量指标/实用新型授权：指标值 136件，实际完成值 0，分值 5，得分 0"],
        unit="某某区市场监督管理局",
    )
    without = check_draft(_draft_item(**base))
    assert "未填写" in without.cause and "136件" in without.problem and "第1页" in without.problem
    assert "下一预算年度绩效目标申报前" in without.deadline
    assert without.responsible.startswith("某某区市场监督管理局（项目实施单位）")
    stated = check_draft(_draft_item(reason="政策原因；不再奖励", **base))
    assert "“政策原因；不再奖励”" in stated.cause
    assert all("实用新型授权" in m for m in stated.measures[:2])


# ------------------------------------------------------------------------------ coverage of the tables


def test_every_registered_rule_has_texts_and_a_remedy() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) >= 77
    missing = [c for c in codes if c not in template_rules.RULES]
    assert missing == []
    assert all(template_remedies.remedy(c) is template_remedies.BY_RULE[c] for c in codes)


def _constant_texts():
    yield "templates", (*templates.CAUSE_NOTES.values(), templates.FORM_TYPO_NOTE, templates.ROUNDING_NOTE,
                        *templates.ROUNDING_CHECKS, *templates.MISSING_CN.values(), templates.NOWHERE)
    for code, spec in template_rules.RULES.items():
        yield code, (spec.title, spec.meaning, spec.impact, *spec.checks)
    for name in dir(template_remedies):
        value = getattr(template_remedies, name)
        if isinstance(value, template_remedies.Remedy):
            yield name, (value.cause, value.post, *value.measures)


def test_template_texts_carry_no_numbers_of_their_own() -> None:
    """Only the item's own numbers may appear, so the fixed texts must hold none (Chinese counts included)."""
    for name, texts in _constant_texts():
        for text in texts:
            assert find_quantities(mask_identifiers(text)) == [], (name, text)


def test_template_measures_are_concrete() -> None:
    for name in dir(template_remedies):
        value = getattr(template_remedies, name)
        if isinstance(value, template_remedies.Remedy):
            where = "第1页“说明”“存在问题及整改措施”部分"
            joined = "；".join(m.format(where=where, name="实用新型授权") for m in value.measures)
            assert measure_problem(joined) is None, name
