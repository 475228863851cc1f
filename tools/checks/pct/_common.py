"""Shared helper of the PCT family: a printed percentage against its recomputation from amounts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import amount_text
from tools.findings import Finding, Location, RelatedLocation, Severity
from tools.tolerance import HUNDRED, Interval, compare_pct, fmt

_TAIL = {
    "rounding": "，在四舍五入误差范围内（尾数误差）。",
    "off_by_one": "，末位相差1，可能为截尾或为凑足100%而调整所致。",
    "mismatch": "。",
}


def pct_check(
    code: str,
    severity: Severity,
    *,
    subject: str,
    stated: Num,
    part: tuple[Decimal, Interval],
    whole: tuple[Decimal, Interval],
    formula: str,
    location: Location,
    related: list[RelatedLocation] | None = None,
    evidence: list[str] | None = None,
) -> Iterator[Finding]:
    """Compare a printed percentage with part ÷ whole; equal → nothing, 尾数 → info, last digit → warning.

    Args:
        subject: what the percentage is, in Chinese ('情况说明“一般公共服务支出”占比').
        formula: the recomputation in words and numbers ('1650.20÷4718.26').
    """
    verdict = compare_pct(stated, part, whole)
    if verdict in (None, "equal"):
        return
    point = part[0] * HUNDRED / whole[0]
    sev: Severity = {"rounding": "info", "off_by_one": "warning", "mismatch": severity}[
        verdict
    ]  # type: ignore[assignment]
    yield Finding(
        rule=code,
        severity=sev,
        message=f"{subject}为{amount_text(stated)}%，按{formula}重算为{fmt(point, stated.decimals)}%{_TAIL[verdict]}",
        location=location,
        expected=f"{fmt(point, stated.decimals)}%",
        actual=f"{amount_text(stated)}%",
        difference=fmt(stated.value - point, stated.decimals),
        evidence=evidence or [],
        related=related or [],
    )


def of(num: Num | None) -> tuple[Decimal, Interval]:
    """(printed value, interval) of a figure; a blank is exactly zero."""
    return (num.value if num is not None else Decimal(0)), Interval.of(num)
