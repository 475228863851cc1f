"""Document kind, unit and year guesses shown in the review header and the contract's `document`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_path
from tools.ingest import ingest
from tools.kind import guess_kind, guess_unit, guess_year

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("ext", ["pdf", "docx", "xlsx", "txt"])
def test_example_report_in_every_format(ext: str) -> None:
    doc = ingest(EXAMPLES / f"example-final-accounts.{ext}")
    assert guess_kind(doc) == "final_accounts"
    assert guess_unit(doc) == "青禾市云溪区档案馆"
    assert guess_year(doc) == 2025


def test_self_evaluation_form_takes_the_unit_field_not_the_project_name(tmp_path: Path) -> None:
    form = tmp_path / "form.txt"
    form.write_text(
        "2025年度预算项目绩效自评表\n\n"
        "项目名称 2024年提前下达的河道保洁补助资金 项目级次 本级 实施主管单位 510002 - 青禾市云溪区水务局本级\n",
        encoding="utf-8",
    )
    doc = ingest(form)
    assert guess_kind(doc) == "performance_self_evaluation"
    assert guess_unit(doc) == "青禾市云溪区水务局本级"
    assert guess_year(doc) == 2025


def test_plain_text_without_signals_is_unknown(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("会议纪要\n\n今天讨论了档案数字化的安排。\n", encoding="utf-8")
    doc = ingest(note)
    assert guess_kind(doc) == "unknown" and guess_year(doc) is None


@pytest.mark.corpus
def test_seed_with_accounts_forms_and_evaluation_report_is_mixed() -> None:
    doc = ingest(shared_path("seeds", "002_e3267e760b1282a2.txt"))
    assert guess_kind(doc) == "mixed"
    assert guess_unit(doc) == "枣庄市山亭区市场监督管理局本级"
    assert guess_year(doc) == 2020
