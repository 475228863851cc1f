"""Synthetic 部门决算公开报告 fixtures: a consistent data model rendered to PDF, DOCX, XLSX and TXT."""

from .build import build_report
from .model import Claim, Fact, Report, ReportTable
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .render_xlsx import render_xlsx

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx, "txt": render_text}
"""Format (file suffix) → renderer; every renderer takes (report, path) and returns the path."""

__all__ = [
    "RENDERERS",
    "Claim",
    "Fact",
    "Report",
    "ReportTable",
    "build_report",
    "render_docx",
    "render_pdf",
    "render_text",
    "render_xlsx",
]
