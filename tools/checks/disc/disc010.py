"""DISC-010: one 决算年度 throughout; other years only in comparisons."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.disc._text import compact, sentence_around
from tools.findings import Finding, Location

# 'YYYY年度' or 'YYYY年(部门|单位)决算/收入/支出…': a year used as the report year.
_REPORT_YEAR = re.compile(
    r"(?<!\d)(20\d{2})年(?:度|(?:部门|单位)?决算|(?:部门|单位)?(?:收入|支出|收支|预算|财政拨款))"
)
# Comparison or carry-over context in the same sentence allows an earlier year.
_COMPARE = re.compile(r"与|比|较|同比|相比|对比|上年|上一年|结转|结余|以前年度|上年度")
_SKIP = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")


def _sentences(text: str) -> Iterator[str]:
    for s in re.split(r"(?<=[。；;！？!?])", text):
        if s:
            yield s


@rule("DISC-010", "disclosure.year", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """封面、目录、表头和正文应使用同一决算年度；其他年度只能出现在比较（与上年相比等）中。

    Trigger: a heading or sentence uses a year other than the 决算年度 as the report's year
    ('2023年度部门决算', '2023年度收入合计…') outside a comparison ('与2023年度相比', '比上年'), a
    carry-over ('2023年度结转资金') or a cited document (《…》, 〔2016〕). A later year is never a
    comparison. Dates ('2025年9月') are not report years. When the report year is not known, it is
    the year most often written as 'YYYY年度'.

    Why it matters: a wrong year in a title or the text is the most visible sign of a report copied
    from last year's and not fully updated (143号: 准确).

    Example: pass — '2024年度收入总计6420.15万元，与2023年度相比增加…'. fail — in a 2024 report,
    heading '上海市XX局2023年度部门决算' (error).

    Configuration: none.
    """
    acc = ctx.accounts
    year = acc.year
    if year is None:
        counted = Counter(
            int(m.group(1))
            for _, t in acc.texts
            for m in re.finditer(r"(?<!\d)(20\d{2})年度", compact(t))
        )
        if not counted:
            return
        year = counted.most_common(1)[0][0]
    seen: set[tuple[int | None, str]] = set()
    for page, text in acc.texts:
        flat = _SKIP.sub("", compact(text))
        for sentence in _sentences(flat):
            for m in _REPORT_YEAR.finditer(sentence):
                other = int(m.group(1))
                if other == year:
                    continue
                if other < year and _COMPARE.search(sentence):
                    continue
                if (page, m.group(0)) in seen:
                    continue
                seen.add((page, m.group(0)))
                quote = sentence_around(sentence, m.start(), m.end())
                yield Finding(
                    rule="DISC-010",
                    severity="error",
                    message=f"决算年度为{year}年，但第{page}页写作“{m.group(0)}”且不是与往年的比较。"
                    if page
                    else f"决算年度为{year}年，但文中写作“{m.group(0)}”且不是与往年的比较。",
                    location=Location(page=page, sentence=quote),
                    expected=str(year),
                    actual=str(other),
                    evidence=[quote],
                )
