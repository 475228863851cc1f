"""The self-contained HTML review: one file, inline CSS, no scripts, every report text escaped."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from tools.findings import FindingsReport
from tools.outputs import labels


@lru_cache(maxsize=1)
def _template() -> Template:
    # Autoescape unconditionally (not by file suffix): report text is hostile input.
    env = Environment(
        loader=PackageLoader("tools.outputs", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("review.html.j2")


def render_html(report: FindingsReport) -> str:
    d = report.document
    return _template().render(
        report=report,
        doc=d,
        title=f"审核结果：{labels.document_title(report)}",
        file_name=labels.file_name(report),
        kind=labels.KIND_LABELS[d.kind],
        counts=labels.counts_text(report),
        groups=labels.grouped(report),
        severity_labels=labels.SEVERITY_LABELS,
        kind_cn=labels.KIND_CN,
        source_text=labels.source_text,
        who=labels.commentary_who(report.commentary) if report.commentary else None,
        coverage=labels.coverage_lines(report.coverage),
    )
