"""The rule catalog listing and the generated docs/rules.md."""

from __future__ import annotations

from agent.cli import main
from tests.conftest import ROOT
from tools.checks.catalog import rules_markdown
from tools.checks.registry import all_rules


def test_docs_rules_md_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(), (
        "docs/rules.md is stale: run `fiscal-review rules --format md -o docs/rules.md`"
    )


def test_rules_command_lists_every_rule(capsys) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == [r.code for r in all_rules()]
    assert all(len(line.split()) >= 4 for line in out)
