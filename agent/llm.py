"""The only place a chat model is built: LLMSettings → a LangChain chat model and what callers need to know of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel

from agent.llm_settings import LLMSettings, StructuredMethod

# Dependable structured output per protocol (ecosystem notes): tool calling with the tool named in
# tool_choice works on OpenAI-compatible servers and DeepSeek; Ollama's native JSON schema `format`.
DEFAULT_METHOD: dict[str, StructuredMethod] = {
    "openai": "function_calling",
    "deepseek": "function_calling",
    "ollama": "json_schema",
}


@dataclass(frozen=True)
class LLM:
    """A configured model with the facts the commentary needs about it."""

    model: BaseChatModel
    label: str
    """'model（provider）', written next to every text the model produced."""
    identity: str
    """Provider, model, endpoint and sampling: part of every cache key."""
    method: StructuredMethod = "function_calling"
    tool_calling: bool = True
    """Whether the chat agent may let it call tools."""
    retry_here: bool = False
    """True when the client does not retry by itself (Ollama): the caller retries with backoff."""
    max_retries: int = 2
    batch_items: int = 40
    """Items per commentary call."""
    batch_chars: int = 32000
    """Characters of rendered facts per commentary call."""

    def retried(self, runnable: Any) -> Any:
        """`runnable` with retries and exponential backoff where the client has none of its own."""
        if self.retry_here and self.max_retries > 0:
            return runnable.with_retry(stop_after_attempt=self.max_retries + 1, wait_exponential_jitter=True)
        return runnable


def build_chat_model(settings: LLMSettings, transport: Any = None, rate_limiter: Any = None) -> BaseChatModel:
    """A LangChain chat model for the configured provider (never called for 'none').

    Args:
        transport: an HTTP transport to send through instead of the network — httpx2's for the
            OpenAI SDK (DeepSeek, compatible endpoints), httpx's for Ollama (tests pass mocks).
        rate_limiter: a LangChain `BaseRateLimiter` every request waits on (batch runs share a
            request rate between their processes); None: no limit.
    """
    key = settings.api_key.get_secret_value() if settings.api_key else None
    limit: dict[str, Any] = {"rate_limiter": rate_limiter} if rate_limiter is not None else {}
    http_client = None
    if transport is not None and settings.provider in ("deepseek", "openai"):
        from langchain_openai._compat import httpx as sdk_httpx

        http_client = sdk_httpx.Client(transport=transport)
    if settings.provider == "deepseek":
        from langchain_deepseek import ChatDeepSeek

        return ChatDeepSeek(
            model=settings.model or "deepseek-chat",
            api_key=key,  # type: ignore[arg-type]
            api_base=settings.base_url or "https://api.deepseek.com/v1",
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            http_client=http_client,
            **limit,
        )
    if settings.provider == "openai":
        from langchain_openai import ChatOpenAI

        # NOTE: compatible servers (DashScope, vLLM, llama.cpp) honour `max_tokens`, not the
        # `max_completion_tokens` the client would send; the Responses API is OpenAI's own.
        return ChatOpenAI(
            model=settings.model or "",
            base_url=settings.base_url,
            api_key=key or "not-needed",  # type: ignore[arg-type]
            temperature=settings.temperature,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            use_responses_api=False,
            extra_body={"max_tokens": settings.max_tokens},
            http_client=http_client,
            **limit,
        )
    if settings.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.model or "",
            base_url=settings.base_url,
            temperature=settings.temperature,
            num_predict=settings.max_tokens,
            client_kwargs={"timeout": settings.timeout} | ({"transport": transport} if transport is not None else {}),
            **limit,
        )
    raise ValueError(f"no chat model for provider {settings.provider!r}")


def connect(settings: LLMSettings, model: BaseChatModel | None = None, transport: Any = None) -> LLM | None:
    """The model handle for `settings`; None when offline.

    Args:
        model: a ready model to use instead of building one (tests pass scripted models).
        transport: see `build_chat_model`.
    """
    if settings.offline:
        return None
    chat = model if model is not None else build_chat_model(settings, transport)
    method = settings.structured_output or DEFAULT_METHOD[settings.provider]
    identity = "|".join(
        [settings.provider, settings.model or "", settings.base_url or "", str(settings.temperature), str(settings.max_tokens)]
    )
    return LLM(
        model=chat,
        label=settings.label,
        identity=identity,
        method=method,
        tool_calling=settings.tool_calling,
        retry_here=settings.provider == "ollama",
        max_retries=settings.max_retries,
        batch_items=settings.batch_items,
        batch_chars=settings.batch_chars,
    )
