"""DISC-012: every figure in the 情况说明 carries its unit (a rate its %, an amount 万元)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import sentence_around
from tools.findings import Finding, Location

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A rate word directly followed by a bare number and then punctuation: the % was dropped.
_RATE = re.compile(
    rf"(?:增长|下降|上升|增幅为?|降幅为?|占比为?|完成[^，。；,;\d]{{0,10}}?的)[ 　]*({_NUMBER})[ 　]*(?=[。，；,;）)、]|$)"
)
# '万' right after an amount and before punctuation: '0.47 万（含…' lost its '元'.
_WAN = re.compile(rf"({_NUMBER})[ 　]*万(?=[（(，。；,;、]|$)")


@rule("DISC-012", "disclosure.missing_unit", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中的数字应带单位：增长率、占比、完成率写“%”，金额写“万元”。

    Trigger: a rate word (增长, 下降, 占比, 完成…的) followed by a bare number and punctuation
    ('增长 11.64。'), or an amount ending in '万' without '元' ('0.47 万（含…'). Counts and years
    are not affected; '万人'/'万平方米' are other units and are left alone.

    Why it matters: without its unit a reader cannot tell a rate from an amount (11.64 what?);
    published figures must be unambiguous.

    Example: pass — '比上年增长 6.40%', '接待费 0.52 万元'. fail — '比上年增长 6.40。' (warning);
    '接待费 0.52 万（含外事接待）' (warning).

    Configuration: none.
    """
    seen: set[tuple[int | None, str]] = set()
    for page, text in ctx.accounts.texts:
        hits = [(m, "%") for m in _RATE.finditer(text)] + [
            (m, "元") for m in _WAN.finditer(text)
        ]
        for m, unit in sorted(hits, key=lambda h: h[0].start()):
            sentence = sentence_around(text, m.start(), m.end())
            if (page, m.group(0)) in seen:
                continue
            seen.add((page, m.group(0)))
            shown = m.group(0).strip()
            what = "百分比缺少“%”" if unit == "%" else "金额单位“万元”缺少“元”"
            yield Finding(
                rule="DISC-012",
                severity="warning",
                message=f"第{page}页“{shown}”中{what}，读者无法确定数字含义。"
                if page
                else f"“{shown}”中{what}。",
                location=Location(page=page, sentence=sentence),
                expected=f"{m.group(1)}{'%' if unit == '%' else '万元'}",
                actual=shown,
                evidence=[sentence],
            )
