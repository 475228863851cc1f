"""绩效自评表 and 汇总表 extraction: the 2020, transfer and 2024 layouts, synthetic documents and the seeds."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tools.document import (
    BBox,
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
from tools.performance.forms import extract_forms, extract_summaries
from tools.performance.model import SelfEvaluationForm
from tools.text import normalize


def D(text: str) -> Decimal:
    return Decimal(text)


# ---------------------------------------------------------------------------------------------
# Building synthetic documents.

Spec = list[str] | tuple[int, list[str]]


def _bbox(y: float) -> BBox:
    return (40.0, y, 560.0, y + 12.0)


def _row(index: int, spec: Spec, page: int) -> Row:
    if isinstance(spec, tuple):
        page, spec = spec
    cells = [Cell(col=c, text=t, norm=normalize(t)) for c, t in enumerate(spec)]
    return Row(index=index, page=page, cells=cells, bbox=_bbox(100.0 + 14 * index))


def _table(specs: list[Spec], page: int = 1, title: str | None = None, **kw) -> Table:
    rows = [_row(i, s, page) for i, s in enumerate(specs)]
    pages = sorted({r.page for r in rows})
    return Table(page=page, pages=pages, title=title, rows=rows, bbox=(40.0, 90.0, 560.0, 700.0), **kw)


def _para(text: str, page: int = 1) -> Paragraph:
    lines = [TextLine(page=page, text=t) for t in text.split("\n")]
    return Paragraph(page=page, text=text.replace("\n", ""), norm=normalize(text.replace("\n", "")), lines=lines)


def _doc(*pages: list) -> Document:
    return Document(
        path="synthetic.pdf", sha256="0" * 64, format="pdf",
        pages=[Page(number=i + 1, blocks=blocks) for i, blocks in enumerate(pages)],
    )  # fmt: skip


def _raw(n) -> str | None:
    return None if n is None else n.raw


HEADER_2020 = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "未完成原因分析"]
HEAD_2020 = [
    ["项目名称", "", "社区图书角补助", "", "", "", "", "", ""],
    ["主管部门及代码", "", "示例区文化服务中心", "", "", "实施单位", "示例区图书馆", "", ""],
    ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "", "12", "12", "10.8", "10", "90%", "9"],
    ["", "其中：财政拨款", "", "12", "12", "10.8", "—", "90%", "—"],
    ["", "其他资金", "", "", "", "", "—", "", "—"],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "新建社区图书角八个", "", "", "", "建成社区图书角八个并开放", "", "", ""],
]


# ---------------------------------------------------------------------------------------------
# 2020 layout: a table continued on the next page, with its header repeated.


def _two_page_form() -> Document:
    page1 = _table(
        [
            *HEAD_2020,
            HEADER_2020,
            ["", "产出指标", "数量指标", "新建图书角数量", "≥8个", "8个", "20", "20", ""],
            ["", "", "质量指标", "图书上架率", "≥95%", "90%", "20", "16", "上架进度滞后；已督促整改"],
        ],
        title="预算项目绩效自评表",
        caption=["（2023年度）"],
    )
    page2 = _table(
        [
            (2, HEADER_2020),
            (2, ["", "", "时效指标", "开放时间", "2023年10月底前", "2023年10月", "10", "10", ""]),
            (2, ["", "效益指标", "社会效益指标", "居民借阅人次", "≥3000人次", "3500人次", "30", "30", ""]),
            (2, ["", "满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "96%", "10", "10", ""]),
            (2, ["总分", "", "", "", "", "", "100", "95", ""]),
        ],
        page=2,
    )
    notes = _para("注：1. 满分为100分。\n2. 定性指标按100-80%、80-60%、60-0%三档计分。", page=2)
    return _doc([page1, _para("— 1 —")], [page2, notes])


def test_2020_form_continued_on_the_next_page_is_one_form():
    forms = extract_forms(_two_page_form())
    assert len(forms) == 1
    form = forms[0]
    assert (form.layout, form.title, form.year, form.pages) == ("2020", "预算项目绩效自评表", 2023, [1, 2])
    assert (form.project, form.department, form.implementer) == ("社区图书角补助", "示例区文化服务中心", "示例区图书馆")
    assert form.table == "预算项目绩效自评表（社区图书角补助）"
    assert [(i.row, i.page, _raw(i.weight), _raw(i.score)) for i in form.indicators] == [
        ("产出指标/数量指标/新建图书角数量", 1, "20", "20"),
        ("产出指标/质量指标/图书上架率", 1, "20", "16"),
        # 一级 carries over the page break; the repeated header is not a row.
        ("产出指标/时效指标/开放时间", 2, "10", "10"),
        ("效益指标/社会效益指标/居民借阅人次", 2, "30", "30"),
        ("满意度指标/服务对象满意度指标/读者满意度", 2, "10", "10"),
    ]
    quality = form.indicators[1]
    assert quality.reason == "上架进度滞后；已督促整改"
    assert quality.bbox == _bbox(100.0 + 14 * 10)
    assert (quality.target.comparator, quality.target.number.value, quality.target.unit) == (">=", D("95"), "%")
    assert (form.total.page, _raw(form.total_weight), _raw(form.total_score)) == (2, "100", "95")
    assert form.notes == ["注：1.满分为100分。", "2.定性指标按100-80%、80-60%、60-0%三档计分。"]


def test_2020_fund_block_and_goal():
    form = extract_forms(_two_page_form())[0]
    total, fiscal, other = form.funds
    assert (total.key, total.label, total.row) == ("total", "年度资金总额", "年度资金总额")
    assert [_raw(n) for n in (total.initial, total.budget, total.executed, total.weight, total.score)] == [
        "12", "12", "10.8", "10", "9",
    ]  # fmt: skip
    assert (total.rate_raw, total.rate.value) == ("90%", D("90"))
    assert (fiscal.key, fiscal.label, fiscal.weight, fiscal.score, fiscal.rate_raw) == (
        "fiscal", "其中：财政拨款", None, None, "90%",
    )  # fmt: skip
    assert (other.key, other.budget, other.executed, other.rate_raw) == ("other", None, None, None)
    assert (form.goal.expected, form.goal.achieved) == ("新建社区图书角八个", "建成社区图书角八个并开放")


# ---------------------------------------------------------------------------------------------
# 2020 layout: shifted cells, a wrapped name, placeholders, no 总分 row.


def _shifted_form() -> Document:
    table = _table(
        [
            *HEAD_2020,
            HEADER_2020,
            ["", "产出指标", "数量指标", "开展阅读推广", "≥12场", "14场", "20", "20", ""],
            ["", "", "", "活动场次", "", "", "", "", ""],
            # one column earlier than the header, 二级 carried
            ["", "", "读者证办理数量", "≥500张", "620张", "10", "10", "", ""],
            # one column later, and the 二级 name printed in the 三级 column
            ["", "", "", "质量指标", "图书完好率", "≥98%", "99%", "10", "10"],
            ["", "效益指标", "经济效益指标", "-", "", "-", "-", "0", "0"],
            ["", "", "社会效益指标", "", "有效提升", "有效提升", "10", "8", "宣传不足"],
            ["", "", "可持续影响指标", "长效运行", "长期", "长期", "10", "10", ""],
            ["", "", "生态效益指标", "", "", "", "", "", ""],
            ["满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", "93%", "10", "10", "", ""],
            ["", "可持续影响指标", "设施持续使用", "", "五年", "五年", "10", "10", ""],
        ],
        title="预算项目绩效自评表",
    )
    return _doc([_para("（2023年度）"), table])


def test_shifted_cells_are_read_by_anchor_and_vocabulary():
    form = extract_forms(_shifted_form())[0]
    got = [(i.level1, i.level2, i.name, _raw(i.weight), _raw(i.score), i.reason) for i in form.indicators]
    assert got == [
        ("产出指标", "数量指标", "开展阅读推广活动场次", "20", "20", None),
        ("产出指标", "数量指标", "读者证办理数量", "10", "10", None),
        ("产出指标", "质量指标", "图书完好率", "10", "10", None),
        # the '-' row under 经济效益指标 is a placeholder; a blank 三级 name with values is kept
        ("效益指标", "社会效益指标", "", "10", "8", "宣传不足"),
        ("效益指标", "可持续影响指标", "长效运行", "10", "10", None),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "10", "10", None),
        # printed in the 一级 column: kept as 一级
        ("可持续影响指标", "", "设施持续使用", "10", "10", None),
    ]
    assert form.year == 2023
    wrapped = form.indicators[0]
    assert wrapped.row == "产出指标/数量指标/开展阅读推广活动场次"
    assert wrapped.bbox == (40.0, 100.0 + 14 * 9, 560.0, 100.0 + 14 * 10 + 12)
    assert (wrapped.target.raw, wrapped.actual.raw) == ("≥12场", "14场")


def test_form_without_total_row():
    form = extract_forms(_shifted_form())[0]
    assert (form.total, form.total_weight, form.total_score) == (None, None, None)
    assert sum(i.weight.value for i in form.indicators) == D("80")


def test_fund_row_printed_one_column_off_the_header():
    rows = [
        ["项目名称", "", "窗口服务经费", "", "", "", "", ""],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        ["", "年度资金总额", "8", "8", "7.2", "10", "9", "9"],
        ["其他资金", "", "", "", "", "—", "", "—"],
        HEADER_2020,
        ["", "产出指标", "数量指标", "服务人次", "≥100人次", "120人次", "90", "90", ""],
    ]
    form = extract_forms(_doc([_table(rows, title="预算项目绩效自评表")]))[0]
    total, other = form.funds
    assert [_raw(n) for n in (total.initial, total.budget, total.executed, total.weight, total.score)] == [
        "8", "8", "7.2", "10", "9",
    ]  # fmt: skip
    # a rate printed without its % sign stays visible as printed
    assert (total.rate_raw, total.rate.value) == ("9", D("9"))
    assert (other.key, other.weight, other.score) == ("other", None, None)


# ---------------------------------------------------------------------------------------------
# Transfer layout.


def test_transfer_form():
    rows = [
        ["转移支付名称", "", "乡村文化站运营补助", "", "", "", "", "", ""],
        ["县级主管部门", "", "示例县文旅局", "", "", "", "", "", ""],
        ["项目资金(万元)", "", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分", ""],
        ["", "年度资金总额:", "30", "30", "27", "10", "90%", "9", ""],
        ["", "其中:中央资金", "", "", "", "—", "", "—", ""],
        ["", "省级资金", "10", "10", "9", "—", "90%", "—", ""],
        ["", "县级资金", "20", "20", "18", "—", "90%", "—", ""],
        ["年度总体目标", "年初设定目标", "", "", "全年实际完成情况", "", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "未完成原因和改进措施"],
        ["", "产出指标", "数量指标", "补助站点数", "≥15个", "15个", "45", "45", ""],
        ["", "效益指标", "社会效益指标", "群众参与度", "明显提升", "明显提升", "35", "30", "活动偏少"],
        ["满意", "服务对象", "群众满意度", "≥90%", "92%", "10", "10", "", ""],
        ["总分", "", "100", "", "", "100", "94", "", ""],
        ["说明", "无", "", "", "", "", "", "", ""],
    ]
    table = _table(rows, title="乡村文化站运营补助转移支付整体绩效目标自评表 (2022年度)")
    form = extract_forms(_doc([table]))[0]
    assert (form.layout, form.project, form.department, form.year) == ("transfer", "乡村文化站运营补助", "示例县文旅局", 2022)
    assert form.title == "乡村文化站运营补助转移支付整体绩效目标自评表"
    assert [(f.key, _raw(f.budget), _raw(f.executed), f.rate_raw) for f in form.funds] == [
        ("total", "30", "27", "90%"),
        ("central", None, None, None),
        ("provincial", "10", "9", "90%"),
        ("county", "20", "18", "90%"),
    ]
    assert [(i.row, _raw(i.score), i.reason) for i in form.indicators] == [
        ("产出指标/数量指标/补助站点数", "45", None),
        ("效益指标/社会效益指标/群众参与度", "30", "活动偏少"),
        ("满意/服务对象/群众满意度", "10", None),
    ]
    assert (_raw(form.total_weight), _raw(form.total_score)) == ("100", "94")
    assert (form.goal.expected, form.goal.achieved) == ("", "")
    assert (form.problems, form.problems_at.row) == ("无", "说明")


# ---------------------------------------------------------------------------------------------
# 2024 layout as a table.

HEADER_2024 = [
    "一级指标", "二级指标", "三级指标", "指标说明", "指标分值", "预期指标值", "", "",
    "单项指标实际完成值", "单项指标完成情况", "自评得分",
]  # fmt: skip
SUBHEADER_2024 = ["", "", "", "", "", "符号", "值", "单位(文字描述)", "", "", ""]


def _form_2024_table() -> Document:
    rows = [
        ["一、基本情况", "项目名称", "示例职业技能培训", "", "实施主管单位", "100001-示例市人社局", "金额单位", "万元"],
        ["二、预算执行情况", "预算安排情况(调整后)", "", "资金到位情况", "", "资金执行情况", "", "预算执行进度(%)"],
        ["", "预算数", "120.00", "到位数", "120.00", "执行数", "108.00", "90.00"],
        ["", "其中:财政资金", "120.00", "其中:财政资金", "120.00", "其中:财政资金", "108.00", ""],
        ["", "其他", "", "其他", "", "其他", "", ""],
        ["三、目标完成情况", "年度预期目标", "", "具体完成情况", "", "总体完成率(%)", "", ""],
        ["", "培训学员五百人次", "", "培训学员五百二十人次", "", "95.00", "", ""],
        HEADER_2024,
        SUBHEADER_2024,
        ["产出指标", "数量指标", "培训人次", "考察培训规模", "20", "≥", "500", "人次", "520", "完成", "20"],
        ["", "", "", "及覆盖面", "", "", "", "", "", "", ""],
        ["", "质量指标", "结业合格率", "考察培训质量", "20", "≥", "90.00", "%", "86.00", "未完成", "18"],
        ["效益指标", "社会效益指标", "就业率", "考察培训效果", "30", "≥", "60", "%", "66", "完成", "30"],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "考察满意程度", "10", "≥", "90", "%", "95", "完成", "10"],
        ["预算执行率", "", "", "", "10", "", "", "", "", "", "9"],
        ["自评总分", "", "", "", "", "", "", "", "", "", "87.00"],
        ["五、存在问题原因及整改措施", "结业合格率未达标：部分学员缺课；下年加强考勤。", "", "", "", "", "", "", "", "", ""],
    ]
    table = _table(rows, title="2023年度预算项目绩效自评表")
    note = "说明：\n1.自评总分由各单项指标得分合计而成。\n2.预算执行率指标得分由系统生成。"
    return _doc([table, _para(note), _para(note)])


def test_2024_layout_as_a_table():
    form = extract_forms(_form_2024_table())[0]
    assert (form.layout, form.year, form.project, form.department) == ("2024", 2023, "示例职业技能培训", "100001-示例市人社局")
    got = [
        (i.row, i.description, i.target.raw, i.target.comparator, i.target.unit, i.actual.raw, i.status,
         _raw(i.weight), _raw(i.score))
        for i in form.indicators
    ]  # fmt: skip
    assert got == [
        ("产出指标/数量指标/培训人次", "考察培训规模及覆盖面", "≥500人次", ">=", "人次", "520", "完成", "20", "20"),
        ("产出指标/质量指标/结业合格率", "考察培训质量", "≥90.00%", ">=", "%", "86.00", "未完成", "20", "18"),
        ("效益指标/社会效益指标/就业率", "考察培训效果", "≥60%", ">=", "%", "66", "完成", "30", "30"),
        ("满意度指标/服务对象满意度指标/学员满意度", "考察满意程度", "≥90%", ">=", "%", "95", "完成", "10", "10"),
    ]
    execution = form.execution
    assert (_raw(execution.weight), _raw(execution.score), _raw(execution.progress)) == ("10", "9", "90.00")
    assert [(f.key, _raw(f.budget), _raw(f.received), _raw(f.executed)) for f in form.funds] == [
        ("total", "120.00", "120.00", "108.00"),
        ("fiscal", "120.00", "120.00", "108.00"),
        ("other", None, None, None),
    ]
    assert (form.goal.expected, form.goal.achieved, _raw(form.goal.completion)) == (
        "培训学员五百人次", "培训学员五百二十人次", "95.00",
    )  # fmt: skip
    assert (_raw(form.total_score), form.total.row) == ("87.00", "自评总分")
    assert form.problems == "结业合格率未达标：部分学员缺课；下年加强考勤。"
    # the 说明 block is printed twice: one copy is kept
    assert form.notes == ["1.自评总分由各单项指标得分合计而成。", "2.预算执行率指标得分由系统生成。"]


# ---------------------------------------------------------------------------------------------
# Text inputs through the real ingester.

TEXT_2020 = """\
## 预算项目绩效自评表

(2022年度)

{rows}

注：1. 满分为100分。
2. 定性指标分值区间100-81%、80-51%、50-0%。
"""


def test_ingested_text_in_the_2020_layout(tmp_path: Path):
    rows = [
        *HEAD_2020[:6],
        HEADER_2020,
        ["", "产出指标", "数量指标", "新建图书角数量", "", "≥8个", "8个", "40", "40", ""],
        ["", "", "", "流动书箱", "", "≥20箱", "12箱", "20", "12", "经费到位晚；次年补齐"],
        ["", "效益指标", "社会效益指标", "-", "", "-", "-", "0", "0", ""],
        ["可持续影响指标", "阅读氛围", "持续改善", "持续改善", "20", "20", "", "", ""],
        ["<b>总分</b>", "", "", "", "", "", "100", "91", ""],
    ]
    path = tmp_path / "form.txt"
    path.write_text(TEXT_2020.format(rows="\n".join("\t".join(r) for r in rows)), encoding="utf-8")
    form = extract_forms(ingest(path))[0]
    assert (form.layout, form.year, form.project) == ("2020", 2022, "社区图书角补助")
    assert [(i.row, i.target.raw, i.actual.raw, _raw(i.weight), _raw(i.score), i.reason) for i in form.indicators] == [
        ("产出指标/数量指标/新建图书角数量", "≥8个", "8个", "40", "40", None),
        ("产出指标/数量指标/流动书箱", "≥20箱", "12箱", "20", "12", "经费到位晚；次年补齐"),
        ("可持续影响指标/阅读氛围", "持续改善", "持续改善", "20", "20", None),
    ]
    assert (_raw(form.total_weight), _raw(form.total_score)) == ("100", "91")
    assert any("100-81%、80-51%、50-0%" in n for n in form.notes)


TEXT_2024 = """\
2023年度预算项目绩效自评表

一、基本情况 项目名称 示例社区养老服务 项目级次 本级 实施主管单位 200002 - 示例区民政局 金额单位 万元

二、预算执行情况

预算安排情况 (调整后 ) 资金到位情况 资金执行情况 预算执行进度 (%)
预算数 80.00 到位数 80.00 执行数 76.00

95.00其中 :财政资金 80.00 其中 :财政资金 80.00 其中 :财政资金 76.00
其他 其他 其他

三、目标完成情况

年度预期目标 具体完成情况 总体完成率(%)

为辖区老人提供助餐服务。
为辖区老人提供助餐服务三万人次。

96.00

四、年度绩效
指标完成情况

一级指标 二级指标 三级指标 指标说明 指标分值
预期指标值

符号 值 单位(文字描述)

产出指标

数量指标
助餐服务
人次

考察服务规模

30 ≥ 30000 人次 31000 完成 30

时效指标 服务及时率 考察服务时效 20 ≥ 95.00 % 97.00 完成 20

效益指标

社会效益指标 老人就餐便利度 （分） 考察便利程度 30 ≥ 90 分 85 未完成 25

满意度
服务对象满意度

指标
老人满意度

考察满意程度

10 ≥ 90.00 % 96.00 完成 10

预算执行率 预算执行率 10 9.5
自评总分 94.50

五、存在问题
原因及整改措施

老人就餐便利度未达标：部分站点距离较远。整改措施：增设助餐点。

填报人: 示例 联系电话 : 000

说明 :

1.自评总分由各单项指标的自评得分合计而成。
2.预算执行率指标得分由系统生成，
计算口径见说明。

说明 :

1.自评总分由各单项指标的自评得分合计而成。
2.预算执行率指标得分由系统生成，
计算口径见说明。
"""


def test_ingested_text_in_the_2024_layout(tmp_path: Path):
    path = tmp_path / "form2024.txt"
    path.write_text(TEXT_2024, encoding="utf-8")
    form = extract_forms(ingest(path))[0]
    assert (form.layout, form.year, form.project, form.department) == ("2024", 2023, "示例社区养老服务", "200002-示例区民政局")
    got = [(i.level1, i.level2, i.name, i.description, i.target.raw, i.status, _raw(i.weight), _raw(i.score))
           for i in form.indicators]  # fmt: skip
    assert got == [
        ("产出指标", "数量指标", "助餐服务人次", "考察服务规模", "≥30000人次", "完成", "30", "30"),
        ("产出指标", "时效指标", "服务及时率", "考察服务时效", "≥95.00%", "完成", "20", "20"),
        ("效益指标", "社会效益指标", "老人就餐便利度（分）", "考察便利程度", "≥90分", "未完成", "30", "25"),
        ("满意度", "服务对象满意度指标", "老人满意度", "考察满意程度", "≥90.00%", "完成", "10", "10"),
    ]
    assert [(f.key, _raw(f.budget), _raw(f.received), _raw(f.executed)) for f in form.funds] == [
        ("total", "80.00", "80.00", "76.00"),
        ("fiscal", "80.00", "80.00", "76.00"),
        ("other", None, None, None),
    ]
    execution = form.execution
    assert (_raw(execution.progress), _raw(execution.weight), _raw(execution.score)) == ("95.00", "10", "9.5")
    assert (form.goal.expected, form.goal.achieved, _raw(form.goal.completion)) == (
        "为辖区老人提供助餐服务。", "为辖区老人提供助餐服务三万人次。", "96.00",
    )  # fmt: skip
    assert _raw(form.total_score) == "94.50"
    assert form.problems == "老人就餐便利度未达标：部分站点距离较远。整改措施：增设助餐点。"
    assert form.notes == ["1.自评总分由各单项指标的自评得分合计而成。", "2.预算执行率指标得分由系统生成，计算口径见说明。"]


def test_2024_layout_from_xlsx(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2023年度预算项目绩效自评表"])
    for spec in _form_2024_table().tables()[0].rows:
        sheet.append([float(t) if t.replace(".", "").isdigit() else t for t in (c.text for c in spec.cells)])
    path = tmp_path / "form2024.xlsx"
    book.save(path)
    form = extract_forms(ingest(path))[0]
    assert (form.layout, form.year, form.project) == ("2024", 2023, "示例职业技能培训")
    assert [(i.name, i.status, i.target.unit, i.score.value) for i in form.indicators] == [
        ("培训人次", "完成", "人次", D("20")),
        ("结业合格率", "未完成", "%", D("18")),
        ("就业率", "完成", "%", D("30")),
        ("学员满意度", "完成", "%", D("10")),
    ]
    assert (form.execution.score.value, form.total_score.value) == (D("9"), D("87"))
    assert form.problems_at.row == "存在问题原因及整改措施"


def test_2020_layout_from_a_two_page_landscape_pdf(tmp_path: Path):
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as Grid

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=11, wordWrap="CJK")
    title = ParagraphStyle("title", fontName="STSong-Light", fontSize=15, leading=20, alignment=1)
    rows = [*HEAD_2020, HEADER_2020]
    for n in range(1, 19):
        first = n == 1
        rows.append(["", "产出指标" if first else "", "数量指标" if first else "", f"示例指标第{n}项的较长名称需换行",
                     f"≥{n}个", f"{n}个", "5", "4" if first else "5", "偏差说明" if first else ""])  # fmt: skip
    rows.append(["总分", "", "", "", "", "", "100", "99", ""])
    grid = Grid([[Para(t, cell) for t in r] for r in rows], colWidths=[60, 55, 60, 120, 60, 60, 35, 35, 80])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "form.pdf"
    story = [Para("预算项目绩效自评表", title), Para("（2023年度）", title), grid, Para("注：1. 满分为100分。", cell)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build(story)

    form = extract_forms(ingest(path))[0]
    assert (form.project, form.year, form.pages, len(form.indicators)) == ("社区图书角补助", 2023, [1, 2], 18)
    assert {i.page for i in form.indicators} == {1, 2}
    assert all(i.bbox is not None and i.level2 == "数量指标" for i in form.indicators)
    assert form.indicators[-1].name == "示例指标第18项的较长名称需换行"
    assert (form.indicators[0].reason, form.total.page, form.total_score.value) == ("偏差说明", 2, D("99"))
    assert form.fund("total").rate_raw == "90%"


# ---------------------------------------------------------------------------------------------
# 汇总表.


def test_summary_continued_on_the_next_page():
    head = ["序号", "项目名称", "资金使用单位", "自评得分", "自评等级"]
    first = _table(
        [head, ["1", "社区图书角补助", "示例区图书馆", "95", "优"], ["2", "窗口服务经费", "示例区政务中心", "88.5", "良"]],
        title="2023年度项目支出绩效自评情况汇总表",
    )
    second = _table([(2, ["3", "乡村文化站运营", "示例县文旅局", "79", "中"]), (2, ["合计", "", "", "", ""])], page=2)
    notes = _para("备注：1. 自评等级：90（含）-100为“优”，80（含）-90为“良”。", page=2)
    summaries = extract_summaries(_doc([first], [second, notes]))
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.title == "2023年度项目支出绩效自评情况汇总表"
    assert [(r.seq, r.project, r.unit, _raw(r.score), r.grade, r.page) for r in summary.rows] == [
        ("1", "社区图书角补助", "示例区图书馆", "95", "优", 1),
        ("2", "窗口服务经费", "示例区政务中心", "88.5", "良", 1),
        ("3", "乡村文化站运营", "示例县文旅局", "79", "中", 2),
    ]
    assert summary.notes == ["备注：1.自评等级：90（含）-100为“优”，80（含）-90为“良”。"]


def test_documents_without_forms():
    doc = _doc([Heading(page=1, text="单位概况", norm="单位概况"), _para("本单位无项目支出。")])
    assert extract_forms(doc) == []
    assert extract_summaries(doc) == []


def test_extraction_is_deterministic():
    doc = _two_page_form()
    assert extract_forms(doc) == extract_forms(doc)


# ---------------------------------------------------------------------------------------------
# Seed 002: a 2020 单位决算 with one transfer form, six project forms and the 汇总表.


@cache
def _seed(name: str) -> Document:
    return ingest(shared_path("seeds", name))


def _seed002() -> tuple[list[SelfEvaluationForm], Document]:
    doc = _seed("002_e3267e760b1282a2.txt")
    return extract_forms(doc), doc


def _form(project: str) -> SelfEvaluationForm:
    return next(f for f in _seed002()[0] if f.project == project)


def test_seed002_forms():
    forms, _ = _seed002()
    assert [(f.layout, f.project, f.year) for f in forms] == [
        ("transfer", "知识产权融资质押", 2020),
        ("2020", "对专利权人的补助", 2020),
        ("2020", "原食药局业务经费", 2020),
        ("2020", "投诉举报奖励金", 2020),
        ("2020", "工作经费", 2020),
        ("2020", "抽检经费", 2020),
        ("2020", "办公设备购置", 2020),
    ]
    assert all(f.pages == [1] for f in forms)
    patent = forms[1]
    assert (patent.title, patent.table) == ("预算项目绩效自评表", "预算项目绩效自评表（对专利权人的补助）")
    assert (patent.department, patent.implementer) == ("山亭区市场监督管理局", "山亭区市场监督管理局")
    assert forms[0].department == "山亭区市场监督管理局"


FUNDS_2020 = {
    # project: (initial, budget, executed, weight, rate as printed, score) of 年度资金总额 and 其中：财政拨款
    "对专利权人的补助": (("9", "9", "2.2", "10", "24%", "2.4"), ("9", "9", "2.2", None, "24%", None)),
    "原食药局业务经费": (("54.19", "54.19", "54.19", "10", "100%", "10"), ("54.19", "54.19", "54.19", None, "100%", None)),
    "投诉举报奖励金": (("5", "5", "5", "10", "10", "10"), ("5", "5", "5", None, "100%", None)),
    "工作经费": (("16.5", "16.5", "16.5", "10", "100%", "10"), ("16.5", "16.5", "16.5", None, "100%", None)),
    "抽检经费": (("50", "50", "50.596", "10", "100%", "10"), ("50", "50", "50.596", None, "100%", None)),
    "办公设备购置": (("17.98", "15.5", "15.5", "10", "86%", "8.6"), ("17.98", "15.5", "15.5", None, "86%", None)),
}


@pytest.mark.parametrize("project", list(FUNDS_2020))
def test_seed002_fund_rows(project: str):
    form = _form(project)
    assert [f.key for f in form.funds] == ["total", "fiscal", "other"]
    for line, expected in zip(form.funds, FUNDS_2020[project], strict=False):
        amounts = (_raw(line.initial), _raw(line.budget), _raw(line.executed), _raw(line.weight))
        assert (*amounts, line.rate_raw, _raw(line.score)) == expected
    other = form.fund("other")
    assert (other.budget, other.executed, other.rate_raw, other.row) == (None, None, None, "其他资金")


def test_seed002_transfer_funds():
    form = _form("知识产权融资质押")
    got = [(f.key, _raw(f.initial), _raw(f.budget), _raw(f.executed), _raw(f.weight), f.rate_raw, _raw(f.score))
           for f in form.funds]  # fmt: skip
    assert got == [
        ("total", None, None, None, "10", None, "10"),
        ("central", None, None, None, None, None, None),
        ("provincial", None, None, None, None, None, None),
        ("municipal", "20", "20", "20", None, "100%", None),
        ("county", None, None, None, None, None, None),
        ("other", None, None, None, None, None, None),
    ]
    assert form.problems.startswith("请在此处简要说明")
    assert form.problems_at.row == "说明"


INDICATORS_002 = {
    "知识产权融资质押": [
        ("产出指标/数量指标/对符合政策要求的企业进", "10", "10"),
        ("产出指标/质量指标/发放补助精准率", "10", "10"),
        ("产出指标/时效指标/项目执行时间", "10", "10"),
        ("产出指标/成本指标/费用支出控制", "10", "10"),
        ("效益指标/社会效益指标/区域知识产权运营链条打通", "10", "10"),
        ("效益指标/社会效益指标/促进企业实施转化专利技术", "5", "5"),
        ("效益指标/社会效益指标/对区域创新型企业融资难解", "5", "5"),
        ("可持续影响指标/建立健全知识产权运用促", "10", "10"),
        ("可持续影响指标/推动山亭区大众创业、万", "10", "10"),
        ("满意/服务对象/企业满意度", "10", "10"),
    ],
    "对专利权人的补助": [
        ("产出指标/数量指标/发明专利授权", "10", "10"),
        ("产出指标/数量指标/实用新型授权", "5", "0"),
        ("产出指标/质量指标/发放专利补助精准率", "10", "10"),
        ("产出指标/时效指标/完成2019年度专利资助发", "10", "10"),
        ("产出指标/成本指标/发明专利授权", "10", "10"),
        ("效益指标/社会效益指标/带动区域科技进步", "10", "10"),
        ("效益指标/社会效益指标/营造区域科技创新氛围", "10", "10"),
        ("可持续影响指标/促进我区新旧动能转换和经济社会发展的能力和水平", "10", "10"),
        ("满意度指标/服务对象满意度指标/专利权人满意度", "15", "15"),
    ],
    "原食药局业务经费": [
        ("产出指标/数量指标/人员数量", "5", "5"),
        ("产出指标/数量指标/公务用车数量", "5", "5"),
        ("产出指标/数量指标/出动执法人员人次", "5", "5"),
        ("产出指标/质量指标/履职尽责能力", "10", "8"),
        ("产出指标/时效指标/年度目标完成时间", "10", "10"),
        ("产出指标/成本指标/业务支出", "10", "10"),
        ("效益指标/社会效益指标/市场秩序", "5", "5"),
        ("效益指标/社会效益指标/食品安全水平", "5", "5"),
        ("效益指标/社会效益指标/业务能力", "5", "5"),
        ("效益指标/可持续影响指标/保障后续职能工作顺利开", "10", "10"),
        ("效益指标/可持续影响指标/区委、区政府交办的其他工作顺利开展提供保障", "10", "10"),
        ("满意度指标/服务对象满意度指标/各单位满意度", "5", "5"),
        ("满意度指标/服务对象满意度指标/群众满意度", "5", "5"),
    ],
    "投诉举报奖励金": [
        ("产出指标/数量指标/投诉举报数量", "10", "10"),
        ("产出指标/质量指标/投诉举报核査率", "10", "10"),
        ("产出指标/时效指标/年度目标完成时间", "10", "10"),
        ("产出指标/成本指标/业务支出", "10", "10"),
        ("效益指标/社会效益指标/市场秩序", "10", "5"),
        ("效益指标/社会效益指标/投诉举报数量", "10", "10"),
        ("可持续影响指标/保障后续职能工作顺利开展", "10", "10"),
        ("可持续影响指标/区委、区政府交办的其他工作顺利开展提供保障", "10", "10"),
        ("满意度指标/服务对象满意度指标/各单位满意度", "5", "5"),
        ("满意度指标/服务对象满意度指标/群众满意度", "5", "5"),
    ],
    "工作经费": [
        ("产出指标/数量指标/人员数量", "10", "10"),
        ("产出指标/质量指标/工资发放率", "10", "10"),
        ("产出指标/时效指标/年度目标完成时间", "10", "10"),
        ("产出指标/成本指标/经费支出", "10", "10"),
        ("效益指标/社会效益指标/业务能力", "10", "10"),
        ("效益指标/可持续影响指标/保障后续职能工作顺利开", "10", "10"),
        ("满意度指标/服务对象满意度指标/各单位满意度", "10", "10"),
        ("满意度指标/服务对象满意度指标/职工满意度", "10", "10"),
    ],
    "抽检经费": [
        ("产出指标/数量指标/成品油、散煤、农资、建材、工业产品抽检", "10", "10"),
        ("产出指标/数量指标/食品生产、流通、餐饮领域", "10", "10"),
        ("产出指标/质量指标/检验项目", "10", "10"),
        ("产出指标/质量指标/承检机构", "10", "10"),
        ("产出指标/时效指标/按规定时间组织", "5", "5"),
        ("产出指标/时效指标/任务完成率", "5", "5"),
        ("产出指标/成本指标/费用支出控制", "10", "8"),
        ("效益指标/社会效益指标/有责投诉数", "5", "5"),
        ("效益指标/社会效益指标/不合格品依法处置率", "5", "5"),
        ("可持续影响指标/保障后续职能工作顺利开", "5", "5"),
        ("可持续影响指标/不合格产品率", "5", "5"),
        ("满意度指标/服务对象满意度指标/群众满意度", "5", "5"),
        ("满意度指标/服务对象满意度指标/各级部门满意度", "5", "5"),
    ],
    "办公设备购置": [
        ("产出指标/数量指标/办公桌；办公椅；沙发；茶几；文件橱；条形台；条形桌椅；会议桌；衣架；衣柜", "10", "10"),
        ("产出指标/质量指标/政府采购率", "10", "10"),
        ("产出指标/质量指标/采购完成率", "10", "10"),
        ("产出指标/质量指标/质量合格率", "5", "5"),
        ("产出指标/质量指标/采购质量合格情况", "5", "5"),
        ("产出指标/时效指标/采购完成及时率", "10", "10"),
        ("产出指标/成本指标/资金节约率(%)", "10", "10"),
        ("产出指标/成本指标/办公设备采购总额", "10", "10"),
        ("效益指标/社会效益指标/市场综合监管影响力", "10", "10"),
        ("效益指标/可持续影响/可持续时间", "5", "5"),
        ("满意度指标/服务对象满意度指标/职工满意度", "5", "5"),
    ],
}
TOTALS_002 = {
    "知识产权融资质押": ("100", "100", "90"),
    "对专利权人的补助": ("100", "87.4", "90"),
    "原食药局业务经费": ("100", "98", "90"),
    "投诉举报奖励金": ("100", "95", "90"),
    "工作经费": ("100", "100", "80"),
    "抽检经费": ("100", "98", "90"),
    "办公设备购置": ("100", "98.6", "90"),
}


@pytest.mark.parametrize("project", list(INDICATORS_002))
def test_seed002_indicators_and_totals(project: str):
    form = _form(project)
    assert [(i.row, _raw(i.weight), _raw(i.score)) for i in form.indicators] == INDICATORS_002[project]
    assert all(i.page == 1 and i.table == form.table for i in form.indicators)
    weight, score, indicator_weights = TOTALS_002[project]
    assert (_raw(form.total_weight), _raw(form.total_score), form.total.row) == (weight, score, "总分")
    assert sum(i.weight.value for i in form.indicators) == D(indicator_weights)


def test_seed002_values_reasons_and_goal():
    patent = _form("对专利权人的补助")
    invention, utility = patent.indicators[:2]
    assert (invention.target.raw, invention.actual.raw) == ("22件", "22")
    assert (utility.target.raw, utility.actual.raw, utility.reason) == ("136件", "0", "政策原因；不再奖励")
    assert patent.indicators[3].target.date.month == 12
    satisfaction = patent.indicators[-1].target
    assert (satisfaction.comparator, satisfaction.number.value, satisfaction.unit) == (">=", D("95"), "%")
    assert patent.goal.expected.startswith("对符合《") and patent.goal.achieved.startswith("完成对符合《")
    assert patent.goal.expected != patent.goal.achieved
    food = _form("原食药局业务经费")
    assert food.indicators[3].reason.startswith("原因有资金较小")
    assert _form("投诉举报奖励金").indicators[4].reason == "资金较小、宣传不足"
    office = _form("办公设备购置")
    assert office.indicators[-4].target.raw == "≤17.98万元"


def test_seed002_notes_print_the_scoring_bands():
    forms, _ = _seed002()
    for form in forms[1:]:
        assert len(form.notes) == 3
        assert form.notes[0].startswith("注：1.")
        assert "100-81%、80-51%、50-0%" in form.notes[2]
    assert "100%-80%(含)、80%-60%(含)、60%-0%" in forms[0].notes[2]


def test_seed002_summary():
    _, doc = _seed002()
    summaries = extract_summaries(doc)
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.title == "2020年度项目支出绩效自评情况汇总表"
    assert [(r.seq, r.project, _raw(r.score), r.grade) for r in summary.rows] == [
        ("1", "知识产权融资质押", "100", "优"),
        ("2", "对专利权人的补助", "87.4", "优"),
        ("3", "原食药局业务经费", "98", "优"),
        ("4", "投诉举报奖励金", "95", "优"),
        ("5", "工作经费", "100", "优"),
        ("6", "抽检经费", "98", "优"),
        ("7", "办公设备购置", "98.5", "优"),
    ]
    assert {r.unit for r in summary.rows} == {"枣庄市山亭区市场监督管理局"}
    assert len(summary.notes) == 3
    assert "90（含）-100为“优”" in summary.notes[1]


# ---------------------------------------------------------------------------------------------
# Seed 000: a 2024 form exported to text without tabs.

INDICATORS_000 = [
    # (一级, 二级, 三级, 符号+值+单位, 实际完成值, 完成情况, 分值, 得分)
    ("产出指标", "数量指标", "中小微企业接受高校院所专利转让许可次数增幅", "≥10.00%", "10.58", "完成", "5", "5"),
    ("产出指标", "数量指标", "接受高校院所专利转让许可的中小微企业数量增幅", "≥10.00%", "35.14", "完成", "5", "4.90"),
    ("产出指标", "数量指标", "普惠性专利质押融资惠及中小微企业数量增幅", "≥10.00%", "38.71", "完成", "5", "4.90"),
    ("产出指标", "数量指标", "通过专利开放许可(试点)达成的专利许可数量（件）", "≥6件", "10", "完成", "5", "4.90"),
    ("产出指标", "质量指标", "高校院所向中小微企业转让许可专利占高校院所有效专利的比例", "≥1.00%", "11.13", "完成", "5", "4.90"),
    ("产出指标", "质量指标", "普惠性专利质押融资惠及中小微企业数量占惠企数量的比例", "≥60.00%", "84.31", "完成", "5", "4.90"),
    ("产出指标", "时效指标", "资金发放及时率", "≥90.00%", "100.00", "完成", "10", "10"),
    ("产出指标", "成本指标", "成本控制", "≤295万元", "295", "完成", "10", "10"),
    ("效益指标", "社会效益指标", "企业专利密集型产品备案数量（件）", "≥30件", "323", "完成", "7.50", "7.40"),
    ("效益指标", "社会效益指标", "中小微企业接受高校院所转让许可的专利产业化率", "≥20.00%", "20.00", "完成", "7.50", "7.50"),
    ("效益指标", "经济效益指标", "企业专利质押融资金额增幅", "≥10.00%", "38.93", "完成", "7.50", "7.40"),
    ("效益指标", "经济效益指标", "专利许可备案金额增幅", "≥10.00%", "-6.11", "未完成", "7.50", "0"),
    ("满意度指标", "服务对象满意度指标", "高校、企业对专利转让许可质押相关政策项目和手续办理的满意度", "≥90.00%", "100.00",
     "完成", "10", "10"),
]  # fmt: skip


def test_seed000_form():
    forms = extract_forms(_seed("000_598e7c5fa0877819.txt"))
    assert len(forms) == 1
    form = forms[0]
    assert (form.layout, form.year, form.project) == ("2024", 2024, "提前下达2023年中央服务业发展资金")
    assert form.department == "243001-廊坊市市场监督管理局本级"
    got = [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw, i.status, _raw(i.weight), _raw(i.score))
           for i in form.indicators]  # fmt: skip
    assert got == INDICATORS_000
    assert all(i.description for i in form.indicators)
    units = [(i.target.comparator, i.target.unit) for i in form.indicators]
    assert units[3] == (">=", "件") and units[7] == ("<=", "万元") and units[0] == (">=", "%")
    execution = form.execution
    assert (_raw(execution.weight), _raw(execution.score), _raw(execution.progress)) == ("10", "10", "100.00")
    assert (_raw(form.total_score), form.total.row) == ("91.80", "自评总分")
    assert sum(i.score.value for i in form.indicators) + form.execution.score.value == D("91.80")


def test_seed000_funds_goal_problems_notes():
    form = extract_forms(_seed("000_598e7c5fa0877819.txt"))[0]
    assert [(f.key, _raw(f.budget), _raw(f.received), _raw(f.executed)) for f in form.funds] == [
        ("total", "295.00", "295.00", "295.00"),
        ("fiscal", "295.00", "295.00", "295.00"),
        ("other", None, None, None),
    ]
    assert _raw(form.goal.completion) == "91.80"
    assert form.goal.expected and form.goal.achieved and form.goal.expected != form.goal.achieved
    assert form.problems.startswith("专利许可备案金额增幅未完成原因：")
    assert "整改措施" in form.problems and form.problems_at.row == "存在问题原因及整改措施"
    # the 说明 block is printed twice; each of its ten items is kept once
    assert len(form.notes) == 10
    assert [n.split(".")[0] for n in form.notes] == [str(i) for i in range(1, 11)]
