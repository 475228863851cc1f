"""The library entry point: `review(path)` reads a report, checks it and returns the findings contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tools.accounts import extract
from tools.accounts.model import FinalAccounts
from tools.checks.registry import run_all
from tools.document import Document
from tools.findings import (
    Coverage,
    DocumentInfo,
    DocumentKind,
    Finding,
    FindingsReport,
    Location,
)
from tools.ingest import ingest
from tools.kind import guess_kind, guess_unit, guess_year
from tools.profiles import DEFAULT, Profile, load
from tools.settings import Limits

# Kinds whose 决算 tables and 情况说明 the rule catalog checks.
CHECKED_KINDS = ("final_accounts", "mixed")


class ReviewResult(BaseModel):
    """Everything one review produced: the document as read, its typed content and the findings."""

    model_config = ConfigDict(frozen=True)

    document: Document
    accounts: FinalAccounts | None = None
    """None when the document is not a 决算公开 report."""
    report: FindingsReport


def ingestion_findings(doc: Document) -> list[Finding]:
    """Pages that could not be read become located warnings, so nobody mistakes them for checked."""
    return [
        Finding(
            rule=w.code,
            severity="warning",
            message=w.message,
            location=Location(page=w.page),
        )
        for w in doc.warnings
    ]


def check_document(
    doc: Document, profile: Profile, kind: DocumentKind | None = None
) -> tuple[FinalAccounts | None, list[Finding]]:
    """Extract and check an ingested document; pure (same document → same findings).

    Args:
        kind: the document's kind when the caller already guessed it.
    """
    findings = ingestion_findings(doc)
    if (kind or guess_kind(doc)) not in CHECKED_KINDS:
        return None, findings
    accounts = extract(doc, profile)
    return accounts, findings + run_all(accounts, profile)


def coverage(accounts: FinalAccounts) -> Coverage:
    """Counts of what the catalog could check in `accounts`."""
    stmts = accounts.statements.values()
    return Coverage(
        tables=sorted(accounts.statements),
        empty_tables=sorted(k for k, s in accounts.statements.items() if s.empty),
        cells=sum(len(line.values) for s in stmts for line in s.lines),
        unreadable_cells=sum(len(line.unreadable) for s in stmts for line in s.lines),
        claims=len(accounts.claims),
        # An item linked by its amount (its name differs from the table) agrees with its cell by
        # construction, so it is not counted as checked against it.
        linked_claims=sum(
            1 for c in accounts.claims if c.ref is not None and c.linked_by != "amount"
        ),
    )


def review(
    path: str | Path, limits: Limits | None = None, profile: str | Profile = DEFAULT
) -> ReviewResult:
    """Read `path` and check it; raises `tools.errors.InputError` when the file or profile cannot be read."""
    prof = profile if isinstance(profile, Profile) else load(profile)
    doc = ingest(path, limits)
    kind = guess_kind(doc)
    accounts, findings = check_document(doc, prof, kind)
    info = DocumentInfo(
        path=str(path),
        sha256=doc.sha256,
        kind=kind,
        pages=len(doc.pages),
        # The extractor already read unit and year from the same document.
        unit=accounts.unit if accounts is not None else guess_unit(doc),
        year=accounts.year if accounts is not None else guess_year(doc),
        profile=prof.name,
    )
    cov = coverage(accounts) if accounts is not None else None
    report = FindingsReport.build(
        info, findings, [w.message for w in doc.warnings], cov
    )
    return ReviewResult(document=doc, accounts=accounts, report=report)
