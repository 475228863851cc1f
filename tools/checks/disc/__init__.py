"""DISC: disclosure completeness — tables, sections, required elements, depth, year, template residue."""

from tools.checks.disc import (
    disc001,
    disc002,
    disc003,
    disc004,
    disc005,
    disc006,
    disc007,
    disc008,
    disc009,
    disc010,
    disc011,
    disc012,
)

RULES = (
    disc001.check,
    disc002.check,
    disc003.check,
    disc004.check,
    disc005.check,
    disc006.check,
    disc007.check,
    disc008.check,
    disc009.check,
    disc010.check,
    disc011.check,
    disc012.check,
)
