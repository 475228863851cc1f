"""What the commentary covers: the reasons chosen for assessment and what is observed about them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent.items import collect
from tests.conftest import ROOT, shared_path
from tools.profiles import load
from tools.review import review

PROFILE = load("national")


@pytest.fixture(scope="module")
def seed002():
    r = review(shared_path("seeds", "002_e3267e760b1282a2.txt"))
    return collect(r.report, r.accounts, r.performance, PROFILE)


def _reason(items, subject: str):
    return next(r for r in items.reasons if r.subject == subject)


def test_a_cause_that_only_names_the_changed_subjects_is_vague(seed002) -> None:
    r = _reason(seed002, "项目支出")
    assert r.vague == "只列出了发生变化的科目，未说明变化的原因" and "增长 670.59%" in r.facts


def test_a_budget_stated_by_difference_is_labelled_as_the_budget(seed002) -> None:
    r = _reason(seed002, "机关运行经费支出")
    assert r.kind == "budget_deviation"
    assert "年初预算数（由决算数与增减额推算）35.10万元" in r.facts and not any("上年数" in f for f in r.facts)


def test_one_cause_for_the_same_money_told_twice_is_not_reuse(seed002) -> None:
    # 财政拨款收入 and 财政拨款收、支总计 share a cause but changed by different amounts (two items),
    # which is below the reuse count of three.
    assert all(not r.reused_with for r in seed002.reasons)


def test_reused_cause_for_three_different_changes_is_named() -> None:
    r = review(ROOT / "examples" / "example-review.pdf")
    items = collect(r.report, r.accounts, r.performance, PROFILE)
    reused = [x for x in items.reasons if x.reused_with]
    assert len(reused) == 3 and all(len(x.reused_with) == 2 for x in reused)


def test_deviation_cut_scores_need_no_reason_but_a_miss_does() -> None:
    r = review(shared_path("seeds", "000_598e7c5fa0877819.txt"))
    items = collect(r.report, r.accounts, r.performance, PROFILE)
    assert [x.subject for x in items.reasons] == [
        "《提前下达2023年中央服务业发展资金》绩效自评表 指标“专利许可备案金额增幅”（未完成）"
    ]
    assert items.reasons[0].reason and len(items.drafts) == 1


def test_materiality_follows_the_profile_thresholds(seed002) -> None:
    # 28.11 against 28.9: 0.79万元 and 2.73% are below 10万元 and 10%; 1080.46% is not.
    assert _reason(seed002, "一般公共预算财政拨款“三公”经费支出").material is False
    assert _reason(seed002, "机关运行经费支出").material is True
    lax = PROFILE.model_copy(update={"thresholds": PROFILE.thresholds.model_copy(update={"change_pct": Decimal(1)})})
    r = review(shared_path("seeds", "002_e3267e760b1282a2.txt"))
    items = collect(r.report, r.accounts, r.performance, lax)
    assert next(x for x in items.reasons if x.subject == "一般公共预算财政拨款“三公”经费支出").material is True


def test_a_zero_budget_is_marked_on_its_deviation(seed002) -> None:
    zero = [r for r in seed002.reasons if r.zero_base]
    assert zero and all(r.kind == "budget_deviation" and "年初预算为0（年初未安排预算）" in r.facts for r in zero)
    assert not any(r.zero_base for r in seed002.reasons if "年初预算为0（年初未安排预算）" not in r.facts)
