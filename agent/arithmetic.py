"""Exact Decimal arithmetic for the chat on numbers the document prints (the model never computes).

Every operand must be a number of the review's facts (or the result of an earlier calculation
in the same session), so a model cannot launder a number it made up through a calculation.
Results go into the session's `computed` book, which the numeric guard accepts.
"""

from __future__ import annotations

from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agent.facts import FactBook
from tools.numbers import Quantity, parse_value
from tools.tolerance import HUNDRED, fmt, quantize

Operation = Literal["sum", "difference", "ratio", "percent_change"]
OPERATION_CN: dict[str, str] = {"sum": "求和", "difference": "差额", "ratio": "占比", "percent_change": "变动率"}
ARITY: dict[str, tuple[int, int]] = {"sum": (2, 50), "difference": (2, 2), "ratio": (2, 2), "percent_change": (2, 2)}
# Digits kept of a quotient in the book, so a model may state it at any coarser precision.
EXACT_DIGITS = 10
PERCENT_DIGITS = 2


class Calculation(BaseModel):
    """One exact calculation: the operands as given, the result and how it is shown."""

    model_config = ConfigDict(frozen=True)

    operation: Operation
    operands: list[Decimal]
    result: Decimal
    rounded: Decimal
    """The result at the displayed precision (the operands' decimals; 2 for percentages)."""
    shown: str
    """The result as stated to the model ('1785.72', '24.38%')."""
    unit: str | None = None
    text: str


class CalculationError(ValueError):
    """Operands the tool refuses; the message is written for the model, in Chinese."""


def _operand(raw: str, facts: FactBook, derived: FactBook) -> Quantity:
    q = parse_value(str(raw).strip())
    if q is None or q.value is None or q.kind in ("year", "date"):
        raise CalculationError(f"无法识别的数字“{raw}”。请照抄工具结果中的数字（如 1409.91），不要带文字。")
    v = abs(q.value)
    if v not in facts.plain and v not in derived.plain:
        raise CalculationError(
            f"数字 {q.raw} 不是文件中出现的数字，不能参与计算。"
            "请先用 table_values、narrative_claims、form_indicators 或 get_finding 查到文件中的数字，再照抄用于计算。"
        )
    return q


def _unit(qs: list[Quantity]) -> str | None:
    units = {q.unit for q in qs if q.unit}
    return units.pop() if len(units) == 1 else None


def calculate(operation: Operation, operands: list[str], facts: FactBook, derived: FactBook) -> Calculation:
    """The exact result of `operation` over `operands`; raises CalculationError with a Chinese message.

    Args:
        facts: the review's numbers; every operand must be one of them (or in `derived`).
        derived: results of earlier calculations; this result is added to it.
    """
    lo, hi = ARITY[operation]
    if not lo <= len(operands) <= hi:
        want = f"{lo} 个" if lo == hi else f"{lo} 至 {hi} 个"
        raise CalculationError(f"{OPERATION_CN[operation]}需要 {want}数字，收到 {len(operands)} 个。")
    qs = [_operand(o, facts, derived) for o in operands]
    vals = [q.value for q in qs if q.value is not None]
    unit = _unit(qs)
    decimals = max(q.decimals for q in qs)
    try:
        if operation == "sum":
            result = sum(vals, Decimal(0))
            formula = " + ".join(q.raw for q in qs)
        elif operation == "difference":
            result = vals[0] - vals[1]
            formula = f"{qs[0].raw} − {qs[1].raw}"
        elif operation == "ratio":
            result = vals[0] * HUNDRED / vals[1]
            formula = f"{qs[0].raw} ÷ {qs[1].raw} × 100%"
        else:
            result = (vals[1] - vals[0]) * HUNDRED / vals[0]
            formula = f"（{qs[1].raw} − {qs[0].raw}）÷ {qs[0].raw} × 100%"
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        raise CalculationError("除数为零，无法计算。") from None
    if operation in ("ratio", "percent_change"):
        unit, decimals = "%", PERCENT_DIGITS
    rounded = quantize(result, decimals)
    shown = fmt(result, decimals) + (unit or "")
    calc = Calculation(
        operation=operation,
        operands=vals,
        result=result,
        rounded=rounded,
        shown=shown,
        unit=unit,
        text=f"{OPERATION_CN[operation]}：{formula} = {shown}",
    )
    record(calc, derived)
    return calc


def record(calc: Calculation, book: FactBook) -> None:
    """The result, exact and as shown, with either sign, into `book`."""
    exact = quantize(calc.result, EXACT_DIGITS)
    for v in (exact, calc.rounded):
        book.add(v, calc.unit)
        book.add(-v, calc.unit)
