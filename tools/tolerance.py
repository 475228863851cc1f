"""Rounding tolerance by intervals: a value printed with d decimals stands for v ± ½·10⁻ᵈ.

A stated figure is *inconsistent* with a computed one only when their intervals cannot meet
(XBRL Calculations 1.1, as Arelle implements it). When they meet but the printed digits differ,
the gap is 尾数误差 and is reported as info, never as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from tools.accounts.model import Num

HUNDRED = Decimal(100)

Verdict = Literal["equal", "rounding", "mismatch"]
"""equal: the printed digits agree; rounding: within tolerance (尾数误差); mismatch: intervals disjoint."""


def half_unit(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


@dataclass(frozen=True)
class Interval:
    """A closed interval [lo, hi] of exact Decimals."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def of(cls, num: Num | None) -> Interval:
        """The interval a printed number stands for; a blank (None) is exactly zero."""
        if num is None:
            return cls(Decimal(0), Decimal(0))
        h = half_unit(num.decimals)
        return cls(num.value - h, num.value + h)

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def abs(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(Decimal(0), max(-self.lo, self.hi))

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi


def total(
    nums: Iterable[Num | None], interval: Callable[[Num | None], Interval] | None = None
) -> tuple[Decimal, Interval]:
    """Exact sum of the printed values and the interval of the true sum.

    Args:
        interval: what one printed value stands for (default `Interval.of`: v ± half a unit).
    """
    of = interval or Interval.of
    point = Decimal(0)
    iv = Interval.exact(Decimal(0))
    for n in nums:
        if n is None:
            continue
        point += n.value
        iv = iv + of(n)
    return point, iv


def score_interval(n: Num | None) -> Interval:
    """What a printed score stands for: whole scores print without decimals and are exact.

    Forms print '10', '7.50', '4.9', '2.4'; only a score printed with decimals may be rounded
    (2.4 for 2.44). Reading '10' as 9.5–10.5 would let ten whole scores hide a 5-point slip.
    """
    if n is None:
        return Interval.exact(Decimal(0))
    return Interval.exact(n.value) if n.decimals == 0 else Interval.of(n)


def ratio(part: Interval, whole: Interval) -> Interval | None:
    """part ÷ whole × 100 as an interval; None when the whole may be zero (no finite percentage)."""
    if whole.contains_zero():
        return None
    candidates = [
        a * HUNDRED / b for a in (part.lo, part.hi) for b in (whole.lo, whole.hi)
    ]
    return Interval(min(candidates), max(candidates))


def quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def compare(stated: Num | None, point: Decimal, computed: Interval) -> Verdict:
    """Compare a printed figure with a computed one (point value from the printed operands).

    Args:
        stated: the printed figure; None (a blank cell) is zero printed exactly.
        point: the computation on the printed values.
        computed: the interval the true value of the computation lies in.
    """
    decimals = stated.decimals if stated is not None else 2
    value = stated.value if stated is not None else Decimal(0)
    if quantize(point, decimals) == value:
        return "equal"
    if (
        Interval.of(stated).meets(computed)
        if stated is not None
        else computed.contains_zero()
    ):
        return "rounding"
    return "mismatch"


def fmt(value: Decimal, decimals: int = 2) -> str:
    """A number as a person writes it: fixed decimals, no exponent, no float artefacts."""
    return f"{quantize(value, decimals):.{decimals}f}"


PctVerdict = Literal["equal", "rounding", "off_by_one", "mismatch"]


def compare_pct(
    stated: Num, part: tuple[Decimal, Interval], whole: tuple[Decimal, Interval]
) -> PctVerdict | None:
    """Recompute part ÷ whole at the stated precision; None when the whole is zero.

    'off_by_one' is a last-digit gap the amount intervals do not explain: the percentage was
    truncated instead of rounded, or forced so that shares sum to 100.
    """
    if whole[0] == 0:
        return None
    point = part[0] * HUNDRED / whole[0]
    iv = ratio(part[1], whole[1])
    if quantize(point, stated.decimals) == stated.value:
        return "equal"
    if iv is not None and Interval.of(stated).meets(iv):
        return "rounding"
    if abs(quantize(point, stated.decimals) - stated.value) <= Decimal(1).scaleb(
        -stated.decimals
    ):
        return "off_by_one"
    return "mismatch"
