"""Named test doubles for chat models: scripted answers, every request recorded, tools accepted."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

Script = AIMessage | str | Callable[[list[BaseMessage]], AIMessage | str]


class ScriptedChatModel(GenericFakeChatModel):
    """A scripted double: answers from its script, records every request, and accepts tools.

    A script item is a message, a text, or a function of the request's messages (to answer from
    what a tool returned). GenericFakeChatModel has no bind_tools and streams no tool calls.
    """

    received: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.received.append(list(messages))
        item = next(self.messages)
        item = item(messages) if callable(item) else item
        msg = AIMessage(content=item) if isinstance(item, str) else item
        return msg.model_copy(update={"usage_metadata": {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}})

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        msg = self._next(messages)
        for piece in re.split(r"(?<=[。；])", msg.text):
            if piece:
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        for i, tc in enumerate(msg.tool_calls):
            chunk = {"name": tc["name"], "args": json.dumps(tc["args"], ensure_ascii=False), "id": tc["id"], "index": i}
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[chunk]))


def scripted(*items: Script, forever: Script | None = None) -> ScriptedChatModel:
    it: Iterator[Script] = iter(items) if forever is None else itertools.chain(items, itertools.repeat(forever))
    return ScriptedChatModel(messages=it)


