"""The agent layer over the deterministic tools: model configuration, commentary, chat, CLI."""

from tools.review import ReviewResult, review

__all__ = ["ReviewResult", "review"]
