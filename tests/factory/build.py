"""Deterministic builder of an internally consistent synthetic 部门决算公开报告."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from . import catalog as cat
from .model import (
    BuildOptions,
    Claim,
    Column,
    Report,
    ReportTable,
    Row,
    Section,
    Span,
    fmt_amount,
    fmt_cell,
    money,
    pct,
)

ZERO = Decimal("0.00")
CN_NUM = "一二三四五六七八九十"


def cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 25 -> 二十五 (enough for the 类 list)."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUM[tens - 1] + "十"
    return head + (CN_NUM[ones - 1] if ones else "")


@dataclass
class Item:
    """One 项 with its money; the source budget decides which tables it appears in."""

    code: str
    name: str
    kind: str
    source: str  # gen | fund | soe
    basic: Decimal = ZERO
    project: Decimal = ZERO
    begin: Decimal = ZERO
    end: Decimal = ZERO
    nf_biz: Decimal = ZERO
    nf_other: Decimal = ZERO
    nf_basic: Decimal = ZERO
    nf_project: Decimal = ZERO
    budget: Decimal = ZERO

    @property
    def fiscal_exp(self) -> Decimal:
        return self.basic + self.project

    @property
    def income(self) -> Decimal:
        return self.fiscal_exp + self.end - self.begin

    @property
    def total_basic(self) -> Decimal:
        return self.basic + self.nf_basic

    @property
    def total_project(self) -> Decimal:
        return self.project + self.nf_project

    @property
    def total_exp(self) -> Decimal:
        return self.total_basic + self.total_project

    @property
    def total_income(self) -> Decimal:
        return self.income + self.nf_biz + self.nf_other


@dataclass
class _Rng:
    rng: random.Random

    def amount(self, lo: int | Decimal, hi: int | Decimal) -> Decimal:
        """Uniform amount in [lo, hi] 万元 with cent resolution (ints only, never float)."""
        return Decimal(self.rng.randint(int(Decimal(lo) * 100), int(Decimal(hi) * 100))).scaleb(-2)

    def chance(self, percent: int) -> bool:
        return self.rng.randint(1, 100) <= percent

    def factor(self, lo_permille: int, hi_permille: int) -> Decimal:
        return Decimal(self.rng.randint(lo_permille, hi_permille)) / 1000

    def choice(self, seq):
        return seq[self.rng.randrange(len(seq))]


def split_cents(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Split total into parts proportional to integer weights, exact to the cent."""
    cents = int(total * 100)
    wsum = sum(weights)
    parts = [cents * w // wsum for w in weights]
    # Hand the rounding remainder to the heaviest entries so no zero-weight row gets money.
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in range(cents - sum(parts)):
        parts[order[i % len([w for w in weights if w])]] += 1
    return [Decimal(p).scaleb(-2) for p in parts]


# ---------------------------------------------------------------- items


def _pick_items(r: _Rng, opts: BuildOptions) -> list[Item]:
    wanted = []
    fund_n = 0
    soe_n = 0
    for code, name, kind in cat.ITEMS:
        if kind == "fund":
            if opts.gov_fund and fund_n < 2:
                wanted.append((code, name, kind))
                fund_n += 1
            continue
        if kind == "soe":
            if opts.soe and soe_n < 2:
                wanted.append((code, name, kind))
                soe_n += 1
            continue
        wanted.append((code, name, kind))
    special = [w for w in wanted if w[2] in ("fund", "soe")]
    plain = [w for w in wanted if w[2] not in ("fund", "soe")]
    n_plain = max(opts.rows - len(special), 3)
    if n_plain > len(plain):
        raise ValueError(f"rows={opts.rows} exceeds the catalogue ({len(plain) + len(special)} 项)")
    chosen = sorted(plain[:n_plain] + special, key=lambda w: w[0])
    items = []
    for code, name, kind in chosen:
        source = kind if kind in ("fund", "soe") else "gen"
        items.append(_fill_item(r, Item(code, name, kind, source)))
    return items


def _fill_item(r: _Rng, it: Item) -> Item:
    if it.kind == "admin":
        it.basic = r.amount(150, 700)
    elif it.kind == "social":
        it.basic = r.amount(12, 110)
    elif it.kind == "project":
        it.project = r.amount(4, 160)
    elif it.kind == "mixed":
        it.basic = r.amount(30, 200)
        it.project = r.amount(5, 80)
    elif it.kind == "fund":
        it.project = r.amount(20, 260)
    else:
        it.project = r.amount(8, 60)
    if it.project > 0:
        # Carry-overs only on project money; begin stays below half so income stays positive.
        if r.chance(35):
            it.begin = r.amount(1, min(Decimal(30), it.project / 2))
        if r.chance(35):
            it.end = r.amount(1, 25)
    if it.source == "gen" and it.kind in ("admin", "project", "mixed") and r.chance(30):
        nf = r.amount(3, 60)
        it.nf_biz = nf if r.chance(60) else money(nf * r.factor(300, 700))
        it.nf_other = nf - it.nf_biz
        if it.kind == "admin":
            it.nf_basic = nf
        elif it.kind == "project":
            it.nf_project = nf
        else:
            it.nf_basic = money(nf / 2)
            it.nf_project = nf - it.nf_basic
    if it.source == "gen":
        if it.kind == "project" and r.chance(15):
            it.budget = ZERO
        elif r.chance(15):
            it.budget = it.fiscal_exp
        else:
            it.budget = money(it.fiscal_exp * r.factor(850, 1120))
    return it


# ---------------------------------------------------------------- tables


def _label_columns() -> list[Column]:
    return [
        Column(path=["项目", "功能分类科目编码"], role="code", width=1.3),
        Column(path=["项目", "科目名称"], role="name", width=3.4),
    ]


def _hier_rows(items: list[Item], values) -> list[Row]:
    """合计, then 类/款/项 rows; parents are sums of their children by construction."""

    def cells(code: str, name: str, group: list[Item], kind) -> Row:
        sums = [sum((values(i)[k] for i in group), ZERO) for k in range(len(values(group[0])))]
        return Row(cells=[code, name] + [fmt_cell(v) for v in sums], kind=kind)

    class_names = dict(cat.CLASSES)
    rows = [cells("", "合计", items, "total")]
    for cls in sorted({i.code[:3] for i in items}):
        in_cls = [i for i in items if i.code[:3] == cls]
        rows.append(cells(cls, class_names[cls], in_cls, "class"))
        for kuan in sorted({i.code[:5] for i in in_cls}):
            in_kuan = [i for i in in_cls if i.code[:5] == kuan]
            rows.append(cells(kuan, cat.KUAN[kuan], in_kuan, "kuan"))
            for it in in_kuan:
                rows.append(cells(it.code, it.name, [it], "item"))
    return rows


def _lanci_row(n_label: int, n_amount: int) -> list[str]:
    return ["栏次"] + [""] * (n_label - 1) + [str(k) for k in range(1, n_amount + 1)]


def _table_02(unit: str, items: list[Item]) -> ReportTable:
    names = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    header = [
        ["项目", ""] + names,
        ["功能分类科目编码", "科目名称"] + [""] * len(names),
        _lanci_row(2, len(names)),
    ]
    spans = [Span(row=0, col=0, colspan=2), Span(row=2, col=0, colspan=2)]
    spans += [Span(row=0, col=2 + k, rowspan=2) for k in range(len(names))]
    cols = _label_columns() + [Column(path=[n], role="amount") for n in names]
    rows = _hier_rows(
        items, lambda i: [i.total_income, i.income, ZERO, i.nf_biz, ZERO, ZERO, i.nf_other]
    )
    return ReportTable(
        number="公开02表",
        title="收入决算表",
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=["注：本表列示本单位本年度取得的全部收入，按支出功能分类科目分列。"],
    )


def _table_03(unit: str, items: list[Item]) -> ReportTable:
    names = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    header = [
        ["项目", ""] + names,
        ["功能分类科目编码", "科目名称"] + [""] * len(names),
        _lanci_row(2, len(names)),
    ]
    spans = [Span(row=0, col=0, colspan=2), Span(row=2, col=0, colspan=2)]
    spans += [Span(row=0, col=2 + k, rowspan=2) for k in range(len(names))]
    cols = _label_columns() + [Column(path=[n], role="amount") for n in names]
    rows = _hier_rows(
        items, lambda i: [i.total_exp, i.total_basic, i.total_project, ZERO, ZERO, ZERO]
    )
    return ReportTable(
        number="公开03表",
        title="支出决算表",
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=["注：本表列示本单位本年度各项支出，基本支出与项目支出之和等于本年支出合计。"],
    )


def _three_col_table(number: str, title: str, unit: str, items: list[Item], note: str,
                     empty_note: str) -> ReportTable:
    """公开05表 / 公开09表 layout: 项目 over code+name, 本年支出 over 小计/基本/项目."""
    header = [
        ["项目", "", "本年支出", "", ""],
        ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        _lanci_row(2, 3),
    ]
    spans = [Span(row=0, col=0, colspan=2), Span(row=0, col=2, colspan=3), Span(row=2, col=0, colspan=2)]
    cols = _label_columns() + [
        Column(path=["本年支出", n], role="amount") for n in ("小计", "基本支出", "项目支出")
    ]
    if items:
        rows = _hier_rows(items, lambda i: [i.fiscal_exp, i.basic, i.project])
        notes = [note]
    else:
        rows = [Row(cells=["", "合计", "", "", ""], kind="total")]
        notes = [note, empty_note]
    return ReportTable(
        number=number,
        title=title,
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=notes,
        empty=not items,
    )


def _table_01(unit: str, items: list[Item]) -> ReportTable:
    inc = {
        "一、一般公共预算财政拨款收入": sum((i.income for i in items if i.source == "gen"), ZERO),
        "二、政府性基金预算财政拨款收入": sum((i.income for i in items if i.source == "fund"), ZERO),
        "三、国有资本经营预算财政拨款收入": sum((i.income for i in items if i.source == "soe"), ZERO),
        "四、上级补助收入": ZERO,
        "五、事业收入": sum((i.nf_biz for i in items), ZERO),
        "六、经营收入": ZERO,
        "七、附属单位上缴收入": ZERO,
        "八、其他收入": sum((i.nf_other for i in items), ZERO),
    }
    exp = []
    for k, (code, name) in enumerate(cat.CLASSES, start=1):
        v = sum((i.total_exp for i in items if i.code[:3] == code), ZERO)
        exp.append((f"{cn_ordinal(k)}、{name}", v))
    n = max(len(inc), len(exp))
    left = list(inc.items()) + [("", ZERO)] * (n - len(inc))
    right = exp + [("", ZERO)] * (n - len(exp))
    inc_total = sum(inc.values(), ZERO)
    exp_total = sum((v for _, v in exp), ZERO)
    begin = sum((i.begin for i in items), ZERO)
    end = sum((i.end for i in items), ZERO)
    left += [("本年收入合计", inc_total), ("使用非财政拨款结余", ZERO), ("年初结转和结余", begin),
             ("总计", inc_total + begin)]
    right += [("本年支出合计", exp_total), ("结余分配", ZERO), ("年末结转和结余", end),
              ("总计", exp_total + end)]
    m = len(left)
    rows = []
    for k in range(m):
        (ln, lv), (rn, rv) = left[k], right[k]
        rows.append(Row(cells=[ln, str(k + 1), fmt_cell(lv), rn, str(m + k + 1), fmt_cell(rv)]))
    header = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
    ]
    spans = [Span(row=0, col=0, colspan=3), Span(row=0, col=3, colspan=3)]
    cols = [
        Column(path=["收入", "项目"], role="name", group=0, width=3.2),
        Column(path=["收入", "行次"], role="line", group=0, width=0.6),
        Column(path=["收入", "决算数"], role="amount", group=0, width=1.3),
        Column(path=["支出", "项目"], role="name", group=1, width=3.2),
        Column(path=["支出", "行次"], role="line", group=1, width=0.6),
        Column(path=["支出", "决算数"], role="amount", group=1, width=1.3),
    ]
    return ReportTable(
        number="公开01表",
        title="收入支出决算总表",
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=["注：本表反映本单位本年度全部收入、支出及年末结转和结余的总体情况。"],
    )


def _table_04(unit: str, items: list[Item]) -> ReportTable:
    sources = ("gen", "fund", "soe")

    def by_source(attr, pred=lambda i: True):
        return [sum((getattr(i, attr) for i in items if i.source == s and pred(i)), ZERO) for s in sources]

    income = by_source("income")
    begin = by_source("begin")
    end = by_source("end")
    left = [
        ("一、一般公共预算财政拨款", income[0]),
        ("二、政府性基金预算财政拨款", income[1]),
        ("三、国有资本经营预算财政拨款", income[2]),
    ]
    right = []
    for k, (code, name) in enumerate(cat.CLASSES, start=1):
        per = by_source("fiscal_exp", lambda i, c=code: i.code[:3] == c)
        right.append((f"{cn_ordinal(k)}、{name}", [sum(per, ZERO)] + per))
    n = max(len(left), len(right))
    left += [("", ZERO)] * (n - len(left))
    exp_per = by_source("fiscal_exp")
    right_tail = [
        ("本年支出合计", [sum(exp_per, ZERO)] + exp_per),
        ("年末财政拨款结转和结余", [sum(end, ZERO)] + end),
        ("", [ZERO] * 4),
        ("", [ZERO] * 4),
        ("", [ZERO] * 4),
        ("总计", [sum(exp_per, ZERO) + sum(end, ZERO)] + [a + b for a, b in zip(exp_per, end)]),
    ]
    left_tail = [
        ("本年收入合计", sum(income, ZERO)),
        ("年初财政拨款结转和结余", sum(begin, ZERO)),
        ("一般公共预算财政拨款", begin[0]),
        ("政府性基金预算财政拨款", begin[1]),
        ("国有资本经营预算财政拨款", begin[2]),
        ("总计", sum(income, ZERO) + sum(begin, ZERO)),
    ]
    left += left_tail
    right += right_tail
    m = len(left)
    rows = []
    for k in range(m):
        (ln, lv), (rn, rv) = left[k], right[k]
        rows.append(
            Row(cells=[ln, str(k + 1), fmt_cell(lv), rn, str(m + k + 1)] + [fmt_cell(v) for v in rv])
        )
    header = [
        ["收入", "", "", "支出", "", "", "", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数", "", "", ""],
        ["", "", "", "", "", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"],
    ]
    spans = [
        Span(row=0, col=0, colspan=3),
        Span(row=0, col=3, colspan=6),
        Span(row=1, col=5, colspan=4),
    ] + [Span(row=1, col=c, rowspan=2) for c in range(5)]
    sub = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    cols = [
        Column(path=["收入", "项目"], role="name", group=0, width=2.6),
        Column(path=["收入", "行次"], role="line", group=0, width=0.5),
        Column(path=["收入", "决算数"], role="amount", group=0, width=1.1),
        Column(path=["支出", "项目"], role="name", group=1, width=2.9),
        Column(path=["支出", "行次"], role="line", group=1, width=0.5),
    ] + [Column(path=["支出", "决算数", s], role="amount", group=1, width=1.1) for s in sub]
    return ReportTable(
        number="公开04表",
        title="财政拨款收入支出决算总表",
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=["注：本表反映本单位本年度一般公共预算、政府性基金预算和国有资本经营预算财政拨款的收支及结转结余情况。"],
    )


@dataclass
class Sangong:
    """“三公”经费 budget and actual, plus the counts the narrative states."""

    budget: dict[str, Decimal] = field(default_factory=dict)
    actual: dict[str, Decimal] = field(default_factory=dict)
    cars_held: int = 0
    cars_bought: int = 0
    trips: int = 0
    travellers: int = 0
    receptions: int = 0
    guests: int = 0


def _sangong(r: _Rng, public: Decimal) -> Sangong:
    """Amounts scale with 公用经费 because 公开06表 books car running and reception costs there."""
    s = Sangong()
    abroad = r.amount(3, 12) if r.chance(25) else ZERO
    buy = r.amount(15, 28) if public > 150 and r.chance(30) else ZERO
    run = r.amount(3, max(Decimal(3), min(Decimal(15), money(public * Decimal("0.06")))))
    recv = r.amount("0.5", max(Decimal("0.5"), min(Decimal(5), money(public * Decimal("0.02")))))
    s.budget = {"abroad": abroad, "buy": buy, "run": run, "recv": recv}
    s.actual = {
        "abroad": money(abroad * r.factor(600, 1000)) if abroad else ZERO,
        "buy": buy,
        "run": money(run * r.factor(700, 1000)),
        "recv": money(recv * r.factor(500, 1000)),
    }
    s.cars_bought = 1 if buy else 0
    s.cars_held = r.rng.randint(2, 6) + s.cars_bought
    if s.actual["abroad"]:
        s.trips = 1
        s.travellers = r.rng.randint(2, 4)
    s.receptions = r.rng.randint(6, 40)
    s.guests = s.receptions * r.rng.randint(3, 8)
    return s


def _table_07(unit: str, s: Sangong) -> ReportTable:
    def pair(key):
        return [s.budget[key], s.actual[key]]

    def total(d):
        return d["abroad"] + d["buy"] + d["run"] + d["recv"]

    lines = [
        ("合计", [total(s.budget), total(s.actual)]),
        ("1.因公出国（境）费", pair("abroad")),
        ("2.公务用车购置及运行维护费", [s.budget["buy"] + s.budget["run"], s.actual["buy"] + s.actual["run"]]),
        ("（1）公务用车购置费", pair("buy")),
        ("（2）公务用车运行维护费", pair("run")),
        ("3.公务接待费", pair("recv")),
    ]
    rows = [Row(cells=[name] + [fmt_cell(v) for v in vals], kind="total" if k == 0 else "line")
            for k, (name, vals) in enumerate(lines)]
    return ReportTable(
        number="公开07表",
        title="一般公共预算财政拨款“三公”经费支出决算表",
        unit_name=unit,
        header=[["项目", "预算数", "决算数"], ["栏次", "1", "2"]],
        columns=[
            Column(path=["项目"], role="name", width=3.0),
            Column(path=["预算数"], role="amount", width=1.4),
            Column(path=["决算数"], role="amount", width=1.4),
        ],
        rows=rows,
        notes=["注：“预算数”按年初部门预算填列；“决算数”含使用以前年度财政拨款结转资金安排的支出。"],
    )


def _table_06(unit: str, r: _Rng, personnel: Decimal, public: Decimal, s: Sangong) -> ReportTable:
    fixed = {"30217": s.actual["recv"], "30231": s.actual["run"], "31013": s.actual["buy"]}
    free = public - sum(fixed.values(), ZERO)
    if free <= 0:
        raise ValueError("公用经费 too small for the “三公” amounts")
    # Jitter the catalogue weights so the split does not print tell-tale exact multiples.
    p_items = cat.PERSONNEL + cat.FAMILY
    p_vals = split_cents(personnel, [w * r.rng.randint(80, 120) for _, _, w in p_items])
    g_items = cat.GOODS + cat.CAPITAL
    g_split = split_cents(free, [w * r.rng.randint(80, 120) for _, _, w in g_items])
    g_vals = [fixed.get(code, v) for (code, _, _), v in zip(g_items, g_split)]

    def block(cls, children, vals):
        out = [(cls[0], cls[1], sum(vals, ZERO), "econ_class")]
        out += [(c, n, v, "econ_item") for (c, n, _), v in zip(children, vals)]
        return out

    n301 = len(cat.PERSONNEL)
    n302 = len(cat.GOODS)
    left = block(cat.PERSONNEL_CLASS, cat.PERSONNEL, p_vals[:n301]) + block(
        cat.FAMILY_CLASS, cat.FAMILY, p_vals[n301:]
    )
    right = block(cat.GOODS_CLASS, cat.GOODS, g_vals[:n302]) + block(
        cat.CAPITAL_CLASS, cat.CAPITAL, g_vals[n302:]
    )
    n = max(len(left), len(right))
    blank = ("", "", None, "econ_item")
    left += [blank] * (n - len(left))
    right += [blank] * (n - len(right))
    rows = []
    for (lc, ln, lv, lk), (rc, rn, rv, _) in zip(left, right):
        rows.append(
            Row(
                cells=[lc, ln, fmt_cell(lv) if lv is not None else "", rc, rn,
                       fmt_cell(rv) if rv is not None else ""],
                kind=lk if lc else "econ_item",
            )
        )
    rows.append(Row(cells=["", "人员经费合计", fmt_cell(personnel), "", "公用经费合计", fmt_cell(public)],
                    kind="sum"))
    header = [
        ["人员经费", "", "", "公用经费", "", ""],
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["1", "2", "3", "4", "5", "6"],
    ]
    cols = [
        Column(path=["人员经费", "经济分类科目编码"], role="code", group=0, width=1.1),
        Column(path=["人员经费", "科目名称"], role="name", group=0, width=2.6),
        Column(path=["人员经费", "决算数"], role="amount", group=0, width=1.1),
        Column(path=["公用经费", "经济分类科目编码"], role="code", group=1, width=1.1),
        Column(path=["公用经费", "科目名称"], role="name", group=1, width=2.2),
        Column(path=["公用经费", "决算数"], role="amount", group=1, width=1.1),
    ]
    return ReportTable(
        number="公开06表",
        title="一般公共预算财政拨款基本支出决算表",
        unit_name=unit,
        header=header,
        spans=[Span(row=0, col=0, colspan=3), Span(row=0, col=3, colspan=3)],
        columns=cols,
        rows=rows,
        notes=["注：本表按经济分类反映一般公共预算财政拨款基本支出，人员经费与公用经费合计等于基本支出。"],
    )


def _table_08(unit: str, items: list[Item]) -> ReportTable:
    fund = [i for i in items if i.source == "fund"]
    header = [
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        _lanci_row(2, 6),
    ]
    spans = [
        Span(row=0, col=0, colspan=2),
        Span(row=0, col=2, rowspan=2),
        Span(row=0, col=3, rowspan=2),
        Span(row=0, col=4, colspan=3),
        Span(row=0, col=7, rowspan=2),
        Span(row=2, col=0, colspan=2),
    ]
    cols = _label_columns() + [
        Column(path=["年初结转和结余"], role="amount"),
        Column(path=["本年收入"], role="amount"),
        Column(path=["本年支出", "小计"], role="amount"),
        Column(path=["本年支出", "基本支出"], role="amount"),
        Column(path=["本年支出", "项目支出"], role="amount"),
        Column(path=["年末结转和结余"], role="amount"),
    ]
    note = "注：本表反映本单位本年度政府性基金预算财政拨款的收入、支出及结转和结余情况。"
    if fund:
        rows = _hier_rows(fund, lambda i: [i.begin, i.income, i.fiscal_exp, i.basic, i.project, i.end])
        notes = [note]
    else:
        rows = [Row(cells=["", "合计"] + [""] * 6, kind="total")]
        notes = [note, "本单位无政府性基金预算财政拨款收入支出，故本表无数据。"]
    return ReportTable(
        number="公开08表",
        title="政府性基金预算财政拨款收入支出决算表",
        unit_name=unit,
        header=header,
        spans=spans,
        columns=cols,
        rows=rows,
        notes=notes,
        empty=not fund,
    )


# ---------------------------------------------------------------- narrative


class _Writer:
    """Collects sentences and the claims each one makes."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []

    def sentence(self, text: str, claims: list[tuple]) -> str:
        for kind, subject, value, ref, inputs in claims:
            shown = fmt_amount(value) if kind in ("amount", "change", "share_pct", "change_pct",
                                                   "completion_pct") else str(value)
            if shown not in text:
                raise AssertionError(f"claim {subject}={shown} not printed in: {text}")
            self.claims.append(
                Claim(kind=kind, subject=subject, value=value, sentence=text, ref=ref, inputs=inputs)
            )
        return text


def _amt(subject, value, ref=None):
    return ("amount", subject, money(value), ref, [])


def _change(subject: str, cur: Decimal, prior: Decimal) -> tuple[str, list[tuple]]:
    diff = cur - prior
    if diff == 0:
        return "与上年持平", []
    verb, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
    p = pct(abs(diff), prior)
    text = f"{verb}{fmt_amount(abs(diff))}万元，{trend}{fmt_amount(p)}%"
    return text, [
        ("change", subject, abs(diff), None, [cur, prior]),
        ("change_pct", subject, p, None, [cur, prior]),
    ]


def _share(subject: str, part: Decimal, whole: Decimal) -> tuple[str, list[tuple]]:
    p = pct(part, whole)
    return f"占{fmt_amount(p)}%", [("share_pct", subject, p, None, [part, whole])]


def _prior(r: _Rng, cur: Decimal) -> Decimal:
    # Drawn at cent resolution so the printed change percentages are not round numbers.
    return r.amount(money(cur * Decimal("0.87")), money(cur * Decimal("1.14")))


def _project_names(items: list[Item]) -> list[str]:
    """The unit's named projects, largest 财政拨款 project money first."""
    ranked = sorted((i for i in items if i.project > 0 and i.code in cat.PROJECTS),
                    key=lambda i: (-i.project, i.code))
    return [cat.PROJECTS[i.code] for i in ranked]


def _change_cause(r: _Rng, subject: str, cur: Decimal, prior: Decimal, projects: list[str]) -> str:
    """A concrete cause for subject's change against the previous year ('' when it is flat)."""
    if cur == prior:
        return ""
    pool = cat.CHANGE_CAUSES[subject]["up" if cur > prior else "down"]
    usable = [c for c in pool if ("{q}" not in c or len(projects) > 1) and ("{p}" not in c or projects)]
    return r.choice(usable).format(p=projects[0] if projects else "", q=projects[1] if len(projects) > 1 else "")


def _item_label(it: Item, gen_items: list[Item]) -> str:
    """How a cause names a 项: its name, qualified by its 款 when several 项 share the name."""
    if sum(1 for i in gen_items if i.name == it.name) > 1:
        return cat.KUAN[it.code[:5]] + it.name
    return it.name


def _item_pattern(it: Item) -> str:
    if it.code in cat.PROJECTS:
        return "project"
    if it.kind == "admin":
        return "admin"
    for word, pattern in (("离退休", "retire"), ("抚恤", "death"), ("补贴", "allowance")):
        if word in it.name:
            return pattern
    return "social"


def _item_cause(r: _Rng, it: Item, gen_items: list[Item], used: set[str]) -> str:
    """Why a 项's 决算 differs from its 年初预算; names the 项 or its project, so causes never repeat.

    Templates not yet used in this report are preferred, so neighbouring 项 read differently.
    """
    fmt = {"label": _item_label(it, gen_items), "p": cat.PROJECTS.get(it.code, "")}
    if it.budget == 0:
        pool = cat.ITEM_UNBUDGETED
    else:
        pool = (cat.ITEM_OVER if it.fiscal_exp > it.budget else cat.ITEM_UNDER)[_item_pattern(it)]
    template = r.choice([t for t in pool if t not in used] or pool)
    used.add(template)
    return template.format(**fmt)


def _item_short(it: Item, gen_items: list[Item]) -> str:
    if it.code in cat.PROJECTS:
        return f"{cat.PROJECTS[it.code]}项目"
    return f"{_item_label(it, gen_items)}科目"


def _total_gap_cause(gen_items: list[Item]) -> str:
    """Why the 一般公共预算 total differs from its 年初预算: the 项 that drive the gap."""
    gaps = [(it.fiscal_exp - it.budget, it) for it in gen_items if it.fiscal_exp != it.budget]
    over = [it for g, it in sorted(gaps, key=lambda x: (-x[0], x[1].code)) if g > 0]
    under = [it for g, it in sorted(gaps, key=lambda x: (x[0], x[1].code)) if g < 0]
    net = sum((g for g, _ in gaps), ZERO)
    main, other = (over, under) if net > 0 else (under, over)
    names = "和".join(_item_short(it, gen_items) for it in main[:2])
    if net > 0:
        text = f"决算数大于年初预算数的主要原因是{names}年内追加了任务和资金"
        if other:
            text += f"，超出年初预算的部分大于{_item_short(other[0], gen_items)}等形成的结余"
    else:
        text = f"决算数小于年初预算数的主要原因是{names}执行中形成了结余"
        if other:
            text += f"，结余大于{_item_short(other[0], gen_items)}等超出年初预算的部分"
    return text + "，各项差异的具体原因见以下分项说明。"


def _narrative(r: _Rng, year: int, items: list[Item], t: dict[str, ReportTable], s: Sangong,
               w: _Writer, prior: dict[str, Decimal], unit: str) -> list[Section]:
    secs: list[Section] = []
    y0 = year - 1
    t01, t04, t05, t06 = t["公开01表"], t["公开04表"], t["公开05表"], t["公开06表"]
    projects = _project_names(items)

    current: dict[str, Decimal] = {}

    def draw_prior(subject: str, cur: Decimal) -> Decimal:
        # Two subjects with the same figure this year (财拨总计 = 财政拨款收入 when nothing was carried
        # over) are the same quantity: they get the same previous-year figure, so the changes agree.
        same = next((k for k, v in current.items() if v == cur), None)
        current[subject] = cur
        return prior[same] if same is not None else _prior(r, cur)

    def because(subject: str, cur: Decimal, lead: str = "，主要原因是") -> str:
        cause = _change_cause(r, subject, cur, prior[subject], projects)
        return f"{lead}{cause}" if cause else ""

    # 一、总体
    total = t01.value("总计", "收入/决算数")
    prior["收入支出总计"] = draw_prior("收入支出总计", total)
    ch, cl = _change("收入支出总计", total, prior["收入支出总计"])
    p = w.sentence(f"{year}年度收入、支出总计均为{fmt_amount(total)}万元。",
                   [_amt("收入支出总计", total, ("公开01表", "总计", "收入/决算数"))])
    p += w.sentence(f"与{y0}年度相比，收入、支出总计各{ch}。", cl)
    cause = because("收入支出总计", total, "变动的主要原因是")
    p += f"{cause}。" if cause else ""
    secs.append(Section(heading="一、收入支出决算总体情况说明", paragraphs=[p]))

    # 二、收入
    inc_total = t01.value("本年收入合计", "收入/决算数")
    fiscal = sum((i.income for i in items), ZERO)
    kinds = [
        ("财政拨款收入", fiscal, ("公开02表", "合计", "财政拨款收入")),
        ("事业收入", t01.value("五、事业收入", "收入/决算数"), ("公开01表", "五、事业收入", "收入/决算数")),
        ("其他收入", t01.value("八、其他收入", "收入/决算数"), ("公开01表", "八、其他收入", "收入/决算数")),
    ]
    parts = []
    claims = [_amt("本年收入合计", inc_total, ("公开01表", "本年收入合计", "收入/决算数"))]
    for name, v, ref in kinds:
        if v == 0:
            continue
        sh, scl = _share(name, v, inc_total)
        parts.append(f"{name}{fmt_amount(v)}万元，{sh}")
        claims += [_amt(name, v, ref)] + scl
    p1 = w.sentence(f"{year}年度本年收入合计{fmt_amount(inc_total)}万元，其中：" + "；".join(parts) + "。", claims)
    detail = []
    for name, v, ref in kinds:
        if v == 0:
            continue
        prior[name] = draw_prior(name, v)
        ch, cl = _change(name, v, prior[name])
        detail.append(w.sentence(f"{name}{fmt_amount(v)}万元，与{y0}年度相比{ch}{because(name, v)}。",
                                 [_amt(name, v, ref)] + cl))
    secs.append(Section(heading="二、收入决算情况说明", paragraphs=[p1, "".join(detail)]))

    # 三、支出
    t03 = t["公开03表"]
    exp_total = t03.value("合计", "本年支出合计")
    basic = t03.value("合计", "基本支出")
    proj = t03.value("合计", "项目支出")
    sb, cb = _share("基本支出", basic, exp_total)
    sp, cp = _share("项目支出", proj, exp_total)
    p1 = w.sentence(
        f"{year}年度本年支出合计{fmt_amount(exp_total)}万元，其中：基本支出{fmt_amount(basic)}万元，{sb}；"
        f"项目支出{fmt_amount(proj)}万元，{sp}。",
        [_amt("本年支出合计", exp_total, ("公开03表", "合计", "本年支出合计")),
         _amt("基本支出", basic, ("公开03表", "合计", "基本支出")),
         _amt("项目支出", proj, ("公开03表", "合计", "项目支出"))] + cb + cp,
    )
    detail = []
    for name, v in (("基本支出", basic), ("项目支出", proj)):
        prior[name] = draw_prior(name, v)
        ch, cl = _change(name, v, prior[name])
        use = ("用于保障人员工资福利和机构日常运转" if name == "基本支出"
               else "用于档案接收征集、数字化加工和开放利用等业务工作")
        detail.append(w.sentence(f"{name}{fmt_amount(v)}万元，与{y0}年度相比{ch}{because(name, v)}。",
                                 [_amt(name, v, ("公开03表", "合计", name))] + cl))
        detail.append(f"{name}{use}。")
    secs.append(Section(heading="三、支出决算情况说明", paragraphs=[p1, "".join(detail)]))

    # 四、财政拨款总体
    f_total = t04.value("总计", "收入/决算数")
    prior["财政拨款收入支出总计"] = draw_prior("财政拨款收入支出总计", f_total)
    ch, cl = _change("财政拨款收入支出总计", f_total, prior["财政拨款收入支出总计"])
    p = w.sentence(
        f"{year}年度财政拨款收入、支出总计均为{fmt_amount(f_total)}万元。与{y0}年度相比，财政拨款收入、支出总计各{ch}。",
        [_amt("财政拨款收入支出总计", f_total, ("公开04表", "总计", "收入/决算数"))] + cl,
    )
    cause = because("财政拨款收入支出总计", f_total, "主要原因是")
    p += f"{cause}。" if cause else ""
    secs.append(Section(heading="四、财政拨款收入支出决算总体情况说明", paragraphs=[p]))

    # 五、一般公共预算财政拨款支出
    gen = t05.value("合计", "本年支出/小计")
    prior["一般公共预算财政拨款支出"] = draw_prior("一般公共预算财政拨款支出", gen)
    sh, scl = _share("一般公共预算财政拨款支出占本年支出合计", gen, exp_total)
    ch, cl = _change("一般公共预算财政拨款支出", gen, prior["一般公共预算财政拨款支出"])
    p = w.sentence(
        f"{year}年度一般公共预算财政拨款支出{fmt_amount(gen)}万元，{sh.replace('占', '占本年支出合计的')}。",
        [_amt("一般公共预算财政拨款支出", gen, ("公开05表", "合计", "本年支出/小计"))] + scl,
    )
    p += w.sentence(f"与{y0}年度相比，一般公共预算财政拨款支出{ch}{because('一般公共预算财政拨款支出', gen)}。", cl)
    secs.append(Section(heading="五、一般公共预算财政拨款支出决算情况说明", paragraphs=[]))
    secs.append(Section(heading="（一）一般公共预算财政拨款支出决算总体情况", level=3, paragraphs=[p]))

    parts, claims = [], []
    for row in t05.rows:
        if row.kind != "class":
            continue
        v = t05.value(row.cells[0], "本年支出/小计")
        label = row.cells[1].removesuffix("支出")
        sh, scl = _share(f"{label}（类）支出", v, gen)
        parts.append(f"{label}（类）支出{fmt_amount(v)}万元，{sh}")
        claims += [_amt(f"{label}（类）支出", v, ("公开05表", row.cells[0], "本年支出/小计"))] + scl
    p = w.sentence(f"{year}年度一般公共预算财政拨款支出主要用于以下方面：" + "；".join(parts) + "。", claims)
    secs.append(Section(heading="（二）一般公共预算财政拨款支出决算结构情况", level=3, paragraphs=[p]))

    gen_items = [i for i in items if i.source == "gen"]
    budget = sum((i.budget for i in gen_items), ZERO)
    done = pct(gen, budget)
    head = w.sentence(
        f"{year}年度一般公共预算财政拨款支出年初预算为{fmt_amount(budget)}万元，支出决算为{fmt_amount(gen)}万元，"
        f"完成年初预算的{fmt_amount(done)}%。",
        [_amt("一般公共预算财政拨款支出年初预算", budget),
         _amt("一般公共预算财政拨款支出", gen, ("公开05表", "合计", "本年支出/小计")),
         ("completion_pct", "一般公共预算财政拨款支出", done, None, [gen, budget])],
    )
    if gen != budget:
        head += _total_gap_cause(gen_items)
    paras = [head + "其中："]
    used: set[str] = set()
    class_names = dict(cat.CLASSES)
    for k, it in enumerate(gen_items, start=1):
        path = f"{class_names[it.code[:3]]}（类）{cat.KUAN[it.code[:5]]}（款）{it.name}（项）"
        act = it.fiscal_exp
        ref = ("公开05表", it.code, "本年支出/小计")
        if it.budget == 0:
            text = w.sentence(
                f"{k}.{path}。年初预算为0.00万元，支出决算为{fmt_amount(act)}万元，年初未安排预算，"
                f"主要原因是{_item_cause(r, it, gen_items, used)}。",
                [_amt(path, act, ref)],
            )
        else:
            done = pct(act, it.budget)
            text = f"{k}.{path}。年初预算为{fmt_amount(it.budget)}万元，支出决算为{fmt_amount(act)}万元，完成年初预算的{fmt_amount(done)}%。"
            if act > it.budget:
                text += f"决算数大于年初预算数的主要原因是{_item_cause(r, it, gen_items, used)}。"
            elif act < it.budget:
                text += f"决算数小于年初预算数的主要原因是{_item_cause(r, it, gen_items, used)}。"
            text = w.sentence(text, [_amt(f"{path}年初预算", it.budget), _amt(path, act, ref),
                                     ("completion_pct", path, done, None, [act, it.budget])])
        paras.append(text)
    secs.append(Section(heading="（三）一般公共预算财政拨款支出决算具体情况", level=3, paragraphs=paras))

    # 六、基本支出
    gb = t05.value("合计", "本年支出/基本支出")
    pers = t06.value("人员经费合计", "人员经费/决算数")
    pub = t06.value("公用经费合计", "公用经费/决算数")
    p = w.sentence(f"{year}年度一般公共预算财政拨款基本支出{fmt_amount(gb)}万元。",
                   [_amt("一般公共预算财政拨款基本支出", gb, ("公开05表", "合计", "本年支出/基本支出"))])
    p2 = w.sentence(
        f"其中：人员经费{fmt_amount(pers)}万元，主要包括基本工资、津贴补贴、奖金、绩效工资、社会保障缴费、住房公积金、"
        f"退休费和医疗费补助等；公用经费{fmt_amount(pub)}万元，主要包括办公费、水电费、物业管理费、维修（护）费、"
        f"劳务费、公务用车运行维护费和办公设备购置等。",
        [_amt("人员经费", pers, ("公开06表", "人员经费合计", "人员经费/决算数")),
         _amt("公用经费", pub, ("公开06表", "公用经费合计", "公用经费/决算数"))],
    )
    secs.append(Section(heading="六、一般公共预算财政拨款基本支出决算情况说明", paragraphs=[p + p2]))

    # 七、三公
    t07 = t["公开07表"]
    b_all = t07.value("合计", "预算数")
    a_all = t07.value("合计", "决算数")
    done = pct(a_all, b_all)
    p = w.sentence(
        f"{year}年度“三公”经费年初预算为{fmt_amount(b_all)}万元，支出决算为{fmt_amount(a_all)}万元，"
        f"完成年初预算的{fmt_amount(done)}%。",
        [_amt("“三公”经费年初预算", b_all, ("公开07表", "合计", "预算数")),
         _amt("“三公”经费支出决算", a_all, ("公开07表", "合计", "决算数")),
         ("completion_pct", "“三公”经费", done, None, [a_all, b_all])],
    )
    if a_all < b_all:
        under = [cat.SANGONG_UNDER[k] for k in ("abroad", "run", "recv") if s.actual[k] < s.budget[k]]
        p += f"决算数小于年初预算数，主要是{'；'.join(under)}。"
    paras = [p]
    ab = s.actual["abroad"]
    if ab:
        paras.append(w.sentence(
            f"1.因公出国（境）费支出决算为{fmt_amount(ab)}万元，全年组织因公出国（境）团组{s.trips}个，累计{s.travellers}人次。",
            [_amt("因公出国（境）费", ab, ("公开07表", "1.因公出国（境）费", "决算数")),
             ("count", "因公出国（境）团组", Decimal(s.trips), None, []),
             ("count", "因公出国（境）人次", Decimal(s.travellers), None, [])],
        ))
    else:
        paras.append("1.因公出国（境）费支出决算为0.00万元，本年度未安排因公出国（境）团组。")
    car = s.actual["buy"] + s.actual["run"]
    text = f"2.公务用车购置及运行维护费支出决算为{fmt_amount(car)}万元。其中：公务用车购置费{fmt_amount(s.actual['buy'])}万元，"
    text += (f"购置公务用车{s.cars_bought}辆；" if s.cars_bought else "本年度未购置公务用车；")
    text += (f"公务用车运行维护费{fmt_amount(s.actual['run'])}万元，主要用于车辆燃料、维修、保险和过路过桥等支出。"
             f"截至{year}年12月31日，本单位公务用车保有量为{s.cars_held}辆。")
    cc = [_amt("公务用车购置及运行维护费", car, ("公开07表", "2.公务用车购置及运行维护费", "决算数")),
          _amt("公务用车运行维护费", s.actual["run"], ("公开07表", "（2）公务用车运行维护费", "决算数")),
          ("count", "公务用车保有量", Decimal(s.cars_held), None, [])]
    if s.cars_bought:
        cc += [("count", "购置公务用车", Decimal(s.cars_bought), None, [])]
    paras.append(w.sentence(text, cc))
    rv = s.actual["recv"]
    paras.append(w.sentence(
        f"3.公务接待费支出决算为{fmt_amount(rv)}万元，全年共接待国内来访{s.receptions}批次，{s.guests}人次，"
        f"未发生外事接待。",
        [_amt("公务接待费", rv, ("公开07表", "3.公务接待费", "决算数")),
         ("count", "接待批次", Decimal(s.receptions), None, []),
         ("count", "接待人次", Decimal(s.guests), None, [])],
    ))
    secs.append(Section(heading="七、一般公共预算财政拨款“三公”经费支出决算情况说明", paragraphs=paras))

    # 八、九
    t08 = t["公开08表"]
    if t08.empty:
        secs.append(Section(heading="八、政府性基金预算财政拨款收入支出决算情况说明",
                            paragraphs=["本单位本年度无政府性基金预算财政拨款收入和支出。"]))
    else:
        vals = {c: t08.value("合计", c) for c in ("年初结转和结余", "本年收入", "本年支出/小计", "年末结转和结余")}
        p = w.sentence(
            f"{year}年度政府性基金预算财政拨款年初结转和结余{fmt_amount(vals['年初结转和结余'])}万元，"
            f"本年收入{fmt_amount(vals['本年收入'])}万元，本年支出{fmt_amount(vals['本年支出/小计'])}万元，"
            f"年末结转和结余{fmt_amount(vals['年末结转和结余'])}万元。",
            [_amt(f"政府性基金{c}", v, ("公开08表", "合计", c)) for c, v in vals.items()],
        )
        secs.append(Section(heading="八、政府性基金预算财政拨款收入支出决算情况说明", paragraphs=[p]))
    t09 = t["公开09表"]
    if t09.empty:
        secs.append(Section(heading="九、国有资本经营预算财政拨款支出决算情况说明",
                            paragraphs=["本单位本年度无国有资本经营预算财政拨款支出。"]))
    else:
        v = t09.value("合计", "本年支出/小计")
        secs.append(Section(heading="九、国有资本经营预算财政拨款支出决算情况说明", paragraphs=[w.sentence(
            f"{year}年度国有资本经营预算财政拨款支出{fmt_amount(v)}万元，全部为项目支出。",
            [_amt("国有资本经营预算财政拨款支出", v, ("公开09表", "合计", "本年支出/小计"))])]))

    # 十、其他重要事项
    prior["机关运行经费"] = draw_prior("机关运行经费", pub)
    ch, cl = _change("机关运行经费", pub, prior["机关运行经费"])
    run_p = w.sentence(
        f"{year}年度本单位机关运行经费支出{fmt_amount(pub)}万元，与{y0}年度相比{ch}{because('机关运行经费', pub)}。",
        [_amt("机关运行经费", pub, ("公开06表", "公用经费合计", "公用经费/决算数"))] + cl,
    )
    goods, works, service = r.amount(5, 60), (r.amount(20, 120) if r.chance(40) else ZERO), r.amount(10, 90)
    proc = goods + works + service
    sme = r.amount(money(proc * Decimal("0.6")), money(proc * Decimal("0.95")))
    sh, scl = _share("授予中小企业合同金额", sme, proc)
    proc_p = w.sentence(
        f"{year}年度政府采购支出总额{fmt_amount(proc)}万元，其中：政府采购货物支出{fmt_amount(goods)}万元，"
        f"政府采购工程支出{fmt_amount(works)}万元，政府采购服务支出{fmt_amount(service)}万元。"
        f"授予中小企业合同金额{fmt_amount(sme)}万元，{sh.replace('占', '占政府采购支出总额的')}。",
        [_amt("政府采购支出总额", proc), _amt("政府采购货物支出", goods), _amt("政府采购工程支出", works),
         _amt("政府采购服务支出", service), _amt("授予中小企业合同金额", sme)] + scl,
    )
    general_eq, special_eq = r.rng.randint(0, 1), r.rng.randint(0, 3)
    asset_p = w.sentence(
        f"截至{year}年12月31日，本单位共有车辆{s.cars_held}辆，均为机要通信和应急保障用车；"
        f"单价50万元以上通用设备{general_eq}台（套）；单价100万元以上专用设备{special_eq}台（套）"
        + ("，主要为档案数字化扫描和恒温恒湿设备。" if special_eq else "。"),
        [("count", "车辆", Decimal(s.cars_held), None, []),
         ("count", "单价50万元以上通用设备", Decimal(general_eq), None, []),
         ("count", "单价100万元以上专用设备", Decimal(special_eq), None, [])],
    )
    secs.append(Section(heading="十、其他重要事项情况说明", paragraphs=[]))
    secs.append(Section(heading="（一）机关运行经费支出情况", level=3, paragraphs=[run_p]))
    secs.append(Section(heading="（二）政府采购支出情况", level=3, paragraphs=[proc_p]))
    secs.append(Section(heading="（三）国有资产占用情况", level=3, paragraphs=[asset_p]))
    secs.append(Section(heading="十一、预算绩效情况说明", paragraphs=_performance(r, year, items, w)))
    return secs


def _performance(r: _Rng, year: int, items: list[Item], w: _Writer) -> list[str]:
    """Scope (项目数, 金额, 覆盖率) and results (等级) of the 绩效自评.

    Every 财政拨款 project is evaluated: the 一般公共预算 ones when there are any, else those of the
    政府性基金 / 国有资本经营 budgets; a unit without project money evaluates its 部门整体支出.
    """
    gen = [i for i in items if i.source == "gen" and i.project > 0]
    other = [i for i in items if i.source != "gen" and i.project > 0]
    evaluated = gen or other
    if not evaluated:
        basic = sum((i.basic for i in items if i.source == "gen"), ZERO)
        sh, scl = _share("部门整体支出绩效自评资金", basic, basic)
        return [w.sentence(
            f"本单位本年度未安排项目支出，对{year}年度部门整体支出开展了绩效自评，评价对象为部门整体支出1项，"
            f"涉及一般公共预算财政拨款基本支出{fmt_amount(basic)}万元，{sh.replace('占', '占基本支出的')}。"
            f"自评等级为“优”，单位职责履行、档案安全保管和开放利用等目标均已完成。",
            [("count", "部门整体支出绩效自评", Decimal(1), None, []),
             _amt("部门整体支出绩效自评资金", basic)] + scl,
        )]
    if gen:
        budget = "一般公共预算财政拨款"
    else:
        budget = "和".join(dict.fromkeys(
            {"fund": "政府性基金预算", "soe": "国有资本经营预算"}[i.source] for i in other)) + "财政拨款"
    n = len(evaluated)
    money_ = sum((i.project for i in evaluated), ZERO)
    sh, scl = _share("绩效自评项目资金", money_, money_)
    scope = w.sentence(
        f"本单位对{year}年度{budget}安排的全部{n}个项目开展了绩效自评，涉及{budget}项目支出"
        f"{fmt_amount(money_)}万元，{sh.replace('占', f'占{budget}项目支出的')}，实现了项目支出绩效自评全覆盖。",
        [("count", "绩效自评项目", Decimal(n), None, []),
         _amt("绩效自评项目资金", money_)] + scl,
    )
    good = r.rng.randint(0, min(2, (n - 1) // 2 + 1)) if n > 1 else 0
    best = n - good
    weakest = min(evaluated, key=lambda i: (i.fiscal_exp - i.budget if i.budget else ZERO, i.code))
    if good:
        grades = w.sentence(
            f"从自评结果看，自评等级为“优”的项目{best}个，为“良”的项目{good}个，各项目基本完成了年初设定的数量、质量和时效指标。",
            [("count", "自评等级为优的项目", Decimal(best), None, []),
             ("count", "自评等级为良的项目", Decimal(good), None, [])],
        )
    elif n > 1:
        grades = w.sentence(
            f"从自评结果看，{n}个项目的自评等级均为“优”，各项目完成了年初设定的数量、质量和时效指标。",
            [("count", "自评等级为优的项目", Decimal(n), None, [])],
        )
    else:
        grades = "从自评结果看，该项目自评等级为“优”，完成了年初设定的数量、质量和时效指标。"
    follow = (f"自评发现{cat.PROJECTS.get(weakest.code, weakest.name)}项目的效益指标量化不足，"
              f"已在下一年度预算编制中补充可衡量的社会效益指标，并将自评结果作为调整项目预算的重要依据。")
    return [scope + grades + follow]


def _overview(r: _Rng, unit: str, year: int) -> list[Section]:
    duties = [f"{unit}是负责本行政区域档案集中保管和开放利用的公益一类事业单位，主要职责是："]
    duties += [f"（{cn_ordinal(k)}）{d}" for k, d in enumerate(cat.DUTIES, start=1)]
    staff = r.rng.randint(18, 46)
    actual = staff - r.rng.randint(0, 4)
    retired = r.rng.randint(5, 20)
    org = (
        f"本单位内设{'、'.join(cat.DEPARTMENTS)}{cn_ordinal(len(cat.DEPARTMENTS))}个科室，无下属单位。"
        f"截至{year}年底，核定事业编制{staff}名，实有在职人员{actual}名，离退休人员{retired}名。"
    )
    return [
        Section(heading="一、单位职责", paragraphs=duties),
        Section(heading="二、机构设置", paragraphs=[org]),
    ]


def build_report(seed: int = 0, **options) -> Report:
    """Build the report for seed; options are the fields of BuildOptions."""
    opts = BuildOptions(**options)
    r = _Rng(random.Random(seed))
    unit = opts.unit_name or r.choice(cat.UNIT_NAMES)
    items = _pick_items(r, opts)
    gen_items = [i for i in items if i.source == "gen"]
    soe_items = [i for i in items if i.source == "soe"]
    basic_total = sum((i.basic for i in gen_items), ZERO)
    personnel = money(basic_total * r.factor(780, 880))
    public = basic_total - personnel
    s = _sangong(r, public)
    tables = [
        _table_01(unit, items),
        _table_02(unit, items),
        _table_03(unit, items),
        _table_04(unit, items),
        _three_col_table("公开05表", "一般公共预算财政拨款支出决算表", unit, gen_items,
                         "注：本表反映本单位本年度一般公共预算财政拨款实际支出情况。", ""),
        _table_06(unit, r, personnel, public, s),
        _table_07(unit, s),
        _table_08(unit, items),
        _three_col_table("公开09表", "国有资本经营预算财政拨款支出决算表", unit, soe_items,
                         "注：本表反映本单位本年度国有资本经营预算财政拨款支出情况。",
                         "本单位无国有资本经营预算财政拨款支出，故本表无数据。"),
    ]
    tables = [
        t.model_copy(
            update={
                "ruled": t.number not in opts.borderless,
                "landscape": t.number in opts.landscape,
                "repeat_header": opts.repeat_headers,
            }
        )
        for t in tables
    ]
    by_number = {t.number: t for t in tables}
    w = _Writer()
    prior: dict[str, Decimal] = {}
    narrative = _narrative(r, opts.year, items, by_number, s, w, prior, unit)
    return Report(
        unit_name=unit,
        year=opts.year,
        options=opts,
        overview=_overview(r, unit, opts.year),
        tables=tables,
        narrative=narrative,
        glossary=[f"{k}.{term}：{text}" for k, (term, text) in enumerate(cat.GLOSSARY, start=1)],
        claims=w.claims,
        prior=prior,
    )
