"""`fiscal-review chat FILE`: questions from stdin, streamed answers, drafts, and bad input."""

from __future__ import annotations

import io
import re
import sys

from agent.api import ModelChoice
from agent.cli import main
from agent.llm import LLM
from agent.terminal import converse
from tests.agent.doubles import scripted
from tests.conftest import ROOT
from tools.profiles import load
from tools.review import review

EXAMPLE = ROOT / "examples" / "example-review.pdf"


def _run(questions: str, choice: ModelChoice) -> str:
    prof = load("national")
    out = io.StringIO()
    converse(review(EXAMPLE, profile=prof), prof, choice, io.StringIO(questions), out, interactive=False)
    return out.getvalue()


def test_offline_session_answers_each_question_and_stops_at_quit() -> None:
    text = _run("第5页有什么问题？\n\n退出\n有哪些警告？\n", ModelChoice())
    assert text.startswith("已审核：") and "错误 4 条，警告 8 条" in text and "离线" in text
    assert text.count("问> ") == 1  # the question after 退出 is never read
    assert "TBL-004" in text and "涉及页码：5" in text and re.search(r"引用问题：[0-9a-f]{16}", text)
    assert text.rstrip().endswith("再见。")


def test_draft_command_drafts_for_the_named_finding() -> None:
    prof = load("national")
    fid = next(f.id for f in review(EXAMPLE, profile=prof).report.findings if f.rule == "NAR-005")
    text = _run(f"起草整改措施 {fid}\n", ModelChoice())
    assert "整改措施草稿（1 条）" in text and f"对应问题编号：{fid}" in text and "时限" in text


def test_a_model_answer_is_streamed_and_a_rejected_one_is_replaced() -> None:
    good = "第5页支出决算表的款级合计与项级之和不一致。请核对该栏。"
    bad = "相差99.99万元。"
    llm = LLM(model=scripted(good, bad, bad), label="scripted（测试）", identity="s", tool_calling=False)
    text = _run("第5页有什么问题？\n第12页差多少？\n", ModelChoice(llm=llm))
    first, second = text.split("问> ")[1:3]
    assert good in first and "涉及页码：5" in first
    assert "99.99" not in second and "未使用模型" in second and "已改用确定性回答" in second


def test_cli_chat_reads_stdin_and_bad_files_are_one_line(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("第5页有什么问题？\n"))
    assert main(["chat", str(EXAMPLE)]) == 0
    assert "TBL-004" in capsys.readouterr().out
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    assert main(["chat", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fiscal-review：") and err.count("\n") == 1
