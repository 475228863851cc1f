"""Scoring profiles for 绩效自评表: execution-rate scoring, 偏离度, qualitative bands and grade bands.

The forms print their own scoring notes and the notes differ between provinces and years, so the
profile is chosen per form from its printed notes (the best evidence there is), else the national
default applies. Profiles are TOML files under tools/profiles/scoring/, with `extends`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.profiles import available as profile_files
from tools.profiles import load_data
from tools.text import normalize

DEFAULT_SCORING = "national"
AUTO = "auto"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class ExecutionScoring(_Model):
    mode: Literal["linear", "threshold"] = "linear"
    """linear: score = min(rate, 100%) × weight; threshold: rate ≥ `threshold` → full weight, else rate × weight."""
    threshold: Decimal = Decimal(95)
    """Percent at or above which the threshold mode gives full marks."""
    weight: Decimal = Decimal(10)
    """Weight of the 预算执行率 indicator."""
    reason_below: Decimal = Decimal(90)
    """An execution rate below this percent needs a stated reason (PERF-005)."""


class IndicatorScoring(_Model):
    over_achievement: Decimal = Decimal(30)
    """偏离度 in percent at or above which a full score on an exceeded target is questioned (PERF-009)."""


class Band(_Model):
    grade: str
    min: Decimal
    """Lower bound, inclusive (percent of the weight for qualitative bands, points for grades)."""


class ScoringProfile(_Model):
    name: str
    title: str
    """Chinese description shown in the output."""
    basis: str = ""
    detect: list[str] = Field(default_factory=list)
    """Regular expressions that must all match a form's normalised notes for this profile to apply."""
    execution: ExecutionScoring = ExecutionScoring()
    indicators: IndicatorScoring = IndicatorScoring()
    qualitative: list[Band] = Field(default_factory=list)
    """Qualitative bands from the top: 达成, 部分达成, 未达成."""
    grades: list[Band] = Field(default_factory=list)
    """自评等级 bands from the top: 优, 良, 中, 差."""
    first_level: dict[str, Decimal] = Field(default_factory=dict)
    """Conventional 一级指标 weights (PERF-002)."""

    def grade_of(self, score: Decimal) -> str | None:
        return next((b.grade for b in self.grades if score >= b.min), None)

    def band_of(self, percent: Decimal) -> str | None:
        return next((b.grade for b in self.qualitative if percent >= b.min), None)

    def band_range(self, grade: str) -> tuple[Decimal, Decimal] | None:
        """[min, next band's min) of a qualitative band, in percent of the weight; the top band ends at 100."""
        tops = [Decimal(100) + 1, *(b.min for b in self.qualitative)]
        for i, b in enumerate(self.qualitative):
            if b.grade == grade:
                return b.min, tops[i]
        return None


def available() -> list[str]:
    return profile_files("scoring")


@cache
def load_scoring(name: str = DEFAULT_SCORING) -> ScoringProfile:
    """A bundled scoring profile by name, or a TOML file by path (read once per process: rules ask often)."""
    prof = load_data(name, what="评分规则", folder="scoring", model=ScoringProfile)
    assert isinstance(prof, ScoringProfile)
    return prof


@cache
def _bundled() -> tuple[ScoringProfile, ...]:
    loaded = [load_scoring(n) for n in available()]
    return tuple(sorted(loaded, key=lambda p: (-len(p.detect), p.name)))


def profiles() -> list[ScoringProfile]:
    """Every bundled scoring profile, the most specific (most detect patterns) first."""
    return list(_bundled())


def detect(notes: list[str], candidates: list[ScoringProfile] | None = None) -> tuple[ScoringProfile, str | None]:
    """The profile whose patterns all match the printed notes, with the note line that matched first.

    Returns the national default and None when no profile's notes are printed.
    """
    lines = [normalize(n).replace(" ", "") for n in notes]
    text = "\n".join(lines)
    for prof in candidates or profiles():
        if prof.detect and all(re.search(p, text) for p in prof.detect):
            evidence = next((ln for ln in lines if re.search(prof.detect[0], ln)), None)
            return prof, evidence
    return load_scoring(DEFAULT_SCORING), None
