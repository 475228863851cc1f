"""Text normalisation for matching: NFKC, CJK radicals, spurious spaces between CJK and digits."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# NOTE: NFKC maps the Kangxi radicals block (U+2F00–U+2FD5) but not the CJK Radicals
# Supplement, which some exporters also emit for common characters.
_RADICAL_SUPPLEMENT = str.maketrans(
    {
        "\u2e8b": "㔾",
        "\u2ea0": "民",
        "\u2ea7": "牛",
        "\u2eab": "目",
        "\u2eb6": "羊",
        "\u2ebc": "肉",
        "\u2ec5": "见",
        "\u2ec6": "角",
        "\u2eca": "足",
        "\u2ecb": "车",
        "\u2ed3": "长",
        "\u2ed4": "门",
        "\u2ed7": "雨",
        "\u2ed8": "青",
        "\u2edb": "风",
        "\u2edc": "飞",
        "\u2edd": "食",
        "\u2ee2": "马",
        "\u2ee5": "鱼",
        "\u2ee9": "黄",
        "\u2eea": "黾",
        "\u2ef2": "龟",
        "\u2ef3": "龟",
        "\u2ec4": "西",
        "\u2ecf": "阝",
        "\u2ed5": "阜",
    }
)

_CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
# A space is spurious when either neighbour is a CJK character or CJK punctuation:
# PDF exporters insert them between runs in different fonts ("2024 年", "完成 12.5 %").
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \t]+(?=%)")
_MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]")


def normalize(text: str) -> str:
    """Return the matching form of `text`; quoting always uses the raw form."""
    s = _CONTROL.sub("", text)
    s = unicodedata.normalize("NFKC", s).translate(_RADICAL_SUPPLEMENT)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _SPACE_NEAR_CJK.sub("", s)
    s = _SPACE_BEFORE_PERCENT.sub("", s)
    s = _MULTI_SPACE.sub(" ", s)
    return s.strip()


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(re.match(rf"[{_CJK}]", ch))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no separator between CJK text, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not is_cjk(out[-1]) and not is_cjk(line[0]) and out[-1].isalnum() and line[0].isalnum():
            out += " "
        out += line
    return out


def strip_phrases(text: str, subjects: Iterable[str], stock: Iterable[str], generic: Iterable[str]) -> str:
    """What a sentence says beyond its own subject, stock phrases and generic words.

    Subjects (of two characters or more) and stock phrases go longest first, so a long phrase is not
    broken by removing a shorter one inside it; generic words go in the order given.
    """
    for part in sorted({p for p in subjects if len(p) >= 2}, key=len, reverse=True):
        text = text.replace(part, "")
    for phrase in sorted({p for p in stock if p}, key=len, reverse=True):
        text = text.replace(phrase, "")
    for word in generic:
        text = text.replace(word, "")
    return text
