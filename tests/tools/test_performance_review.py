"""绩效 documents through the whole review: profile detection and naming, coverage, CLI, mixed documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main
from tests.conftest import shared_path
from tools.review import review

SEED_2024 = ("seeds", "000_598e7c5fa0877819.txt")
SEED_2020 = ("seeds", "002_e3267e760b1282a2.txt")

# A small 2020-layout form of our own, tab-separated like a text export, with one planted error:
# an indicator lost 10 points of weight and score, so weights and scores add up to 90 under a 总分 of 100.
FORM_2020 = """## 预算项目绩效自评表

(2023年度)

项目名称\t\t城区公厕保洁
主管部门及代码\t\t某区城市管理局\t\t实施单位\t某区环卫所
项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t30\t30\t30\t10\t100%\t10
\t其中：财政拨款\t30\t30\t30\t—\t100%\t—
\t其他资金\t\t\t\t—\t\t—
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t未完成原因分析
\t产出指标\t数量指标\t保洁公厕座数\t≥40座\t40座\t30\t30\t
\t\t时效指标\t日常保洁及时率\t≥95%\t97%\t20\t20\t
\t效益指标\t社会效益指标\t如厕环境\t明显改善\t明显改善\t20\t20\t
\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t93%\t10\t10\t
总分\t\t\t\t\t\t100\t100\t

注：1. 绩效自评采取打分方式，满分100分，各项指标得分之和为总分。
2. 未完成原因分析：写明偏离目标的原因和拟采取的措施。
3. 定性指标分三档，分别按该指标分值的100-81%、80-51%、50-0%确定得分；定量指标完成的得满分，未完成的按完成值与指标值之比计分。
"""


@pytest.mark.corpus
def test_correct_2024_form_gives_no_finding_and_names_its_scoring_profile() -> None:
    result = review(shared_path(*SEED_2024))
    rep = result.report
    assert rep.document.kind == "performance_self_evaluation"
    assert (rep.summary.error, rep.summary.warning) == (0, 0)
    [use] = rep.document.scoring
    assert use.profile == "execution-95"
    assert use.evidence is not None and "95%" in use.evidence
    assert rep.coverage is not None and (rep.coverage.forms, rep.coverage.indicators) == (1, 13)


@pytest.mark.corpus
def test_mixed_document_names_a_profile_per_form_from_its_own_notes() -> None:
    rep = review(shared_path(*SEED_2020)).report
    assert rep.document.kind == "mixed"
    profiles = [u.profile for u in rep.document.scoring]
    assert profiles.count("bands-81-51") == 6 and profiles.count("bands-80-60") == 1
    cov = rep.coverage
    assert cov is not None and cov.tables and (cov.forms, cov.summary_rows, cov.reports) == (7, 7, 1)
    # The 决算 text is checked against the forms attached to it (cross-document).
    assert any(f.rule == "NAR-013" for f in rep.findings)


@pytest.mark.corpus
def test_scoring_option_overrides_detection(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code = main(["review", str(shared_path(*SEED_2024)), "--scoring", "national", "--format", "json", "-o", str(out)])
    assert code == 0
    [use] = json.loads(out.read_text(encoding="utf-8"))["document"]["scoring"]
    assert use["profile"] == "national" and use["evidence"] is None


def test_planted_error_in_an_own_form_is_found_located_and_exits_1(tmp_path: Path, capsys) -> None:
    path = tmp_path / "form.txt"
    path.write_text(FORM_2020, encoding="utf-8")
    assert main(["review", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["kind"] == "performance_self_evaluation"
    assert data["document"]["scoring"][0]["profile"] == "bands-81-51"
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    by_rule = {f["rule"]: f for f in errors}
    assert sorted(by_rule) == ["PERF-001", "PERF-015"]
    weights, scores = by_rule["PERF-001"], by_rule["PERF-015"]
    assert weights["location"]["row"] == "总分" and (weights["actual"], weights["expected"]) == ("90", "100")
    assert scores["location"]["column"] == "得分" and (scores["actual"], scores["expected"]) == ("100", "90")
    assert "城区公厕保洁" in weights["message"]


def test_consistent_own_form_is_clean_and_inspect_shows_it(tmp_path: Path, capsys) -> None:
    fixed = FORM_2020.replace("\t保洁公厕座数\t≥40座\t40座\t30\t30", "\t保洁公厕座数\t≥40座\t40座\t40\t40")
    path = tmp_path / "form.txt"
    path.write_text(fixed, encoding="utf-8")
    assert main(["review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "bands-81-51" in out and "错误 0 条，警告 0 条" in out
    assert main(["inspect", "--typed", str(path)]) == 0
    out = capsys.readouterr().out
    assert "《城区公厕保洁》绩效自评表" in out and "产出指标/数量指标/保洁公厕座数" in out
    assert main(["inspect", "--typed", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    [form] = data["performance"]["forms"]
    assert form["total_score"]["value"] == "100" and len(form["indicators"]) == 4


def test_unknown_scoring_profile_is_one_chinese_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "form.txt"
    path.write_text(FORM_2020, encoding="utf-8")
    assert main(["review", str(path), "--scoring", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有名为 'nosuch' 的评分规则" in err


@pytest.mark.corpus
def test_seed_2024_json_is_deterministic() -> None:
    a = review(shared_path(*SEED_2024)).report.to_json()
    b = review(shared_path(*SEED_2024)).report.to_json()
    assert a == b


def test_bundled_forms_example_shows_its_planted_error() -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "example-self-evaluation.pdf"
    rep = review(path).report
    assert rep.document.kind == "performance_self_evaluation"
    assert {u.profile for u in rep.document.scoring} == {"bands-81-51"}
    [f] = [f for f in rep.findings if f.severity != "info"]
    assert f.rule == "PERF-007" and f.location.page == 1 and f.location.bbox is not None
