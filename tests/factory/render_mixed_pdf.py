"""Render a 决算 report with its 绩效自评表 attached (第五部分 附件) as one byte-reproducible PDF.

A 单位决算 often carries its 绩效自评情况汇总表 and 自评表 as a last part; the review reads such a file
as one "mixed" document. Both parts are laid out by their own renderers in a single reportlab
document, so page numbers run on and the bytes depend only on the inputs.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import NextPageTemplate, PageBreak

from . import perf_render_pdf
from .model import Report
from .perf_model import FormSet
from .perf_render import sections
from .render_pdf import S_PART, _p, document, drop_redundant_breaks, story, templates

APPENDIX = "第五部分 附件"


def render_mixed_pdf(report: Report, fs: FormSet, path: str | Path) -> Path:
    """The report, then a page headed 第五部分 附件 with the 汇总表, then one form per page run."""
    path = Path(path)
    secs = sections(fs)
    secs = secs[-1:] + secs[:-1]  # the 汇总表 leads the attachment, as in published reports
    kinds = ["landscape" if s.landscape else "portrait" for s in secs]
    # The forms' templates get ids of their own: the report's 'portrait'/'landscape' frames differ.
    names = [f"form-{k}" for k in kinds]
    flow = story(report, appendix=APPENDIX)
    flow += [NextPageTemplate(names[0]), PageBreak(), _p(APPENDIX, S_PART)]
    flow += perf_render_pdf.story(secs, kinds, names)
    doc = document(report, path)
    doc.addPageTemplates(templates() + [perf_render_pdf.template(k, f"form-{k}") for k in ("portrait", "landscape")])
    doc.build(drop_redundant_breaks(flow))
    return path
