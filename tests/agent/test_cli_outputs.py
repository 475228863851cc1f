"""`fiscal-review review --format html|docx|xlsx|pdf`: files written, Chinese errors for impossible requests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from agent.cli import main

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "examples" / "example-review.pdf"
DOCX = ROOT / "examples" / "example-final-accounts.docx"


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf", "md", "json"])
def test_each_format_is_written_to_the_output_file(tmp_path: Path, fmt: str):
    out = tmp_path / f"review.{fmt}"
    assert main(["review", str(PDF), "--format", fmt, "-o", str(out)]) == 1  # the example has errors
    data = out.read_bytes()
    if fmt == "html":
        assert data.startswith(b"<!DOCTYPE html>") and "支出决算表".encode() in data
    elif fmt in ("docx", "xlsx"):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert ("word/document.xml" if fmt == "docx" else "xl/workbook.xml") in names
    elif fmt == "pdf":
        annots = [a for p in PdfReader(io.BytesIO(data)).pages for a in p.get("/Annots") or []]
        assert len(annots) == 12
    else:
        assert "明澜市北渚区档案馆".encode() in data


def test_html_without_output_goes_to_stdout(capsys: pytest.CaptureFixture[str]):
    assert main(["review", str(PDF), "--format", "html", "--no-commentary"]) == 1
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_binary_format_without_output_is_refused(capsys: pytest.CaptureFixture[str], fmt: str):
    assert main(["review", str(PDF), "--format", fmt, "--no-commentary"]) == 2
    err = capsys.readouterr()
    assert err.out == "" and f"{fmt} 格式需用 -o 指定输出文件" in err.err


def test_annotated_pdf_of_a_docx_is_a_chinese_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "x.pdf"
    assert main(["review", str(DOCX), "--format", "pdf", "-o", str(out), "--no-commentary"]) == 2
    assert "批注版 PDF 只能从 PDF 原件生成（本文件为 DOCX）" in capsys.readouterr().err
    assert not out.exists()
