"""Fixtures of the web app: a store in tmp, review workers, a scripted chat model, a live server."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.llm import LLM
from agent.llm_settings import LLMSettings
from agent.web.app import create_app
from agent.web.service import Reviewer
from agent.web.settings import ServerSettings
from agent.web.store import Store
from tests.agent.doubles import scripted
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "example-review.pdf"
FINDING_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])")


def chat_answer(messages) -> str:
    """The fake model answers with the first finding its prompt names, and no number of its own."""
    prompt = str(messages[-1].content)
    ids = FINDING_ID.findall(prompt)
    if not ids:
        return "没有找到与问题相关的审核发现。"
    return f"这条问题是 [{ids[0]}]：表内合计与明细不一致。请先对照决算报表系统核对该栏，再更正公开表。"


def fake_llm() -> LLM:
    return LLM(model=scripted(forever=chat_answer), label="fake（测试）", identity="fake", tool_calling=False)


@dataclass
class App:
    asgi: object
    store: Store
    reviewer: Reviewer
    settings: ServerSettings


def make_app(db: Path | str, *, chat: bool = True, **overrides) -> App:
    """The app over a SQLite file (a Path) or any database URL (a str)."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    settings = ServerSettings(**{"database": url, "workers": 1, **overrides})
    store = Store(settings.database)
    reviewer = Reviewer(settings, store, LLMSettings(), fake_llm() if chat else None)
    return App(create_app(settings, reviewer, store), store, reviewer, settings)


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Iterator[App]:
    app = make_app(tmp_path_factory.mktemp("web") / "reviews.sqlite3")
    yield app
    app.reviewer.close()
    app.store.close()


@dataclass
class Live:
    url: str
    app: App


@pytest.fixture(scope="module")
def live_server(web: App) -> Iterator[Live]:
    """The app on a real loopback port, for the browser."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(web.asgi, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Live(f"http://127.0.0.1:{port}", web)
    server.should_exit = True
    thread.join(10)
