"""What a model is asked to return: one structured-output schema per capability.

Field descriptions are read by the model (they travel in the tool or JSON schema), so they are
written in Chinese and say exactly what each field may contain.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tools.commentary import CauseCategory, MissingElement, Verdict


class _Out(BaseModel):
    # Models add stray keys now and then; they are ignored rather than failing the whole batch.
    model_config = ConfigDict(extra="ignore")


class ExplanationOut(_Out):
    key: str = Field(description="问题编号，照抄资料中的 key，如 F1")
    explanation: str = Field(
        description="用通俗中文说明这条（组）问题是什么意思、为什么是问题，2至4句；只使用资料中出现的数字"
    )
    cause: CauseCategory = Field(description="最可能的原因类别，只能从给定选项中选一个")
    checks: list[str] = Field(description="建议审核人员或填报单位核对的事项，1至3条，最重要的在前")


class ExplanationBatch(_Out):
    """逐条解释审核发现的问题。"""

    items: list[ExplanationOut] = Field(description="每个 key 一条，顺序与资料相同")


class AssessmentOut(_Out):
    key: str = Field(description="原因编号，照抄资料中的 key，如 R1")
    verdict: Verdict = Field(
        description="充分：点明了具体驱动因素并能解释数字变化；笼统：套话、复述数字或没有具体因素；"
        "缺失：没有给出原因；与数据矛盾：原因的方向或内容与数字相反"
    )
    rationale: str = Field(description="判断理由，1至3句；只使用资料中出现的数字")
    missing: list[MissingElement] = Field(description="原因说明还缺少的要素，可为空")


class AssessmentBatch(_Out):
    """逐条评估原因说明是否充分。"""

    items: list[AssessmentOut] = Field(description="每个 key 一条，顺序与资料相同")


class DraftOut(_Out):
    key: str = Field(description="问题编号，照抄资料中的 key，如 D1")
    problem: str = Field(description="问题：用一两句话说明存在什么问题、在哪里")
    cause: str = Field(description="原因：根据资料说明问题产生的可能原因，不编造事实")
    measures: list[str] = Field(description="整改措施：2至4条，每条写明做什么、对象是什么，具体可执行")
    responsible: str = Field(description="责任：负责整改的单位或岗位")
    deadline: str = Field(description="时限：建议完成整改的时间")


class DraftBatch(_Out):
    """逐条起草整改措施。"""

    items: list[DraftOut] = Field(description="每个 key 一条，顺序与资料相同")


SCHEMAS: dict[str, type[_Out]] = {
    "ExplanationBatch": ExplanationBatch,
    "AssessmentBatch": AssessmentBatch,
    "DraftBatch": DraftBatch,
}
