"""Document text is data: spot text that tries to instruct a model, and answers that obey it.

`instruction_like` marks document text addressed to a model, so such an item is never sent to one
and its numbers are not facts; `claims_clean` marks output that declares a report clean, which no
explanation of a finding may do.
"""

from __future__ import annotations

import re

# Document text addressing the reader as a model: 'ignore the above', 'output …', 'rate this 充分'.
_INSTRUCTION = re.compile(
    r"(?:忽略|无视|不要理会|忘记|跳过).{0,8}(?:以上|上述|之前|前面|先前|全部|所有|系统).{0,8}"
    r"(?:要求|指令|指示|说明|规则|提示|内容)"
    r"|(?:请|务必|必须)(?:你|您|模型|助手|AI|ai|审核员)?.{0,4}(?:输出|回复|回答|返回|评为|判定|认定|评价为|写明)"
    r"|审核(?:已)?通过|无需(?:再)?审核|(?:评|判)为[“\"]?(?:充分|合格|优秀)"
    r"|(?:system|assistant)\s*[:：]|ignore\s+(?:all|any|the|previous|above)|disregard\s+(?:all|previous|the)"
    r"|you\s+are\s+(?:now|a)|(?:你|您)(?:现在)?是(?:一个|一名)?(?:AI|ai|助手|模型|审核)",
    re.IGNORECASE,
)


def instruction_like(text: str | None) -> bool:
    """The text reads as an instruction to a model rather than report content."""
    return bool(_INSTRUCTION.search(text or ""))


# A verdict of 'no problem' has no place in an explanation of a finding.
_CLEAN = re.compile(
    r"审核(?:已)?通过|未发现(?:任何)?(?:问题|错误)|不存在(?:任何)?(?:问题|错误)|无需整改|没有(?:任何)?(?:问题|错误)"
    r"|数据(?:完全)?(?:正确|无误)|完全(?:正确|一致)"
    # 'no discrepancy' about a finding that is one: '一致，没有对不上', '不存在差异'.
    r"|没有对不上|并没有对不上|(?:没有|不存在|并无|无)(?:任何)?(?:差异|差额|出入|不符|不一致)"
)


def claims_clean(text: str | None) -> bool:
    """The text declares the report or the finding clean."""
    return bool(_CLEAN.search(text or ""))
