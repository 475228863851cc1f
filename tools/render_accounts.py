"""Text rendering of the typed 决算 data (statements and claims), for `fiscal-review inspect --typed`."""

from __future__ import annotations

from tools.accounts.model import Claim, FinalAccounts, Num

_FIELDS = (
    ("amount", "金额"),
    ("share", "占比"),
    ("change", "增减额"),
    ("change_pct", "增减率"),
    ("budget", "预算"),
    ("final", "决算"),
    ("completion", "完成率"),
    ("count", "数量"),
)
_DIRECTION = {"increase": "增加", "decrease": "减少", "flat": "持平"}


def _num(n: Num) -> str:
    return n.raw or str(n.value)


def _claim(c: Claim) -> list[str]:
    figures = "，".join(
        f"{label}{_num(getattr(c, f))}"
        for f, label in _FIELDS
        if getattr(c, f) is not None
    )
    head = f"  [{c.kind}] 第{c.page or '?'}页 {c.subject}：{figures}"
    if c.direction:
        head += f"（{_DIRECTION[c.direction]}，比较对象：{'上年' if c.compared_with == 'prior_year' else '预算'}）"
    out = [head]
    if c.ref is not None:
        side = f"{c.ref.side}/" if c.ref.side else ""
        how = "；按金额对应，名称与表格不一致" if c.linked_by == "amount" else ""
        out.append(f"      → {c.ref.table} {side}{c.ref.line} · {c.ref.column}（口径 {c.ref.scope}{how}）")
    else:
        out.append("      → 未对应到表格")
    if c.reason:
        out.append(f"      原因：{c.reason}")
    return out


def accounts_text(acc: FinalAccounts) -> str:
    """Every statement line with its keyed values, then every claim with its link and reason."""
    lines = [f"单位：{acc.unit or '未识别'}；年度：{acc.year or '未识别'}", ""]
    for key, st in sorted(acc.statements.items()):
        pages = "、".join(str(p) for p in st.pages)
        state = (
            "；空表" + (f"（{st.empty_note}）" if st.empty_note else "")
            if st.empty
            else ""
        )
        lines.append(
            f"== {key} {st.title}（{st.number or '无表号'}；第{pages}页{state}）"
        )
        lines.append(
            "   列："
            + "；".join(
                f"{c}{'[' + st.column_numbers[c] + ']' if c in st.column_numbers else ''}"
                for c in st.columns
            )
        )
        for line in st.lines:
            vals = "；".join(
                f"{col}={a.raw or a.value}" for col, a in line.values.items()
            )
            extra = "；".join(
                f"{col}=“{raw}”(非数字)" for col, raw in line.unreadable.items()
            )
            tags = "".join(
                x
                for x in (
                    f"[{line.level}]" if line.level else "",
                    "[合计]" if line.total else "",
                )
                if x
            )
            side = f"{line.side}｜" if line.side else ""
            lines.append(
                f"   p{line.page or '?'} {side}{line.label}{tags}：{vals or '（空）'}{'；' + extra if extra else ''}"
            )
        lines.append("")
    lines.append(f"== 情况说明中的数字陈述（{len(acc.claims)} 条）")
    for c in acc.claims:
        lines.extend(_claim(c))
    return "\n".join(lines) + "\n"
