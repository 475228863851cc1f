"""Renderings of a finished review for download: JSON, Markdown, HTML, a DOCX 审核意见书, an XLSX list, an annotated PDF.

One entry point, `render_output`, shared by the CLI, the web app and batch runs; every format is
deterministic (same report, same bytes) so outputs can be cached and compared.
"""

from __future__ import annotations

from pathlib import Path

from tools.document import Document
from tools.errors import InputError
from tools.findings import FindingsReport

FORMATS = ("json", "md", "html", "docx", "xlsx", "pdf")

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

SUFFIXES: dict[str, str] = {fmt: f".{fmt}" for fmt in FORMATS}


def render_output(
    report: FindingsReport,
    fmt: str,
    *,
    document: Document | None = None,
    source: str | Path | bytes | None = None,
) -> bytes:
    """The report in one format; `source` (the original file) is needed only for the annotated PDF.

    Raises InputError (Chinese message) for an unknown format or an unusable PDF source.
    """
    if fmt == "json":
        return report.to_json().encode("utf-8")
    if fmt == "md":
        from tools.render import review_text

        return review_text(document, report, markdown=True).encode("utf-8")
    if fmt == "html":
        from tools.outputs.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "docx":
        from tools.outputs.docx import render_docx

        return render_docx(report)
    if fmt == "xlsx":
        from tools.outputs.xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "pdf":
        from tools.outputs.pdf import render_pdf

        return render_pdf(report, source)
    raise InputError(f"不支持的输出格式“{fmt}”，可选：{'、'.join(FORMATS)}")
