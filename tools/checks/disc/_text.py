"""Helpers shared by the DISC rules: find the narrative about a topic, cut the sentence around a hit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tools.accounts.model import FinalAccounts
from tools.findings import Finding, Location

_SENTENCE_END = "。；;！？!?\n"


@dataclass(frozen=True)
class Passage:
    """Narrative text about one topic: a section (heading + body) or a single paragraph."""

    page: int | None
    heading: str | None
    text: str

    def location(self, sentence: str | None = None) -> Location:
        return Location(page=self.page, section=self.heading, sentence=sentence)


def compact(text: str) -> str:
    """Text without whitespace (PDF text layers put spaces around numbers: '2024 年度')."""
    return re.sub(r"\s+", "", text)


def has_narrative(accounts: FinalAccounts) -> bool:
    return bool(accounts.sections or accounts.texts)


_ORDINAL = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)


def heading_like(text: str) -> bool:
    """A short line that reads as a heading: an ordinal heading, or short text without a full stop."""
    t = compact(text)
    if not t or len(t) > 40:
        return False
    return bool(_ORDINAL.match(t)) or "。" not in t


def toc_pages(accounts: FinalAccounts) -> set[int | None]:
    """Pages that carry a 目录 (none when the text has no page breaks: everything is 'page 1')."""
    if len({p for p, _ in accounts.texts}) <= 1:
        return set()
    return {p for p, t in accounts.texts if compact(t) in ("目录", "目錄")}


def passages(
    accounts: FinalAccounts, keywords: list[str] | tuple[str, ...]
) -> list[Passage]:
    """The narrative about a topic, as one passage when its headings can be found.

    From every heading that names the topic, the text runs on (sub-headings included) up to the
    next ordinal heading that does not ('八、政府性基金…' ends the 三公 part); table-of-contents
    entries collect nothing. Failing that: the sections whose heading names the topic; failing that,
    each paragraph that mentions it with the paragraphs that follow.
    """
    texts = accounts.texts
    parts: list[str] = []
    first: tuple[int | None, str] | None = None
    i = 0
    while i < len(texts):
        page, text = texts[i]
        if not (heading_like(text) and any(k in compact(text) for k in keywords)):
            i += 1
            continue
        body: list[str] = []
        j = i + 1
        while j < len(texts):
            t = texts[j][1]
            if (
                heading_like(t)
                and _ORDINAL.match(compact(t))
                and not any(k in compact(t) for k in keywords)
            ):
                break
            body.append(t)
            j += 1
        if any(not heading_like(t) for t in body):
            if first is None:
                first = (page, compact(text))
            parts.append(text)
            parts.extend(body)
        i = j
    if first is not None:
        return [Passage(first[0], first[1], "\n".join(parts))]
    out = [
        Passage(s.page, s.heading, s.text)
        for s in accounts.sections
        if any(k in compact(s.heading) for k in keywords)
    ]
    if out:
        return [Passage(out[0].page, out[0].heading, "\n".join(p.text for p in out))]
    # No heading names the topic: each paragraph that mentions it, with the paragraphs that follow
    # up to the next heading-like line (the topic often runs over several paragraphs).
    i = 0
    while i < len(texts):
        page, text = texts[i]
        if not any(k in compact(text) for k in keywords):
            i += 1
            continue
        chunk = [text]
        j = i + 1
        while j < len(texts) and j - i <= _FOLLOW and not heading_like(texts[j][1]):
            chunk.append(texts[j][1])
            j += 1
        out.append(Passage(page, None, "\n".join(chunk)))
        i = j
    return out


_FOLLOW = 5


def sentence_around(text: str, start: int, end: int, limit: int = 80) -> str:
    """The sentence of `text` containing [start, end), trimmed to about `limit` characters."""
    lo = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    his = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    sentence = text[lo:hi].strip()
    if len(sentence) > limit:
        a = max(0, start - lo - limit // 2)
        sentence = ("…" if a > 0 else "") + sentence[a : a + limit] + "…"
    return sentence


def first_sentence(text: str, limit: int = 80) -> str:
    return sentence_around(text, 0, 0, limit)


def missing_elements(
    code: str, topic: str, passage: Passage, missing: list[str]
) -> Iterator[Finding]:
    """One warning naming every element the passage on `topic` leaves out (nothing when none is missing)."""
    if not missing:
        return
    sentence = first_sentence(compact(passage.text))
    yield Finding(
        rule=code,
        severity="warning",
        message=f"{topic}情况说明未说明{'、'.join(missing)}。",
        location=passage.location(sentence),
        expected="、".join(missing),
        actual="未说明",
        evidence=[sentence],
    )
