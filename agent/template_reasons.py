"""What a stated reason lacks: simple, documented text tests behind the 充分/笼统 verdict and `missing`.

The criteria are the rule catalog's: a good reason names a concrete driver (a project, a policy, an
institutional or headcount change), quantifies it, ties it to the 科目 or indicator, and says when.
Stock phrases, the subject and generic words are stripped with the NAR-009 and 绩效 wording helpers
first, so what remains is what the reason actually says.
"""

from __future__ import annotations

import re

from agent.items import ReasonItem
from agent.reasons import has_number
from tools.checks.nar import nar009
from tools.commentary import MissingElement
from tools.numbers import find_quantities
from tools.performance import wording

# A reason names a concrete driver when what it says beyond stock phrases and generic words holds
# one of these (an event, a headcount, a project or expense, a policy, an institution), or is long.
_EVENT = (
    r"并入|划入|划出|划转|合并|撤并|撤销|成立|组建|转隶|改革|整合|移交|调整|退休|调入|调出|招录|新进|启动|实施|"
    r"出台|暂停|延期|推迟|变更|取消|不再|停止|开工|竣工|验收"
)
_DRIVER = re.compile(
    _EVENT + r"|人员|人数|编制|项目|工程|系统|平台|设备|装修|修缮|改造|采购|购置|建设|会议|培训|检查|评估|普查|"
    r"整治|活动|补助|补贴|奖励|津贴|工资|绩效|基数|标准|缴费|保险|公积金|年金|医疗|养老|抚恤|政策|办法|规定|通知|文件|"
    r"《|〔|合同|进度|租金|物业|车辆|房屋|维修|信息化|结转|追加|调剂|下达|转移支付|局|中心|办公室|委员会|大队"
)
_EVENT_RE = re.compile(_EVENT)
# Expense objects that tie a reason to a 科目 or project even when it shares no word with the subject.
_OBJECT = re.compile(
    r"人员经费|公用经费|基本支出|项目支出|工资|津贴|补贴|奖励|保险|公积金|年金|抚恤|退休费|办公费|印刷费|差旅费|会议费|"
    r"培训费|维修|租赁|物业|水电|车辆|公务用车|接待|出国|采购|设备|系统|平台|工程|装修|修缮|项目|科目|[（(][类款项][)）]|"
    r"[\u4e00-\u9fff]{2,}(?<!本年)(?<!年初)(?<!财政拨款)(?<!一般公共预算)支出"
)
# Words of a subject that name no particular 科目 (every subject has them).
_SUBJECT_GENERIC = re.compile(
    r"[（(][类款项室][)）]|一般公共预算|财政拨款|政府性基金|支出|收入|经费|预算|决算|总计|合计|资金|绩效自评表|指标|"
    r"未完成|扣分|大幅超出指标值|的|和|及|与|等"
)
_TIME = re.compile(
    r"\d{1,2}月|[一二三四五六七八九十]+月|年初|年中|年底|年末|上半年|下半年|季度|月份|月底|年度内|当年|上年|本年|今年|去年|明年|次年|以来|期间"
)
# Phrases that fill a reason without naming anything: removed before looking for a driver.
_BOILERPLATE = (
    "按实际支出", "贴合预期", "充分保障", "周全保障", "勤俭节约", "厉行节约", "合理支出", "实际执行", "统筹安排",
    "综合导致", "等因素", "等原因", "预估", "测算", "基本",
)  # fmt: skip
MIN_CONTENT = 4
LONG_CONTENT = 12

ALL_MISSING: list[MissingElement] = ["驱动因素", "金额", "科目", "时间"]


def indicator_name(subject: str) -> str | None:
    m = re.search(r"指标“(.+)”", subject)
    return m.group(1) if m else None


def _content(item: ReasonItem) -> str:
    """What the reason says beyond stock phrases, generic words and its own subject."""
    reason = item.reason or ""
    if item.kind in ("indicator", "execution"):
        return wording.content(reason, indicator_name(item.subject) or item.subject, item.stock)
    return nar009.content(reason, item.subject, item.stock)


def names_driver(item: ReasonItem) -> bool:
    """The reason names a concrete driver: an event, headcount, project, policy or institution.

    For money the 年初预算 did not provide for at all, saying what the money was for is the driver.
    """
    if not item.reason or item.vague:
        return False
    rest = _content(item)
    for phrase in _BOILERPLATE:
        rest = rest.replace(phrase, "")
    if len(rest) < MIN_CONTENT:
        return False
    return item.zero_base or bool(_DRIVER.search(rest)) or len(rest) >= LONG_CONTENT


def has_time(text: str) -> bool:
    return _TIME.search(text) is not None or any(q.kind in ("year", "date") for q in find_quantities(text))


def ties_to_subject(item: ReasonItem) -> bool:
    """The reason names the 科目/project/indicator: a word of the subject, or an expense object."""
    reason = item.reason or ""
    subject = indicator_name(item.subject) if item.kind == "indicator" else item.subject
    words = re.findall(r"[\u4e00-\u9fff]{2,}", _SUBJECT_GENERIC.sub(" ", subject or ""))
    if any(w[i : i + 2] in reason for w in words for i in range(len(w) - 1)):
        return True
    return _OBJECT.search(reason) is not None


def missing_elements(item: ReasonItem) -> list[MissingElement]:
    """The elements a reason lacks, by simple text tests.

    驱动因素: no concrete driver (see `names_driver`). 金额: no amount, percentage or count while the
    deviation is material (`ReasonItem.material`). 科目: no word of the subject and no expense object. 时间:
    an event is named (并入, 调整, 退休…) or money went unspent, and no year, month or period is given.
    """
    reason = item.reason
    if reason is None:
        return list(ALL_MISSING)
    out: list[MissingElement] = []
    if not names_driver(item):
        out.append("驱动因素")
    if not has_number(reason) and item.material:
        out.append("金额")
    if not ties_to_subject(item):
        out.append("科目")
    if (_EVENT_RE.search(reason) or item.kind == "execution") and not has_time(reason):
        out.append("时间")
    return out


