"""DISC-001: every configured 公开表 is published; an empty one says why."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.accounts.model import FinalAccounts, Statement
from tools.checks.base import Context, rule
from tools.checks.disc._text import compact
from tools.findings import Finding, Location

# A note that explains an empty table: '故本表无数据', '本单位无政府性基金预算财政拨款收支', '不涉及'.
_EMPTY_NOTE = re.compile(
    r"无数据|空表|为空|不涉及|(?:无|没有|未(?:发生|安排|使用)?)[^，。；,;]{0,30}(?:收入|支出|收支|经费|资金|拨款|数据)"
)
# What a note elsewhere in the text must name to explain this table.
_SUBJECT = {"T07": ("三公",), "T08": ("政府性基金",), "T09": ("国有资本经营",)}


def _explained(stmt: Statement, accounts: FinalAccounts) -> bool:
    if stmt.empty_note:
        return True
    if any(_EMPTY_NOTE.search(compact(n)) for n in stmt.notes):
        return True
    subject = _SUBJECT.get(stmt.key, (stmt.title,))
    for page, text in accounts.texts:
        flat = compact(text)
        if not _EMPTY_NOTE.search(flat):
            continue
        if (
            page is not None
            and page in stmt.pages
            and ("本表" in flat or any(s in flat for s in subject))
        ):
            return True
        if any(s in flat for s in subject):
            return True
    return False


@rule("DISC-001", "disclosure.tables_present", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """应公开的部门决算表须全部公开；无数据的表也应公开空表并注明原因。

    Trigger: a table the profile lists as required (default 公开01–09表) is not found (error); or a
    table is printed with no amount in any cell and neither its notes nor the 情况说明 say why
    (e.g. '本单位无政府性基金预算财政拨款收入支出，故本表无数据') (warning).

    Why it matters: 财预〔2016〕143号 fixes the set of tables; an empty table is still published,
    with the reason, so readers can tell "nothing to report" from "not reported".

    Example: pass — 公开08表 printed empty with '说明：…本年度没有政府性基金预算财政拨款收入和支出，
    故本表无数据。'. fail — no 公开07表 三公 table at all (error); 公开09表 empty and no note (warning).

    Configuration: `tables` (each table's number, titles and `required`).
    """
    acc = ctx.accounts
    if not acc.statements:
        return  # not a 决算 report read as tables: nothing to check
    for key, spec in ctx.profile.tables.items():
        stmt = acc.statements.get(key)
        label = f"{spec.number}《{spec.titles[0]}》"
        if stmt is None:
            if spec.required:
                yield Finding(
                    rule="DISC-001",
                    severity="error",
                    message=f"未找到{label}，部门决算应公开该表（无数据的也应公开空表并说明）。",
                    location=Location(table=spec.titles[0]),
                    expected="公开",
                    actual="未公开",
                    evidence=[f"已识别的表：{'、'.join(sorted(acc.statements))}"],
                )
            continue
        if stmt.empty and not _explained(stmt, acc):
            yield Finding(
                rule="DISC-001",
                severity="warning",
                message=f"{label}为空表，但表下及情况说明均未说明无数据的原因。",
                location=Location(
                    page=stmt.pages[0] if stmt.pages else None, table=stmt.title
                ),
                expected="空表附说明",
                actual="空表无说明",
                evidence=list(stmt.notes),
            )
