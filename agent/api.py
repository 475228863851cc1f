"""The library entry points the CLI, the web app and batch runs share: pick a model, review with commentary."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from agent.cache import Cache
from agent.commentary import Commentary, attach, comment, drafts_for
from agent.llm import LLM, connect
from agent.llm_settings import LLMSettings, resolve
from tools.commentary import CommentaryInfo, Draft
from tools.errors import InputError
from tools.findings import FindingsReport
from tools.profiles import Profile
from tools.review import ReviewResult, review


@dataclass
class ModelChoice:
    """The model to use (None: offline templates), its answer cache, and what to tell the user once."""

    llm: LLM | None = None
    cache: Cache | None = None
    notices: list[str] = field(default_factory=list)
    """The remote-model notice and cache problems, in Chinese."""


def choose_model(
    llm: str | None = None,
    base_url: str | None = None,
    use_cache: bool = True,
    settings: LLMSettings | None = None,
) -> ModelChoice:
    """Resolve --llm / environment / config into a model handle; raises InputError for a bad setting."""
    settings = settings or resolve(llm, base_url)
    out = ModelChoice(llm=connect(settings))
    notice = settings.notice()
    if notice:
        out.notices.append(notice)
    if out.llm is not None and use_cache:
        try:
            out.cache = Cache()
        except (OSError, sqlite3.Error) as exc:
            out.notices.append(f"模型回复缓存无法打开（{exc}），本次不使用缓存")
    return out


@dataclass(frozen=True)
class Reviewed:
    """A review and the findings contract with its commentary attached."""

    result: ReviewResult
    commentary: Commentary
    report: FindingsReport


def review_with_commentary(path: str | Path, profile: Profile, model: ModelChoice | None = None) -> Reviewed:
    """Read, check and comment one report; raises InputError when the file cannot be read."""
    model = model or ModelChoice()
    result = review(path, profile=profile)
    commentary = comment(result, profile, model.llm, model.cache)
    return Reviewed(result=result, commentary=commentary, report=attach(result.report, commentary))


def draft_measures(
    path: str | Path, profile: Profile, finding_ids: list[str] | None = None, model: ModelChoice | None = None
) -> tuple[ReviewResult, list[Draft], CommentaryInfo]:
    """整改措施 drafts for the named findings, else for every problem of the report."""
    model = model or ModelChoice()
    result = review(path, profile=profile)
    known = {f.id for f in result.report.findings}
    unknown = [i for i in (finding_ids or []) if i not in known]
    if unknown:
        raise InputError(f"报告中没有编号为 {'、'.join(unknown)} 的问题（编号见 review --format json 输出的 id）")
    drafts, info = drafts_for(result, profile, finding_ids, model.llm, model.cache)
    return result, drafts, info
