"""One structured-output request to a model: cache, usage accounting, retries, and failures made notes.

Everything that can go wrong with a model — timeouts, HTTP 429 after the client's backoff, 5xx,
an unreachable endpoint, output that does not fit the schema — surfaces here as `ModelFailure`
with a Chinese reason, so the caller can keep the deterministic text instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from agent.cache import Cache, cache_key
from agent.llm import LLM
from tools.commentary import Usage

STRUCTURE = "模型输出不符合要求的结构"


class ModelFailure(Exception):
    """The model gave no usable answer; `reason` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Ledger:
    """Traffic and notes of one commentary (or one chat session)."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_calls: int = 0
    prompts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def used(self, prompt: str) -> None:
        if prompt not in self.prompts:
            self.prompts.append(prompt)

    def usage(self) -> Usage:
        return Usage(
            calls=self.calls,
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_calls=self.cached_calls,
        )

    def count(self, message: BaseMessage | None) -> None:
        self.calls += 1
        meta = getattr(message, "usage_metadata", None) or {}
        self.input_tokens += int(meta.get("input_tokens") or 0)
        self.output_tokens += int(meta.get("output_tokens") or 0)


def failure_reason(exc: BaseException) -> str:
    """A Chinese reason for a failed model call, by the kind of failure."""
    name = type(exc).__name__
    text = str(exc)
    if isinstance(exc, ModelFailure):
        return exc.reason
    if "Timeout" in name or "timed out" in text.lower():
        return "模型接口超时"
    if "RateLimit" in name or " 429" in text or "status code: 429" in text.lower():
        return "模型接口限流（HTTP 429），重试后仍失败"
    if "Connection" in name or "ConnectError" in name:
        return "无法连接模型接口"
    if "Authentication" in name or " 401" in text:
        return "模型接口拒绝了 API 密钥（HTTP 401）"
    if "NotFound" in name or " 404" in text:
        return "模型接口找不到该模型或地址（HTTP 404），请检查模型名和接口地址"
    if "BadRequest" in name or " 400" in text:
        return "模型接口拒绝了请求（HTTP 400），可能不支持所用的结构化输出方式"
    if "InternalServer" in name or any(f" {c}" in text for c in ("500", "502", "503", "504")):
        return "模型接口服务器错误（HTTP 5xx），重试后仍失败"
    if isinstance(exc, (ValidationError, json.JSONDecodeError)) or "OutputParser" in name:
        return STRUCTURE
    return f"模型调用出错（{name}）"


def _schema_hint(schema: type[BaseModel]) -> str:
    return "只输出一个 JSON 对象，符合以下 JSON Schema：\n" + json.dumps(
        schema.model_json_schema(), ensure_ascii=False, sort_keys=True
    )


def ask(
    llm: LLM,
    prompt: str,
    messages: list[BaseMessage],
    schema: type[BaseModel],
    ledger: Ledger,
    cache: Cache | None = None,
) -> BaseModel:
    """The model's answer to `messages` as an instance of `schema`; raises ModelFailure.

    Args:
        prompt: prompt name ('explain_findings.v1'), for the cache and the output's record.
    """
    if llm.method == "json_mode" and messages and isinstance(messages[0], SystemMessage):
        messages = [SystemMessage(f"{messages[0].content}\n\n{_schema_hint(schema)}"), *messages[1:]]
    key = cache_key(
        llm.identity,
        prompt,
        [(m.type, str(m.content)) for m in messages],
        {"name": schema.__name__, "method": llm.method, "schema": schema.model_json_schema()},
    )
    ledger.used(prompt)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            try:
                parsed = schema.model_validate(hit["parsed"])
            except (ValidationError, KeyError, TypeError):
                parsed = None
            if parsed is not None:
                ledger.cached_calls += 1
                return parsed
    runnable = llm.retried(llm.model.with_structured_output(schema, method=llm.method, include_raw=True))
    try:
        out = runnable.invoke(messages)
    except Exception as exc:  # every failure of the provider or its client becomes a note
        ledger.calls += 1
        raise ModelFailure(failure_reason(exc)) from exc
    raw = out.get("raw") if isinstance(out, dict) else None
    ledger.count(raw)
    parsed = out.get("parsed") if isinstance(out, dict) else None
    if parsed is None or (isinstance(out, dict) and out.get("parsing_error") is not None):
        raise ModelFailure(STRUCTURE)
    if not isinstance(parsed, schema):
        try:
            parsed = schema.model_validate(parsed)
        except ValidationError as exc:
            raise ModelFailure(STRUCTURE) from exc
    if cache is not None:
        cache.put(key, prompt, {"parsed": parsed.model_dump(mode="json")})
    return parsed


def conversation(system: str, user: str) -> list[BaseMessage]:
    return [SystemMessage(system), HumanMessage(user)]


def follow_up(messages: list[BaseMessage], answer: BaseModel, correction: str) -> list[BaseMessage]:
    """The conversation with the model's previous answer and a correction appended."""
    previous = json.dumps(answer.model_dump(mode="json"), ensure_ascii=False)
    return [*messages, AIMessage(previous), HumanMessage(correction)]
