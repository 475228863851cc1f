"""The three buttons beside a finding: explain it, assess the reason stated for it, draft 整改措施.

Explanations and assessments were written when the report was reviewed (by the model when one is
configured, else by the templates) and are read back from the stored contract; drafts are written
on request. Each answer is a ChatAnswer, so it joins the conversation and is stored with it.
"""

from __future__ import annotations

from typing import Literal

from agent.chat import ChatAnswer, ChatTurn
from agent.commentary import drafts_for
from tools.commentary import TEMPLATE, Assessment, CommentaryInfo, Draft, Source
from tools.findings import Finding, FindingsReport
from tools.render_commentary import assessment_lines, explanation_lines, source_label

Action = Literal["explain", "assess", "draft"]
LABELS: dict[str, str] = {"explain": "解释这条问题", "assess": "评估原因说明", "draft": "起草整改措施"}


def question(action: Action, finding: Finding) -> str:
    """How the button's request reads in the conversation."""
    return f"{LABELS[action]}：[{finding.id}] {finding.rule} {finding.location.describe()}"


def explain(report: FindingsReport, finding: Finding) -> ChatAnswer:
    where = finding.location.describe()
    lines = [f"[{finding.id}] {finding.rule} {where}：{finding.message}"]
    if finding.location.sentence:
        lines.append(f"原文：{finding.location.sentence}")
    for r in finding.related:
        lines.append(f"对照：{r.describe()}")
    source = TEMPLATE
    if finding.explanation is not None:
        lines += explanation_lines(finding.explanation, "", finding.message)
        source = finding.explanation.source
    else:
        lines.append("（本次审核未生成解释：上传时关闭了解释生成。）")
    return _answer("\n".join(lines), source, [finding])


def related_assessments(report: FindingsReport, finding: Finding) -> list[Assessment]:
    """Assessments that name the finding, else those of the same sentence or table row."""
    named = [a for a in report.assessments if finding.id in a.findings]
    if named:
        return named
    loc = finding.location
    return [
        a
        for a in report.assessments
        if a.location.page == loc.page
        and ((loc.sentence and a.location.sentence == loc.sentence) or (loc.row and a.location.row == loc.row and a.location.table == loc.table))
    ]


def assess(report: FindingsReport, finding: Finding) -> ChatAnswer:
    found = related_assessments(report, finding)
    if not found:
        text = (
            f"[{finding.id}] {finding.rule} 这条问题不涉及增减变化或偏差的原因说明，没有可评估的原因。"
            "需要评估的原因说明见审核结果中的“原因说明评估”。"
        )
        return _answer(text, TEMPLATE, [finding])
    lines: list[str] = []
    for a in found:
        lines += assessment_lines(a, "- ")
    return _answer("\n".join(lines), found[0].source, [finding])


def draft(result, profile, finding: Finding, llm, cache) -> tuple[ChatAnswer, list[Draft], CommentaryInfo]:
    drafts, info = drafts_for(result, profile, [finding.id], llm, cache)
    if not drafts:
        return _answer("这条问题是提示性质，不需要起草整改措施。", TEMPLATE, [finding]), drafts, info
    parts = [f"{d.subject}{source_label(d.source)}\n{d.text}" for d in drafts]
    return _answer("\n\n".join(parts), drafts[0].source, [finding], info.notes), drafts, info


def _answer(text: str, source: Source, findings: list[Finding], notes: list[str] | None = None) -> ChatAnswer:
    pages = sorted({f.location.page for f in findings if f.location.page})
    return ChatAnswer(text=text, source=source, findings=[f.id for f in findings], pages=pages, notes=list(notes or []))


def turn(question_text: str, answer: ChatAnswer) -> ChatTurn:
    return ChatTurn(question=question_text, answer=answer)
