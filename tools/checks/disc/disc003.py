"""DISC-003: 公务用车购置及运行维护费 is split into 购置费 and 运行维护费 (table and text)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, first_sentence, passages, sentence_around
from tools.findings import Finding, Location

_PURCHASE_COL = "公务用车购置费"
_RUNNING_COL = "公务用车运行维护费"
_SUBTOTAL_COLS = (
    "预算数/公务用车购置及运行维护费/小计",
    "决算数/公务用车购置及运行维护费/小计",
)
# The combined item name mentions both words; remove it before looking for the split.
_COMBINED = re.compile(r"购置(?:及|和|与|、)运行(?:维护)?费?")
_PURCHASE = re.compile(r"购置")
_RUNNING = re.compile(r"运行(?:维护|维修)?")


@rule("DISC-003", "disclosure.vehicle_split", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """公务用车购置及运行维护费应分别列示公务用车购置费和公务用车运行维护费（三公表和情况说明）。

    Trigger: 公开07表 prints a 公务用车购置及运行维护费 小计 but no 购置费 / 运行维护费 columns; or the
    “三公” section of the 情况说明 states 公务用车购置及运行维护费 without saying how much was 购置 and
    how much 运行维护. Nothing is required when 公开07表 shows no 公务用车 money (预算 and 决算 blank/0).

    Why it matters: 143号 and the 2016 inspection require the split; 购置 and 运行 are controlled
    separately and a combined figure hides new vehicle purchases.

    Example: pass — '公务用车购置费0.00万元，公务用车运行维护费28.00万元'. fail — '公务用车购置及运行
    维护费28.00万元，主要用于车辆燃油、维修' with no split (error).

    Configuration: none.
    """
    t07 = ctx.table("T07")
    if t07 is not None:
        row = t07.lines[0] if t07.lines else None
        has_sub = any(c in t07.columns for c in _SUBTOTAL_COLS)
        split = any(c.endswith(_PURCHASE_COL) for c in t07.columns) and any(
            c.endswith(_RUNNING_COL) for c in t07.columns
        )
        if has_sub and not split:
            yield Finding(
                rule="DISC-003",
                severity="error",
                message=f"{t07.title}只列示公务用车购置及运行维护费小计，未分列公务用车购置费和公务用车运行维护费。",
                location=Location(
                    page=t07.pages[0] if t07.pages else None, table=t07.title
                ),
                expected="分列购置费、运行维护费",
                actual="仅小计",
                evidence=list(t07.columns),
            )
        if (
            row is not None
            and not any(a.value != 0 for k, a in row.values.items() if "公务用车" in k)
            and (t07.columns or row.values)
        ):
            return  # no vehicle money at all: the text need not split zero
    for passage in passages(ctx.accounts, ("三公",)):
        flat = compact(passage.text)
        if "公务用车" not in flat:
            continue
        rest = _COMBINED.sub("", flat)
        missing = [
            w
            for w, pat in (
                ("公务用车购置费", _PURCHASE),
                ("公务用车运行维护费", _RUNNING),
            )
            if not pat.search(rest)
        ]
        if not missing:
            continue
        m = _COMBINED.search(flat)
        sentence = (
            sentence_around(flat, m.start(), m.end()) if m else first_sentence(flat)
        )
        yield Finding(
            rule="DISC-003",
            severity="error",
            message=f"“三公”经费说明只给出公务用车购置及运行维护费，未分别说明{'、'.join(missing)}。",
            location=passage.location(sentence),
            expected="分别说明购置费和运行维护费",
            actual="未分列",
            evidence=[sentence],
        )
