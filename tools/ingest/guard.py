"""Pre-flight checks on an input file: existence, size, type by magic bytes, ZIP bombs, text encoding."""

from __future__ import annotations

import stat
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

from tools.errors import InputError
from tools.settings import MAX_TEXT_CHARS, Limits

InputFormat = Literal["pdf", "docx", "xlsx", "text"]

FORMATS: dict[str, InputFormat] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".txt": "text",
    ".md": "text",
}
SUPPORTED = "、".join(FORMATS)

# Old binary Office/WPS formats: a specific hint beats "unsupported type".
_LEGACY = {
    ".doc": "旧版 Word 二进制格式",
    ".xls": "旧版 Excel 二进制格式",
    ".wps": "WPS 文字旧版格式",
    ".et": "WPS 表格旧版格式",
}

MAX_ZIP_MEMBERS = 10_000
# Small members are exempt from the ratio test: a few hundred KB of repetitive XML
# (empty styled cells) legitimately compresses beyond any sensible ratio.
MIN_RATIO_CHECK_BYTES = 1 << 20
HEAD_BYTES = 1024
MB = Decimal(1 << 20)

_NAMES: dict[InputFormat, str] = {
    "pdf": "PDF 文件",
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "text": "纯文本文件",
}
_EXPECTED_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _plain(value: Decimal) -> str:
    """'50' rather than '5E+1' or '50.0'."""
    return format(value.normalize(), "f")


def _mb(size: int) -> str:
    """A byte count as megabytes: one decimal ('12.3', '50'), three below 1 MB ('0.002')."""
    value = Decimal(size) / MB
    step = Decimal("0.1") if value >= 1 else Decimal("0.001")
    return _plain(value.quantize(step, rounding=ROUND_HALF_UP))


def _limit(value: float) -> str:
    return _plain(Decimal(str(value)))


def _sp(name: str) -> str:
    """Chinese typesetting puts a space between CJK text and a leading Latin word (PDF, JPEG)."""
    return f" {name}" if name[:1].isascii() else name


def _describe(head: bytes, path: Path) -> str | None:
    """Name the real content of a file from its leading bytes, or None when unrecognised."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG 图片"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG 图片"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF 图片"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF 图片"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP 图片"
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "BMP 图片"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 holds old .doc/.xls/.wps files and also password-protected .docx/.xlsx.
        return "旧版 Office 二进制文档（.doc/.xls/.wps）或加密的 Office 文档"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _describe_zip(path)
    if head.startswith(b"Rar!\x1a\x07"):
        return "RAR 压缩包"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z 压缩包"
    if head.startswith(b"\x1f\x8b"):
        return "GZIP 压缩包"
    if b"%PDF-" in head:
        return "PDF 文件"
    if head.startswith(b"{\\rtf"):
        return "RTF 文档"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"mime-version:"):
        return "MHT 网页存档"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return "HTML 网页"
    if text.startswith(b"<?xml"):
        return "HTML 网页" if b"<html" in text else "XML 文件"
    if b"\x00" not in head and _decodes(head):
        return "纯文本"
    return None


def _decodes(head: bytes) -> bool:
    # A full head may end inside a multi-byte character: allow up to 3 cut bytes.
    cuts = range(4) if len(head) >= HEAD_BYTES else range(1)
    for encoding in ("utf-8-sig", "gb18030"):
        for cut in cuts:
            try:
                head[: len(head) - cut].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


def _describe_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "ZIP 压缩包"
    if "word/document.xml" in names:
        return _NAMES["docx"]
    if "xl/workbook.xml" in names:
        return _NAMES["xlsx"]
    if "ppt/presentation.xml" in names:
        return "PowerPoint 演示文稿（.pptx）"
    if "mimetype" in names and "content.xml" in names:
        return "OpenDocument 文档（.odt/.ods）"
    return "ZIP 压缩包"


def _check_file(p: Path, limits: Limits) -> tuple[str, int]:
    """Checks common to every format; return (lower-case extension, size in bytes)."""
    try:
        info = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"文件不存在：{p}") from None
    except PermissionError:
        # An unreadable parent directory: stat() itself is refused.
        raise InputError(f"没有读取权限：{p}") from None
    except (OSError, ValueError):
        raise InputError(f"无法访问文件：{p}") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"路径是一个目录，不是文件：{p}")
    if not stat.S_ISREG(mode):
        # Reading a FIFO or device would block or never end.
        raise InputError(f"不是普通文件（可能是管道或设备）：{p}")
    ext = p.suffix.lower()
    if ext in _LEGACY:
        raise InputError(f"不支持{_LEGACY[ext]}（{ext}），请另存为 .docx/.xlsx 后再提交")
    if ext not in FORMATS:
        shown = f"“{p.suffix}”" if p.suffix else "（无扩展名）"
        raise InputError(f"不支持的文件类型{shown}，支持的类型：{SUPPORTED}")
    size = info.st_size
    if size == 0:
        raise InputError(f"文件为空：{p}")
    if Decimal(size) > Decimal(str(limits.max_file_mb)) * MB:
        raise InputError(f"文件过大（{_mb(size)} MB），超过上限 {_limit(limits.max_file_mb)} MB")
    try:
        with open(p, "rb") as fh:
            fh.read(1)
    except PermissionError:
        raise InputError(f"没有读取权限：{p}") from None
    except OSError:
        raise InputError(f"无法读取文件：{p}") from None
    return ext, size


def _read_head(p: Path) -> bytes:
    with open(p, "rb") as fh:
        return fh.read(HEAD_BYTES)


def _mismatch(ext: str, expected: InputFormat, actual: str | None) -> InputError:
    what = _NAMES[expected]
    if actual is None:
        return InputError(f"扩展名为 {ext}，但内容无法识别，不是有效的{_sp(what)}，文件可能已损坏")
    for fmt, name in _NAMES.items():
        if actual == name and fmt != "text":
            return InputError(f"扩展名为 {ext}，但内容是{_sp(name)}，请将扩展名改为 .{fmt} 后再提交")
    return InputError(f"扩展名为 {ext}，但内容是{_sp(actual)}，不是{_sp(what)}")


def _check_pdf(p: Path, ext: str) -> None:
    head = _read_head(p)
    if b"%PDF-" not in head:
        raise _mismatch(ext, "pdf", _describe(head, p))


def _check_zip(p: Path, ext: str, fmt: Literal["docx", "xlsx"], limits: Limits) -> None:
    head = _read_head(p)
    if not head.startswith(b"PK"):
        actual = _describe(head, p)
        if actual is None:
            raise InputError(f"扩展名为 {ext}，但内容不是 ZIP 格式（{ext} 文件应为 ZIP 压缩包），文件可能已损坏")
        raise _mismatch(ext, fmt, actual)
    try:
        # Only the central directory is read here; no member is decompressed.
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(f"文件已损坏：无法读取 {ext} 的 ZIP 结构（文件可能不完整）") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_ZIP_MEMBERS} 个），疑似 ZIP 炸弹")
    # zipfile stops inflating a member at its declared size, so the declared sizes bound
    # what python-docx/openpyxl can ever unpack, even when the directory lies.
    total = sum(i.file_size for i in infos)
    if Decimal(total) > Decimal(str(limits.max_unzipped_mb)) * MB:
        raise InputError(f"解压后大小约 {_mb(total)} MB，超过上限 {_limit(limits.max_unzipped_mb)} MB，疑似 ZIP 炸弹")
    max_ratio = Decimal(str(limits.max_zip_ratio))
    for info in infos:
        if info.file_size < MIN_RATIO_CHECK_BYTES:
            continue
        if info.compress_size == 0 or Decimal(info.file_size) / Decimal(info.compress_size) > max_ratio:
            ratio = "∞" if info.compress_size == 0 else str(info.file_size // info.compress_size)
            raise InputError(
                f"压缩包成员“{info.filename}”的压缩比为 {ratio}:1，超过上限 {_limit(limits.max_zip_ratio)}:1，疑似 ZIP 炸弹"
            )
    names = {i.filename for i in infos}
    expected = _EXPECTED_MEMBER[fmt]
    if expected not in names:
        other = "xlsx" if fmt == "docx" else "docx"
        if _EXPECTED_MEMBER[other] in names:
            raise _mismatch(ext, fmt, _NAMES[other])
        actual = _describe_zip(p)
        if actual not in ("ZIP 压缩包", _NAMES[fmt]):
            raise _mismatch(ext, fmt, actual)
        raise InputError(f"扩展名为 {ext}，但压缩包内缺少 {expected}，不是有效的{_sp(_NAMES[fmt])}")


def _load_text(p: Path, ext: str) -> str:
    data = p.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("文本文件为 UTF-16 编码，请另存为 UTF-8 编码后再提交")
    if b"\x00" in data:
        actual = _describe(data[:HEAD_BYTES], p)
        if actual and actual != "纯文本":
            raise InputError(f"扩展名为 {ext}，但内容是{_sp(actual)}，不是纯文本文件")
        raise InputError(f"文件包含二进制数据（NUL 字节），不是纯文本文件：{p}")
    actual = _describe(data[:HEAD_BYTES], p)
    if actual in ("PDF 文件", _NAMES["docx"], _NAMES["xlsx"], "ZIP 压缩包") or (actual or "").endswith("图片"):
        raise _mismatch(ext, "text", actual)
    text: str | None = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError("无法识别文本编码，请将文件保存为 UTF-8 或 GB18030（GBK）编码")
    if not text.strip():
        raise InputError(f"文件为空（只有空白字符）：{p}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"文本过长（{len(text)} 个字符），超过上限 {MAX_TEXT_CHARS} 个字符")
    return text


def check_input(path: str | Path, limits: Limits) -> InputFormat:
    """Validate an input file before any parser touches it; raise InputError with one Chinese line."""
    p = Path(path)
    ext, _ = _check_file(p, limits)
    fmt = FORMATS[ext]
    if fmt == "pdf":
        _check_pdf(p, ext)
    elif fmt in ("docx", "xlsx"):
        _check_zip(p, ext, fmt, limits)
    else:
        _load_text(p, ext)
    return fmt


def read_text_file(path: str | Path, limits: Limits) -> str:
    """Validate and decode a .txt/.md file (UTF-8, UTF-8 with BOM, or GB18030)."""
    p = Path(path)
    ext, _ = _check_file(p, limits)
    if FORMATS[ext] != "text":
        raise InputError(f"不是文本文件（扩展名为 {ext}）：{p}")
    return _load_text(p, ext)
