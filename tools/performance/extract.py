"""Every 绩效 document in an ingested file, with each form's scoring profile chosen from its notes."""

from __future__ import annotations

from tools.document import Document
from tools.performance.forms import extract_forms, extract_summaries
from tools.performance.model import Performance, SelfEvaluationForm
from tools.performance.report import extract_reports
from tools.performance.scoring import AUTO, detect, load_scoring


def extract_performance(doc: Document, scoring: str = AUTO) -> Performance:
    """Forms, summary tables and evaluation reports of `doc`.

    Args:
        scoring: a scoring profile name that overrides detection, or 'auto'.
    """
    forms = [_with_scoring(f, scoring) for f in extract_forms(doc)]
    return Performance(forms=forms, summaries=extract_summaries(doc), reports=extract_reports(doc))


def _with_scoring(form: SelfEvaluationForm, scoring: str) -> SelfEvaluationForm:
    if scoring != AUTO:
        return form.model_copy(update={"scoring": load_scoring(scoring).name, "scoring_evidence": None})
    prof, evidence = detect(form.notes)
    return form.model_copy(update={"scoring": prof.name, "scoring_evidence": evidence})
