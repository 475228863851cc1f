"""Cassettes as readable YAML: Chinese written literally, JSON bodies stored as parsed data.

A reviewer reads a cassette diff like a prompt diff; escaped '\\u5ba1' strings and one-line JSON
would hide what changed. On loading, JSON bodies are dumped back to text (the body matcher
compares JSON request bodies as parsed data, so key order and spacing do not matter).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

# Response headers that change on every call and say nothing about the answer.
VOLATILE_RESPONSE_HEADERS = ("date", "x-request-id", "openai-processing-ms", "server", "set-cookie", "cf-ray")


def _to_json(text: Any) -> Any:
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if not isinstance(text, str) or not text.strip().startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"json"}:
        return json.dumps(value["json"], ensure_ascii=False)
    return value


def serialize(cassette: dict) -> str:
    data = json.loads(json.dumps(cassette, ensure_ascii=False, default=str))
    for it in data.get("interactions", []):
        req, resp = it["request"], it["response"]
        parsed = _to_json(req.get("body"))
        if parsed is not None:
            req["body"] = {"json": parsed}
        body = resp.get("body", {})
        parsed = _to_json(body.get("string"))
        if parsed is not None:
            resp["body"] = {"json": parsed}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def deserialize(text: str) -> dict:
    data = yaml.safe_load(text)
    for it in data.get("interactions", []):
        req, resp = it["request"], it["response"]
        req["body"] = _from_json(req.get("body"))
        if isinstance(resp.get("body"), dict) and "json" in resp["body"]:
            resp["body"] = {"string": _from_json(resp["body"])}
    return data


def scrub_request(request: Any) -> Any:
    """Drop the SDK's platform headers (they differ between machines and leak versions)."""
    for name in list(request.headers):
        if name.lower().startswith("x-stainless") or name.lower() in ("user-agent", "cookie"):
            del request.headers[name]
    return request


def scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in VOLATILE_RESPONSE_HEADERS:
            del headers[name]
    return response
