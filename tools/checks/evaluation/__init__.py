"""EVAL: 绩效评价报告 — outline, score-table arithmetic, stated totals and grades, sub-scores, criteria."""

from tools.checks.evaluation import (
    eval001,
    eval002,
    eval003,
    eval004,
    eval005,
    eval006,
    eval007,
    eval008,
    eval009,
)

RULES = (
    eval001.check,
    eval002.check,
    eval003.check,
    eval004.check,
    eval005.check,
    eval006.check,
    eval007.check,
    eval008.check,
    eval009.check,
)
