"""Canonical column keys and row keys of the nine 公开表, shared by the extractor and the rules.

The extractor maps every printed header (any province's wording, 小计/合计, 金额/决算数) onto these
keys; rules only ever name these keys. Two-sided tables prefix the side: '收入/…', '支出/…'.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "T01": ("收入/决算数", "支出/决算数"),
    "T02": (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
    "T03": (
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ),
    # Some provinces print 年初结转/本年收入 per fund on the 收入 side; those keep their printed leaf.
    "T04": (
        "收入/决算数",
        "支出/合计",
        "支出/一般公共预算财政拨款",
        "支出/政府性基金预算财政拨款",
        "支出/国有资本经营预算财政拨款",
    ),
    "T05": ("合计", "基本支出", "项目支出"),
    # 公开06表: every block (人员经费 | 公用经费 | …) has one amount column; lines carry the block in `side`.
    "T06": ("决算数",),
    "T07": (
        "预算数/合计",
        "预算数/因公出国（境）费",
        "预算数/公务用车购置及运行维护费/小计",
        "预算数/公务用车购置及运行维护费/公务用车购置费",
        "预算数/公务用车购置及运行维护费/公务用车运行维护费",
        "预算数/公务接待费",
        "决算数/合计",
        "决算数/因公出国（境）费",
        "决算数/公务用车购置及运行维护费/小计",
        "决算数/公务用车购置及运行维护费/公务用车购置费",
        "决算数/公务用车购置及运行维护费/公务用车运行维护费",
        "决算数/公务接待费",
    ),
    "T08": (
        "年初结转和结余",
        "本年收入",
        "本年支出/合计",
        "本年支出/基本支出",
        "本年支出/项目支出",
        "年末结转和结余",
    ),
    # The 收入支出 variant (上海) has the T08 columns; the 支出 variant only 合计/基本支出/项目支出.
    "T09": (
        "年初结转和结余",
        "本年收入",
        "本年支出/合计",
        "本年支出/基本支出",
        "本年支出/项目支出",
        "年末结转和结余",
        "合计",
        "基本支出",
        "项目支出",
    ),
}

# Row keys of labelled (uncoded) lines, after `label_key` (ordinal and '（含…）' removed).
T01_INCOME = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
T01_TOTALS = ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计")
T01_SPENDING_TOTALS = ("本年支出合计", "结余分配", "年末结转和结余", "总计")
T04_INCOME = (
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
)
T04_TOTALS = ("本年收入合计", "年初财政拨款结转和结余", "总计")
T04_SPENDING_TOTALS = ("本年支出合计", "年末财政拨款结转和结余", "总计")
TOTAL_KEY = "合计"
"""Key of the 合计 line of coded tables (T02, T03, T05, T08, T09) and of T07's single row."""
T06_TOTALS = ("人员经费合计", "公用经费合计")
NESTED_SEP = "/"
"""Rows printed under a 结转和结余 row (公开04表: 年初财政拨款结转和结余 by fund) key as 'parent/row',
e.g. '年初财政拨款结转和结余/一般公共预算财政拨款'."""
