"""DISC rules."""

RULES = ()
