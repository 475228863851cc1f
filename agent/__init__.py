"""Interfaces over the deterministic tools (CLI now; LLM agent, web and batch later)."""

from tools.review import ReviewResult, review

__all__ = ["ReviewResult", "review"]
