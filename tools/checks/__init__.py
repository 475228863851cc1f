"""Deterministic rules over a typed 决算 report, in families (DISC, TBL, XT, NAR, PCT)."""
