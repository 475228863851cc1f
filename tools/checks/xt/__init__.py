"""XT: cross-table consistency — the same quantity printed in two tables agrees."""

from tools.checks.xt import xt001, xt002, xt003, xt004, xt005, xt006, xt007, xt008

RULES = (
    xt001.check,
    xt002.check,
    xt003.check,
    xt004.check,
    xt005.check,
    xt006.check,
    xt007.check,
    xt008.check,
)
