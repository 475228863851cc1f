"""The 情况说明 as typed, located claims (amount, share, change, completion, budget/final, count) linked to table cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.accounts.model import Claim, Num, Ref, Section, Statement
from tools.document import BBox, Document, Heading, Paragraph, Table
from tools.numbers import Quantity, find_quantities
from tools.text import normalize

__all__ = ["extract_narrative", "link_claims"]

_CN = "一二三四五六七八九十"
_PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")
_END_RE = re.compile(r"^(?:第[一二三四五六七八九十]+部分|名词解释$)")
_LEVEL2_RE = re.compile(rf"^[{_CN}]+、")
_LEVEL3_RE = re.compile(rf"^[(（][{_CN}]+[)）]")
# A paragraph that opens with a numbered title ('（一）机关运行经费情况。…') carries a section heading.
_TITLE_RE = re.compile(
    rf"^((?:[(（][{_CN}]+[)）]|[{_CN}]+、) *[^。:：;；,，]{{2,30}}?(?:情况|说明))(?:[。:：]|$)"
)
_SENTENCE_RE = re.compile(r"[^。!?！？]+[。!?！？]*")
_DELIMS = ",;:。，；："
# Reason sentences: '主要原因是…', '变动的主要原因是…', '决算数大于年初预算数的主要原因是…', '决算数小于…，主要是…',
# '2024年度“三公”经费支出决算数小于预算数的主要原因：…' (a leading year is no figure).
_REASON_START_RE = re.compile(
    r"^(?:(?:\d{4}年度?)?[^,;:。\d]{0,40}?(?:的|,))?主要(?:原因(?:是|为|在于)?:?|是)"
)
_REASON_IN_RE = re.compile(r"[,;]主要原因(?:是|为|在于)?:?")
_ITEM_PATH_RE = re.compile(r"\((?:类|款|项)\)。?$")
_CHANGE_RE = re.compile(r"(增加|减少|增长|下降|降低|上升|节约|超支)了?$")
_UP = ("增加", "增长", "上升", "超支")
_SHARE_RE = re.compile(r"占([^,;:。]*)$")
_COMPLETION_RE = re.compile(r"完成了?(年初|全年)?预算(?:数)?的?$|预算完成率为?$")
_BUDGET_RE = re.compile(r"(年初|全年)?预算(?:数)?(?:为|是)?$")
_FINAL_RE = re.compile(r"决算(?:数)?(?:为|是)?$")
_FLAT_RE = re.compile(r"持平|一致")
# Template residue such as 下降（增长）: the printed verb before the bracket is the one meant.
_RESIDUE_RE = re.compile(r"\((?:增加|减少|增长|下降)\)$")
# The last comparison named before a change says what it is measured against.
_CMP_RE = re.compile(r"(?:与|比|较|同)(上年|上一年|\d{4}年|年初预算|全年预算|预算)")
_COUNT_UNITS = ("辆", "个", "人次", "批次", "台", "套", "项", "次", "人", "名", "家")
_COMPARE_RE = re.compile(
    r"(?:与|同|比|较)(?:上年度?|上一年度?|\d{4}年度?|年初预算数?|全年预算数?|预算数?|上年决算数?)(?:相比|比较)?"
)
_LEAD_RE = re.compile(
    rf"^(?:\d+[、.]|[{_CN}]+、|\([{_CN}\d]+\)|\(含|其中|全年|本单位|我单位|本部门|共计|累计|[,:、(])+"
)
_TRAIL_RE = re.compile(r"(?:均为|为|各|共计|累计|共|达到|达|是|分别|的)+$")


# '在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额X万元；…': the
# clause names only '采购金额'; the bucket is in the clauses before it, up to the last ；/。.
_BARE_PROCUREMENT = ("采购金额", "合同金额", "中标金额", "成交金额", "金额")
_PROCUREMENT_WHERE_RE = re.compile(
    r"(面向(?:中小|小微)企业预留|其他)(?:的)?(?:政府)?采购项目中"
)
_PROCUREMENT_WHO_RE = re.compile(r"(中小企业|小微企业)(?:供应商)?(?:中标|成交)")

# ---------------------------------------------------------------- drafts


@dataclass
class _Draft:
    """A claim being assembled; becomes a frozen Claim at the end."""

    subject: str
    para: Paragraph | None
    start: int
    end: int
    section: str | None
    chapter: str | None
    values: dict = field(default_factory=dict)

    def free(self, slot: str) -> bool:
        return self.values.get(slot) is None

    def deviates(self) -> bool:
        v = self.values
        return v.get("direction") is not None or (
            v.get("budget") is not None and v.get("final") is not None
        )

    def kind(self) -> str:
        v = self.values
        if v.get("count") is not None:
            return "count"
        if v.get("budget") is not None:
            return "budget_final"
        if v.get("completion") is not None:
            return "completion"
        if (
            v.get("direction") is not None
            or v.get("change") is not None
            or v.get("change_pct") is not None
        ):
            return "change"
        if v.get("share") is not None:
            return "share"
        return "amount"

    def claim(self) -> Claim:
        text = self.para.text[self.start : self.end].strip() if self.para else ""
        page, bbox = (
            _locate(self.para, self.start, self.end) if self.para else (None, None)
        )
        values = {k: v for k, v in self.values.items() if v is not None}
        if (
            self.kind() != "budget_final"
            and "final" in values
            and "amount" not in values
        ):
            values["amount"] = values.pop("final")
        return Claim(
            kind=self.kind(),  # type: ignore[arg-type]
            subject=self.subject,
            sentence=text,
            section=self.section,
            chapter=self.chapter,
            page=page,
            bbox=bbox,
            **values,
        )


def _num(q: Quantity) -> Num:
    assert q.value is not None
    return Num(value=abs(q.value), decimals=q.decimals, raw=q.raw)


def _locate(para: Paragraph, start: int, end: int) -> tuple[int | None, BBox | None]:
    """Page and box of the paragraph lines that hold text[start:end]."""
    spans, pos = [], 0
    for line in para.lines:
        at = para.text.find(line.text.strip(), pos)
        if at < 0:
            return para.page, para.bbox
        spans.append((at, at + len(line.text.strip()), line))
        pos = at + 1
    hit = [ln for a, b, ln in spans if a < end and b > start] or [
        ln for a, _, ln in spans if a <= start
    ][-1:]
    if not hit:
        return para.page, para.bbox
    page = hit[0].page
    boxes = [ln.bbox for ln in hit if ln.page == page and ln.bbox]
    if not boxes:
        return page, None
    return page, (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _procurement_subject(before: str, own: str) -> str:
    """'采购金额' qualified by the item it closes: '面向中小企业预留项目中中小企业中标采购金额'."""
    item = re.split(r"[;；。]", before)[-1]
    where = _PROCUREMENT_WHERE_RE.search(item)
    who = _PROCUREMENT_WHO_RE.search(item)
    if where is None and who is None:
        return own
    place = ""
    if where is not None:
        place = (
            "其他政府采购项目中"
            if where.group(1) == "其他"
            else where.group(1) + "项目中"
        )
    return place + (who.group(1) + "中标" if who else "") + own


def _clean_subject(text: str) -> str:
    s = _COMPARE_RE.sub("", text.strip())
    if m := re.search(r"\d{4}年度?", s):
        s = s[m.end() :] if s[m.end() :].strip() else s
    s = _LEAD_RE.sub("", s)
    s = _TRAIL_RE.sub("", s)
    # '“三公”经费财政拨款支出决算数比上年减少…' is about the 支出 itself.
    s = re.sub(r"(?<=..)(?:决算数|决算)$", "", s)
    return s.strip(" ,;:")


# ---------------------------------------------------------------- narrative walk


class _Reader:
    """Walks the 情况说明 blocks in order, keeping section, pending item subject and pending reason."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.sections: list[dict] = []
        self.section: str | None = None
        self.chapter: str | None = None
        self.pending: tuple[str, int] | None = None
        self.reason_for: _Draft | None = None

    # -- structure

    def heading(self, text: str, page: int) -> None:
        flat = re.sub(r"\s+", "", normalize(text))
        level = (
            1
            if _PART_RE.match(flat)
            else 2
            if _LEVEL2_RE.match(flat)
            else 3
            if _LEVEL3_RE.match(flat)
            else None
        )
        self.sections.append(
            {"heading": text.strip(), "page": page, "level": level, "text": []}
        )
        if level == 2 or (level == 3 and self.chapter is None):
            self.chapter = text.strip()
        if level in (2, 3):
            self.section = text.strip()
        self.pending = None

    def paragraph(self, para: Paragraph) -> None:
        flat = normalize(para.text)
        offset = 0
        if m := _TITLE_RE.match(flat):
            offset = _raw_offset(para.text, len(m.group(0)))
            self.heading(para.text[:offset].strip().rstrip("。:："), para.page)
        if self.sections:
            self.sections[-1]["text"].append(para.text[offset:].strip())
        for m in _SENTENCE_RE.finditer(para.text, offset):
            if m.group().strip():
                self.sentence(para, m.start(), m.end())
        self.pending = None

    # -- sentences

    def sentence(self, para: Paragraph, start: int, end: int) -> None:
        s = normalize(para.text[start:end])
        if m := _REASON_START_RE.match(s):
            self.reason(s[m.end() :])
            return
        cut = _REASON_IN_RE.search(s)
        body = s[: cut.start()] if cut else s
        events = _events(body)
        if self.reason_for is not None:
            if not events:
                self.give_reason(self.reason_for, s.rstrip("。"))
            self.reason_for = None
            if not events:
                return
        if not events:
            if _ITEM_PATH_RE.search(s) and self.pending is None:
                self.pending = (_clean_subject(s.rstrip("。")), start)
            return
        made = self.walk(para, start, end, body, events)
        if cut and made:
            self.attach_reason(made, s[cut.end() :])

    def walk(
        self, para: Paragraph, start: int, end: int, s: str, events: list
    ) -> list[_Draft]:
        made: list[_Draft] = []
        prev = 0
        for pos, stop, role, q in events:
            clause = re.split(f"[{_DELIMS}]", s[prev:pos])[-1]
            role, cue, own = _classify(role, q, _RESIDUE_RE.sub("", clause))
            if role == "amount" and own in _BARE_PROCUREMENT:
                own = _procurement_subject(s[:pos], own)
            prev = stop
            if role is None:
                continue
            target = self.target(made, role, own, cue, para, start, end)
            if target is None:
                continue
            if target not in made:
                made.append(target)
            _fill(target, role, cue, q, s[:pos])
        return made

    def target(
        self, made: list[_Draft], role: str, own: str, cue, para, start, end
    ) -> _Draft | None:
        """The draft an event fills: this clause's, the previous sentence's (no subject), or a new one."""
        cur = made[-1] if made else None
        if (
            role == "count"
            and not own
            and cur is not None
            and cur.values.get("count") is not None
        ):
            own = cur.subject
        if role not in ("amount", "count"):
            if (
                cur is not None
                and (not own or _same(own, cur.subject))
                and _slot_free(cur, role, cue)
            ):
                return cur
            last = self.drafts[-1] if self.drafts else None
            # '1、基本支出X万元。与上年相比，减少…' continues the previous sentence's subject.
            if (
                cur is None
                and not own
                and self.pending is None
                and _continues(last, para, role, cue)
            ):
                last.end = end
                return last
            # '收入支出总计307.82万元。与上年相比，收入支出总计增加307.82万元，…' restates the
            # previous sentence's subject: the change belongs to the amount stated there.
            if cur is None and own and _restates(last, own, role, cue, self.section):
                if last.para is para:
                    last.end = end
                    return last
                draft = _Draft(
                    own, para, start, end, self.section, self.chapter or self.section
                )
                draft.values["amount"] = last.values["amount"]
                self.drafts.append(draft)
                return draft
        if role == "flat" and not own and self.pending is None:
            return None  # a 持平 with nothing it could be about (template instructions)
        subject, begin = own, start
        if not own and self.pending is not None:
            subject, begin = self.pending
            self.pending = None
        draft = _Draft(
            subject, para, begin, end, self.section, self.chapter or self.section
        )
        self.drafts.append(draft)
        return draft

    def reason(self, text: str) -> None:
        target = next(
            (
                d
                for d in reversed(self.drafts)
                if d.section == self.section and d.deviates()
            ),
            None,
        )
        if target is None or target.values.get("reason") is not None:
            return
        text = text.strip(" ,;:").rstrip("。")
        if text:
            self.give_reason(target, text)
        else:
            self.reason_for = target

    def attach_reason(self, made: list[_Draft], text: str) -> None:
        target = next((d for d in reversed(made) if d.deviates()), made[-1])
        text = text.strip(" ,;:").rstrip("。")
        if text and target.values.get("reason") is None:
            self.give_reason(target, text)

    def give_reason(self, target: _Draft, text: str) -> None:
        """Attach a cause; it also explains a total of the same sentence whose whole change this part is.

        '…支出决算数比上年减少0.15万元，…其中：…持平；…持平；公务接待费支出决算减少0.15万元。公务
        接待费支出减少的主要原因是…' explains the total's 0.15 too: it is the only part that moved.
        """
        target.values["reason"] = text
        change, direction = target.values.get("change"), target.values.get("direction")
        if change is None:
            return
        for d in self.drafts:
            v = d.values
            if (
                d is not target
                and d.para is target.para
                and d.start == target.start
                and v.get("reason") is None
                and v.get("change") is not None
                and v["change"].value == change.value
                and v.get("direction") == direction
            ):
                v["reason"] = text


def _raw_offset(raw: str, norm_len: int) -> int:
    """Offset in `raw` whose normalised prefix has `norm_len` characters."""
    for i in range(len(raw) + 1):
        if len(normalize(raw[:i])) >= norm_len:
            return i
    return len(raw)


_SLOT = {
    "budget": "budget",
    "final": "final",
    "change_amt": "change",
    "change_pct": "change_pct",
    "share": "share",
    "completion": "completion",
    "flat": "direction",
    "amount": "amount",
}


def _continues(last: _Draft | None, para: Paragraph, role: str, cue) -> bool:
    return last is not None and last.para is para and _slot_free(last, role, cue)


def _restates(last: _Draft | None, own: str, role: str, cue, section) -> bool:
    """A change of `own` right after a sentence that stated only the amount of the same subject."""
    if last is None or role not in ("change_amt", "change_pct", "flat"):
        return False
    v = last.values
    return (
        last.section == section
        and _same(own, last.subject)
        and v.get("amount") is not None
        and all(
            v.get(k) is None
            for k in (
                "budget",
                "final",
                "completion",
                "count",
                "direction",
                "change",
                "change_pct",
            )
        )
        and _slot_free(last, role, cue)
    )


def _slot_free(d: _Draft, role: str, cue) -> bool:
    v = d.values
    if role == "budget":
        return v.get("budget") is None or (
            v.get("budget_full") is None
            and cue == "全年预算"
            and v.get("final") is None
        )
    if role == "final":
        return v.get("final") is None and v.get("amount") is None
    if role == "flat":
        return v.get("direction") is None and v.get("change") is None
    return v.get(_SLOT[role]) is None


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _events(s: str) -> list[tuple[int, int, str, Quantity | None]]:
    """Quantities that can make a claim, and 持平 markers, in sentence order."""
    out: list[tuple[int, int, str, Quantity | None]] = []
    for q in find_quantities(s):
        if q.value is None or q.comparator is not None or q.kind in ("year", "date"):
            continue
        if q.kind == "amount" or q.unit == "万":
            out.append((q.start, q.end, "money", q))
        elif q.kind == "percent" and q.unit == "%":
            out.append((q.start, q.end, "percent", q))
        elif q.kind == "count" and q.unit in _COUNT_UNITS:
            out.append((q.start, q.end, "count", q))
        elif q.kind == "number" and q.unit is None:
            out.append((q.start, q.end, "bare", q))
    for m in _FLAT_RE.finditer(s):
        if re.search(r"相比|上年|上一年|年度|预算|决算", s[: m.start()]):
            out.append((m.start(), m.end(), "flat", None))
    return sorted(out, key=lambda e: e[0])


def _classify(
    kind: str, q: Quantity | None, clause: str
) -> tuple[str | None, str | None, str]:
    """Role of one event from the words right before it: (role, cue detail, own subject)."""
    if kind == "flat":
        return "flat", "预算" if "预算" in clause else None, _flat_subject(clause)
    if kind == "count":
        return "count", None, _clean_subject(clause)
    change = _CHANGE_RE.search(clause)
    if kind == "money":
        if change:
            return (
                "change_amt",
                change.group(1),
                _clean_subject(clause[: change.start()]),
            )
        if m := _BUDGET_RE.search(clause):
            return (
                "budget",
                (m.group(1) or "") + "预算",
                _clean_subject(clause[: m.start()]),
            )
        if m := _FINAL_RE.search(clause):
            own = _clean_subject(clause[: m.start()])
            return "final", None, "" if own == "支出" else own
        return "amount", None, _clean_subject(clause)
    if kind == "percent":
        if m := _SHARE_RE.search(clause):
            return (
                "share",
                m.group(1).removesuffix("的") or None,
                _clean_subject(clause[: m.start()]),
            )
        if m := _COMPLETION_RE.search(clause):
            return (
                "completion",
                (m.group(1) or "") + "预算",
                _clean_subject(clause[: m.start()]),
            )
    if change and (
        kind == "percent" or change.group(1) in ("增长", "下降", "降低", "上升")
    ):
        return "change_pct", change.group(1), _clean_subject(clause[: change.start()])
    return None, None, ""


def _flat_subject(clause: str) -> str:
    """Subject of a 持平 clause: the words before the comparison, without 决算数/基本."""
    m = re.search(r"(?:与|同|比|较)(?:上年|上一年|\d{4}|年初|全年|预算|决算)", clause)
    own = clause[: m.start()] if m else clause
    own = re.sub(r"(?:基本|支出决算|决算数?|均|各)+$", "", _clean_subject(own))
    return "" if len(own) < 2 or own in ("支出", "决算数") else own


def _fill(d: _Draft, role: str, cue, q: Quantity | None, before: str) -> None:
    v = d.values
    if role == "amount":
        v["amount"] = _num(q)
    elif role == "count":
        v["count"], v["count_unit"] = _num(q), q.unit
    elif role == "budget":
        if v.get("budget") is None:
            v["budget"], v["budget_kind"] = _num(q), cue
        else:
            v["budget_full"] = _num(q)
    elif role == "final":
        v["final"] = _num(q)
    elif role == "share":
        v["share"], v["share_of_text"] = _num(q), cue
    elif role == "completion":
        v["completion"], v["completion_basis"] = _num(q), cue
    elif role in ("change_amt", "change_pct", "flat"):
        _fill_change(d, role, cue, q, before)


def _fill_change(d: _Draft, role: str, cue, q: Quantity | None, before: str) -> None:
    v = d.values
    if role == "flat":
        v["direction"] = "flat"
        v["compared_with"] = "budget" if cue == "预算" else "prior_year"
        return
    v["change" if role == "change_amt" else "change_pct"] = _num(q)
    if v.get("direction") is None:
        v["direction"] = "increase" if cue in _UP else "decrease"
    basis = _CMP_RE.findall(before)
    if basis:
        v["compared_with"] = "budget" if "预算" in basis[-1] else "prior_year"
    elif v.get("compared_with") is None:
        v["compared_with"] = "prior_year"


# ---------------------------------------------------------------- document parts


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _is_heading(block: Heading | Paragraph) -> bool:
    flat = _flat(block.text)
    return (
        isinstance(block, Heading)
        and len(flat) <= 40
        and "万元" not in flat
        and "%" not in flat
    )


def _narrative_blocks(doc: Document) -> list[Heading | Paragraph]:
    """Blocks of the 情况说明 part: the 第三部分 span with the most text (the table of contents has little)."""
    blocks = [b for b in doc.blocks() if not isinstance(b, Table)]
    starts = [
        i
        for i, b in enumerate(blocks)
        if _PART_RE.match(_flat(b.text))
        and "说明" in _flat(b.text) + _next_text(blocks, i)
    ]
    if not starts:
        starts = [
            i
            for i, b in enumerate(blocks)
            if "收入支出决算总体情况" in _flat(b.text) and len(_flat(b.text)) < 30
        ]
    best: list[Heading | Paragraph] = []
    for i in starts:
        j = next(
            (
                k
                for k in range(i + 1, len(blocks))
                if _END_RE.match(_flat(blocks[k].text))
            ),
            len(blocks),
        )
        span = blocks[i:j]
        if sum(len(b.text) for b in span if isinstance(b, Paragraph)) > sum(
            len(b.text) for b in best if isinstance(b, Paragraph)
        ):
            best = span
    return best


def _next_text(blocks: list, i: int) -> str:
    return _flat(blocks[i + 1].text) if i + 1 < len(blocks) else ""


def _texts(doc: Document) -> list[tuple[int | None, str]]:
    out: list[tuple[int | None, str]] = []
    for b in doc.blocks():
        if isinstance(b, Table):
            out.extend((b.pages[-1] if b.pages else b.page, n) for n in b.notes)
        else:
            out.append((b.page, b.text))
    return out


def extract_narrative(
    doc: Document,
) -> tuple[list[Claim], list[Section], list[tuple[int | None, str]]]:
    """Claims, sections and texts of a document.

    Returns:
        claims: every statement of the 情况说明 that carries an amount, share, change, completion
            rate, budget/final pair or count, unlinked (see `link_claims`);
        sections: every heading of the 情况说明 (and numbered titles opening a paragraph) with its text;
        texts: every heading, paragraph and table note of the whole document as (page, text).
    """
    reader = _Reader()
    for block in _narrative_blocks(doc):
        if _is_heading(block):
            reader.heading(block.text, block.page)
        else:
            para = (
                block
                if isinstance(block, Paragraph)
                else Paragraph(
                    page=block.page, text=block.text, norm=block.norm, bbox=block.bbox
                )
            )
            reader.paragraph(para)
    sections = [
        Section(
            heading=s["heading"],
            page=s["page"],
            level=s["level"],
            text="\n".join(t for t in s["text"] if t),
        )
        for s in reader.sections
    ]
    return [d.claim() for d in reader.drafts], sections, _texts(doc)


# ---------------------------------------------------------------- linking

_T03_COLUMNS = (
    "对附属单位补助支出",
    "上缴上级支出",
    "基本支出",
    "项目支出",
    "经营支出",
)
_T01_INCOME = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "附属单位上缴收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "其他收入",
)
_T07 = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "cars": "公务用车购置及运行维护费/小计",
    "buy": "公务用车购置及运行维护费/公务用车购置费",
    "run": "公务用车购置及运行维护费/公务用车运行维护费",
    "recv": "公务接待费",
}
_PATH_RE = re.compile(r"^(.+?)\(类\)(.+?)\(款\)(.+?)\(项\)$")
_CLASS_RE = re.compile(r"^(.+?)\(类\)$")

Cand = tuple[str, str, str, str | None]
"""(table, line key, column, side)."""


def _key(subject: str) -> str:
    """Matching form of a subject: NFKC, no spaces or quotes, 收、支 spelled out, trailing 决算数 dropped."""
    s = re.sub(r"[\s“”\"'‘’「」]", "", normalize(subject))
    s = (
        s.replace("收、支", "收入支出")
        .replace("收入、支出", "收入支出")
        .replace("收支", "收入支出")
    )
    return re.sub(r"(?:决算数?|决算数额)$", "", s)


def _chapter(claim: Claim) -> str | None:
    h = _flat(claim.chapter or claim.section or "")
    for words, name in (
        (("三公",), "sangong"),
        (("政府性基金",), "gov_fund"),
        (("国有资本经营",), "soe"),
        (("基本支出",), "basic"),
        (("一般公共预算财政拨款支出",), "general"),
        (("财政拨款收入支出决算总体",), "fiscal"),
        (("收入支出决算总体",), "overall"),
        (("收入决算",), "income"),
        (("支出决算",), "spending"),
        (("其他重要事项",), "other"),
        (("绩效",), "perf"),
    ):
        if all(w in h for w in words):
            return name
    return None


def _scope(s: str, chapter: str | None) -> str:
    for word, scope in (
        ("一般公共预算", "general"),
        ("政府性基金", "gov_fund"),
        ("国有资本经营", "soe"),
        ("机关运行经费", "general"),
    ):
        if word in s:
            return scope
    if chapter in ("general", "basic"):
        return "general"
    if chapter in ("gov_fund", "soe"):
        return chapter
    if "财政拨款" in s or chapter in ("fiscal", "sangong"):
        return "fiscal"
    return "all"


def _totals(s: str) -> list[Cand]:
    fiscal = "财政拨款" in s
    if "总计" in s and ("收入支出" in s or s.endswith("总计")):
        return (
            [("T04", "总计", "收入/决算数", "收入")]
            if fiscal
            else [("T01", "总计", "收入/决算数", "收入")]
        )
    if s.endswith("本年收入合计"):
        if fiscal:
            return [("T04", "本年收入合计", "收入/决算数", "收入")]
        return [
            ("T01", "本年收入合计", "收入/决算数", "收入"),
            ("T02", "合计", "本年收入合计", None),
        ]
    if s.endswith("本年支出合计"):
        if fiscal:
            return [("T04", "本年支出合计", "支出/合计", "支出")]
        return [
            ("T03", "合计", "本年支出合计", None),
            ("T01", "本年支出合计", "支出/决算数", "支出"),
        ]
    if s.endswith("年初结转和结余"):
        return (
            [("T04", "年初财政拨款结转和结余", "收入/决算数", "收入")]
            if fiscal
            else [("T01", "年初结转和结余", "收入/决算数", "收入")]
        )
    if s.endswith("年末结转和结余"):
        return (
            [("T04", "年末财政拨款结转和结余", "支出/合计", "支出")]
            if fiscal
            else [("T01", "年末结转和结余", "支出/决算数", "支出")]
        )
    if s.endswith("使用非财政拨款结余"):
        return [("T01", "使用非财政拨款结余", "收入/决算数", "收入")]
    if s.endswith("结余分配"):
        return [("T01", "结余分配", "支出/决算数", "支出")]
    return []


def _income(s: str) -> list[Cand]:
    for name in _T01_INCOME:
        if s.endswith(name):
            return [("T01", name, "收入/决算数", "收入")]
    if s.endswith("财政拨款收入"):
        return [
            ("T02", "合计", "财政拨款收入", None),
            ("T04", "本年收入合计", "收入/决算数", "收入"),
        ]
    return []


def _sangong(s: str, column_group: str) -> list[Cand]:
    # 国内/外宾/外事 接待 are parts of the 公务接待费 column, never the column itself.
    if any(w in s for w in ("国内", "外事", "外宾", "境外", "国外", "(境)外")):
        return []
    if "三公" in s:
        item = "total"
    elif "出国" in s:
        item = "abroad"
    elif "购置及运行" in s or ("购置" in s and "运行" in s):
        item = "cars"
    elif "购置" in s:
        item = "buy"
    elif "运行" in s:
        item = "run"
    elif "接待" in s:
        item = "recv"
    else:
        return []
    return [("T07", "合计", f"{column_group}/{_T07[item]}", None)]


def _fund(table: str, s: str) -> list[Cand]:
    spend = (
        [("T09", "合计", "本年支出/合计", None), ("T09", "合计", "合计", None)]
        if table == "T09"
        else [(table, "合计", "本年支出/合计", None)]
    )
    for word in ("年初结转和结余", "年末结转和结余", "本年收入"):
        if s.endswith(word):
            return [(table, "合计", word, None)]
    if s.endswith("支出"):
        return spend
    return []


def _candidates(s: str, chapter: str | None) -> list[Cand]:
    if chapter in ("gov_fund", "soe"):
        return _fund("T08" if chapter == "gov_fund" else "T09", s)
    if out := _totals(s):
        return out
    if chapter == "sangong":
        return _sangong(s, "决算数")
    if chapter in ("income", "overall", "fiscal", None) and (out := _income(s)):
        return out
    if chapter == "spending":
        return [("T03", "合计", col, None) for col in _T03_COLUMNS if s.endswith(col)][
            :1
        ]
    if chapter == "basic":
        if s.endswith("人员经费"):
            return [("T06", "人员经费合计", "决算数", None)]
        if s.endswith("公用经费"):
            return [("T06", "公用经费合计", "决算数", None)]
    if chapter in ("general", "basic"):
        for col in ("基本支出", "项目支出"):
            if s.endswith("一般公共预算财政拨款" + col):
                return [("T05", "合计", col, None)]
        if s.endswith("一般公共预算财政拨款支出"):
            return [("T05", "合计", "合计", None)]
    return []


def _name(text: str | None) -> str:
    return re.sub(r"\s+", "", normalize(text or "")).removesuffix("支出")


def _coded_line(stmt: Statement, s: str) -> str | None:
    """Key of the 类 or 项 line a subject names ('X（类）支出', 'X支出（类）Y（款）Z（项）'); None unless unique."""
    coded = [ln for ln in stmt.lines if ln.code]
    if m := _PATH_RE.match(s):
        names = [_name(g) for g in m.groups()]
        parents: list[str] = [""]
        for level, name in zip((3, 5, 7), names, strict=True):
            hits = [
                ln.code
                for ln in coded
                if len(ln.code) == level
                and _name(ln.name) == name
                and any(ln.code.startswith(p) for p in parents)
            ]
            if not hits and level < 7:
                continue  # a table printing only 项 rows still names the item uniquely
            parents = hits
        return parents[0] if len(parents) == 1 and len(parents[0]) == 7 else None
    if m := _CLASS_RE.match(s.replace("(类)支出", "(类)")):
        hits = [
            ln.code
            for ln in coded
            if len(ln.code) == 3 and _name(ln.name) == _name(m.group(1))
        ]
        return hits[0] if len(hits) == 1 else None
    return None


def _exists(st: dict[str, Statement], cand: Cand) -> bool:
    table, line, column, side = cand
    stmt = st.get(table)
    if stmt is None or stmt.line(line, side) is None:
        return False
    return not stmt.columns or column in stmt.columns


def _first(st: dict[str, Statement], cands: list[Cand], scope: str) -> Ref | None:
    for cand in cands:
        if _exists(st, cand):
            table, line, column, side = cand
            return Ref(table=table, line=line, column=column, side=side, scope=scope)  # type: ignore[arg-type]
    return None


def _coded_cands(st: dict[str, Statement], s: str, chapter: str | None) -> list[Cand]:
    table, column = _coded_table(st, chapter)
    if table is None or column is None:
        return []
    key = _coded_line(st[table], s)
    return [(table, key, column, None)] if key else []


def _coded_table(
    st: dict[str, Statement], chapter: str | None
) -> tuple[str | None, str | None]:
    """The coded table and column a chapter's 类/项 figures restate (公开05表 合计, 公开08表 本年支出)."""
    table, column = {
        "general": ("T05", "合计"),
        "gov_fund": ("T08", "本年支出/合计"),
    }.get(chapter or "", (None, None))
    if table is None or table not in st:
        return None, None
    return table, column


def _amount_line(
    stmt: Statement, s: str, column: str, stated: Num | None
) -> str | None:
    """Key of the 项 a 'X（类）Y（款）Z（项）' subject means when its 项 name matches no line.

    The 类 must match by name; the search stays inside the written 款 when exactly one 款 of that
    类 bears its name, else it covers the whole 类. Exactly one 项 line there must print `column`
    equal to the stated 决算数 (Decimal equality, no rounding tolerance; a zero names nothing);
    two lines with that amount, or none, leave the claim unlinked.
    """
    m = _PATH_RE.match(s)
    if m is None or stated is None or stated.value == 0:
        return None
    cls, kuan, _ = (_name(g) for g in m.groups())
    coded = [ln for ln in stmt.lines if ln.code]
    classes = [ln.code for ln in coded if len(ln.code) == 3 and _name(ln.name) == cls]
    if len(classes) != 1:
        return None
    parent = classes[0]
    kuans = [
        ln.code
        for ln in coded
        if len(ln.code) == 5 and ln.code.startswith(parent) and _name(ln.name) == kuan
    ]
    if len(kuans) == 1:
        parent = kuans[0]
    hits = [
        ln.code
        for ln in coded
        if len(ln.code) == 7
        and ln.code.startswith(parent)
        and (cell := ln.values.get(column)) is not None
        and cell.value == stated.value
    ]
    return hits[0] if len(hits) == 1 else None


def _wholes(claim: Claim, chapter: str | None, ref: Ref | None) -> list[Cand]:
    whole = _key(claim.share_of_text or "")
    if whole:
        if "三公" in whole:
            return _sangong(whole, "决算数")
        return _totals(whole) or (
            _candidates(whole, "general") if "一般公共预算" in whole else []
        )
    if chapter == "income":
        return _totals("本年收入合计")
    if chapter == "spending":
        return _totals("本年支出合计")
    if chapter == "general" and ref is not None and ref.table == "T05":
        return [("T05", "合计", "合计", None)]
    if chapter == "sangong":
        return _sangong("三公", "决算数")
    return []


def _link(claim: Claim, st: dict[str, Statement]) -> Claim:
    s = _key(claim.subject)
    chapter = _chapter(claim)
    scope = _scope(s, chapter)
    ref = None
    if claim.count is None and s:
        ref = _first(st, _candidates(s, chapter) or _coded_cands(st, s, chapter), scope)
    share_of = (
        _first(st, _wholes(claim, chapter, ref), scope)
        if claim.share is not None
        else None
    )
    return claim.model_copy(
        update={
            "scope": scope,
            "ref": ref,
            "share_of": share_of,
            "linked_by": "name" if ref is not None else None,
        }
    )


def _link_by_amount(
    claim: Claim, st: dict[str, Statement], named: set[tuple[str, str]]
) -> Claim:
    """An unlinked 项 claim placed by its 类/款 and stated 决算数 (see `_amount_line`).

    A line some other claim already names is not taken: the two claims would then be about one 项.
    """
    if claim.ref is not None or claim.count is not None:
        return claim
    s = _key(claim.subject)
    chapter = _chapter(claim)
    table, column = _coded_table(st, chapter)
    if table is None or column is None:
        return claim
    stated = claim.amount if claim.amount is not None else claim.final
    key = _amount_line(st[table], s, column, stated)
    if key is None or (table, key) in named:
        return claim
    ref = _first(st, [(table, key, column, None)], claim.scope)
    if ref is None:
        return claim
    share_of = (
        _first(st, _wholes(claim, chapter, ref), claim.scope)
        if claim.share is not None
        else None
    )
    return claim.model_copy(
        update={"ref": ref, "share_of": share_of, "linked_by": "amount"}
    )


def link_claims(claims: list[Claim], statements: dict[str, Statement]) -> list[Claim]:
    """Fill each claim's `scope`, `ref` (the cell its amount restates), `share_of` and `linked_by`.

    A claim is linked only when its subject and section name one table quantity that the statements
    hold; everything else keeps ref=None (a wrong link would turn into a false error). The one
    exception is a 项 paragraph whose 项 name differs from the table's 科目名称: it is linked by
    amount (`linked_by='amount'`) when its 类 (or 款) holds exactly one 项 printing the stated
    决算数 — enough to know which 项 is discussed, never proof that the figure or name is right.
    """
    linked = [_link(c, statements) for c in claims]
    named = {(c.ref.table, c.ref.line) for c in linked if c.ref is not None}
    return [_link_by_amount(c, statements, named) for c in linked]
