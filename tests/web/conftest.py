"""Fixtures of the web app: a store in tmp, review workers, a scripted chat model, a live server."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def serve_in_thread(asgi, **config) -> Iterator[str]:
    """The app on a free loopback port in a thread (uvicorn); yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=0, log_level="warning", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def encrypted_pdf() -> bytes:
    """A one-page PDF locked with a password, as a reviewer might receive one."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, "locked")
    c.showPage()
    c.save()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt("pw")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def live_server(web: App) -> Iterator[Live]:
    """The app on a real loopback port, for the browser."""
    with serve_in_thread(web.asgi) as url:
        yield Live(url, web)
