"""TBL: arithmetic inside one table."""

from tools.checks.tbl import (
    tbl001,
    tbl002,
    tbl003,
    tbl004,
    tbl005,
    tbl006,
    tbl007,
    tbl008,
    tbl009,
    tbl010,
)

RULES = (
    tbl001.check,
    tbl002.check,
    tbl003.check,
    tbl004.check,
    tbl005.check,
    tbl006.check,
    tbl007.check,
    tbl008.check,
    tbl009.check,
    tbl010.check,
)
