"""`fiscal-review batch`: review every report under folders or glob patterns, resumably, in parallel.

This module stays light at import (the CLI imports it to build --help): the work is in
agent.batch_runner (pool, manifest, summary) and agent.batch_worker (one report).
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from pathlib import Path
from typing import Self

SUFFIXES = (".pdf", ".docx", ".xlsx", ".txt", ".md")
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = """\
输入：目录（递归查找 .pdf .docx .xlsx .txt .md，忽略 ~$ 开头的 Office 临时文件）或通配符（如 '报告/**/*.pdf'），可写多个。
输出目录：reports/ 下每份报告的 <文件名>-<哈希>.md 与 .json，manifest.jsonl 审核记录，summary.xlsx 汇总表。
续跑：同一命令再次运行时，内容、规则和设置都未变且输出仍在的报告跳过；失败的报告重新审核。
退出码：0 全部审核完成且未发现错误；1 有报告发现错误；2 有文件审核失败（或参数、模型设置错误）；130 被中断。"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text!r}")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为数字：{text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"应为非负数：{text!r}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正数：{text!r}")
    return value


def default_jobs() -> int:
    return min(2, os.cpu_count() or 1)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from agent.cli import _llm_options

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = EPILOG
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="目录或通配符（可多个）")
    p.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="输出目录（不存在则创建）")
    p.add_argument("--jobs", type=_positive_int, default=default_jobs(), help=f"并行进程数（默认 {default_jobs()}）")
    p.add_argument("--timeout", type=_positive, default=600.0, help="每份报告的审核时限，秒（默认 600）")
    p.add_argument(
        "--rate-limit",
        type=_non_negative,
        default=1.0,
        metavar="N",
        help="配置模型时，整批每秒最多发出的模型请求数（由各进程平分；默认 1，0 为不限）",
    )
    p.add_argument("--profile", default="national", help="审核配置：内置名称（默认 national）或 .toml 文件路径")
    p.add_argument("--scoring", default=None, help="绩效自评表评分规则：auto（默认）、内置名称或 .toml 文件路径")
    _llm_options(p)
    p.add_argument("--no-commentary", action="store_true", help="只输出发现的问题，不生成解释、原因评估和整改措施草稿")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条（结束时的一行汇总仍写到标准错误）")


def _wanted(path: Path) -> bool:
    name = path.name
    return name.lower().endswith(SUFFIXES) and not name.startswith(("~$", "._"))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def find_inputs(inputs: list[str], exclude: Path | None = None) -> tuple[list[Path], list[str]]:
    """(report files, absolute and sorted; the inputs that matched nothing).

    A folder is searched recursively (symlinked folders are not followed); a pattern with * ? [ is
    expanded (** spans folders); a file named outright is taken whatever its suffix. Files under
    `exclude` (the output folder) are left out.
    """
    found: set[Path] = set()
    unmatched: list[str] = []
    exclude = exclude.resolve() if exclude is not None else None
    for item in inputs:
        path = Path(item).expanduser()
        hits: list[Path] = []
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                hits += [Path(folder) / f for f in files if _wanted(Path(f))]
        elif path.is_file():
            hits.append(path)
        elif glob.has_magic(item):
            hits += [Path(h) for h in glob.glob(os.path.expanduser(item), recursive=True) if _wanted(Path(h))]
            hits = [h for h in hits if h.is_file()]
        resolved = {h.resolve() for h in hits}
        if exclude is not None:
            resolved = {h for h in resolved if not _inside(h, exclude)}
        if not resolved:
            unmatched.append(item)
        found |= resolved
    return sorted(found, key=str), unmatched


class _Progress:
    """A rich progress bar on stderr: done/total, ok/failed/skipped, current files, ETA."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.task = None
        self.ok = self.failed = self.skipped = 0
        self.current: dict[str, None] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def planned(self, total: int, to_review: int, skipped: int) -> None:
        self.skipped = skipped
        if not self.enabled or not to_review:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("审核"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("成功 {task.fields[ok]} 失败 {task.fields[failed]} 跳过 {task.fields[skipped]}"),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.bar.add_task("batch", total=to_review, ok=0, failed=0, skipped=skipped, current="")
        self.bar.start()

    def _refresh(self, advance: int = 0) -> None:
        if self.bar is None:
            return
        names = list(self.current)
        current = "、".join(names[:2]) + (f" 等 {len(names)} 份" if len(names) > 2 else "")
        if len(current) > 60:
            current = "…" + current[-59:]
        self.bar.update(self.task, advance=advance, ok=self.ok, failed=self.failed, skipped=self.skipped, current=current)

    def started(self, task) -> None:
        self.current[task.display] = None
        self._refresh()

    def finished(self, task, record: dict) -> None:
        if task is not None:
            self.current.pop(task.display, None)
        if record.get("status") == "ok":
            self.ok += 1
        else:
            self.failed += 1
        self._refresh(advance=1)


def summary_line(outcome, out_dir: Path) -> str:
    errors = sum((r.get("counts") or {}).get("error", 0) for r in outcome.reviewed)
    warnings = sum((r.get("counts") or {}).get("warning", 0) for r in outcome.reviewed)
    where = outcome.summary if outcome.summary is not None else out_dir / "summary.xlsx"
    return (
        f"共 {outcome.total} 份：审核 {len(outcome.reviewed)} 份（错误 {errors} 条，警告 {warnings} 条），"
        f"跳过 {len(outcome.skipped)} 份，失败 {len(outcome.failed)} 份；汇总表：{where}"
    )


def _say(text: str) -> None:
    print(f"fiscal-review：{text}", file=sys.stderr)


def run(args: argparse.Namespace, worker=None) -> int:
    """The `batch` command; `worker` replaces agent.batch_worker.review_one (tests)."""
    from agent.cli import _profile
    from tools.errors import InputError

    out_dir = Path(args.output).expanduser()
    try:
        profile = _profile(args.profile, args.scoring)
        settings, use_cache = None, False
        if not args.no_commentary:
            from agent.api import choose_model
            from agent.llm_settings import resolve

            settings = resolve(args.llm, args.llm_base_url)
            choice = choose_model(settings=settings, use_cache=not args.no_cache)  # notices once, here
            for notice in choice.notices:
                _say(notice)
            use_cache = choice.cache is not None
            if choice.cache is not None:
                choice.cache.close()
        inputs, unmatched = find_inputs(args.inputs, exclude=out_dir if out_dir.exists() else None)
    except InputError as exc:
        _say(exc.message)
        return EXIT_INPUT
    if not inputs:
        _say(f"未找到可审核的报告（.pdf .docx .xlsx .txt .md）：{'、'.join(args.inputs)}")
        return EXIT_INPUT
    for item in unmatched:
        _say(f"未找到可审核的报告：{item}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _say(f"无法创建输出目录 {out_dir}：{exc.strerror or exc}")
        return EXIT_INPUT
    inputs = [p for p in inputs if not _inside(p, out_dir.resolve())]

    from agent.batch_runner import BatchConfig, run_batch

    cfg = BatchConfig(
        inputs=inputs,
        out_dir=out_dir,
        profile=profile,
        scoring=args.scoring,
        commentary=not args.no_commentary,
        settings=settings,
        use_cache=settings is not None and not settings.offline and use_cache,
        jobs=args.jobs,
        timeout=args.timeout,
        rate_limit=args.rate_limit,
    )
    with _Progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        outcome = run_batch(cfg, events=progress, **({"worker": worker} if worker is not None else {}))
    if outcome.summary_error:
        _say(outcome.summary_error)
    if outcome.interrupted:
        _say(f"已中断：完成 {len(outcome.reviewed) + len(outcome.failed)} 份，重新运行同一命令可继续")
        return EXIT_INTERRUPTED
    _say(summary_line(outcome, out_dir))
    return outcome.exit_code
