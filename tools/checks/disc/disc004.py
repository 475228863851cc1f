"""DISC-004: the 三公 text states the counts behind the money."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, first_sentence, passages
from tools.findings import Finding

_NUM = r"(?:\d+|[零一二两三四五六七八九十百]+)"
# element → (T07 决算 column whose non-zero amount makes it required, patterns that all must appear)
_ELEMENTS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "因公出国（境）团组数": (
        "决算数/因公出国（境）费",
        (
            rf"团组{_NUM}?|{_NUM}个团组|{_NUM}批|未(?:安排|组织|发生)[^。；]{{0,8}}出国|无[^。；]{{0,8}}出国",
        ),
    ),
    "因公出国（境）人次": (
        "决算数/因公出国（境）费",
        (
            rf"{_NUM}\s*人次|{_NUM}人|未(?:安排|组织|发生)[^。；]{{0,8}}出国|无[^。；]{{0,8}}出国",
        ),
    ),
    "公务用车购置数": (
        "决算数/公务用车购置及运行维护费/公务用车购置费",
        (
            rf"购置[^。；]{{0,20}}{_NUM}\s*辆|购置数|更新[^。；]{{0,8}}{_NUM}\s*辆|未购置|无[^。；]{{0,6}}购置|没有购置",
        ),
    ),
    "公务用车保有量": (
        "决算数/公务用车购置及运行维护费/公务用车运行维护费",
        (r"保有量|保有|实有[^。；]{0,6}车",),
    ),
    "国内公务接待批次": ("决算数/公务接待费", (rf"{_NUM}\s*批|批次",)),
    "国内公务接待人次": ("决算数/公务接待费", (rf"{_NUM}\s*人次|{_NUM}人",)),
}
# Counts are searched near their item (a 接待 人次 does not answer for 出国).
_TOPIC = {"因公出国": "出国", "公务用车": "车", "国内公务接待": "接待"}
_WINDOW = 150


def _near(flat: str, element: str) -> str:
    word = next(w for k, w in _TOPIC.items() if element.startswith(k))
    return " ".join(
        flat[m.start() : m.start() + _WINDOW] for m in re.finditer(word, flat)
    )


@rule("DISC-004", "disclosure.sangong_counts", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """“三公”经费说明应列明出国团组数和人次、公务用车购置数和保有量、国内公务接待批次和人次。

    Trigger: the “三公” section of the 情况说明 lacks one of these counts. A count is only required
    when 公开07表 shows 决算 money for its item (出国费; 购置费 for 购置数; 运行维护费 for 保有量; 接待费),
    or when 公开07表 is not available. Saying '未安排出国团组' or '未购置' counts as stating it.

    Why it matters: the 2014 notice and the 2016 inspection ask for the physical quantities so the
    money can be judged (cost per 人次, per vehicle).

    Example: pass — '公务接待费0.39万元 … 国内公务接待2批次、26人次'. fail — '公务接待费0.39万元，
    主要用于接待上级部门调研' with no 批次/人次 (warning).

    Configuration: none.
    """
    t07 = ctx.table("T07")
    row = t07.lines[0] if t07 is not None and t07.lines else None
    for passage in passages(ctx.accounts, ("三公",)):
        flat = compact(passage.text)
        missing = []
        for element, (column, patterns) in _ELEMENTS.items():
            if t07 is not None and (t07.empty or row is not None):
                amount = row.values.get(column) if row is not None and column else None
                if amount is None or amount.value == 0:
                    continue
            near = _near(flat, element)
            if all(re.search(p, near) for p in patterns):
                continue
            missing.append(element)
        if not missing:
            continue
        sentence = first_sentence(flat)
        yield Finding(
            rule="DISC-004",
            severity="warning",
            message=f"“三公”经费说明未列明{'、'.join(missing)}。",
            location=passage.location(sentence),
            expected="、".join(missing),
            actual="未列明",
            evidence=[sentence],
        )
