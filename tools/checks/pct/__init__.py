"""PCT rules."""

RULES = ()
