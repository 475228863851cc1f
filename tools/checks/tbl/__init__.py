"""TBL: arithmetic inside one table."""

from tools.checks.tbl import tbl001

RULES = (tbl001.check,)
