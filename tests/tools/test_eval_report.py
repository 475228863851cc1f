"""绩效评价报告 → EvaluationReport: seed 002's embedded report, and invented reports as text and as located blocks."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tools.document import (
    Cell,
    Document,
    Heading,
    Page,
    Paragraph,
    Row,
    Table,
    TextLine,
)
from tools.ingest import ingest
from tools.performance.model import (
    EvaluationReport,
    ScoreItem,
    ScoreStatement,
    ScoreTable,
)
from tools.performance.report import extract_reports
from tools.text import normalize

D = Decimal


def _v(n) -> Decimal | None:
    return None if n is None else n.value


def _table(report: EvaluationReport, title: str) -> ScoreTable:
    return next(t for t in report.tables if t.title == title)


def _item(table: ScoreTable, row: str) -> ScoreItem:
    return next(i for i in table.items if i.row == row)


def _rows(table: ScoreTable) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(i.name, _v(i.weight), _v(i.score)) for i in table.items]


def _tree(table: ScoreTable, level: int) -> dict[str, Decimal | None]:
    return {i.row: _v(i.weight) for i in table.items if i.level == level}


def _said(report: EvaluationReport) -> list[tuple[str, Decimal | None, Decimal | None, str | None]]:
    return [(s.subject, _v(s.score), _v(s.weight), s.grade) for s in report.statements]


# ---------------------------------------------------------------- seed 002


@cache
def _seed_report() -> EvaluationReport:
    reports = extract_reports(ingest(_seed_path()))
    assert len(reports) == 1
    return reports[0]


def _seed_path() -> Path:
    return shared_path("seeds", "002_e3267e760b1282a2.txt")


@pytest.fixture
def seed() -> EvaluationReport:
    _seed_path()  # skips when ../shared is absent
    return _seed_report()


def test_seed_report_header(seed: EvaluationReport) -> None:
    assert seed.title == "2020年度专利权人补助项目绩效评价报告"
    assert seed.project == "专利权人补助项目"
    assert seed.unit == "枣庄市山亭区市场监督管理局"
    assert seed.evaluator is None  # only '本公司' / 第三方 is printed, never a name
    assert seed.date == "2021年1月"
    assert seed.page == 1


def test_seed_report_starts_at_its_title(seed: EvaluationReport) -> None:
    # The 决算 part and the 自评表 forms before the report are not part of it.
    titles = [normalize(s.title) for s in seed.sections]
    assert titles[0] == "一、项目基本情况"
    assert not any("自评表" in t for t in titles)


def test_seed_sections(seed: EvaluationReport) -> None:
    titles = [normalize(s.title) for s in seed.sections]
    for wanted in ("一、项目基本情况", "三、绩效评价情况", "(一)综合评价结论", "五、绩效评价指标分析",
                   "六、项目主要经验及做法", "七、存在的问题及原因分析", "八、意见建议"):
        assert wanted in titles
    levels = {normalize(s.title): s.level for s in seed.sections}
    assert levels["四、评价结论及分析评价"] == 1
    assert levels["(二)非现场评价情况分析。"] == 2
    assert levels["1.项目决策20分(满分20分):"] == 3
    problems = next(s for s in seed.sections if "存在的问题" in s.title)
    assert "实用新型授权不再补助" in problems.text


def test_seed_body_framework_tree(seed: EvaluationReport) -> None:
    body = _table(seed, "绩效评价指标体系")
    assert _tree(body, 1) == {"决策": 20, "过程": 30, "产出": 30, "效益": 20}
    assert (_v(body.total_weight), body.total_score) == (100, None)
    assert body.total is not None and body.total.row == "总分"
    # The body table prints no 得分 column.
    assert all(i.score is None for i in body.items)
    assert _tree(body, 2) == {
        "决策/项目立项": 4, "决策/绩效目标合理性": 8, "决策/资金投入": 8,
        "过程/组织实施": 15, "过程/资金管理": 15,
        # 产出 has no 二级 in the body table: its 三级 names are its children.
        "产出/数量指标完成情况": 15, "产出/质量指标完成情况": 5, "产出/时效指标完成情况": 5, "产出/成本指标完成情况": 5,
        "效益/效益指标": 15, "效益/满意度指标": 5,
    }
    # Shifted rows land under the parent their weights fit: a 三级 printed in the 四级 column,
    # a 四级 printed in the 三级 column, a 二级 printed in the 一级 column.
    assert _item(body, "过程/组织实施/项目质量可控性").weight.value == 5
    assert _item(body, "过程/组织实施/项目质量可控性/项目实施的控制情况").level == 4
    assert _item(body, "过程/资金管理/专项资金管理制度健全性").level == 3
    assert _item(body, "效益/效益指标/可持续影响指标完成情况/产业升级和企业进步").weight.value == 5
    for item in body.items:
        children = [c for c in body.items if c.path == [*item.path, item.name]]
        if children:
            assert sum(c.weight.value for c in children) == item.weight.value, item.row


def test_seed_body_framework_is_one_table_over_four_blocks(seed: EvaluationReport) -> None:
    frameworks = [t for t in seed.tables if t.parent is None]
    assert [t.title for t in frameworks] == ["绩效评价指标体系", "绩效评价得分表"]
    assert len(_table(seed, "绩效评价指标体系").items) == 64


def test_seed_scored_framework(seed: EvaluationReport) -> None:
    scored = _table(seed, "绩效评价得分表")
    assert _tree(scored, 1) == {"决策": 20, "过程": 30, "产出": 30, "效益": 20}
    assert (_v(scored.total_weight), _v(scored.total_score)) == (100, 95)
    scores = [i.score.value for i in scored.items if i.score is not None]
    assert sum(scores) == 95
    # Only the deepest printed level carries a score.
    assert all(i.score is None for i in scored.items if i.level < 3)
    assert _v(_item(scored, "产出/产出指标/数量指标完成情况/实用新型授权").score) == 0
    # 到位及时率 is printed without its 四级 row and with its cells shifted left.
    timely = _item(scored, "决策/资金投入/到位及时率")
    assert (_v(timely.weight), _v(timely.score)) == (4, 4)
    assert timely.criterion.startswith("该项分值4分")


def test_seed_scored_framework_continues_after_the_repeated_header(seed: EvaluationReport) -> None:
    scored = _table(seed, "绩效评价得分表")
    # The 三级 '资金使用合规性 (12分)' is printed on the continuation's first row, after the first of its
    # 四级 rows: that row is moved under it.
    parent = _item(scored, "过程/资金管理/资金使用合规性")
    assert (parent.level, _v(parent.weight), parent.score) == (3, 12, None)
    children = [i for i in scored.items if i.path == ["过程", "资金管理", "资金使用合规性"]]
    assert [(c.name, _v(c.weight), _v(c.score)) for c in children] == [
        ("资金使用合规性", 4, 4), ("资金拨付的合规性", 4, 4),
        ("项目支出与预算的符合性", 2, 2), ("项目支出与预算执行进度的相符性", 2, 2),
    ]


def test_seed_criteria_are_kept_on_items_not_read_as_statements(seed: EvaluationReport) -> None:
    scored = _table(seed, "绩效评价得分表")
    item = _item(scored, "决策/项目立项/项目立项规范性/项目立项条件的相符性")
    assert item.criterion.startswith("该项分值1分")
    shifted = _item(scored, "过程/组织实施/项目质量可控性/项目质量或标准的健全性")
    assert (_v(shifted.score), shifted.criterion.startswith("该项分值1分")) == (1, True)
    assert not any("该项分值" in s.sentence or "得满分" in s.sentence for s in seed.statements)


def test_seed_sub_tables(seed: EvaluationReport) -> None:
    subs = {t.title: t for t in seed.tables if t.parent is not None}
    expected = {
        "决策指标得分表": ("决策", [("项目立项", 4, 4), ("绩效目标合理性", 8, 6), ("资金投入", 8, 8)], (20, 18)),
        "项目立项规范性得分表": ("项目立项规范性", [("项目立项条件的相符性", 1, 1), ("项目立项文件合理性", 1, 1),
                                                    ("项目立项程序的合规性", 2, 2)], (4, 4)),
        "绩效目标合理性得分表": ("绩效目标合理性", [("绩效目标的政策相符性", 4, 4), ("绩效指标明确性", 4, 4)], (8, 8)),
        "资金投入得分表": ("资金投入", [("资金到位率", 4, 4), ("到位及时率", 4, 4)], (8, 8)),
        "过程指标得分表": ("过程", [("组织实施", 15, 15), ("资金管理", 15, 15)], (30, 30)),
        "组织实施得分表": ("组织实施", [("管理制度健全性", 4, 4), ("制度执行有效性", 6, 6), ("项目质量可控性", 5, 5)], (15, 15)),
        "三级指标（资金管理）得分表": ("资金管理", [("专项资金管理制度健全性", 3, 3), ("资金使用合规性", 9, 9)], (12, 12)),
        "产出指标得分表": ("产出", [("项目产出数量", 8, 8), ("项目产出质量", 4, 4), ("项目时效", 4, 4),
                                    ("项目成本控制", 4, 4)], (20, 20)),
    }
    for title, (parent, rows, totals) in expected.items():
        table = subs[title]
        assert table.parent == parent, title
        assert _rows(table) == rows, title
        assert (_v(table.total_weight), _v(table.total_score)) == totals, title
        assert table.total is not None and table.total.row == "合计"
    decision = subs["决策指标得分表"]
    assert {i.level for i in decision.items} == {2}
    assert decision.items[1].row == "决策/绩效目标合理性"
    assert decision.items[1].table == "决策指标得分表"


def test_seed_untitled_five_column_sub_table(seed: EvaluationReport) -> None:
    table = _table(seed, "效益指标分析")  # no title printed: named after its section
    assert table.parent == "效益"
    assert _rows(table) == [
        ("社会效益指标完成情况", None, None),
        ("带动区域科技进步", 15, 15),
        ("营造区域科技创新氛围", 15, 15),
        ("可持续影响指标完成情况", None, None),
        ("新旧动能转换和经济社会发展的能力和水平", 10, 10),
    ]
    assert [i.level for i in table.items] == [3, 4, 4, 3, 4]
    assert table.items[2].path == ["效益", "社会效益指标完成情况"]
    assert (_v(table.total_weight), _v(table.total_score)) == (40, 40)


def test_seed_narrative_statements(seed: EvaluationReport) -> None:
    said = _said(seed)
    for wanted in [
        ("总体", 97, None, "优"),
        ("总体", 92, None, None),
        ("项目决策", 20, 20, None),
        ("项目过程", 30, 30, None),
        ("项目产出", 20, 15, None),
        ("项目效益", 27, 30, None),
        ("项目立项规范性", 4, 4, None),
        ("发明专利授权", 5, 5, None),
        ("实用新型授权", 0, 5, None),
        ("效益指标", 30, 30, None),
        ("满意度指标", 10, 10, None),  # the sentence runs over a page break
        ("资金到位率", 4, 4, None),
        ("到位及时率", 4, 4, None),
        ("社会效益指标完成情况", 30, 30, None),
        ("服务对象满意度", 15, 15, None),
        ("数量指标", 8, 8, None),
        ("该项目设置了完善的组织机构", 2, None, None),
        ("项目实施条件的落实情况", 1, None, None),
    ]:
        assert wanted in said, wanted
    assert len(said) == 45


def test_seed_statement_locations(seed: EvaluationReport) -> None:
    overall = next(s for s in seed.statements if s.grade == "优")
    assert overall.section == "（一）综合评价结论"
    assert "97 分，等级为优" in overall.sentence
    assert overall.page == 1
    heading = next(s for s in seed.statements if s.subject == "项目产出")
    assert heading.sentence == "1. 项目产出 20 分（满分 15 分）："
    assert heading.section == "（三）现场评价评价情况分析。"
    pair = [s for s in seed.statements if s.subject in ("效益指标", "满意度指标")]
    # Two statements of one sentence are quoted by their own clause; the second runs over a line break.
    assert pair[0].sentence.endswith("效益指标 30 分，得分 30 分；")
    assert pair[1].sentence == "满意度指标 10 分，得分 10 分。"


def test_seed_problems_and_suggestions(seed: EvaluationReport) -> None:
    # One paragraph under 存在的问题及原因分析, then the one row of the 问题清单.
    assert len(seed.problems) == 2
    assert all("实用新型授权" in p for p in seed.problems)
    assert seed.problems[0].endswith("。") and not seed.problems[1].startswith("项目效益")
    # The two '(一)', '(二)' items; the 附表 list and the signature after them are not suggestions.
    assert [s[:3] for s in seed.suggestions] == ["(一)", "(二)"]
    assert not any("附表" in s or "二〇二一" in s for s in seed.suggestions)


def test_seed_locations(seed: EvaluationReport) -> None:
    scored = _table(seed, "绩效评价得分表")
    item = _item(scored, "效益/满意度指标/服务对象满意度")
    loc = item.location("得分")
    assert (loc.page, loc.table, loc.row, loc.column) == (1, "绩效评价得分表", "效益/满意度指标/服务对象满意度", "得分")
    assert scored.total.location().table == "绩效评价得分表"


# ---------------------------------------------------------------- an invented report as text

_BEFORE = """# 青禾县民政局2023年度部门决算

## 第一部分 部门概况

青禾县民政局负责全县民政工作，本年度收入合计 812.40 万元。

"""

_REPORT = """# 2023年度社区养老服务补贴项目绩效评价报告

青禾县民政局

评价机构：青禾明信会计师事务所

2024年3月

# 2023年度社区养老服务补贴项目绩效评价报告

## 一、项目基本情况

本项目向辖区内符合条件的老年人发放社区养老服务补贴。

## 二、绩效评价工作开展情况

（一）评价指标体系

本次评价的指标体系详见下表。

一级指标及分值\t二级指标及分值\t三级指标及分值\t指标解释\t评价标准
投入 (20分)\t项目立项 (8分)\t立项依据充分性 (5分)\t立项依据是否充分\t依据充分得5分
\t\t立项程序规范性 (3分)\t立项程序是否规范\t程序规范得3分
\t资金落实 (12分)\t资金到位率 (6分)\t资金是否到位\t全部到位得6分
\t\t资金到位及时性 (6分)\t资金是否及时到位\t及时到位得6分
过程 (25分)\t业务管理 (10分)\t制度健全性 (4分)\t制度是否健全\t健全得4分
\t\t制度执行有效性 (6分)\t制度是否执行\t有效执行得6分
财务管理 (15分)\t资金使用合规性 (9分)\t资金使用是否合规\t合规得9分
\t\t会计核算规范性 (6分)\t核算是否规范\t规范得6分
产出 (35分)\t产出数量 (20分)\t补贴发放人数 (20分)\t发放人数是否达标\t达标得20分
\t产出时效 (15分)\t发放及时率 (15分)\t是否按时发放\t按时发放得15分
效益 (20分)\t社会效益 (12分)\t老年人生活保障水平 (12分)\t保障水平是否提高\t明显提高得12分
\t满意度 (8分)\t服务对象满意度 (8分)\t服务对象是否满意\t满意度达90%得8分
总分\t100\t100\t\t

## 三、综合评价结论

经综合评价，本项目总体得分 93 分，绩效等级为“优”。

## 四、绩效评价指标分析

### （一）投入指标分析

投入指标得分表

序号\t二级指标名称\t权重总分\t实际得分
1\t项目立项\t8\t8
2\t资金落实\t12\t11
合计\t\t20\t19

### 1. 项目投入 19 分（满分 20 分）

项目立项 8 分，得 8 分；资金落实满分 12 分，得 11 分。

### （二）过程指标分析

该项目建立了补贴发放台账，得 4 分。项目过程得分 23 分（满分 25 分）。会计核算规范性 6 分，得 5

分，部分凭证附件不全。

### （三）效益指标分析

效益两项三级指标得分如下。

序号\t二级指标名称\t三级指标名称\t权重总分\t实际得分
1\t社会效益\t老年人生活保障水平\t12\t11
2\t满意度\t服务对象满意度\t8\t7
合计\t\t\t20\t18

## 五、存在的问题及原因分析

（一）部分补贴发放滞后。个别街道汇总名单较晚。

（二）台账信息不完整。

缺少入户核查记录。

## 六、意见建议

1. 建立动态核查机制。

2. 完善台账管理。

附件：1. 绩效评价得分表

2. 问题清单

\f附件1 绩效评价得分表

一级指标及分值\t二级指标及分值\t三级指标及分值\t得分\t评价标准
投入 (20分)\t项目立项 (8分)\t立项依据充分性 (5分)\t5\t依据充分得5分
\t\t立项程序规范性 (3分)\t3\t程序规范得3分
\t资金落实 (12分)\t资金到位率 (6分)\t6\t全部到位得6分
\t\t资金到位及时性 (6分)\t5\t及时到位得6分
过程 (25分)\t业务管理 (10分)\t制度健全性 (4分)\t4\t健全得4分
\t\t制度执行有效性 (6分)\t5\t有效执行得6分
\t\t资金使用合规性 (9分)\t9\t合规得9分
\f一级指标及分值\t二级指标及分值\t三级指标及分值\t得分\t评价标准
\t财务管理 (15分)\t会计核算规范性 (6分)\t5\t规范得6分
产出 (35分)\t产出数量 (20分)\t补贴发放人数 (20分)\t18\t达标得20分
\t产出时效 (15分)\t发放及时率 (15分)\t15\t按时发放得15分
效益 (20分)\t社会效益 (12分)\t老年人生活保障水平 (12分)\t11\t明显提高得12分
\t满意度 (8分)\t服务对象满意度 (8分)\t7\t满意度达90%得8分
总分\t100\t100\t93\t

## 青禾县社区养老服务补贴项目问题清单

序号\t问题类型\t问题描述
1\t过程管理\t补贴台账缺少入户核查记录

"""

_AFTER = """## 预算项目绩效自评表

项目名称\t社区助餐点运营
一级指标\t二级指标\t三级指标\t分值\t得分
产出指标\t数量指标\t助餐点数量\t50\t50
总分\t\t\t100\t96

## 一、另一份材料

这里不属于评价报告，得分 60 分。
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory: pytest.TempPathFactory) -> EvaluationReport:
    path = tmp_path_factory.mktemp("report") / "bundle.txt"
    path.write_text(_BEFORE + _REPORT + _AFTER, encoding="utf-8")
    reports = extract_reports(ingest(path))
    assert len(reports) == 1
    return reports[0]


def test_report_inside_a_bundle_starts_at_its_title_and_stops_at_the_next_part(invented: EvaluationReport) -> None:
    assert invented.title == "2023年度社区养老服务补贴项目绩效评价报告"
    assert invented.project == "社区养老服务补贴项目"
    assert (invented.unit, invented.evaluator, invented.date) == ("青禾县民政局", "青禾明信会计师事务所", "2024年3月")
    titles = [normalize(s.title) for s in invented.sections]
    assert titles[0] == "一、项目基本情况"
    assert "第一部分部门概况" not in titles
    assert "一、另一份材料" not in titles
    assert not any(s.score is not None and s.score.value == 60 for s in invented.statements)


def test_three_level_framework_with_a_shifted_row(invented: EvaluationReport) -> None:
    body = _table(invented, "指标体系")
    assert _tree(body, 1) == {"投入": 20, "过程": 25, "产出": 35, "效益": 20}
    # '财务管理 (15分)' is printed in the 一级 column; its weight puts it under 过程.
    assert _item(body, "过程/财务管理").level == 2
    assert [i.name for i in body.items if i.path == ["过程", "财务管理"]] == ["资金使用合规性", "会计核算规范性"]
    assert _item(body, "投入/项目立项/立项程序规范性").criterion == "程序规范得3分"
    assert (_v(body.total_weight), body.total_score) == (100, None)


def test_framework_continued_over_pages_with_a_repeated_header(invented: EvaluationReport) -> None:
    scored = _table(invented, "附件1 绩效评价得分表")
    assert scored.page == 2
    assert _tree(scored, 1) == {"投入": 20, "过程": 25, "产出": 35, "效益": 20}
    assert (_v(scored.total_weight), _v(scored.total_score)) == (100, 93)
    assert scored.total.page == 3
    assert sum(i.score.value for i in scored.items if i.score is not None) == 93
    # The parent printed after the page break takes the row printed before it.
    finance = [i for i in scored.items if i.path == ["过程", "财务管理"]]
    assert [(i.name, _v(i.weight), _v(i.score), i.page) for i in finance] == [
        ("资金使用合规性", 9, 9, 2), ("会计核算规范性", 6, 5, 3),
    ]
    assert _item(scored, "效益/满意度/服务对象满意度").criterion == "满意度达90%得8分"
    assert sum(1 for t in invented.tables if t.parent is None) == 2


def test_sub_tables(invented: EvaluationReport) -> None:
    inputs = _table(invented, "投入指标得分表")
    assert inputs.parent == "投入"
    assert _rows(inputs) == [("项目立项", 8, 8), ("资金落实", 12, 11)]
    assert (_v(inputs.total_weight), _v(inputs.total_score)) == (20, 19)
    assert inputs.items[1].row == "投入/资金落实"
    grouped = _table(invented, "效益指标分析")
    assert grouped.parent == "效益"
    assert _rows(grouped) == [("社会效益", None, None), ("老年人生活保障水平", 12, 11),
                              ("满意度", None, None), ("服务对象满意度", 8, 7)]
    assert (_v(grouped.total_weight), _v(grouped.total_score)) == (20, 18)


def test_statements_in_every_form(invented: EvaluationReport) -> None:
    assert _said(invented) == [
        ("总体", 93, None, "优"),
        ("项目投入", 19, 20, None),  # a heading
        ("项目立项", 8, 8, None),
        ("资金落实", 11, 12, None),  # '满分 12 分，得 11 分'
        ("该项目建立了补贴发放台账", 4, None, None),  # '…，得 4 分'
        ("项目过程", 23, 25, None),  # '得分 23 分（满分 25 分）'
        ("会计核算规范性", 5, 6, None),  # broken over two paragraphs
    ]
    heading = invented.statements[1]
    assert heading.section == "（一）投入指标分析"
    assert heading.sentence == "1. 项目投入 19 分（满分 20 分）"
    assert invented.statements[3].sentence == "资金落实满分 12 分，得 11 分。"
    assert invented.statements[0].section == "三、综合评价结论"


def test_problems_and_suggestions(invented: EvaluationReport) -> None:
    assert invented.problems == [
        "（一）部分补贴发放滞后。个别街道汇总名单较晚。",
        "（二）台账信息不完整。 缺少入户核查记录。",
        "补贴台账缺少入户核查记录",
    ]
    # The 附件 list after the suggestions is not a suggestion.
    assert invented.suggestions == ["1. 建立动态核查机制。", "2. 完善台账管理。"]


def test_no_report_without_a_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(_BEFORE, encoding="utf-8")
    assert extract_reports(ingest(path)) == []


# ---------------------------------------------------------------- located blocks (PDF-like)

_X = [40.0, 120.0, 200.0, 260.0]


def _row(page: int, index: int, texts: list[str], top: float, header: bool = False) -> Row:
    cells = [Cell(col=j, text=t, norm=normalize(t), bbox=(_X[j], top, _X[j] + 70, top + 12)) for j, t in enumerate(texts)]
    return Row(index=index, page=page, cells=cells, bbox=(_X[0], top, _X[-1] + 70, top + 12), header=header)


def _grid(page: int, rows: list[list[str]], top: float, title: str | None = None) -> Table:
    grid = [_row(page, i, r, top + 14 * i, header=i == 0) for i, r in enumerate(rows)]
    return Table(page=page, pages=[page], title=title, rows=grid, bbox=(_X[0], top, _X[-1] + 70, top + 14 * len(rows)))


def _heading(page: int, text: str, top: float) -> Heading:
    return Heading(page=page, text=text, norm=normalize(text), bbox=(40.0, top, 300.0, top + 14))


def _para(page: int, lines: list[str], top: float) -> Paragraph:
    located = [TextLine(page=page, text=t, bbox=(40.0, top + 16 * i, 500.0, top + 16 * i + 12)) for i, t in enumerate(lines)]
    return Paragraph(page=page, text="".join(lines), norm=normalize("".join(lines)), lines=located,
                     bbox=(40.0, top, 500.0, top + 16 * len(lines)))


def _located_doc() -> Document:
    header = ["一级指标及分值", "二级指标及分值", "得分", "评分标准"]
    first = [
        _heading(1, "河湾镇2022年度农村道路养护项目绩效评价报告", 60),
        _heading(1, "一、评价结论", 100),
        _para(1, ["本项目综合评价得分 86 分，评价等级为良。道路养护", "及时率 10 分，得 8 分。"], 120),
        _grid(1, [header, ["产出 (60分)", "数量 (40分)", "38", "全部完成得满分"], ["", "时效 (20分)", "15", "按期完成得满分"]], 200),
    ]
    second = [
        _grid(2, [header, ["效益 (40分)", "社会效益 (40分)", "33", "群众认可得满分"], ["总分", "100", "86", ""]], 80),
        _heading(2, "2022年度渡口维护项目绩效评价报告", 300),
        _heading(2, "一、评价结论", 330),
        _para(2, ["项目总体得分 71 分。"], 350),
    ]
    return Document(path="located.pdf", sha256="0" * 64, format="pdf",
                    pages=[Page(number=1, blocks=first), Page(number=2, blocks=second)])


def test_located_blocks_keep_pages_and_boxes() -> None:
    reports = extract_reports(_located_doc())
    assert [r.project for r in reports] == ["农村道路养护项目", "渡口维护项目"]
    first = reports[0]
    assert first.bbox == (40.0, 60, 300.0, 74)
    (table,) = first.tables
    assert (_v(table.total_weight), _v(table.total_score)) == (100, 86)
    assert [(i.row, _v(i.score), i.page) for i in table.items if i.level == 2] == [
        ("产出/数量", 38, 1), ("产出/时效", 15, 1), ("效益/社会效益", 33, 2),
    ]
    effect = _item(table, "效益/社会效益")
    assert effect.bbox == (_X[1], 94.0, _X[1] + 70, 106.0)
    assert effect.criterion == "群众认可得满分"
    assert table.total.page == 2 and table.total.bbox == (_X[0], 108.0, _X[-1] + 70, 120.0)


def test_located_statement_box_is_its_line() -> None:
    first = extract_reports(_located_doc())[0]
    overall, timely = first.statements
    assert (overall.subject, _v(overall.score), overall.grade) == ("总体", 86, "良")
    assert overall.bbox == (40.0, 120.0, 500.0, 132.0)
    # The sentence runs over two printed lines: its box covers both.
    assert (timely.subject, _v(timely.score), _v(timely.weight)) == ("道路养护及时率", 8, 10)
    assert timely.bbox == (40.0, 120.0, 500.0, 148.0)
    assert timely.page == 1 and timely.section == "一、评价结论"


def test_statement_numbers_are_exact_decimals() -> None:
    doc = Document(path="d.txt", sha256="0" * 64, format="text", pages=[Page(number=1, blocks=[
        _heading(1, "示例项目绩效评价报告", 10),
        _heading(1, "一、评价结论", 30),
        _para(1, ["资金使用合规性 2.5 分，得 2.25 分。"], 50),
    ])])
    (statement,) = extract_reports(doc)[0].statements
    assert isinstance(statement, ScoreStatement)
    assert (statement.weight.value, statement.score.value, statement.score.decimals) == (D("2.5"), D("2.25"), 2)


_PLAIN = """# 2022年度老旧小区改造项目绩效评价报告

## 一、评价结论

项目综合得分：95 分。评价等级为优秀。

## 二、评分表

一级指标\t二级指标\t三级指标\t分值\t得分\t评分标准
产出指标\t数量指标\t完成户数\t30\t28\t完成200户得满分
\t\t完成面积\t20\t20\t完成面积达标得满分
\t质量指标\t验收合格率\t20\t18\t全部合格得满分
效益指标\t社会效益\t群众受益度\t20\t20\t受益明显得满分
满意度\t满意度\t群众满意度\t10\t9\t满意度90%以上得满分
总分\t\t\t100\t95\t

## 三、存在的问题

### （一）进度管理问题

部分楼栋开工较晚。

### （二）资金管理问题

个别支出凭证不全。

## 四、建议

加强进度调度。
"""


def test_plain_framework_with_weight_and_score_columns(tmp_path: Path) -> None:
    path = tmp_path / "plain_framework.txt"
    path.write_text(_PLAIN, encoding="utf-8")
    (report,) = extract_reports(ingest(path))
    (table,) = report.tables
    assert table.title == "二、评分表"  # the heading right above, taken as its title
    assert [(i.row, i.level, _v(i.weight), _v(i.score)) for i in table.items] == [
        ("产出指标", 1, None, None),
        ("产出指标/数量指标", 2, None, None),
        ("产出指标/数量指标/完成户数", 3, 30, 28),
        ("产出指标/数量指标/完成面积", 3, 20, 20),
        ("产出指标/质量指标", 2, None, None),
        ("产出指标/质量指标/验收合格率", 3, 20, 18),
        ("效益指标", 1, None, None),
        ("效益指标/社会效益", 2, None, None),
        ("效益指标/社会效益/群众受益度", 3, 20, 20),
        ("满意度", 1, None, None),
        ("满意度/满意度", 2, None, None),
        ("满意度/满意度/群众满意度", 3, 10, 9),
    ]
    assert (_v(table.total_weight), _v(table.total_score)) == (100, 95)
    assert _item(table, "产出指标/数量指标/完成户数").criterion == "完成200户得满分"
    assert _said(report) == [("总体", 95, None, "优秀")]  # the grade in a sentence of its own
    # Sub-headings of the problems section are its items, listed once.
    assert report.problems == ["（一）进度管理问题 部分楼栋开工较晚。", "（二）资金管理问题 个别支出凭证不全。"]
    assert report.suggestions == ["加强进度调度。"]
