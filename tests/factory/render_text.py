"""Render a Report as plain text in the corpus' markdown-ish shape ('#' headings, tab-separated tables)."""

from __future__ import annotations

from pathlib import Path

from .model import Report, ReportTable


def table_lines(t: ReportTable) -> list[str]:
    out = [f"# {t.title}", "", *t.caption, ""]
    out += ["\t".join(r) for r in t.header]
    out += ["\t".join(r.cells) for r in t.rows]
    out.append("")
    out += t.notes
    return out


def render_text(report: Report, path: str | Path) -> Path:
    path = Path(path)
    p1, p2, p3, p4 = report.part_headings
    lines = [report.unit_name, f"{report.year}年度部门决算", ""]
    lines += ["# 目录", ""]
    lines += [f"## {p1}", ""] + [f"- {s.heading}" for s in report.overview] + [""]
    lines += [f"## {p2}", ""] + [f"- {t.title}" for t in report.tables] + [""]
    lines += [f"## {p3}", ""] + [f"- {s.heading}" for s in report.narrative if s.level == 2] + [""]
    lines += [f"## {p4}", ""]

    lines += [f"# {p1}", ""]
    for sec in report.overview:
        lines += [f"## {sec.heading}", ""]
        for para in sec.paragraphs:
            lines += [para, ""]
    lines += [f"# {p2}", ""]
    for t in report.tables:
        lines += table_lines(t) + [""]
    lines += [f"# {p3}", ""]
    for sec in report.narrative:
        lines += ["#" * sec.level + f" {sec.heading}", ""]
        for para in sec.paragraphs:
            lines += [para, ""]
    lines += [f"# {p4}", ""]
    for para in report.glossary:
        lines += [para, ""]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    return path
