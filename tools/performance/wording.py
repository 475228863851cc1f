"""A deterministic first pass over reason and measure text: missing, stock phrase, contradicting the numbers.

The agent judges the text properly; this pass only marks what any reviewer would mark at sight,
by the criteria of the rule catalog (a good reason names a concrete driver and quantifies it; a
good measure has an action and its object, ideally a responsible party and a deadline).
"""

from __future__ import annotations

import re

from tools.text import normalize, strip_phrases

_PUNCT = re.compile(r"[\s，,。．.；;：:、（）()“”\"'‘’！!？?—\-《》<>]")
# Lead-ins and generic words that carry no explanation on their own.
_GENERIC = (
    "未完成原因分析", "未完成原因", "偏差原因", "原因分析", "主要原因是", "主要原因", "原因是", "原因有", "原因为",
    "原因", "由于", "因为", "所致", "导致", "造成", "主要是", "主要", "存在", "问题", "情况", "方面", "有关",
    "相关", "工作", "项目", "指标", "的", "了", "等", "是", "和", "及", "与",
)  # fmt: skip
# A specific reference: a number, a document (《》 or 〔2020〕), a named month or date.
_SPECIFIC = re.compile(r"\d|《|〔|\[\d{4}\]|[一二三四五六七八九十]+月")
_MIN_CONTENT = 4
_LONG_CONTENT = 20

_ACHIEVED = re.compile(r"已完成|已经完成|超额完成|提前完成|全部完成|已达到|达到预期|已实现")
_MEASURE_VERB = re.compile(
    r"将|拟|下一步|下步|今后|明年|加强|完善|推进|开展|建立|健全|制定|督促|落实|优化|调整|提高|加快|做好|强化|规范|"
    r"严格|加大|扩大|压实|整改|细化|修订|跟踪|核实|增加|组织|开通|安排|实施|采购|招聘|配备|签订|启动|补检|补发|"
    r"由.{1,12}(?:负责|牵头|在|于)"
)
# Measures that say nothing on their own (rule catalog: 加强管理, 进一步提高认识, 严格执行预算).
_GENERIC_MEASURES = (
    "进一步", "加强管理", "加强监管", "加强领导", "提高认识", "高度重视", "严格执行预算", "严格执行", "强化管理",
    "规范管理", "加大力度", "加大宣传力度", "加强宣传", "努力", "积极", "切实", "认真", "不断", "持续", "确保",
    "做好", "工作",
)  # fmt: skip
_MEASURE_HEAD = re.compile(r"(?:整改|改进)措施[:：]?|拟采取的措施[:：]?")
_MEASURE_START = re.compile(r"下一步|下步|今后|拟|将")
_CONNECTORS = ("下一步", "下步", "今后", "我们", "我单位", "我局", "继续", "拟", "将", "并")
_MIN_MEASURE = 6


def _clean(text: str) -> str:
    return _PUNCT.sub("", normalize(text))


def content(text: str, subject: str, stock: list[str]) -> str:
    """What a reason says beyond stock phrases, generic words and the indicator's own name."""
    return strip_phrases(_clean(text), [_clean(subject)], (_clean(p) for p in stock), _GENERIC)


def vague_reason(text: str, subject: str, stock: list[str]) -> str | None:
    """Why a reason is too vague to act on, or None when it names something concrete."""
    rest = content(text, subject, stock)
    if len(rest) < _MIN_CONTENT:
        return "只有套话，未说明具体原因"
    if not _SPECIFIC.search(text) and len(rest) < _LONG_CONTENT:
        return "未点明具体因素（政策文件、时间、数量或金额）"
    return None


def claims_achieved(text: str) -> bool:
    """The text says the target was reached (contradicts an unmet indicator)."""
    return bool(_ACHIEVED.search(normalize(text))) and "未" not in normalize(text)[:2]


def measure_part(text: str) -> str:
    """The part of a text that proposes measures: after '整改措施：', else from '下一步'/'将'/'拟' on."""
    norm = normalize(text)
    m = _MEASURE_HEAD.search(norm)
    if m:
        return norm[m.end():]
    m = _MEASURE_START.search(norm)
    return norm[m.start():] if m else norm


def measure_problem(text: str) -> str | None:
    """Why the 改进措施 part of a text is missing or says nothing, or None when it is concrete."""
    part = measure_part(text)
    if not _MEASURE_VERB.search(part):
        return "未提出改进措施"
    rest = _clean(part)
    for phrase in sorted(_GENERIC_MEASURES + _CONNECTORS, key=len, reverse=True):
        rest = rest.replace(phrase, "")
    if len(rest) < _MIN_MEASURE:
        return "措施笼统（只有“加强管理”一类表述），未写明具体做法、责任和时限"
    return None
