"""Ingestion entry point: any supported file to one located `Document`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools.document import Document, IngestWarning
from tools.errors import InputError
from tools.settings import Limits

__all__ = ["ingest", "InputError"]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest(path: str | Path, limits: Limits | None = None) -> Document:
    """Read a report file into a Document; raise `InputError` (Chinese message) when it cannot be read."""
    from tools.ingest.guard import FORMATS, check_input

    limits = limits or Limits.from_env()
    p = Path(path)
    # Each reader validates its own input (guard.check_input) before parsing; an
    # unsupported suffix is left to the guard, which names the problem.
    fmt = FORMATS.get(p.suffix.lower()) or check_input(p, limits)
    if fmt == "pdf":
        from tools.ingest.pdf import read_pdf
        from tools.ingest.pdf_blocks import build_pages

        items, warnings = read_pdf(p, limits)
        pages = build_pages(items)
    elif fmt == "docx":
        from tools.ingest.docx import read_docx

        pages, warnings = read_docx(p, limits)
    elif fmt == "xlsx":
        from tools.ingest.xlsx import read_xlsx

        pages, warnings = read_xlsx(p, limits)
    else:
        from tools.ingest.plaintext import read_text

        pages, warnings = read_text(p, limits)
    notes = [w if isinstance(w, IngestWarning) else IngestWarning(code="ING-009", message=str(w)) for w in warnings]
    return Document(path=str(path), sha256=_sha256(p), format=fmt, pages=pages, warnings=notes)
