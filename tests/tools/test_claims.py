"""Narrative claims: the 情况说明 read into typed, located claims and linked to the 公开表 cells."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.factory import (
    RENDERERS,
    Report,
    build_report,
)
from tools.accounts.claims import extract_narrative, link_claims
from tools.accounts.model import Claim, FinalAccounts, Statement, label_key
from tools.document import Document, Heading, Page, Paragraph, TextLine
from tools.ingest import ingest

REPORTS = {
    "seed3_soe": {"seed": 3, "soe": True},
    "seed7_long": {"seed": 7, "rows": 40, "gov_fund": False},
}

# ---------------------------------------------------------------- factory tables as Statements

_T05 = {
    "本年支出/小计": "合计",
    "本年支出/基本支出": "基本支出",
    "本年支出/项目支出": "项目支出",
}
_T07_ITEMS = (
    ("购置及运行维护费", "公务用车购置及运行维护费/小计"),
    ("购置费", "公务用车购置及运行维护费/公务用车购置费"),
    ("运行维护费", "公务用车购置及运行维护费/公务用车运行维护费"),
    ("出国", "因公出国（境）费"),
    ("接待", "公务接待费"),
    ("合计", "合计"),
)


def canon(table: str, row: str, column: str) -> tuple[str, str, str, str | None]:
    """A factory cell (公开NN表, row label, column label) as (TNN, line key, column key, side)."""
    key = "T" + re.search(r"\d+", table).group()
    side = column.split("/")[0]
    if key == "T01":
        return key, label_key(row), column, side
    if key == "T04":
        return key, label_key(row), column.replace("/决算数/", "/"), side
    if key == "T05" or (key == "T09" and column in _T05):
        return key, row, _T05.get(column, column), None
    if key == "T06":
        return key, row, "决算数", side
    if key == "T07":
        item = next(v for k, v in _T07_ITEMS if k in row)
        return key, "合计", f"{column}/{item}", None
    if key == "T08":
        return key, row, column.replace("本年支出/小计", "本年支出/合计"), None
    return key, row, column, None


def statements(report: Report) -> dict[str, Statement]:
    specs: dict[str, dict] = {}
    for t in report.tables:
        key = "T" + re.search(r"\d+", t.number).group()
        spec = specs.setdefault(key, {"columns": [], "lines": {}})
        for row in t.rows:
            for i, col in enumerate(t.columns):
                label = t.row_label(row, col.group)
                if col.role != "amount" or not label:
                    continue
                _, line, column, side = canon(t.number, label, col.label)
                names = [
                    row.cells[j]
                    for j, c in enumerate(t.columns)
                    if c.role == "name" and c.group == col.group
                ]
                code = label if label.isdigit() else None
                entry = spec["lines"].setdefault(
                    (line, side),
                    {"key": line, "side": side, "code": code, "values": {}},
                )
                entry["name"] = names[0] if names else line
                if column not in spec["columns"]:
                    spec["columns"].append(column)
                if row.cells[i].strip():
                    entry["values"][column] = row.cells[i].strip()
    data = {
        k: {"columns": v["columns"], "lines": list(v["lines"].values())}
        for k, v in specs.items()
    }
    return FinalAccounts.model_validate({"statements": data}).statements


# ---------------------------------------------------------------- factory reports, every format

# Factory claim kind → the Claim fields that may carry its value.
_FIELDS = {
    "amount": ("amount", "final"),
    "change": ("change",),
    "change_pct": ("change_pct",),
    "share_pct": ("share",),
    "completion_pct": ("completion",),
    "count": ("count",),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def _report(name: str) -> Report:
    return build_report(**REPORTS[name])


@cache
def _narrative(name: str, fmt: str, tmp: str) -> tuple[list[Claim], list]:
    report = _report(name)
    doc = ingest(RENDERERS[fmt](report, Path(tmp) / f"{name}.{fmt}"))
    claims, sections, _ = extract_narrative(doc)
    return link_claims(claims, statements(report)), sections


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("claims"))


def _matches(claims: list[Claim], fc) -> list[Claim]:
    """Claims in the factory claim's sentence that carry its value in the field its kind uses."""
    fields = _FIELDS[fc.kind]
    if fc.kind == "amount" and fc.subject.endswith("年初预算"):
        fields = ("budget",)
    out = []
    for c in claims:
        same = _flat(c.sentence) in _flat(fc.sentence) or _flat(fc.sentence) in _flat(
            c.sentence
        )
        if same and any(
            getattr(c, f) is not None and getattr(c, f).value == fc.value
            for f in fields
        ):
            out.append(c)
    return out


@pytest.mark.parametrize("fmt", list(RENDERERS))
@pytest.mark.parametrize("name", list(REPORTS))
def test_every_factory_claim_found(name: str, fmt: str, tmp: str) -> None:
    claims, _ = _narrative(name, fmt, tmp)
    missing = [
        (fc.kind, fc.subject, str(fc.value))
        for fc in _report(name).claims
        if not _matches(claims, fc)
    ]
    assert not missing


@pytest.mark.parametrize("fmt", list(RENDERERS))
@pytest.mark.parametrize("name", list(REPORTS))
def test_factory_refs_link_to_the_same_cell(name: str, fmt: str, tmp: str) -> None:
    claims, _ = _narrative(name, fmt, tmp)
    accounts = FinalAccounts(statements=statements(_report(name)))
    wrong = []
    for fc in _report(name).claims:
        # 机关运行经费 is deliberately unlinked: it equals 公用经费合计 only for pure 行政单位.
        if fc.ref is None or fc.subject == "机关运行经费":
            continue
        table, line, column, _ = canon(*fc.ref)
        got = []
        for c in _matches(claims, fc):
            if c.ref is None:
                continue
            col = (
                c.ref.column.replace("决算数/", "预算数/")
                if fc.subject.endswith("年初预算")
                else c.ref.column
            )
            hit = accounts.lookup(c.ref.model_copy(update={"column": col}))
            got.append((c.ref.table, c.ref.line, col, hit is not None))
        if (table, line, column, True) not in got:
            wrong.append((fc.subject, (table, line, column), got))
    assert not wrong


@pytest.mark.parametrize("name", list(REPORTS))
def test_factory_shares_resolve_their_whole(name: str, tmp: str) -> None:
    claims, _ = _narrative(name, "txt", tmp)
    accounts = FinalAccounts(statements=statements(_report(name)))
    shares = [fc for fc in _report(name).claims if fc.kind == "share_pct"]
    resolved = 0
    for fc in shares:
        for c in _matches(claims, fc):
            if c.share_of is not None:
                _, _, amount = accounts.lookup(c.share_of)
                assert amount.value == fc.inputs[1], (fc.subject, c.share_of)
                resolved += 1
    # Every share but the 政府采购 one (a whole that no table prints) is resolved.
    assert resolved == len(shares) - 1


def test_factory_fields_and_sections(tmp: str) -> None:
    claims, sections = _narrative("seed3_soe", "pdf", tmp)
    by = {c.subject: c for c in claims}
    total = next(
        c
        for c in claims
        if c.kind == "change"
        and "收入、支出总计" in c.subject
        and "财政" not in c.subject
    )
    assert (
        total.compared_with == "prior_year"
        and total.direction in ("increase", "decrease")
        and total.reason
    )
    head = next(
        c
        for c in claims
        if c.kind == "budget_final" and c.subject == "一般公共预算财政拨款支出"
    )
    assert (
        head.budget_kind == "年初预算"
        and head.completion_basis == "年初预算"
        and head.ref.line == "合计"
    )
    assert (
        by["人员经费"].scope == "general"
        and by["财政拨款收入、支出总计"].scope == "fiscal"
    )
    assert all(c.page is not None and c.bbox is not None for c in claims)
    headings = [s.heading for s in sections]
    for words in ("机关运行经费", "政府采购", "国有资产", "绩效", "三公"):
        assert any(words in h for h in headings), words
    assert all(c.section and c.chapter for c in claims)


def test_example_report() -> None:
    doc = ingest(
        Path(__file__).resolve().parents[2] / "examples" / "example-final-accounts.txt"
    )
    claims, sections, texts = extract_narrative(doc)
    assert len(claims) > 40
    assert any(c.kind == "budget_final" and c.completion is not None for c in claims)
    assert any("其他重要事项" in s.heading for s in sections)
    assert len(texts) > len(claims)


# ---------------------------------------------------------------- real documents

_CORPUS = "shanghai-putuo-{}-2024-bumen-juesuan.pdf"


@cache
def _real(path: str) -> tuple[list[Claim], list, list]:
    return extract_narrative(ingest(path))


def _one(claims: list[Claim], **want) -> Claim:
    hits = [c for c in claims if all(_field(c, k) == v for k, v in want.items())]
    assert len(hits) >= 1, want
    return hits[0]


def _field(c: Claim, name: str):
    value = getattr(c, name)
    return (
        value.value if hasattr(value, "value") and not isinstance(value, str) else value
    )


def test_seed_002() -> None:
    claims, sections, texts = _real(
        str(shared_path("seeds", "002_e3267e760b1282a2.txt"))
    )
    income = _one(claims, subject="财政拨款收入", change=Decimal("507.9"))
    assert (income.change_pct.value, income.direction, income.compared_with) == (
        Decimal("16.8"),
        "increase",
        "prior_year",
    )
    assert income.amount.value == Decimal("3530.34") and income.reason
    security = _one(claims, kind="share", amount=Decimal(3))
    assert "公共安全" in security.subject and security.amount.decimals == 0
    running = _one(claims, change=Decimal("379.24"))
    assert running.compared_with == "budget" and running.change_pct.value == Decimal(
        "1080.46"
    )
    # '2020.4月' in a reason is a date, never an amount or a claim of its own.
    assert not any(
        c.amount and c.amount.value in (Decimal("2020.4"), Decimal(2020))
        for c in claims
    )
    item = _one(claims, final=Decimal("102.52"))
    assert (
        item.kind == "budget_final"
        and item.budget.value == 0
        and "2020.4" in item.reason
    )
    assert "行政运行(项)" in item.subject and item.sentence.startswith("1、")
    # From the 三公 paragraphs on, the report switches to half-width punctuation.
    recv = _one(claims, kind="budget_final", final=Decimal("0.11"))
    assert (recv.budget.value, recv.change.value, recv.completion.value) == (
        Decimal("0.9"),
        Decimal("0.79"),
        Decimal("12.22"),
    )
    assert recv.compared_with == "budget" and recv.reason
    assert _one(claims, count=Decimal(28), count_unit="辆")
    assert sum(1 for c in claims if c.kind != "count") > 50
    assert any("机关运行经费" in s.heading for s in sections) and len(texts) > 300


def test_caizhengju() -> None:
    claims, _, _ = _real(str(shared_path("corpus", _CORPUS.format("caizhengju"))))
    cls = _one(claims, amount=Decimal("2106.66"))
    assert (
        cls.kind == "share"
        and cls.share.value == Decimal("71.73")
        and cls.subject == "一般公共服务支出(类)"
    )
    assert (
        cls.page == 21
        and cls.section.startswith("（二）")
        and cls.chapter.startswith("五、")
    )
    # '主要原因：' ends the paragraph; the cause is the next paragraph.
    flat = _one(claims, subject="财政拨款收入支出总计", direction="flat")
    assert flat.reason and flat.reason.startswith("基本支出中人员进出")
    assert _one(claims, subject="其他收入", amount=Decimal("6.2")).amount.decimals == 1


def test_guihua() -> None:
    claims, _, _ = _real(
        str(shared_path("corpus", _CORPUS.format("guihua-ziranziyuan")))
    )
    bare = _one(claims, change=Decimal("1193.20"), subject="一般公共预算财政拨款支出")
    assert bare.change_pct.value == Decimal("13.95") and "%" not in bare.change_pct.raw
    residue = _one(claims, change=Decimal("0.15"), change_pct=Decimal("27.78"))
    assert residue.direction == "decrease" and "三公" in residue.subject
    basic = _one(claims, amount=Decimal("5377.64"), kind="amount")
    assert basic.subject == "一般公共预算财政拨款基本支出"


def test_shehuigongzuobu() -> None:
    claims, _, _ = _real(
        str(shared_path("corpus", _CORPUS.format("quwei-shehuigongzuobu")))
    )
    head = _one(claims, kind="budget_final", final=Decimal("307.82"))
    assert head.budget.value == 0 and head.budget_kind == "年初预算"
    assert head.budget_full.value == Decimal(
        "321.02"
    ) and head.completion.value == Decimal("95.89")
    assert head.completion_basis == "年初预算"
    new = _one(claims, subject="收入支出总计", kind="change")
    assert new.change_pct.value == Decimal("100.00") and new.direction == "increase"
    item = _one(claims, final=Decimal("51.32"))
    assert item.budget_kind == "全年预算" and item.completion_basis == "全年预算"


def test_template_has_no_claims_from_placeholders() -> None:
    claims, sections, _ = _real(
        str(shared_path("corpus", "shanghai-bumen-juesuan-template-2024-yangzhang.pdf"))
    )
    assert not [c for c in claims if c.amount or c.change or c.share]
    assert len(sections) > 10


# ---------------------------------------------------------------- synthetic narratives


def _doc(*blocks: tuple[str, str]) -> Document:
    """A one-page document from (kind, text) pairs; paragraphs get one located line each."""
    out = []
    for i, (kind, text) in enumerate(blocks):
        bbox = (50.0, 100.0 + 20 * i, 500.0, 115.0 + 20 * i)
        if kind == "h":
            out.append(Heading(page=1, text=text, norm=text, bbox=bbox))
        else:
            line = TextLine(page=1, text=text, bbox=bbox)
            out.append(Paragraph(page=1, text=text, norm=text, lines=[line], bbox=bbox))
    return Document(
        path="x.txt", sha256="0", format="text", pages=[Page(number=1, blocks=out)]
    )


def test_numbered_paragraph_titles_are_sections_and_reasons_follow() -> None:
    doc = _doc(
        ("h", "第三部分 2030年度部门决算情况说明"),
        ("h", "一、收入支出决算总体情况说明"),
        (
            "p",
            "2030年度收入、支出总计均为1,200.50万元。与2029年度相比，收入、支出总计各减少20.00万元，下降1.64%。主要原因：",
        ),
        ("p", "压缩会议和差旅开支。"),
        ("h", "十、其他重要事项情况说明"),
        (
            "p",
            "（一）机关运行经费情况。本年度机关运行经费支出35.10万元，比年初预算数减少2.00万元，下降5.39%，主要原因是节约办公开支。",
        ),
        (
            "p",
            "（二）国有资产占用情况。截至2030年12月31日，共有车辆3辆；单位价值100万元以上设备1台（套）。",
        ),
        ("h", "第四部分 名词解释"),
        ("p", "一、事业收入：指开展专业业务活动取得的收入，本年度为9.00万元。"),
    )
    claims, sections, texts = extract_narrative(doc)
    assert [s.heading for s in sections][-2:] == [
        "（一）机关运行经费情况",
        "（二）国有资产占用情况",
    ]
    change = _one(claims, change=Decimal("20.00"))
    assert change.reason == "压缩会议和差旅开支" and change.direction == "decrease"
    running = _one(claims, amount=Decimal("35.10"))
    assert running.compared_with == "budget" and running.reason == "节约办公开支"
    assert (
        running.section == "（一）机关运行经费情况"
        and running.chapter == "十、其他重要事项情况说明"
    )
    assert _one(claims, count=Decimal(3)).count_unit == "辆"
    # The 100万元 threshold is not an amount; 名词解释 is outside the narrative.
    assert not any(
        c.amount and c.amount.value in (Decimal(100), Decimal("9.00")) for c in claims
    )
    assert texts[-1] == (
        1,
        "一、事业收入：指开展专业业务活动取得的收入，本年度为9.00万元。",
    )
    assert running.page == 1 and running.bbox == (50.0, 200.0, 500.0, 215.0)


def test_item_path_subject_reaches_over_its_usage_sentence() -> None:
    doc = _doc(
        ("h", "第三部分 情况说明"),
        ("h", "五、一般公共预算财政拨款支出决算情况说明"),
        (
            "p",
            "2、教育支出（类）普通教育（款）小学教育（项）。主要用于：学校运转。全年预算为80.00万元，支出决算为80.00万元。决算数与全年预算数持平。",
        ),
    )
    claims, _, _ = extract_narrative(doc)
    (item,) = claims
    assert (
        item.subject == "教育支出(类)普通教育(款)小学教育(项)"
        and item.kind == "budget_final"
    )
    assert (
        item.budget_kind == "全年预算"
        and item.direction == "flat"
        and item.compared_with == "budget"
    )
    # The 持平 sentence continues the claim, so the quoted evidence runs through it.
    assert item.sentence.startswith("2、教育支出（类）") and item.sentence.endswith(
        "持平。"
    )


def _accounts(**tables) -> dict[str, Statement]:
    return FinalAccounts.model_validate({"statements": tables}).statements


def _claim(subject: str, chapter: str, **kw) -> Claim:
    return Claim(
        kind="amount",
        subject=subject,
        sentence="…",
        chapter=chapter,
        section=chapter,
        **kw,
    )


def test_linking_never_guesses() -> None:
    t05 = {
        "columns": ["合计", "基本支出", "项目支出"],
        "lines": [
            {"key": "合计", "name": "合计", "values": {"合计": "30.00"}},
            {"code": "205", "name": "教育支出", "values": {"合计": "30.00"}},
            {"code": "20502", "name": "普通教育", "values": {"合计": "30.00"}},
            {"code": "2050202", "name": "小学教育", "values": {"合计": "20.00"}},
            {"code": "2050203", "name": "初中教育", "values": {"合计": "10.00"}},
            {"code": "20503", "name": "职业教育", "values": {"合计": "0.00"}},
            {"code": "2050399", "name": "小学教育", "values": {"合计": "0.00"}},
        ],
    }
    chapter = "五、一般公共预算财政拨款支出决算情况说明"
    claims = [
        _claim("教育（类）支出", chapter),
        _claim("教育支出（类）普通教育（款）小学教育（项）", chapter),
        _claim(
            "教育支出（类）小学教育（项）", chapter
        ),  # no 款: two 小学教育 lines under 205
        _claim("科学技术（类）支出", chapter),  # no such line
        _claim("机关运行经费", "十、其他重要事项情况说明"),
        _claim(
            "人员经费", "六、一般公共预算财政拨款基本支出决算情况说明"
        ),  # 公开06表 absent
    ]
    linked = link_claims(claims, _accounts(T05=t05))
    assert [c.ref.line if c.ref else None for c in linked] == [
        "205",
        "2050202",
        None,
        None,
        None,
        None,
    ]
    assert {c.scope for c in linked[:4]} == {"general"}


def _item(subject: str, final: str, budget: str | None = None) -> Claim:
    """A 项 paragraph of section 五 ('X（类）Y（款）Z（项）。年初预算为…，支出决算为…')."""
    return Claim(
        kind="budget_final",
        subject=subject,
        sentence=f"{subject}。年初预算为{budget or final}万元，支出决算为{final}万元。",
        chapter="五、一般公共预算财政拨款支出决算情况说明",
        section="（三）一般公共预算财政拨款支出决算具体情况",
        budget=budget or final,
        final=final,
    )


# A 公开05表 of two 类: 208 with two 款 and 221 with one; 0.50 is printed twice under 208.
_T05_AMOUNTS = {
    "columns": ["合计", "基本支出", "项目支出"],
    "lines": [
        {"key": "合计", "name": "合计", "values": {"合计": "132.25"}},
        {"code": "208", "name": "社会保障和就业支出", "values": {"合计": "61.75"}},
        {"code": "20805", "name": "行政事业单位养老支出", "values": {"合计": "61.25"}},
        {"code": "2080501", "name": "行政单位离退休", "values": {"合计": "30.00"}},
        {
            "code": "2080505",
            "name": "机关事业单位基本养老保险缴费支出",
            "values": {"合计": "30.75"},
        },
        {
            "code": "2080599",
            "name": "其他行政事业单位养老支出",
            "values": {"合计": "0.50"},
        },
        {"code": "20899", "name": "其他社会保障和就业支出", "values": {"合计": "0.50"}},
        {
            "code": "2089999",
            "name": "其他社会保障和就业支出",
            "values": {"合计": "0.50"},
        },
        {"code": "221", "name": "住房保障支出", "values": {"合计": "70.50"}},
        {"code": "22102", "name": "住房改革支出", "values": {"合计": "70.50"}},
        {"code": "2210201", "name": "住房公积金", "values": {"合计": "40.50"}},
        {"code": "2210203", "name": "购房补贴", "values": {"合计": "30.00"}},
    ],
}


def test_item_with_another_name_is_linked_by_its_amount() -> None:
    claims = [
        # 项 named by the table's name: linked by name.
        _item(
            "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）",
            "30.00",
        ),
        # 项 written under an old name; 30.75 is the one 项 of 20805 printing it.
        _item(
            "社会保障和就业支出（类）行政事业单位养老支出（款）养老保险缴费（项）",
            "30.75",
            "31",
        ),
        # The 款 name does not match either: the whole 类 208 is searched; 30.75 is still unique.
        _item("社会保障和就业支出（类）养老支出（款）养老保险缴费（项）", "30.75"),
        # The 款 matches 20805, so its 0.50 is the one meant although 2089999 prints 0.50 too.
        _item(
            "社会保障和就业支出（类）行政事业单位养老支出（款）退休活动费（项）", "0.50"
        ),
        # Wrong 款 and wrong 项 name, and two 项 of the 类 print 0.50: not linked.
        _item("社会保障和就业支出（类）养老支出（款）退休活动费（项）", "0.50"),
        # A wrong 款 name over a correct 项 name stays a name link (the 项 is unique by name).
        _item("住房保障支出（类）住房保障支出（款）购房补贴（项）", "30.00"),
        # A 30.00 that 221 prints only at 2210203, written as a 项 that does not exist there.
        _item("住房保障支出（类）住房保障支出（款）租赁补贴（项）", "30.00"),
    ]
    linked = link_claims(claims, _accounts(T05=_T05_AMOUNTS))
    assert [(c.ref.line if c.ref else None, c.linked_by) for c in linked] == [
        ("2080501", "name"),
        ("2080505", "amount"),
        ("2080505", "amount"),
        ("2080599", "amount"),
        (None, None),
        ("2210203", "name"),
        (None, None),  # 2210203 is already named by the claim before: not taken twice
    ]
    amount_linked = linked[1]
    assert amount_linked.ref.table == "T05" and amount_linked.ref.column == "合计"
    assert amount_linked.scope == "general"


def test_amount_fallback_is_exact_and_needs_the_class() -> None:
    claims = [
        # 30.7 at one decimal is not 30.75: no rounding tolerance.
        _item(
            "社会保障和就业支出（类）行政事业单位养老支出（款）养老保险缴费（项）",
            "30.7",
        ),
        # 40 is not 40.50.
        _item("住房保障支出（类）住房改革支出（款）公积金（项）", "40"),
        # 30.00 is printed once under 20805, but the written 类 names no 类 of the table.
        _item("社会保障支出（类）行政事业单位养老支出（款）离休（项）", "30.00"),
        # A zero names nothing.
        _item("社会保障和就业支出（类）行政事业单位养老支出（款）其他（项）", "0"),
        # No (项) path at all: a 类 figure is never placed by amount.
        _item("教育（类）支出", "61.75"),
    ]
    linked = link_claims(claims, _accounts(T05=_T05_AMOUNTS))
    assert [c.ref for c in linked] == [None] * 5
    assert {c.linked_by for c in linked} == {None}
    # A whole number printed without decimals is the same Decimal as the cell's 30.00.
    whole = _item("住房保障支出（类）住房改革支出（款）房补（项）", "30")
    assert link_claims([whole], _accounts(T05=_T05_AMOUNTS))[0].ref.line == "2210203"
    # Outside section 五 (no 公开05表 chapter) the fallback does not apply either.
    other = _item(
        "社会保障和就业支出（类）行政事业单位养老支出（款）养老保险缴费（项）", "30.75"
    )
    other = other.model_copy(
        update={"chapter": "十、其他重要事项情况说明", "section": None}
    )
    assert link_claims([other], _accounts(T05=_T05_AMOUNTS))[0].ref is None


def _run(code: str, claims: list[Claim], **tables) -> list:
    from tools.checks.base import Context
    from tools.checks.registry import get
    from tools.profiles import load

    accounts = FinalAccounts.model_validate({"statements": tables}).model_copy(
        update={"claims": claims}
    )
    return list(get(code).run(Context(accounts=accounts, profile=load())))


def test_amount_linked_item_is_discussed_but_not_confirmed() -> None:
    t05 = {
        "columns": ["合计", "基本支出", "项目支出"],
        "lines": [
            {
                "code": "220",
                "name": "自然资源海洋气象等支出",
                "values": {"合计": "120.00"},
            },
            {"code": "22001", "name": "自然资源事务", "values": {"合计": "120.00"}},
            {"code": "2200101", "name": "行政运行", "values": {"合计": "100.00"}},
            {
                "code": "2200199",
                "name": "其他自然资源事务支出",
                "values": {"合计": "20.00"},
            },
        ],
    }
    claims = link_claims(
        [
            _item(
                "自然资源海洋气象等支出（类）自然资源事务（款）行政运行（项）", "100.00"
            ),
            _item(
                "自然资源海洋气象等支出（类）自然资源事务（款）其他土地事务支出（项）",
                "20.00",
            ),
        ],
        _accounts(T05=t05),
    )
    assert [c.linked_by for c in claims] == ["name", "amount"]
    # NAR-004: both 项 are discussed, so 2200199 is not listed as left out.
    assert _run("NAR-004", claims, T05=t05) == []
    # Without the amount link it would be.
    unlinked = [
        claims[0],
        claims[1].model_copy(update={"ref": None, "linked_by": None}),
    ]
    assert [f.location.row for f in _run("NAR-004", unlinked, T05=t05)] == [
        "2200199 其他自然资源事务支出"
    ]
    # XT-008 still reports the name written for 2200199.
    xt = _run("XT-008", claims, T05=t05)
    assert (
        len(xt) == 1
        and "2200199" in xt[0].message
        and xt[0].actual == "其他土地事务支出"
    )
    # NAR-003 does not compare an amount-linked figure: a cell edited after linking is not
    # checked against it (the match proved nothing), while the name-linked one still is.
    t05_changed = {
        **t05,
        "lines": [
            {**ln, "values": {"合计": "21.00"}}
            if ln["code"] == "2200199"
            else {**ln, "values": {"合计": "99.00"}}
            if ln["code"] == "2200101"
            else ln
            for ln in t05["lines"]
        ],
    }
    found = _run("NAR-003", claims, T05=t05_changed)
    assert [f.location.sentence for f in found] == [claims[0].sentence]


def test_guihua_renamed_items_are_linked_by_amount() -> None:
    from tools.accounts import extract
    from tools.profiles import load

    path = shared_path("corpus", _CORPUS.format("guihua-ziranziyuan"))
    claims = extract(ingest(str(path)), load()).claims
    by_amount = {c.ref.line for c in claims if c.linked_by == "amount"}
    assert by_amount == {"2080599", "2200199"}
    # 22102's items are named by their 项 (the 款 is written 住房保障支出): a name link.
    assert {
        c.ref.line
        for c in claims
        if c.linked_by == "name" and c.ref.line.startswith("22102")
    } == {"2210201", "2210203"}


# ---------------------------------------------------------------- restated subjects, 政府采购, causes


def _rule(code: str, claims: list[Claim]) -> list:
    from tools.checks.base import Context
    from tools.checks.registry import get
    from tools.profiles import load

    accounts = FinalAccounts(claims=claims)
    return list(get(code).run(Context(accounts=accounts, profile=load())))


def test_change_sentence_restating_the_subject_keeps_the_amount() -> None:
    doc = _doc(
        ("h", "第三部分 情况说明"),
        ("h", "一、收入支出决算总体情况说明"),
        (
            "p",
            "某部2030年度收入支出总计307.82万元。与 2029 年度相比，收入支出总计增加 307.82 万元，增长100.00%。主要原因：单位于2030年成立。",
        ),
        ("h", "四、财政拨款收入支出决算总体情况说明"),
        (
            "p",
            "某部2030年度财政拨款收入支出总计0.3万元。与2029年度相比，财政拨款收支总计持平。",
        ),
        ("h", "五、一般公共预算财政拨款支出决算情况说明"),
        ("p", "一般公共预算财政拨款支出200.00万元，占本年支出合计的100.00%。"),
        (
            "p",
            "与2029年度相比，一般公共预算财政拨款支出减少20.00万元，下降9.09%。主要原因是压缩会议开支。",
        ),
        # A different subject never borrows the amount.
        (
            "p",
            "本年收入合计50.00万元。与2029年度相比，财政拨款收入增加5.00万元，增长11.11%。",
        ),
    )
    claims, _, _ = extract_narrative(doc)
    total = _one(claims, subject="收入支出总计")
    assert (total.kind, total.amount.value, total.change.value) == (
        "change",
        Decimal("307.82"),
        Decimal("307.82"),
    )
    assert total.sentence.startswith(
        "某部2030年度收入支出总计"
    ) and total.sentence.endswith("增长100.00%。")
    assert total.reason == "单位于2030年成立"
    assert (
        len([c for c in claims if "收入支出总计" in c.subject]) == 2
    )  # one claim each, no duplicate
    flat = _one(claims, subject="财政拨款收入支出总计")
    assert flat.direction == "flat" and flat.amount.value == Decimal("0.3")
    # The change in the next paragraph of the same section gets the printed amount too.
    spend = _one(claims, change=Decimal("20.00"))
    assert spend.amount.value == Decimal("200.00") and spend.reason == "压缩会议开支"
    income = _one(claims, change=Decimal("5.00"))
    assert income.amount is None
    # PCT-004 (zero base) and PCT-002 (B = A ÷ (amount − A)) can now check the restated changes.
    linked = link_claims(claims, {})
    assert [f.location.sentence for f in _rule("PCT-004", linked)] == [total.sentence]
    pct = _rule("PCT-002", linked)
    assert not [f for f in pct if f.severity == "error"], [f.message for f in pct]


def test_procurement_amounts_keep_their_bucket() -> None:
    from tools.checks.nar._subjects import is_reserved_budget, procurement_kind

    doc = _doc(
        ("h", "第三部分 情况说明"),
        ("h", "（二）政府采购情况说明"),
        (
            "p",
            "某部2030年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额21.07万元、工程采购金额0万元、服务采购金额0万元。",
        ),
        (
            "p",
            (
                "2030 年度本部门面向中小企业预留政府采购项目预算金额21.07万元，面向小微企业预留政府采购项目预算金额21.07万元。"
                "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元；"
                "在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额21.07万元；"
                "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元。"
            ),
        ),
    )
    claims, _, _ = extract_narrative(doc)
    subjects = [c.subject for c in claims]
    assert subjects[-5:] == [
        "面向中小企业预留政府采购项目预算金额",
        "面向小微企业预留政府采购项目预算金额",
        "面向中小企业预留项目中中小企业中标采购金额",
        "面向小微企业预留项目中小微企业中标采购金额",
        "其他政府采购项目中中小企业中标采购金额",
    ]
    assert [procurement_kind(c) for c in claims] == [
        "total",
        "goods",
        "works",
        "services",
        "sme",
        "small",
        "sme",
        "small",
        "sme_other",
    ]
    assert [is_reserved_budget(c) for c in claims[-5:]] == [
        True,
        True,
        False,
        False,
        False,
    ]
    # NAR-012: the awarded 中小企业 figures (预留 21.07 + 其他 21.07) exceed the total 21.07.
    (finding,) = _rule("NAR-012", claims)
    assert (finding.severity, finding.actual, finding.expected) == (
        "error",
        "42.14",
        "≤21.07",
    )
    assert all("中标" in s for s in finding.evidence[:2])


def test_cause_sentences_opening_with_a_year_and_covering_the_total() -> None:
    doc = _doc(
        ("h", "第三部分 情况说明"),
        ("h", "（一）“三公”经费财政拨款支出决算总体情况说明。"),
        (
            "p",
            (
                "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%。"
                "2030年度“三公”经费支出决算数小于预算数的主要原因：严格控制“三公”经费支出。"
            ),
        ),
        (
            "p",
            (
                "2030年度“三公”经费财政拨款支出决算数比2029年度减少0.15万元，下降27.78%，其中：因公出国（境）费支出与上一年度持平；"
                "公务接待费支出决算减少0.15万元，下降27.78%。公务接待费支出减少的主要原因是减少接待批次。"
            ),
        ),
    )
    claims, _, _ = extract_narrative(doc)
    budget = _one(claims, kind="budget_final")
    assert budget.reason == "严格控制“三公”经费支出"
    total, part = [c for c in claims if c.change is not None]
    # '…决算数比上年减少' is about the 支出 itself.
    assert (total.subject, part.subject) == ("“三公”经费财政拨款支出", "公务接待费支出")
    # The part is the whole change, so its cause is the total's cause.
    assert total.reason == part.reason == "减少接待批次"
    assert not _rule("NAR-008", link_claims(claims, {}))


def test_shehuigongzuobu_restated_totals_and_procurement() -> None:
    path = str(shared_path("corpus", _CORPUS.format("quwei-shehuigongzuobu")))
    claims, _, _ = _real(path)
    for subject in ("收入支出总计", "财政拨款收入支出总计", "一般公共预算财政拨款支出"):
        c = _one(claims, subject=subject, change=Decimal("307.82"))
        assert c.page == 17 and c.amount.value == Decimal("307.82"), subject
    buckets = [c.subject for c in claims if c.page == 22 and "中标" in c.subject]
    assert buckets == [
        "面向中小企业预留项目中中小企业中标采购金额",
        "面向小微企业预留项目中小微企业中标采购金额",
        "其他政府采购项目中中小企业中标采购金额",
    ]
    from tools.review import review

    findings = review(path).report.findings
    zero = [f for f in findings if f.rule == "PCT-004" and f.location.page == 17]
    assert len(zero) == 3
    (sme,) = [f for f in findings if f.rule == "NAR-012" and f.severity == "error"]
    assert sme.location.page == 22 and sme.actual == "42.14"


@pytest.mark.parametrize(
    ("source", "awarded"),
    [
        (("corpus", _CORPUS.format("caizhengju")), ("246.47", "0", "4.79")),
        (
            ("corpus", _CORPUS.format("guihua-ziranziyuan")),
            ("225.10", "164.87", "0.00"),
        ),
    ],
)
def test_other_putuo_procurement_subjects(
    source: tuple[str, str], awarded: tuple
) -> None:
    from tools.checks.nar._subjects import procurement_kind

    claims, _, _ = _real(str(shared_path(*source)))
    got = [
        (procurement_kind(c), str(c.amount.value))
        for c in claims
        if "中标" in c.subject
    ]
    assert got == list(zip(("sme", "small", "sme_other"), awarded, strict=True))
    # 政府采购 sums hold to rounding: no NAR-012 error.
    assert not [f for f in _rule("NAR-012", claims) if f.severity == "error"]


def test_seed_002_procurement_subjects() -> None:
    from tools.checks.nar._subjects import procurement_kind

    claims, _, _ = _real(str(shared_path("seeds", "002_e3267e760b1282a2.txt")))
    got = {procurement_kind(c): c.subject for c in claims if procurement_kind(c)}
    assert got == {
        "total": "政府采购支出总额",
        "goods": "政府采购货物支出",
        "works": "政府采购工程支出",
        "services": "政府采购服务支出",
        "sme": "授予中小企业合同金额",
        "small": "授予小微企业合同金额",
    }
    assert not _rule("NAR-012", claims)


def test_three_public_causes_on_the_putuo_reports() -> None:
    cz, _, _ = _real(str(shared_path("corpus", _CORPUS.format("caizhengju"))))
    head = _one(cz, kind="budget_final", subject="“三公”经费财政拨款支出")
    assert head.reason == "当年度无“三公”经费支出"
    gh, _, _ = _real(str(shared_path("corpus", _CORPUS.format("guihua-ziranziyuan"))))
    total = _one(gh, change=Decimal("0.15"), subject="“三公”经费财政拨款支出")
    assert total.reason and "中央八项规定" in total.reason
