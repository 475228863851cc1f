"""Command line: a thin layer over `tools.review.review` and `tools.ingest.ingest`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
BINARY_FORMATS = ("docx", "xlsx", "pdf")


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> None:  # one Chinese line instead of argparse's usage dump
        self.exit(
            EXIT_INPUT, f"fiscal-review：参数错误：{message}（用 --help 查看用法）\n"
        )


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="fiscal-review",
        description="决算公开报告、绩效自评表与绩效评价报告审核工具（默认离线运行；配置模型后由模型撰写解释和草稿）",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser("review", help="审核一份报告，输出发现的问题")
    r.add_argument("file", help="报告文件（.pdf .docx .xlsx .txt .md）")
    r.add_argument(
        "--format",
        choices=["text", "md", "json", "html", "docx", "xlsx", "pdf"],
        default="text",
        help="输出格式（默认 text）：md、json、自包含 html、docx 审核意见书、xlsx 问题清单、pdf 批注版原件（docx/xlsx/pdf 需配合 -o）",
    )
    r.add_argument("-o", "--output", help="写入文件而不是标准输出")
    r.add_argument(
        "--profile",
        default="national",
        help="审核配置：内置名称（默认 national）或 .toml 文件路径",
    )
    r.add_argument(
        "--scoring",
        default=None,
        help="绩效自评表评分规则：auto（默认，按每张表印出的说明自动判断）、内置名称或 .toml 文件路径",
    )
    _llm_options(r)
    r.add_argument("--no-commentary", action="store_true", help="只输出发现的问题，不生成解释、原因评估和整改措施草稿")
    d = sub.add_parser("draft", help="起草整改措施（问题—原因—措施—责任—时限）")
    d.add_argument("file", help="报告文件（.pdf .docx .xlsx .txt .md）")
    d.add_argument("--finding", action="append", metavar="ID", help="只为这条问题起草（问题编号见 review 的 JSON 输出 id；可重复）")
    d.add_argument("--format", choices=["text", "md", "json"], default="text", help="输出格式（默认 text）")
    d.add_argument("-o", "--output", help="写入文件而不是标准输出")
    d.add_argument("--profile", default="national", help="审核配置：内置名称（默认 national）或 .toml 文件路径")
    d.add_argument("--scoring", default=None, help="绩效自评表评分规则（默认 auto）")
    _llm_options(d)
    from agent import batch, serve, terminal

    batch.add_arguments(sub.add_parser("batch", help="批量审核一个目录（或通配符）下的全部报告，可中断后续跑"))
    terminal.add_arguments(sub.add_parser("chat", help="在终端中就一份报告与审核助手对话"))
    serve.add_arguments(sub.add_parser("serve", help="启动网页版审核助手（默认仅本机访问）"))
    c = sub.add_parser("rules", help="列出审核规则目录")
    c.add_argument(
        "--format",
        choices=["text", "md"],
        default="text",
        help="输出格式（md 即 docs/rules.md）",
    )
    c.add_argument("-o", "--output", help="写入文件而不是标准输出")
    i = sub.add_parser("inspect", help="查看抽取结果：逐页的标题、段落与表格")
    i.add_argument("file")
    i.add_argument("--page", type=int, help="只看第 N 页")
    i.add_argument("--json", action="store_true", help="输出 JSON")
    i.add_argument(
        "--typed",
        action="store_true",
        help="查看结构化结果：公开表的行列金额、情况说明中的数字陈述及其对应单元格，以及绩效自评表、汇总表和评价报告的指标与得分",
    )
    i.add_argument(
        "--profile",
        default="national",
        help="识别公开表所用的审核配置（默认 national）",
    )
    i.add_argument("-o", "--output", help="写入文件而不是标准输出")
    return p


def _llm_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--llm",
        metavar="PROVIDER:MODEL",
        help="使用的模型，如 deepseek:deepseek-chat、qwen:qwen-plus、ollama:qwen2.5:7b、openai:模型名；none 为离线（默认，或取环境变量 FISCAL_REVIEW_LLM / 配置文件）",
    )
    p.add_argument("--llm-base-url", metavar="URL", help="OpenAI 兼容接口地址（或环境变量 FISCAL_REVIEW_LLM_BASE_URL）")
    p.add_argument("--no-cache", action="store_true", help="不使用本地模型回复缓存（默认缓存于 ~/.cache/fiscal-review）")


def _profile(name: str, scoring: str | None):
    """The review profile, with the scoring profile fixed when --scoring names one."""
    from tools.performance.scoring import AUTO, load_scoring
    from tools.profiles import load

    prof = load(name)
    if scoring is None:
        return prof
    if scoring != AUTO:
        load_scoring(scoring)  # a wrong name is reported now, in one line, before any work
    return prof.model_copy(update={"scoring": scoring})


def _typed(doc, profile: str, as_json: bool) -> str:
    """The typed reading of a document: 决算 statements and claims, and any 绩效 forms and reports."""
    import json

    from tools.accounts import extract
    from tools.kind import guess_kind
    from tools.performance.extract import extract_performance
    from tools.performance.model import Performance
    from tools.render_accounts import accounts_text
    from tools.render_performance import performance_text
    from tools.review import CHECKED_KINDS, PERFORMANCE_KINDS

    prof = _profile(profile, None)
    kind = guess_kind(doc)
    accounts = extract(doc, prof) if kind in CHECKED_KINDS else None
    perf = extract_performance(doc, prof.scoring) if kind in PERFORMANCE_KINDS else Performance()
    if as_json:
        data = accounts.model_dump(mode="json") if accounts is not None else {}
        data["performance"] = perf.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    text = (accounts_text(accounts) if accounts is not None else "") + performance_text(perf)
    return text or "未识别到决算公开表或绩效自评表、绩效评价报告。\n"


def _model(args: argparse.Namespace):
    from agent.api import choose_model

    choice = choose_model(args.llm, args.llm_base_url, use_cache=not args.no_cache)
    for notice in choice.notices:
        print(f"fiscal-review：{notice}", file=sys.stderr)
    return choice


def _warn_fallbacks(choice, info) -> None:
    if choice.llm is not None:
        for note in info.notes:
            print(f"fiscal-review：{note}", file=sys.stderr)


def _draft(args: argparse.Namespace) -> int:
    import json

    from agent.api import draft_measures
    from tools.render_commentary import drafts_text

    choice = _model(args)
    result, drafts, info = draft_measures(args.file, _profile(args.profile, args.scoring), args.finding, choice)
    _warn_fallbacks(choice, info)
    if args.format == "json":
        data = {
            "document": result.report.document.model_dump(mode="json"),
            "drafts": [d.model_dump(mode="json") for d in drafts],
            "commentary": info.model_dump(mode="json"),
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = drafts_text(drafts, info, markdown=args.format == "md")
    _emit(text, args.output)
    return EXIT_OK


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from tools import render
    from tools.ingest import ingest
    from tools.review import review

    try:
        if args.command == "rules":
            from tools.checks.catalog import rules_markdown, rules_text

            _emit(
                rules_markdown() if args.format == "md" else rules_text(), args.output
            )
            return EXIT_OK
        if args.command == "review":
            prof = _profile(args.profile, args.scoring)
            if args.no_commentary:
                result = review(args.file, profile=prof)
                rep = result.report
            else:
                from agent.api import review_with_commentary

                choice = _model(args)
                reviewed = review_with_commentary(args.file, prof, choice)
                result, rep = reviewed.result, reviewed.report
                _warn_fallbacks(choice, rep.commentary)
            if args.format in BINARY_FORMATS or args.format == "html":
                from tools.outputs import render_output

                if args.format in BINARY_FORMATS and not args.output:
                    raise InputError(f"{args.format} 格式需用 -o 指定输出文件")
                data = render_output(rep, args.format, document=result.document, source=args.file)
                if args.output:
                    Path(args.output).write_bytes(data)
                else:
                    sys.stdout.write(data.decode("utf-8"))
                return EXIT_FINDINGS if rep.summary.error else EXIT_OK
            if args.format == "json":
                text = rep.to_json()
            else:
                text = render.review_text(
                    result.document, rep, markdown=args.format == "md"
                )
            _emit(text, args.output)
            return EXIT_FINDINGS if rep.summary.error else EXIT_OK
        if args.command == "draft":
            return _draft(args)
        if args.command in ("batch", "chat", "serve"):
            from agent import batch, serve, terminal

            return {"batch": batch, "chat": terminal, "serve": serve}[args.command].run(args)
        doc = ingest(args.file)
        if args.page is not None and not 1 <= args.page <= len(doc.pages):
            raise InputError(f"页码超出范围：文档共 {len(doc.pages)} 页")
        if args.typed:
            text = _typed(doc, args.profile, args.json)
        elif args.json:
            text = render.document_json(doc, args.page)
        else:
            text = render.document_text(doc, args.page)
        _emit(text, args.output)
        return EXIT_OK
    except InputError as exc:
        print(f"fiscal-review：{exc.message}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:  # e.g. the output path cannot be written
        print(
            f"fiscal-review：无法写入或读取文件：{exc.strerror or exc}", file=sys.stderr
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("fiscal-review：已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
