"""Plain-text and Markdown renderings of the commentary: explanations, reason assessments, drafts."""

from __future__ import annotations

from tools.commentary import Assessment, CommentaryInfo, Draft, Explanation, Source
from tools.findings import FindingsReport

KIND_CN = {
    "budget_deviation": "决算与预算差异",
    "yoy_change": "同比增减",
    "indicator": "绩效指标",
    "execution": "预算执行率",
}


def nested(bullet: str) -> str:
    """The prefix of a line under a bulleted one: a nested list item in Markdown, an indent in text."""
    return "  - " if bullet == "- " else bullet + "    "


def source_label(source: Source) -> str:
    """'〔模板〕' or '〔模型 deepseek-chat（DeepSeek）〕', with the fallback note when there is one."""
    if source.kind == "model":
        return f"〔模型 {source.model}〕"
    return f"〔模板；{source.note}〕" if source.note else "〔模板〕"


def explanation_lines(e: Explanation, indent: str, message: str = "") -> list[str]:
    """The explanation under its finding; a restated message (printed just above) is not repeated."""
    text = e.text
    if message and text.startswith(message) and text[len(message) :].strip():
        text = text[len(message) :].strip()
    lines = [f"{indent}解释{source_label(e.source)}：{text}", f"{indent}可能原因：{e.cause}"]
    if e.checks:
        lines.append(f"{indent}建议核对：" + "；".join(f"{i}. {c}" for i, c in enumerate(e.checks, 1)))
    return lines


def _where(a: Assessment) -> str:
    loc = a.location
    parts = [f"第{loc.page}页"] if loc.page else []
    parts += [x for x in (loc.table, loc.section) if x]
    return "，".join(parts)


def assessment_lines(a: Assessment, bullet: str) -> list[str]:
    where = _where(a)
    head = f"{bullet}[{a.verdict}] {KIND_CN[a.kind]}：{a.subject}" + (f"（{where}）" if where else "")
    lines = [head]
    pad = nested(bullet)
    if a.facts:
        lines.append(f"{pad}数字：{'；'.join(a.facts)}")
    lines.append(f"{pad}原因说明：{'“' + a.reason + '”' if a.reason else '（未说明）'}")
    lines.append(f"{pad}评估{source_label(a.source)}：{a.rationale}")
    if a.missing:
        lines.append(f"{pad}缺少：{'、'.join(a.missing)}")
    return lines


def draft_lines(d: Draft, bullet: str) -> list[str]:
    return [f"{bullet}{d.subject}{source_label(d.source)}", f"{nested(bullet)}{d.text}"]


def info_lines(info: CommentaryInfo, bullet: str) -> list[str]:
    u = info.usage
    who = {"template": "离线模板", "model": f"模型 {info.model}", "mixed": f"模型 {info.model} 与离线模板"}[info.source]
    line = f"{bullet}解释、评估与草稿来源：{who}"
    if info.model:
        line += f"；模型调用 {u.calls} 次（缓存命中 {u.cached_calls} 次），输入 {u.input_tokens} tokens，输出 {u.output_tokens} tokens"
    lines = [line]
    lines += [f"{bullet}注：{n}" for n in info.notes]
    return lines


def verdict_counts(assessments: list[Assessment]) -> str:
    counts = {v: 0 for v in ("充分", "笼统", "缺失", "与数据矛盾")}
    for a in assessments:
        counts[a.verdict] += 1
    return "，".join(f"{k} {n}" for k, n in counts.items())


def commentary_text(report: FindingsReport, markdown: bool = False) -> str:
    """The assessments and drafts sections (explanations sit under each finding)."""
    if report.commentary is None:
        return ""
    h2, bullet = ("## ", "- ") if markdown else ("", "  ")
    lines: list[str] = []
    lines += ["", f"{h2}原因说明评估（{len(report.assessments)} 条：{verdict_counts(report.assessments)}）", ""]
    if not report.assessments:
        lines.append(f"{bullet}没有需要评估的原因说明。")
    for a in report.assessments:
        lines += assessment_lines(a, bullet)
    lines += ["", f"{h2}整改措施草稿（{len(report.drafts)} 条）", ""]
    if not report.drafts:
        lines.append(f"{bullet}没有需要整改的问题。")
    for d in report.drafts:
        lines += draft_lines(d, bullet)
    lines += [""] + info_lines(report.commentary, bullet)
    return "\n".join(lines) + "\n"


def drafts_text(drafts: list[Draft], info: CommentaryInfo, markdown: bool = False) -> str:
    """`fiscal-review draft`: the paragraphs alone, each with its source."""
    h2, bullet = ("## ", "- ") if markdown else ("", "")
    lines: list[str] = [f"{h2}整改措施草稿（{len(drafts)} 条）", ""]
    if not drafts:
        lines.append("没有需要整改的问题。")
    for i, d in enumerate(drafts, 1):
        where = f"第{d.location.page}页" if d.location.page else ""
        lines.append(f"{bullet}{i}. {d.subject}{('（' + where + '）') if where else ''}{source_label(d.source)}")
        lines.append(f"{d.text}")
        if d.findings:
            lines.append(f"对应问题编号：{'、'.join(d.findings)}")
        lines.append("")
    lines += info_lines(info, bullet)
    return "\n".join(lines) + "\n"
