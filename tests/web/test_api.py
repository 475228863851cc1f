"""The JSON API and the server-rendered pages, through FastAPI's TestClient (no sockets)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from agent.api import review_with_commentary
from tests.web.conftest import EXAMPLE, make_app
from tests.web.test_store import _postgres
from tools.findings import FindingsReport
from tools.profiles import load

ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


def _pdf(pages: int = 1, encrypt: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, encrypt=pdfencrypt.StandardEncryption(encrypt) if encrypt else None)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def client(web):
    with TestClient(web.asgi) as c:
        yield c


@pytest.fixture(scope="module")
def example_id(client) -> str:
    resp = client.post("/api/reviews", files={"file": ("北渚区档案馆.pdf", EXAMPLE.read_bytes(), "application/pdf")})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


@pytest.fixture(scope="module")
def expected() -> FindingsReport:
    return review_with_commentary(EXAMPLE, load("national")).report


def test_upload_returns_an_unguessable_id_and_the_contract(client, example_id, expected) -> None:
    assert ID.match(example_id)
    resp = client.get(f"/api/reviews/{example_id}")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    got = FindingsReport.model_validate_json(resp.text)
    assert got.document.path == "北渚区档案馆.pdf"  # the uploaded name, never the server's temp path
    # Apart from the file name, exactly what the command line gives for the same file.
    renamed = expected.model_copy(update={"document": expected.document.model_copy(update={"path": "北渚区档案馆.pdf"})})
    assert resp.text == renamed.to_json()
    assert (got.summary.error, got.summary.warning) == (4, 8)


def test_two_uploads_of_one_file_get_different_ids(client, example_id) -> None:
    again = client.post("/api/reviews", files={"file": ("x.pdf", EXAMPLE.read_bytes())}).json()["id"]
    assert again != example_id and ID.match(again)


def test_unknown_and_malformed_ids_are_404_in_chinese(client, example_id) -> None:
    for rid in ("A" * 22, example_id[:-1], "..%2F..%2Fetc", example_id + "x"):
        for url in (f"/api/reviews/{rid}", f"/api/reviews/{rid}/chat", f"/api/reviews/{rid}/export?format=json", f"/reviews/{rid}"):
            resp = client.get(url)
            assert resp.status_code == 404, url
            assert "未找到" in resp.text


def test_another_reviews_finding_is_not_reachable_through_this_url(client, example_id) -> None:
    other = client.post("/api/reviews", files={"file": ("a.txt", "本单位2025年度收入合计100万元。".encode())}).json()["id"]
    theirs = client.get(f"/api/reviews/{example_id}").json()["findings"][0]["id"]
    resp = client.post(f"/api/reviews/{other}/findings/{theirs}/explain")
    assert resp.status_code == 404 and "没有编号为" in resp.json()["detail"]
    resp = client.post(f"/api/reviews/{other}/drafts", json={"findings": [theirs]})
    assert resp.status_code == 404


def test_chat_streams_events_and_ends_with_a_cited_answer(client, example_id) -> None:
    with client.stream("POST", f"/api/reviews/{example_id}/chat", json={"question": "第5页的支出决算表有什么问题？"}) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in resp.iter_lines() if line]
    assert events[-1]["kind"] == "answer"
    answer = events[-1]["answer"]
    assert answer["source"] == {"kind": "model", "model": "fake（测试）", "note": None}
    assert answer["findings"] and 5 in answer["pages"]
    assert any(e["kind"] == "delta" for e in events)
    history = client.get(f"/api/reviews/{example_id}/chat").json()
    assert history[-1]["question"] == "第5页的支出决算表有什么问题？" and history[-1]["answer"] == answer


def test_chat_without_streaming_and_bad_questions(client, example_id) -> None:
    resp = client.post(f"/api/reviews/{example_id}/chat", json={"question": "有哪些错误？", "stream": False})
    assert resp.status_code == 200 and resp.json()["text"]
    assert client.post(f"/api/reviews/{example_id}/chat", json={"question": ""}).status_code == 422
    assert client.post(f"/api/reviews/{example_id}/chat", json={"question": "问" * 2001}).status_code == 422


def test_finding_buttons_answer_and_join_the_conversation(client, example_id) -> None:
    findings = client.get(f"/api/reviews/{example_id}").json()["findings"]
    tbl = next(f for f in findings if f["rule"] == "TBL-004")
    nar = next(f for f in findings if f["rule"] == "NAR-009")
    explain = client.post(f"/api/reviews/{example_id}/findings/{tbl['id']}/explain").json()
    assert tbl["explanation"]["text"][:20] in explain["text"] and explain["findings"] == [tbl["id"]] and explain["pages"] == [5]
    assess = client.post(f"/api/reviews/{example_id}/findings/{nar['id']}/assess").json()
    assert re.search(r"\[(充分|笼统|缺失|与数据矛盾)\]", assess["text"])
    draft = client.post(f"/api/reviews/{example_id}/findings/{tbl['id']}/draft").json()
    assert "整改措施" in draft["text"] and "时限" in draft["text"]
    questions = [t["question"] for t in client.get(f"/api/reviews/{example_id}/chat").json()]
    assert [q.split("：")[0] for q in questions[-3:]] == ["解释这条问题", "评估原因说明", "起草整改措施"]
    assert client.post(f"/api/reviews/{example_id}/findings/{tbl['id']}/delete").status_code == 422


def test_drafts_are_written_and_stored(client, web, example_id) -> None:
    findings = client.get(f"/api/reviews/{example_id}").json()["findings"]
    ids = [f["id"] for f in findings if f["severity"] == "error"][:2]
    resp = client.post(f"/api/reviews/{example_id}/drafts", json={"findings": ids})
    body = resp.json()
    assert resp.status_code == 200 and body["drafts"] and set(body["drafts"][0]["findings"]) <= set(ids)
    stored = web.store.drafts(example_id)
    assert stored[-1].findings == ids and json.loads(stored[-1].drafts) == body["drafts"]


@pytest.mark.parametrize(
    ("fmt", "media", "magic"),
    [
        ("json", "application/json", b"{"),
        ("md", "text/markdown", "# 审核结果".encode()),
        ("html", "text/html", b"<!doctype html"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_every_export_downloads(client, example_id, fmt, media, magic) -> None:
    resp = client.get(f"/api/reviews/{example_id}/export", params={"format": fmt})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith(media)
    assert resp.content[:20].lower().startswith(magic.lower())
    assert "attachment" in resp.headers["content-disposition"] and "filename*=UTF-8''" in resp.headers["content-disposition"]


def test_annotated_pdf_of_a_word_upload_is_a_chinese_422(client) -> None:
    docx = (Path(EXAMPLE).parent / "example-final-accounts.docx").read_bytes()
    rid = client.post("/api/reviews", files={"file": ("a.docx", docx)}).json()["id"]
    resp = client.get(f"/api/reviews/{rid}/export", params={"format": "pdf"})
    assert resp.status_code == 422 and "PDF" in resp.json()["detail"]
    assert client.get(f"/api/reviews/{rid}/export", params={"format": "docx"}).status_code == 200
    assert client.get(f"/api/reviews/{rid}/export", params={"format": "exe"}).status_code == 422


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, 422, "PDF"),
        ("truncated.pdf", _pdf(3)[:400], 422, "PDF"),
        ("locked.pdf", _pdf(encrypt="secret"), 422, "加密"),
        ("empty.pdf", b"", 422, "空"),
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 100, 415, "不支持"),
        ("noext", b"hello", 415, "不支持"),
        ("photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, 422, ""),
        ("bomb.docx", _zip_bomb(), 422, ""),
    ],
)
def test_bad_uploads_are_4xx_in_chinese_and_store_nothing(client, web, name, content, status, words) -> None:
    before = web.store.count()
    resp = client.post("/api/reviews", files={"file": (name, content)})
    assert resp.status_code == status, resp.text
    detail = resp.json()["detail"]
    assert words in detail and re.search(r"[\u4e00-\u9fff]", detail) and "\n" not in detail and "Traceback" not in detail
    assert web.store.count() == before
    page = client.post("/upload", files={"file": (name, content)})
    assert page.status_code == status and "upload-error" in page.text and "Traceback" not in page.text
    assert web.store.count() == before


def test_upload_without_a_file(client) -> None:
    assert client.post("/api/reviews").status_code == 422
    page = client.post("/upload")
    assert page.status_code == 400 and "请选择" in page.text


def test_oversized_upload_is_refused_before_it_is_read(tmp_path) -> None:
    app = make_app(tmp_path / "db.sqlite3", chat=False, max_upload_mb=0.5)
    try:
        with TestClient(app.asgi) as client:
            big = b"%PDF-1.7\n" + b"0" * (700 * 1024)
            resp = client.post("/api/reviews", files={"file": ("big.pdf", big)})
            assert resp.status_code == 413 and "文件过大" in resp.json()["detail"] and "0.5 MB" in resp.json()["detail"]
            page = client.post("/upload", files={"file": ("big.pdf", big)})
            assert page.status_code == 413 and "文件过大" in page.text
            # A body without Content-Length is cut off as it streams past the limit.
            def chunks():
                yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.pdf\"\r\n\r\n"
                for _ in range(20):
                    yield b"0" * (64 * 1024)
                yield b"\r\n--b--\r\n"

            resp = client.post("/api/reviews", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
            assert resp.status_code == 413
            assert app.store.count() == 0
            ok = client.post("/api/reviews", files={"file": ("small.txt", "本单位收入合计100万元。".encode())})
            assert ok.status_code == 201
    finally:
        app.reviewer.close()


def test_pages_show_findings_and_escape_hostile_text(client) -> None:
    hostile = "<script>alert(1)</script>本单位2025年度收入合计100万元，比上年增加20万元，增长25%。".encode()
    rid = client.post("/api/reviews", files={"file": ("<img src=x onerror=alert(1)>.txt", hostile)}).json()["id"]
    page = client.get(f"/reviews/{rid}")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page.text


def test_review_page_highlights_the_selected_finding(client, example_id) -> None:
    findings = client.get(f"/api/reviews/{example_id}").json()["findings"]
    tbl = next(f for f in findings if f["rule"] == "TBL-004")
    page = client.get(f"/reviews/{example_id}", params={"finding": tbl["id"]})
    assert f'/reviews/{example_id}/pages/5.png' in page.text and 'id="highlight"' in page.text
    m = re.search(r'id="highlight" style="left:([\d.]+)%;top:([\d.]+)%', page.text)
    x0, top = tbl["location"]["bbox"][:2]
    # Example pages are A4 portrait (595.28 × 841.89 points); 2 points of padding around the box.
    assert abs(float(m.group(1)) - 100 * (x0 - 2) / 595.28) < 0.05 and abs(float(m.group(2)) - 100 * (top - 2) / 841.89) < 0.05
    png = client.get(f"/reviews/{example_id}/pages/5.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(f"/reviews/{example_id}/pages/99.png").status_code == 404


def test_chat_form_works_without_javascript(client, example_id) -> None:
    resp = client.post(f"/reviews/{example_id}/ask", data={"question": "第11页有什么问题？"}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith(f"/reviews/{example_id}")
    page = client.get(f"/reviews/{example_id}")
    assert "第11页有什么问题？" in page.text


def test_openapi_documents_the_api(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/reviews", "/api/reviews/{rid}", "/api/reviews/{rid}/chat", "/api/reviews/{rid}/export"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/reviews"] and "get" in spec["paths"]["/api/reviews/{rid}"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_restart_loses_nothing(tmp_path, backend) -> None:
    db = tmp_path / "db.sqlite3" if backend == "sqlite" else _postgres(tmp_path)
    first = make_app(db)
    with TestClient(first.asgi) as client:
        rid = client.post("/api/reviews", files={"file": ("r.pdf", EXAMPLE.read_bytes())}).json()["id"]
        report = client.get(f"/api/reviews/{rid}").text
        client.post(f"/api/reviews/{rid}/chat", json={"question": "第5页有什么问题？", "stream": False})
    first.reviewer.close()
    first.store.close()
    second = make_app(db)  # a new process would see exactly this: the database and nothing else
    try:
        with TestClient(second.asgi) as client:
            assert client.get(f"/api/reviews/{rid}").text == report
            assert [t["question"] for t in client.get(f"/api/reviews/{rid}/chat").json()] == ["第5页有什么问题？"]
            again = client.post(f"/api/reviews/{rid}/chat", json={"question": "第12页呢？", "stream": False})
            assert again.status_code == 200 and again.json()["source"]["kind"] == "model"
            live = second.reviewer.live(rid)
            assert [t.question for t in live.session.history] == ["第5页有什么问题？", "第12页呢？"]
    finally:
        second.reviewer.close()


def test_access_token(tmp_path) -> None:
    app = make_app(tmp_path / "db.sqlite3", chat=False, token="s3cret-令牌".encode().hex())
    token = app.settings.token
    try:
        with TestClient(app.asgi) as client:
            assert client.get("/api/reviews/" + "A" * 22).status_code == 401
            assert client.post("/api/reviews", files={"file": ("a.txt", b"x")}).status_code == 401
            home = client.get("/", follow_redirects=False)
            assert home.status_code == 303 and home.headers["location"] == "/login"
            assert client.get("/healthz").status_code == 200
            auth = {"Authorization": f"Bearer {token}"}
            resp = client.post("/api/reviews", files={"file": ("a.txt", "收入合计100万元。".encode())}, headers=auth)
            assert resp.status_code == 201
            assert client.get(f"/api/reviews/{resp.json()['id']}", headers={"Authorization": "Bearer wrong"}).status_code == 401
            bad = client.post("/login", data={"token": "wrong"})
            assert bad.status_code == 401 and "令牌不正确" in bad.text
            good = client.post("/login", data={"token": token}, follow_redirects=False)
            assert good.status_code == 303
            assert client.get(f"/reviews/{resp.json()['id']}").status_code == 200  # the cookie now opens pages
    finally:
        app.reviewer.close()


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_word_and_excel_uploads_show_the_page_as_read_with_the_cell_marked(client, tmp_path, suffix) -> None:
    from tests.factory.render_docx import render_docx
    from tests.factory.render_xlsx import render_xlsx
    from tests.factory.review_example import review_report

    path = (render_docx if suffix == ".docx" else render_xlsx)(review_report(), tmp_path / f"r{suffix}")
    rid = client.post("/api/reviews", files={"file": (path.name, path.read_bytes())}).json()["id"]
    findings = client.get(f"/api/reviews/{rid}").json()["findings"]
    cell = next(f for f in findings if f["rule"] == "TBL-004" and f["location"]["column"] == "基本支出")
    page = client.get(f"/reviews/{rid}", params={"finding": cell["id"]}).text
    assert "pages/" not in page  # no page image for Word/Excel
    assert re.search(r'<td id="highlight" class="hit error">737\.48</td>', page)
    sentence = next(f for f in findings if f["rule"] == "NAR-005")
    page = client.get(f"/reviews/{rid}", params={"finding": sentence["id"]}).text
    m = re.search(r'<mark id="highlight" class="error">(.*?)</mark>', page)
    assert m and m.group(1) == sentence["location"]["sentence"]
