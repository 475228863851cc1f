"""The three capabilities over one review — explain findings, assess stated reasons, draft 整改措施.

Each capability is one structured-output call per batch of items (a whole report usually fits in
one), its facts rendered into a versioned prompt. Every number a model writes is checked against
the review's facts; an answer with unverifiable numbers is sent back once with those numbers named,
and whatever still fails — or whatever the model could not deliver — is written by the templates,
with a note saying why. With no model configured the templates write everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from agent import templates
from agent.cache import Cache
from agent.calls import STRUCTURE, Ledger, ModelFailure, ask, conversation, follow_up
from agent.facts import FactBook, report_facts
from agent.guard import claims_clean, unverified
from agent.items import (
    KIND_CN,
    DraftItem,
    ExplainItem,
    Items,
    ReasonItem,
    collect,
    draft_items,
    draft_texts,
    explain_texts,
    item_facts,
    reason_texts,
)
from agent.llm import LLM
from agent.lookup import document_xml
from agent.prompting import load, xml
from agent.schemas import (
    AssessmentBatch,
    AssessmentOut,
    DraftBatch,
    DraftOut,
    ExplanationBatch,
    ExplanationOut,
)
from tools.commentary import Assessment, CommentaryInfo, Draft, Explanation, Source
from tools.findings import FindingsReport
from tools.profiles import Profile
from tools.review import ReviewResult

EXPLAIN = "explain_findings.v1"
ASSESS = "assess_reasons.v1"
DRAFT = "draft_measures.v1"
RETRY = "retry_numbers.v1"

NOTE_SUSPICIOUS = "原文含疑似对模型的指令，未发送给模型，按模板处理"
NOTE_MISSING = "模型未给出此条，已改用模板"


@dataclass(frozen=True)
class Options:
    """Batching limits: a batch is one model call."""

    max_items: int = 40
    """Items per call."""
    max_chars: int = 32000
    """Characters of rendered facts per call."""

    @classmethod
    def of(cls, llm: LLM | None) -> Options:
        return cls(max_items=llm.batch_items, max_chars=llm.batch_chars) if llm is not None else cls()


class Commentary(BaseModel):
    """Explanations by finding id, assessments, drafts, and how they were made."""

    model_config = ConfigDict(frozen=True)

    explanations: dict[str, Explanation]
    assessments: list[Assessment]
    drafts: list[Draft]
    info: CommentaryInfo


I = TypeVar("I", ExplainItem, ReasonItem, DraftItem)
O = TypeVar("O", ExplanationOut, AssessmentOut, DraftOut)
R = TypeVar("R", Explanation, Assessment, Draft)


@dataclass(frozen=True)
class Capability(Generic[I, O, R]):
    """How one capability turns items into a prompt, checks the model's answer and falls back."""

    prompt: str
    variable: str
    schema: type[BaseModel]
    view: Callable[[I], dict[str, Any]]
    """What of an item the model reads."""
    texts: Callable[[I], list[str | None]]
    """The item's own texts: numbers in them may be quoted in an answer about it."""
    outputs: Callable[[O], list[str]]
    """The texts of an answer the guard reads."""
    accept: Callable[[I, O, Source], R]
    template: Callable[[I], R]
    allow_time: bool = False


def _with_note(result: R, note: str) -> R:
    return result.model_copy(update={"source": Source(kind="template", note=note)})


# ------------------------------------------------------------------------------ views


def _explain_view(item: ExplainItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "rule": item.rule,
        "rule_title": item.rule_title,
        "severity": item.severity,
        "count": item.count,
        # Rule and severity are the item's; the long finding ids mean nothing to a model.
        "instances": [v.model_dump(exclude={"id", "severity", "rule"}) for v in item.shown],
    }


def _reason_view(item: ReasonItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "kind": KIND_CN[item.kind],
        "subject": item.subject,
        "sentence": item.sentence,
        "facts": item.facts,
        "reason": item.reason,
        "observations": item.observations,
    }


def _draft_view(item: DraftItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "subject": item.subject,
        "rule": item.rule,
        "severity": item.severity,
        "count": item.count,
        "problems": item.problems,
        "reason": item.reason,
        "unit": item.unit,
    }


# ------------------------------------------------------------------------------ accepting answers


# A 'check' that is only a prompt key or a rule code ('F1', 'TBL-004') tells a reviewer nothing.
_BARE_CODE = re.compile(r"[A-Za-z]{1,5}-?\d{1,3}")


def _accept_explanation(item: ExplainItem, out: ExplanationOut, source: Source) -> Explanation:
    checks = [c.strip() for c in out.checks if c.strip() and not _BARE_CODE.fullmatch(c.strip())]
    return Explanation(text=out.explanation.strip(), cause=out.cause, checks=checks[:3], source=source)


def _accept_assessment(item: ReasonItem, out: AssessmentOut, source: Source) -> Assessment:
    base = templates.assess(item)
    return base.model_copy(
        update={
            "verdict": out.verdict,
            "rationale": out.rationale.strip(),
            "missing": list(dict.fromkeys(out.missing)),
            "source": source,
        }
    )


def _accept_draft(item: DraftItem, out: DraftOut, source: Source) -> Draft:
    base = templates.draft(item)
    measures = [m.strip() for m in out.measures if m.strip()][:6]
    return base.model_copy(
        update={
            "problem": out.problem.strip(),
            "cause": out.cause.strip(),
            "measures": measures,
            "responsible": out.responsible.strip(),
            "deadline": out.deadline.strip(),
            "deadline_suggested": True,
            "text": templates.draft_text(out.problem.strip(), out.cause.strip(), measures, out.responsible.strip(), out.deadline.strip()),
            "source": source,
        }
    )


EXPLAIN_CAP: Capability = Capability(
    prompt=EXPLAIN,
    variable="findings",
    schema=ExplanationBatch,
    view=_explain_view,
    texts=explain_texts,
    outputs=lambda o: [o.explanation, *o.checks],
    accept=_accept_explanation,
    template=templates.explain,
)
ASSESS_CAP: Capability = Capability(
    prompt=ASSESS,
    variable="reasons",
    schema=AssessmentBatch,
    view=_reason_view,
    texts=reason_texts,
    outputs=lambda o: [o.rationale],
    accept=_accept_assessment,
    template=templates.assess,
)
DRAFT_CAP: Capability = Capability(
    prompt=DRAFT,
    variable="problems",
    schema=DraftBatch,
    view=_draft_view,
    texts=draft_texts,
    outputs=lambda o: [o.problem, o.cause, *o.measures, o.responsible, o.deadline],
    accept=_accept_draft,
    template=templates.draft,
    allow_time=True,
)


# ------------------------------------------------------------------------------ running a capability


@dataclass
class Run:
    """What every capability of one commentary shares."""

    llm: LLM | None
    book: FactBook
    document: str
    ledger: Ledger
    cache: Cache | None
    options: Options
    broken: str | None = None
    """Why the model is unusable for the rest of this commentary (unreachable, timing out, refusing the key)."""


def _batches(cap: Capability, items: list, options: Options) -> Iterable[list]:
    batch: list = []
    size = 0
    for item in items:
        n = len(xml("item", cap.view(item)))
        if batch and (len(batch) >= options.max_items or size + n > options.max_chars):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


def _problems(cap: Capability, item, out, book: FactBook) -> tuple[list[str], bool]:
    """(numbers the facts do not hold, whether the answer is unusable for another reason)."""
    texts = [t for t in cap.outputs(out) if t is not None]
    if not any(t.strip() for t in texts):
        return [], True
    if cap is EXPLAIN_CAP and claims_clean(" ".join(texts)):
        return [], True
    local = book.merged(item_facts(cap.texts(item)))
    numbers: list[str] = []
    for t in texts:
        for n in unverified(t, local, allow_time=cap.allow_time):
            if n not in numbers:
                numbers.append(n)
    return numbers, False


def run_capability(cap: Capability, items: list, run: Run) -> dict[str, Any]:
    """Results by item key: the model's where it passed the guard, the templates' elsewhere."""
    results: dict[str, Any] = {}
    sendable = []
    for item in items:
        if run.llm is None:
            results[item.key] = cap.template(item)
        elif item.suspicious:
            results[item.key] = _with_note(cap.template(item), NOTE_SUSPICIOUS)
            run.ledger.note(NOTE_SUSPICIOUS)
        else:
            sendable.append(item)
    for batch in _batches(cap, sendable, run.options):
        results.update(_run_batch(cap, batch, run))
    return results


def _messages(cap: Capability, batch: list, document: str) -> list:
    values = {cap.variable: xml(cap.variable, [cap.view(i) for i in batch])}
    system, user = load(cap.prompt).render(document=document, **values)
    return conversation(system, user)


def planned_requests(
    result: ReviewResult, profile: Profile, options: Options | None = None
) -> list[tuple[str, type[BaseModel], list]]:
    """(prompt, schema, messages) of every first request a commentary on `result` sends.

    What would leave the machine, before any answer: for cost estimates and the token benchmark.
    """
    report = result.report
    items = collect(report, result.accounts, result.performance, profile)
    options = options or Options()
    document = document_xml(report)
    out = []
    for cap, its in ((EXPLAIN_CAP, items.explain), (ASSESS_CAP, _needing_model(items.reasons)), (DRAFT_CAP, items.drafts)):
        for batch in _batches(cap, [i for i in its if not i.suspicious], options):
            out.append((cap.prompt, cap.schema, _messages(cap, batch, document)))
    return out


def _run_batch(cap: Capability, batch: list, run: Run) -> dict[str, Any]:
    assert run.llm is not None
    if run.broken is not None:
        return {i.key: _with_note(cap.template(i), run.broken) for i in batch}
    messages = _messages(cap, batch, run.document)
    try:
        answer = ask(run.llm, cap.prompt, messages, cap.schema, run.ledger, run.cache)
    except ModelFailure as exc:
        note = f"{exc.reason}，已改用模板"
        run.ledger.note(note)
        if exc.reason != STRUCTURE:
            # The endpoint itself failed (after the client's own retries): calling again for
            # the next batch would only add another timeout.
            run.broken = note
        return {i.key: _with_note(cap.template(i), note) for i in batch}
    outs = _by_key(answer)
    verdicts = {i.key: _problems(cap, i, outs[i.key], run.book) for i in batch if i.key in outs}
    wrong = [n for k, (nums, _) in verdicts.items() for n in nums]
    if wrong:
        names = "、".join(dict.fromkeys(wrong))
        correction = load(RETRY).render(numbers=names)[1]
        try:
            again = _by_key(ask(run.llm, cap.prompt, follow_up(messages, answer, correction), cap.schema, run.ledger, run.cache))
        except ModelFailure as exc:
            again = {}
            run.ledger.note(f"重写请求失败：{exc.reason}")
        for key, (nums, _) in list(verdicts.items()):
            if nums and key in again:
                item = next(i for i in batch if i.key == key)
                outs[key] = again[key]
                verdicts[key] = _problems(cap, item, again[key], run.book)
    source = Source(kind="model", model=run.llm.label)
    results: dict[str, Any] = {}
    for item in batch:
        if item.key not in outs:
            results[item.key] = _with_note(cap.template(item), NOTE_MISSING)
            run.ledger.note(NOTE_MISSING)
            continue
        nums, unusable = verdicts[item.key]
        if nums:
            # The numbers themselves are not repeated: a rejected number must not reach the reader.
            note = f"模型输出含 {len(nums)} 个资料中没有的数字，要求重写后仍有，已改用模板"
            results[item.key] = _with_note(cap.template(item), note)
            run.ledger.note("模型输出含资料中没有的数字，相关条目已改用模板")
        elif unusable:
            note = "模型输出为空或与审核发现矛盾（如称“未发现问题”），已改用模板"
            results[item.key] = _with_note(cap.template(item), note)
            run.ledger.note(note)
        else:
            results[item.key] = cap.accept(item, outs[item.key], source)
    return results


def _by_key(answer: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for o in getattr(answer, "items", []):
        key = str(o.key).strip()
        if key and key not in out:
            out[key] = o
    return out


# ------------------------------------------------------------------------------ the whole commentary


def comment(
    result: ReviewResult,
    profile: Profile,
    llm: LLM | None = None,
    cache: Cache | None = None,
    options: Options | None = None,
    items: Items | None = None,
) -> Commentary:
    """Explanations, assessments and drafts for one review; with `llm` None, all from templates."""
    items = items or collect(result.report, result.accounts, result.performance, profile)
    run = _run(result, profile, llm, cache, options)
    explained = run_capability(EXPLAIN_CAP, items.explain, run)
    explained.update({i.key: templates.explain(i) for i in items.explain_template})
    explanations: dict[str, Explanation] = {}
    for item in [*items.explain, *items.explain_template]:
        for fid in item.finding_ids:
            explanations[fid] = explained[item.key]
    assessed = run_capability(ASSESS_CAP, _needing_model(items.reasons), run)
    assessments = [assessed.get(r.key) or templates.assess(r) for r in items.reasons]
    drafted = run_capability(DRAFT_CAP, items.drafts, run)
    drafts = [drafted[d.key] for d in items.drafts]
    return Commentary(explanations=explanations, assessments=assessments, drafts=drafts, info=_info(run, explanations, assessments, drafts))


def _run(result: ReviewResult, profile: Profile, llm: LLM | None, cache: Cache | None, options: Options | None) -> Run:
    return Run(
        llm=llm,
        book=report_facts(result.report, result.accounts, result.performance, profile),
        document=document_xml(result.report),
        ledger=Ledger(),
        cache=cache,
        options=options or Options.of(llm),
    )


def _needing_model(reasons: list[ReasonItem]) -> list[ReasonItem]:
    # A missing reason is 缺失 by definition: nothing for a model to judge.
    return [r for r in reasons if r.reason]


def drafts_for(
    result: ReviewResult,
    profile: Profile,
    finding_ids: list[str] | None = None,
    llm: LLM | None = None,
    cache: Cache | None = None,
    options: Options | None = None,
) -> tuple[list[Draft], CommentaryInfo]:
    """整改措施 drafts only: for the given findings, else for every error/warning group and unmet indicator."""
    report = result.report
    items = draft_items(report.findings, result.performance, report.document.unit, report.document.year, only=finding_ids)
    run = _run(result, profile, llm, cache, options)
    drafted = run_capability(DRAFT_CAP, items, run)
    drafts = [drafted[d.key] for d in items]
    return drafts, _info(run, {}, [], drafts)


def _info(run: Run, explanations: dict[str, Explanation], assessments: list[Assessment], drafts: list[Draft]) -> CommentaryInfo:
    sources = [e.source for e in explanations.values()] + [a.source for a in assessments] + [d.source for d in drafts]
    by_model = any(s.kind == "model" for s in sources)
    # Templates by design (尾数误差, a missing reason) are not fallbacks; a template with a note is.
    fell_back = any(s.kind == "template" and s.note for s in sources)
    kind = "template" if run.llm is None or not by_model else "mixed" if fell_back else "model"
    return CommentaryInfo(
        source=kind,
        model=run.llm.label if run.llm is not None else None,
        prompts=list(run.ledger.prompts),
        usage=run.ledger.usage(),
        notes=list(run.ledger.notes),
    )


def attach(report: FindingsReport, commentary: Commentary) -> FindingsReport:
    """The findings contract with the commentary in its additive fields."""
    findings = [
        f.model_copy(update={"explanation": commentary.explanations.get(f.id)}) for f in report.findings
    ]
    return report.model_copy(
        update={
            "findings": findings,
            "assessments": commentary.assessments,
            "drafts": commentary.drafts,
            "commentary": commentary.info,
        }
    )
