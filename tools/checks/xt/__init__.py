"""XT rules."""

RULES = ()
