"""The CLI on good and bad input: one Chinese line and exit 2 for anything unreadable, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from agent.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "example-final-accounts.pdf"


def _pdf(path: Path, pages: int = 1, encrypt: str | None = None) -> Path:
    c = canvas.Canvas(str(path), invariant=1, encrypt=pdfencrypt.StandardEncryption(encrypt) if encrypt else None)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return path


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    cases: dict[str, Path] = {"missing": tmp / "nope.pdf"}
    (tmp / "a-directory.pdf").mkdir()
    cases["directory"] = tmp / "a-directory.pdf"
    cases["empty"] = tmp / "empty.pdf"
    cases["empty"].write_bytes(b"")
    cases["unknown_extension"] = tmp / "report.rtf"
    cases["unknown_extension"].write_text("{\\rtf1 x}", encoding="utf-8")
    cases["jpeg_named_pdf"] = tmp / "photo.pdf"
    cases["jpeg_named_pdf"].write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    good = _pdf(tmp / "good.pdf", pages=3)
    cases["truncated_pdf"] = tmp / "truncated.pdf"
    cases["truncated_pdf"].write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    cases["encrypted_pdf"] = _pdf(tmp / "locked.pdf", encrypt="secret")
    for ext, member in (("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml")):
        bomb = tmp / f"bomb.{ext}"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr(member, b"0" * (300 * 1024 * 1024))
        cases[f"zip_bomb_{ext}"] = bomb
    return cases


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _bad_inputs(tmp_path_factory.mktemp("bad"))


BAD = ["missing", "directory", "empty", "unknown_extension", "jpeg_named_pdf", "truncated_pdf", "encrypted_pdf",
       "zip_bomb_docx", "zip_bomb_xlsx"]


@pytest.mark.parametrize("command", ["review", "inspect", "draft"])
@pytest.mark.parametrize("case", BAD)
def test_bad_input_gives_one_chinese_line_and_exit_2(bad_inputs, case, command, capsys) -> None:
    code = main([command, str(bad_inputs[case])])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("fiscal-review：")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err)
    assert "Traceback" not in err


def test_encrypted_pdf_is_named_as_encrypted(bad_inputs, capsys) -> None:
    main(["review", str(bad_inputs["encrypted_pdf"])])
    assert "加密" in capsys.readouterr().err


def test_limits_are_settings(tmp_path, monkeypatch, capsys) -> None:
    pdf = _pdf(tmp_path / "long.pdf", pages=6)
    monkeypatch.setenv("FISCAL_REVIEW_MAX_PAGES", "5")
    assert main(["review", str(pdf)]) == 2
    assert "超过页数上限 5 页" in capsys.readouterr().err
    monkeypatch.setenv("FISCAL_REVIEW_MAX_PAGES", "500")
    monkeypatch.setenv("FISCAL_REVIEW_MAX_FILE_MB", "0.001")
    assert main(["review", str(pdf)]) == 2
    assert "文件过大" in capsys.readouterr().err


def test_no_traceback_from_the_installed_entry_point(bad_inputs) -> None:
    proc = subprocess.run([sys.executable, "-m", "agent.cli", "review", str(bad_inputs["truncated_pdf"])],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_bad_arguments_are_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["review"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_inspect_page_out_of_range(capsys) -> None:
    assert main(["inspect", str(EXAMPLE), "--page", "999"]) == 2
    assert "页码超出范围" in capsys.readouterr().err


def test_review_json_is_the_contract_and_byte_identical(tmp_path) -> None:
    outs = []
    for n in range(2):
        out = tmp_path / f"r{n}.json"
        assert main(["review", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    data = json.loads(outs[0])
    assert data["schema"] == "fiscal-review/findings@1"
    # Commentary fields are additive to findings@1.
    assert set(data) == {
        "schema", "document", "summary", "findings", "warnings", "coverage", "assessments", "drafts", "commentary"
    }
    assert data["commentary"]["source"] == "template" and data["commentary"]["usage"]["calls"] == 0
    assert data["document"]["kind"] == "final_accounts"
    assert data["document"]["pages"] >= 5
    assert data["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_review_text_lists_tables_with_pages(capsys) -> None:
    assert main(["review", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "收入支出决算总表" in out and "第" in out and "识别到的表格" in out


def test_inspect_shows_grids_and_json(capsys) -> None:
    assert main(["inspect", str(EXAMPLE), "--page", "1"]) == 0
    assert "===== 第1页 =====" in capsys.readouterr().out
    assert main(["inspect", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "pdf" and any(b["kind"] == "table" for p in data["pages"] for b in p["blocks"])


def _seeded_error(tmp: Path) -> Path:
    """The example as text with one 公开05表 total changed: a report with a known error."""
    text = (ROOT / "examples" / "example-final-accounts.txt").read_text(encoding="utf-8")
    from tools.ingest import ingest

    t05 = next(t for t in ingest(ROOT / "examples" / "example-final-accounts.txt").tables() if t.number == "公开05表")
    total = next(c.text for r in t05.body_rows for c in r.cells[2:3] if r.cells[0].norm.startswith("合计") or r.cells[1].norm == "合计")
    bad = text.replace(f"\t{total}\t", f"\t{Decimal(total) + 100:.2f}\t", 1)
    assert bad != text
    path = tmp / "with-error.txt"
    path.write_text(bad, encoding="utf-8")
    return path


def test_review_exit_1_and_located_error_when_a_total_is_wrong(tmp_path, capsys) -> None:
    assert main(["review", str(_seeded_error(tmp_path)), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    cov = data["coverage"]
    assert cov["tables"] == [f"T0{n}" for n in range(1, 10)]
    assert cov["cells"] > 200 and 0 < cov["linked_claims"] <= cov["claims"]
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors and all(f["location"]["table"] or f["location"]["sentence"] for f in errors)
    assert data["document"]["profile"] == "national"


def test_profile_file_extends_national_and_is_named(tmp_path, capsys) -> None:
    path = _seeded_error(tmp_path)
    main(["review", str(path), "--format", "json"])
    default_rules = sorted({f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]})
    assert default_rules
    prof = tmp_path / "strict.toml"
    prof.write_text(
        f'extends = "national"\nname = "strict-test"\ntitle = "测试"\ndisabled = ["{default_rules[0]}"]\n', encoding="utf-8"
    )
    main(["review", str(path), "--format", "json", "--profile", str(prof)])
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["profile"] == "strict-test"
    assert {f["rule"] for f in data["findings"]} == set(default_rules[1:])


@pytest.mark.parametrize(
    ("content", "says"),
    [(None, "找不到审核配置文件"), ("name = [", "不是有效的 TOML"), ('name = "x"\ntitle = "y"\nbogus = 1\n', "内容有误")],
)
def test_bad_profile_is_one_chinese_line(tmp_path, capsys, content, says) -> None:
    prof = tmp_path / "p.toml"
    if content is not None:
        prof.write_text(content, encoding="utf-8")
    assert main(["review", str(EXAMPLE), "--profile", str(prof)]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_profile_name_lists_the_available_ones(capsys) -> None:
    assert main(["review", str(EXAMPLE), "--profile", "atlantis"]) == 2
    assert "national" in capsys.readouterr().err


def test_inspect_typed_shows_statements_and_linked_claims(capsys) -> None:
    assert main(["inspect", "--typed", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    for key in ("T01", "T05", "T06", "T09"):
        assert f"== {key} " in out
    assert "→ T05 " in out and "原因：" in out
    assert main(["inspect", "--typed", "--json", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(data["statements"]) == [f"T0{n}" for n in range(1, 10)]
    assert any(c["ref"] and c["ref"]["table"] == "T05" for c in data["claims"])


REVIEW_EXAMPLE = ROOT / "examples" / "example-review.pdf"


def test_review_prints_explanations_assessments_and_drafts_from_templates(capsys) -> None:
    assert main(["review", str(REVIEW_EXAMPLE)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("解释〔模板〕") == 12 and "可能原因：" in out and "建议核对：" in out
    assert "原因说明评估（" in out and "[与数据矛盾]" in out and "[缺失]" in out and "[笼统]" in out
    assert "整改措施草稿（" in out and "问题：" in out and "（建议时限，请结合实际确定）" in out
    assert "解释、评估与草稿来源：离线模板" in out


def test_review_json_carries_the_commentary_and_no_commentary_drops_it(tmp_path) -> None:
    out = tmp_path / "r.json"
    assert main(["review", str(REVIEW_EXAMPLE), "--format", "json", "-o", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(f["explanation"]["source"]["kind"] == "template" for f in data["findings"])
    assert data["assessments"] and data["drafts"] and data["commentary"]["source"] == "template"
    assert main(["review", str(REVIEW_EXAMPLE), "--format", "json", "--no-commentary", "-o", str(out)]) == 1
    bare = json.loads(out.read_text(encoding="utf-8"))
    assert bare["commentary"] is None and bare["assessments"] == [] and all(f["explanation"] is None for f in bare["findings"])
    assert bare["summary"] == data["summary"]


def test_draft_for_one_finding_and_an_unknown_id(tmp_path, capsys) -> None:
    out = tmp_path / "r.json"
    main(["review", str(REVIEW_EXAMPLE), "--format", "json", "--no-commentary", "-o", str(out)])
    finding = next(f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["rule"] == "PERF-007")
    assert main(["draft", str(REVIEW_EXAMPLE), "--finding", finding["id"]]) == 0
    text = capsys.readouterr().out
    assert "整改措施草稿（1 条）" in text and "问题：" in text and finding["id"] in text
    assert main(["draft", str(REVIEW_EXAMPLE), "--finding", "0000000000000000"]) == 2
    err = capsys.readouterr().err.strip()
    assert "没有编号为 0000000000000000 的问题" in err and "\n" not in err


def test_a_bad_model_setting_is_one_chinese_line(capsys) -> None:
    assert main(["review", str(REVIEW_EXAMPLE), "--llm", "gemini:x"]) == 2
    err = capsys.readouterr().err.strip()
    assert "不认识的模型提供方" in err and "\n" not in err
    assert main(["draft", str(REVIEW_EXAMPLE), "--llm", "deepseek:deepseek-chat"]) == 2
    assert "API 密钥" in capsys.readouterr().err
