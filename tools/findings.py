"""The findings contract `fiscal-review/findings@1`: models, stable fingerprints, canonical JSON."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.commentary import Assessment, CommentaryInfo, Draft, Explanation
from tools.location import Location, RelatedLocation

SCHEMA_ID = "fiscal-review/findings@1"

Severity = Literal["error", "warning", "info"]
DocumentKind = Literal["final_accounts", "performance_self_evaluation", "evaluation_report", "mixed", "unknown"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class _Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Contract):
    id: str = ""
    """Stable fingerprint: hash of rule, location and values (filled by `with_id`)."""
    rule: str
    severity: Severity
    message: str
    """One Chinese sentence naming the quantities and values."""
    location: Location
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    """Magnitude of the gap between expected and actual, as printed ('0.77')."""
    evidence: list[str] = Field(default_factory=list)
    related: list[RelatedLocation] = Field(default_factory=list)
    explanation: Explanation | None = None
    """What the finding means and what to check (additive; filled by the commentary)."""

    def fingerprint(self) -> str:
        payload = {
            "rule": self.rule,
            "location": self.location.model_dump(mode="json"),
            "expected": self.expected,
            "actual": self.actual,
            "related": [r.model_dump(mode="json") for r in self.related],
        }
        digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return digest.hexdigest()[:16]

    def with_id(self) -> "Finding":
        return self.model_copy(update={"id": self.fingerprint()})

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            loc.page if loc.page is not None else 10**9,
            SEVERITY_ORDER[self.severity],
            self.rule,
            loc.table or "",
            loc.row or "",
            loc.column or "",
            self.id,
        )


class ScoringUse(_Contract):
    """Which scoring profile was applied to one 绩效自评表, and the printed note that chose it."""

    form: str
    """The form as a reviewer names it ('《某项目》绩效自评表')."""
    page: int | None = None
    profile: str
    """Scoring profile name (tools/profiles/scoring/)."""
    title: str
    """Chinese description of the scoring rules."""
    evidence: str | None = None
    """The form's printed note that selected the profile; None when the default was assumed."""


class DocumentInfo(_Contract):
    path: str
    sha256: str
    kind: DocumentKind
    pages: int
    unit: str | None = None
    year: int | None = None
    profile: str = "national"
    scoring: list[ScoringUse] = Field(default_factory=list)
    """Per 绩效自评表: the scoring profile applied (additive to findings@1)."""


class Summary(_Contract):
    error: int = 0
    warning: int = 0
    info: int = 0


class Coverage(_Contract):
    """What the rules could look at, so a clean result is not mistaken for a complete check."""

    tables: list[str] = Field(default_factory=list)
    """公开表 recognised, by key (T01…T09)."""
    empty_tables: list[str] = Field(default_factory=list)
    """Of those, tables that print no amount."""
    cells: int = 0
    """Amount cells read from the tables."""
    unreadable_cells: int = 0
    """Cells in amount columns that are not numbers (cannot be checked)."""
    claims: int = 0
    """Numeric statements read from the 情况说明."""
    linked_claims: int = 0
    """Of those, statements tied to the table cell they restate (checked against it)."""
    forms: int = 0
    """绩效自评表 read."""
    indicators: int = 0
    """Indicator rows read from those forms."""
    summary_rows: int = 0
    """Project rows of 绩效自评情况汇总表."""
    reports: int = 0
    """绩效评价报告 read."""
    score_items: int = 0
    """Scored indicators in the reports' score tables."""
    score_statements: int = 0
    """Scores stated in the reports' text."""


class FindingsReport(_Contract):
    """The JSON document other tools parse; change it only by adding fields."""

    schema_: str = Field(SCHEMA_ID, alias="schema")
    document: DocumentInfo
    summary: Summary
    findings: list[Finding]
    warnings: list[str] = Field(default_factory=list)
    coverage: Coverage | None = None
    """What was read and checked; None when the document is neither a 决算 report nor a 绩效 document."""
    assessments: list[Assessment] = Field(default_factory=list)
    """Per stated reason (or missing one): whether it explains the deviation (additive)."""
    drafts: list[Draft] = Field(default_factory=list)
    """整改措施 paragraphs for findings and unmet indicators (additive)."""
    commentary: CommentaryInfo | None = None
    """How the explanations, assessments and drafts were produced; None when none were asked for."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @classmethod
    def build(
        cls, document: DocumentInfo, findings: list[Finding], warnings: list[str], coverage: Coverage | None = None
    ) -> FindingsReport:
        """Assign ids, sort and count so the same input always serialises to the same bytes."""
        with_ids = sorted((f.with_id() for f in findings), key=Finding.sort_key)
        counts = {s: sum(1 for f in with_ids if f.severity == s) for s in ("error", "warning", "info")}
        return cls(
            document=document, summary=Summary(**counts), findings=with_ids, warnings=list(warnings), coverage=coverage
        )

    def to_json(self) -> str:
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
