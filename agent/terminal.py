"""`fiscal-review chat FILE`: the review agent in an interactive terminal session.

Reads questions line by line (from a terminal or a pipe), streams each answer, and ends on
'退出'/'exit', an empty stdin or Ctrl-D. The same ChatSession serves the web app.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

QUIT = {"退出", "结束", "exit", "quit", ":q", "/q"}
HELP = {"帮助", "help", "?", "？"}
PROMPT = "问> "
DRAFT_PREFIX = "起草"
HINTS = (
    "可以这样问：有哪些错误？ / 第5页有什么问题？ / 解释第一条问题 / 机关运行经费增长的原因说明充分吗？ / "
    "起草整改措施 [问题编号…] / 输入问题编号（16位）查看详情；输入“退出”结束。"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from agent.cli import _llm_options

    p.add_argument("file", help="报告文件（.pdf .docx .xlsx .txt .md）")
    p.add_argument("--profile", default="national", help="审核配置：内置名称（默认 national）或 .toml 文件路径")
    p.add_argument("--scoring", default=None, help="绩效自评表评分规则（默认 auto）")
    _llm_options(p)


def run(args: argparse.Namespace) -> int:
    from agent.cli import EXIT_OK, _model, _profile
    from tools.review import review

    prof = _profile(args.profile, args.scoring)
    choice = _model(args)
    result = review(args.file, profile=prof)
    converse(result, prof, choice, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    return EXIT_OK


def opening(report) -> str:
    """What the reviewer sees first: the document and its counts."""
    from tools.render import KIND_LABELS

    d, s = report.document, report.summary
    who = "、".join(str(x) for x in (d.unit, f"{d.year}年度" if d.year else None) if x) or "单位未识别"
    return (
        f"已审核：{d.path}（{KIND_LABELS[d.kind]}，{d.pages} 页，{who}）\n"
        f"发现错误 {s.error} 条，警告 {s.warning} 条，提示 {s.info} 条。\n"
    )


def converse(result, profile, choice, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> int:
    """Answer every question read from `stdin`; returns the number of questions answered."""
    from agent.chat import ChatSession

    session = ChatSession(result, profile, choice.llm, cache=choice.cache)
    mode = "离线（确定性回答）" if choice.llm is None else f"模型 {choice.llm.label}"
    stdout.write(opening(result.report) + f"回答方式：{mode}。{HINTS}\n")
    answered = 0
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT:
            break
        if question.lower() in HELP:
            stdout.write(HINTS + "\n")
            continue
        if not interactive:
            stdout.write(f"{PROMPT}{question}\n")
        try:
            if question.startswith(DRAFT_PREFIX):
                _draft(result, profile, choice, question, stdout)
            else:
                _answer(session, question, stdout)
        except KeyboardInterrupt:
            stdout.write("\n（已停止本次回答）\n")
            continue
        answered += 1
    stdout.write("再见。\n")
    return answered


def _answer(session, question: str, stdout: TextIO) -> None:
    shown: list[str] = []
    for event in session.stream(question):
        if event.kind == "status":
            stdout.write(f"  …{event.text}\n")
        elif event.kind == "delta":
            shown.append(event.text)
            stdout.write(event.text)
        elif event.answer is not None:
            answer = event.answer
            if "".join(shown).strip() != answer.text.strip():
                if shown:  # the guard replaced what was streamed: say so, then show what stands
                    stdout.write("\n（以上内容未通过数字核对，以下为核对后的回答）\n")
                stdout.write(answer.text)
            stdout.write("\n")
            if answer.pages:
                stdout.write(f"  涉及页码：{'、'.join(str(p) for p in answer.pages)}\n")
            if answer.findings:
                stdout.write(f"  引用问题：{'、'.join(answer.findings)}\n")
            stdout.writelines(f"  注：{note}\n" for note in answer.notes)
        stdout.flush()


def _draft(result, profile, choice, question: str, stdout: TextIO) -> None:
    """'起草…' drafts 整改措施 for the finding ids it names, else for every problem."""
    from agent.commentary import drafts_for
    from agent.selection import FINDING_ID
    from tools.render_commentary import drafts_text

    known = {f.id for f in result.report.findings}
    ids = [i for i in dict.fromkeys(FINDING_ID.findall(question.lower())) if i in known]
    drafts, info = drafts_for(result, profile, ids or None, choice.llm, choice.cache)
    stdout.write(drafts_text(drafts, info))
