"""Shared helpers of the NAR family: reading the table cell a claim restates, comparing the two."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from tools.accounts.model import Amount, Claim, FinalAccounts, Line, Num, Ref, Statement
from tools.checks.base import Context, amount_text, equal_check, related
from tools.findings import Finding, Severity
from tools.tolerance import Interval


def ref_cell(
    accounts: FinalAccounts, ref: Ref
) -> tuple[Statement, Line, Amount | None] | None:
    """The cell a reference points at; None when it cannot be checked.

    A cell that is printed blank (or simply absent from a line whose table has that column) reads
    as zero; a table, line or column that does not exist, or an unreadable cell, cannot be checked.
    """
    hit = accounts.lookup(ref)
    if hit is None:
        return None
    stmt, line, amount = hit
    if amount is not None:
        return hit
    if ref.column in line.unreadable:
        return None
    if ref.column in line.blank or ref.column in stmt.columns or stmt.empty:
        return hit
    return None


def stated_amount(claim: Claim) -> Num | None:
    """The amount a claim restates from its ref: the stated amount, else the stated 决算数."""
    return claim.amount if claim.amount is not None else claim.final


def claim_subject(claim: Claim) -> str:
    return f"情况说明“{claim.subject}”"


def cell_name(stmt: Statement, line: Line, column: str) -> str:
    return f"{stmt.title}“{line.label}”{column}"


def compare_claims_with_tables(
    ctx: Context,
    code: str,
    severity: Severity,
    tables: tuple[str, ...],
    extra: Callable[[Claim, Statement, Line], Iterator[tuple[Num, str, str]]]
    | None = None,
) -> Iterator[Finding]:
    """Every claim whose ref points into `tables`: the stated amount equals the referenced cell.

    Args:
        tables: table keys this rule owns (each claim is checked by exactly one NAR rule).
        extra: further (stated figure, column key, label) pairs of the same claim and line, e.g. the
            budget figure of a 三公 claim against the 预算数 column.
    """
    for claim in ctx.accounts.claims:
        ref = claim.ref
        if ref is None or ref.table not in tables:
            continue
        pairs: list[tuple[Num, Ref, str]] = []
        stated = stated_amount(claim)
        if stated is not None:
            pairs.append((stated, ref, claim_subject(claim)))
        hit = ctx.accounts.lookup(ref)
        if extra is not None and hit is not None:
            for num, column, label in extra(claim, hit[0], hit[1]):
                pairs.append((num, ref.model_copy(update={"column": column}), label))
        for num, r, subject in pairs:
            cell = ref_cell(ctx.accounts, r)
            if cell is None:
                continue
            stmt, line, amount = cell
            yield from equal_check(
                code,
                severity,
                subject=subject,
                stated=num,
                other=amount,
                other_name=cell_name(stmt, line, r.column),
                location=claim.location(),
                related=[related(stmt.location(line, r.column))],
                evidence=[
                    claim.sentence,
                    f"{cell_name(stmt, line, r.column)} {amount_text(amount)}",
                ],
            )


def disjoint(a: Num | None, b: Num | None) -> bool:
    """The two printed figures differ beyond rounding (a blank/None is zero)."""
    return not Interval.of(a).meets(Interval.of(b))


def value(num: Num | None) -> Decimal:
    return num.value if num is not None else Decimal(0)
