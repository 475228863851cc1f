"""Which quantity a narrative claim is about, from its subject wording (机关运行经费, 政府采购, 三公 counts).

These quantities have no 公开表 cell to point at, so the rules recognise them by how reports word
them. Matching is on the claim's `subject` (never on the whole sentence, which names several
figures), after removing spaces and quotes.
"""

from __future__ import annotations

import re

from tools.accounts.model import Claim

_NOISE = re.compile(r"[\s“”\"'‘’「」]")


def norm(text: str | None) -> str:
    return _NOISE.sub("", text or "")


def _subject(claim: Claim) -> str:
    return norm(claim.subject)


def _has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


# --- 机关运行经费 ---------------------------------------------------------------------------


def is_running_costs(claim: Claim) -> bool:
    """The 机关运行经费 figure itself (not its change or a component)."""
    s = _subject(claim)
    return "机关运行经费" in s and not _has(s, "预算")


# --- 政府采购 -------------------------------------------------------------------------------

PROCUREMENT_KINDS = ("total", "goods", "works", "services", "sme", "sme_other", "small")
"""总额; 货物/工程/服务; 中小企业 (授予 or 预留); 其他项目中由中小企业中标; 小微企业."""


def procurement_kind(claim: Claim) -> str | None:
    """The 政府采购 bucket a claim states, or None when it is not a procurement figure."""
    s = _subject(claim)
    section = norm(claim.section)
    if "采购" not in s and "政府采购" not in section:
        return None
    if "小微" in s:
        return "small"
    if "中小" in s:
        return "sme_other" if "其他" in s else "sme"
    if "货物" in s:
        return "goods"
    if "工程" in s:
        return "works"
    if "服务" in s:
        return "services"
    if _has(
        s, "总额", "总支出", "采购支出", "采购金额", "采购合同", "政府采购"
    ) and not _has(s, "预留", "进口", "绿色", "节能"):
        return "total"
    return None


def is_reserved_budget(claim: Claim) -> bool:
    """'面向中小企业预留政府采购项目预算金额': the budget set aside for SMEs, not the contracts they won.

    The awarded figure ('面向中小企业预留项目中中小企业中标采购金额', '授予中小企业合同金额') is
    what the 中小企业 bucket means; the reserved budget stands in only when no awarded figure is stated.
    """
    s = _subject(claim)
    return "预留" in s and "预算" in s and not _has(s, "中标", "成交", "授予", "合同")


def is_procurement(claim: Claim) -> bool:
    return procurement_kind(claim) is not None


# --- 三公 money and counts -----------------------------------------------------------------

# Category → (T07 决算数 column, words of the money subject).
THREE_PUBLIC_COLUMNS: dict[str, str] = {
    "abroad": "决算数/因公出国（境）费",
    "purchase": "决算数/公务用车购置及运行维护费/公务用车购置费",
    "running": "决算数/公务用车购置及运行维护费/公务用车运行维护费",
    "reception": "决算数/公务接待费",
}
CATEGORY_NAMES: dict[str, str] = {
    "abroad": "因公出国（境）费",
    "purchase": "公务用车购置费",
    "running": "公务用车运行维护费",
    "reception": "公务接待费",
}
COUNT_NAMES: dict[str, str] = {
    "abroad": "出国（境）团组数/人次",
    "purchase": "购置车辆数",
    "running": "公务用车保有量",
    "reception": "接待批次/人次",
}


def _is_count(claim: Claim) -> bool:
    return claim.count is not None


def count_category(claim: Claim) -> str | None:
    """The 三公 count a claim states: 出国团组/人次, 购置车辆数, 保有量, 接待批次/人次."""
    if not _is_count(claim):
        return None
    s = _subject(claim)
    unit = norm(claim.count_unit)
    if _has(s, "出国", "出境", "因公出国") and _has(
        s + unit, "团组", "组", "人次", "人"
    ):
        return "abroad"
    if "接待" in s and _has(s + unit, "批次", "人次", "批", "人"):
        # 外事接待 / 国（境）外接待 is a sub-breakdown of the 接待 total, not the total itself.
        if _has(s, "外事", "境外", "国外", "（境）外", "(境)外"):
            return None
        return "reception"
    if _has(s, "保有量", "保有", "实有"):
        return "running"
    if _has(s, "购置", "新购", "更新") and _has(s + unit, "车", "辆"):
        return "purchase"
    return None


def money_category(claim: Claim) -> str | None:
    """The 三公 amount a claim states (used when 公开07表 is absent)."""
    if claim.count is not None:
        return None
    s = _subject(claim)
    if _has(s, "预算") or "小计" in s:
        return None
    if "出国" in s or "出境" in s:
        return "abroad"
    if "购置费" in s and "运行" not in s:
        return "purchase"
    if "运行维护费" in s and "购置及" not in s:
        return "running"
    if "接待费" in s and not _has(
        s, "外事", "境外", "国外", "（境）外", "(境)外", "国内"
    ):
        return "reception"
    return None
