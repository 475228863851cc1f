"""Prompt files load strictly and render the same bytes for the same review."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from agent.prompting import PromptError, available, load, parse, xml
from agent.schemas import SCHEMAS
from tests.conftest import ROOT

GOOD = "---\nid: t\nversion: 1\ndescription: d\nvariables: [a, b]\n---\n系统 {{a}}\n=== user ===\n用户 {{ b }}\n"


def test_every_prompt_file_loads_and_names_a_known_schema() -> None:
    names = available()
    assert {"explain_findings.v1", "assess_reasons.v1", "draft_measures.v1", "retry_numbers.v1"} <= set(names)
    for name in names:
        p = load(name)
        assert p.name == name and p.description
        assert p.output is None or p.output in SCHEMAS


def test_render_fills_placeholders_and_splits_system_from_user() -> None:
    system, user = parse(GOOD).render(a="甲", b="乙")
    assert (system, user) == ("系统 甲", "用户 乙")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("variables: [a, b]", "variables: [a]"), "not declared ['b']"),
        (GOOD.replace("variables: [a, b]", "variables: [a, b, c]"), "declared but unused ['c']"),
        (GOOD.replace("---\nid", "id", 1), "front-matter"),
        (GOOD.replace("version: 1", "version: one"), "version"),
        (GOOD.replace("description: d\n", "description: d\nmodel: x\n"), "model"),
    ],
)
def test_malformed_prompt_files_fail_loudly(text: str, message: str) -> None:
    with pytest.raises(PromptError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(text)


def test_missing_and_unknown_variables_are_all_named() -> None:
    p = parse(GOOD)
    with pytest.raises(PromptError, match=r"missing variables \['b'\]; unknown variables \['z'\]"):
        p.render(a="1", z="2")


def test_facts_render_as_escaped_xml_without_empty_elements() -> None:
    out = xml("findings", [{"key": "F1", "message": "a<b & </data>", "sentence": None, "evidence": []}])
    assert out == "<findings>\n  <finding>\n    <key>F1</key>\n    <message>a&lt;b &amp; &lt;/data&gt;</message>\n  </finding>\n</findings>"


SCRIPT = """
import hashlib
from agent.commentary import ASSESS_CAP, DRAFT_CAP, EXPLAIN_CAP
from agent.lookup import document_xml
from agent.items import collect
from agent.prompting import load, xml
from tools.profiles import load as profile
from tools.review import review
r = review("examples/example-review.pdf")
items = collect(r.report, r.accounts, r.performance, profile("national"))
h = hashlib.sha256()
for cap, its in ((EXPLAIN_CAP, items.explain), (ASSESS_CAP, items.reasons), (DRAFT_CAP, items.drafts)):
    system, user = load(cap.prompt).render(document=document_xml(r.report), **{cap.variable: xml(cap.variable, [cap.view(i) for i in its])})
    h.update(system.encode()); h.update(user.encode())
print(h.hexdigest())
"""


def test_prompts_render_the_same_bytes_in_every_process() -> None:
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
