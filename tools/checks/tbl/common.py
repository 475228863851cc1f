"""Helpers shared by the TBL rules: columns, readable cells, code hierarchy, row sums."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from tools.accounts.model import Amount, Line, Statement, clean_code
from tools.checks.base import amount_text, equal_check, related, sum_check
from tools.findings import Finding, Severity


def amount_columns(stmt: Statement) -> list[str]:
    """Every amount column of the table: the header's keys, then any key only the lines carry."""
    out = list(stmt.columns)
    for ln in stmt.lines:
        for key in (*ln.values, *ln.unreadable):
            if key not in out:
                out.append(key)
    return out


def readable(lines: Iterable[Line], columns: Sequence[str]) -> bool:
    """No operand cell holds non-numeric text (such a cell cannot be checked; TBL-010 reports it)."""
    return not any(col in ln.unreadable for ln in lines for col in columns)


def printed(lines: Iterable[Line], columns: Sequence[str]) -> bool:
    """At least one of these cells carries an amount (an all-blank check is trivially 0 = 0)."""
    return any(col in ln.values for ln in lines for col in columns)


def negated(amount: Amount | None) -> Amount | None:
    """The same printed amount with the opposite sign, for a subtracted operand of an identity."""
    if amount is None:
        return None
    return amount.model_copy(update={"value": -amount.value})


def where(stmt: Statement, line: Line, column: str | None = None) -> str:
    """Chinese reference to a cell: 表名“行”“栏”."""
    text = f"{stmt.title}“{line.label}”"
    return f"{text}“{column}”栏" if column else text


def coded_lines(
    stmt: Statement, lengths: tuple[int, ...] = (3, 5, 7)
) -> dict[str, Line]:
    """Code → line for every coded line (first printing wins, so a repeated row is not counted twice)."""
    out: dict[str, Line] = {}
    for ln in stmt.lines:
        code = clean_code(ln.code)
        if code and len(code) in lengths and code not in out:
            out[code] = ln
    return out


def parent_code(code: str, lengths: tuple[int, ...] = (3, 5, 7)) -> str | None:
    """The code one level up (7 → 5 → 3 digits), or None for a top-level code."""
    idx = lengths.index(len(code)) if len(code) in lengths else -1
    return code[: lengths[idx - 1]] if idx > 0 else None


def children(
    coded: dict[str, Line], lengths: tuple[int, ...] = (3, 5, 7)
) -> dict[str, list[tuple[str, Line]]]:
    """Parent code → its printed direct children (in print order); parents without children are absent."""
    out: dict[str, list[tuple[str, Line]]] = {}
    for code, ln in coded.items():
        parent = parent_code(code, lengths)
        if parent is not None and parent in coded:
            out.setdefault(parent, []).append((code, ln))
    return out


def level_name(code: str) -> str:
    return {3: "类", 5: "款", 7: "项"}.get(len(code), "")


def hierarchy_checks(
    code: str,
    severity: Severity,
    stmt: Statement,
    lengths: tuple[int, ...] = (3, 5, 7),
    columns: Sequence[str] | None = None,
) -> Iterator[Finding]:
    """Each printed parent 科目 equals the sum of its printed direct children, in every amount column."""
    coded = coded_lines(stmt, lengths)
    kids = children(coded, lengths)
    cols = list(columns) if columns is not None else amount_columns(stmt)
    for parent, members in kids.items():
        parent_line = coded[parent]
        child_lines = [ln for _, ln in members]
        child_level = level_name(members[0][0])
        for col in cols:
            if not readable([parent_line, *child_lines], [col]) or not printed(
                [parent_line, *child_lines], [col]
            ):
                continue
            yield from sum_check(
                code,
                severity,
                subject=f"{where(stmt, parent_line, col)}（{level_name(parent)}级）",
                stated=parent_line.values.get(col),
                parts=[(ln.label, ln.values.get(col)) for ln in child_lines],
                location=stmt.location(parent_line, col),
                what=f"{child_level}级科目之和",
            )


def row_sum_checks(
    code: str,
    severity: Severity,
    stmt: Statement,
    total_column: str,
    part_columns: Sequence[str],
) -> Iterator[Finding]:
    """In every line, the total column equals the sum of the part columns the table prints."""
    if not stmt.has_column(total_column):
        return
    parts = [c for c in part_columns if stmt.has_column(c)]
    if not parts:
        return
    for ln in stmt.lines:
        cols = [total_column, *parts]
        if not readable([ln], cols) or not printed([ln], cols):
            continue
        yield from sum_check(
            code,
            severity,
            subject=where(stmt, ln, total_column),
            stated=ln.values.get(total_column),
            parts=[(c, ln.values.get(c)) for c in parts],
            location=stmt.location(ln, total_column),
        )


def sides_balance(
    code: str, stmt: Statement, inc: Line, inc_col: str, exp: Line, exp_col: str
) -> Iterator[Finding]:
    """A two-sided table's 收入方 总计 equals its 支出方 总计 (unreadable cells cannot be checked)."""
    if not (readable([inc], [inc_col]) and readable([exp], [exp_col])):
        return
    yield from equal_check(
        code,
        "error",
        subject=f"{stmt.title}收入方“{inc.label}”",
        stated=inc.values.get(inc_col),
        other=exp.values.get(exp_col),
        other_name=f"支出方“{exp.label}”",
        location=stmt.location(inc, inc_col),
        related=[related(stmt.location(exp, exp_col))],
        evidence=[
            f"{where(stmt, inc, inc_col)} {amount_text(inc.values.get(inc_col))}",
            f"{where(stmt, exp, exp_col)} {amount_text(exp.values.get(exp_col))}",
        ],
    )
