"""Text reader and the shared layout helpers (table titles, captions, notes) on synthetic texts and seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.document import Heading, Page, Paragraph, Table
from tools.errors import InputError
from tools.ingest import guard
from tools.ingest.layout import (
    TABLE_NUMBER,
    count_notes,
    is_caption_line,
    is_note_continuation,
    is_table_note,
    is_table_title,
    match_context,
    parse_caption,
    split_banner,
    split_trailer,
)
from tools.ingest.plaintext import read_text
from tools.settings import Limits

LIMITS = Limits()
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

REPORT = """\
某某测试局

2024 年度

# 第一部分 单位概况

## 一、单位职责

本单位负责虚构事务的管理，
并承担测试用例的编写工作。
Line one of English
continues here.

- （一）负责测试工作。
- （二）负责**复核**工作。

**第二部分 名词解释**

**一、财政拨款收入：**指虚构的收入。

# 收入支出决算总表

单位：某某测试局

公开 01 表  
金额单位：万元

收 入\t\t支 出\t
项 目\t决算数\t项 目\t决算数
一、财政拨款收入\t100.00\t一、一般公共服务支出\t80.00
本年收入合计\t100.00\t本年支出合计\t80.00
年末结转\t20.00

注：本表反映虚构单位的总收支情况。  
 本单位没有使用某类资金，故本表无数据。

## 二、其他说明

收入合计 100.00 万元。
"""


def write(tmp_path: Path, text: str, name: str = "r.md", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def blocks(pages: list[Page]) -> list[Heading | Paragraph | Table]:
    return [b for p in pages for b in p.blocks]


# --- the text reader -----------------------------------------------------------------


def test_headings_and_paragraphs(tmp_path: Path) -> None:
    pages, warnings = read_text(write(tmp_path, REPORT), LIMITS)
    assert warnings == [] and [p.number for p in pages] == [1]
    headings = [(b.text, b.level) for b in blocks(pages) if isinstance(b, Heading)]
    assert headings == [
        ("第一部分 单位概况", 1),
        ("一、单位职责", 2),
        ("第二部分 名词解释", 4),
        ("收入支出决算总表", 1),
        ("二、其他说明", 2),
    ]
    paragraphs = [b.text for b in blocks(pages) if isinstance(b, Paragraph)]
    assert paragraphs[:2] == ["某某测试局", "2024 年度"]
    # Wrapped CJK lines join without a space; Latin words keep one.
    assert "本单位负责虚构事务的管理，并承担测试用例的编写工作。Line one of English continues here." in paragraphs
    # List markers and ** are markup, not text.
    assert "（一）负责测试工作。" in paragraphs and "（二）负责复核工作。" in paragraphs
    assert "一、财政拨款收入：指虚构的收入。" in paragraphs
    assert paragraphs[-1] == "收入合计 100.00 万元。"
    assert all(p.page == 1 for p in blocks(pages))


def test_tab_table_with_title_caption_and_notes(tmp_path: Path) -> None:
    pages, _ = read_text(write(tmp_path, REPORT), LIMITS)
    (table,) = [b for b in blocks(pages) if isinstance(b, Table)]
    assert table.title == "收入支出决算总表"
    assert table.number == "公开01表" and table.unit == "万元"
    assert table.caption == ["单位：某某测试局", "公开 01 表", "金额单位：万元"]
    assert table.notes == ["注：本表反映虚构单位的总收支情况。", "本单位没有使用某类资金，故本表无数据。"]
    # Ragged rows are padded to the table width.
    assert all(len(r.cells) == 4 for r in table.rows)
    assert table.grid()[-1] == ["年末结转", "20.00", "", ""]
    assert [r.header for r in table.rows] == [True, True, False, False, False]
    assert [c.label for c in table.columns] == ["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]
    total = next(r for r in table.rows if r.cells[0].norm == "本年收入合计")
    assert "100.00" in total.texts()
    texts = [b.text for b in blocks(pages) if isinstance(b, Paragraph)]
    assert not any("单位：" in t or t.startswith("注：") or "本表无数据" in t for t in texts)


def test_form_feed_splits_pages(tmp_path: Path) -> None:
    pages, _ = read_text(write(tmp_path, "第一页正文。\n\f第二页正文。\n\f\n"), LIMITS)
    assert [(p.number, [b.text for b in p.blocks]) for p in pages] == [(1, ["第一页正文。"]), (2, ["第二页正文。"])]
    assert blocks(pages)[1].page == 2


def test_plain_text_without_tabs(tmp_path: Path) -> None:
    text = "某某项目绩效自评表\n\n一、基本情况 项目名称 虚构项目\n金额单位 万元\n\n完成率 91.80\n"
    pages, _ = read_text(write(tmp_path, text, "a.txt"), LIMITS)
    assert [type(b) for b in blocks(pages)] == [Paragraph, Paragraph, Paragraph]
    assert blocks(pages)[1].text == "一、基本情况 项目名称 虚构项目金额单位 万元"


def test_pipe_table_and_inline_tags(tmp_path: Path) -> None:
    text = "## 项目支出绩效自评表\n\n| 指标 | 分值 |\n|---|---|\n| 产出 | 50 |\n| <b>总分</b> | 100 |\n"
    pages, _ = read_text(write(tmp_path, text), LIMITS)
    table = next(b for b in blocks(pages) if isinstance(b, Table))
    assert table.title == "项目支出绩效自评表"
    assert table.grid() == [["指标", "分值"], ["产出", "50"], ["总分", "100"]]


def test_gb18030_and_crlf(tmp_path: Path) -> None:
    text = "# 某某说明\r\n\r\n第一行\r\n第二行\r\n"
    pages, _ = read_text(write(tmp_path, text, "g.txt", "gb18030"), LIMITS)
    assert [(type(b).__name__, b.text) for b in blocks(pages)] == [("Heading", "某某说明"), ("Paragraph", "第一行第二行")]


def test_too_long_text_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_TEXT_CHARS", 50)
    with pytest.raises(InputError) as info:
        read_text(write(tmp_path, "字" * 51), LIMITS)
    assert "文本过长" in info.value.message


PIECES = ["# ", "## ", "**", "- ", "\t", "\n", "\n\n", "\f", "单位：", "公开01表", "金额单位：万元", "注：", "收入", "12.50", " ", "|", "|---|", "表"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
def test_any_markdownish_text_reads(tmp_path: Path, pieces: list[str]) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    pages, _ = read_text(write(tmp_path, text), LIMITS)
    assert pages and [p.number for p in pages] == list(range(1, len(pages) + 1))
    for block in blocks(pages):
        if isinstance(block, Table):
            assert block.rows and len({len(r.cells) for r in block.rows}) == 1


# --- layout helpers --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["公开01表", "公开 01 表", "公开表01", "公开表 1", "表1", "表 3-2", "附表1", "附表一", "公开０１表"])
def test_table_number_variants(text: str) -> None:
    assert TABLE_NUMBER.search(text)


@pytest.mark.parametrize("text", ["本表1", "下表2所示", "表格", "公开透明"])
def test_table_number_rejects(text: str) -> None:
    assert not TABLE_NUMBER.search(text)


@pytest.mark.parametrize(
    "text",
    ["收入支出决算总表", "# 一般公共预算财政拨款“三公”经费支出决算表", "某某项目绩效自评表（2024年度）", "项目支出绩效自评情况汇总表", "问题清单"],
)
def test_is_table_title(text: str) -> None:
    assert is_table_title(text)


@pytest.mark.parametrize(
    "text",
    ["公开 01 表", "详见附表", "具体情况如下表", "本年度收入决算表反映的收入合计较上年增加了很多，主要原因是虚构的调整。", "收入决算表。", ""],
)
def test_is_not_table_title(text: str) -> None:
    assert not is_table_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "单位：某某测试局",
        "金额单位：万元",
        "公开 01 表",
        "（单位：万元）",
        "(2024年度)",
        "部门：某某测试局",
        "单位：某某测试局 公开01表 金额单位：万元",
        "公开02表 金额单位：元",
        "万元",
    ],
)
def test_is_caption_line(text: str) -> None:
    assert is_caption_line(text)


@pytest.mark.parametrize("text", ["表1反映了本单位的收入情况", "项目名称：虚构项目", "收入支出决算总表", "单位职责"])
def test_is_not_caption_line(text: str) -> None:
    assert not is_caption_line(text)


def test_parse_caption() -> None:
    number, unit, lines = parse_caption(["单位：某某测试局", "", "公开 03 表  ", "金额单位：万元"])
    assert (number, unit) == ("公开03表", "万元")
    assert lines == ["单位：某某测试局", "公开 03 表", "金额单位：万元"]
    assert parse_caption(["单位：元宝测试局"])[1] is None
    assert parse_caption(["单位:元"])[1] == "元"


@pytest.mark.parametrize(
    "text",
    ["注：本表反映收入情况。", "注:1. 说明", "注1：虚构", "备注：无", "说明：本表金额", "本单位无此项支出，故本表无数据。", "本表为空表", "填表人：张三"],
)
def test_is_table_note(text: str) -> None:
    assert is_table_note(text)


@pytest.mark.parametrize("text", ["注意事项很多的一段正文", "说明书编写情况", "一、收入情况"])
def test_is_not_table_note(text: str) -> None:
    assert not is_table_note(text)


def test_note_continuation_and_count() -> None:
    assert is_note_continuation("2. 自评等级") and is_note_continuation("（3）其他")
    assert count_notes(["注：1. 第一条", "2. 第二条", "3. 第三条", "二、正文标题"]) == 3
    assert count_notes(["2. 不是注释开头", "注：x"]) == 0


def test_match_context_stops_at_prose() -> None:
    before = ["上一段正文。", "收入决算表", "公开 02 表", "金额单位：万元", "单位：某某测试局"]
    ctx = match_context(before)
    assert ctx.title == "收入决算表" and ctx.title_pos == 1
    assert ctx.caption_pos == [2, 3, 4] and ctx.number == "公开02表" and ctx.unit == "万元"
    # A table number printed above the title still belongs to the table.
    ctx = match_context(["附表2", "", "问题清单"])
    assert ctx.title == "问题清单" and ctx.number == "附表2"
    assert match_context(["一段普通的正文。"]).title is None


def test_split_banner_and_trailer() -> None:
    rows = [
        ["某某绩效自评表", "某某绩效自评表", "某某绩效自评表"],
        ["单位：某某测试局", "", "金额单位：万元"],
        ["指标", "分值", "得分"],
        ["产出", "50", "50"],
        ["注：虚构数据。", "注：虚构数据。", "注：虚构数据。"],
        ["2. 第二条说明", "", ""],
    ]
    banner = split_banner(rows)
    assert (banner.rows, banner.title, banner.caption) == (2, "某某绩效自评表", ["单位：某某测试局", "金额单位：万元"])
    assert split_trailer(rows) == (2, ["注：虚构数据。", "2. 第二条说明"])
    # Without lenient mode an arbitrary first row is grid content.
    assert split_banner([["某某测试局", "", ""], ["指标", "分值", "得分"]]).rows == 0
    assert split_banner([["某某测试局", "", ""], ["指标", "分值", "得分"]], lenient=True).title == "某某测试局"
    assert split_banner([["(2024年度)", "", ""], ["指标", "分值", "得分"]]).caption == ["(2024年度)"]


# --- seeds (real documents, skipped when absent) ---------------------------------------

FINAL_ACCOUNT_TABLES = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "一般公共预算财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
]


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not available under {SEEDS}")
    return found[0]


@pytest.mark.corpus
def test_seed_002_nine_public_tables() -> None:
    pages, _ = read_text(seed("002"), LIMITS)
    by_number = {t.number: t for t in blocks(pages) if isinstance(t, Table) and t.number}
    for i, title in enumerate(FINAL_ACCOUNT_TABLES, start=1):
        table = by_number[f"公开{i:02d}表"]
        assert table.title == title
        assert table.unit == "万元"
    total = by_number["公开01表"]
    row = next(r for r in total.rows if "本年收入合计" in r.texts())
    assert "3530.34" in row.texts()
    assert any("本表无数据" in n for n in by_number["公开09表"].notes)


@pytest.mark.corpus
def test_seed_000_plain_text_paragraphs() -> None:
    pages, _ = read_text(seed("000"), LIMITS)
    found = blocks(pages)
    assert len(pages) == 1 and len(found) > 10
    assert all(isinstance(b, Paragraph) for b in found)
    assert all("\n" not in b.text for b in found)
