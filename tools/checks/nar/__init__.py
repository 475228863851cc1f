"""NAR rules."""

RULES = ()
