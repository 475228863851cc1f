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

# 预算项目绩效自评表 fixtures (2020 and 2024 layouts, 汇总表, single-error mutations).
from .perf_build import build_forms
from .perf_model import FormSet, FormSpec, IndicatorSpec, SummarySpec, audit
from .perf_mutations import MUTATIONS, NotApplicable
from .perf_render_docx import render_forms_docx
from .perf_render_pdf import PdfLayout, render_forms_pdf
from .perf_render_text import render_forms_text
from .perf_render_xlsx import render_forms_xlsx

PERF_RENDERERS = {"docx": render_forms_docx, "xlsx": render_forms_xlsx, "txt": render_forms_text}
"""Format → renderer of a FormSet (fs, path) -> Path; PDF is `render_forms_pdf`, which returns a PdfLayout."""

__all__ += [
    "MUTATIONS",
    "PERF_RENDERERS",
    "FormSet",
    "FormSpec",
    "IndicatorSpec",
    "NotApplicable",
    "PdfLayout",
    "SummarySpec",
    "audit",
    "build_forms",
    "render_forms_docx",
    "render_forms_pdf",
    "render_forms_text",
    "render_forms_xlsx",
]
