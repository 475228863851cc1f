"""Rebuild visual text lines from PDF character positions so numbers stay inside their sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.document import BBox

Char = dict[str, Any]

# Word-exported PDFs often set digits in a Latin font whose glyph box sits several
# points lower than the CJK glyphs of the same line; pdfplumber's fixed y-tolerance
# then starts a new line for them. A char joins a line when its vertical extent
# overlaps the line's reference band by at least this share of the smaller height.
MIN_LINE_OVERLAP = 0.5
# Gap (in units of font size) between two chars on a line that is shown as a space.
SPACE_GAP = 0.3
# Lines are only compared with the most recent few open lines (chars come sorted by top).
LOOKBACK_LINES = 4


@dataclass
class PdfLine:
    """A visual line: its chars left to right and its box."""

    chars: list[Char]
    band: tuple[float, float]
    """Reference vertical band (top, bottom) of the chars that opened the line."""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    text: str = ""
    size: float = 0.0
    fonts: set[str] = field(default_factory=set)
    page: int = 0

    @property
    def bbox(self) -> BBox:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _finish(line: PdfLine) -> PdfLine:
    chars = sorted(line.chars, key=lambda c: (c["x0"], c["top"]))
    parts: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = min(c.get("size") or 10.0, prev.get("size") or 10.0)
            if gap > SPACE_GAP * size and c["text"] != " " and prev["text"] != " ":
                parts.append(" ")
        parts.append(c["text"])
        prev = c
    line.chars = chars
    line.text = "".join(parts).strip()
    line.x0 = min(c["x0"] for c in chars)
    line.x1 = max(c["x1"] for c in chars)
    line.top = min(c["top"] for c in chars)
    line.bottom = max(c["bottom"] for c in chars)
    sizes = sorted(round(c.get("size") or 0.0, 1) for c in chars if c["text"].strip())
    line.size = sizes[len(sizes) // 2] if sizes else 0.0
    line.fonts = {str(c.get("fontname", "")) for c in chars}
    return line


def build_lines(chars: list[Char]) -> list[PdfLine]:
    """Group chars into lines by vertical overlap with each line's reference band, top to bottom."""
    visible = [c for c in chars if c.get("text") and c["bottom"] > c["top"]]
    visible.sort(key=lambda c: (c["top"], c["x0"]))
    lines: list[PdfLine] = []
    for c in visible:
        h = c["bottom"] - c["top"]
        best: PdfLine | None = None
        best_ratio = MIN_LINE_OVERLAP
        for line in lines[-LOOKBACK_LINES:]:
            b0, b1 = line.band
            ratio = _overlap(c["top"], c["bottom"], b0, b1) / max(min(h, b1 - b0), 1e-6)
            if ratio >= best_ratio:
                best, best_ratio = line, ratio
        if best is None:
            lines.append(PdfLine(chars=[c], band=(c["top"], c["bottom"])))
        else:
            best.chars.append(c)
    finished = [_finish(line) for line in lines]
    finished = [line for line in finished if line.text]
    finished.sort(key=lambda ln: (round(ln.top), ln.x0))
    return finished


def split_segments(line: PdfLine, gap_factor: float) -> list[PdfLine]:
    """Split a line where the horizontal gap exceeds `gap_factor` × font size (table columns)."""
    segments: list[list[Char]] = []
    for c in line.chars:
        if c["text"] == " ":
            continue
        if segments:
            prev = segments[-1][-1]
            size = max(c.get("size") or 10.0, prev.get("size") or 10.0)
            if c["x0"] - prev["x1"] > gap_factor * size:
                segments.append([c])
                continue
            segments[-1].append(c)
        else:
            segments.append([c])
    return [_finish(PdfLine(chars=s, band=line.band)) for s in segments]
