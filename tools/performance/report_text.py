"""The narrative of a 绩效评价报告: outline, sections, listed items and every score the text states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.accounts.model import Num
from tools.document import BBox, Heading, Paragraph, Table
from tools.numbers import Quantity, find_quantities
from tools.performance.model import ReportSection, ScoreStatement, num
from tools.text import normalize

_CN = "一二三四五六七八九十"
# Enumerators by outline depth: '一、' > '（一）' > '1.'/'1、' > '（1）'/'①'.
_ENUMERATORS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．]")),
    (2, re.compile(rf"^[(（]\s*[{_CN}]{{1,3}}\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    (4, re.compile(r"^(?:[(（]\s*\d{1,2}\s*[)）]|[①-⑳])")),
)
_SENTENCE_END = "。！？!?；;：:"
# Paragraph-shaped lines that are really section headings: short, top-two enumerators, no sentence.
_HEADING_MAX_CHARS = 40
_APPENDIX = re.compile(r"^(?:附表|附件|附:|附：)")
_TITLE = re.compile(r"绩效(?:评价|评估)报告书?(?:[(（][^()（）]{0,10}[)）])?$")
# A table's title line ('决策指标得分表') never runs on into the next paragraph.
_TABLE_TITLE = re.compile(r"(?:表|清单)(?:[(（][^()（）]{0,14}[)）])?$")


def flat(text: str | None) -> str:
    """Matching form without any whitespace."""
    return re.sub(r"\s+", "", normalize(text or ""))


def printed(text: str | None) -> str:
    """Text as printed, with line breaks and runs of spaces collapsed (for quoting)."""
    return re.sub(r"\s+", " ", text or "").strip()


def enumerator_level(text: str) -> int | None:
    """Outline depth of an enumerated line ('一、' → 1 … '（1）' → 4); None without an enumerator."""
    s = normalize(text)
    for level, pattern in _ENUMERATORS:
        if pattern.match(s):
            return level
    return None


def strip_enumerator(text: str) -> str:
    """The heading text without its outline number, in matching form."""
    s = flat(text)
    for _, pattern in _ENUMERATORS:
        m = pattern.match(s)
        if m:
            return s[m.end() :].lstrip(".、．")
    return s


def is_title(block: Heading | Paragraph) -> bool:
    """A report title line: ends with 绩效评价报告 and is not an enumerated heading inside a report."""
    s = flat(block.text)
    if enumerator_level(s) is not None or len(s) > 60:
        return False
    return bool(_TITLE.search(s)) and (isinstance(block, Heading) or len(s) <= 40)


def is_heading(block: Heading | Paragraph) -> bool:
    """Headings, plus short paragraphs numbered '一、' or '（一）' that exporters left as body text."""
    if isinstance(block, Heading):
        return True
    s = flat(block.text)
    level = enumerator_level(s)
    return level in (1, 2) and len(s) <= _HEADING_MAX_CHARS and "。" not in s[:-1]


def heading_level(text: str) -> int:
    return enumerator_level(text) or 1


# ---------------------------------------------------------------- outline


@dataclass
class Span:
    """One logical paragraph: paragraphs split by a page or line break are joined again."""

    parts: list[tuple[Paragraph, int]] = field(default_factory=list)
    """(paragraph, offset of its text in `text`)."""
    text: str = ""

    def add(self, para: Paragraph) -> None:
        self.parts.append((para, len(self.text)))
        self.text += para.text.strip()

    @property
    def page(self) -> int:
        return self.parts[0][0].page

    def locate(self, start: int, end: int) -> tuple[int, BBox | None]:
        """Page and box of the printed lines holding text[start:end]."""
        boxes: list[BBox] = []
        page: int | None = None
        for para, offset in self.parts:
            for line_page, a, b, box in _line_spans(para, offset):
                if a < end and b > start and (page is None or line_page == page):
                    page = line_page
                    if box is not None:
                        boxes.append(box)
        if page is None:
            para = self.parts[0][0]
            return para.page, para.bbox
        if not boxes:
            return page, None
        return page, (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _line_spans(para: Paragraph, offset: int) -> list[tuple[int, int, int, BBox | None]]:
    text = para.text.strip()
    out, pos = [], 0
    for line in para.lines:
        raw = line.text.strip()
        at = text.find(raw, pos) if raw else -1
        if at < 0:
            continue
        out.append((line.page, offset + at, offset + at + len(raw), line.bbox))
        pos = at + len(raw)
    if not out:
        out.append((para.page, offset, offset + len(text), para.bbox))
    return out


@dataclass
class Entry:
    """A heading or a logical paragraph of the report, with the section it is printed in."""

    heading: Heading | Paragraph | None
    span: Span | None
    section: str | None
    """Nearest heading above (for a heading: its parent heading)."""
    level: int = 1


def outline(blocks: list[Heading | Paragraph | Table]) -> list[Entry]:
    """Headings and joined paragraphs in printed order; title lines and tables are left out."""
    entries: list[Entry] = []
    stack: list[tuple[int, str]] = []
    span: Span | None = None
    for block in blocks:
        if isinstance(block, Table) or is_title(block):
            span = None
            continue
        if is_heading(block):
            span = None
            level = heading_level(block.text)
            while stack and stack[-1][0] >= level:
                stack.pop()
            entries.append(Entry(block, None, stack[-1][1] if stack else None, level))
            stack.append((level, block.text.strip()))
            continue
        if span is not None and _continues(span.text, block.text):
            span.add(block)
            continue
        span = Span()
        span.add(block)
        entries.append(Entry(None, span, stack[-1][1] if stack else None, stack[-1][0] + 1 if stack else 1))
    return entries


def _continues(before: str, text: str) -> bool:
    """A paragraph broken by a page or line wrap: the first part stops mid-sentence."""
    before = before.rstrip()
    if not before or before[-1] in _SENTENCE_END or _TABLE_TITLE.search(flat(before)):
        return False
    return enumerator_level(text) is None


def sections(entries: list[Entry]) -> list[ReportSection]:
    out: list[ReportSection] = []
    for i, entry in enumerate(entries):
        if entry.heading is None:
            continue
        body = []
        for nxt in entries[i + 1 :]:
            if nxt.heading is not None:
                break
            assert nxt.span is not None
            body.append(nxt.span.text)
        out.append(ReportSection(title=entry.heading.text.strip(), level=entry.level, page=entry.heading.page, text="\n".join(body)))
    return out


# ---------------------------------------------------------------- listed items

_PROBLEMS = re.compile(r"问题")
_SUGGESTIONS = re.compile(r"建议|改进措施|整改措施|对策")
_NOT_PROBLEMS = re.compile(r"问题清单")


def listed_items(entries: list[Entry], wanted: re.Pattern[str], unwanted: re.Pattern[str] | None = None) -> list[str]:
    """Items under the headings matching `wanted`: sub-headings with their text, else enumerated paragraphs."""
    out: list[str] = []
    # Level of the matching heading being read: its own sub-headings are items, not new lists.
    inside: int | None = None
    for i, entry in enumerate(entries):
        if entry.heading is None:
            continue
        if inside is not None and entry.level > inside:
            continue
        inside = None
        title = strip_enumerator(entry.heading.text)
        if not wanted.search(title) or (unwanted is not None and unwanted.search(title)):
            continue
        inside = entry.level
        out.extend(_items(entries[i + 1 :], entry.level))
    return out


def _items(entries: list[Entry], level: int) -> list[str]:
    items: list[str] = []
    enumerated = False
    for entry in entries:
        if entry.heading is not None:
            if entry.level <= level:
                break
            items.append(printed(entry.heading.text))
            enumerated = True
            continue
        assert entry.span is not None
        text = printed(entry.span.text)
        if _APPENDIX.match(flat(text)):
            break
        if enumerator_level(text) is not None:
            items.append(text)
            enumerated = True
        elif items and enumerated:
            # Body text under a sub-heading belongs to that item.
            items[-1] = f"{items[-1]} {text}"
        elif not enumerated:
            items.append(text)
    return items


def problem_items(entries: list[Entry]) -> list[str]:
    return listed_items(entries, _PROBLEMS, _NOT_PROBLEMS)


def suggestion_items(entries: list[Entry]) -> list[str]:
    return listed_items(entries, _SUGGESTIONS)


# ---------------------------------------------------------------- score statements

_Q = "\ue000"
_QE = "\ue001"
_SLOT = rf"{_Q}(\d+){_QE}"
_GET = r"(?:实际)?(?:得分|得|评分|评价得分)(?:为|是|:)?"
_MAX = r"(?:满分|分值|权重分?|标准分|总分值)(?:为|是)?"
_STATEMENT = re.compile(
    # '项目决策 20 分（满分 20 分）'
    rf"(?P<a>{_SLOT})[(/]满分(?:为)?(?P<aw>{_SLOT})\)?"
    # '满分 5 分，得 4 分'
    rf"|{_MAX}(?P<bw>{_SLOT}),?{_GET}(?P<b>{_SLOT})"
    # '项目立项规范性 4 分，得分 4 分'
    rf"|(?P<cw>{_SLOT}),?{_GET}(?P<c>{_SLOT})"
    # '总体得分 92 分', '…，得 2 分', optionally '（满分 100 分）'
    rf"|{_GET}(?P<d>{_SLOT})(?:[,(]?{_MAX}(?P<dw>{_SLOT})\)?)?"
)
_GRADE = re.compile(r"(?:等级|等次|级别|评级|评定|评为)(?:为|是|:|评定为|属于)?[“\"「『]?(优秀|良好|合格|不合格|优|良|中|差)")
_CLAUSE_BREAK = ",:;。!?"
_LEVEL_PREFIX = re.compile(rf".*个[{_CN}]级指标")
# Subjects that name the whole project: '汇总项目总体', '本项目综合评价', '项目', '绩效评价'.
_OVERALL = re.compile(r"(?:总体|综合|整体|总分|总得分|最终)(?:评价)?$|^总$|^(?:本|该)?(?:项目)?(?:绩效)?(?:评价)?$")
_SUBJECT_JUNK = re.compile(r"^(?:其中|即|为|是|共|则|此外|另外)")


def statements(entries: list[Entry]) -> list[ScoreStatement]:
    out: list[ScoreStatement] = []
    for entry in entries:
        if entry.heading is not None:
            span = Span()
            span.add(Paragraph(page=entry.heading.page, text=entry.heading.text, norm=entry.heading.norm, bbox=entry.heading.bbox))
            section = entry.section or entry.heading.text.strip()
        else:
            assert entry.span is not None
            span, section = entry.span, entry.section
        out.extend(_span_statements(span, section))
    return out


def _span_statements(span: Span, section: str | None) -> list[ScoreStatement]:
    out: list[ScoreStatement] = []
    for start, end in _sentences(span.text):
        raw = span.text[start:end].strip()
        found = _parse(normalize(raw))
        for fields in found:
            page, bbox = span.locate(start, end)
            out.append(ScoreStatement(sentence=raw, section=section, page=page, bbox=bbox, **fields))
        grade = _GRADE.search(normalize(raw))
        if not found and grade and out and out[-1].subject == "总体" and out[-1].grade is None:
            # '总体得分 92 分。评价等级为优。': the grade follows in a sentence of its own.
            out[-1] = out[-1].model_copy(update={"grade": grade.group(1)})
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses a statement is quoted by: split at 。！？ and at ；."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in "。！？!?；;":
            if text[start:i].strip():
                out.append((start, i + 1))
            start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _parse(sentence: str) -> list[dict]:
    """Every stated score of one clause as ScoreStatement fields (without location)."""
    quantities = [q for q in find_quantities(sentence) if q.unit == "分" and q.value is not None]
    if not quantities:
        return []
    template = _template(sentence, quantities)
    found: list[dict] = []
    for m in _STATEMENT.finditer(template):
        score, weight = _pick(m, quantities)
        subject = _subject(template[: m.start()], quantities)
        if not subject:
            continue
        found.append({"subject": subject, "score": score, "weight": weight, "grade": None})
    grade = _GRADE.search(sentence)
    if grade and found:
        found[-1]["grade"] = grade.group(1)
    return found


def _template(sentence: str, quantities: list[Quantity]) -> str:
    out, pos = [], 0
    for i, q in enumerate(quantities):
        out.append(sentence[pos : q.start])
        out.append(f"{_Q}{i}{_QE}")
        pos = q.end
    out.append(sentence[pos:])
    return "".join(out)


def _pick(m: re.Match[str], quantities: list[Quantity]) -> tuple[Num | None, Num | None]:
    def value(group: str) -> Num | None:
        slot = m.group(group)
        if slot is None:
            return None
        q = quantities[int(re.search(r"\d+", slot).group())]  # type: ignore[union-attr]
        return num(q.raw[: -len(q.unit or "")].strip() if q.unit else q.raw)

    for score, weight in (("a", "aw"), ("b", "bw"), ("c", "cw"), ("d", "dw")):
        if m.group(score) is not None:
            return value(score), value(weight)
    return None, None


def _subject(before: str, quantities: list[Quantity]) -> str:
    """What the score is for: the clause before it, without outline numbers and lead-ins."""
    text = re.sub(_SLOT, lambda m: quantities[int(m.group(1))].raw, before)
    clauses = [c for c in re.split(rf"[{re.escape(_CLAUSE_BREAK)}]", text)]
    own = clauses[-1].strip()
    if not own and len(clauses) > 1:
        # '该项目设置了完善的组织机构，得 2 分': the clause before names what was scored.
        own = clauses[-2].strip()
    own = strip_enumerator(own)
    own = _LEVEL_PREFIX.sub("", own, count=1)
    own = _SUBJECT_JUNK.sub("", own).strip("()")
    if own and _OVERALL.search(own):
        return "总体"
    return own
