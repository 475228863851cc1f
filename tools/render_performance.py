"""Text rendering of the typed 绩效 documents (forms, summary tables, evaluation reports), for `inspect --typed`."""

from __future__ import annotations

from tools.accounts.model import Num
from tools.performance.model import (
    EvaluationReport,
    Performance,
    SelfEvaluationForm,
    Value,
)

_LAYOUTS = {"2020": "2020年版自评表", "2024": "2024年版自评表", "transfer": "转移支付整体绩效目标自评表"}


def _n(n: Num | None) -> str:
    return "-" if n is None else (n.raw or str(n.value))


def _v(v: Value | None) -> str:
    return "-" if v is None else (v.raw or "-")


def _form(f: SelfEvaluationForm) -> list[str]:
    pages = "、".join(str(p) for p in f.pages) or str(f.page or "?")
    out = [f"{f.label}（{_LAYOUTS[f.layout]}，第{pages}页；评分规则 {f.scoring or '未定'}）"]
    for line in f.funds:
        out.append(
            f"  资金 {line.label}：年初{_n(line.initial)} 全年{_n(line.budget)} 到位{_n(line.received)} "
            f"执行{_n(line.executed)} 执行率{line.rate_raw or _n(line.rate)} 分值{_n(line.weight)} 得分{_n(line.score)}"
        )
    if f.execution is not None:
        e = f.execution
        out.append(f"  预算执行率：分值{_n(e.weight)} 得分{_n(e.score)} 执行进度{_n(e.progress)}")
    for i in f.indicators:
        status = f" {i.status}" if i.status else ""
        out.append(
            f"  第{i.page or '?'}页 {i.row or i.name}：指标值{_v(i.target)} 实际{_v(i.actual)} "
            f"分值{_n(i.weight)} 得分{_n(i.score)}{status}"
        )
        if i.reason:
            out.append(f"      原因：{i.reason}")
    out.append(f"  总分：分值{_n(f.total_weight)} 得分{_n(f.total_score)}" + (f" 等级{f.grade}" if f.grade else ""))
    if f.problems:
        out.append(f"  问题及措施：{f.problems}")
    return out


def _report(r: EvaluationReport) -> list[str]:
    out = [f"《{r.title}》（项目：{r.project or '-'}；单位：{r.unit or '-'}；评价机构：{r.evaluator or '未写明'}；{r.date or '-'}）"]
    out.append("  章节：" + "；".join(s.title for s in r.sections))
    for t in r.tables:
        scored = sum(1 for i in t.items if i.score is not None)
        out.append(f"  评分表 {t.title}：{len(t.items)} 项（有得分 {scored} 项），合计 分值{_n(t.total_weight)} 得分{_n(t.total_score)}")
        for i in t.items:
            out.append(f"    {'  ' * (i.level - 1)}{i.name}：分值{_n(i.weight)} 得分{_n(i.score)}")
    for s in r.statements:
        extra = "".join(x for x in (f" 满分{_n(s.weight)}" if s.weight else "", f" 等级{s.grade}" if s.grade else ""))
        out.append(f"  正文得分 {s.subject}：{_n(s.score)}{extra}")
    for p in r.problems:
        out.append(f"  问题：{p}")
    for s in r.suggestions:
        out.append(f"  建议：{s}")
    return out


def performance_text(perf: Performance) -> str:
    lines: list[str] = []
    for f in perf.forms:
        lines += [*_form(f), ""]
    for s in perf.summaries:
        lines.append(f"{s.title}（{len(s.rows)} 个项目）")
        lines += [f"  {r.seq or ''} {r.project}：得分{_n(r.score)} 等级{r.grade or '-'}" for r in s.rows]
        lines.append("")
    for r in perf.reports:
        lines += [*_report(r), ""]
    return "\n".join(lines) + ("\n" if lines else "")
