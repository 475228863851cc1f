"""Render a FormSet as text like the corpus' exports: '##' titles, tab-separated rows, a form feed per form."""

from __future__ import annotations

from pathlib import Path

from .perf_model import FormSet
from .perf_render import Block, sections


def block_lines(b: Block) -> list[str]:
    if b.grid is not None:
        # Covered cells of a merged range print empty, as in the corpus (a label, then tabs).
        return ["\t".join(row) for row in b.grid.rows] + [""]
    if b.kind == "title":
        return [f"## {b.text}", ""]
    if b.kind == "heading":
        return [f"### {b.text}", ""]
    return [b.text, ""]


def render_forms_text(fs: FormSet, path: str | Path) -> Path:
    path = Path(path)
    pages = ["\n".join(line for b in sec.blocks for line in block_lines(b)) for sec in sections(fs)]
    # A form feed starts a new page for the text reader, as each form starts one in print.
    path.write_text("\n\f".join(pages).rstrip("\n") + "\n", encoding="utf-8")
    return path
