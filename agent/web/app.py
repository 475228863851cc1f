"""The web app: upload a report, read its findings beside the page, chat about it, download outputs.

Pages are rendered on the server (Jinja2); a little JavaScript streams chat answers. The JSON API
behind them is documented at /docs (OpenAPI). Every URL of a review carries its unguessable id and
every lookup is keyed by it, so one review's data is never reachable through another's URL.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field
from pypdfium2 import PdfiumError
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent.chat import ChatAnswer, ChatEvent
from agent.web import actions
from agent.web.guard import BodyLimit, TokenGate
from agent.web.pages import SCALE, PageImages, highlight
from agent.web.service import Reviewer, UnsupportedType
from agent.web.settings import ServerSettings
from agent.web.source_view import page_view
from agent.web.store import Store
from tools.errors import InputError
from tools.findings import SEVERITY_ORDER, Finding, FindingsReport
from tools.render import KIND_LABELS, SEVERITY_LABELS

HERE = Path(__file__).resolve().parent
NOT_FOUND = "未找到该审核记录（链接有误，或记录不在本服务的数据库中）"
HTTP_MESSAGES = {404: "未找到该页面或审核记录", 405: "不支持该请求方法"}
FIELDS = {"file": "文件", "question": "问题", "format": "格式", "findings": "问题编号", "action": "操作", "stream": "stream"}
EXPORTS = {
    "docx": "审核意见书（Word）",
    "xlsx": "问题清单（Excel）",
    "pdf": "批注版 PDF",
    "html": "网页版报告（HTML）",
    "md": "Markdown",
    "json": "JSON（结构化结果）",
}


class Created(BaseModel):
    id: str
    """The review's id: 128 random bits; keep it, it is the only way back to the review."""
    url: str
    """The review page."""


class Problem(BaseModel):
    detail: str
    """One line of Simplified Chinese saying what is wrong."""


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    stream: bool = True
    """True: newline-delimited JSON events (status, delta, answer); False: one ChatAnswer."""


class DraftRequest(BaseModel):
    findings: list[str] = Field(default_factory=list, max_length=200)
    """Finding ids to draft for; empty: every problem of the report."""


class Turn(BaseModel):
    question: str
    answer: ChatAnswer


ERRORS = {400: {"model": Problem}, 404: {"model": Problem}, 413: {"model": Problem}, 415: {"model": Problem}, 422: {"model": Problem}}


def create_app(settings: ServerSettings, reviewer: Reviewer, store: Store) -> FastAPI:
    app = FastAPI(
        title="fiscal-review",
        description="决算公开报告、绩效自评表与绩效评价报告审核助手的接口。上传后返回审核编号；按编号取审核结果、对话、导出。",
        version="1",
    )
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(page_scale=SCALE, severity_labels=SEVERITY_LABELS, kind_labels=KIND_LABELS, exports=EXPORTS, limit_mb=settings.max_upload_mb)
    images = PageImages()

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(request: Request, exc: StarletteHTTPException) -> Response:
        message = HTTP_MESSAGES.get(exc.status_code, f"请求无法处理（{exc.status_code}）")
        return problem(exc.status_code, message, not request.url.path.startswith("/api/"))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return problem(422, invalid_text(exc), not request.url.path.startswith("/api/"))

    app.state.reviewer = reviewer
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def problem(status: int, message: str, html: bool) -> Response:
        if html:
            return page("error.html", status, message=message)
        return JSONResponse({"detail": message}, status_code=status)

    def load(rid: str) -> tuple[FindingsReport, object] | None:
        stored = store.review(rid)
        if stored is None:
            return None
        return FindingsReport.model_validate_json(stored.report), stored

    async def upload(file: UploadFile) -> str:
        # The body limit already refused anything larger than the setting; read it whole.
        content = await file.read()
        return await reviewer.create(file.filename or "", content)

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return page("index.html")

    @app.post("/upload", include_in_schema=False)
    async def upload_page(file: Annotated[UploadFile | None, File()] = None) -> Response:
        if file is None or not file.filename:
            return page("index.html", 400, error="请选择要上传的文件")
        try:
            rid = await upload(file)
        except UnsupportedType as exc:
            return page("index.html", 415, error=exc.message, filename=file.filename)
        except InputError as exc:
            return page("index.html", 422, error=exc.message, filename=file.filename)
        return RedirectResponse(f"/reviews/{rid}", status_code=303)

    @app.get("/reviews/{rid}", response_class=HTMLResponse, include_in_schema=False)
    async def review_page(rid: str, finding: str | None = None) -> Response:
        loaded = await asyncio.to_thread(load, rid)
        if loaded is None:
            return problem(404, NOT_FOUND, True)
        report, stored = loaded
        selected = next((f for f in report.findings if f.id == finding), None)
        sizes = []
        if stored.filename.lower().endswith(".pdf"):
            content = await asyncio.to_thread(store.content, rid)
            try:
                sizes = await asyncio.to_thread(images.sizes, rid, content or b"")
            except PdfiumError:  # a PDF pdfium cannot open still has its findings; only images are missing
                sizes = []
        shown = selected.location.page if selected and selected.location.page else None
        size = sizes[shown - 1] if shown and shown <= len(sizes) else None
        view = []
        if selected and shown and not sizes:
            # No page image (Word, Excel, text): the page as read, with the cell or sentence marked.
            live = await asyncio.to_thread(reviewer.live, rid)
            view = page_view(live.result.document, shown, selected) if live else []
        turns = await asyncio.to_thread(store.turns, rid)
        history = [Turn(question=t.question, answer=ChatAnswer.model_validate_json(t.answer)) for t in turns]
        return page(
            "review.html",
            rid=rid,
            report=report,
            stored=stored,
            groups=grouped(report.findings),
            selected=selected,
            shown_page=shown,
            has_images=bool(sizes),
            box=highlight(selected.location.bbox, size) if selected and size else None,
            history=history,
            view=view,
            size=size,
            actions=actions.LABELS,
        )

    @app.post("/reviews/{rid}/ask", include_in_schema=False)
    async def ask_page(rid: str, question: Annotated[str, Form()] = "", finding: Annotated[str, Form()] = "") -> Response:
        """The chat form without JavaScript: answer, store, and show the page again."""
        if store.review(rid) is None:
            return problem(404, NOT_FOUND, True)
        if question.strip():
            await asyncio.to_thread(answer_once, rid, question[:2000])
        suffix = f"?finding={quote(finding)}" if finding else ""
        return RedirectResponse(f"/reviews/{rid}{suffix}#chat", status_code=303)

    @app.get("/reviews/{rid}/pages/{number}.png", include_in_schema=False)
    async def page_image(rid: str, number: int) -> Response:
        stored = store.review(rid)
        if stored is None:
            return problem(404, NOT_FOUND, False)
        if not stored.filename.lower().endswith(".pdf"):
            return problem(404, "只有 PDF 原件有页面图像", False)
        content = await asyncio.to_thread(store.content, rid) or b""
        sizes = await asyncio.to_thread(images.sizes, rid, content)
        if not 1 <= number <= len(sizes):
            return problem(404, f"页码超出范围：文档共 {len(sizes)} 页", False)
        png = await asyncio.to_thread(images.png, rid, content, number)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})

    # ------------------------------------------------------------------ API

    @app.post("/api/reviews", status_code=201, response_model=Created, responses=ERRORS, summary="上传并审核一份报告")
    async def create_review(file: Annotated[UploadFile, File(description="报告文件：.pdf .docx .xlsx .txt .md")]) -> Response:
        try:
            rid = await upload(file)
        except UnsupportedType as exc:
            return problem(415, exc.message, False)
        except InputError as exc:
            return problem(422, exc.message, False)
        return JSONResponse(Created(id=rid, url=f"/reviews/{rid}").model_dump(), status_code=201)

    @app.get(
        "/api/reviews/{rid}",
        response_model=FindingsReport,
        responses={404: {"model": Problem}},
        summary="审核结果（fiscal-review/findings@1）",
    )
    def get_review(rid: str) -> Response:
        stored = store.review(rid)
        if stored is None:
            return problem(404, NOT_FOUND, False)
        # The stored bytes, not a re-serialisation: the same review always reads the same.
        return Response(stored.report, media_type="application/json")

    @app.post(
        "/api/reviews/{rid}/chat",
        responses={200: {"description": "stream=true：逐行 JSON 事件（status/delta/answer）；stream=false：ChatAnswer", "content": {"application/x-ndjson": {}}}, 404: {"model": Problem}},
        summary="就审核结果向助手提问（流式回答）",
    )
    async def chat(rid: str, body: Question) -> Response:
        if store.review(rid) is None:
            return problem(404, NOT_FOUND, False)
        if not body.stream:
            answer = await asyncio.to_thread(answer_once, rid, body.question)
            return JSONResponse(answer.model_dump(mode="json"))
        live = await asyncio.to_thread(reviewer.live, rid)
        return StreamingResponse(stream_answer(rid, live, body.question), media_type="application/x-ndjson")

    @app.get("/api/reviews/{rid}/chat", response_model=list[Turn], responses={404: {"model": Problem}}, summary="对话记录")
    def chat_history(rid: str) -> Response:
        if store.review(rid) is None:
            return problem(404, NOT_FOUND, False)
        turns = [{"question": t.question, "answer": json.loads(t.answer)} for t in store.turns(rid)]
        return JSONResponse(turns)

    @app.post(
        "/api/reviews/{rid}/findings/{fid}/{action}",
        response_model=ChatAnswer,
        responses={404: {"model": Problem}},
        summary="对一条问题：解释（explain）、评估原因说明（assess）、起草整改措施（draft）",
    )
    async def finding_action(rid: str, fid: str, action: Literal["explain", "assess", "draft"]) -> Response:
        loaded = await asyncio.to_thread(load, rid)
        if loaded is None:
            return problem(404, NOT_FOUND, False)
        report, _ = loaded
        finding = next((f for f in report.findings if f.id == fid), None)
        if finding is None:
            return problem(404, f"该审核中没有编号为 {fid} 的问题", False)
        answer = await asyncio.to_thread(run_action, rid, report, finding, action)
        return JSONResponse(answer.model_dump(mode="json"))

    @app.post("/api/reviews/{rid}/drafts", responses={404: {"model": Problem}}, summary="起草整改措施（问题—原因—措施—责任—时限）")
    async def make_drafts(rid: str, body: DraftRequest) -> Response:
        if store.review(rid) is None:
            return problem(404, NOT_FOUND, False)
        live = await asyncio.to_thread(reviewer.live, rid)
        known = {f.id for f in live.result.report.findings}
        unknown = [i for i in body.findings if i not in known]
        if unknown:
            return problem(404, f"该审核中没有编号为 {'、'.join(unknown)} 的问题", False)
        drafts, info = await asyncio.to_thread(
            actions.drafts_for, live.result, reviewer.profile, body.findings or None, reviewer.chat_llm, reviewer.cache
        )
        payload = {"drafts": [d.model_dump(mode="json") for d in drafts], "commentary": info.model_dump(mode="json")}
        await asyncio.to_thread(
            store.add_drafts, rid, body.findings, json.dumps(payload["drafts"], ensure_ascii=False), info.model_dump_json()
        )
        return JSONResponse(payload)

    @app.get(
        "/api/reviews/{rid}/export",
        responses={200: {"description": "文件下载"}, 404: {"model": Problem}, 422: {"model": Problem}},
        summary="导出：docx 审核意见书、xlsx 问题清单、pdf 批注版、html、md、json",
    )
    async def export(rid: str, format: Annotated[Literal["docx", "xlsx", "pdf", "md", "html", "json"], Query()] = "json") -> Response:
        from tools.outputs import MEDIA_TYPES, SUFFIXES, render_output

        loaded = await asyncio.to_thread(load, rid)
        if loaded is None:
            return problem(404, NOT_FOUND, False)
        report, stored = loaded
        if format == "json":
            data = stored.report.encode("utf-8")
        else:
            content = await asyncio.to_thread(store.content, rid)
            document = None
            if format == "md":  # the Markdown lists the tables read, which needs the document
                document = (await asyncio.to_thread(reviewer.live, rid)).result.document
            try:
                data = await asyncio.to_thread(render_output, report, format, document=document, source=content)
            except InputError as exc:
                return problem(422, exc.message, False)
        stem = Path(stored.filename).stem or "report"
        name = f"{stem}-审核{SUFFIXES[format]}"
        disposition = f"attachment; filename=\"review{SUFFIXES[format]}\"; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=MEDIA_TYPES[format], headers={"Content-Disposition": disposition})

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page() -> HTMLResponse:
        return page("login.html")

    @app.post("/login", include_in_schema=False)
    def login(token: Annotated[str, Form()] = "") -> Response:
        import secrets

        from agent.web.guard import COOKIE

        if not settings.token or not secrets.compare_digest(token.encode("utf-8"), settings.token.encode("utf-8")):
            return page("login.html", 401, error="令牌不正确")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
        return response

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"status": "ok"}

    # ------------------------------------------------------------------ chat helpers

    def answer_once(rid: str, question: str) -> ChatAnswer:
        live = reviewer.live(rid)
        with live.lock:
            answer = live.session.ask(question)
        store.add_turn(rid, question, answer.model_dump_json())
        return answer

    def run_action(rid: str, report: FindingsReport, finding: Finding, action: str) -> ChatAnswer:
        live = reviewer.live(rid)
        with live.lock:
            if action == "explain":
                answer = actions.explain(report, finding)
            elif action == "assess":
                answer = actions.assess(report, finding)
            else:
                answer, drafts, info = actions.draft(live.result, reviewer.profile, finding, reviewer.chat_llm, reviewer.cache)
                store.add_drafts(rid, [finding.id], json.dumps([d.model_dump(mode="json") for d in drafts], ensure_ascii=False), info.model_dump_json())
            q = actions.question(action, finding)  # type: ignore[arg-type]
            live.session.restore([actions.turn(q, answer)])
        store.add_turn(rid, q, answer.model_dump_json())
        return answer

    def stream_answer(rid: str, live, question: str) -> Iterator[bytes]:
        # A sync generator: Starlette iterates it in a worker thread, so the model call never blocks the loop.
        with live.lock:
            final: ChatEvent | None = None
            for event in live.session.stream(question):
                final = event if event.answer is not None else final
                yield (event.model_dump_json() + "\n").encode("utf-8")
            if final is not None and final.answer is not None:
                store.add_turn(rid, question, final.answer.model_dump_json())

    # The guards wrap the whole app, so they run before FastAPI parses any body.
    return BodyLimit(TokenGate(app, settings.token), int(settings.max_upload_mb * (1 << 20)))  # type: ignore[return-value]


def invalid_text(exc: RequestValidationError) -> str:
    """The first problem of a request, in one Chinese line."""
    err = exc.errors()[0] if exc.errors() else {}
    field = next((FIELDS.get(str(x), str(x)) for x in reversed(err.get("loc", ())) if not isinstance(x, int)), "请求")
    kind = err.get("type", "")
    if kind == "missing":
        return f"缺少{field}"
    if kind in ("string_too_short",):
        return f"{field}不能为空"
    if kind in ("string_too_long", "too_long"):
        return f"{field}过长"
    if kind in ("literal_error", "enum"):
        return f"{field}取值无效：{err.get('input')!s:.50}（可选：{err.get('ctx', {}).get('expected', '')}）"
    return f"{field}无效（{kind}）"


def grouped(findings: list[Finding]) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
    """Findings by severity, then by table (or section) in page order."""
    out = []
    for sev in sorted({f.severity for f in findings}, key=SEVERITY_ORDER.__getitem__):
        places: dict[str, list[Finding]] = {}
        for f in findings:
            if f.severity == sev:
                loc = f.location
                places.setdefault(loc.table or loc.section or (f"第{loc.page}页" if loc.page else "全文"), []).append(f)
        out.append((sev, list(places.items())))
    return out
