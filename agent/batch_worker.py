"""What a batch worker process does with one report: review it, write its outputs, report back.

Runs inside the process pool (the forkserver preloads this module, so the heavy imports happen once).
`run_task` never raises for a bad report: an unreadable file, a bug, a timeout all come back as a
failed result with a one-line Chinese message. `review_one` is the seam tests replace (any
picklable top-level function with the same signature).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.api import ModelChoice, review_with_commentary
from agent.llm_settings import LLMSettings
from tools.errors import InputError
from tools.profiles import Profile

ENV_PREFIX = "FISCAL_REVIEW_"
MAX_ISSUES = 3
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Task:
    """One report to review."""

    path: str
    """Absolute path, passed to the review as is (it appears in the outputs)."""
    display: str
    """The path as shown to the user (relative to the inputs' common folder)."""
    sha256: str
    key: str
    base: str
    """Output name without suffix: '<stem>-<sha8>'."""


@dataclass(frozen=True)
class WorkerConfig:
    """What every task of a run shares; resolved once in the parent."""

    out_dir: str
    profile: Profile
    commentary: bool = True
    settings: LLMSettings | None = None
    use_cache: bool = True
    cache_path: str | None = None
    rate: float = 0.0
    """Model requests per second for this process (the batch rate ÷ jobs); 0: unlimited."""
    timeout: float = 600.0
    env: tuple[tuple[str, str], ...] = ()
    """The parent's FISCAL_REVIEW_* variables (ingestion limits…): a forkserver may be older than them."""


ReviewOne = Callable[[Task, WorkerConfig], dict]


class ReviewTimeout(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` inside the review swallows it."""


def init_worker() -> None:
    """Ctrl-C reaches the whole process group: only the parent handles it (and stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def failed(message: str) -> dict:
    return {"status": "failed", "error": one_line(message)}


def _apply_env(env: tuple[tuple[str, str], ...]) -> None:
    wanted = dict(env)
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX) and n not in wanted]:
        del os.environ[name]
    os.environ.update(wanted)


def _alarm(signum: int, frame: Any) -> None:
    raise ReviewTimeout


def run_task(review_one: ReviewOne, task: Task, cfg: WorkerConfig) -> dict:
    """What the pool runs: the review under a timeout, every failure turned into a result."""
    _apply_env(cfg.env)
    t0 = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cfg.timeout)
    try:
        out = review_one(task, cfg)
    except ReviewTimeout:
        out = failed(f"审核超时：超过 {cfg.timeout:g} 秒仍未完成")
    except InputError as exc:
        out = failed(exc.message)
    except MemoryError:
        out = failed("内存不足，无法审核此文件")
    except RecursionError:
        out = failed("文件结构嵌套过深，无法审核")
    except Exception as exc:  # noqa: BLE001 — a bug or a hostile file must not stop the batch
        out = failed(f"审核程序出错（{type(exc).__name__}）：{exc}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    out["seconds"] = round(time.perf_counter() - t0, 3)
    return out


_MODELS: dict[tuple, ModelChoice] = {}


def model_for(cfg: WorkerConfig) -> ModelChoice:
    """This process's model (built once, with its share of the batch's request rate) and cache."""
    settings = cfg.settings
    if not cfg.commentary or settings is None or settings.offline:
        return ModelChoice()
    key = (settings, cfg.rate, cfg.use_cache, cfg.cache_path)
    if key not in _MODELS:
        import sqlite3

        from agent.cache import Cache
        from agent.llm import build_chat_model, connect

        limiter = None
        if cfg.rate > 0:
            from langchain_core.rate_limiters import InMemoryRateLimiter

            limiter = InMemoryRateLimiter(requests_per_second=cfg.rate, check_every_n_seconds=0.05, max_bucket_size=1)
        llm = connect(settings, model=build_chat_model(settings, rate_limiter=limiter))
        cache = None
        if cfg.use_cache:
            try:
                cache = Cache(cfg.cache_path)
            except (OSError, sqlite3.Error):
                cache = None  # the parent already said so once
        _MODELS[key] = ModelChoice(llm=llm, cache=cache)
    return _MODELS[key]


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def main_issues(report: Any) -> list[str]:
    """The first errors, then warnings, as 'RULE message'."""
    ranked = [f for f in report.findings if f.severity == "error"] + [
        f for f in report.findings if f.severity == "warning"
    ]
    return [one_line(f"{f.rule} {f.message}") for f in ranked[:MAX_ISSUES]]


def review_one(task: Task, cfg: WorkerConfig) -> dict:
    """Review one report and write reports/<base>.md and .json; raises for anything unreadable."""
    from tools.render import review_text
    from tools.review import review

    choice = model_for(cfg)
    if cfg.commentary:
        reviewed = review_with_commentary(task.path, cfg.profile, choice)
        result, report = reviewed.result, reviewed.report
    else:
        result = review(task.path, profile=cfg.profile)
        report = result.report
    if report.document.sha256 != task.sha256:
        raise InputError("文件在审核过程中被改动，请重新运行以审核新内容")
    out_dir = Path(cfg.out_dir)
    md, js = f"reports/{task.base}.md", f"reports/{task.base}.json"
    write_atomic(out_dir / md, review_text(result.document, report, markdown=True))
    write_atomic(out_dir / js, report.to_json())
    doc, s = report.document, report.summary
    notes = list(report.commentary.notes) if choice.llm is not None and report.commentary is not None else []
    return {
        "status": "ok",
        "counts": {"error": s.error, "warning": s.warning, "info": s.info},
        "kind": doc.kind,
        "unit": doc.unit,
        "year": doc.year,
        "pages": doc.pages,
        "issues": main_issues(report),
        "outputs": [md, js],
        "notes": [one_line(n) for n in notes],
    }
