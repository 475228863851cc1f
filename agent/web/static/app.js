// Progressive enhancement: every feature works as plain links and forms; this streams chat answers
// in place, runs the finding buttons, and remembers this browser's reviews.
"use strict";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function sourceLabel(source) {
  return source.kind === "template" ? "〔模板〕" : "〔模型 " + (source.model || "") + "〕";
}

function renderAnswer(li, answer, reviewId) {
  li.querySelector(".a").textContent = answer.text;
  const status = li.querySelector(".status");
  if (status) status.remove();
  const src = el("p", "src", sourceLabel(answer.source) + (answer.pages.length ? " 页码：" + answer.pages.join("、") : ""));
  for (const fid of answer.findings) {
    const a = el("a", "cite", fid);
    a.href = "/reviews/" + reviewId + "?finding=" + fid + "#viewer";
    src.append(" ", a);
  }
  li.append(src);
  for (const note of answer.notes) li.append(el("p", "note", "注：" + note));
}

function newTurn(question) {
  const li = el("li", "turn");
  li.append(el("p", "q", question), el("div", "a", ""), el("p", "status", "正在思考…"));
  document.getElementById("history").append(li);
  li.scrollIntoView({block: "end"});
  return li;
}

async function streamChat(reviewId, question, li) {
  const resp = await fetch("/api/reviews/" + reviewId + "/chat", {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({question: question, stream: true}),
  });
  if (!resp.ok) {
    const body = await resp.json().catch(() => ({detail: "请求失败（" + resp.status + "）"}));
    throw new Error(body.detail);
  }
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", shown = "";
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const event = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (event.kind === "status") {
        li.querySelector(".status") && (li.querySelector(".status").textContent = event.text);
      } else if (event.kind === "delta") {
        shown += event.text;
        li.querySelector(".a").textContent = shown;
      } else if (event.answer) {
        renderAnswer(li, event.answer, reviewId);
      }
    }
  }
}

function setBusy(busy) {
  document.querySelectorAll("#ask, .action").forEach((b) => { b.disabled = busy; });
}

function initReview(main) {
  const reviewId = main.dataset.review;
  remember(reviewId, document.querySelector(".docinfo h1").textContent);
  const form = document.getElementById("chat-form");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const box = document.getElementById("question");
    const question = box.value.trim();
    if (!question) return;
    box.value = "";
    const li = newTurn(question);
    setBusy(true);
    try { await streamChat(reviewId, question, li); }
    catch (err) { li.querySelector(".a").textContent = "出错了：" + err.message; }
    finally { setBusy(false); li.scrollIntoView({block: "end"}); }
  });
  document.querySelectorAll(".action").forEach((button) => {
    button.addEventListener("click", async () => {
      const li = newTurn(button.textContent + "：" + button.dataset.finding);
      setBusy(true);
      try {
        const resp = await fetch("/api/reviews/" + reviewId + "/findings/" + button.dataset.finding + "/" + button.dataset.action, {method: "POST"});
        const body = await resp.json();
        if (!resp.ok) throw new Error(body.detail);
        renderAnswer(li, body, reviewId);
      } catch (err) { li.querySelector(".a").textContent = "出错了：" + err.message; }
      finally { setBusy(false); li.scrollIntoView({block: "end"}); }
    });
  });
  const box = document.getElementById("highlight");
  if (box) {
    // A box over a page image can only be scrolled to once the image has its height.
    const img = document.getElementById("page-image"), show = () => box.scrollIntoView({block: "center"});
    if (!img || img.complete) show(); else img.addEventListener("load", show, {once: true});
  }
  const history = document.getElementById("history");
  history.scrollTop = history.scrollHeight;
}

function remember(id, name) {
  try {
    const list = JSON.parse(localStorage.getItem("fiscal-review-recent") || "[]").filter((r) => r.id !== id);
    list.unshift({id: id, name: name});
    localStorage.setItem("fiscal-review-recent", JSON.stringify(list.slice(0, 20)));
  } catch (e) { /* private mode: nothing to remember */ }
}

function initIndex() {
  const form = document.getElementById("upload-form");
  form.addEventListener("submit", () => {
    document.getElementById("upload-button").disabled = true;
    document.getElementById("upload-busy").hidden = false;
  });
  let list = [];
  try { list = JSON.parse(localStorage.getItem("fiscal-review-recent") || "[]"); } catch (e) { list = []; }
  if (!list.length) return;
  const ul = document.getElementById("recent-list");
  for (const r of list) {
    const li = el("li");
    const a = el("a", "", r.name);
    a.href = "/reviews/" + encodeURIComponent(r.id);
    li.append(a);
    ul.append(li);
  }
  document.getElementById("recent").hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  const main = document.querySelector("main.review");
  if (main) initReview(main);
  else if (document.getElementById("upload-form")) initIndex();
});
