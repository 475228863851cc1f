"""The rule contract: a registered pure function of (FinalAccounts, Profile) that yields findings."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from tools.accounts.model import Amount, FinalAccounts, Num, Statement
from tools.findings import Finding, Location, RelatedLocation, Severity
from tools.performance.model import Performance, SelfEvaluationForm
from tools.performance.scoring import AUTO, ScoringProfile, detect, load_scoring
from tools.profiles import Profile
from tools.tolerance import Interval, compare, fmt, total

Family = Literal["DISC", "TBL", "XT", "NAR", "PCT", "PERF", "EVAL"]


@dataclass(frozen=True)
class Context:
    """What a rule reads: the typed report, the 绩效 documents beside it and the profile in force."""

    accounts: FinalAccounts
    profile: Profile
    performance: Performance = field(default_factory=Performance)

    def table(self, key: str) -> Statement | None:
        return self.accounts.table(key)

    def scoring(self, form: SelfEvaluationForm) -> tuple[ScoringProfile, str | None]:
        """The scoring profile for `form` and the printed note that chose it (None: not printed).

        A profile fixed in the review profile wins; otherwise the form's own notes decide.
        """
        if self.profile.scoring != AUTO:
            return load_scoring(self.profile.scoring), None
        if form.scoring:
            return load_scoring(form.scoring), form.scoring_evidence
        return detect(form.notes)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    """Stable code, never reused: family prefix + three digits ('TBL-004')."""
    name: str
    """Dotted name for configuration ('tables.hierarchy')."""
    severity: Severity
    """Default severity of a violation; gaps within tolerance are always info."""
    check: Check
    aliases: tuple[str, ...] = field(default=())

    @property
    def family(self) -> str:
        return self.code.split("-")[0]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """First docstring line: the one-line statement of the rule."""
        return self.doc.splitlines()[0] if self.doc else ""

    def run(self, ctx: Context) -> list[Finding]:
        return [_normalised(f, self.code) for f in self.check(ctx)]


def _normalised(f: Finding, code: str) -> Finding:
    # A reviewer reads "相差0.01", not "相差-0.01": the gap is reported as a magnitude;
    # expected and actual already say which side is larger.
    update: dict = {"rule": code}
    if f.difference and f.difference.startswith("-"):
        update["difference"] = f.difference[1:]
    if "相差-" in f.message:
        update["message"] = f.message.replace("相差-", "相差")
    return f.model_copy(update=update)


def rule(
    code: str, name: str, severity: Severity, aliases: tuple[str, ...] = ()
) -> Callable[[Check], Rule]:
    """Decorator turning a check function (its docstring is the contract) into a Rule."""

    def wrap(fn: Check) -> Rule:
        return Rule(code=code, name=name, severity=severity, check=fn, aliases=aliases)

    return wrap


def amount_text(num: Num | None) -> str:
    return "空白(0)" if num is None else fmt(num.value, num.decimals)


def sum_check(
    code: str,
    severity: Severity,
    *,
    subject: str,
    stated: Amount | None,
    parts: list[tuple[str, Amount | None]],
    location: Location,
    related: list[RelatedLocation] | None = None,
    what: str = "之和",
    interval: Callable[[Num | None], Interval] | None = None,
) -> Iterator[Finding]:
    """Compare a printed total with the sum of printed parts; equal → nothing, 尾数 → info, else `severity`.

    Args:
        subject: Chinese name of the total, used in the message ('收入决算表 合计行 本年收入合计').
        parts: (label, amount) of every addend; None amounts are blank cells (zero).
        interval: what one printed addend stands for (scores: `score_interval`).
    """
    point, iv = total((a for _, a in parts), interval)
    verdict = compare(stated, point, iv)
    if verdict == "equal":
        return
    related = [*(related or []), *_part_pages(parts, location)]
    decimals = stated.decimals if stated is not None else 2
    diff = (stated.value if stated is not None else Decimal(0)) - point
    rounding = verdict == "rounding"
    but, tail = (
        ("", "，在四舍五入误差范围内（尾数误差）。") if rounding else ("但", "。")
    )
    yield Finding(
        rule=code,
        severity="info" if rounding else severity,
        message=f"{subject}为{amount_text(stated)}，{but}各项{what}为{fmt(point, decimals)}，相差{fmt(diff, decimals)}{tail}",
        location=location,
        expected=fmt(point, decimals),
        actual=amount_text(stated) if stated is not None else "0.00",
        difference=fmt(diff, decimals),
        evidence=[f"{label} {amount_text(a)}" for label, a in parts],
        related=related,
    )


def _part_pages(
    parts: list[tuple[str, Amount | None]], location: Location
) -> list[RelatedLocation]:
    """Addends printed on other pages than the total (a table run over pages), one entry per page."""
    by_page: dict[int, list[str]] = {}
    for label, amount in parts:
        page = getattr(
            amount, "page", None
        )  # narrative figures (Num) have no page of their own
        if page is not None and page != location.page:
            by_page.setdefault(page, []).append(label)
    return [
        RelatedLocation(
            page=page,
            table=location.table,
            row="、".join(labels),
            column=location.column,
        )
        for page, labels in sorted(by_page.items())
    ]


def equal_check(
    code: str,
    severity: Severity,
    *,
    subject: str,
    stated: Num | None,
    other: Num | None,
    other_name: str,
    location: Location,
    related: list[RelatedLocation],
    evidence: list[str] | None = None,
) -> Iterator[Finding]:
    """Two printings of the same quantity (cross-table or narrative vs table) must agree."""
    point = other.value if other is not None else Decimal(0)
    verdict = compare(stated, point, Interval.of(other))
    if verdict == "equal":
        return
    decimals = max(stated.decimals if stated else 2, other.decimals if other else 2)
    diff = (stated.value if stated else Decimal(0)) - point
    sev: Severity = "info" if verdict == "rounding" else severity
    tail = "，在四舍五入误差范围内（尾数误差）。" if verdict == "rounding" else "。"
    yield Finding(
        rule=code,
        severity=sev,
        message=f"{subject}为{amount_text(stated)}，{other_name}为{amount_text(other)}，相差{fmt(diff, decimals)}{tail}",
        location=location,
        expected=amount_text(other) if other is not None else "0.00",
        actual=amount_text(stated) if stated is not None else "0.00",
        difference=fmt(diff, decimals),
        evidence=evidence
        or [f"{subject} {amount_text(stated)}", f"{other_name} {amount_text(other)}"],
        related=related,
    )


def related(loc: Location) -> RelatedLocation:
    """The non-bbox part of a location, for the `related` list."""
    return RelatedLocation(**loc.model_dump(exclude={"bbox"}))
