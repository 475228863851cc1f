"""One exact parser to Decimal for every number in report cells and sentences: amounts, percents, counts, dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Comparator",
    "DateParts",
    "Quantity",
    "QuantityKind",
    "find_quantities",
    "is_empty_cell",
    "parse_chinese_numeral",
    "parse_value",
]

Comparator = Literal[">=", "<=", ">", "<", "="]
QuantityKind = Literal["amount", "percent", "count", "year", "date", "number"]


class DateParts(BaseModel):
    """A calendar date as printed; any part the text leaves out is None."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    year: int | None = None
    month: int | None = None
    day: int | None = None


class Quantity(BaseModel):
    """One number found in a cell or a sentence, with its exact value, unit and displayed precision."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    raw: str
    """The exact substring of the input that was parsed (comparator and unit included)."""
    start: int
    """Start of `raw` in the input string."""
    end: int
    """End (exclusive) of `raw` in the input string."""
    value: Decimal | None
    """Exact value as printed (percent 12.5 for '12.5%'; unit scale not applied); None only for dates."""
    decimals: int
    """Digits printed after the decimal point; the printed value stands for v ± ½·10^-decimals."""
    unit: str | None
    """Unit as printed, normalised to half-width ('万元', '%', '人次', '元/件'); None when absent."""
    kind: QuantityKind
    comparator: Comparator | None = None
    """Bound stated with the number: '≥90%', '6件以上', '12月31日前' (approximate '余/多' reads as '>')."""
    date: DateParts | None = None
    """Calendar parts for kinds 'date' and 'year'."""
    negative_parens: bool = False
    """True when the value is an accounting negative written in parentheses, '（6.11）'."""

    @property
    def tolerance(self) -> Decimal:
        """Half a unit in the last printed digit: the rounding a reader must allow for."""
        return Decimal(5).scaleb(-(self.decimals + 1))


# NOTE: every replacement is one character for one character, so spans found in the
# folded text are spans in the caller's text.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: " ",
        0x00A0: " ",
        0x2010: "-",
        0x2011: "-",
        0x2012: "-",
        0x2013: "-",
        0x2212: "-",
        0xFE6A: "%",
        0xFE64: "<",
        0xFE65: ">",
        0x2266: "≤",
        0x2267: "≥",
        0x2A7D: "≤",
        0x2A7E: "≥",
    }
)

# PDF exporters put spaces between runs in different fonts ('3530.34 万元', '≥ 10 %'); tabs are
# cell boundaries in extracted table rows, so they never join a number to a unit.
_SP = r" *"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
# Atomic so a failed right boundary cannot shorten '12.5G' to '12' or '1,234' to '1'.
_NUM = r"(?>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)"
# A number never continues an identifier ('GB2760', '5G') or another number.
_LEFT = r"(?<![0-9A-Za-z])(?<!\d\.)"
_RIGHT = r"(?![0-9A-Za-z])"

_AMOUNT_UNITS = ("万亿元", "亿元", "千万元", "百万元", "万元", "千元", "元")
_PER_UNITS = ("人次", "人", "件", "次", "天", "日", "台", "辆", "户", "个", "项", "年", "月", "平方米", "吨", "亩", "小时")
_PERCENT_UNITS = ("%", "个百分点", "百分点")
_COUNT_UNITS = (
    "万人次", "人次", "万人", "人", "批次", "万件", "件", "辆", "个工作日", "工作日", "个月", "个", "项", "台",
    "套", "万次", "次", "笔", "万户", "户", "家", "场次", "场", "篇", "条", "名", "所", "座", "处", "份", "期", "分钟",
    "分", "天", "周", "小时", "年", "岁", "万平方米", "平方米", "立方米", "公里", "千米", "米", "万亩", "亩", "万吨",
    "吨",
)  # fmt: skip
# Dimensionless: a multiple, or a bare scale word ('9.00 万' in a 成本指标 is 万元, but could as well be people).
_RATIO_UNITS = ("倍", "万", "亿")
# Characters after a unit that turn it into an ordinary word ('分别', '处理', '条件').
_UNIT_NOT_BEFORE = {
    "分": "别钟之配析类摊解担",
    "处": "理置罚室长级",
    "期": "间末初限内",
    "名": "单称额义",
    "条": "件例款",
    "场": "所地景",
    "台": "账阶",
    "家": "庭属长",
    "人": "民员",
    "次": "年日序",
    "件": "数",
}


def _alternation(words: tuple[str, ...]) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        stop = _UNIT_NOT_BEFORE.get(w)
        parts.append(re.escape(w) + (f"(?![{stop}])" if stop else ""))
    return "|".join(parts)


_UNIT = (
    rf"(?:{_alternation(_AMOUNT_UNITS)})(?:{_SP}/{_SP}(?:{_alternation(_PER_UNITS)}))?"
    rf"|{_alternation(_PERCENT_UNITS + _COUNT_UNITS + _RATIO_UNITS)}"
)

_PREFIX_COMPARATORS: dict[str, Comparator] = {
    "≥": ">=", ">=": ">=", "大于或等于": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "至少": ">=", "不早于": ">=",
    "≤": "<=", "<=": "<=", "小于或等于": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=", "不大于": "<=",
    "不多于": "<=", "至多": "<=", "最多": "<=", "不晚于": "<=",
    ">": ">", "大于": ">", "高于": ">", "超过": ">", "多于": ">", "晚于": ">",
    "<": "<", "小于": "<", "低于": "<", "少于": "<", "不足": "<", "早于": "<",
    "=": "=",
}  # fmt: skip
_NUMBER_SUFFIX_COMPARATORS: dict[str, Comparator] = {
    "及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "之内": "<=",
}  # fmt: skip
# '2020年前三季度' means the first three quarters, not 'before 2020': a bare 前 needs a real date.
_DATE_SUFFIX_COMPARATORS: dict[str, Comparator] = {
    "之前": "<=", "以前": "<=", "之后": ">=", "以后": ">=", "前": "<=", "后": ">=",
}  # fmt: skip
_YEAR_SUFFIX_COMPARATORS = {k: v for k, v in _DATE_SUFFIX_COMPARATORS.items() if len(k) == 2}

_PREFIX_RE = re.compile(rf"(?:{_alternation(tuple(_PREFIX_COMPARATORS))}){_SP}")
_NUMBER_SUFFIX_RE = re.compile(rf"{_SP}(?:\(含\))?({_alternation(tuple(_NUMBER_SUFFIX_COMPARATORS))})")
_DATE_SUFFIX_RE = re.compile(rf"{_SP}[底末]?({_alternation(tuple(_DATE_SUFFIX_COMPARATORS))})(?![一二三四五六七八九十两几\d续])")
_YEAR_SUFFIX_RE = re.compile(rf"{_SP}({_alternation(tuple(_YEAR_SUFFIX_COMPARATORS))})")

_DATE_CN_RE = re.compile(rf"{_LEFT}(?P<y>{_YEAR}){_SP}年{_SP}(?P<m>{_MONTH}){_SP}月(?:{_SP}(?P<d>{_DAY}){_SP}[日号]|份)?")
_DATE_NUM_RE = re.compile(rf"{_LEFT}(?P<y>{_YEAR})(?P<sep>[-./])(?P<m>{_MONTH})(?P=sep)(?P<d>{_DAY}){_RIGHT}(?!\.\d)")
# '2020.4月' is April 2020; in prose a bare '2020.4' with no unit is one too, but never in a cell.
_DATE_YM_RE = re.compile(
    rf"{_LEFT}(?P<y>{_YEAR})[./](?P<m>{_MONTH})(?:{_SP}月份?|(?P<bare>){_RIGHT}(?![.%]|{_SP}(?:{_UNIT})))"
)
_DATE_MD_RE = re.compile(rf"{_LEFT}(?P<m>{_MONTH}){_SP}月(?:{_SP}(?P<d>{_DAY}){_SP}[日号]|份)?")
# A year is a 4-digit number followed by 年, or one of a list/range that ends in 年 ('2019-2020年').
_YEAR_RE = re.compile(rf"{_LEFT}(?P<y>{_YEAR})(?:{_SP}年度?|(?=(?:{_SP}[-~至到、,和及与]{_SP}{_YEAR})+{_SP}年))")
_CN_YEAR_RE = re.compile(r"(?<![〇零一二两三四五六七八九十百千万])(?P<cn>[〇零一二三四五六七八九]{4}) *年度?")
_NUMBER_TAIL = (
    rf"(?:{_SP}(?P<approx>[余多])(?={_SP}(?:{_UNIT})))?"
    rf"(?:{_SP}(?P<unit>{_UNIT})|(?={_SP}[-~至到]{_SP}{_NUM}{_SP}(?P<runit>{_UNIT})))?"
)
# A dash after ')' or '%' is a range dash ('90（含）-100', '80%-100%'), never a minus.
_NUMBER_RE = re.compile(rf"{_LEFT}(?:(?<![)%])(?P<sign>[+-]))?(?P<num>{_NUM}){_RIGHT}{_NUMBER_TAIL}")
_PAREN_NUMBER_RE = re.compile(rf"{_LEFT}\({_SP}(?P<num>{_NUM}){_SP}\){_RIGHT}")

_CN_COUNT_UNITS = ("个百分点", "个月", "个", "辆", "项", "人次", "人", "批次", "件", "家", "次", "台", "套", "名")
# Quotes and 第 mark set phrases and ordinals ('“四个意识”', '第三条'), which are not counts.
_CN_COUNT_RE = re.compile(
    r"(?<![第〇零一二两三四五六七八九十百千万“‘\"'「『《])"
    r"(?P<cn>[一二两三四五六七八九十][〇零一二两三四五六七八九十百千万]*)"
    rf"(?P<approx>[余多])?(?P<unit>{_alternation(_CN_COUNT_UNITS)})(?!性)"
)
# Political and administrative set phrases that read like counts but are names.
_CN_SET_PHRASES = (
    "两个维护", "两个确立", "四个意识", "四个自信", "三个代表", "四个全面", "三个务必", "两个一百年", "两个大局",
    "两个结合", "两个毫不动摇", "八项规定", "三项制度", "三次产业", "四个最严", "两个责任", "三个区分开来",
)  # fmt: skip
# The lone 一/二 before a measure word is mostly idiom ('一次性', '一件事', '二次供水'), so is never read.
_CN_IDIOM_NUMERALS = ("一", "二")
_CN_START = "一二两三四五六七八九十〇零"

# Matched against folded text, where full-width punctuation is already ASCII.
_ENUM_LEAD = set("\n-*•·#>:;,!?)。")
_ENUM_TRAIL = set("、.)")
# Figure, table and attachment numbers are labels ('图1：', '附件4'); 第 makes anything an ordinal.
_LABEL_BEFORE = ("图", "表", "附件", "附表")
# Only these characters can start a quantity; scanning for them keeps long documents fast.
_CANDIDATE_RE = re.compile(
    "[0-9+\\-(≥≤<>=" + _CN_START + "".join(sorted({k[0] for k in _PREFIX_COMPARATORS if len(k) > 1})) + "]"
)

_EMPTY_CELL_RE = re.compile(r"[-—―/\\]*|无")


@dataclass(frozen=True)
class _Hit:
    """A candidate reading at one position, before the caller's context accepts or rejects it."""

    end: int
    value: Decimal | None
    decimals: int
    unit: str | None
    kind: QuantityKind
    comparator: Comparator | None = None
    date: DateParts | None = None
    negative_parens: bool = False
    bare_integer: bool = False
    bare_date: bool = False


def _kind_of(unit: str | None) -> QuantityKind:
    if unit is None or unit in _RATIO_UNITS:
        return "number"
    if "元" in unit:
        return "amount"
    if unit in _PERCENT_UNITS:
        return "percent"
    return "count"


def _decimal(digits: str) -> tuple[Decimal, int]:
    plain = digits.replace(",", "")
    _, _, frac = plain.partition(".")
    return Decimal(plain), len(frac)


def _valid_date(year: int | None, month: int, day: int | None) -> bool:
    if day is None:
        return True
    # NOTE: a leap year stands in for an unknown year so that '2月29日' is accepted.
    return day <= calendar.monthrange(year or 2000, month)[1]


def _date_hit(s: str, m: re.Match[str], *, with_year: bool) -> _Hit | None:
    year = int(m["y"]) if with_year else None
    month = int(m["m"])
    day = int(m["d"]) if "d" in m.re.groupindex and m["d"] else None
    if not _valid_date(year, month, day):
        return None
    end, comparator = m.end(), None
    if suffix := _DATE_SUFFIX_RE.match(s, end):
        end, comparator = suffix.end(), _DATE_SUFFIX_COMPARATORS[suffix[1]]
    bare = "bare" in m.re.groupindex and m["bare"] is not None
    return _Hit(end, None, 0, None, "date", comparator, DateParts(year=year, month=month, day=day), bare_date=bare)


def _year_hit(s: str, end: int, year: int) -> _Hit | None:
    if not 1900 <= year <= 2100:
        return None
    comparator = None
    if suffix := _YEAR_SUFFIX_RE.match(s, end):
        end, comparator = suffix.end(), _YEAR_SUFFIX_COMPARATORS[suffix[1]]
    return _Hit(end, Decimal(year), 0, None, "year", comparator, DateParts(year=year))


def _with_number_suffix(s: str, hit: _Hit) -> _Hit:
    if hit.comparator is None and (suffix := _NUMBER_SUFFIX_RE.match(s, hit.end)):
        return _Hit(suffix.end(), hit.value, hit.decimals, hit.unit, hit.kind, _NUMBER_SUFFIX_COMPARATORS[suffix[1]])
    return hit


def _number_hit(s: str, pos: int) -> _Hit | None:
    m = _NUMBER_RE.match(s, pos)
    if not m:
        return None
    value, decimals = _decimal(m["num"])
    if m["sign"] == "-":
        value = -value
    unit = (m["unit"] or m["runit"] or "").replace(" ", "") or None
    bare = not (m["sign"] or m["unit"] or m["runit"] or decimals or "," in m["num"])
    hit = _Hit(m.end(), value, decimals, unit, _kind_of(unit), ">" if m["approx"] else None, bare_integer=bare)
    return _with_number_suffix(s, hit)


def _paren_number_hit(s: str, pos: int) -> _Hit | None:
    m = _PAREN_NUMBER_RE.match(s, pos)
    if not m:
        return None
    value, decimals = _decimal(m["num"])
    bare = not (decimals or "," in m["num"])
    return _Hit(m.end(), -value, decimals, None, "number", negative_parens=True, bare_integer=bare)


def _cn_count_hit(s: str, pos: int) -> _Hit | None:
    m = _CN_COUNT_RE.match(s, pos)
    if not m or m["cn"] in _CN_IDIOM_NUMERALS or s.startswith(_CN_SET_PHRASES, pos):
        return None
    value = parse_chinese_numeral(m["cn"])
    if value is None:
        return None
    hit = _Hit(m.end(), Decimal(value), 0, m["unit"], _kind_of(m["unit"]), ">" if m["approx"] else None)
    return _with_number_suffix(s, hit)


def _hits_at(s: str, pos: int, *, cell: bool) -> list[_Hit]:
    """Every reading that starts at `pos`, most specific first."""
    hits: list[_Hit | None] = []
    for regex in (_DATE_CN_RE, _DATE_NUM_RE, _DATE_YM_RE):
        if m := regex.match(s, pos):
            hits.append(_date_hit(s, m, with_year=True))
    if m := _DATE_MD_RE.match(s, pos):
        hits.append(_date_hit(s, m, with_year=False))
    if m := _YEAR_RE.match(s, pos):
        hits.append(_year_hit(s, m.end(), int(m["y"])))
    if m := _CN_YEAR_RE.match(s, pos):
        year = parse_chinese_numeral(m["cn"])
        hits.append(_year_hit(s, m.end(), year) if year is not None else None)
    if cell:
        hits.append(_paren_number_hit(s, pos))
    hits.append(_number_hit(s, pos))
    hits.append(_cn_count_hit(s, pos))
    return [h for h in hits if h is not None and not (cell and h.bare_date)]


def _prefixed_hits(s: str, pos: int, *, cell: bool) -> list[tuple[Comparator | None, _Hit]]:
    out: list[tuple[Comparator | None, _Hit]] = []
    if m := _PREFIX_RE.match(s, pos):
        comparator = _PREFIX_COMPARATORS[m.group().rstrip(" ")]
        out += [(comparator, h) for h in _hits_at(s, m.end(), cell=cell)]
    out += [(h.comparator, h) for h in _hits_at(s, pos, cell=cell)]
    return out


def _quantity(text: str, start: int, comparator: Comparator | None, hit: _Hit) -> Quantity:
    return Quantity(
        raw=text[start : hit.end],
        start=start,
        end=hit.end,
        value=hit.value,
        decimals=hit.decimals,
        unit=hit.unit,
        kind=hit.kind,
        comparator=comparator or hit.comparator,
        date=hit.date,
        negative_parens=hit.negative_parens,
    )


def _is_enumerator(s: str, start: int, hit: _Hit, comparator: Comparator | None) -> bool:
    """Ordinals ('第3条'), labels ('图1'), '1、收入' at a line or sentence start and '(2)' are not quantities."""
    i = start
    while i > 0 and s[i - 1] == " ":
        i -= 1
    before = s[i - 1] if i else ""
    if before == "第":
        return True
    if not hit.bare_integer or comparator is not None:
        return False
    if s.endswith(_LABEL_BEFORE, 0, i):
        return True
    j = hit.end
    while j < len(s) and s[j] == " ":
        j += 1
    after = s[j] if j < len(s) else ""
    if before == "(" and after == ")":
        return True
    return hit.end < len(s) and s[hit.end] in _ENUM_TRAIL and (not before or before in _ENUM_LEAD)


def is_empty_cell(text: str | None) -> bool:
    """True for a cell that states "nothing here": blank, '-', '—', '——', '/', '－' or '无'.

    Kept apart from parse_value returning None: an empty cell reports nothing, while other
    text where a number belongs means the value cannot be checked.
    """
    return text is None or _EMPTY_CELL_RE.fullmatch(text.translate(_FOLD).strip()) is not None


def parse_value(text: str | None) -> Quantity | None:
    """Parse a whole table cell.

    Args:
        text: the cell text as printed.

    Returns:
        The one quantity the whole cell states, or None for an empty cell ('-', '—', '/', '无', blank),
        for non-numeric text and for anything that is not exactly one quantity (a range '80-100分',
        a label '（1）'). Parenthesised decimals are accounting negatives; a bare '2024' is a number
        (a value column may print 2024.00 as 2024), while '2024年' is a year.
    """
    if text is None or is_empty_cell(text):
        return None
    s = text.translate(_FOLD)
    start = len(s) - len(s.lstrip())
    end = len(s.rstrip())
    for comparator, hit in _prefixed_hits(s, start, cell=True):
        if hit.end == end and not (hit.negative_parens and hit.bare_integer):
            return _quantity(text, start, comparator, hit)
    return None


def find_quantities(text: str) -> list[Quantity]:
    """Find every quantity in a narrative sentence, in order.

    Args:
        text: raw or normalised sentence text; spans refer to this string.

    Returns:
        Quantities with spans, units, comparators and kinds. Enumerators ('1、', '（2）'), ordinals
        ('第3条'), identifiers ('GB2760') and Chinese numerals outside a counting phrase are skipped.
        Parentheses in prose are asides, never accounting negatives.
    """
    s = text.translate(_FOLD)
    out: list[Quantity] = []
    pos = 0
    while m := _CANDIDATE_RE.search(s, pos):
        start = m.start()
        hits = _prefixed_hits(s, start, cell=False)
        if not hits:
            pos = start + 1
            continue
        comparator, hit = hits[0]
        if not _is_enumerator(s, start, hit, comparator):
            out.append(_quantity(text, start, comparator, hit))
        pos = hit.end
    return out


_CN_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def parse_chinese_numeral(text: str) -> int | None:
    """Read a Chinese numeral: '七' → 7, '十二' → 12, '一百零五' → 105, '两' → 2, '二〇二一' → 2021.

    Args:
        text: the numeral alone, without unit.

    Returns:
        The integer, or None when `text` is not a well-formed numeral.
    """
    s = text.strip()
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_SMALL and ch not in _CN_BIG for ch in s):
        return None
    if all(ch in _CN_DIGITS for ch in s):
        # Digit by digit, as years are written ('二〇二一').
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = section = 0
    digit: int | None = None
    previous = ""
    for ch in s:
        if ch in _CN_DIGITS:
            if _CN_DIGITS[ch] == 0:
                if digit is not None:
                    return None
            elif digit is not None:
                return None
            else:
                digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            if previous in _CN_SMALL:
                return None
            # A leading 十 stands for 一十 ('十二' = 12).
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        else:
            if previous in _CN_BIG or (section == 0 and digit is None and total == 0):
                return None
            if _CN_BIG[ch] == 10**4:
                total += (section + (digit or 0)) * 10**4
            else:
                total = (total + section + (digit or 0)) * 10**8
            section, digit = 0, None
        previous = ch
    return total + section + (digit or 0)
