"""Tests for tools.numbers: exact Decimal parsing of cells and sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tools.numbers import (
    DateParts,
    Quantity,
    find_quantities,
    is_empty_cell,
    parse_chinese_numeral,
    parse_value,
)

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def summary(quantities: list[Quantity]) -> list[tuple[str, Decimal | None, str | None]]:
    return [(q.kind, q.value, q.unit) for q in quantities]


# --- parse_value: plain numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "decimals"),
    [
        ("1,234.56", "1234.56", 2),
        ("4,718.26", "4718.26", 2),
        ("1，234.56", "1234.56", 2),
        ("１２３．４５", "123.45", 2),
        ("1,234.50", "1234.50", 2),
        ("3", "3", 0),
        ("0", "0", 0),
        ("0.00", "0.00", 2),
        ("100.00", "100.00", 2),
        ("1,234,567.8", "1234567.8", 1),
        ("  345.00\u3000", "345.00", 2),
    ],
)
def test_parse_value_plain_number(cell: str, value: str, decimals: int) -> None:
    q = parse_value(cell)
    assert q is not None
    assert q.value == Decimal(value)
    assert str(q.value) == value
    assert q.decimals == decimals
    assert q.kind == "number"
    assert q.unit is None
    assert q.comparator is None


def test_parse_value_span_is_the_stripped_token() -> None:
    q = parse_value("  345.00 ")
    assert q is not None
    assert (q.raw, q.start, q.end) == ("345.00", 2, 8)


@pytest.mark.parametrize("cell", ["-7.24", "－7.24", "\u22127.24"])
def test_parse_value_minus_sign(cell: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert q.value == Decimal("-7.24")
    assert q.decimals == 2
    assert not q.negative_parens


@pytest.mark.parametrize("cell", ["（7.24）", "(7.24)", "( 7.24 )"])
def test_parse_value_parentheses_are_accounting_negatives(cell: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert q.value == Decimal("-7.24")
    assert q.negative_parens
    assert q.raw == cell.strip()


def test_parse_value_parenthesised_thousands_is_negative() -> None:
    q = parse_value("(1,234.00)")
    assert q is not None
    assert q.value == Decimal("-1234.00")
    assert q.negative_parens


@pytest.mark.parametrize("cell", ["(1)", "（2）", "（十二）", "（一）"])
def test_parse_value_parenthesised_integer_is_a_label_not_a_value(cell: str) -> None:
    assert parse_value(cell) is None


@pytest.mark.parametrize("cell", ["12.5%", "12.5％", "12.5 %"])
def test_parse_value_percent(cell: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert (q.kind, q.value, q.unit, q.decimals) == ("percent", Decimal("12.5"), "%", 1)


def test_parse_value_plus_sign_percent() -> None:
    q = parse_value("+5.2%")
    assert q is not None
    assert (q.kind, q.value, q.decimals, q.raw) == ("percent", Decimal("5.2"), 1, "+5.2%")


@pytest.mark.parametrize("cell", ["", "   ", "-", "—", "——", "/", "－", "无", "\u3000", "--"])
def test_parse_value_empty_cells(cell: str) -> None:
    assert is_empty_cell(cell)
    assert parse_value(cell) is None


def test_is_empty_cell_none() -> None:
    assert is_empty_cell(None)
    assert parse_value(None) is None


@pytest.mark.parametrize("cell", ["abc", "已打通", "明显改善", "合计", "1、", "80-100分", "1,2345", "12.5G", "约"])
def test_parse_value_non_numeric_or_not_one_quantity(cell: str) -> None:
    assert not is_empty_cell(cell) or cell == ""
    assert parse_value(cell) is None


# --- parse_value: comparators, units -----------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "comparator", "value", "decimals", "unit", "kind"),
    [
        ("≥10.00%", ">=", "10.00", 2, "%", "percent"),
        ("≥ 10.00 %", ">=", "10.00", 2, "%", "percent"),
        ("≤345万元", "<=", "345", 0, "万元", "amount"),
        ("＞90%", ">", "90", 0, "%", "percent"),
        ("＜5天", "<", "5", 0, "天", "count"),
        ("=100%", "=", "100", 0, "%", "percent"),
        ("＝100%", "=", "100", 0, "%", "percent"),
        ("≥6件", ">=", "6", 0, "件", "count"),
        ("≥50人次", ">=", "50", 0, "人次", "count"),
        ("≤ 120 元/件", "<=", "120", 0, "元/件", "amount"),
        ("≤ 120 元／件", "<=", "120", 0, "元/件", "amount"),
        (">=95%", ">=", "95", 0, "%", "percent"),
        ("≧95%", ">=", "95", 0, "%", "percent"),
        ("不低于90%", ">=", "90", 0, "%", "percent"),
        ("不少于3个", ">=", "3", 0, "个", "count"),
        ("不高于5%", "<=", "5", 0, "%", "percent"),
        ("不超过345万元", "<=", "345", 0, "万元", "amount"),
        ("大于80分", ">", "80", 0, "分", "count"),
        ("小于5天", "<", "5", 0, "天", "count"),
        ("95%以上", ">=", "95", 0, "%", "percent"),
        ("6件以上", ">=", "6", 0, "件", "count"),
        ("5%以下", "<=", "5", 0, "%", "percent"),
        ("30%及以上", ">=", "30", 0, "%", "percent"),
        ("50万元（含）以上", ">=", "50", 0, "万元", "amount"),
    ],
)
def test_parse_value_comparators_with_units(
    cell: str, comparator: str, value: str, decimals: int, unit: str, kind: str
) -> None:
    q = parse_value(cell)
    assert q is not None
    assert (q.comparator, q.value, q.decimals, q.unit, q.kind) == (comparator, Decimal(value), decimals, unit, kind)
    assert str(q.value) == value
    assert q.raw == cell


@pytest.mark.parametrize(
    ("cell", "unit", "kind"),
    [
        ("4186.52万元", "万元", "amount"),
        ("4,718.26元", "元", "amount"),
        ("6.4亿元", "亿元", "amount"),
        ("1000元/件", "元/件", "amount"),
        ("5个百分点", "个百分点", "percent"),
        ("2倍", "倍", "number"),
        ("9.00 万", "万", "number"),
        *[(f"7{u}", u, "count") for u in ["人次", "批次", "万人次", "个月", "天", "年", "分", "期", "场次"]],
        *[(f"7{u}", u, "count") for u in "件 人 辆 个 项 台 套 次 笔 家 户 场 篇 条 名".split()],
    ],
)
def test_parse_value_units(cell: str, unit: str, kind: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert (q.unit, q.kind) == (unit, kind)


def test_parse_value_bare_four_digits_in_a_cell_is_a_number() -> None:
    q = parse_value("2024")
    assert q is not None
    assert (q.kind, q.value, q.unit, q.date) == ("number", Decimal("2024"), None, None)


@pytest.mark.parametrize("cell", ["2024年", "2024年度", "2024 年度", "二〇二一年"])
def test_parse_value_year_in_a_cell(cell: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert q.kind == "year"
    assert q.unit is None
    assert q.date is not None and q.date.month is None


@pytest.mark.parametrize(
    ("cell", "date", "comparator"),
    [
        ("2020.12.31", DateParts(year=2020, month=12, day=31), None),
        ("2020年12月31日", DateParts(year=2020, month=12, day=31), None),
        ("2020 年 12 月 31 日", DateParts(year=2020, month=12, day=31), None),
        ("2020-12-31", DateParts(year=2020, month=12, day=31), None),
        ("2020/1/5", DateParts(year=2020, month=1, day=5), None),
        ("12月31日前", DateParts(month=12, day=31), "<="),
        ("12月31日之前", DateParts(month=12, day=31), "<="),
        ("2020.12.31之前", DateParts(year=2020, month=12, day=31), "<="),
        ("6月30日以后", DateParts(month=6, day=30), ">="),
        ("6月底前", DateParts(month=6), "<="),
        ("2024年6月", DateParts(year=2024, month=6), None),
        ("2024年6月份", DateParts(year=2024, month=6), None),
        ("2020.4月", DateParts(year=2020, month=4), None),
        ("不晚于2024年6月30日", DateParts(year=2024, month=6, day=30), "<="),
    ],
)
def test_parse_value_dates(cell: str, date: DateParts, comparator: str | None) -> None:
    q = parse_value(cell)
    assert q is not None
    assert (q.kind, q.value, q.date, q.comparator) == ("date", None, date, comparator)


def test_parse_value_bare_year_month_in_a_cell_is_a_number() -> None:
    q = parse_value("2020.4")
    assert q is not None
    assert (q.kind, q.value, q.decimals) == ("number", Decimal("2020.4"), 1)


@pytest.mark.parametrize("cell", ["2020年2月30日", "2021.2.29", "2020年13月"])
def test_parse_value_impossible_dates_are_not_dates(cell: str) -> None:
    q = parse_value(cell)
    assert q is None or q.kind != "date"


def test_parse_value_leap_day() -> None:
    q = parse_value("2020年2月29日")
    assert q is not None and q.date == DateParts(year=2020, month=2, day=29)


@pytest.mark.parametrize(("cell", "value", "unit"), [("七个", 7, "个"), ("十二辆", 12, "辆"), ("两个", 2, "个")])
def test_parse_value_chinese_count(cell: str, value: int, unit: str) -> None:
    q = parse_value(cell)
    assert q is not None
    assert (q.kind, q.value, q.unit, q.decimals) == ("count", Decimal(value), unit, 0)


def test_parse_value_amount_never_becomes_year() -> None:
    q = parse_value("2024万元")
    assert q is not None
    assert (q.kind, q.value) == ("amount", Decimal("2024"))


def test_tolerance_is_half_the_last_printed_digit() -> None:
    assert parse_value("1,234.50").tolerance == Decimal("0.005")  # type: ignore[union-attr]
    assert parse_value("12.5%").tolerance == Decimal("0.05")  # type: ignore[union-attr]
    assert parse_value("3").tolerance == Decimal("0.5")  # type: ignore[union-attr]


def test_quantity_is_frozen_and_strict() -> None:
    q = parse_value("1.5")
    assert q is not None
    with pytest.raises(ValidationError):
        q.value = Decimal(2)  # type: ignore[misc]
    fields = {"raw": "1", "start": 0, "end": 1, "value": Decimal(1), "decimals": 0, "unit": None, "kind": "number"}
    assert Quantity.model_validate(fields).value == Decimal(1)
    with pytest.raises(ValidationError):
        Quantity.model_validate({**fields, "extra": 1})


# --- property tests ------------------------------------------------------------------------


@st.composite
def formatted_decimals(draw: st.DrawFn) -> tuple[str, Decimal, int]:
    places = draw(st.integers(min_value=0, max_value=4))
    units = draw(st.integers(min_value=-(10**13), max_value=10**13))
    value = Decimal(units).scaleb(-places)
    text = f"{value:{',' if draw(st.booleans()) else ''}.{places}f}"
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return text, value, places


@given(formatted_decimals())
def test_parse_value_is_exact_for_any_formatted_decimal(case: tuple[str, Decimal, int]) -> None:
    text, value, places = case
    q = parse_value(text)
    assert q is not None, text
    assert q.value == value
    assert q.decimals == places
    assert q.kind == "number"
    assert q.raw == text


@given(st.text(alphabet=st.sampled_from(list("0123456789.,-%年月日万元个人次（）()≥≤以上下前一二两三十第、 \n的收入")), max_size=40))
def test_find_quantities_spans_are_exact_and_ordered(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert text[q.start : q.end] == q.raw
        assert q.start >= previous_end
        assert q.raw
        assert (q.value is None) == (q.kind == "date")
        previous_end = q.end


@given(st.text(max_size=60))
def test_parse_value_never_raises(text: str) -> None:
    parse_value(text)
    find_quantities(text)


# --- find_quantities ------------------------------------------------------------------------


def test_sentence_income_composition() -> None:
    found = find_quantities("本年收入合计4186.52万元，其中：财政拨款收入4186.52万元，占100%；")
    assert summary(found) == [
        ("amount", Decimal("4186.52"), "万元"),
        ("amount", Decimal("4186.52"), "万元"),
        ("percent", Decimal("100"), "%"),
    ]
    assert [q.raw for q in found] == ["4186.52万元", "4186.52万元", "100%"]


def test_sentence_year_over_year_change() -> None:
    found = find_quantities("与2019年度相比，增加318.6万元，增长14.3%。")
    assert summary(found) == [
        ("year", Decimal("2019"), None),
        ("amount", Decimal("318.6"), "万元"),
        ("percent", Decimal("14.3"), "%"),
    ]
    assert found[1].decimals == 1
    assert found[0].date == DateParts(year=2019)


def test_sentence_with_spurious_pdf_spaces() -> None:
    text = "收入支出总计减少 48.27 万元，下降 2.36%"
    found = find_quantities(text)
    assert summary(found) == [("amount", Decimal("48.27"), "万元"), ("percent", Decimal("2.36"), "%")]
    assert found[0].raw == "48.27 万元"
    assert text[found[0].start : found[0].end] == "48.27 万元"


def test_sentence_spaced_year() -> None:
    found = find_quantities("2020 年度收支合计 4186.52 万元，较 2019 年度多 264.81 万元")
    assert [q.kind for q in found] == ["year", "amount", "year", "amount"]
    assert found[0].raw == "2020 年度"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完成年初预算的91.64%", [("percent", Decimal("91.64"), "%")]),
        ("共计接待2批次，19人次", [("count", Decimal(2), "批次"), ("count", Decimal(19), "人次")]),
        ("公务用车保有量为11辆", [("count", Decimal(11), "辆")]),
        ("执法执勤用车9辆", [("count", Decimal(9), "辆")]),
        ("金额6.4亿元。", [("amount", Decimal("6.4"), "亿元")]),
        ("共办理证照变更 2471次", [("count", Decimal(2471), "次")]),
        ("办结融资服务43笔", [("count", Decimal(43), "笔")]),
        ("增幅12.63%", [("percent", Decimal("12.63"), "%")]),
        ("增幅为-7.24%。", [("percent", Decimal("-7.24"), "%")]),
        ("增幅为－7.24％。", [("percent", Decimal("-7.24"), "%")]),
        ("增长１２．５％", [("percent", Decimal("12.5"), "%")]),
        ("支出1867.43万元", [("amount", Decimal("1867.43"), "万元")]),
        ("支出2020万元", [("amount", Decimal("2020"), "万元")]),
        ("合计1,234.56万元", [("amount", Decimal("1234.56"), "万元")]),
        ("合计1，234.56万元", [("amount", Decimal("1234.56"), "万元")]),
        ("共有2家单位", [("count", Decimal(2), "家")]),
        ("服务期3年", [("count", Decimal(3), "年")]),
        ("下降5个百分点", [("percent", Decimal(5), "个百分点")]),
        ("用时6个月", [("count", Decimal(6), "个月")]),
        ("科目2010301行政运行", [("number", Decimal(2010301), None)]),
        ("公开 01 表", [("number", Decimal(1), None)]),
    ],
)
def test_sentence_quantities(text: str, expected: list[tuple[str, Decimal, str | None]]) -> None:
    assert summary(find_quantities(text)) == expected


def test_sentence_code_number_keeps_raw() -> None:
    (q,) = find_quantities("2010301 行政运行")
    assert (q.raw, q.kind, q.unit) == ("2010301", "number", None)


@pytest.mark.parametrize(
    ("text", "raw", "comparator", "value", "unit"),
    [
        ("次数增幅 10%以上，", "10%以上", ">=", "10", "%"),
        ("证照办理数量（件）6件以上", "6件以上", ">=", "6", "件"),
        ("60 分以下为“差”", "60 分以下", "<=", "60", "分"),
        ("单位价值50万元以上", "50万元以上", ">=", "50", "万元"),
        ("偏离度达到30%及以上", "30%及以上", ">=", "30", "%"),
        ("预期指标值为 ≥50人次，", "≥50人次", ">=", "50", "人次"),
        ("当“预算执行进度≥95%”时", "≥95%", ">=", "95", "%"),
        ("执行进度＜95%”时", "＜95%", "<", "95", "%"),
        ("得分不超过7分", "不超过7分", "<=", "7", "分"),
        ("新增数应大于等于 20 个", "大于等于 20 个", ">=", "20", "个"),
        ("偏差率超过5%", "超过5%", ">", "5", "%"),
        ("3日以内办结", "3日以内", None, None, None),
        ("共3000余人参加", "3000余人", ">", "3000", "人"),
        ("增加100多万元", "100多万元", ">", "100", "万元"),
    ],
)
def test_sentence_comparators(
    text: str, raw: str, comparator: str | None, value: str | None, unit: str | None
) -> None:
    found = {q.raw: q for q in find_quantities(text)}
    if value is None:
        assert raw not in found
        return
    q = found[raw]
    assert (q.comparator, q.value, q.unit) == (comparator, Decimal(value), unit)


def test_sentence_range_shares_the_unit() -> None:
    found = find_quantities("扣 2-4 分；分值区间100-81%、80-100分")
    assert summary(found) == [
        ("count", Decimal(2), "分"),
        ("count", Decimal(4), "分"),
        ("percent", Decimal(100), "%"),
        ("percent", Decimal(81), "%"),
        ("count", Decimal(80), "分"),
        ("count", Decimal(100), "分"),
    ]
    assert found[0].raw == "2"


@pytest.mark.parametrize("text", ["自评得分在 90（含）-100 为“优”", "为数量的 80%-100% 得 2 分"])
def test_sentence_dash_after_parenthesis_or_percent_is_not_a_minus(text: str) -> None:
    assert all(q.value is None or q.value >= 0 for q in find_quantities(text))


# --- years and dates in sentences -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("2024年全区共办理", "year", DateParts(year=2024)),
        ("2024年度预算项目", "year", DateParts(year=2024)),
        ("与2023年度相比", "year", DateParts(year=2023)),
        ("与 2020 年预算数持平", "year", DateParts(year=2020)),
        ("主要原因是 2020.4 月原某区物资供应站并入", "date", DateParts(year=2020, month=4)),
        ("主要原因是2020.4月原某区", "date", DateParts(year=2020, month=4)),
        ("主要原因是 2020.4 某区物资站并入", "date", DateParts(year=2020, month=4)),
        ("截至2020年12月31日,本单位登记车辆", "date", DateParts(year=2020, month=12, day=31)),
        ("截至 2020 年 12 月 31 日, 档案管理", "date", DateParts(year=2020, month=12, day=31)),
        ("2020 年 10 月我单位按照", "date", DateParts(year=2020, month=10)),
        ("完成时间2020.12.31", "date", DateParts(year=2020, month=12, day=31)),
        ("完成时间2020-12-31", "date", DateParts(year=2020, month=12, day=31)),
        ("二〇二一年一月", "year", DateParts(year=2021)),
        ("二零二一年度", "year", DateParts(year=2021)),
    ],
)
def test_sentence_years_and_dates(text: str, kind: str, date: DateParts) -> None:
    (q,) = find_quantities(text)
    assert (q.kind, q.date) == (kind, date)
    assert q.kind != "amount"


def test_a_year_is_never_an_amount() -> None:
    text = "2024年，2024年度，与2023年度相比，2020.4月，截至2020年12月31日，支出1867.43万元"
    kinds = [q.kind for q in find_quantities(text)]
    assert kinds == ["year", "year", "year", "date", "date", "amount"]


def test_year_range_and_list() -> None:
    found = find_quantities("2019-2020年度，2021、2022年")
    assert [(q.kind, q.value) for q in found] == [
        ("year", Decimal(2019)),
        ("year", Decimal(2020)),
        ("year", Decimal(2021)),
        ("year", Decimal(2022)),
    ]


def test_bare_four_digit_number_in_a_sentence_is_a_number() -> None:
    (q,) = find_quantities("总数2024，")
    assert (q.kind, q.value) == ("number", Decimal(2024))


def test_deadline_dates() -> None:
    (q,) = find_quantities("须于12月31日前完成")
    assert (q.kind, q.comparator, q.date) == ("date", "<=", DateParts(month=12, day=31))
    (q,) = find_quantities("2020.12.31之前")
    assert q.comparator == "<="


def test_year_followed_by_first_quarters_is_not_a_deadline() -> None:
    (q,) = find_quantities("2020年前三季度")
    assert (q.kind, q.comparator, q.raw) == ("year", None, "2020年")


def test_year_with_two_character_deadline() -> None:
    (q,) = find_quantities("2025年以前完成")
    assert (q.kind, q.comparator) == ("year", "<=")


def test_month_only_date() -> None:
    (q,) = find_quantities("计划6月完成")
    assert (q.kind, q.date) == ("date", DateParts(month=6))


# --- enumerations, ordinals, labels, identifiers -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "第三条",
        "（十二）负责统筹本系统档案保管工作。",
        "1、一般公共服务支出",
        "- 1、财政拨款收入",
        "1．一般公共服务支出",
        "注：1. 本表列示全部收支。2. 合计数可能因四舍五入存在差异。",
        "(1)人员经费",
        "（2）公用经费",
        "第3条",
        "第 2 次会议",
        "图1：收入支出决算变动情况",
        "详见附件4",
        "见附表2",
        "GB2760",
        "5G基站",
    ],
)
def test_enumerations_ordinals_and_identifiers_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_enumeration_does_not_hide_the_amount_after_it() -> None:
    found = find_quantities("1、财政拨款收入 4186.52 万元。")
    assert summary(found) == [("amount", Decimal("4186.52"), "万元")]


def test_number_followed_by_dunhao_mid_sentence_is_kept() -> None:
    found = find_quantities("用车0辆、应急保障用车0辆")
    assert summary(found) == [("count", Decimal(0), "辆"), ("count", Decimal(0), "辆")]


def test_tab_separated_cells_do_not_join_number_and_unit() -> None:
    found = find_quantities("1\t项目立项\t4")
    assert [(q.unit, q.value) for q in found] == [(None, Decimal(1)), (None, Decimal(4))]


def test_parentheses_in_prose_are_asides_not_negatives() -> None:
    (q,) = find_quantities("占比（7.24%）")
    assert (q.value, q.negative_parens) == (Decimal("7.24"), False)


# --- Chinese numerals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("七个项目", 7, "个"),
        ("十二辆", 12, "辆"),
        ("两个", 2, "个"),
        ("共有三个四级指标", 3, "个"),
        ("涉及二十三项", 23, "项"),
        ("接待五批次", 5, "批次"),
        ("十万人次", 100000, "人次"),
        ("三个月", 3, "个月"),
        ("下降两个百分点", 2, "个百分点"),
    ],
)
def test_chinese_numeral_counts(text: str, value: int, unit: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.decimals) == (Decimal(value), unit, 0)
    assert q.kind in ("count", "percent")


def test_chinese_numeral_with_comparator_and_approximation() -> None:
    (q,) = find_quantities("不少于三个")
    assert (q.comparator, q.value, q.raw) == (">=", Decimal(3), "不少于三个")
    (q,) = find_quantities("十多个")
    assert (q.comparator, q.value) == (">", Decimal(10))


def test_arabic_count_after_noun() -> None:
    (q,) = find_quantities("涵盖项目7个，")
    assert (q.kind, q.value, q.unit) == ("count", Decimal(7), "个")


@pytest.mark.parametrize(
    "text",
    [
        "一般公共预算",
        "一、收入",
        "二、支出",
        "第一部分",
        "第十二条",
        "统一管理",
        "进一步加强",
        "一次性补助",
        "一个中心",
        "一件事一次办",
        "二次供水",
        "零件采购",
        "千家万户",
        "坚决做到“两个维护”",
        "增强“四个意识”",
        "两个维护",
        "落实中央八项规定",
        "“三公”经费",
        "三公经费",
        "十分重要",
        "（三）项目绩效",
        "三、人员经费",
    ],
)
def test_chinese_numerals_inside_words_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("七", 7),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两", 2),
        ("两千", 2000),
        ("〇", 0),
        ("零", 0),
        ("二〇二一", 2021),
        ("二零二四", 2024),
        ("十万", 100000),
        ("一万二千", 12000),
        ("三千零五十", 3050),
        ("一亿二千万", 120000000),
        ("壹佰贰拾", 120),
    ],
)
def test_parse_chinese_numeral(text: str, value: int) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "万", "十十", "一二十", "七个", "7", "abc", "百千"])
def test_parse_chinese_numeral_rejects_malformed(text: str) -> None:
    assert parse_chinese_numeral(text) is None


# --- exactness ------------------------------------------------------------------------------


def test_values_are_decimals_with_printed_precision() -> None:
    for q in find_quantities("合计1,234.50万元，占12.50%，共3人"):
        assert isinstance(q.value, Decimal)
    q = parse_value("1,234.50")
    assert q is not None
    assert q.value is not None and q.value.as_tuple().exponent == -2


def test_spans_refer_to_the_original_text() -> None:
    text = "增长１２．５％，减少（7.24）万元，收入 4186.52 万元"
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.raw
