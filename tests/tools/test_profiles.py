"""Profiles: bundled TOML files load, extend the national default and change what the rules ask for."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tools.errors import InputError
from tools.profiles import available, load
from tools.review import review


def test_bundled_profiles_load_and_extend_national() -> None:
    assert {"national", "shanghai-2024"} <= set(available())
    national, shanghai = load("national"), load("shanghai-2024")
    assert shanghai.tables == national.tables
    assert shanghai.thresholds == national.thresholds
    assert "占比" in national.disclosure.procurement_elements
    assert "占比" not in shanghai.disclosure.procurement_elements


def test_unknown_profile_is_an_input_error() -> None:
    with pytest.raises(InputError, match="national"):
        load("no-such-profile")


def test_threshold_override_changes_what_needs_a_reason(tmp_path) -> None:
    prof = tmp_path / "lenient.toml"
    prof.write_text(
        'extends = "national"\nname = "lenient"\ntitle = "t"\n[thresholds]\nchange_pct = "1000"\nchange_amount = "100000"\n'
    )
    assert load(str(prof)).thresholds.change_pct == 1000


@pytest.mark.corpus
def test_shanghai_profile_drops_elements_the_shanghai_template_does_not_ask_for() -> (
    None
):
    path = shared_path(
        "corpus", "shanghai-putuo-guihua-ziranziyuan-2024-bumen-juesuan.pdf"
    )
    national = review(path).report
    shanghai = review(path, profile="shanghai-2024").report
    assert shanghai.document.profile == "shanghai-2024"
    rules = lambda rep: [f.rule for f in rep.findings]
    assert "DISC-005" in rules(national) and "DISC-007" in rules(national)
    assert "DISC-005" not in rules(shanghai) and "DISC-007" not in rules(shanghai)
    # Everything else is the same catalog.
    assert [
        f for f in national.findings if f.rule not in ("DISC-005", "DISC-007")
    ] == list(shanghai.findings)
