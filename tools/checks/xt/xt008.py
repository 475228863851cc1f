"""XT-008: one 科目编码, one 科目名称 — across the coded tables and in the narrative."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tools.accounts.model import Claim, Line, Statement, clean_code
from tools.checks.base import Context, related, rule
from tools.checks.xt._common import norm_name
from tools.findings import Finding

_FUNCTIONAL = ("T02", "T03", "T05", "T08", "T09")
_LEVEL_WORD = {3: "类", 5: "款", 7: "项"}
# A name before a '（项）' marker; it may hold bracketed text of its own ('政府办公厅（室）').
_SEGMENT = re.compile(
    r"((?:[^（）()，。、；：:\s]|[（(](?![类款项]\s*[)）])[^（）()]{1,6}[)）])+?)\s*[（(]\s*([类款项])\s*[)）]"
)


def _name(line: Line) -> str:
    code = clean_code(line.code) or ""
    return norm_name(line.name or line.label.removeprefix(code))


def _core(name: str) -> str:
    return name.removesuffix("支出").removesuffix("的")


def _same(a: str, b: str) -> bool:
    """Narrative wording may drop or add the trailing '支出'; anything else is a different name."""
    return _core(a) == _core(b)


@rule("XT-008", "cross.code_names", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """同一科目编码在各表及情况说明中的科目名称应一致。

    Trigger: a 功能分类 code prints different names in 公开02/03/05/08/09表 (compared without spaces
    and with full-/half-width brackets unified), or a 情况说明 sentence names a 科目 '…（项）' for a figure
    linked to a code whose table name is different (a trailing '支出' is ignored).

    Why it matters: the name is how readers find a 科目; a renamed or outdated 科目 (e.g. 国土资源 →
    自然资源) or a name copied from another row suggests the wrong 科目 or a stale template.

    Example: pass — 2080505 printed as '机关事业单位基本养老保险缴费支出' in 公开02表 and as
    '机关事业单位基本养老保险缴费支 出' (wrapped) in 公开03表. fail — 2200199 '其他自然资源事务支出' in 公开05表,
    '其他国土资源事务支出（项）' in the narrative (warning).

    Configuration: none.
    """
    by_code: dict[str, list[tuple[Statement, Line, str]]] = {}
    for key in _FUNCTIONAL:
        stmt = ctx.table(key)
        if stmt is None:
            continue
        seen: set[str] = set()
        for line in stmt.lines:
            code = clean_code(line.code)
            if not code or code in seen:
                continue
            name = _name(line)
            if not name:
                continue
            seen.add(code)
            by_code.setdefault(code, []).append((stmt, line, name))
    for code, printings in by_code.items():
        counts = Counter(name for _, _, name in printings)
        if len(counts) < 2:
            continue
        common = counts.most_common(1)[0][0]
        ref_stmt, ref_line, _ = next(p for p in printings if p[2] == common)
        for stmt, line, name in printings:
            if name == common:
                continue
            yield Finding(
                rule="XT-008",
                severity="warning",
                message=f"科目编码{code}在{stmt.title}中名称为“{name}”，在{ref_stmt.title}中为“{common}”，同一科目名称不一致。",
                location=stmt.location(line),
                expected=common,
                actual=name,
                evidence=[f"{s.title} {code} {n}" for s, _, n in printings],
                related=[related(ref_stmt.location(ref_line))],
            )
    yield from _narrative(ctx)


def _narrative(ctx: Context) -> Iterator[Finding]:
    """Names written before '（类）/（款）/（项）' in a sentence against the table's 科目 names.

    A linked figure is checked at every level its code implies (the 款 and 类 are its prefixes). An
    unlinked figure is placed by its written 款 and its amount: the one 项 of that 款 printing the
    same amount (a differing name is why the linker could not match it).
    """
    done: set[tuple[str, str, str]] = set()
    for claim in ctx.accounts.claims:
        segments = [
            (norm_name(m.group(1)), m.group(2))
            for m in _SEGMENT.finditer(claim.subject)
        ]
        if not segments:
            continue
        placed = _place(ctx, claim, segments)
        if placed is None:
            continue
        stmt, line = placed
        code = clean_code(line.code) or ""
        lines = {clean_code(ln.code): ln for ln in stmt.lines if ln.code}
        for name, level in segments:
            length = next(k for k, v in _LEVEL_WORD.items() if v == level)
            target = lines.get(code[:length]) if len(code) >= length else None
            if target is None:
                continue
            table_name = _name(target)
            key = (code[:length], name, claim.sentence)
            if not table_name or _same(name, table_name) or key in done:
                continue
            done.add(key)
            yield Finding(
                rule="XT-008",
                severity="warning",
                message=f"情况说明将科目{code[:length]}写作“{name}（{level}）”，但{stmt.title}中该科目名称为“{table_name}”。",
                location=claim.location(),
                expected=table_name,
                actual=name,
                evidence=[claim.sentence, f"{stmt.title} {code[:length]} {table_name}"],
                related=[related(stmt.location(target))],
            )


def _place(
    ctx: Context, claim: Claim, segments: list[tuple[str, str]]
) -> tuple[Statement, Line] | None:
    ref = claim.ref
    if ref is not None:
        if ref.table not in _FUNCTIONAL:
            return None
        found = ctx.accounts.lookup(ref)
        if found is None or not clean_code(found[1].code):
            return None
        return found[0], found[1]
    # Unlinked: the written 款 names a 5-digit line of 公开05表 (or 03表); its 项 printing the amount.
    kuan = [n for n, level in segments if level == "款"]
    xiang = [n for n, level in segments if level == "项"]
    amount = claim.final or claim.amount
    if not kuan or not xiang or amount is None:
        return None
    for key in ("T05", "T03"):
        stmt = ctx.table(key)
        if stmt is None:
            continue
        parents = [
            ln
            for ln in stmt.lines
            if len(clean_code(ln.code) or "") == 5 and _same(_name(ln), kuan[-1])
        ]
        if len(parents) != 1:
            continue
        pcode = clean_code(parents[0].code) or ""
        column = "合计" if key == "T05" else "本年支出合计"
        kids = [
            ln
            for ln in stmt.lines
            if len(clean_code(ln.code) or "") == 7
            and (clean_code(ln.code) or "").startswith(pcode)
            and ln.values.get(column) is not None
            and ln.values[column].value == amount.value
        ]
        if len(kids) == 1:
            return stmt, kids[0]
    return None
