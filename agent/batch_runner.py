"""Batch orchestration: plan (skip what is done), run reports in a process pool, record, summarise.

A worker that dies (segfault, OOM, os._exit) breaks the whole pool, and every report then running
gets BrokenProcessPool without saying which one did it. Those reports are retried one at a time in
a fresh pool; one that breaks the pool while running alone is recorded as failed. A report still
running `grace` seconds after its timeout (the worker's own alarm did not stop it: stuck in C code)
has its pool killed; the others that were running are simply run again.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agent.batch_manifest import (
    Manifest,
    file_sha256,
    now,
    review_key,
    rules_version,
    settings_identity,
)
from agent.batch_summary import SUMMARY, write_summary
from agent.batch_worker import (
    ENV_PREFIX,
    ReviewOne,
    Task,
    WorkerConfig,
    failed,
    init_worker,
    review_one,
    run_task,
)
from tools.errors import InputError

CRASHED = "审核进程意外退出（可能是内存不足或文件触发了程序崩溃），已单独重试仍失败"
POLL = 0.5


@dataclass
class BatchConfig:
    inputs: list[Path]
    """Files to review (absolute, sorted: see agent.batch.find_inputs)."""
    out_dir: Path
    profile: Any
    """tools.profiles.Profile, with --scoring applied."""
    scoring: str | None = None
    commentary: bool = True
    settings: Any = None
    """agent.llm_settings.LLMSettings resolved by the caller; None or offline: templates."""
    use_cache: bool = True
    cache_path: str | None = None
    jobs: int = 2
    timeout: float = 600.0
    rate_limit: float = 1.0
    """Model requests per second for the whole batch (shared evenly by the processes); 0: no limit."""
    grace: float = 30.0
    """Seconds past the timeout before the parent kills a worker that ignored its alarm."""


class Events(Protocol):
    def planned(self, total: int, to_review: int, skipped: int) -> None: ...
    def started(self, task: Task) -> None: ...
    def finished(self, task: Task | None, record: dict) -> None:
        """`task` is None for a file that could not even be read for hashing."""


class _Silent:
    def planned(self, total: int, to_review: int, skipped: int) -> None:
        pass

    def started(self, task: Task) -> None:
        pass

    def finished(self, task: Task | None, record: dict) -> None:
        pass


@dataclass
class BatchOutcome:
    records: list[dict]
    """The latest record of every input that has one, in input order (what summary.xlsx shows)."""
    total: int
    reviewed: list[dict] = field(default_factory=list)
    """Reviewed ok in this run."""
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    """Failed in this run."""
    interrupted: bool = False
    summary: Path | None = None
    summary_error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if any(r.get("status") != "ok" for r in self.records) or len(self.records) < self.total:
            return 2
        return 1 if any((r.get("counts") or {}).get("error") for r in self.records) else 0


def display_names(paths: list[Path]) -> dict[Path, str]:
    """Each path relative to the folder all of them share."""
    if not paths:
        return {}
    root = Path(os.path.commonpath([str(p.parent) for p in paths]))
    return {p: p.relative_to(root).as_posix() for p in paths}


def _base(path: Path, sha: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", path.stem).strip("._") or "report"
    return f"{stem[:80]}-{sha[:8]}"


def plan(cfg: BatchConfig, manifest: Manifest, rules: str) -> tuple[list[Task], list[dict], list[dict]]:
    """(tasks to run, ok records to skip, records of files that could not even be read)."""
    ident = settings_identity(cfg.profile, cfg.scoring, cfg.commentary, cfg.settings)
    names = display_names(cfg.inputs)
    tasks: list[Task] = []
    skipped: list[dict] = []
    unreadable: list[dict] = []
    used: set[str] = set()
    for p in cfg.inputs:
        path = str(p)
        try:
            sha = file_sha256(p)
        except OSError as exc:
            unreadable.append(
                {"path": path, "display": names[p], "status": "failed", "rules": rules, "finished": now()}
                | failed(f"无法读取文件：{exc.strerror or exc}")
            )
            continue
        key = review_key(sha, rules, ident)
        done = manifest.done(path, key, cfg.out_dir)
        if done is not None:
            skipped.append(done)
            used.add(Path(done["outputs"][0]).stem)
            continue
        base = _base(p, sha)
        if base in used:  # same name and content elsewhere: tell them apart by path
            base += "-" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:6]
        used.add(base)
        tasks.append(Task(path=path, display=names[p], sha256=sha, key=key, base=base))
    return tasks, skipped, unreadable


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now (a stuck one ignores everything else)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public way to stop a busy worker
    for p in procs:
        try:
            p.kill()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.join(5)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass


class PoolError(InputError):
    """No worker process can be started at all (an environment problem, not a report's)."""


def _contexts() -> list:
    """Start methods to try: a forkserver (imports once, forks clean workers fast), else spawn."""
    import multiprocessing

    out = []
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["agent.batch_worker"])
        out.append(ctx)
    out.append(multiprocessing.get_context("spawn"))
    return out


@dataclass
class _Running:
    task: Task
    deadline: float
    alone: bool


class _Runner:
    def __init__(self, cfg: BatchConfig, wcfg: WorkerConfig, worker: ReviewOne, record) -> None:
        self.cfg, self.wcfg, self.worker, self.record = cfg, wcfg, worker, record
        self.contexts = _contexts()
        self.pool: ProcessPoolExecutor | None = None
        self.fresh = False
        """True until the current pool has accepted a task."""
        self.running: dict[Future, _Running] = {}

    def _submit(self, task: Task, alone: bool, events: Events) -> bool:
        assert self.pool is not None
        try:
            fut = self.pool.submit(run_task, self.worker, task, self.wcfg)
        except (BrokenProcessPool, RuntimeError, OSError) as exc:
            if not self.fresh:
                return False  # a pool that broke meanwhile: the caller makes a new one
            # A new pool that cannot start a process: try the next start method, else give up.
            self.contexts.pop(0)
            if not self.contexts:
                raise PoolError(f"无法启动审核进程：{exc}") from exc
            return False
        self.fresh = False
        self.running[fut] = _Running(task, time.monotonic() + self.cfg.timeout + self.cfg.grace, alone)
        events.started(task)
        return True

    def _new_pool(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.cfg.jobs, mp_context=self.contexts[0], initializer=init_worker)
        self.fresh = True

    def _drop_pool(self) -> None:
        if self.pool is not None:
            _kill(self.pool)
            self.pool = None

    def run(self, tasks: list[Task], events: Events) -> None:
        pending: deque[Task] = deque(tasks)
        suspects: deque[Task] = deque()
        try:
            while pending or suspects or self.running:
                if self.pool is None:
                    self._new_pool()
                if suspects:
                    if not self.running and self._submit(suspects[0], True, events):
                        suspects.popleft()  # a report running when a worker died: alone this time
                else:
                    while pending and len(self.running) < self.cfg.jobs and self._submit(pending[0], False, events):
                        pending.popleft()
                if not self.running:  # the pool took nothing: a new one (or another start method)
                    self._drop_pool()
                    continue
                self._step(pending, suspects)
        finally:
            self._drop_pool()

    def _step(self, pending: deque[Task], suspects: deque[Task]) -> None:
        nearest = min(r.deadline for r in self.running.values())
        done, _ = wait(self.running, timeout=max(0.01, min(POLL, nearest - time.monotonic())), return_when=FIRST_COMPLETED)
        broken: list[_Running] = []
        for fut in done:
            run = self.running.pop(fut)
            try:
                out = fut.result()
            except BrokenProcessPool:
                broken.append(run)
                continue
            except Exception as exc:  # noqa: BLE001 — the result could not come back (e.g. not picklable)
                out = failed(f"审核结果无法取回（{type(exc).__name__}）：{exc}")
            self.record(run.task, out)
        if broken:
            # The pool is gone: every report still running fails the same way, soon.
            rest, _ = wait(self.running, timeout=30)
            for fut in rest:
                run = self.running.pop(fut)
                try:
                    self.record(run.task, fut.result())
                except BrokenProcessPool:
                    broken.append(run)
                except Exception as exc:  # noqa: BLE001 — as above
                    self.record(run.task, failed(f"审核结果无法取回（{type(exc).__name__}）：{exc}"))
            broken.extend(self.running.values())
            self.running.clear()
            self._drop_pool()
            for run in sorted(broken, key=lambda r: r.task.path):
                if run.alone:
                    self.record(run.task, failed(CRASHED))
                else:
                    suspects.append(run.task)
            return
        late = [r for r in self.running.values() if time.monotonic() > r.deadline]
        if late:
            for run in late:
                self.record(run.task, failed(f"审核超时：超过 {self.cfg.timeout:g} 秒仍未完成，已强制停止"))
            innocent = [r.task for r in self.running.values() if r not in late]
            self.running.clear()
            self._drop_pool()
            pending.extendleft(reversed(innocent))


def _stale(previous: dict | None, record: dict, latest: dict[str, dict]) -> list[str]:
    """Outputs of an input's previous record that nothing references any more."""
    if not previous:
        return []
    keep = set(record.get("outputs") or [])
    for path, rec in latest.items():
        if path != record["path"]:
            keep.update(rec.get("outputs") or [])
    return [o for o in previous.get("outputs") or [] if o not in keep and o.startswith("reports/")]


def worker_config(cfg: BatchConfig) -> WorkerConfig:
    """What every worker gets: the settings resolved here, each process's share of the request rate."""
    return WorkerConfig(
        out_dir=str(cfg.out_dir),
        profile=cfg.profile,
        commentary=cfg.commentary,
        settings=cfg.settings,
        use_cache=cfg.use_cache,
        cache_path=cfg.cache_path,
        rate=cfg.rate_limit / cfg.jobs if cfg.rate_limit > 0 else 0.0,
        timeout=cfg.timeout,
        env=tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX))),
    )


def run_batch(cfg: BatchConfig, worker: ReviewOne = review_one, events: Events | None = None) -> BatchOutcome:
    """Review every input not already done under the same key; record each; rebuild summary.xlsx.

    Args:
        worker: what reviews one report inside a worker process (a picklable top-level function;
            tests pass one that crashes on purpose).
        events: progress callbacks (agent.batch's progress bar).
    """
    events = events or _Silent()
    out_dir = cfg.out_dir
    (out_dir / "reports").mkdir(parents=True, exist_ok=True)
    manifest = Manifest(out_dir)
    outcome = BatchOutcome(records=[], total=len(cfg.inputs))
    try:
        rules = rules_version()
        tasks, outcome.skipped, unreadable = plan(cfg, manifest, rules)
        events.planned(len(cfg.inputs), len(tasks) + len(unreadable), len(outcome.skipped))

        def record(task: Task | None, out: dict, base: dict | None = None) -> None:
            rec = dict(base or {})
            if task is not None:
                rec.update(path=task.path, display=task.display, sha256=task.sha256, key=task.key)
            rec.update(out)
            rec.setdefault("finished", now())
            previous = manifest.latest.get(rec["path"])
            manifest.append(rec)
            for o in _stale(previous, rec, manifest.latest):
                (out_dir / o).unlink(missing_ok=True)
            (outcome.reviewed if rec["status"] == "ok" else outcome.failed).append(rec)
            events.finished(task, rec)

        for rec in unreadable:
            record(None, rec)
        wcfg = worker_config(cfg)
        _Runner(cfg, wcfg, worker, lambda task, out: record(task, out, {"rules": rules})).run(tasks, events)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        manifest.close()
    names = display_names(cfg.inputs)  # this run's names, also for reports done in earlier runs
    outcome.records = [dict(manifest.latest[str(p)], display=names[p]) for p in cfg.inputs if str(p) in manifest.latest]
    try:
        outcome.summary = write_summary(out_dir / SUMMARY, outcome.records)
    except OSError as exc:
        outcome.summary_error = f"汇总表无法写入：{exc.strerror or exc}"
    return outcome
