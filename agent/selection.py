"""The facts relevant to a chat question, chosen deterministically, for models that cannot call tools.

A question names things: a finding id, a rule code, a page, a table, a 科目, a 情况说明 subject,
a 绩效 project or indicator. Those names are looked up in the review; the findings that mention
them come first. A question that names nothing gets the most severe findings. The same selection
answers the question offline (a plain listing) and fills the prompt of a model without tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from agent.guard import instruction_like
from agent.lookup import (
    SUSPICIOUS,
    TABLE_ALIASES,
    CellsView,
    ClaimsView,
    FindingView,
    cells_view,
    claim_views,
    find_tables,
    form_lines,
    indicator_line,
    key,
)
from agent.prompting import xml
from tools.accounts.model import Line, Statement, label_key
from tools.checks.registry import get as get_rule
from tools.checks.registry import known
from tools.findings import SEVERITY_ORDER, Finding
from tools.performance.judge import judge
from tools.performance.model import Indicator, SelfEvaluationForm
from tools.review import ReviewResult

MAX_FINDINGS = 8
MAX_CELLS = 8
MAX_CLAIMS = 5
MAX_INDICATORS = 8
GENERAL_FINDINGS = 5
# Shorter names ('收入', '合计') occur everywhere and would select everything.
MIN_TERM = 3
GENERIC_LINES = ("合计", "总计", "小计", "其他", "其中")
# NOTE: not \b — Chinese characters are word characters, so '规则TBL-004' has no boundary.
FINDING_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])")
_RULE = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,5})-(\d{3})(?!\d)")
PAGE = re.compile(r"第\s*(\d{1,4})\s*页")
# Words by which a question refers back to the previous one.
FOLLOW_UP = ("那", "它", "其", "该", "这条", "这个", "这项", "这一", "上述", "上面", "刚才", "呢")
_SEVERITY_WORDS = {"错误": "error", "警告": "warning", "提示": "info"}


class Selection(BaseModel):
    """What of a review is relevant to one question."""

    model_config = ConfigDict(frozen=True)

    findings: list[FindingView] = Field(default_factory=list)
    cells: list[CellsView] = Field(default_factory=list)
    claims: list[ClaimsView] = Field(default_factory=list)
    forms: list[list[str]] = Field(default_factory=list)
    """Per 绩效自评表: its summary lines, then the indicators asked about."""
    rules: list[str] = Field(default_factory=list)
    """'TBL-004：按功能分类列示的表中…' for the rules involved."""
    pages: list[int] = Field(default_factory=list)
    general: bool = False
    """Nothing in the question named a fact: the most severe findings stand in."""
    total: int = 0
    """Findings of the review that matched (before the cap)."""


def _has_code(text: str, code: str) -> bool:
    return re.search(rf"(?<!\d){re.escape(code)}(?!\d)", text) is not None


def _line_name(ln: Line) -> str:
    return key(ln.name) if ln.name else label_key(ln.label)


def _lines(result: ReviewResult, q: str, tables: list[Statement]) -> tuple[list[tuple[Statement, Line]], list[str]]:
    """Lines the question names (by 科目编码 or name), and the names that matched.

    A table named without a line contributes its total lines, but no names: '合计' would match
    every finding.
    """
    acc = result.accounts
    if acc is None:
        return [], []
    out: list[tuple[Statement, Line]] = []
    for st in acc.statements.values():
        for ln in st.lines:
            name = _line_name(ln)
            by_code = ln.code is not None and len(ln.code) >= 3 and _has_code(q, ln.code)
            by_name = len(name) >= MIN_TERM and name not in GENERIC_LINES and name in q
            if by_code or by_name:
                out.append((st, ln))
    if tables:
        out = [(s, ln) for s, ln in out if s in tables]
    terms = list(dict.fromkeys(_line_name(ln) for _, ln in out))
    if tables and not out:
        out = [(s, ln) for s in tables for ln in s.lines if ln.total][:3]
    return out, terms


def _unmet(ind: Indicator) -> bool:
    lost = ind.weight is not None and ind.score is not None and ind.score.value < ind.weight.value
    return ind.status == "未完成" or judge(ind).outcome == "unmet" or lost


def _forms(result: ReviewResult, q: str) -> tuple[list[tuple[SelfEvaluationForm, list[Indicator]]], list[str]]:
    """Forms and indicators the question names, and the names that matched (to find findings by)."""
    out: list[tuple[SelfEvaluationForm, list[Indicator]]] = []
    terms: list[str] = []
    for form in result.performance.forms:
        named = len(key(form.project)) >= 2 and key(form.project) in q
        inds = [i for i in form.indicators if len(key(i.name)) >= MIN_TERM and key(i.name) in q]
        if named and not inds:
            inds = [i for i in form.indicators if _unmet(i)]
        if named or inds:
            out.append((form, inds[:MAX_INDICATORS]))
            terms += [form.project] if named else []
            terms += [i.name for i in inds if key(i.name) in q]
    return out, terms


def _mentioned_tables(result: ReviewResult, question: str) -> list[Statement]:
    acc = result.accounts
    if acc is None:
        return []
    q = key(question)
    found: list[Statement] = []
    for m in re.finditer(r"[Tt]0?[1-9](?!\d)|公开0?[1-9]表", q):
        found += [s for s in find_tables(acc, m.group(0)) if s not in found]
    spans = []
    for st in acc.statements.values():
        title = key(st.title)
        for m in re.finditer(re.escape(title), q):
            spans.append((m.start(), m.end(), st))
    for a, b, st in spans:
        if not any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) for a2, b2, _ in spans) and st not in found:
            found.append(st)
    if not found:
        found = [s for s in acc.statements.values() if any(a in q for a in TABLE_ALIASES.get(s.key, ()))]
    return found


def _finding_text(f: Finding) -> str:
    parts = [f.message, f.location.row, f.location.table, f.location.section, *f.evidence]
    parts += [r.row for r in f.related]
    return key(" ".join(p for p in parts if p))


def _score(f: Finding, ids: list[str], codes: list[str], pages: list[int], titles: list[str], terms: list[str]) -> int:
    score = 0
    if f.id in ids:
        score += 100
    if f.rule in codes:
        score += 50
    if pages and (f.location.page in pages or any(r.page in pages for r in f.related)):
        score += 20
    text = _finding_text(f)
    if titles and any(t and (t == key(f.location.table) or t in text) for t in titles):
        score += 10
    score += 30 * sum(1 for t in terms if t and t in text)
    return score


def select(question: str, result: ReviewResult, previous: str | None = None) -> Selection:
    """The facts of `result` relevant to `question`.

    Args:
        previous: the previous question of the conversation; used when this one names nothing
            and refers back ('那原因呢？').
    """
    sel = _select(question, result)
    if sel.general and previous and any(w in question for w in FOLLOW_UP):
        again = _select(f"{previous}\n{question}", result)
        if not again.general:
            return again
    return sel


def _select(question: str, result: ReviewResult) -> Selection:
    report = result.report
    q = key(question)
    ids = FINDING_ID.findall(question.lower())
    codes = [f"{a.upper()}-{b}" for a, b in _RULE.findall(question)]
    pages = [int(p) for p in PAGE.findall(question)]
    tables = _mentioned_tables(result, question)
    lines, line_terms = _lines(result, q, tables)
    claims = [c for c in (result.accounts.claims if result.accounts else []) if len(key(c.subject)) >= MIN_TERM and key(c.subject) in q]
    forms, form_terms = _forms(result, q)
    terms = list(dict.fromkeys(line_terms + [key(c.subject) for c in claims] + [key(t) for t in form_terms]))
    titles = [key(s.title) for s in tables]
    scored = [(s, f) for f in report.findings if (s := _score(f, ids, codes, pages, titles, terms)) > 0]
    severity = [v for w, v in _SEVERITY_WORDS.items() if w in question]
    if severity and any(f.severity in severity for _, f in scored):
        scored = [(s, f) for s, f in scored if f.severity in severity]
    order = {f.id: i for i, f in enumerate(report.findings)}
    scored.sort(key=lambda sf: (-sf[0], SEVERITY_ORDER[sf[1].severity], order[sf[1].id]))
    general = not (scored or lines or claims or forms or codes)
    chosen = [f for _, f in scored][:MAX_FINDINGS]
    if general:
        pool = [f for f in report.findings if not severity or f.severity in severity] or list(report.findings)
        chosen = sorted(pool, key=lambda f: (SEVERITY_ORDER[f.severity], order[f.id]))[:GENERAL_FINDINGS]
    cells = [cells_view(st, ln) for st, ln in lines[:MAX_CELLS]]
    claim_groups = claim_views(claims)[:MAX_CLAIMS]
    form_views = [form_lines(f, indicators=False) + [f"  {indicator_line(i)}" for i in inds] for f, inds in forms]
    rule_codes = list(dict.fromkeys(codes + [f.rule for f in chosen]))
    rules = [f"{c}：{get_rule(c).summary}" for c in rule_codes if known(c)][:5]
    page_set = {f.location.page for f in chosen if f.location.page}
    page_set |= {c.page for c in cells if c.page} | {c.page for c in claim_groups if c.page}
    page_set |= {f.page for f, _ in forms if f.page}
    return Selection(
        findings=[FindingView.of(f) for f in chosen],
        cells=cells,
        claims=claim_groups,
        forms=form_views,
        rules=rules,
        pages=sorted(page_set),
        general=general,
        total=len(scored) if not general else len(report.findings),
    )


def _mark(line: str) -> str:
    return line + SUSPICIOUS if instruction_like(line) else line


def render_facts(sel: Selection) -> str:
    """The selection as escaped XML for the chat_facts prompt (document text is data there)."""
    return xml(
        "facts",
        {
            "scope": "问题未指明具体对象，以下为最主要的审核发现" if sel.general else None,
            "findings": [f.model_dump() for f in sel.findings],
            "cells": [_mark(c.line()) for c in sel.cells],
            "statements": ["\n".join(_mark(x) for x in c.lines()) for c in sel.claims],
            "forms": ["\n".join(_mark(x) for x in f) for f in sel.forms],
            "rules": sel.rules,
        },
    )


def _section(title: str, lines: Iterable[str]) -> list[str]:
    body = list(lines)
    return [title, *body] if body else []


def answer_text(sel: Selection, result: ReviewResult) -> str:
    """The offline answer: the selected facts, plainly listed (every number is a fact)."""
    s = result.report.summary
    if sel.general:
        if not result.report.findings:
            head = "问题中没有指明具体的表、科目、项目、页码或规则编号；确定性规则没有报告问题。可以询问某张表、某个科目或某个项目的数值。"
        else:
            head = (
                f"问题中没有指明具体的表、科目、项目、页码或规则编号。本文件的审核发现：错误 {s.error} 条、警告 {s.warning} 条、"
                f"提示 {s.info} 条，以下是最主要的 {len(sel.findings)} 条："
            )
    else:
        head = "以下是与问题相关的审核结果（由确定性规则和文件原文给出，未使用模型）："
    out = [head]
    out += _section("审核发现：", (f"- {f.line()}" for f in sel.findings))
    out += _section("表中数值：", (f"- {c.line()}" for c in sel.cells))
    out += _section("情况说明：", (f"- {x}" if not x.startswith("  ") else x for c in sel.claims for x in c.lines()))
    out += _section("绩效自评表：", (f"- {x}" if not x.startswith("  ") else x for f in sel.forms for x in f))
    out += _section("规则：", (f"- {r}" for r in sel.rules))
    return "\n".join(out)
