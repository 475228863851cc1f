"""PDF ingestion details: line rebuilding, glyph clean-up, scanned and undecodable pages."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tools.ingest import ingest
from tools.ingest.pdf import _read_page, dedupe_chars
from tools.ingest.pdf_lines import build_lines
from tools.text import normalize

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _char(text: str, x0: float, top: float, size: float = 12.0, font: str = "FangSong") -> dict:
    return {"text": text, "x0": x0, "x1": x0 + size * (0.5 if text.isascii() else 1.0), "top": top,
            "bottom": top + size, "size": size, "fontname": font, "upright": True}


def _sentence(cjk_before: str, digits: str, cjk_after: str, top: float, digit_drop: float) -> list[dict]:
    chars, x = [], 72.0
    for ch in cjk_before:
        chars.append(_char(ch, x, top))
        x += 12
    for ch in digits:
        chars.append(_char(ch, x, top + digit_drop, font="TimesNewRoman"))
        x += 6
    for ch in cjk_after:
        chars.append(_char(ch, x, top))
        x += 12
    return chars


def test_digits_in_a_lower_sitting_font_stay_inside_their_sentence() -> None:
    """Regression: Word exports set digits ~5pt lower; pdfplumber's extract_text moved them to the next line."""
    chars = _sentence("收入支出总计", "2995.39", "万元。", top=183.0, digit_drop=4.9)
    chars += _sentence("与上年相比减少", "56.95", "万元。", top=197.0, digit_drop=4.9)
    lines = build_lines(chars)
    assert [normalize(ln.text) for ln in lines] == ["收入支出总计2995.39万元。", "与上年相比减少56.95万元。"]


def test_fake_bold_doubled_glyphs_are_removed() -> None:
    chars = [_char("合", 72, 100), _char("合", 72.4, 100.2), _char("计", 84, 100), _char("计", 84.3, 100)]
    assert "".join(c["text"] for c in dedupe_chars(chars)) == "合计"
    # the same character printed twice at different places is text, not a duplicate
    assert len(dedupe_chars([_char("谢", 72, 100), _char("谢", 84, 100)])) == 2


def test_normalisation_keeps_raw_for_quoting() -> None:
    assert normalize("2024 年度收入 １,２３４.５６ 万元，增长 １２．５ ％") == "2024年度收入1,234.56万元,增长12.5%"
    assert normalize("\u2f00般公共预算") == "一般公共预算"  # Kangxi radical 一
    assert normalize("\u2ed3期") == "长期"  # CJK radicals supplement


def _scanned_pdf(path: Path) -> Path:
    img = Image.new("RGB", (200, 100), "white")
    img_path = path.with_suffix(".png")
    img.save(img_path)
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, "第一页有文字：收入合计100.00万元。")
    c.showPage()
    c.drawImage(str(img_path), 72, 400, width=400, height=200)
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, "第三页也有文字。")
    c.showPage()
    c.save()
    return path


def test_image_only_page_is_reported_not_skipped(tmp_path: Path) -> None:
    doc = ingest(_scanned_pdf(tmp_path / "scan.pdf"))
    assert [(w.code, w.page, w.message) for w in doc.warnings] == [
        ("ING-001", 2, "第2页无文字层（疑似扫描件），未做文字识别")
    ]
    assert [p.has_text for p in doc.pages] == [True, False, True]
    assert "100.00万元" in doc.pages[0].blocks[0].norm and doc.pages[2].blocks


class _FakePage:
    """Just enough of a pdfplumber page for `_read_page`."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars, self.images, self.width, self.height, self.rotation = chars, [], 595, 842, 0

    def find_tables(self, settings: dict) -> list:
        return []


def test_undecodable_glyphs_are_reported_with_their_page() -> None:
    chars = [_char("(cid:123)", 72 + 12 * i, 100) for i in range(8)] + [_char("表", 200, 100)]
    warnings: list = []
    _read_page(_FakePage(chars), 4, warnings)
    assert [(w.code, w.page) for w in warnings] == [("ING-003", 4)]
    assert "8 个字符无法解码" in warnings[0].message
