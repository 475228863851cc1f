"""DISC-006: the 国有资产占用 text states vehicles and high-value equipment (or says 无)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, missing_elements, passages
from tools.findings import Finding

_NUM = r"(?:\d+|[零一二两三四五六七八九十百]+)"
# A single threshold sentence ('单价在100万元（含）以上的设备（不含车辆）1台（套）') covers both kinds of equipment.
_ANY_EQUIPMENT = r"\d+\s*万元[^。；]{0,8}以上[^。；]{0,4}设备"
ELEMENTS: dict[str, tuple[str, str]] = {
    "车辆": ("车辆数", rf"{_NUM}\s*辆|无[^。；]{{0,6}}车辆|没有[^。；]{{0,6}}车辆"),
    "通用设备": ("单价50万元以上通用设备数", rf"通用设备|{_ANY_EQUIPMENT}"),
    "专用设备": ("单价100万元以上专用设备数", rf"专用设备|{_ANY_EQUIPMENT}"),
}
_KEYWORDS = ("国有资产占用", "国有资产占有", "国有资产")


@rule("DISC-006", "disclosure.assets", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """国有资产占用情况应说明车辆数及单价50万元以上通用设备、单价100万元以上专用设备数量（没有的说明“无”）。

    Trigger: the 国有资产占用 part of the 情况说明 does not state the number of vehicles, or of
    high-value 通用设备 / 专用设备. A stated zero or '无' counts; a province whose template states one
    '单价100万元（含）以上设备' figure covers both equipment kinds.

    Why it matters: 143号 and the 2018 inspection list missing 国有资产占用 explanations as a common
    defect; vehicles and large equipment are what the public asks about.

    Example: pass — '共有车辆4辆 … 单价在100万元（含）以上的设备（不含车辆）1台（套）'. fail — '截至年底，本单位
    资产总额1200万元' with no vehicle or equipment count (warning).

    Configuration: `disclosure.asset_elements`.
    """
    wanted = [e for e in ctx.profile.disclosure.asset_elements if e in ELEMENTS]
    for passage in passages(ctx.accounts, _KEYWORDS):
        flat = compact(passage.text)
        if passage.heading is None and not any(k in flat for k in _KEYWORDS):
            continue
        missing = [
            ELEMENTS[e][0] for e in wanted if not re.search(ELEMENTS[e][1], flat)
        ]
        yield from missing_elements("DISC-006", "国有资产占用", passage, missing)
