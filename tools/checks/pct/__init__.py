"""PCT: percentages and changes stated in the 情况说明, recomputed from the amounts."""

from tools.checks.pct import pct001, pct002, pct003, pct004, pct005

RULES = (pct001.check, pct002.check, pct003.check, pct004.check, pct005.check)
