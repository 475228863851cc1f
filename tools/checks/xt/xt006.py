"""XT-006: 财政拨款 spending per 功能科目 never exceeds all-funds spending (T05+T08+T09 ≤ T03; T04 ≤ T01)."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Statement
from tools.checks.base import Context, related, rule
from tools.checks.xt._common import (
    Cell,
    cell,
    class_code,
    class_names,
    coded,
    not_above,
    total_line,
)
from tools.findings import Finding

_T03 = {"合计": "本年支出合计", "基本支出": "基本支出", "项目支出": "项目支出"}
_FUND_COLS = {
    "合计": ("本年支出/合计", "合计"),
    "基本支出": ("本年支出/基本支出", "基本支出"),
    "项目支出": ("本年支出/项目支出", "项目支出"),
}


def _fund_column(stmt: Statement, kind: str) -> str | None:
    return next((c for c in _FUND_COLS[kind] if stmt.has_column(c)), None)


@rule("XT-006", "cross.fiscal_within_all_funds", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """各功能科目的财政拨款支出不应超过该科目的全部支出（公开05+08+09表 ≤ 公开03表；公开04表 ≤ 公开01表）。

    Trigger: for a 功能科目 code (类, 款 or 项, and the 合计 row), the 一般公共预算 spending in
    公开05表 plus any 政府性基金 (公开08表) and 国有资本经营 (公开09表) spending exceeds the 本年支出合计
    of that code in 公开03表 — column by column for 合计, 基本支出 and 项目支出 — by more than rounding;
    or a 类's 财政拨款 spending in 公开04表 exceeds the same 类 in 公开01表. A code missing from 公开03表
    reads as zero. When a 项 already breaks the rule its 款 and 类 are not reported again.

    Why it matters: 财政拨款 is part of all funds; spending more of it than of all funds is impossible.
    (The reverse gap is normal: 非财政拨款 money, e.g. 2120101 行政运行 1087.45 in 公开03表 vs
    1074.60 in 公开05表.)

    Example: pass — 2120101 公开05表 1074.60 ≤ 公开03表 1087.45. fail — 2013801 公开05表 基本支出
    1874.40 but 公开03表 基本支出 1865.40 (error); 0.01 over is info (尾数误差).

    Configuration: none.
    """
    t01, t03, t04, t05, t08, t09 = (
        ctx.table(k) for k in ("T01", "T03", "T04", "T05", "T08", "T09")
    )
    if t03 is not None and (coded(t03) or t03.empty):
        yield from _codes(t03, [t for t in (t05, t08, t09) if t is not None])
    if t01 is not None and t04 is not None and t04.has_column("支出/合计"):
        names = class_names(t03) if t03 is not None else {}
        all_funds = {
            class_code(ln, names): ln for ln in t01.items("支出", "本年支出合计")
        }
        if any(ln.side == "支出" for ln in t01.lines):
            for line in t04.items("支出", "本年支出合计"):
                code = class_code(line, names)
                part = cell(t04, line, "支出/合计")
                whole = cell(
                    t01,
                    all_funds.get(code),
                    "支出/决算数",
                    label=line.key,
                    absent_zero=True,
                )
                if code is None or part is None or whole is None:
                    continue
                yield from not_above(
                    "XT-006",
                    "error",
                    part=[part],
                    whole=whole,
                    subject=f"{line.key}财政拨款支出超过该类全部支出",
                    location=part.location,
                )


def _codes(t03: Statement, fiscal: list[Statement]) -> Iterator[Finding]:
    t03_lines = coded(t03)
    t03_total = total_line(t03)
    rows: dict[str, list[tuple[Statement, object]]] = {}
    for stmt in fiscal:
        lines = dict(coded(stmt))
        tl = total_line(stmt)
        if tl is not None:
            lines["合计"] = tl
        for code, line in lines.items():
            rows.setdefault(code, []).append((stmt, line))
    flagged: dict[str, set[str]] = {k: set() for k in _T03}
    for code in sorted(rows, key=lambda c: (c == "合计", -len(c))):
        t03_line = t03_total if code == "合计" else t03_lines.get(code)
        for kind, t03_col in _T03.items():
            if code != "合计" and any(f.startswith(code) for f in flagged[kind]):
                continue
            if code == "合计" and flagged[kind]:
                continue
            parts: list[Cell] = []
            for stmt, line in rows[code]:
                col = _fund_column(stmt, kind)
                c = cell(stmt, line, col) if col else None  # type: ignore[arg-type]
                if c is not None:
                    parts.append(c)
            if not parts or all(p.zero for p in parts):
                continue
            label = (
                "合计"
                if code == "合计"
                else (
                    None
                    if t03_line is not None
                    else f"{code} {parts[0].line.name or ''}".strip()
                )
            )
            whole = cell(t03, t03_line, t03_col, label=label, absent_zero=True)
            if whole is None:
                continue
            name = parts[0].line.label if parts[0].line is not None else code
            found = list(
                not_above(
                    "XT-006",
                    "error",
                    part=parts,
                    whole=whole,
                    subject=f"“{name}”财政拨款{kind}超过{t03.title}同一科目",
                    location=parts[0].location,
                    extra_related=[related(p.location) for p in parts[1:]],
                )
            )
            if any(f.severity != "info" for f in found):
                flagged[kind].add(code)
            yield from found
