"""NAR: the 情况说明 against the tables, and the quality of its explanations."""

from tools.checks.nar import (
    nar001,
    nar002,
    nar003,
    nar004,
    nar005,
    nar006,
    nar007,
    nar008,
    nar009,
    nar010,
    nar011,
    nar012,
    nar013,
)

RULES = (
    nar001.check,
    nar002.check,
    nar003.check,
    nar004.check,
    nar005.check,
    nar006.check,
    nar007.check,
    nar008.check,
    nar009.check,
    nar010.check,
    nar011.check,
    nar012.check,
    nar013.check,
)
