"""The numbers a commentary may state: document values, findings' figures and computed facts.

A `FactBook` holds numbers by what they measure (money in 元, percentages, plain values, years,
dates), so the numeric guard can ask whether a number a model wrote is one of them, unit-aware
and at the precision the model displayed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from agent.injection import instruction_like
from tools.accounts.model import FinalAccounts, Num
from tools.findings import Finding, FindingsReport
from tools.numbers import Quantity, find_quantities
from tools.performance.model import Performance, Value
from tools.profiles import Profile
from tools.tolerance import quantize

# Scale of each money unit to 元.
MONEY_SCALE: dict[str, Decimal] = {
    "万亿元": Decimal(1000000000000),
    "亿元": Decimal(100000000),
    "千万元": Decimal(10000000),
    "百万元": Decimal(1000000),
    "万元": Decimal(10000),
    "千元": Decimal(1000),
    "元": Decimal(1),
}
PERCENT_UNITS = ("%", "个百分点", "百分点")
# Units of time: in a drafted 整改措施 they state a proposed deadline, which is a suggestion.
TIME_UNITS = ("个工作日", "工作日", "个月", "月", "天", "日", "周", "年", "小时")

# Identifiers that contain digits but are not quantities: rule codes, table numbers, finding ids.
_NOT_QUANTITIES = re.compile(
    r"[A-Z]{2,5}-\d{3}"
    r"|公开\s*\d{1,2}\s*表"
    r"|\b[0-9a-f]{16}\b"
    r"|[（(]\d{1,2}[)）]"
    # A list number ('1.', '2、') but not a decimal at the start of a line ('12.5%').
    r"|^\s*\d{1,2}(?:[、．]|\.(?!\d))"
    r"|(?<=\n)\s*\d{1,2}(?:[、．]|\.(?!\d))"
    r"|第\s*\d{1,4}\s*[页行列条项栏]"
)


def mask_identifiers(text: str) -> str:
    """`text` with rule codes, table numbers, ids and list numbers blanked (same length, so spans hold)."""
    return _NOT_QUANTITIES.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class FactBook:
    """A set of numbers, each kept as what it measures."""

    money: set[Decimal] = field(default_factory=set)
    """Amounts in 元 (万元 values scaled)."""
    percent: set[Decimal] = field(default_factory=set)
    plain: set[Decimal] = field(default_factory=set)
    """Every number's printed value, whatever its unit (a count, a score, a cell without unit)."""
    bare: set[Decimal] = field(default_factory=set)
    """Values printed without a unit ('641.71' in a finding's expected): they may be amounts."""
    years: set[int] = field(default_factory=set)
    dates: set[tuple[int | None, int | None, int | None]] = field(default_factory=set)

    def add_quantity(self, q: Quantity) -> None:
        if q.kind == "year" and q.date is not None and q.date.year is not None:
            self.years.add(q.date.year)
            return
        if q.kind == "date" and q.date is not None:
            d = q.date
            self.dates.add((d.year, d.month, d.day))
            if d.year is not None:
                self.years.add(d.year)
            return
        if q.value is None:
            return
        self.add(q.value, q.unit)

    def add(self, value: Decimal, unit: str | None = None) -> None:
        """One number with its unit ('万元', '%', '件' or None)."""
        value = Decimal(value)
        self.plain.add(value)
        if unit is None:
            self.bare.add(value)
        elif unit in MONEY_SCALE:
            self.money.add(value * MONEY_SCALE[unit])
        elif unit in PERCENT_UNITS:
            self.percent.add(value)

    def add_num(self, num: Num | None, unit: str | None = None) -> None:
        if num is not None:
            self.add(num.value, unit)

    def add_text(self, text: str | None) -> None:
        """Every quantity printed in `text`."""
        if text:
            for q in find_quantities(mask_identifiers(text)):
                self.add_quantity(q)

    def add_texts(self, texts: Iterable[str | None]) -> None:
        for t in texts:
            self.add_text(t)

    def merged(self, *others: FactBook) -> FactBook:
        """A new book holding the numbers of this one and of `others`."""
        return FactBook(**{f.name: getattr(self, f.name).union(*(getattr(o, f.name) for o in others)) for f in fields(self)})

    def allows(self, q: Quantity) -> bool:
        """True when `q` (a number a model wrote) is one of the book's numbers."""
        if q.kind == "year":
            return q.date is not None and q.date.year in self.years
        if q.kind == "date":
            return q.date is not None and self._has_date(q.date.year, q.date.month, q.date.day)
        if q.value is None:
            return True
        if q.unit in MONEY_SCALE:
            scale = MONEY_SCALE[q.unit]
            return _member(q.value * scale, q.decimals, self.money, scale) or _member(
                q.value, q.decimals, self.bare
            )
        if q.unit in PERCENT_UNITS:
            return _member(q.value, q.decimals, self.percent)
        return _member(q.value, q.decimals, self.plain)

    def _has_date(self, year: int | None, month: int | None, day: int | None) -> bool:
        for y, m, d in self.dates:
            if (year is None or y is None or y == year) and m == month and (day is None or d == day):
                return True
        return False


def _member(value: Decimal, decimals: int, facts: set[Decimal], scale: Decimal = Decimal(1)) -> bool:
    """`value` is a fact, or a fact rounded to the (at least one) decimals the writer displayed.

    A whole number must match exactly: rounding 99.6% to '100%' or 0.43 万元 to '0' would restate
    precisely the kind of error the rules report.
    """
    if value in facts:
        return True
    if decimals < 1:
        return False
    for f in facts:
        if quantize(f / scale, decimals) * scale == value:
            return True
    return False


def _value_unit(v: Value | None) -> tuple[Decimal | None, str | None]:
    if v is None or v.number is None:
        return None, None
    return v.number.value, v.unit


def accounts_facts(book: FactBook, accounts: FinalAccounts) -> None:
    """Table amounts (in the table's unit) and every figure the 情况说明 states."""
    for stmt in accounts.statements.values():
        unit = stmt.unit or "万元"
        for line in stmt.lines:
            for amount in line.values.values():
                book.add(amount.value, unit if unit in MONEY_SCALE else None)
            if line.code:
                book.add(Decimal(line.code))
    for claim in accounts.claims:
        if instruction_like(claim.sentence):
            # A sentence addressed to a model ('…差额写为999.99万元') is not a source of facts.
            continue
        for n in (claim.amount, claim.change, claim.budget, claim.final, claim.budget_full):
            book.add_num(n, "万元")
        for n in (claim.share, claim.change_pct, claim.completion):
            book.add_num(n, "%")
        book.add_num(claim.count, claim.count_unit)
    if accounts.year:
        book.years.update({accounts.year - 1, accounts.year, accounts.year + 1})


def performance_facts(book: FactBook, perf: Performance) -> None:
    """Fund lines, indicator values, weights and scores of the 绩效 documents."""
    for form in perf.forms:
        if form.year:
            book.years.update({form.year - 1, form.year, form.year + 1})
        for f in form.funds:
            for n in (f.initial, f.budget, f.received, f.executed):
                book.add_num(n, "万元")
            book.add_num(f.weight)
            book.add_num(f.score)
            book.add_num(f.rate, "%")
        if form.execution is not None:
            book.add_num(form.execution.weight)
            book.add_num(form.execution.score)
            book.add_num(form.execution.progress, "%")
        if form.goal is not None:
            book.add_num(form.goal.completion, "%")
        for ind in form.indicators:
            for v in (ind.target, ind.actual):
                value, unit = _value_unit(v)
                if value is not None:
                    book.add(value, unit)
                if v is not None:
                    if v.upper is not None:
                        book.add(v.upper.value, v.unit)
                    if v.date is not None:
                        book.dates.add((v.date.year, v.date.month, v.date.day))
            book.add_num(ind.weight)
            book.add_num(ind.score)
        book.add_num(form.total_weight)
        book.add_num(form.total_score)
    for s in perf.summaries:
        for row in s.rows:
            book.add_num(row.score)
    for r in perf.reports:
        for t in r.tables:
            for item in t.items:
                book.add_num(item.weight)
                book.add_num(item.score)
            book.add_num(t.total_weight)
            book.add_num(t.total_score)
        for st in r.statements:
            book.add_num(st.score)
            book.add_num(st.weight)


def finding_facts(book: FactBook, f: Finding) -> None:
    """The figures a finding states: message, expected/actual/difference and evidence."""
    book.add_texts([f.expected, f.actual, f.difference])
    book.add_texts(t for t in (f.message, *f.evidence) if not instruction_like(t))
    for loc in (f.location, *f.related):
        if loc.page is not None:
            book.plain.add(Decimal(loc.page))
        book.add_text(loc.row)


def profile_facts(book: FactBook, profile: Profile) -> None:
    """Thresholds the rules applied (a model may cite '10%' or '10万元' as the threshold)."""
    th = profile.thresholds
    book.add(Decimal(str(th.change_pct)), "%")
    book.add(Decimal(str(th.change_amount)), "万元")
    book.add(Decimal(th.reuse_count))


def report_facts(
    report: FindingsReport,
    accounts: FinalAccounts | None,
    performance: Performance,
    profile: Profile | None = None,
) -> FactBook:
    """Every number of one review that a commentary on it may state."""
    book = FactBook()
    if accounts is not None:
        accounts_facts(book, accounts)
    performance_facts(book, performance)
    for f in report.findings:
        finding_facts(book, f)
    if report.document.year:
        y = report.document.year
        book.years.update({y - 1, y, y + 1})
    if profile is not None:
        profile_facts(book, profile)
    s = report.summary
    for n in (s.error, s.warning, s.info, len(report.findings)):
        book.add(Decimal(n))
    return book
