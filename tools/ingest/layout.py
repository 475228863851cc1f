"""Format-independent recognition of table titles, caption lines and notes around a table grid."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from tools.document import Heading, Paragraph, TextLine
from tools.text import join_lines, normalize

MAX_TITLE_CHARS = 40
MAX_CAPTION_CHARS = 100
# How many non-blank lines above a grid may hold its title and caption; a table
# title further away than this is a section heading, not the table's title.
MAX_CONTEXT_LINES = 8
MAX_BANNER_ROWS = 6

_CN_DIGITS = "一二三四五六七八九十"
_NUM = rf"(?:\d{{1,3}}|[{_CN_DIGITS}]{{1,3}})"
_SUB = r"(?:\s*[-—－.]\s*\d{1,3})?"

# Printed table numbers: 公开01表, 公开 01 表, 公开表01, 表1, 表 1-2, 附表1, 附表一.
# A bare 表N must not follow another CJK character, so 本表1 or 下表1 do not match.
TABLE_NUMBER = re.compile(
    rf"公开\s*表\s*\d{{1,2}}{_SUB}"
    rf"|公开\s*\d{{1,2}}{_SUB}\s*表"
    rf"|附\s*表\s*{_NUM}{_SUB}"
    rf"|(?<![\u4e00-\u9fff])表\s*{_NUM}{_SUB}(?![\u4e00-\u9fff\d])"
)

# "(金额)单位：万元"; the unit must not run on into a name (元宝山区…).
_UNIT = re.compile(r"(?:金额|计量|货币)?单位\s*[:：]\s*(?:人民币)?\s*(亿元|万元|千元|元)(?![\u4e00-\u9fff])")
_UNIT_ONLY = re.compile(r"^[(（]?\s*(?:单位\s*[:：]\s*)?(?:人民币)?(亿元|万元|千元|元)\s*[)）]?$")

# A "key：value" caption segment such as 单位：某局 or 编制部门：某局; its value runs up to
# the next caption segment on the same printed line.
_CAPTION_KEY = r"(?:金额|计量|货币|编制|填报|填表|预算|主管|报送|申报|实施)?(?:单位|部门)(?:名称|及代码)?"
_SEGMENT_STOP = rf"(?=(?:金额|计量|货币)?单位\s*[:：]|{TABLE_NUMBER.pattern}|$)"
_KEY_SEGMENT = re.compile(rf"{_CAPTION_KEY}\s*[:：].*?{_SEGMENT_STOP}")
_YEAR_SEGMENT = re.compile(r"[(（]?\s*\d{4}\s*年度?\s*[)）]?(?=\s|$|公开|表|单位|金额)")
_DATE_SEGMENT = re.compile(r"(?:截止|截至)?(?:日期\s*[:：])?\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")

_TITLE_KEYWORDS = re.compile(r"决算表|自评表|汇总表|评分表|明细表|情况表|统计表|一览表|目标表|申报表|评价表")
# Ends with 表 (or 清单), optionally followed by a short parenthetical like (2020年度) or （续）.
_TITLE_END = re.compile(r"(?:表|清单)\s*(?:[(（][^()（）]{0,14}[)）])?$")
# 详见附表, 如下表, 见下表: references to a table inside a sentence.
_TITLE_REFERENCE = re.compile(r"(?:见|如|下|上|附|该|本|此)表$")
_SENTENCE_END = re.compile(r"[。；;，,：:！!？?]$")

_NOTE_START = re.compile(
    rf"^(?:注|备注|附注|注释|说明|填表说明|填报说明)\s*(?::|\d|[{_CN_DIGITS}]、|[(（]\d|$)"
)
_NO_DATA = re.compile(r"(?:本|此|该)表(?:无数据|为空|无内容|数据为空)|空表|无数据")
_FOOTER = re.compile(r"^(?:填表人|制表人|填报人|审核人|复核人|单位负责人|财务负责人|部门负责人|联系人|联系电话|填报日期|填表日期|制表日期)\s*[:：]")
_CONTINUATION = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[(（]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩])")

_MARKDOWN = re.compile(r"^\s*#{1,6}\s+|\*\*|__")


def _flat(text: str) -> str:
    """Matching form without any spaces and without markdown emphasis."""
    s = _MARKDOWN.sub("", text)
    return re.sub(r"\s+", "", normalize(s))


def normalize_table_number(text: str) -> str:
    """'公开 01 表' -> '公开01表': NFKC, every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def find_table_number(text: str) -> str | None:
    match = TABLE_NUMBER.search(unicodedata.normalize("NFKC", text))
    return normalize_table_number(match.group(0)) if match else None


def find_unit(text: str) -> str | None:
    s = unicodedata.normalize("NFKC", text)
    match = _UNIT.search(s) or _UNIT_ONLY.match(s.strip())
    return match.group(1) if match else None


def is_caption_line(text: str) -> bool:
    """True for a line printed between a table title and its grid: 单位, 表号, 金额单位, 年度."""
    s = unicodedata.normalize("NFKC", _MARKDOWN.sub("", text)).strip()
    if not s or len(s) > MAX_CAPTION_CHARS:
        return False
    if _UNIT_ONLY.match(s):
        return True
    # A whole line wrapped in brackets: (单位：万元), （2020年度）.
    if s[0] in "(（" and s[-1] in ")）":
        s = s[1:-1].strip()
    consumed = 0
    while s:
        for pattern in (TABLE_NUMBER, _KEY_SEGMENT, _YEAR_SEGMENT, _DATE_SEGMENT):
            match = pattern.match(s)
            if match and match.end() > 0:
                s = s[match.end() :].lstrip(" \t\u3000,，;；")
                consumed += 1
                break
        else:
            return False
    return consumed > 0


def is_table_title(text: str) -> bool:
    """True for a short line naming a table: '收入支出决算总表', '项目支出绩效自评表（2020年度）'."""
    s = _flat(text)
    if not s or len(s) > MAX_TITLE_CHARS or _SENTENCE_END.search(s):
        return False
    if is_caption_line(s) or _TITLE_REFERENCE.search(s):
        return False
    return bool(_TITLE_END.search(s) or _TITLE_KEYWORDS.search(s))


def is_table_note(text: str) -> bool:
    """True for a note printed under a table: '注：…', '说明：…', '…故本表无数据。'."""
    s = _flat(text)
    if not s:
        return False
    return bool(_NOTE_START.match(s) or _NO_DATA.search(s) or _FOOTER.match(s))


def is_note_continuation(text: str) -> bool:
    """True for a numbered line ('2. …', '（3）…') that continues a multi-item note."""
    return bool(_CONTINUATION.match(normalize(_MARKDOWN.sub("", text))))


def parse_caption(lines: Sequence[str]) -> tuple[str | None, str | None, list[str]]:
    """Return (table number, amount unit, non-blank caption lines) from caption lines."""
    kept = [line.strip() for line in lines if line.strip()]
    number = next((n for n in map(find_table_number, kept) if n), None)
    unit = next((u for u in map(find_unit, kept) if u), None)
    return number, unit, kept


@dataclass
class Context:
    """Title and caption found above a grid; positions index the `before` sequence."""

    title: str | None = None
    title_pos: int | None = None
    caption: list[str] = field(default_factory=list)
    caption_pos: list[int] = field(default_factory=list)
    number: str | None = None
    unit: str | None = None


def match_context(before: Sequence[str], max_lines: int = MAX_CONTEXT_LINES) -> Context:
    """Find the title and caption lines among the lines printed above a grid (nearest last)."""
    ctx = Context()
    seen = 0
    for pos in range(len(before) - 1, -1, -1):
        line = before[pos]
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        if is_caption_line(line):
            # Above the title only a table number belongs to the table ('公开01表' printed first).
            if ctx.title is not None and not find_table_number(line):
                break
            ctx.caption_pos.insert(0, pos)
            continue
        if ctx.title is None and is_table_title(line):
            ctx.title = _MARKDOWN.sub("", line).strip()
            ctx.title_pos = pos
            continue
        break
    ctx.number, ctx.unit, ctx.caption = parse_caption([before[p] for p in ctx.caption_pos])
    return ctx


def count_notes(after: Sequence[str]) -> int:
    """How many of the texts printed right under a grid are its notes (nearest first)."""
    n = 0
    for text in after:
        if n == 0 and not is_table_note(text):
            break
        if n > 0 and not (is_table_note(text) or is_note_continuation(text)):
            break
        n += 1
    return n


@dataclass
class Banner:
    """Title and caption rows found at the top of a grid (XLSX sheets, Word tables)."""

    rows: int = 0
    title: str | None = None
    caption: list[str] = field(default_factory=list)


def _distinct(texts: Sequence[str]) -> list[str]:
    """Non-empty texts of a row, each once: a merged cell repeats its text in every position."""
    out: list[str] = []
    seen: set[str] = set()
    for t in texts:
        key = normalize(t)
        if key and key not in seen:
            seen.add(key)
            out.append(t.strip())
    return out


def split_banner(rows: Sequence[Sequence[str]], lenient: bool = False) -> Banner:
    """Count leading rows that hold the table title or caption rather than grid content.

    With `lenient` (spreadsheets) the first single-text row is the title even when it
    does not look like one, because a sheet's top merged row is where its title goes.
    """
    banner = Banner()
    for texts in rows[:MAX_BANNER_ROWS]:
        distinct = _distinct(texts)
        if not distinct:
            banner.rows += 1
            continue
        if all(is_caption_line(t) for t in distinct):
            banner.caption.extend(distinct)
            banner.rows += 1
            continue
        if len(distinct) == 1 and banner.title is None and len(texts) > 1:
            text = distinct[0]
            lenient_title = lenient and not banner.caption and len(_flat(text)) <= 60 and not _SENTENCE_END.search(text)
            if is_table_title(text) or lenient_title:
                banner.title = text
                banner.rows += 1
                continue
        break
    return banner


def split_trailer(rows: Sequence[Sequence[str]]) -> tuple[int, list[str]]:
    """Count trailing rows that hold notes ('注：…', '本表无数据'); return (count, note texts)."""
    run: list[list[str]] = []
    for texts in reversed(rows):
        distinct = _distinct(texts)
        if not distinct:
            if run:
                break
            run.append([])
            continue
        if len(distinct) == 1 and len(texts) > 1 and (is_table_note(distinct[0]) or is_note_continuation(distinct[0])):
            run.append(distinct)
            continue
        break
    run.reverse()
    # The notes start at the topmost '注：…' row; numbered rows above it are grid rows.
    start = next((i for i, d in enumerate(run) if d and is_table_note(d[0])), None)
    if start is None:
        return 0, []
    notes = [t for d in run[start:] for t in d]
    return len(run) - start, notes


@dataclass(frozen=True)
class Flow:
    """One item of a document in reading order: a heading, a paragraph (its lines) or a table."""

    kind: Literal["heading", "paragraph", "table"]
    lines: tuple[str, ...] = ()


@dataclass
class TableContext:
    """What surrounds one table of a flow; `consumed` lists flow items now part of the table."""

    title: str | None = None
    caption: list[str] = field(default_factory=list)
    number: str | None = None
    unit: str | None = None
    notes: list[str] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)


def table_contexts(flow: Sequence[Flow]) -> dict[int, TableContext]:
    """Attach titles, captions and notes to every table of a flow, keyed by the table's index.

    Caption paragraphs and note paragraphs are consumed (they belong to the table);
    the title stays a block of its own because it also names a section of the report.
    """
    contexts: dict[int, TableContext] = {}
    start = 0
    for i, item in enumerate(flow):
        if item.kind != "table":
            continue
        lines: list[str] = []
        owners: list[int] = []
        for j in range(start, i):
            for line in flow[j].lines:
                lines.append(line)
                owners.append(j)
        found = match_context(lines)
        ctx = TableContext(title=found.title, caption=found.caption, number=found.number, unit=found.unit)
        caption_pos = set(found.caption_pos)
        for j in set(owners[p] for p in caption_pos):
            own = [p for p, o in enumerate(owners) if o == j and lines[p].strip()]
            if flow[j].kind == "paragraph" and all(p in caption_pos for p in own):
                ctx.consumed.add(j)
        # Notes: the paragraphs right under the table.
        j = i + 1
        texts: list[str] = []
        while j < len(flow) and flow[j].kind == "paragraph":
            texts.append(" ".join(line.strip() for line in flow[j].lines if line.strip()))
            j += 1
        n = count_notes([t for t in texts])
        for k in range(i + 1, i + 1 + n):
            ctx.notes.extend(line.strip() for line in flow[k].lines if line.strip())
            ctx.consumed.add(k)
        start = i + 1 + n
        contexts[i] = ctx
    return contexts


def text_block(item: Flow, page: int, level: int) -> Heading | Paragraph:
    """The located block for a heading or paragraph item of a flow (formats without coordinates)."""
    if item.kind == "heading":
        text = item.lines[0]
        return Heading(page=page, text=text, norm=normalize(text), level=level)
    text = join_lines(list(item.lines))
    lines = [TextLine(page=page, text=line) for line in item.lines]
    return Paragraph(page=page, text=text, norm=normalize(text), lines=lines)
