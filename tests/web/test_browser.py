"""End to end in headless Chromium: what a reviewer sees when uploading, reading, chatting, downloading.

The app runs on a loopback port (the live_server fixture, with the scripted chat model); the
browser is the Debian chromium, driven by Playwright over pipes. Without /usr/bin/chromium the
module is skipped, unless FISCAL_REVIEW_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.web.conftest import EXAMPLE, FINDING_ID, encrypted_pdf
from tools.findings import SEVERITY_ORDER, FindingsReport

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REVIEW_URL = re.compile(r"/reviews/([A-Za-z0-9_-]{22})$")
CJK = re.compile(r"[\u4e00-\u9fff]")
NAME = "北渚区档案馆.pdf"
UPLOAD_TIMEOUT = 90_000  # ms: the first upload also starts the review worker


@pytest.fixture(scope="module")
def browser():
    required = os.environ.get("FISCAL_REVIEW_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        (pytest.fail if required else pytest.skip)(f"playwright is not installed: {exc}")
    if not CHROMIUM.exists():
        (pytest.fail if required else pytest.skip)(f"{CHROMIUM} is absent (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(20_000)
    # Nothing leaves the machine: the page may only talk to the app under test.
    context.route(re.compile(r"^(?!" + re.escape(live_server.url) + r")"), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


@pytest.fixture
def page(browser, live_server):
    context, page, errors = new_page(browser, live_server)
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def submit(page, name: str, content: bytes, mime: str = "application/pdf"):
    """Choose the file in the upload form and press the button; the response to POST /upload."""
    page.goto("/")
    page.set_input_files("#file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/upload"), timeout=UPLOAD_TIMEOUT) as info:
        page.get_by_role("button", name="上传并审核").click()
    return info.value


def upload(page, name: str, content: bytes) -> str:
    """Upload through the form, land on the review page; its id."""
    response = submit(page, name, content)
    assert response.status == 303, response.text()
    page.wait_for_url(REVIEW_URL, timeout=UPLOAD_TIMEOUT)
    return REVIEW_URL.search(page.url).group(1)


def fetch_report(page, rid: str) -> FindingsReport:
    resp = page.request.get(f"{page.url.split('/reviews/')[0]}/api/reviews/{rid}")
    assert resp.ok, resp.text()
    return FindingsReport.model_validate_json(resp.text())


@pytest.fixture(scope="module")
def example(browser, live_server) -> tuple[str, FindingsReport]:
    """The example report, uploaded once through the form for the tests that read it."""
    context, page, _ = new_page(browser, live_server)
    try:
        rid = upload(page, NAME, EXAMPLE.read_bytes())
        return rid, fetch_report(page, rid)
    finally:
        context.close()


def page_size(pdf: Path | bytes, number: int) -> tuple[float, float]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[number - 1].get_size()
    finally:
        doc.close()


def wait_for_page_image(page) -> None:
    page.wait_for_function("() => { const i = document.getElementById('page-image'); return i && i.complete && i.naturalWidth > 0; }")


def assert_highlight_inside_image(page):
    from playwright.sync_api import expect

    image, box = page.locator("#page-image"), page.locator("#highlight")
    wait_for_page_image(page)
    expect(box).to_be_visible()
    expect(box).to_be_in_viewport()
    ib, hb = image.bounding_box(), box.bounding_box()
    assert ib and hb and ib["width"] > 100 and hb["width"] > 2 and hb["height"] > 2, (ib, hb)
    eps = 1.0
    assert ib["x"] - eps <= hb["x"] and hb["x"] + hb["width"] <= ib["x"] + ib["width"] + eps, (ib, hb)
    assert ib["y"] - eps <= hb["y"] and hb["y"] + hb["height"] <= ib["y"] + ib["height"] + eps, (ib, hb)
    return ib, hb


def new_turn(page, before: int):
    """The turn added after `before` existing ones, once its answer is complete (its source line shown)."""
    from playwright.sync_api import expect

    turns = page.locator("#history li.turn")
    expect(turns).to_have_count(before + 1)
    turn = turns.nth(before)
    expect(turn.locator(".src")).to_be_visible(timeout=30_000)
    return turn


# ------------------------------------------------------------------ 1. upload


def test_upload_through_the_form_lands_on_the_review(page, live_server) -> None:
    from playwright.sync_api import expect

    before = live_server.app.store.count()
    response = submit(page, NAME, EXAMPLE.read_bytes())
    assert response.status == 303
    page.wait_for_url(REVIEW_URL, timeout=UPLOAD_TIMEOUT)
    rid = REVIEW_URL.search(page.url).group(1)
    assert live_server.app.store.count() == before + 1
    report = fetch_report(page, rid)

    expect(page).to_have_title(re.compile(re.escape(NAME)))
    expect(page.locator("#summary h1")).to_have_text(NAME)
    expect(page.locator("#summary")).to_contain_text(report.document.unit or "明澜市北渚区档案馆")
    counts = page.locator("#summary .counts")
    expect(counts.locator(".sev.error")).to_have_text("错误 4")
    expect(counts.locator(".sev.warning")).to_have_text("警告 8")

    heads = page.locator("#findings h2.sev-head").all_inner_texts()
    assert heads[:2] == ["错误（4）", "警告（8）"], heads

    links = page.locator("#findings a.finding")
    expect(links).to_have_count(len(report.findings))
    shown = links.evaluate_all("els => els.map(e => [e.dataset.finding, e.dataset.page, e.textContent])")
    assert sorted(s[0] for s in shown) == sorted(f.id for f in report.findings)
    by_id = {f.id: f for f in report.findings}
    for fid, pg, text in shown:
        f = by_id[fid]
        assert f.message in text and f.rule in text
        assert pg == (str(f.location.page) if f.location.page else "")
    # Grouped: every error is listed before any warning.
    ranks = [SEVERITY_ORDER[by_id[s[0]].severity] for s in shown]
    assert ranks == sorted(ranks)
    # Nothing selected yet: the viewer says how to start.
    expect(page.locator("#detail")).to_have_count(0)
    expect(page.locator("#viewer .hint")).to_be_visible()


# ------------------------------------------------------------------ 2. a finding on its page


def test_selected_finding_is_highlighted_on_its_page(page, example) -> None:
    from playwright.sync_api import expect

    rid, report = example
    f = next(f for f in report.findings if f.rule == "TBL-004" and f.location.page == 5 and f.location.bbox)
    page.goto(f"/reviews/{rid}")
    page.locator(f'#findings a.finding[data-finding="{f.id}"]').click()
    page.wait_for_url(re.compile(rf"/reviews/{rid}\?finding={f.id}(#viewer)?$"))

    expect(page.locator(f'a.finding[data-finding="{f.id}"]')).to_have_class(re.compile(r"\bselected\b"))
    expect(page.locator("a.finding.selected")).to_have_count(1)
    detail = page.locator("#detail")
    expect(detail).to_have_attribute("data-finding", f.id)
    expect(detail.locator(".msg")).to_have_text(f.message)
    expect(detail).to_contain_text(f.location.describe())
    expect(detail).to_contain_text("TBL-004")
    expect(detail.locator(".sev")).to_have_text("错误")

    image = page.locator("#page-image")
    expect(image).to_have_attribute("src", f"/reviews/{rid}/pages/5.png")
    ib, hb = assert_highlight_inside_image(page)

    width, height = page_size(EXAMPLE, 5)
    natural = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert abs(natural[0] / natural[1] - width / height) < 0.01  # the image is page 5, not another page
    assert abs(ib["width"] / ib["height"] - width / height) < 0.01  # shown undistorted
    x0, top, x1, bottom = f.location.bbox
    got = [
        (hb["x"] - ib["x"]) / ib["width"],
        (hb["y"] - ib["y"]) / ib["height"],
        (hb["x"] + hb["width"] - ib["x"]) / ib["width"],
        (hb["y"] + hb["height"] - ib["y"]) / ib["height"],
    ]
    want = [x0 / width, top / height, x1 / width, bottom / height]
    assert all(abs(g - w) < 0.02 for g, w in zip(got, want, strict=True)), (got, want)


# ------------------------------------------------------------------ 3. chat


def test_chat_streams_an_answer_that_cites_a_finding_and_is_kept(page, example) -> None:
    from playwright.sync_api import expect

    rid, report = example
    ids = {f.id for f in report.findings}
    page.goto(f"/reviews/{rid}")
    turns = page.locator("#history li.turn")
    before = turns.count()
    question = "第5页支出决算表有什么问题？"
    page.locator("#question").fill(question)
    with page.expect_response(lambda r: r.url.endswith(f"/api/reviews/{rid}/chat") and r.request.method == "POST") as info:
        page.get_by_role("button", name="发送").click()
    assert info.value.status == 200 and info.value.headers["content-type"].startswith("application/x-ndjson")
    assert page.url.endswith(f"/reviews/{rid}")  # answered in place, not by the form's fallback

    turn = new_turn(page, before)
    expect(turn.locator(".q")).to_have_text(question)
    expect(turn.locator(".a")).to_contain_text("表内合计与明细不一致")
    expect(turn.locator(".src")).to_contain_text("〔模型 fake（测试）〕")
    cite = turn.locator(".src a.cite")
    expect(cite).to_have_count(1)
    fid = cite.inner_text()
    assert FINDING_ID.fullmatch(fid) and fid in ids
    assert cite.get_attribute("href") == f"/reviews/{rid}?finding={fid}#viewer"
    expect(page.locator("#question")).to_have_value("")
    expect(page.locator("#ask")).to_be_enabled()

    page.reload()
    turns = page.locator("#history li.turn")
    expect(turns).to_have_count(before + 1)
    kept = turns.nth(before)
    expect(kept.locator(".q")).to_have_text(question)
    expect(kept.locator(".a")).to_contain_text("表内合计与明细不一致")
    expect(kept.locator(".src")).to_contain_text("〔模型 fake（测试）〕")
    expect(kept.locator("a.cite")).to_have_text(fid)

    # The citation leads to the finding.
    kept.locator("a.cite").click()
    page.wait_for_url(re.compile(rf"\?finding={fid}"))
    expect(page.locator("#detail")).to_have_attribute("data-finding", fid)


# ------------------------------------------------------------------ 4. the finding's buttons


def test_action_buttons_explain_assess_and_draft(page, example) -> None:
    from playwright.sync_api import expect

    rid, report = example
    table = next(f for f in report.findings if f.rule == "TBL-004")
    reason = next(f for f in report.findings if f.rule == "NAR-009" and any(f.id in a.findings for a in report.assessments))
    verdict = next(a.verdict for a in report.assessments if reason.id in a.findings)

    def press(finding, label: str):
        page.goto(f"/reviews/{rid}?finding={finding.id}")
        before = page.locator("#history li.turn").count()
        button = page.locator(f'#detail button.action[data-finding="{finding.id}"]', has_text=label)
        expect(button).to_be_enabled()
        button.click()
        turn = new_turn(page, before)
        expect(turn.locator(".q")).to_contain_text(label)
        expect(turn.locator(".a")).not_to_contain_text("出错了")
        expect(turn.locator(".src a.cite")).to_have_text(finding.id)
        expect(button).to_be_enabled()
        return turn

    assert page.goto(f"/reviews/{rid}?finding={table.id}").ok
    labels = page.locator("#detail .action").evaluate_all("els => els.map(e => [e.dataset.action, e.textContent])")
    assert labels == [["explain", "解释这条问题"], ["assess", "评估原因说明"], ["draft", "起草整改措施"]]

    explained = press(table, "解释这条问题")
    expect(explained.locator(".a")).to_contain_text(table.message)
    if table.explanation is not None and table.explanation.checks:
        expect(explained.locator(".a")).to_contain_text(table.explanation.checks[0])

    assessed = press(reason, "评估原因说明")
    text = assessed.locator(".a").inner_text()
    assert re.search(r"\[(笼统|充分|缺失|与数据矛盾)\]", text), text
    assert f"[{verdict}]" in text and "原因说明" in text

    drafted = press(table, "起草整改措施")
    text = drafted.locator(".a").inner_text()
    assert "整改措施" in text and "责任" in text and "时限" in text, text

    # All three answers joined the conversation and survive a reload.
    page.reload()
    questions = page.locator("#history li.turn .q").all_inner_texts()
    assert any(q.startswith("解释这条问题") and table.id in q for q in questions)
    assert any(q.startswith("评估原因说明") and reason.id in q for q in questions)
    assert any(q.startswith("起草整改措施") and table.id in q for q in questions)


# ------------------------------------------------------------------ 5. downloads


def download(page, rid: str, fmt: str, label: str, tmp_path: Path) -> Path:
    from playwright.sync_api import expect

    page.goto(f"/reviews/{rid}")
    link = page.locator(f'.downloads a[data-format="{fmt}"]')
    expect(link).to_have_text(label)
    with page.expect_download() as info:
        link.click()
    dl = info.value
    assert dl.failure() is None
    assert dl.suggested_filename == f"{Path(NAME).stem}-审核.{fmt}"
    path = tmp_path / f"review.{fmt}"
    dl.save_as(path)
    assert path.stat().st_size > 0
    return path


def test_downloads_open_in_their_programs(page, example, tmp_path) -> None:
    import docx
    import openpyxl
    import pypdf

    rid, report = example
    unit = report.document.unit
    assert unit

    path = download(page, rid, "docx", "审核意见书（Word）", tmp_path)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert unit in text
    missing = [f.message for f in report.findings if f.message not in text]
    assert not missing, missing

    path = download(page, rid, "xlsx", "问题清单（Excel）", tmp_path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "编号" in header, header
    listed = [r[header.index("编号")] for r in rows[1:] if any(v not in (None, "") for v in r)]
    assert sorted(listed) == sorted(f.id for f in report.findings)  # one row per finding

    path = download(page, rid, "pdf", "批注版 PDF", tmp_path)
    reader = pypdf.PdfReader(path)
    assert not reader.is_encrypted
    assert len(reader.pages) == report.document.pages
    notes: dict[int, list[str]] = {}
    for number, pdf_page in enumerate(reader.pages, start=1):
        for annot in pdf_page.get("/Annots") or []:
            notes.setdefault(number, []).append(str(annot.get_object().get("/Contents", "")))
    assert notes, "the annotated PDF has no annotations"
    for f in report.findings:
        if f.location.page and f.location.bbox:
            assert any(f.rule in n for n in notes.get(f.location.page, [])), (f.id, f.rule, f.location.page)


# ------------------------------------------------------------------ 6. bad uploads


BAD = [
    pytest.param("broken.pdf", random.Random(7).randbytes(8192), "application/pdf", 422, "PDF", id="corrupt-pdf"),
    pytest.param("locked.pdf", encrypted_pdf(), "application/pdf", 422, "加密", id="encrypted-pdf"),
    pytest.param("tool.exe", b"MZ\x90\x00" + bytes(200), "application/x-msdownload", 415, "不支持", id="exe"),
    pytest.param("empty.pdf", b"", "application/pdf", 422, "空", id="empty"),
]


@pytest.mark.parametrize(("name", "content", "mime", "status", "words"), BAD)
def test_bad_upload_shows_a_chinese_message_and_stores_nothing(page, live_server, name, content, mime, status, words) -> None:
    from playwright.sync_api import expect

    before = live_server.app.store.count()
    response = submit(page, name, content, mime)
    assert response.status == status, response.text()[:500]
    page.wait_for_load_state()
    assert page.url.endswith("/upload")
    error = page.locator("p#upload-error")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    message = error.inner_text()
    assert message.startswith(f"{name}：") and words in message and CJK.search(message), message
    assert "Traceback" not in page.content() and "Internal Server Error" not in page.content()
    # The form is there again, ready for another file.
    expect(page.locator("#upload-button")).to_be_enabled()
    expect(page.locator("#upload-busy")).to_be_hidden()
    assert live_server.app.store.count() == before


# ------------------------------------------------------------------ 7. the real reports


@pytest.mark.corpus
def test_corpus_reports_show_findings_and_highlights(page) -> None:
    from playwright.sync_api import expect

    pdfs = sorted(shared_path("corpus").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no PDF in ../shared/corpus")
    highlighted = 0
    for pdf in pdfs:
        rid = upload(page, pdf.name, pdf.read_bytes())
        report = fetch_report(page, rid)
        assert report.findings, pdf.name
        expect(page.locator("#findings a.finding")).to_have_count(len(report.findings))
        first = next((f for f in report.findings if f.location.page and f.location.bbox), None)
        if first is None:
            continue
        page.locator(f'#findings a.finding[data-finding="{first.id}"]').click()
        page.wait_for_url(re.compile(rf"\?finding={first.id}"))
        expect(page.locator("#detail .msg")).to_have_text(first.message)
        expect(page.locator("#page-image")).to_have_attribute("src", f"/reviews/{rid}/pages/{first.location.page}.png")
        ib, hb = assert_highlight_inside_image(page)
        width, height = page_size(pdf, first.location.page)
        x0, top, _, _ = first.location.bbox
        assert abs((hb["x"] - ib["x"]) / ib["width"] - x0 / width) < 0.02, pdf.name
        assert abs((hb["y"] - ib["y"]) / ib["height"] - top / height) < 0.02, pdf.name
        highlighted += 1
    assert highlighted, "no corpus report had a finding with a page and a box"
