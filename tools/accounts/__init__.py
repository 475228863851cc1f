"""决算公开 report as typed data: `extract(doc, profile)` → FinalAccounts (statements + claims)."""

from __future__ import annotations

from tools.accounts.model import FinalAccounts
from tools.document import Document
from tools.kind import guess_unit, guess_year
from tools.profiles import Profile


def extract(doc: Document, profile: Profile) -> FinalAccounts:
    """Read the nine 公开表 and the 情况说明 of `doc` into typed, located models."""
    from tools.accounts.claims import extract_narrative, link_claims
    from tools.accounts.tables import build_statements

    statements = build_statements(doc, profile)
    claims, sections, texts = extract_narrative(doc)
    return FinalAccounts(
        unit=guess_unit(doc),
        year=guess_year(doc),
        statements=statements,
        claims=link_claims(claims, statements),
        sections=sections,
        texts=texts,
    )
