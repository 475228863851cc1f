"""A failing model never costs a review: HTTP 429/5xx, timeouts, lost connections, garbled output.

The real client stack runs (ChatOpenAI → openai SDK → httpx2) against a mock transport that plays
the endpoint, so the SDK's own retries and backoff are what is tested, not a stand-in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import httpx2
import pytest

from agent.commentary import attach, comment
from agent.llm import connect
from agent.llm_settings import LLMSettings
from tests.conftest import ROOT
from tools.profiles import load
from tools.review import ReviewResult, review

PROFILE = load("national")
Handler = Callable[[httpx2.Request], httpx2.Response]


@pytest.fixture(scope="module")
def example() -> ReviewResult:
    return review(ROOT / "examples" / "example-review.pdf")


def completion(request: httpx2.Request) -> httpx2.Response:
    """A well-formed answer to a structured request: one tool call answering every key."""
    body = json.loads(request.content)
    name = body["tools"][0]["function"]["name"]
    keys = re.findall(r"<key>([FRD]\d+)</key>", body["messages"][-1]["content"])
    if name == "ExplanationBatch":
        items = [{"key": k, "explanation": "该处数字前后不一致。", "cause": "录入错误", "checks": ["核对原表"]} for k in keys]
    elif name == "AssessmentBatch":
        items = [{"key": k, "verdict": "笼统", "rationale": "未点明具体因素。", "missing": ["金额"]} for k in keys]
    else:
        items = [
            {"key": k, "problem": "数字不一致。", "cause": "未复核。", "measures": ["更正相关单元格"], "responsible": "财务科", "deadline": "下一次公开前"}
            for k in keys
        ]
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps({"items": items}, ensure_ascii=False)}}],
    }
    data = {
        "id": "cmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }
    return httpx2.Response(200, json=data)


def model(handler: Handler, retries: int = 2):
    settings = LLMSettings(provider="openai", vendor="vllm", model="m", base_url="http://llm.test/v1", max_retries=retries, timeout=5)
    return connect(settings, transport=httpx2.MockTransport(handler))


def test_http_429_is_retried_with_backoff_and_then_answered(example: ReviewResult) -> None:
    seen: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(1)
        if len(seen) % 2 == 1:  # every request is first refused once
            return httpx2.Response(429, headers={"retry-after-ms": "1"}, json={"error": {"message": "rate limited"}})
        return completion(request)

    c = comment(example, PROFILE, model(handler))
    assert len(seen) == 6 and c.info.source == "model" and c.info.notes == []
    assert c.info.usage.input_tokens == 300 and c.info.usage.output_tokens == 60


@pytest.mark.parametrize(
    ("failure", "note"),
    [
        (lambda r: httpx2.Response(503, json={"error": {"message": "overloaded"}}), "HTTP 5xx"),
        (lambda r: httpx2.Response(429, headers={"retry-after-ms": "1"}, json={"error": {"message": "slow down"}}), "HTTP 429"),
        ("timeout", "超时"),
        ("unreachable", "无法连接"),
        (lambda r: httpx2.Response(200, json={"choices": [{"index": 0, "message": {"role": "assistant", "content": "好的"}, "finish_reason": "stop"}]}), "结构"),
        (lambda r: httpx2.Response(200, content=b"<html>gateway</html>"), ""),
        (lambda r: httpx2.Response(404, json={"error": {"message": "model x not found"}}), "HTTP 404"),
        (lambda r: httpx2.Response(400, json={"error": {"message": "tool_choice not supported"}}), "HTTP 400"),
    ],
    ids=["5xx", "429-forever", "timeout", "unreachable", "prose-instead-of-structure", "not-json", "404", "400"],
)
def test_a_failing_endpoint_leaves_the_review_whole(example: ReviewResult, failure, note: str) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if failure == "timeout":
            raise httpx2.ReadTimeout("timed out", request=request)
        if failure == "unreachable":
            raise httpx2.ConnectError("connection refused", request=request)
        return failure(request)

    c = comment(example, PROFILE, model(handler, retries=1))
    offline = comment(example, PROFILE)
    assert c.info.source == "template" and c.info.notes and note in c.info.notes[0]
    # Every text is the template's, with the reason noted; nothing computed is lost.
    strip = lambda xs: [x.model_copy(update={"source": None}) for x in xs]
    assert strip(c.assessments) == strip(offline.assessments) and strip(c.drafts) == strip(offline.drafts)
    assert all(e.source.note for e in c.explanations.values())
    report = attach(example.report, c)
    assert report.summary == example.report.summary and report.findings[0].rule == example.report.findings[0].rule


def test_an_endpoint_failure_stops_further_calls(example: ReviewResult) -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        raise httpx2.ConnectError("refused", request=request)

    c = comment(example, PROFILE, model(handler, retries=0))
    assert len(calls) == 1 and c.info.usage.calls == 1


def test_ollama_is_retried_here_and_answers_through_its_json_schema_format(example: ReviewResult) -> None:
    import httpx

    from agent.llm_settings import resolve

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if len(seen) == 1:
            return httpx.Response(503, json={"error": "loading model"})
        body = json.loads(request.content)
        assert body["format"]["title"] in ("ExplanationBatch", "AssessmentBatch", "DraftBatch")
        fake = httpx2.Request("POST", "http://x", json={
            "tools": [{"function": {"name": body["format"]["title"]}}],
            "messages": [{"content": body["messages"][-1]["content"]}],
        })
        args = json.loads(completion(fake).json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
        line = {"model": "qwen2.5:7b", "created_at": "2026-01-01T00:00:00Z", "message": {"role": "assistant", "content": json.dumps(args, ensure_ascii=False)},
                "done": True, "done_reason": "stop", "prompt_eval_count": 50, "eval_count": 10}
        return httpx.Response(200, content=(json.dumps(line, ensure_ascii=False) + "\n").encode())

    settings = resolve("ollama:qwen2.5:7b", env={}, config=ROOT / "no-such-config.toml")
    llm = connect(settings, transport=httpx.MockTransport(handler))
    assert llm is not None and llm.method == "json_schema" and llm.retry_here
    c = comment(example, PROFILE, llm)
    assert c.info.source == "model" and seen[0] == "/api/chat" and len(seen) == 4
    assert c.info.usage.input_tokens == 150
