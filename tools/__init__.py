"""Deterministic, offline tools: ingestion, numbers, findings and rendering."""
