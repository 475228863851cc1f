"""DISC-002: the 情况说明 has every required section."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, has_narrative, heading_like, toc_pages
from tools.findings import Finding, Location, Severity

_SEPARATORS = "、和及与,，"


def _matches(heading: str, required: dict[str, list[str]]) -> set[str]:
    """Required sections a heading stands for.

    Every keyword hit is a span of the heading. A hit is shadowed by another section's hit that
    overlaps it and is longer (or as long and earlier) — '支出决算情况' inside '一般公共预算财政拨款
    支出决算情况' — or that comes before it without a separator ('、和及与') in between: the subject of a
    heading comes first ('“三公”经费支出决算情况' is the 三公 section, not the 支出 section), while
    '政府性基金、国有资本经营…' names both.
    """
    hits: list[tuple[int, int, str]] = []
    for name, words in required.items():
        for w in words:
            start = heading.find(w)
            if start >= 0:
                hits.append((start, start + len(w), name))

    def shadowed(s: int, e: int, name: str) -> bool:
        for s2, e2, other in hits:
            if other == name:
                continue
            if s < e2 and s2 < e:
                if (e2 - s2) > (e - s) or ((e2 - s2) == (e - s) and s2 < s):
                    return True
            elif e2 <= s and not any(c in heading[e2:s] for c in _SEPARATORS):
                return True
        return False

    return {name for s, e, name in hits if not shadowed(s, e, name)}


@rule("DISC-002", "disclosure.sections_present", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明应包含规定的各部分（收支总体、收入、支出、财拨、一般公共预算支出、基本支出、三公、基金、国资、机关运行经费、政府采购、国有资产占用、预算绩效、名词解释等）。

    Trigger: no heading of the 情况说明 names a section the profile requires. A missing “三公”经费 or
    机关运行经费 section is an error (预算法第十四条 requires them); any other missing section is a
    warning. Headings are matched by keyword; a keyword inside a longer keyword of another section
    does not count.

    Why it matters: 143号 lists what a 部门决算 must explain; the 2017/2018 inspections found missing
    机关运行经费 and 国有资产占用 explanations among the most common defects.

    Example: pass — headings '七、财政拨款“三公”经费支出决算情况说明' … '十一、其他重要事项的情况说明'
    with '（一）机关运行经费支出情况'. fail — no heading mentions 机关运行经费 (error) or 政府采购 (warning).

    Configuration: `required_sections` (section → heading keywords), `disclosure.critical_sections`.
    """
    acc = ctx.accounts
    if not has_narrative(acc):
        return  # no narrative read: cannot check
    required = ctx.profile.required_sections
    # Recognised section headings, plus heading-like lines of the text (名词解释 is often a part of
    # its own, outside the 情况说明); table-of-contents pages do not count.
    toc = toc_pages(acc)
    headings = [(s.page, compact(s.heading)) for s in acc.sections]
    headings += [
        (p, compact(t)) for p, t in acc.texts if p not in toc and heading_like(t)
    ]
    present: set[str] = set()
    for _, heading in headings:
        present |= _matches(heading, required)
    critical = ctx.profile.disclosure.critical_sections
    for name, words in required.items():
        if name in present:
            continue
        severity: Severity = "error" if any(c in name for c in critical) else "warning"
        yield Finding(
            rule="DISC-002",
            severity=severity,
            message=f"情况说明缺少“{name}”部分（未找到含{'/'.join(words)}的标题）。",
            location=Location(section=name),
            expected=name,
            actual="缺失",
            evidence=[h for _, h in headings][:40],
        )
