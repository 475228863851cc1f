"""Questions about one review, answered in three modes, every answer behind the same numeric guard.

- offline (no model): the facts selected for the question, listed deterministically;
- tool calling: a LangChain `create_agent` over the tools of `agent.lc_tools`, with call limits
  and tool errors returned to the model;
- no tool calling (small local models): the selected facts rendered into one prompt.

Every number of a model's answer must be a fact of the review, a number a tool stated (or a
calculation produced), or a number of the user's own question. An answer that fails is sent back
once with the numbers named; if it fails again — or the model fails, or stops at a call limit —
the deterministic answer stands, with a note saying why. `stream` yields provisional sentences
that have passed the guard, then the final answer, which is authoritative.

A session is not thread-safe: one conversation, one caller at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from langchain.agents import create_agent
from langchain.agents.middleware import (
    AgentMiddleware,
    ModelCallLimitMiddleware,
    ModelRetryMiddleware,
    ToolCallLimitMiddleware,
)
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langgraph.errors import GraphRecursionError
from pydantic import BaseModel, ConfigDict, Field

from agent.cache import Cache, cache_key
from agent.calls import Ledger, failure_reason
from agent.facts import FactBook, report_facts
from agent.guard import claims_clean, unverified
from agent.lc_tools import build_tools, tool_errors
from agent.llm import LLM
from agent.lookup import document_xml
from agent.prompting import load
from agent.selection import (
    FINDING_ID,
    PAGE,
    Selection,
    answer_text,
    render_facts,
    select,
)
from tools.commentary import TEMPLATE, Source, Usage
from tools.profiles import Profile
from tools.review import ReviewResult

CHAT_AGENT = "chat_agent.v1"
CHAT_FACTS = "chat_facts.v1"
CHAT_RETRY = "chat_retry.v1"

NOTE_LIMIT = "模型在调用次数上限内没有给出回答，已改用确定性回答"
NOTE_EMPTY = "模型没有给出回答，已改用确定性回答"
NOTE_CLEAN = "模型回答称文件没有问题，与审核发现矛盾，已改用确定性回答"
_SENTENCE_END = "。！？；\n"

Turn = Generator["ChatEvent", None, tuple[str, list[BaseMessage]]]
"""A mode's answer: events while it runs, then (answer text, messages to keep for the model)."""


@dataclass(frozen=True)
class ChatLimits:
    """Bounds of one answer: a runaway model stops here, never in a traceback."""

    model_calls: int = 8
    """Model calls per agent run (a re-ask is a second run)."""
    tool_calls: int = 12
    """Tool calls per agent run; further calls are refused to the model, which may still answer."""
    recursion: int = 60
    """LangGraph steps per run, a backstop behind the two limits above."""
    history: int = 4
    """Earlier question–answer turns the model sees."""


class ChatAnswer(BaseModel):
    """One answer of the chat, with who wrote it and what it rests on."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    text: str
    source: Source
    findings: list[str] = Field(default_factory=list)
    """Ids of the findings the answer cites, in order."""
    pages: list[int] = Field(default_factory=list)
    """Pages the answer points at (its own '第N页' and its findings' pages)."""
    usage: Usage = Usage()
    """Model traffic of this answer (the re-ask included)."""
    notes: list[str] = Field(default_factory=list)
    """Fallbacks and notices, in Chinese."""


class ChatTurn(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    answer: ChatAnswer


class ChatEvent(BaseModel):
    """One event of a streamed answer."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["status", "delta", "answer"]
    """status: a tool is being consulted; delta: a provisional sentence (already guarded);
    answer: the final answer — display its text in place of the deltas."""
    text: str = ""
    answer: ChatAnswer | None = None


class _Recorder(AgentMiddleware):
    """Counts every model call into the current ledger and keeps what the model itself said.

    The call-limit middleware ends a run by appending an AIMessage of its own; comparing the last
    message with the model's last output tells a real answer from that notice.
    """

    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger()
        self.produced: list[AIMessage] = []

    def wrap_model_call(self, request: Any, handler: Callable[[Any], Any]) -> Any:
        try:
            response = handler(request)
        except Exception:
            self.ledger.calls += 1
            raise
        self._record(response)
        return response

    async def awrap_model_call(self, request: Any, handler: Callable[[Any], Awaitable[Any]]) -> Any:
        try:
            response = await handler(request)
        except Exception:
            self.ledger.calls += 1
            raise
        self._record(response)
        return response

    def _record(self, response: Any) -> None:
        messages = response.result if hasattr(response, "result") else [response]
        ai = [m for m in messages if isinstance(m, AIMessage)]
        self.ledger.count(ai[-1] if ai else None)
        self.produced.extend(ai)


class _Unusable(Exception):
    """The model's answer cannot be shown; the note says why."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


class ChatSession:
    """A conversation about one review.

    Args:
        llm: the configured model; None answers offline from the selected facts.
        cache: answers of the no-tool mode are cached by request (tool runs are not).
    """

    def __init__(
        self,
        result: ReviewResult,
        profile: Profile,
        llm: LLM | None,
        *,
        cache: Cache | None = None,
        limits: ChatLimits | None = None,
    ) -> None:
        self.result = result
        self.profile = profile
        self.llm = llm
        self.cache = cache
        self.limits = limits or ChatLimits()
        self.facts = report_facts(result.report, result.accounts, result.performance, profile)
        self.computed = FactBook()
        """Numbers the tools stated and calculations produced in this session."""
        self.ledger = Ledger()
        """Model traffic of the whole session."""
        self.history: list[ChatTurn] = []
        self._turns: list[list[BaseMessage]] = []
        self._tools = build_tools(result, profile, self.computed, facts=self.facts)
        self._recorder = _Recorder()
        self._graph: Any = None

    @property
    def mode(self) -> Literal["offline", "tools", "facts"]:
        if self.llm is None:
            return "offline"
        return "tools" if self.llm.tool_calling else "facts"

    def restore(self, turns: list[ChatTurn]) -> None:
        """Earlier turns kept elsewhere (the web app's database): the model sees them as history."""
        for turn in turns:
            self.history.append(turn)
            self._turns.append([HumanMessage(turn.question), AIMessage(turn.answer.text)])

    def ask(self, question: str) -> ChatAnswer:
        """The answer to `question`; never raises for a model failure."""
        answer = None
        for event in self._events(question, stream=False):
            answer = event.answer or answer
        assert answer is not None
        return answer

    def stream(self, question: str) -> Iterator[ChatEvent]:
        """Status events, provisional guarded sentences, then the final answer event."""
        yield from self._events(question, stream=True)

    # -------------------------------------------------------------------------- one turn

    def _events(self, question: str, *, stream: bool) -> Iterator[ChatEvent]:
        question = question.strip()
        ledger = Ledger()
        previous = self.history[-1].question if self.history else None
        sel = select(question, self.result, previous)
        messages: list[BaseMessage] = []
        if not question:
            answer = self._answer("请输入问题。", TEMPLATE, ledger)
        elif self.llm is None:
            answer = self._template(sel, ledger)
        else:
            gen = self._agent_turn(question, ledger, stream) if self.llm.tool_calling else self._facts_turn(question, sel, ledger, stream)
            try:
                text, messages = yield from gen
            except _Unusable as exc:
                ledger.note(exc.note)
                text = None
            except Exception as exc:  # any provider or client failure becomes a note
                ledger.note(f"{_reason(exc)}，已改用确定性回答")
                text = None
            if text is None:
                answer = self._template(sel, ledger)
                messages = []
            else:
                answer = self._answer(text, Source(kind="model", model=self.llm.label), ledger)
        self._remember(question, answer, messages)
        yield ChatEvent(kind="answer", text=answer.text, answer=answer)

    def _remember(self, question: str, answer: ChatAnswer, messages: list[BaseMessage]) -> None:
        self.history.append(ChatTurn(question=question, answer=answer))
        # The model sees the delivered text, never an answer the guard replaced.
        self._turns.append([HumanMessage(question), *messages, AIMessage(answer.text)])

    def _answer(self, text: str, source: Source, ledger: Ledger) -> ChatAnswer:
        known = {f.id: f for f in self.result.report.findings}
        cited = [i for i in dict.fromkeys(FINDING_ID.findall(text)) if i in known]
        pages = {int(p) for p in PAGE.findall(text) if 0 < int(p) <= max(self.result.report.document.pages, 1)}
        pages |= {known[i].location.page for i in cited if known[i].location.page}
        self._add(ledger)
        return ChatAnswer(
            text=text, source=source, findings=cited, pages=sorted(pages), usage=ledger.usage(), notes=list(ledger.notes)
        )

    def _template(self, sel: Selection, ledger: Ledger) -> ChatAnswer:
        note = "；".join(ledger.notes) or None
        return self._answer(answer_text(sel, self.result), Source(kind="template", note=note), ledger)

    def _add(self, ledger: Ledger) -> None:
        s = self.ledger
        s.calls += ledger.calls
        s.input_tokens += ledger.input_tokens
        s.output_tokens += ledger.output_tokens
        s.cached_calls += ledger.cached_calls
        for p in ledger.prompts:
            s.used(p)
        for n in ledger.notes:
            s.note(n)

    # -------------------------------------------------------------------------- the guard

    def book(self, question: str, *texts: str) -> FactBook:
        """What an answer to `question` may state: the review's facts, the tools' numbers, the question's."""
        extra = FactBook()
        extra.add_text(question)
        extra.add_texts(texts)
        return self.facts.merged(self.computed, extra)

    def _problems(self, text: str, question: str, *texts: str) -> list[str]:
        """Numbers of `text` that are not facts; raises _Unusable for an empty or 'all clear' answer."""
        if not text.strip():
            raise _Unusable(NOTE_EMPTY)
        s = self.result.report.summary
        if claims_clean(text) and s.error + s.warning > 0 and not FINDING_ID.search(text):
            raise _Unusable(NOTE_CLEAN)
        return unverified(text, self.book(question, *texts))

    def _history(self) -> list[BaseMessage]:
        return [m for turn in self._turns[-self.limits.history :] for m in turn]

    # -------------------------------------------------------------------------- tool-calling mode

    def _agent(self) -> Any:
        if self._graph is None:
            assert self.llm is not None
            system = load(CHAT_AGENT).render(document=document_xml(self.result.report, summary=True), question="")[0]
            middleware: list[AgentMiddleware] = [
                self._recorder,
                ModelCallLimitMiddleware(run_limit=self.limits.model_calls, exit_behavior="end"),
                ToolCallLimitMiddleware(run_limit=self.limits.tool_calls, exit_behavior="continue"),
                tool_errors(),
            ]
            if self.llm.retry_here and self.llm.max_retries > 0:
                middleware.append(ModelRetryMiddleware(max_retries=self.llm.max_retries, on_failure="error"))
            self._graph = create_agent(self.llm.model, tools=self._tools, system_prompt=system, middleware=middleware)
        return self._graph

    def _run(
        self, messages: list[BaseMessage], ledger: Ledger, stream: bool, question: str
    ) -> Generator[ChatEvent, None, list[BaseMessage]]:
        """One agent run over `messages`; returns the messages it added (the generator's value)."""
        graph = self._agent()
        self._recorder.ledger = ledger
        self._recorder.produced = []
        config = {"recursion_limit": self.limits.recursion}
        if not stream:
            out = graph.invoke({"messages": messages}, config=config)["messages"]
        else:
            out = yield from self._stream_run(graph, messages, config, question)
        return list(out[len(messages) :])

    def _stream_run(
        self, graph: Any, messages: list[BaseMessage], config: dict, question: str
    ) -> Generator[ChatEvent, None, list[BaseMessage]]:
        state: dict = {"messages": messages}
        guard = _SentenceGuard(self, question)
        for mode, payload in graph.stream({"messages": messages}, config=config, stream_mode=["messages", "values"]):
            if mode == "values":
                state = payload
                continue
            chunk, meta = payload
            if isinstance(chunk, ToolMessage):
                guard.reset()
            elif isinstance(chunk, AIMessageChunk) and meta.get("langgraph_node") == "model":
                if chunk.tool_call_chunks:
                    for tc in chunk.tool_call_chunks:
                        if tc.get("name"):
                            yield ChatEvent(kind="status", text=f"正在查询：{tc['name']}")
                    guard.reset()
                elif chunk.text:
                    yield from guard.feed(chunk.text)
        return state["messages"]

    def _final(self, new: list[BaseMessage]) -> str:
        """The model's answer in `new`; raises _Unusable when the run ended without one."""
        last = new[-1] if new else None
        produced = self._recorder.produced[-1] if self._recorder.produced else None
        if (
            not isinstance(last, AIMessage)
            or produced is None
            or produced.tool_calls
            or last.tool_calls
            or last.text != produced.text
        ):
            raise _Unusable(NOTE_LIMIT)
        return last.text.strip()

    def _agent_turn(self, question: str, ledger: Ledger, stream: bool) -> Turn:
        ledger.used(CHAT_AGENT)
        user = load(CHAT_AGENT).render(document="", question=question)[1]
        base = [*self._history(), HumanMessage(user)]
        new = yield from self._run(base, ledger, stream, question)
        text = self._final(new)
        wrong = self._problems(text, question)
        kept = _interaction(new)
        if wrong:
            ledger.used(CHAT_RETRY)
            correction = load(CHAT_RETRY).render(numbers="、".join(wrong))[1]
            again = yield from self._run([*base, *new, HumanMessage(correction)], ledger, False, question)
            text = self._final(again)
            wrong = self._problems(text, question)
            kept += _interaction(again)
            if wrong:
                raise _Unusable(_rejected(wrong))
        return text, kept

    # -------------------------------------------------------------------------- no-tool mode

    def _facts_turn(self, question: str, sel: Selection, ledger: Ledger, stream: bool) -> Turn:
        assert self.llm is not None
        ledger.used(CHAT_FACTS)
        facts = render_facts(sel)
        system, user = load(CHAT_FACTS).render(document=document_xml(self.result.report, summary=True), facts=facts, question=question)
        history = [m for t in self.history[-self.limits.history :] for m in (HumanMessage(t.question), AIMessage(t.answer.text))]
        messages: list[BaseMessage] = [SystemMessage(system), *history, HumanMessage(user)]
        key = cache_key(self.llm.identity, CHAT_FACTS, [(m.type, str(m.content)) for m in messages], None)
        hit = self.cache.get(key) if self.cache is not None else None
        if hit is not None and isinstance(hit.get("text"), str) and not self._problems(hit["text"], question, facts):
            ledger.cached_calls += 1
            return hit["text"], []
        text = yield from self._plain(messages, ledger, stream, question, facts)
        wrong = self._problems(text, question, facts)
        if wrong:
            ledger.used(CHAT_RETRY)
            correction = load(CHAT_RETRY).render(numbers="、".join(wrong))[1]
            text = yield from self._plain([*messages, AIMessage(text), HumanMessage(correction)], ledger, False, question, facts)
            wrong = self._problems(text, question, facts)
            if wrong:
                raise _Unusable(_rejected(wrong))
        if self.cache is not None:
            self.cache.put(key, CHAT_FACTS, {"text": text})
        return text, []

    def _plain(
        self, messages: list[BaseMessage], ledger: Ledger, stream: bool, question: str, facts: str
    ) -> Generator[ChatEvent, None, str]:
        assert self.llm is not None
        model: Any = self.llm.retried(self.llm.model)
        if not stream:
            try:
                msg = model.invoke(messages)
            except Exception:
                ledger.calls += 1
                raise
            ledger.count(msg)
            return (msg.text if isinstance(msg, BaseMessage) else str(msg)).strip()
        guard = _SentenceGuard(self, question, facts)
        full: AIMessageChunk | None = None
        try:
            for chunk in model.stream(messages):
                full = chunk if full is None else full + chunk
                if chunk.text:
                    yield from guard.feed(chunk.text)
        except Exception:
            ledger.calls += 1
            raise
        ledger.count(full)
        return (full.text if full is not None else "").strip()


class _SentenceGuard:
    """Releases streamed text sentence by sentence, only while every sentence passes the guard."""

    def __init__(self, session: ChatSession, question: str, *texts: str) -> None:
        self.session = session
        self.question = str(question)
        self.texts = texts
        self.buffer = ""
        self.halted = False

    def reset(self) -> None:
        # Text the model wrote beside a tool call is not the answer.
        self.buffer = ""

    def feed(self, text: str) -> Iterator[ChatEvent]:
        self.buffer += text
        cut = max(self.buffer.rfind(c) for c in _SENTENCE_END)
        if self.halted or cut < 0:
            return
        done, self.buffer = self.buffer[: cut + 1], self.buffer[cut + 1 :]
        if unverified(done, self.session.book(self.question, *self.texts)):
            # One unverifiable sentence and nothing more is released: the final answer decides.
            self.halted = True
            return
        yield ChatEvent(kind="delta", text=done)


def _rejected(numbers: list[str]) -> str:
    # The numbers themselves are not repeated: a rejected number must not reach the reader.
    return f"模型回答含 {len(numbers)} 个文件、工具结果和问题中都没有的数字，要求重写后仍有，已改用确定性回答"


def _interaction(new: list[BaseMessage]) -> list[BaseMessage]:
    """A run's tool calls and results, without its final answer (the delivered text replaces it)."""
    out = list(new)
    while out and isinstance(out[-1], AIMessage) and not out[-1].tool_calls:
        out.pop()
    return out


def _reason(exc: BaseException) -> str:
    if isinstance(exc, GraphRecursionError):
        return "对话步骤超过上限"
    return failure_reason(exc)
