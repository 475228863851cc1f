"""Where a reviewer finds something: page, table/row/column or section/sentence, bbox."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RelatedLocation(_Contract):
    """The other side of a comparison (a cross-table cell, the narrative sentence)."""

    page: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None
    sentence: str | None = None

    def describe(self) -> str:
        """'第5页 / 一般公共预算财政拨款支出决算表 / 201 一般公共服务支出 / 合计', or '全文'."""
        parts = [f"第{self.page}页"] if self.page else []
        parts += [str(x) for x in (self.table, self.row, self.column, self.section) if x]
        return " / ".join(parts) or "全文"


class Location(RelatedLocation):
    """Where a reviewer finds the problem: page, table/row/column or section/sentence, bbox."""

    bbox: tuple[float, float, float, float] | None = None
