"""DISC-005: the 政府采购 text states the total, its split and the share awarded to SMEs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, missing_elements, passages
from tools.findings import Finding

_AMOUNT = r"\d[\d,]*(?:\.\d+)?\s*万?元"
ELEMENTS: dict[str, tuple[str, str]] = {
    # name → (what the message calls it, pattern)
    "总额": (
        "政府采购支出总额",
        rf"(?:总额|采购金额|采购支出|政府采购)[^。；]{{0,30}}?{_AMOUNT}",
    ),
    "货物": ("货物采购金额", rf"货物[^。；]{{0,12}}?{_AMOUNT}"),
    "工程": ("工程采购金额", rf"工程[^。；]{{0,12}}?{_AMOUNT}"),
    "服务": ("服务采购金额", rf"服务[^。；]{{0,12}}?{_AMOUNT}"),
    "中小企业": ("授予中小企业合同金额", rf"中小企业[^。]{{0,40}}?{_AMOUNT}"),
    "占比": (
        "授予中小企业合同金额占比",
        r"(?:中小|小微)企业[^。]{0,60}?占[^。]{0,30}?\d+(?:\.\d+)?\s*%",
    ),
    "小微企业": ("授予小微企业合同金额", rf"小微企业[^。]{{0,40}}?{_AMOUNT}"),
}
_NONE = re.compile(
    r"(?:无|未发生|没有|未开展)[^。；]{0,8}政府采购|政府采购[^。；]{0,10}?(?:为零|(?<![\d.])0(?:\.0+)?万?元)"
)


@rule("DISC-005", "disclosure.procurement", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """政府采购情况应说明采购支出总额、货物/工程/服务采购金额、授予中小企业合同金额及占比。

    Trigger: the 政府采购 part of the 情况说明 lacks one of the configured elements (default: 总额,
    货物, 工程, 服务, 中小企业 amount, 占比; 小微企业 when configured). A report that says it had no
    政府采购 is not asked for the split.

    Why it matters: the 143号 公开目录 lists these figures; the SME share is the policy indicator
    of 政府采购促进中小企业发展.

    Example: pass — '政府采购支出总额318.40万元，其中：政府采购货物支出12.60万元、工程支出0万元、服务
    支出305.80万元。授予中小企业合同金额318.40万元，占政府采购支出总额的100%'. fail — only the total
    and the 货物/工程/服务 split, nothing on 中小企业 (warning).

    Configuration: `disclosure.procurement_elements`.
    """
    wanted = [e for e in ctx.profile.disclosure.procurement_elements if e in ELEMENTS]
    for passage in passages(ctx.accounts, ("政府采购",)):
        flat = compact(passage.text)
        if "政府采购" not in flat and "采购" not in flat:
            continue
        if _NONE.search(flat) and not re.search(r"货物|工程|服务", flat):
            continue
        missing = [
            ELEMENTS[e][0] for e in wanted if not re.search(ELEMENTS[e][1], flat)
        ]
        yield from missing_elements("DISC-005", "政府采购", passage, missing)
