"""DISC-011: no template residue (placeholders, alternatives, instructions) left in the report."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, sentence_around
from tools.findings import Finding, Location

_DIRECTION = "增加|减少|增长|下降|大于|小于|高于|低于|上升"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("占位符", re.compile(r"(?<![A-Za-z])(?:[XＸ×]{2,}|[xｘ]{3,})(?![A-Za-z])")),
    (
        "空缺的百分比",
        re.compile(r"(?:占|为|增长|下降|增加|减少|完成[^，。；\d]{0,8}?)[ 　]*[%％]"),
    ),
    ("空缺的年份", re.compile(r"(?<!\d)(?:20|202)[ 　]+年|(?<![\d 　])[ 　]{2,}年度")),
    (
        "二选一的表述未删改",
        re.compile(rf"({_DIRECTION})[ 　]*[（(/]({_DIRECTION})[)）]?"),
    ),
    ("空缺的说明", re.compile(r"主要(?:原因|用于)(?:是|为)?[：:][ 　]*(?:$|。)")),
    ("空缺的省略号", re.compile(r"。{3,}")),
)
_EMPTY_AMOUNT = re.compile(
    r"(?:为|共|计|达|合计|总额|增加|减少)[ 　]*(?:万元|元|个|辆|人次|批次)"
)


def _residue(text: str, phrases: list[str]) -> Iterator[tuple[str, int, int, bool]]:
    """(kind, start, end, located in the whitespace-free text) of every residue in `text`."""
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            if kind == "二选一的表述未删改" and m.group(1) == m.group(2):
                continue
            yield kind, m.start(), m.end(), False
    for m in _EMPTY_AMOUNT.finditer(text):
        if "单位" in text[max(0, m.start() - 4) : m.start()]:
            continue  # '金额单位为万元'
        yield "空缺的金额", m.start(), m.end(), False
    flat = compact(text)
    for phrase in phrases:
        p = compact(phrase)
        start = flat.find(p)
        if start >= 0:
            yield "模板说明文字", start, start + len(p), True


@rule("DISC-011", "disclosure.template_residue", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """报告中不应残留模板内容：XX/××占位符、“占 %”“202 年”等空缺、“增加（减少）”等未删改的二选一表述、模板填写说明。

    Trigger: a paragraph, heading or table note contains a placeholder ('XX', '××', 'XXX万元'), an
    empty slot ('占 %', '为 万元', '202 年'), both alternatives of the template ('增加（减少）',
    '下降（增长）18.46%', '大于（小于）'), an empty '主要原因：', or an instruction of the blank
    template ('（不涉及的不列）', '按上述格式…', '…并在本表下方作下述说明：').

    Why it matters: residue shows the report was not finished or checked before publication; an
    unresolved '增加（减少）' leaves the reader unable to tell the direction of a change.

    Example: pass — '比2023年度减少7.30万元，下降7.04%'. fail — '下降（增长）18.46%' (error);
    '无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：' under 公开08表 (error).

    Configuration: `disclosure.template_phrases` (instruction text of the province's blank template).
    """
    acc = ctx.accounts
    phrases = ctx.profile.disclosure.template_phrases
    items: list[tuple[int | None, str]] = list(acc.texts)
    known = {compact(t) for _, t in acc.texts}
    for stmt in acc.statements.values():
        for note in stmt.notes:
            if compact(note) not in known:
                items.append((stmt.pages[0] if stmt.pages else None, note))
    seen: set[tuple[int | None, str]] = set()
    for page, text in items:
        for kind, s, e, in_compact in _residue(text, phrases):
            quote_text = compact(text) if in_compact else text
            found = quote_text[s:e].strip()
            sentence = sentence_around(quote_text, s, e)
            whole = sentence_around(quote_text, s, e, limit=10**6)
            key = (
                page,
                re.sub(r"[\W_]", "", whole),
            )  # one finding per sentence, punctuation-blind
            if key in seen:
                continue
            seen.add(key)
            where = f"第{page}页" if page else "文中"
            yield Finding(
                rule="DISC-011",
                severity="error",
                message=f"{where}残留模板内容（{kind}）“{found}”：{sentence}",
                location=Location(page=page, sentence=sentence),
                expected="删除或填写模板内容",
                actual=found,
                evidence=[sentence],
            )
