"""DISC-009: amount units are labelled and decimals are consistent."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, sentence_around
from tools.findings import Finding, Location

_PCT = re.compile(r"(\d+)\.(\d+)\s*[%％]")


@rule("DISC-009", "disclosure.units_decimals", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """各表应标明金额单位，表内金额小数位数一致，全文百分比保留的小数位数一致。

    Trigger: a table prints no unit label (or a unit other than the one most tables use); a table's
    non-zero amounts are printed with different numbers of decimals (e.g. most with 2, some with 0);
    or the 情况说明 gives percentages with 1 decimal in some places and 2 in others.

    Why it matters: a missing or different unit changes every number by a factor; mixed precision
    suggests figures pasted from different sources, and affects the rounding tolerance. A table
    in a different unit from the others (元 among 万元) is a warning — its figures cannot be compared
    as printed; everything else is info.

    Example: pass — every table '单位：万元', amounts like 1842.60, percentages like 81.36%; '占16.4%'
    among '占81.36%' is info. fail — 公开03表 '单位：元' while the other tables use 万元 (warning).

    Configuration: none.
    """
    acc = ctx.accounts
    units = Counter(s.unit for s in acc.statements.values() if s.unit)
    common_unit = units.most_common(1)[0][0] if units else None
    for key in sorted(acc.statements):
        stmt = acc.statements[key]
        loc = Location(page=stmt.pages[0] if stmt.pages else None, table=stmt.title)
        if not stmt.empty and not stmt.unit:
            yield Finding(
                rule="DISC-009",
                severity="info",
                message=f"{stmt.title}未标明金额单位。",
                location=loc,
                expected=common_unit or "万元",
                actual="未标明",
            )
        elif stmt.unit and common_unit and stmt.unit != common_unit:
            yield Finding(
                rule="DISC-009",
                severity="warning",
                message=f"{stmt.title}金额单位为“{stmt.unit}”，与其他表的“{common_unit}”不同。",
                location=loc,
                expected=common_unit,
                actual=stmt.unit,
            )
        cells = [
            (ln, col, a)
            for ln in stmt.lines
            for col, a in ln.values.items()
            if a.value != 0
        ]
        counts = Counter(a.decimals for _, _, a in cells)
        if len(counts) > 1:
            usual = counts.most_common(1)[0][0]
            odd = [(ln, col, a) for ln, col, a in cells if a.decimals != usual]
            ln, col, a = odd[0]
            shown = "、".join(
                f"{d}位{n}个" for d, n in sorted(counts.items(), reverse=True)
            )
            yield Finding(
                rule="DISC-009",
                severity="info",
                message=f"{stmt.title}金额小数位数不一致（{shown}），如“{ln.label}”{col}印为{a.raw or a.value}。",
                location=stmt.location(ln, col),
                expected=f"{usual}位小数",
                actual=f"{a.decimals}位小数",
                evidence=[f"{o.label} {c} {x.raw or x.value}" for o, c, x in odd[:5]],
            )
    # Percent precision across the narrative.
    hits: list[tuple[int, int | None, str, str]] = []
    for page, text in acc.texts:
        flat = compact(text)
        for m in _PCT.finditer(flat):
            hits.append(
                (
                    len(m.group(2)),
                    page,
                    m.group(0),
                    sentence_around(flat, m.start(), m.end()),
                )
            )
    counts = Counter(d for d, *_ in hits)
    if len(counts) > 1:
        usual = counts.most_common(1)[0][0]
        odd = [h for h in hits if h[0] != usual]
        d, page, raw, sentence = odd[0]
        shown = "、".join(
            f"{k}位{n}处" for k, n in sorted(counts.items(), reverse=True)
        )
        yield Finding(
            rule="DISC-009",
            severity="info",
            message=f"情况说明中百分比保留的小数位数不一致（{shown}），如第{page}页“{raw}”。"
            if page
            else f"情况说明中百分比保留的小数位数不一致（{shown}），如“{raw}”。",
            location=Location(page=page, sentence=sentence),
            expected=f"{usual}位小数",
            actual=f"{d}位小数",
            evidence=[f"{h[2]}（{h[3]}）" for h in odd[:5]],
        )
