"""The library entry point: `review(path)` reads a report and returns its findings contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tools.document import Document
from tools.findings import DocumentInfo, Finding, FindingsReport, Location
from tools.ingest import ingest
from tools.kind import guess_kind, guess_unit, guess_year
from tools.settings import Limits

PROFILE = "national"


class ReviewResult(BaseModel):
    """Everything one review produced: the document as read and the findings contract."""

    model_config = ConfigDict(frozen=True)

    document: Document
    report: FindingsReport


def ingestion_findings(doc: Document) -> list[Finding]:
    """Pages that could not be read become located warnings, so nobody mistakes them for checked."""
    return [
        Finding(rule=w.code, severity="warning", message=w.message, location=Location(page=w.page))
        for w in doc.warnings
    ]


def review(path: str | Path, limits: Limits | None = None) -> ReviewResult:
    """Read `path` and check it; raises `tools.errors.InputError` when the file cannot be read."""
    doc = ingest(path, limits)
    info = DocumentInfo(
        path=str(path),
        sha256=doc.sha256,
        kind=guess_kind(doc),
        pages=len(doc.pages),
        unit=guess_unit(doc),
        year=guess_year(doc),
        profile=PROFILE,
    )
    report = FindingsReport.build(info, ingestion_findings(doc), [w.message for w in doc.warnings])
    return ReviewResult(document=doc, report=report)
