"""Input guard: every malformed input ends in one InputError line of Chinese, ZIPs are never inflated."""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.errors import InputError
from tools.ingest import guard
from tools.ingest.guard import check_input, read_text_file
from tools.settings import Limits

LIMITS = Limits()
CJK = re.compile(r"[\u4e00-\u9fff]")
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def rejects(path: Path | str, limits: Limits = LIMITS) -> str:
    """Assert check_input raises a one-line Chinese InputError and return its message."""
    with pytest.raises(InputError) as info:
        check_input(path, limits)
    message = info.value.message
    assert CJK.search(message), message
    assert "\n" not in message and "\r" not in message, message
    assert str(info.value) == message
    return message


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def minimal_docx(path: Path) -> Path:
    return make_zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def minimal_xlsx(path: Path) -> Path:
    return make_zip(path, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


# --- path-level problems -------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    assert rejects(missing) == f"文件不存在：{missing}"


def test_path_below_a_file(tmp_path: Path) -> None:
    parent = write(tmp_path / "a.pdf", PDF_BYTES)
    assert rejects(parent / "b.pdf").startswith("文件不存在：")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "report.pdf"
    folder.mkdir()
    assert "目录" in rejects(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "普通文件" in rejects(fifo)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.pdf", PDF_BYTES)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests often run as root, where chmod 000 does not stop reads: fake the refusal.
    monkeypatch.setattr(guard, "open", denied, raising=False)
    assert "没有读取权限" in rejects(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "a.pdf", PDF_BYTES)
    path.chmod(0)
    try:
        assert "没有读取权限" in rejects(path)
    finally:
        path.chmod(0o600)


def test_empty_file(tmp_path: Path) -> None:
    for name in ("a.pdf", "a.docx", "a.xlsx", "a.txt"):
        assert "文件为空" in rejects(write(tmp_path / name, b""))


def test_whitespace_only_text(tmp_path: Path) -> None:
    assert "空白" in rejects(write(tmp_path / "a.md", " \n\t\r\n\u3000".encode()))


# --- extensions ----------------------------------------------------------------------


def test_unknown_extension_lists_supported(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0"))
    assert ".jpg" in message
    for ext in (".pdf", ".docx", ".xlsx", ".txt", ".md"):
        assert ext in message


def test_no_extension(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "report", PDF_BYTES))
    assert "无扩展名" in message and ".pdf" in message


@pytest.mark.parametrize("ext", [".doc", ".xls", ".wps", ".et", ".DOC"])
def test_legacy_binary_formats_get_a_save_as_hint(tmp_path: Path, ext: str) -> None:
    message = rejects(write(tmp_path / f"old{ext}", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    assert "请另存为 .docx/.xlsx" in message
    assert ext.lower() in message


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    assert check_input(write(tmp_path / "A.PDF", PDF_BYTES), LIMITS) == "pdf"


# --- size ----------------------------------------------------------------------------


def test_oversize_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.pdf", PDF_BYTES + b"0" * (3 << 20))
    message = rejects(path, Limits(max_file_mb=1))
    assert message == "文件过大（3 MB），超过上限 1 MB"


def test_oversize_small_limit_shows_fraction(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "正文".encode() * 2000)
    message = rejects(path, Limits(max_file_mb=0.005))
    assert message.startswith("文件过大（0.011 MB）") and "0.005 MB" in message


# --- PDF -----------------------------------------------------------------------------


def test_valid_pdf_header(tmp_path: Path) -> None:
    assert check_input(write(tmp_path / "a.pdf", PDF_BYTES), LIMITS) == "pdf"


def test_pdf_header_after_junk_within_1024_bytes(tmp_path: Path) -> None:
    assert check_input(write(tmp_path / "a.pdf", b"\0" * 500 + PDF_BYTES), LIMITS) == "pdf"


def test_pdf_header_beyond_1024_bytes(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "a.pdf", b"\x01" * 2000 + PDF_BYTES))
    assert "PDF" in message


def test_jpeg_named_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64)
    assert rejects(path) == "扩展名为 .pdf，但内容是 JPEG 图片，不是 PDF 文件"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "PNG 图片"),
        (b"GIF89a" + b"\0" * 32, "GIF 图片"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML 网页"),
        (b"\xef\xbb\xbf  <html><head></head></html>", "HTML 网页"),
        (b"{\\rtf1\\ansi hello}", "RTF 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "旧版 Office"),
        (b"Rar!\x1a\x07\x00" + b"\0" * 16, "RAR 压缩包"),
        ("这是一份普通的文字说明。".encode(), "纯文本"),
    ],
)
def test_other_content_named_pdf(tmp_path: Path, data: bytes, expected: str) -> None:
    message = rejects(write(tmp_path / "a.pdf", data))
    assert message.startswith("扩展名为 .pdf，但内容是")
    assert expected in message


def test_docx_named_pdf_suggests_the_right_extension(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "a.pdf")
    message = rejects(path)
    assert "Word 文档" in message and "改为 .docx" in message


def test_plain_zip_named_pdf(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.pdf", {"readme.txt": b"hello"})
    assert rejects(path) == "扩展名为 .pdf，但内容是 ZIP 压缩包，不是 PDF 文件"


def test_unrecognised_binary_named_pdf(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "a.pdf", bytes(range(256)) * 4))
    assert "无法识别" in message


# --- DOCX / XLSX containers ------------------------------------------------------------


def test_valid_docx_and_xlsx(tmp_path: Path) -> None:
    assert check_input(minimal_docx(tmp_path / "a.docx"), LIMITS) == "docx"
    assert check_input(minimal_xlsx(tmp_path / "a.xlsx"), LIMITS) == "xlsx"


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "a.docx", bytes(range(256)) * 4))
    assert "不是 ZIP 格式" in message


def test_pdf_named_docx(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "a.docx", PDF_BYTES))
    assert "内容是 PDF 文件" in message and ".pdf" in message


def test_encrypted_office_named_docx(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    assert "加密" in message


def test_docx_zip_without_document_xml(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.docx", {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"})
    assert rejects(path) == "扩展名为 .docx，但压缩包内缺少 word/document.xml，不是有效的 Word 文档（.docx）"


def test_xlsx_zip_without_workbook_xml(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.xlsx", {"[Content_Types].xml": b"<Types/>"})
    assert "xl/workbook.xml" in rejects(path)


def test_docx_named_xlsx(tmp_path: Path) -> None:
    message = rejects(minimal_docx(tmp_path / "a.xlsx"))
    assert "内容是 Word 文档（.docx）" in message and "改为 .docx" in message


def test_xlsx_named_docx(tmp_path: Path) -> None:
    message = rejects(minimal_xlsx(tmp_path / "a.docx"))
    assert "Excel 工作簿" in message and "改为 .xlsx" in message


def test_pptx_named_docx(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.docx", {"ppt/presentation.xml": b"<p/>"})
    assert "PowerPoint" in rejects(path)


def test_truncated_zip(tmp_path: Path) -> None:
    whole = minimal_docx(tmp_path / "whole.docx").read_bytes()
    message = rejects(write(tmp_path / "cut.docx", whole[: len(whole) // 2]))
    assert "损坏" in message


def test_zip_bomb_by_total_size_is_found_without_inflating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(
        tmp_path / "bomb.docx",
        {"word/document.xml": b"<w:document/>", "word/media/zeros.bin": b"\0" * (3 << 20)},
    )

    def no_inflate(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflate)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_inflate)
    message = rejects(path, Limits(max_unzipped_mb=2, max_zip_ratio=100_000))
    assert "ZIP 炸弹" in message and "超过上限 2 MB" in message


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    # 5 MB of zeros deflates to a few KB: a ratio near 1000:1.
    path = make_zip(tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<w/>", "xl/zeros.bin": b"\0" * (5 << 20)})
    message = rejects(path)
    assert "压缩比" in message and "xl/zeros.bin" in message and "ZIP 炸弹" in message


def test_high_ratio_small_member_is_not_a_bomb(tmp_path: Path) -> None:
    # 500 KB of repetitive XML is normal in spreadsheets; small members skip the ratio test.
    path = make_zip(tmp_path / "ok.xlsx", {"xl/workbook.xml": b"<c/>" * 125_000})
    assert check_input(path, LIMITS) == "xlsx"


def test_too_many_members(tmp_path: Path) -> None:
    members = {f"word/m{i}.xml": b"" for i in range(guard.MAX_ZIP_MEMBERS + 1)}
    members["word/document.xml"] = b"<w:document/>"
    path = make_zip(tmp_path / "many.docx", members, zipfile.ZIP_STORED)
    assert "文件过多" in rejects(path)


# --- text ----------------------------------------------------------------------------


def test_text_encodings(tmp_path: Path) -> None:
    body = "某某测试局2024年度决算说明：收入合计12.50万元。"
    assert read_text_file(write(tmp_path / "u.txt", body.encode("utf-8")), LIMITS) == body
    assert read_text_file(write(tmp_path / "b.txt", body.encode("utf-8-sig")), LIMITS) == body
    assert read_text_file(write(tmp_path / "g.md", body.encode("gb18030")), LIMITS) == body
    assert check_input(tmp_path / "g.md", LIMITS) == "text"


def test_undecodable_text(tmp_path: Path) -> None:
    # 0xFF is invalid in both UTF-8 and GB18030.
    message = rejects(write(tmp_path / "bad.txt", "说明".encode() + b"\xff\xff\xff"))
    assert "UTF-8" in message and "GB18030" in message


def test_text_with_nul_bytes(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "bin.txt", b"abc\x00def" * 10))
    assert "NUL" in message


def test_utf16_text_gets_a_hint(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "w.txt", "决算说明".encode("utf-16")))
    assert "UTF-16" in message


def test_image_named_txt(tmp_path: Path) -> None:
    message = rejects(write(tmp_path / "p.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 32))
    assert "PNG 图片" in message


def test_text_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_TEXT_CHARS", 100)
    path = write(tmp_path / "long.txt", ("字" * 101).encode())
    message = rejects(path)
    assert "文本过长" in message and "101" in message


def test_read_text_file_rejects_other_formats(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_text_file(write(tmp_path / "a.pdf", PDF_BYTES), LIMITS)


# --- robustness ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=2048),
    ext=st.sampled_from([".pdf", ".docx", ".xlsx", ".txt", ".md"]),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-", b"\xff\xd8\xff", b"\xef\xbb\xbf"]),
)
def test_arbitrary_bytes_never_escape_as_other_errors(data: bytes, ext: str, prefix: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / f"x{ext}", prefix + data)
        try:
            result = check_input(path, LIMITS)
        except InputError as error:
            assert CJK.search(error.message) and "\n" not in error.message
        else:
            assert result in ("pdf", "docx", "xlsx", "text")
