"""The rule catalog: every family lists its rules explicitly; `run_all` applies them in code order."""

from __future__ import annotations

from tools.accounts.model import FinalAccounts
from tools.checks import disc, evaluation, nar, pct, perf, tbl, xt
from tools.checks.base import Context, Rule
from tools.findings import Finding
from tools.performance.model import Performance
from tools.profiles import Profile

FAMILIES: dict[str, tuple[Rule, ...]] = {
    "DISC": disc.RULES,
    "TBL": tbl.RULES,
    "XT": xt.RULES,
    "NAR": nar.RULES,
    "PCT": pct.RULES,
    "PERF": perf.RULES,
    "EVAL": evaluation.RULES,
}


def all_rules() -> list[Rule]:
    return sorted(
        (r for rules in FAMILIES.values() for r in rules), key=lambda r: r.code
    )


# Families that read the 决算 tables and text; the others read the 绩效 documents.
ACCOUNTS_FAMILIES = ("DISC", "TBL", "XT", "NAR", "PCT")
PERFORMANCE_FAMILIES = ("PERF", "EVAL")


def get(code: str) -> Rule:
    for r in all_rules():
        if r.code == code or code in r.aliases:
            return r
    raise KeyError(code)


def known(code: str) -> bool:
    """A rule code (or alias) of the catalog."""
    try:
        get(code)
    except KeyError:
        return False
    return True


def run_all(
    accounts: FinalAccounts,
    profile: Profile,
    only: list[str] | None = None,
    performance: Performance | None = None,
    families: tuple[str, ...] | None = None,
) -> list[Finding]:
    """Every enabled rule over the report; rule order does not matter (findings are sorted later).

    Args:
        families: run only these families (a lone 绩效自评表 has no 公开表 to check).
    """
    ctx = Context(accounts=accounts, profile=profile, performance=performance or Performance())
    out: list[Finding] = []
    for r in all_rules():
        if r.code in profile.disabled or (only is not None and r.code not in only):
            continue
        if families is not None and r.family not in families:
            continue
        out.extend(r.run(ctx))
    return out
