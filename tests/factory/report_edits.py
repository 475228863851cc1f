"""Edits of a built Report that plant the errors a reviewer should find: a table cell, a phrase of the text.

Only what is printed changes; `Report.claims` and `Report.prior` keep describing the consistent report.
"""

from __future__ import annotations

from .model import Report


def with_cell(report: Report, number: str, row_label: str, column: str, value: str) -> Report:
    """The report with the amount at (row label, column label) of table `number` printed as `value`."""
    table = report.table(number)
    col = [c.label for c in table.columns].index(column)
    group = table.columns[col].group
    hits = [r for r in table.rows if table.row_label(r, group) == row_label]
    if len(hits) != 1:
        raise KeyError(f"{number}: {len(hits)} rows labelled {row_label!r}")
    rows = [
        r.model_copy(update={"cells": [value if i == col else x for i, x in enumerate(r.cells)]})
        if r is hits[0]
        else r
        for r in table.rows
    ]
    tables = [t.model_copy(update={"rows": rows}) if t.number == number else t for t in report.tables]
    return report.model_copy(update={"tables": tables})


def with_text(report: Report, old: str, new: str) -> Report:
    """The report with `old`, which must occur exactly once in the 情况说明, replaced by `new`."""
    found = sum(p.count(old) for sec in report.narrative for p in sec.paragraphs)
    if found != 1:
        raise ValueError(f"{found} occurrences of {old!r} in the 情况说明")
    narrative = [
        sec.model_copy(update={"paragraphs": [p.replace(old, new) for p in sec.paragraphs]})
        for sec in report.narrative
    ]
    return report.model_copy(update={"narrative": narrative})
