"""Page images of an uploaded PDF, for showing a finding where it stands on the page."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

from pydantic import BaseModel

SCALE = 1.5
"""Pixels per PDF point: sharp enough to read a table cell, small enough to load fast."""
KEEP = 64


class PageSize(BaseModel):
    number: int
    width: float
    height: float
    """In PDF points, the unit of finding bboxes."""


class Highlight(BaseModel):
    """A finding's box on its page image, as percentages (the image scales with the window)."""

    left: float
    top: float
    width: float
    height: float

    def style(self) -> str:
        return f"left:{self.left:.3f}%;top:{self.top:.3f}%;width:{self.width:.3f}%;height:{self.height:.3f}%"


def highlight(bbox: tuple[float, float, float, float] | None, size: PageSize | None) -> Highlight | None:
    if bbox is None or size is None or size.width <= 0 or size.height <= 0:
        return None
    x0, top, x1, bottom = bbox
    pad = 2.0  # points around the box, so the border does not cover the digits
    x0, top, x1, bottom = max(x0 - pad, 0), max(top - pad, 0), min(x1 + pad, size.width), min(bottom + pad, size.height)
    return Highlight(
        left=100 * x0 / size.width,
        top=100 * top / size.height,
        width=100 * max(x1 - x0, 1) / size.width,
        height=100 * max(bottom - top, 1) / size.height,
    )


class PageImages:
    """Renders pages of stored PDFs on demand and keeps the recent ones."""

    def __init__(self) -> None:
        self._png: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._sizes: dict[str, list[PageSize]] = {}
        self._lock = threading.Lock()
        self._render_lock = threading.Lock()

    def sizes(self, key: str, content: bytes) -> list[PageSize]:
        with self._lock:
            if key in self._sizes:
                return self._sizes[key]
        import pypdfium2 as pdfium

        with self._render_lock:  # pdfium is not thread-safe
            pdf = pdfium.PdfDocument(content)
            try:
                out = []
                for i in range(len(pdf)):
                    w, h = pdf[i].get_size()
                    out.append(PageSize(number=i + 1, width=round(w, 2), height=round(h, 2)))
            finally:
                pdf.close()
        with self._lock:
            self._sizes[key] = out
        return out

    def png(self, key: str, content: bytes, number: int) -> bytes:
        with self._lock:
            if (key, number) in self._png:
                self._png.move_to_end((key, number))
                return self._png[(key, number)]
        import pypdfium2 as pdfium

        with self._render_lock:
            pdf = pdfium.PdfDocument(content)
            try:
                image = pdf[number - 1].render(scale=SCALE).to_pil()
            finally:
                pdf.close()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        data = buf.getvalue()
        with self._lock:
            self._png[(key, number)] = data
            while len(self._png) > KEEP:
                self._png.popitem(last=False)
        return data
