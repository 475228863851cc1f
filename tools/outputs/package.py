"""Deterministic Office packages: python-docx and openpyxl stamp the clock into zip entries and core.xml."""

from __future__ import annotations

import io
import re
import zipfile

_EPOCH = (1980, 1, 1, 0, 0, 0)
# created/modified are optional in OPC core properties; dropping them keeps the bytes free of clock time.
_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*?(/>|>[^<]*</dcterms:\1>)")


def deterministic(data: bytes) -> bytes:
    """The same package with fixed entry timestamps and no creation/modification dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _DATES.sub(b"", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()
