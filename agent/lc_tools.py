"""The chat agent's tools: thin typed wrappers over one review, read by the model by their Chinese docstrings.

Every tool returns a short deterministic Chinese string (the model reads it) and, where a caller
can use it, the structured result as the ToolMessage artifact (the model never sees it). Text that
comes from the document sits escaped inside <data>…</data>. Numbers a tool states go into the
session's `computed` book — rule documentation aside, whose examples are not this document's —
so the numeric guard accepts an answer that quotes them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from langchain.agents.middleware import ToolErrorMiddleware
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from agent.arithmetic import Calculation, CalculationError, Operation, calculate, record
from agent.facts import FactBook, report_facts
from agent.lookup import (
    SEVERITY_BY_WORD,
    FindingView,
    cells_view,
    claim_views,
    data_block,
    filter_findings,
    find_claims,
    find_finding,
    find_forms,
    find_lines,
    find_tables,
    form_lines,
    key,
)
from tools.checks.registry import get as get_rule
from tools.checks.registry import known
from tools.profiles import Profile
from tools.render import KIND_LABELS, SEVERITY_LABELS
from tools.review import ReviewResult

MAX_FINDINGS = 50
MAX_LINES = 40
MAX_CLAIMS = 12


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoArgs(_Args):
    pass


class ListFindingsArgs(_Args):
    severity: str | None = Field(None, description="严重程度：error（错误）、warning（警告）或 info（提示）；不填为全部")
    rule: str | None = Field(None, description="规则编号，如 TBL-004；也可只写规则族前缀，如 PERF")
    page: int | None = Field(None, description="页码，只列出该页的问题")
    table: str | None = Field(None, description="表：T01…T09、公开05表，或表名中的词，如“三公”")
    limit: int = Field(20, ge=1, le=MAX_FINDINGS, description="最多列出几条")


class GetFindingArgs(_Args):
    finding_id: str = Field(description="问题编号（16 位，如 c91de78f3812f12f），照抄 list_findings 的结果")


class TableValuesArgs(_Args):
    table: str = Field(description="表：T01…T09、公开05表，或表名中的词，如“基本支出”“三公”")
    row: str | None = Field(None, description="行：科目编码（如 2010301）或行名中的词（如“行政运行”“合计”）；不填为全部行")
    column: str | None = Field(None, description="列名中的词，如“项目支出”“决算数”；不填为全部列")


class ClaimsArgs(_Args):
    keyword: str | None = Field(None, description="关键词：科目、项目或原因中的词，如“三公”“基本支出”“增加”；不填为全部")


class FormArgs(_Args):
    project: str | None = Field(None, description="项目名称中的词；不填则列出全部绩效自评表的概况")


def _as_text(v: Any) -> Any:
    # Models send numbers as JSON numbers too; str() of a float is its shortest exact repr.
    return [str(x) for x in v] if isinstance(v, list) else v


class CalculateArgs(_Args):
    operation: Operation = Field(
        description="sum：求和；difference：第一个数减第二个数；ratio：第一个数占第二个数的百分比；"
        "percent_change：从第一个数（基期）到第二个数（本期）的变动百分比"
    )
    operands: Annotated[list[str], BeforeValidator(_as_text)] = Field(
        description="参与计算的数字，必须照抄工具结果中出现的文件数字，如 [\"1409.91\", \"375.81\"]"
    )


class RuleArgs(_Args):
    code: str = Field(description="规则编号，如 TBL-004、NAR-009、PERF-003")


def _tool(fn: Callable[..., tuple[str, Any]], args: type[BaseModel]) -> BaseTool:
    # The docstring is what the model reads; cleandoc so it carries no source indentation.
    return StructuredTool.from_function(
        func=fn,
        name=fn.__name__,
        description=inspect.cleandoc(fn.__doc__ or ""),
        args_schema=args,
        response_format="content_and_artifact",
    )


def build_tools(
    result: ReviewResult, profile: Profile, computed: FactBook, *, facts: FactBook | None = None
) -> list[BaseTool]:
    """The chat tools over one review, in a fixed order.

    Args:
        computed: the session's book of numbers tools stated and calculations produced (mutated).
        facts: `report_facts` of the review, when the caller has it already.
    """
    report, accounts, perf = result.report, result.accounts, result.performance
    book = facts if facts is not None else report_facts(report, accounts, perf, profile)
    derived = FactBook()

    def said(text: str) -> str:
        computed.add_text(text)
        return text

    def document_summary() -> tuple[str, dict]:
        """查看被审核文件的概况：文档类型、单位、年度、页数、审核发现数量（按严重程度和规则统计）、识别出的公开表、情况说明数字陈述和绩效自评表。回答任何问题前可先调用。"""
        d, s = report.document, report.summary
        header = (
            f"文档类型：{KIND_LABELS[d.kind]}；页数：{d.pages}；规则配置：{d.profile}。"
            f"审核发现：错误 {s.error} 条、警告 {s.warning} 条、提示 {s.info} 条。"
        )
        lines = [f"单位：{d.unit or '未识别'}；年度：{d.year or '未识别'}"]
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        for code in sorted(counts, key=lambda c: (-counts[c], c))[:15]:
            lines.append(f"规则 {code}（{get_rule(code).summary if known(code) else '读取问题'}）：{counts[code]} 条")
        if accounts is not None:
            for st in accounts.statements.values():
                pages = "、".join(str(p) for p in st.pages)
                empty = "，本表无数据" if st.empty else ""
                lines.append(f"{st.key} {st.number or ''} {st.title}（第{pages}页，{len(st.lines)} 行{empty}）")
            lines.append(f"情况说明中的数字陈述：{len(accounts.claims)} 条")
        for form in perf.forms:
            lines.append(f"绩效自评表：{form.label}（第{form.page}页，指标 {len(form.indicators)} 项）")
        for rep in perf.reports:
            lines.append(f"绩效评价报告：{rep.title}")
        lines += [f"读取提示：{w}" for w in report.warnings]
        return said(data_block(header, lines)), report.summary.model_dump()

    def list_findings(
        severity: str | None = None, rule: str | None = None, page: int | None = None, table: str | None = None, limit: int = 20
    ) -> tuple[str, list[str]]:
        """列出审核发现的问题（确定性规则的结果），可按严重程度、规则编号、页码、表筛选。每条给出编号、严重程度、规则、位置和一句话说明；要看某条的全部依据，用 get_finding。"""
        if severity and severity.strip().lower() not in SEVERITY_BY_WORD:
            return "severity 只能是 error、warning 或 info。", []
        found = filter_findings(report.findings, severity=severity, rule=rule, page=page, table=table, accounts=accounts)
        shown = found[:limit]
        header = f"符合条件的审核发现共 {len(found)} 条，列出 {len(shown)} 条。"
        if not found:
            return said(header + "没有符合条件的问题。"), []
        return said(data_block(header, [FindingView.of(f).line() for f in shown])), [f.id for f in shown]

    def get_finding(finding_id: str) -> tuple[str, Any]:
        """查看一条审核发现的全部内容：规则、位置、应为数、实为数、差额、依据的单元格或原文句子、相关位置。"""
        f = find_finding(report.findings, finding_id)
        if f is None:
            return f"没有编号为 {finding_id!r} 的审核发现。请用 list_findings 查到编号后照抄。", None
        lines = FindingView.of(f, evidence=12).detail()
        if known(f.rule):
            lines.append(f"规则说明：{get_rule(f.rule).summary}")
        return said(data_block("审核发现详情：", lines)), f.model_dump(mode="json")

    def table_values(table: str, row: str | None = None, column: str | None = None) -> tuple[str, list[dict]]:
        """查询决算公开表（公开01–09表）中的数值：按表、行（科目编码或行名）、列筛选，返回每行的各列数值和页码。金额单位见表头（通常为万元）。"""
        if accounts is None:
            return "本文件没有识别出决算公开表。", []
        stmts = find_tables(accounts, table)
        if not stmts:
            keys = "、".join(f"{s.key} {s.title}" for s in accounts.statements.values())
            return f"没有找到表“{table}”。可用的表：{keys}", []
        if column and not any(key(column) in key(c) for s in stmts for c in s.columns):
            cols = "、".join(dict.fromkeys(c for s in stmts for c in s.columns))
            return f"表中没有列“{column}”。可用的列：{cols}", []
        views = [cells_view(s, ln, column) for s in stmts for ln in find_lines(s, row)]
        if not views:
            return f"表中没有找到行“{row}”。不填 row 可列出全部行。", []
        shown = views[:MAX_LINES]
        more = f"共 {len(views)} 行，列出前 {len(shown)} 行，请用 row 缩小范围。" if len(views) > len(shown) else f"共 {len(views)} 行。"
        return said(data_block(more, [v.line() for v in shown])), [v.model_dump() for v in shown]

    def narrative_claims(keyword: str | None = None) -> tuple[str, list[dict]]:
        """查询“情况说明”中含数字的陈述：原文句子，以及每个数字说的是什么（金额、占比、与上年或预算相比的增减、完成率）和说明的原因（未说明原因的会注明）。"""
        views = claim_views(find_claims(accounts, keyword))
        if not views:
            return "没有找到相关的情况说明陈述。", []
        shown = views[:MAX_CLAIMS]
        header = f"相关陈述共 {len(views)} 句，列出 {len(shown)} 句。"
        return said(data_block(header, [x for v in shown for x in v.lines()])), [v.model_dump() for v in shown]

    def form_indicators(project: str | None = None) -> tuple[str, list[str]]:
        """查询预算项目绩效自评表：资金（年初预算、全年预算、执行数、执行率）、总分，以及每项指标的指标值、实际完成值、分值、得分、完成情况和未完成原因。不填 project 时只列出各表概况。"""
        if not perf.forms:
            return "本文件没有识别出绩效自评表。", []
        forms = find_forms(perf, project)
        if not forms:
            names = "、".join(f.label for f in perf.forms) or "无"
            return f"没有找到项目“{project}”的绩效自评表。本文件的绩效自评表：{names}", []
        lines = [x for f in forms for x in form_lines(f, indicators=bool(project))]
        header = f"绩效自评表 {len(forms)} 张。"
        return said(data_block(header, lines)), [f.label for f in forms]

    def calculate_tool(operation: Operation, operands: list[str]) -> tuple[str, Calculation | None]:
        """对文件中的数字做精确的十进制计算（无浮点误差）：求和、差额、占比（百分比）、变动率（百分比）。每个数字都必须照抄工具结果中出现的文件数字；需要计算时一律调用本工具，不要自己计算。"""
        try:
            calc = calculate(operation, operands, book, derived)
        except CalculationError as exc:
            return f"计算被拒绝：{exc}", None
        record(calc, computed)
        return calc.text, calc

    calculate_tool.__name__ = "calculate"

    def rule_doc(code: str) -> tuple[str, str | None]:
        """查看一条审核规则的说明：检查什么、为什么重要、示例和配置。说明中的示例数字不是本文件的数据。"""
        if not known(code.strip().upper()):
            return f"没有规则 {code!r}。规则编号形如 TBL-004。", None
        r = get_rule(code.strip().upper())
        header = f"规则 {r.code}（{r.name}，默认严重程度：{SEVERITY_LABELS[r.severity]}）。注意：说明中的示例数字不是本文件的数据，回答中不要当作本文件的数字引用。"
        return f"{header}\n{r.doc}", r.code

    return [
        _tool(document_summary, NoArgs),
        _tool(list_findings, ListFindingsArgs),
        _tool(get_finding, GetFindingArgs),
        _tool(table_values, TableValuesArgs),
        _tool(narrative_claims, ClaimsArgs),
        _tool(form_indicators, FormArgs),
        _tool(calculate_tool, CalculateArgs),
        _tool(rule_doc, RuleArgs),
    ]


def tool_error_text(exc: Exception, request: Any) -> str:
    """What the model reads when a tool's code raised: the tool and the kind of error, never a traceback."""
    name = request.tool_call.get("name") if hasattr(request, "tool_call") else "工具"
    return f"工具 {name} 执行出错（{type(exc).__name__}），本次没有结果。请换用其他参数或其他工具；不要猜测数字。"


def tool_errors() -> ToolErrorMiddleware:
    """Middleware turning an exception raised by tool code into an error ToolMessage, so the run goes on."""
    return ToolErrorMiddleware(on_error=tool_error_text)
