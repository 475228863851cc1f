"""Reviews for the web app: uploads are checked in worker processes, chats run beside the server.

An upload is read and checked in a separate process (spawned, not forked from the threaded
server), so a hostile file that hangs or crashes the PDF parser takes down one worker, never the
server, and two uploads use both cores. The finished review — the findings contract and the
uploaded bytes — is stored before its id is returned; what chat needs in memory (the typed
reading of the document) is kept for recent reviews and rebuilt from the stored file after a
restart.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import pickle
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path, PurePath

from agent.chat import ChatAnswer, ChatSession, ChatTurn
from agent.llm import LLM
from agent.llm_settings import LLMSettings
from agent.web.settings import ServerSettings
from agent.web.store import Store
from tools.errors import InputError
from tools.findings import FindingsReport
from tools.ingest.guard import FORMATS, SUPPORTED
from tools.profiles import Profile, load
from tools.review import ReviewResult

KEEP = 128
"""Reviews whose typed reading and chat session stay in memory (each holds a whole document)."""

_worker: dict = {}


def _init_worker(llm_settings: LLMSettings, database: str | None, profile: str) -> None:
    from agent.api import choose_model

    store = Store(database) if not llm_settings.offline else None
    choice = choose_model(settings=llm_settings, use_cache=False)
    if store is not None:
        choice.cache = store.cache()  # type: ignore[assignment]
    _worker.update(choice=choice, profile=load(profile))


def _review_upload(filename: str, content: bytes) -> tuple[str, bytes]:
    """In a worker: review the bytes under their own name; returns (contract JSON, pickled ReviewResult)."""
    from agent.api import review_with_commentary

    with tempfile.TemporaryDirectory(prefix="fiscal-review-") as tmp:
        # The user's file name is never used as a path: only its suffix picks the reader.
        path = Path(tmp) / f"upload{PurePath(filename).suffix.lower()}"
        path.write_bytes(content)
        reviewed = review_with_commentary(path, _worker["profile"], _worker["choice"])
    result, report = renamed(reviewed.result, reviewed.report, filename)
    return report.to_json(), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def renamed(result: ReviewResult, report: FindingsReport, filename: str) -> tuple[ReviewResult, FindingsReport]:
    """The review as the user knows it: under the uploaded file's name, not the temporary path."""
    report = report.model_copy(update={"document": report.document.model_copy(update={"path": filename})})
    doc = result.document.model_copy(update={"path": filename})
    return result.model_copy(update={"document": doc, "report": report}), report


def check_name(filename: str) -> str:
    """The display name of an upload; InputError (415) for a type the tool does not read."""
    name = PurePath(filename.replace("\\", "/")).name.strip()[:200] or "未命名文件"
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedType(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 {SUPPORTED} 文件")
    return name


class UnsupportedType(InputError):
    pass


class ReviewFailed(InputError):
    """The worker gave up on the file (it crashed or ran out of time)."""


@dataclass
class Live:
    """A review in memory: its typed reading and one chat session, used by one question at a time."""

    result: ReviewResult
    session: ChatSession
    lock: threading.Lock


class Reviewer:
    def __init__(
        self,
        settings: ServerSettings,
        store: Store,
        llm_settings: LLMSettings,
        chat_llm: LLM | None,
        profile: Profile | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.llm_settings = llm_settings
        self.chat_llm = chat_llm
        self.profile = profile or load(settings.profile)
        self.cache = store.cache() if chat_llm is not None else None
        self._live: OrderedDict[str, Live] = OrderedDict()
        self._live_lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self._pool_lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.llm_settings, self.settings.database, self.settings.profile),
        )

    def warm_up(self) -> None:
        """Start the workers now, so the first upload does not pay for their imports."""
        futures = [self._pool.submit(_noop) for _ in range(self.settings.workers)]
        for f in futures:
            f.result()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ uploads

    async def create(self, filename: str, content: bytes) -> str:
        """Review the upload and store it; raises InputError with the reason it cannot be reviewed."""
        name = check_name(filename)
        if not content:
            raise InputError("上传的文件是空的（0 字节）")
        report_json, result_blob = await self._run(name, content)
        # Unpickling a whole document and building its chat session take CPU: off the event loop.
        result = await asyncio.to_thread(pickle.loads, result_blob)
        rid = await asyncio.to_thread(
            self.store.add_review,
            filename=name,
            content=content,
            sha256=result.document.sha256,
            profile=self.profile.name,
            report=report_json,
        )
        await asyncio.to_thread(self._keep, rid, result)
        return rid

    async def _run(self, name: str, content: bytes) -> tuple[str, bytes]:
        with self._pool_lock:
            pool = self._pool
        try:
            future = pool.submit(_review_upload, name, content)
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=self.settings.review_timeout)
        except InputError:
            raise
        except TimeoutError:
            self._replace_pool(pool)  # the worker is still busy with the file: give it up
            raise ReviewFailed(f"文件在 {self.settings.review_timeout:g} 秒内未能审核完毕，已放弃（文件可能过于复杂或已损坏）") from None
        except BrokenProcessPool:
            self._replace_pool(pool)
            raise ReviewFailed("审核进程在读取该文件时异常退出，文件可能已损坏") from None

    def _replace_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._pool_lock:
            if self._pool is broken:
                for proc in list(getattr(broken, "_processes", {}).values()):
                    proc.kill()  # a hung parse never finishes; the pool's own shutdown would wait for it
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    # ------------------------------------------------------------------ reviews in memory

    def report(self, rid: str) -> FindingsReport | None:
        stored = self.store.review(rid)
        return FindingsReport.model_validate_json(stored.report) if stored else None

    def live(self, rid: str) -> Live | None:
        """The review's typed reading and chat; rebuilt from the stored file when not in memory."""
        with self._live_lock:
            if rid in self._live:
                self._live.move_to_end(rid)
                return self._live[rid]
            loading = self._loading.setdefault(rid, threading.Lock())
        try:
            with loading:  # one rebuild per review, however many requests ask at once
                with self._live_lock:
                    if rid in self._live:
                        return self._live[rid]
                stored = self.store.review(rid)
                if stored is None:
                    return None
                result = self._rebuild(stored.filename, self.store.content(rid) or b"")
                live = self._keep(rid, result)
                live.session.restore(
                    [ChatTurn(question=t.question, answer=ChatAnswer.model_validate_json(t.answer)) for t in self.store.turns(rid)]
                )
                return live
        finally:
            with self._live_lock:
                self._loading.pop(rid, None)

    def _rebuild(self, filename: str, content: bytes) -> ReviewResult:
        from tools.review import review

        # The check is deterministic, so the stored report and this reading agree.
        with tempfile.TemporaryDirectory(prefix="fiscal-review-") as tmp:
            path = Path(tmp) / f"upload{PurePath(filename).suffix.lower()}"
            path.write_bytes(content)
            result = review(path, profile=self.profile)
        return renamed(result, result.report, filename)[0]

    def _keep(self, rid: str, result: ReviewResult) -> Live:
        live = Live(result, ChatSession(result, self.profile, self.chat_llm, cache=self.cache), threading.Lock())
        with self._live_lock:
            self._live[rid] = live
            self._live.move_to_end(rid)
            while len(self._live) > KEEP:
                self._live.popitem(last=False)
        return live


def _noop() -> None:
    return None
