"""The library entry point: `review(path)` reads a report, checks it and returns the findings contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tools.accounts import extract
from tools.accounts.model import FinalAccounts
from tools.checks.registry import ACCOUNTS_FAMILIES, PERFORMANCE_FAMILIES, run_all
from tools.document import Document
from tools.findings import (
    Coverage,
    DocumentInfo,
    DocumentKind,
    Finding,
    FindingsReport,
    Location,
    ScoringUse,
)
from tools.ingest import ingest
from tools.kind import guess_kind, guess_unit, guess_year
from tools.performance.extract import extract_performance
from tools.performance.model import Performance
from tools.performance.scoring import AUTO, DEFAULT_SCORING, load_scoring
from tools.profiles import DEFAULT, Profile, load
from tools.settings import Limits

# Kinds whose 决算 tables and 情况说明 the rule catalog checks.
CHECKED_KINDS = ("final_accounts", "mixed")
# Kinds that may hold 绩效自评表, their 汇总表 or a 绩效评价报告.
PERFORMANCE_KINDS = ("performance_self_evaluation", "evaluation_report", "mixed")


class ReviewResult(BaseModel):
    """Everything one review produced: the document as read, its typed content and the findings."""

    model_config = ConfigDict(frozen=True)

    document: Document
    accounts: FinalAccounts | None = None
    """None when the document is not a 决算公开 report."""
    performance: Performance = Performance()
    """The 绩效 documents found in the file (empty when there are none)."""
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


class Checked(BaseModel):
    """What checking one ingested document produced."""

    model_config = ConfigDict(frozen=True)

    accounts: FinalAccounts | None = None
    """None when the document has no 决算公开 part."""
    performance: Performance = Performance()
    findings: list[Finding]


def check_all(doc: Document, profile: Profile, kind: DocumentKind | None = None) -> Checked:
    """Extract and check every part of an ingested document; pure (same document → same findings).

    A 决算 report, 绩效自评表, their 汇总表 and a 绩效评价报告 in one file are checked together, so
    the 决算 text's 绩效 figures are compared with the forms attached to it.
    """
    findings = ingestion_findings(doc)
    kind = kind or guess_kind(doc)
    accounts = extract(doc, profile) if kind in CHECKED_KINDS else None
    performance = extract_performance(doc, profile.scoring) if kind in PERFORMANCE_KINDS else Performance()
    families: tuple[str, ...] = ()
    if accounts is not None:
        families += ACCOUNTS_FAMILIES
    if not performance.empty:
        families += PERFORMANCE_FAMILIES
    if families:
        findings += run_all(
            accounts or FinalAccounts(), profile, performance=performance, families=families
        )
    return Checked(accounts=accounts, performance=performance, findings=findings)


def check_document(
    doc: Document, profile: Profile, kind: DocumentKind | None = None
) -> tuple[FinalAccounts | None, list[Finding]]:
    """The 决算 part and all findings of `check_all` (kept for callers that need only these)."""
    checked = check_all(doc, profile, kind)
    return checked.accounts, checked.findings


def coverage(accounts: FinalAccounts | None, performance: Performance | None = None) -> Coverage | None:
    """Counts of what the catalog could check; None when nothing was checkable."""
    perf = performance or Performance()
    if accounts is None and perf.empty:
        return None
    out = Coverage(
        forms=len(perf.forms),
        indicators=sum(len(f.indicators) for f in perf.forms),
        summary_rows=sum(len(s.rows) for s in perf.summaries),
        reports=len(perf.reports),
        score_items=sum(1 for r in perf.reports for t in r.tables for i in t.items if i.score is not None),
        score_statements=sum(len(r.statements) for r in perf.reports),
    )
    if accounts is None:
        return out
    stmts = accounts.statements.values()
    return out.model_copy(
        update={
            "tables": sorted(accounts.statements),
            "empty_tables": sorted(k for k, s in accounts.statements.items() if s.empty),
            "cells": sum(len(line.values) for s in stmts for line in s.lines),
            "unreadable_cells": sum(len(line.unreadable) for s in stmts for line in s.lines),
            "claims": len(accounts.claims),
            # An item linked by its amount (its name differs from the table) agrees with its cell by
            # construction, so it is not counted as checked against it.
            "linked_claims": sum(
                1 for c in accounts.claims if c.ref is not None and c.linked_by != "amount"
            ),
        }
    )


def scoring_uses(performance: Performance, profile: Profile) -> list[ScoringUse]:
    out = []
    for form in performance.forms:
        prof = load_scoring(form.scoring or (profile.scoring if profile.scoring != AUTO else DEFAULT_SCORING))
        out.append(
            ScoringUse(
                form=form.label, page=form.page, profile=prof.name, title=prof.title, evidence=form.scoring_evidence
            )
        )
    return out


def review(
    path: str | Path, limits: Limits | None = None, profile: str | Profile = DEFAULT
) -> ReviewResult:
    """Read `path` and check it; raises `tools.errors.InputError` when the file or profile cannot be read."""
    prof = profile if isinstance(profile, Profile) else load(profile)
    doc = ingest(path, limits)
    kind = guess_kind(doc)
    checked = check_all(doc, prof, kind)
    accounts = checked.accounts
    info = DocumentInfo(
        path=str(path),
        sha256=doc.sha256,
        kind=kind,
        pages=len(doc.pages),
        # The extractor already read unit and year from the same document.
        unit=accounts.unit if accounts is not None else guess_unit(doc),
        year=accounts.year if accounts is not None else guess_year(doc),
        profile=prof.name,
        scoring=scoring_uses(checked.performance, prof),
    )
    cov = coverage(accounts, checked.performance)
    report = FindingsReport.build(
        info, checked.findings, [w.message for w in doc.warnings], cov
    )
    return ReviewResult(document=doc, accounts=accounts, performance=checked.performance, report=report)
