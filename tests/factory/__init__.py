"""Synthetic 部门决算公开报告 fixtures: a consistent data model rendered to PDF, DOCX, XLSX and TXT."""

from .build import build_report
from .model import Claim, Fact, Report, ReportTable
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .render_xlsx import render_xlsx

__all__ = [
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
