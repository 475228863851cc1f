"""Guess what a document is (决算公开, 绩效自评表, 绩效评价报告) and read its unit and year."""

from __future__ import annotations

import re
from collections import Counter

from tools.document import Document, Heading, Paragraph, Table
from tools.findings import DocumentKind

_FINAL_ACCOUNTS_TABLE = re.compile(r"决算(总)?表|公开\d{1,2}表")
_SELF_EVALUATION = re.compile(r"绩效自评表|绩效目标自评表|绩效自评情况汇总表")
_EVALUATION_REPORT = re.compile(r"绩效评价报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fff（）()]{2,40}(?:局|部|委员会|委|办公室|办|院|中心|馆|所|站|队|厅|会|校|学校|医院|处|科|社|台|集团|公司|本级)"
)
# Words on a cover page that are not part of the unit's name.
_COVER_NOISE = re.compile(r"(?:19|20)\d{2}\s*年\s*度?|部门决算|单位决算|决算|预算|报告|目录")
# Minimum table / heading signals before a kind is claimed.
MIN_FINAL_ACCOUNTS_TABLES = 3


def guess_kind(doc: Document) -> DocumentKind:
    titles = [t.title or "" for t in doc.tables()]
    texts = [b.norm for b in doc.blocks() if isinstance(b, Heading | Paragraph)] + titles
    final = sum(1 for t in titles if _FINAL_ACCOUNTS_TABLE.search(t)) >= MIN_FINAL_ACCOUNTS_TABLES
    selfeval = any(_SELF_EVALUATION.search(t) for t in texts if len(t) <= 60)
    report = any(_EVALUATION_REPORT.search(b.norm) for b in doc.blocks() if isinstance(b, Heading))
    kinds = [k for k, hit in (("final_accounts", final), ("performance_self_evaluation", selfeval),
                              ("evaluation_report", report)) if hit]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else "unknown"  # type: ignore[return-value]


def _front_texts(doc: Document, limit: int = 6) -> list[str]:
    out: list[str] = []
    for page in doc.pages[:2]:
        for b in page.blocks:
            if isinstance(b, Table):
                return out
            out.append(b.norm)
            if len(out) >= limit:
                return out
    return out


def guess_year(doc: Document) -> int | None:
    """The report year: the year most printed in the first headings and table captions."""
    counts: Counter[int] = Counter()
    for text in _front_texts(doc, 12):
        counts.update(int(y) for y in _YEAR.findall(text))
    if not counts:
        for b in doc.blocks()[:80]:
            if isinstance(b, Heading):
                counts.update(int(y) for y in _YEAR.findall(b.norm))
    return counts.most_common(1)[0][0] if counts else None


# Forms name the unit in a labelled field, often after an agency code ("243001 - 某某局本级").
_UNIT_FIELD = re.compile(r"(?:实施主管单位|主管部门|实施单位|预算单位|单位名称)\s*[:：]?\s*(?:\d+\s*[-—－]\s*)?(\S+)")


def guess_unit(doc: Document) -> str | None:
    """The reporting unit: a labelled unit field, the cover lines, else a '单位：…' caption."""
    for text in _front_texts(doc, 6):
        m = _UNIT_FIELD.search(text)
        if m:
            org = _ORG_SUFFIX.match(m.group(1))
            if org:
                return org.group(0)
    cover = "".join(_front_texts(doc, 4))
    cover = _COVER_NOISE.sub(" ", cover)
    for part in cover.split():
        m = _ORG_SUFFIX.search(part)
        if m and len(m.group(0)) >= 4:
            return m.group(0)
    for t in doc.tables():
        for line in t.caption:
            m = re.search(r"(?:编制|填报)?单位\s*[:：]\s*(\S+)", line)
            if m and m.group(1) not in ("万元", "元", "亿元"):
                name = re.split(r"公开|金额|单位[:：]", m.group(1))[0]
                if len(name) >= 4:
                    return name
    return None
