"""OUT_DIR/summary.xlsx, rebuilt from the manifest records: one row per report, and the failures.

Every text cell is written as text: a value starting with = + - @ (a file name, a unit read from a
hostile document) gets Excel's quote prefix and is never stored as a formula.
"""

from __future__ import annotations

import os
from pathlib import Path

SUMMARY = "summary.xlsx"
STATUS = {"ok": "已审核", "failed": "失败"}
COLUMNS = [
    ("文件", 40),
    ("单位", 28),
    ("年度", 8),
    ("文档类型", 22),
    ("页数", 7),
    ("错误", 7),
    ("警告", 7),
    ("提示", 7),
    ("主要问题", 70),
    ("报告", 30),
    ("状态", 9),
    ("错误信息", 50),
]
FAILURE_COLUMNS = [("文件", 50), ("错误信息", 80), ("时间", 22)]


def _put(ws, row: int, col: int, value):
    from tools.outputs.xlsx import put_value

    cell = ws.cell(row=row, column=col)
    put_value(cell, value)
    return cell


def _header(ws, columns: list[tuple[str, int]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for i, (name, width) in enumerate(columns, 1):
        cell = _put(ws, 1, i, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def write_summary(path: Path, records: list[dict]) -> Path:
    """Write the workbook atomically; `records` are the manifest's latest records, in any order."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from tools.render import KIND_LABELS

    rows = sorted(records, key=lambda r: r["path"])
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    _header(ws, COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, rec in enumerate(rows, 2):
        ok = rec.get("status") == "ok"
        counts = rec.get("counts") or {}
        values = [
            rec.get("display") or rec["path"],
            rec.get("unit") if ok else None,
            rec.get("year") if ok else None,
            KIND_LABELS.get(rec.get("kind") or "", rec.get("kind")) if ok else None,
            rec.get("pages") if ok else None,
            counts.get("error") if ok else None,
            counts.get("warning") if ok else None,
            counts.get("info") if ok else None,
            "\n".join(rec.get("issues") or []) or None,
            None,
            STATUS.get(rec.get("status"), rec.get("status")),
            rec.get("error"),
        ]
        for col, value in enumerate(values, 1):
            cell = _put(ws, n, col, value)
            cell.alignment = wrap
        md = next((o for o in rec.get("outputs") or [] if o.endswith(".md")), None)
        if ok and md:
            cell = _put(ws, n, 10, Path(md).name)
            cell.hyperlink = md  # relative to the workbook: reports/<stem>-<sha8>.md
            cell.font = Font(color="0563C1", underline="single")
            cell.alignment = wrap
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"

    fails = wb.create_sheet("失败")
    _header(fails, FAILURE_COLUMNS)
    bad = [r for r in rows if r.get("status") != "ok"]
    for n, rec in enumerate(bad, 2):
        for col, value in enumerate([rec.get("display") or rec["path"], rec.get("error"), rec.get("finished")], 1):
            _put(fails, n, col, value).alignment = wrap
    fails.auto_filter.ref = f"A1:C{max(1, len(bad) + 1)}"

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
