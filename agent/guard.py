"""The numeric guard: every number in model output must be a fact.

`unverified` lists the numbers of a text that are not in a `FactBook` (unit-aware, at the
writer's displayed precision). The injection checks (`instruction_like`, `claims_clean`) live in
agent/injection.py and are re-exported here for the callers that apply both.
"""

from __future__ import annotations

from agent.facts import TIME_UNITS, FactBook, mask_identifiers
from agent.injection import claims_clean, instruction_like
from tools.numbers import Quantity, find_quantities

__all__ = ["claims_clean", "instruction_like", "unverified"]


def _is_time(q: Quantity) -> bool:
    return q.kind in ("date", "year") or (q.kind == "count" and q.unit in TIME_UNITS)


def unverified(text: str | None, book: FactBook, *, allow_time: bool = False) -> list[str]:
    """Numbers in `text` that are not facts, as written (in order, without repeats).

    Args:
        allow_time: dates, years and durations pass (a proposed deadline in a drafted measure).
    """
    out: list[str] = []
    for q in find_quantities(mask_identifiers(text or "")):
        if allow_time and _is_time(q):
            continue
        if not book.allows(q) and q.raw not in out:
            out.append(q.raw.strip())
    return out

