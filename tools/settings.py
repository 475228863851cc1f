"""Ingestion limits and tolerances as a typed settings model with named defaults."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

MAX_FILE_MB = 50
MAX_PAGES = 500
# A DOCX/XLSX whose members inflate beyond this is treated as a ZIP bomb.
MAX_UNZIPPED_MB = 200
MAX_ZIP_RATIO = 200
MAX_TEXT_CHARS = 5_000_000


class Limits(BaseModel):
    """Limits on what ingestion accepts; each can be overridden by an environment variable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_mb: float = Field(MAX_FILE_MB, gt=0)
    max_pages: int = Field(MAX_PAGES, gt=0)
    max_unzipped_mb: float = Field(MAX_UNZIPPED_MB, gt=0)
    max_zip_ratio: float = Field(MAX_ZIP_RATIO, gt=1)

    @classmethod
    def from_env(cls) -> "Limits":
        """Read FISCAL_REVIEW_MAX_FILE_MB / _MAX_PAGES / _MAX_UNZIPPED_MB / _MAX_ZIP_RATIO."""
        values: dict[str, str] = {}
        for name in cls.model_fields:
            raw = os.environ.get(f"FISCAL_REVIEW_{name.upper()}")
            if raw:
                values[name] = raw
        return cls.model_validate(values)
