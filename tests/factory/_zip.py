"""Rewrite an OOXML zip with fixed member timestamps so equal content gives equal bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FIXED = (1980, 1, 1, 0, 0, 0)


def write_stable(raw: bytes, path: Path) -> Path:
    # python-docx and openpyxl stamp every member with the wall clock; keep order and content.
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return path
