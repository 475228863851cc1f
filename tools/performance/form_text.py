"""Text side of the 绩效自评表 readers: printed text, label keys, level vocabulary, and forms printed as lines.

The table reader (forms.py) and the line reader below decide what a cell or a token is with the
same helpers, so a label means the same thing in every layout. The line reader handles the 2024
layout when it arrives as text without a grid (a PDF exported to text, a .txt rendition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tools.accounts.model import Num
from tools.document import BBox
from tools.numbers import is_empty_cell
from tools.performance.model import (
    Execution,
    FundLine,
    Goal,
    Indicator,
    Located,
    SelfEvaluationForm,
    Value,
    num,
)
from tools.text import join_lines, normalize

_CJK = r"\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
# PDF exporters put spaces between runs in different fonts; next to CJK text they are not printed.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?分?")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")

Level = Literal[1, 2, "either"]

# 一级 words; '满意' is how a narrow cell truncates 满意度指标.
_LEVEL1 = re.compile(r"(产出|效益|满意度?)(指标)?")
# 二级 words, truncated forms included ('经济效益', '服务对象').
_LEVEL2 = re.compile(
    r"(数量|质量|时效|产出数量|产出质量|产出时效|产出成本|经济效益|社会效益|生态效益|经济成本|社会成本|生态环境成本|"
    r"(社会公众或)?服务对象满意度?|服务对象)(指标)?"
)
# Printed as 一级 by some units and as 二级 under 效益指标/产出指标 by others.
_EITHER = re.compile(r"(可持续影响|成本)(指标)?")


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def printed(text: str | None) -> str:
    """Text as a reader reads it: wrapped lines joined, markup and exporter spaces next to CJK removed."""
    if not text:
        return ""
    joined = join_lines(_TAGS.sub("", text).splitlines())
    return _SPACE_NEAR_CJK.sub("", _SPACES.sub(" ", joined)).strip()


@lru_cache(maxsize=8192)
def key(text: str | None) -> str:
    """Matching form of a label: normalised, every space removed (cached: cells are keyed many times)."""
    return _WHITESPACE.sub("", normalize(_TAGS.sub("", text or "")))


def is_blank(text: str | None) -> bool:
    """A cell that states nothing: blank or a dash."""
    return is_empty_cell(key(text)) and key(text) != "无"


def is_number(text: str | None) -> bool:
    """A plain number cell ('10', '87.4', '4.90', '5分'): what 分值 and 得分 columns hold."""
    return _NUMBER.fullmatch(key(text)) is not None


def number(text: str | None) -> Num | None:
    return num(printed(text)) if text and not is_blank(text) else None


def value(text: str | None) -> Value | None:
    """An indicator value as printed; None for a blank or dash cell."""
    shown = printed(text)
    return None if is_blank(shown) else Value.model_validate(shown)


def level_of(text: str | None) -> Level | None:
    """1 or 2 for an indicator-level word, 'either' for one printed at both levels, else None."""
    k = key(text).rstrip(":：")
    if not k:
        return None
    if _EITHER.fullmatch(k):
        return "either"
    if _LEVEL1.fullmatch(k):
        return 1
    if _LEVEL2.fullmatch(k):
        return 2
    return None


def year_of(*texts: str | None) -> int | None:
    for text in texts:
        m = _YEAR.search(key(text))
        if m:
            return int(m.group(1))
    return None


def strip_year(title: str) -> str:
    """A title without its '(2020年度)' line, which the form prints under or beside the title."""
    return re.sub(r"\s*[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]\s*$", "", title).strip()


def form_label(title: str, project: str) -> str:
    """How a reviewer names the form's table: '预算项目绩效自评表（对专利权人的补助）'."""
    if not project or key(project) in key(title):
        return title
    return f"{title}（{project}）"


def row_label(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def dedupe(items: list[str]) -> list[str]:
    """Keep the first copy of each item (forms print their 说明 block twice)."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        k = key(item)
        if k and k not in seen:
            seen.add(k)
            out.append(item)
    return out


_ENUMERATED = re.compile(r"^\s*(?:注|说明|备注)?\s*[:：]?\s*\d+\s*[.．、)）]")
_NOTE_LABEL = re.compile(r"^\s*(注|说明|备注)\s*[:：]")
_NOTE_ONLY = re.compile(r"^\s*(注|说明|备注)\s*[:：]?\s*$")


def is_note_start(text: str) -> bool:
    """A '注：…', '说明：' or '备注：…' line."""
    return bool(_NOTE_LABEL.match(text) or _NOTE_ONLY.match(text))


def is_note_only(text: str) -> bool:
    return bool(_NOTE_ONLY.match(text))


def is_enumerated(text: str) -> bool:
    return bool(_ENUMERATED.match(text))


def note_items(lines: list[str]) -> list[str]:
    """注/说明 lines as items: a numbered or '注：' line starts an item, other lines continue it."""
    items: list[list[str]] = []
    for line in lines:
        if not line.strip() or is_note_only(line):
            continue
        if is_enumerated(line) or is_note_start(line) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return dedupe([printed("\n".join(parts)) for parts in items])


_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?", "：", ":")


def join_broken(texts: list[str]) -> list[str]:
    """Paragraphs as printed: a text that does not end its sentence runs on into the next one
    (a PDF line set larger than the body text arrives as a paragraph of its own)."""
    out: list[str] = []
    for text in texts:
        if out and not out[-1].endswith(_SENTENCE_END):
            out[-1] = printed(out[-1] + "\n" + text)
        elif text:
            out.append(text)
    return out


def union_bbox(boxes: list[BBox | None]) -> BBox | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (min(b[0] for b in real), min(b[1] for b in real), max(b[2] for b in real), max(b[3] for b in real))


# ---------------------------------------------------------------------------------------------
# Header block of the 2024 layout (基本情况, 预算执行情况): label-value text, as lines or as joined rows.

_FIELD = re.compile(r"(项目名称|项目编码|项目级次|项目类型|实施主管单位|主管部门(?:及代码)?|实施单位|金额单位)\s*[:：]?")
_SECTION_NO = r"^(?:[一二三四五六七八九十]+[、.．]\s*)?"


def header_fields(text: str) -> dict[str, str]:
    """Label → printed value from '项目名称 X 项目级次 本级 实施主管单位 Y 金额单位 万元'."""
    hits = list(_FIELD.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        shown = printed(text[m.end() : end]).strip(":： ")
        label = key(m.group(1))
        if shown and label not in out:
            out[label] = re.sub(r"\s*-\s*", "-", shown)
    return out


_BUDGET_TOKEN = re.compile(
    r"(预算执行进度|预算数|到位数|执行数|财政资金|财政拨款|其他资金|其他)|(?<![\d.])(-?\d+(?:,\d{3})*(?:\.\d+)?)(?![\d.])"
)
_ATTACHED = re.compile(r"[\s:：()（）%％]*")


class BudgetBlock:
    """预算数/到位数/执行数 with their 其中 lines and the 预算执行进度, read from the block's text."""

    COLUMNS = ("budget", "received", "executed")

    def __init__(self, text: str) -> None:
        self.total: dict[str, Num | None] = {}
        self.fiscal: list[Num | None] = []
        self.other: list[Num | None] = []
        self.progress: Num | None = None
        self.labels: list[str] = []
        self._read(text)

    def _read(self, text: str) -> None:
        pending: tuple[str, int] | None = None
        loose: list[Num] = []
        for m in _BUDGET_TOKEN.finditer(text):
            if m.group(1):
                if pending is not None:
                    self._put(pending[0], None)
                pending = (m.group(1), m.end())
                self.labels.append(m.group(1))
                continue
            n = num(m.group(2))
            if pending is not None and _ATTACHED.fullmatch(text[pending[1] : m.start()]):
                self._put(pending[0], n)
                pending = None
            elif n is not None:
                loose.append(n)
        if pending is not None:
            self._put(pending[0], None)
        if self.progress is None and loose:
            self.progress = loose[0]

    def _put(self, label: str, n: Num | None) -> None:
        if label == "预算执行进度":
            self.progress = n
        elif label in ("预算数", "到位数", "执行数"):
            self.total[{"预算数": "budget", "到位数": "received", "执行数": "executed"}[label]] = n
        elif label in ("财政资金", "财政拨款"):
            self.fiscal.append(n)
        else:
            self.other.append(n)

    @property
    def found(self) -> bool:
        return bool(self.total) or self.progress is not None

    def lines(self) -> list[tuple[str, str, dict[str, Num | None]]]:
        """(key, printed label, {budget, received, executed}) for the total and each 其中 line printed."""
        out = [("total", "预算数", dict(self.total))]
        for fund_key, label, values in (("fiscal", "其中:财政资金", self.fiscal), ("other", "其他", self.other)):
            if values:
                out.append((fund_key, label, dict(zip(self.COLUMNS, values, strict=False))))
        return out


# ---------------------------------------------------------------------------------------------
# Indicator rows printed as text: '名称 … 说明 … 5 ≥ 10.00 % 10.58 完成 5'.

_COMPARATORS = {"≥", "≤", ">", "<", "=", "＝", ">=", "<=", "≧", "≦", "＞", "＜", "定性", "定量"}
_STATUS_TAIL = re.compile(r"(?:^|\s|(?<=\d))(未完成|完成)\s*(-?\d+(?:\.\d+)?)\s*分?\s*$")


class Tail:
    """The numeric tail of an indicator line: 分值 符号 值 单位 实际完成值 完成情况 得分."""

    def __init__(self, pre: str, tokens: dict[str, str]) -> None:
        self.pre = pre
        self.weight = tokens["weight"]
        self.comparator = tokens.get("cmp", "")
        self.value = tokens["value"]
        self.unit = tokens.get("unit", "")
        self.actual = tokens["actual"]
        self.status = tokens["status"]
        self.score = tokens["score"]

    def target_text(self) -> str:
        cmp = "" if self.comparator in ("定性", "定量") else self.comparator
        return printed(f"{cmp}{self.value}{self.unit}").replace(" ", "")


def _is_unit(token: str) -> bool:
    return not is_number(token) and token not in _COMPARATORS and len(token) <= 6


def _tail_shapes(r: list[str]) -> dict[str, str] | None:
    """Read 分值 [符号] 值 [单位] from the right of `r`; the first shape that fits wins."""
    n = len(r)
    if n >= 4 and is_number(r[-4]) and r[-3] in _COMPARATORS and _is_unit(r[-1]):
        return {"weight": r[-4], "cmp": r[-3], "value": r[-2], "unit": r[-1], "at": str(n - 4)}
    if n >= 3 and is_number(r[-3]) and r[-2] in _COMPARATORS:
        return {"weight": r[-3], "cmp": r[-2], "value": r[-1], "at": str(n - 3)}
    if n >= 3 and is_number(r[-3]) and re.search(r"\d", r[-2]) and _is_unit(r[-1]):
        return {"weight": r[-3], "value": r[-2], "unit": r[-1], "at": str(n - 3)}
    if n >= 2 and is_number(r[-2]):
        return {"weight": r[-2], "value": r[-1], "at": str(n - 2)}
    return None


def parse_tail(raw: str) -> Tail | None:
    m = _STATUS_TAIL.search(raw)
    if not m:
        return None
    tokens = raw[: m.start(1)].split()
    if len(tokens) < 3:
        return None
    shape = _tail_shapes(tokens[:-1])
    if shape is None:
        return None
    shape.update(actual=tokens[-1], status=m.group(1), score=m.group(2))
    return Tail(" ".join(tokens[: int(shape.pop("at"))]), shape)


@dataclass(frozen=True)
class Line:
    """One printed text line with where it is; `para` groups the lines of one paragraph."""

    text: str
    page: int
    bbox: BBox | None
    para: int


def _resolve_levels(found: list[tuple[Level, str]]) -> tuple[str, str]:
    """(一级, 二级) from the level words of one row in print order; '' when the row prints none."""
    l1 = l2 = ""
    for i, (lv, word) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else None
        if lv == "either":
            # A word printed at both levels is 一级 only when a 二级 word follows it in the row.
            lv = 1 if nxt in (2, "either") else 2
        if lv == 1:
            l1, l2 = word, ""
        else:
            l2 = word
    return l1, l2


def _take_levels(segs: list[Line]) -> tuple[list[tuple[Level, str]], list[tuple[int, list[str]]], bool]:
    """Split leading level words off a record; return them, the rest as (segment, tokens), and whether
    the first rest segment shares its line with the last level word."""
    flat = [(si, tok) for si, s in enumerate(segs) for tok in s.text.split()]
    found: list[tuple[Level, str]] = []
    i = 0
    while i < len(flat):
        pair = flat[i][1] + flat[i + 1][1] if i + 1 < len(flat) else ""
        # A narrow cell breaks '服务对象满意度指标' over two lines: try the pair first.
        if pair and level_of(pair) is not None:
            found.append((level_of(pair), printed(pair)))  # type: ignore[arg-type]
            i += 2
        elif level_of(flat[i][1]) is not None:
            found.append((level_of(flat[i][1]), printed(flat[i][1])))  # type: ignore[arg-type]
            i += 1
        else:
            break
    shared = 0 < i < len(flat) and flat[i][0] == flat[i - 1][0]
    rest: list[tuple[int, list[str]]] = []
    for si, tok in flat[i:]:
        if rest and rest[-1][0] == si:
            rest[-1][1].append(tok)
        else:
            rest.append((si, [tok]))
    return found, rest, shared


def _split_tokens(tokens: list[str]) -> tuple[str, list[str]]:
    """Name and description from one line's tokens: a '（件）' token still belongs to the name."""
    n = 1
    while n < len(tokens) and re.fullmatch(r"[（(][^）)]{1,6}[）)]", tokens[n]):
        n += 1
    return printed("".join(tokens[:n])), tokens[n:]


def _join(parts: list[list[str]]) -> str:
    return printed("\n".join(" ".join(p) for p in parts if p))


def name_and_description(segs: list[Line], pre_tail: int | None) -> tuple[list[tuple[Level, str]], str, str]:
    """Level words, 三级 name and 指标说明 of one text record.

    The name follows the level words: on their line when it shares one, else it is the rest of
    that paragraph; what follows is the description. `pre_tail` is the segment printed before the
    numbers on the tail line, which is description unless nothing else can be.
    """
    found, rest, shared = _take_levels(segs)
    if not rest:
        return found, "", ""
    if shared:
        name, more = _split_tokens(rest[0][1])
        return found, name, _join([more] + [t for _, t in rest[1:]])
    first_para = segs[rest[0][0]].para
    name_parts = [(si, t) for si, t in rest if segs[si].para == first_para and si != pre_tail]
    if not name_parts:
        name, more = _split_tokens(rest[0][1])
        return found, name, _join([more] + [t for _, t in rest[1:]])
    others = [t for si, t in rest if (si, t) not in name_parts]
    if len(name_parts) == 1 and len(name_parts[0][1]) > 1 and not others:
        name, more = _split_tokens(name_parts[0][1])
        return found, name, _join([more])
    return found, _join([t for _, t in name_parts]), _join(others)


# ---------------------------------------------------------------------------------------------
# The whole 2024 form printed as lines.

_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("basic", re.compile(_SECTION_NO + r"(基本情况|项目名称)")),
    ("budget", re.compile(_SECTION_NO + r"预算执行情况")),
    ("goal", re.compile(_SECTION_NO + r"(总体)?目标完成情况")),
    ("indicators", re.compile(_SECTION_NO + r"(年度绩效|绩效指标)")),
    ("problems", re.compile(_SECTION_NO + r"存在(的)?问题")),
    ("signer", re.compile(r"^(填报人|填表人|联系人)")),
    ("notes", re.compile(r"^(说明|注)([:：]|$)")),
)
_ORDER = [name for name, _ in _SECTIONS]
_HEADER_WORDS = re.compile(
    r"一级指标|二级指标|三级指标|指标说明|指标分值|预期指标值|单项指标实际完成值|单项指标完成情况|单项指标完成|"
    r"实际完成值|完成情况|自评得分|指标完成情况|年度绩效|符号|单位|\(?文字描述\)?|情况|值|[一二三四五六七八九十]+、"
)
_DEPARTMENTS = ("实施主管单位", "主管部门及代码", "主管部门")
_GOAL_HEADER = re.compile(r"年度预期目标|具体完成情况|总体完成率")
_HEADING_ONLY = re.compile(r"[^，,。；;\d]{0,16}")


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def form_section(text: str | None) -> str | None:
    """The part of a 2024-layout form a numbered heading opens ('四、年度绩效指标完成情况' → 'indicators')."""
    k = key(text)
    if not _NUMBERED.match(k) or len(k) > 30:
        return None
    return next((name for name, pattern in _SECTIONS[:5] if pattern.match(k)), None)


def split_sections(lines: list[Line]) -> dict[str, list[Line]]:
    """Lines by section; a section marker moves forward only, so body text never restarts a section."""
    out: dict[str, list[Line]] = {name: [] for name in _ORDER}
    current = "basic"
    for line in lines:
        k = key(line.text)
        for name, pattern in _SECTIONS:
            if pattern.match(k) and _ORDER.index(name) >= _ORDER.index(current):
                current = name
                break
        out[current].append(line)
    return out


class LineFormReader:
    """Reads one 2024-layout 预算项目绩效自评表 printed as text lines (no grid)."""

    def __init__(self, lines: list[Line]) -> None:
        self.title_line = lines[0]
        self.title = printed(lines[0].text)
        self.sections = split_sections(lines[1:])
        self.fields = header_fields(" ".join(line.text for line in self.sections["basic"]))
        self.label = form_label(self.title, self.fields.get("项目名称", ""))
        self.pages = sorted({line.page for line in lines})
        self.l1 = self.l2 = ""
        self.indicators: list[Indicator] = []
        self.execution: dict = {}
        self.total: Located | None = None
        self.total_score: Num | None = None
        self.grade: str | None = None

    def located(self, row: str, line: Line) -> dict:
        return {"page": line.page, "table": self.label, "row": row, "bbox": line.bbox}

    # -- header block --------------------------------------------------------------------------

    def funds(self) -> tuple[list[FundLine], Execution | None]:
        """The 预算执行情况 lines and the execution figures (进度 here, 预算执行率 from the indicators)."""
        lines = self.sections["budget"]
        block = BudgetBlock(" ".join(line.text for line in lines))
        at = next((ln for ln in lines if re.search(r"\d", ln.text)), self.title_line)
        out = [
            FundLine(key=k, label=label, **values, **self.located(label, at))  # type: ignore[arg-type]
            for k, label, values in (block.lines() if block.found else [])
        ]
        execution = None
        if self.execution or block.progress is not None:
            where = self.execution or self.located("预算执行进度", at)
            execution = Execution(**{**where, "progress": block.progress})
        return out, execution

    def goal(self) -> Goal | None:
        lines = [ln for ln in self.sections["goal"][1:] if not _GOAL_HEADER.search(key(ln.text))]
        if not lines:
            return None
        rows: list[list[list[Line]]] = [[]]
        rates: list[Num] = []
        for para in _paragraphs(lines):
            text = key(" ".join(ln.text for ln in para))
            if is_number(text):
                rates.append(num(text))  # type: ignore[arg-type]
                rows.append([])
            else:
                rows[-1].append(para)
        pairs = [_expected_achieved(paras) for paras in rows if paras]
        return Goal(
            expected="\n".join(e for e, _ in pairs if e),
            achieved="\n".join(a for _, a in pairs if a),
            completion=rates[0] if rates else None,
            **self.located("目标完成情况", lines[0]),
        )

    # -- indicators ----------------------------------------------------------------------------

    def read_indicators(self) -> None:
        pending: list[Line] = []
        started = False
        for line in self.sections["indicators"][1:]:
            k = key(line.text)
            if not started and not _HEADER_WORDS.sub("", k):
                continue
            started = True
            pending = self._indicator_line(line, k, pending)

    def _indicator_line(self, line: Line, k: str, pending: list[Line]) -> list[Line]:
        """Read one line of the indicator block; return the lines still waiting for their numbers."""
        if "自评总分" in k and not k.startswith("自评总分"):
            before, after = _split_line(line, line.text.find("自评总分"))
            return self._indicator_line(after, key(after.text), self._indicator_line(before, key(before.text), pending))
        nums = re.findall(r"-?\d+(?:\.\d+)?", line.text)
        if k.startswith("预算执行率"):
            weight, score = (nums[0], nums[-1]) if len(nums) > 1 else (nums[0] if nums else None, None)
            self.execution = {"weight": num(weight), "score": num(score), **self.located("预算执行率", line)}
        elif k.startswith(("自评总分", "总分")):
            self.total_score = num(nums[-1]) if nums else None
            self.total = Located(**self.located("自评总分", line))
        elif k.startswith("自评等级"):
            self.grade = printed(re.sub(r"^\s*自评等级\s*[:：]?", "", line.text)) or None
        elif (tail := parse_tail(line.text)) is not None:
            self._add_indicator(pending, line, tail)
        else:
            return [*pending, line]
        return []

    def _add_indicator(self, pending: list[Line], line: Line, tail: Tail) -> None:
        segs = list(pending)
        pre_tail = None
        if tail.pre.strip():
            pre_tail = len(segs)
            segs.append(Line(tail.pre, line.page, line.bbox, line.para))
        found, name, description = name_and_description(segs, pre_tail)
        l1, l2 = _resolve_levels(found)
        if l1:
            self.l1, self.l2 = l1, l2
        elif l2:
            self.l2 = l2
        first = segs[0] if segs else line
        boxes = [s.bbox for s in [*segs, line] if s.page == first.page]
        self.indicators.append(
            Indicator(
                level1=self.l1, level2=self.l2, name=name, description=description or None,
                target=value(tail.target_text()), actual=value(tail.actual),
                weight=number(tail.weight), score=number(tail.score), status=tail.status,  # type: ignore[arg-type]
                page=first.page, table=self.label, row=row_label(self.l1, self.l2, name),
                bbox=union_bbox(boxes),
            )
        )  # fmt: skip

    # -- tail ----------------------------------------------------------------------------------

    def problems(self) -> tuple[str | None, Located | None]:
        lines = self.sections["problems"]
        if not lines:
            return None, None
        heading = lines[0].para
        body = [ln for ln in lines if not (ln.para == heading and _HEADING_ONLY.fullmatch(key(ln.text)))]
        text = "\n".join(printed("\n".join(ln.text for ln in para)) for para in _paragraphs(body))
        return text or None, Located(**self.located("存在问题原因及整改措施", body[0] if body else lines[0]))

    def notes(self) -> list[str]:
        return note_items([ln.text for ln in self.sections["notes"] if not is_note_only(ln.text)])

    def read(self) -> SelfEvaluationForm:
        self.read_indicators()
        funds, execution = self.funds()
        problems, problems_at = self.problems()
        department = next((self.fields[k] for k in _DEPARTMENTS if self.fields.get(k)), None)
        return SelfEvaluationForm(
            layout="2024", title=self.title, project=self.fields.get("项目名称", ""), department=department,
            implementer=self.fields.get("实施单位"), year=year_of(self.title), pages=self.pages,
            funds=funds, execution=execution, goal=self.goal(), indicators=self.indicators,
            total_score=self.total_score, total=self.total, grade=self.grade,
            problems=problems, problems_at=problems_at, notes=self.notes(),
            page=self.title_line.page, table=self.label, bbox=self.title_line.bbox,
        )  # fmt: skip


def _split_line(line: Line, at: int) -> tuple[Line, Line]:
    return (
        Line(line.text[:at], line.page, line.bbox, line.para),
        Line(line.text[at:], line.page, line.bbox, line.para),
    )


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    for line in lines:
        if out and out[-1][-1].para == line.para:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _expected_achieved(paras: list[list[Line]]) -> tuple[str, str]:
    """One 目标 row: the first text is the expected target, the rest what was achieved.

    When both were exported into one paragraph, the expected text ends at its first full stop.
    """
    if len(paras) == 1 and len(paras[0]) > 1:
        lines = paras[0]
        cut = next((i + 1 for i, ln in enumerate(lines[:-1]) if key(ln.text).endswith(("。", "."))), None)
        if cut is not None:
            paras = [lines[:cut], lines[cut:]]
    texts = [printed("\n".join(ln.text for ln in para)) for para in paras]
    return texts[0], "\n".join(texts[1:])
