"""The annotated PDF: the original file with a highlight (or sticky note) and a comment for every finding."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Highlight, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from tools.errors import InputError
from tools.findings import Finding, FindingsReport
from tools.outputs import labels

COLORS = {"error": "e00000", "warning": "ff8c00", "info": "1e64dc"}
AUTHOR = "fiscal-review 审核"
NOTE_SIZE, NOTE_MARGIN, NOTE_STEP = 20.0, 8.0, 24.0
_PRINT = 4  # annotation flag: print the comment with the page


def render_pdf(report: FindingsReport, source: str | Path | bytes | None) -> bytes:
    data = _source_bytes(source)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError("PDF 原件已加密，无法生成批注版（请提供未加密的文件）")
        if hashlib.sha256(data).hexdigest() != report.document.sha256:
            raise InputError("PDF 原件与审核结果不符（文件内容已变化），请重新审核后再生成批注版")
        writer = PdfWriter(clone_from=reader)
        notes: dict[int, int] = {}
        for f in report.findings:
            _annotate(writer, f, notes)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many exception types for damaged files; the user gets one line
        raise InputError(f"PDF 原件已损坏或无法解析（{type(exc).__name__}），无法生成批注版") from exc


def _source_bytes(source: str | Path | bytes | None) -> bytes:
    if source is None:
        raise InputError("批注版 PDF 需要 PDF 原件，本次没有提供原文件")
    suffix = ""
    if isinstance(source, (str, Path)):
        suffix = Path(source).suffix.lower()
        if suffix and suffix != ".pdf":
            raise InputError(f"批注版 PDF 只能从 PDF 原件生成（本文件为 {suffix[1:].upper()}）")
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"无法读取 PDF 原件：{exc.strerror or exc}") from exc
    else:
        data = bytes(source)
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"批注版 PDF 只能从 PDF 原件生成（本文件为 {_sniff(data)}）")
    return data


def _sniff(data: bytes) -> str:
    """A name for what a non-PDF upload is, for the error message."""
    if data[:2] == b"PK":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "ZIP"
        if any(n.startswith("word/") for n in names):
            return "DOCX"
        if any(n.startswith("xl/") for n in names):
            return "XLSX"
        return "ZIP"
    return "文本或其他格式"


def comment(f: Finding) -> str:
    """'[错误] TBL-004 第5页 / …：message', then the explanation and what to check."""
    lines = [labels.finding_head(f)]
    if f.explanation is not None:
        lines.append(f"说明：{f.explanation.text}")
        if f.explanation.checks:
            lines.append("建议核对：" + "；".join(f"{k}. {c}" for k, c in enumerate(f.explanation.checks, 1)))
    return "\n".join(lines)


def _annotate(writer: PdfWriter, f: Finding, notes: dict[int, int]) -> None:
    page_no = f.location.page
    if page_no is None or not 1 <= page_no <= len(writer.pages):
        page_no = 1  # a finding about the whole document is noted on the first page
    page = writer.pages[page_no - 1]
    color = COLORS[f.severity]
    if f.location.page == page_no and f.location.bbox is not None:
        x0, y0, x1, y1 = to_pdf_rect(page, f.location.bbox)
        quad = ArrayObject(FloatObject(round(v, 2)) for v in (x0, y1, x1, y1, x0, y0, x1, y0))
        annot = Highlight(rect=(x0, y0, x1, y1), quad_points=quad, highlight_color=color, printing=True,
                          title_bar=AUTHOR)
        annot[NameObject("/CA")] = FloatObject(0.4)
        annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(_tint(x0, y0, x1, y1, color))})
    else:
        k = notes.get(page_no, 0)
        notes[page_no] = k + 1
        top = NOTE_MARGIN + k * NOTE_STEP
        rect = to_pdf_rect(page, (NOTE_MARGIN, top, NOTE_MARGIN + NOTE_SIZE, top + NOTE_SIZE))
        annot = Text(rect=rect, text="", title_bar=AUTHOR)
        annot.pop(NameObject("/Flags"), None)  # pypdf's non-standard key; /F below is the real one
        annot[NameObject("/Name")] = NameObject("/Comment")
        annot[NameObject("/C")] = ArrayObject(FloatObject(int(color[i : i + 2], 16) / 255) for i in (0, 2, 4))
        annot[NameObject("/F")] = NumberObject(_PRINT)
    annot[NameObject("/Contents")] = TextStringObject(comment(f))
    annot[NameObject("/Subj")] = TextStringObject(f.rule)
    if f.id:
        annot[NameObject("/NM")] = TextStringObject(f.id)
    writer.add_annotation(page_no - 1, annot)


def _tint(x0: float, y0: float, x1: float, y1: float, color: str) -> DecodedStreamObject:
    """A translucent multiply-blended fill: without an appearance some viewers paint the highlight opaque."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    form = DecodedStreamObject()
    form.set_data(f"/G0 gs {r:.3f} {g:.3f} {b:.3f} rg {x0} {y0} {x1 - x0:.2f} {y1 - y0:.2f} re f".encode("ascii"))
    gs = DictionaryObject({NameObject("/BM"): NameObject("/Multiply"), NameObject("/ca"): FloatObject(0.4)})
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (x0, y0, x1, y1)),
        NameObject("/Resources"): DictionaryObject(
            {NameObject("/ExtGState"): DictionaryObject({NameObject("/G0"): gs})}
        ),
    })
    return form


def to_pdf_rect(page: PageObject, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """pdfplumber's (x0, top, x1, bottom) to a PDF user-space rectangle (x0, y0, x1, y1), clamped to the MediaBox.

    pdfminer maps user space through a per-/Rotate page matrix relative to the MediaBox origin, then pdfplumber
    flips y and adds its own MediaBox offsets back; this undoes both so highlights land right on rotated pages
    and on pages whose MediaBox does not start at (0, 0).
    """
    mb = [float(v) for v in page.mediabox]
    left, right = sorted((mb[0], mb[2]))
    bottom, top = sorted((mb[1], mb[3]))
    rotation = (page.rotation or 0) % 360
    if rotation in (90, 270):
        height, off_x, off_top = right - left, bottom, -left
    else:
        height, off_x, off_top = top - bottom, left, -bottom

    def point(px: float, pt: float) -> tuple[float, float]:
        u, v = px - off_x, height - (pt - off_top)  # pdfminer's device space
        if rotation == 90:
            return right - v, bottom + u
        if rotation == 180:
            return right - u, top - v
        if rotation == 270:
            return left + v, top - u
        return left + u, bottom + v

    (ax, ay), (bx, by) = point(bbox[0], bbox[1]), point(bbox[2], bbox[3])
    x0, x1 = sorted((min(max(ax, left), right), min(max(bx, left), right)))
    y0, y1 = sorted((min(max(ay, bottom), top), min(max(by, bottom), top)))
    return round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)
