"""Load test of the web app on loopback: N concurrent uploads of a corpus-sized report, then N chats.

Run: python benchmarks/load.py [--clients 20] [--workers 2] [FILE]
     (default FILE: the largest PDF of ../shared/corpus, else the factory's example report)

The server is the real app (uvicorn on 127.0.0.1, review worker processes, a temporary SQLite
database); the chat model is a scripted fake that answers at once, so the chat figures measure the
server (selection of facts, the numeric guard, streaming, storage), not a model. Baseline, measured
in the same run before the load: one upload and one chat alone. The output gives latency
percentiles under load, the ratio of the median to the baseline, throughput, and the count of
server errors (5xx), which must be zero; any 5xx or failed request makes the exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx

from tests.web.conftest import make_app, serve_in_thread

SHARED = ROOT.parent / "shared"
QUESTIONS = ("第5页有什么问题？", "有哪些错误？", "情况说明里的数字和表格对得上吗？", "机关运行经费的原因说明充分吗？")


def default_file() -> Path:
    corpus = sorted((SHARED / "corpus").glob("*.pdf"), key=lambda p: p.stat().st_size) if (SHARED / "corpus").is_dir() else []
    return corpus[-1] if corpus else ROOT / "examples" / "example-review.pdf"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def line(name: str, values: list[float], base: float | None = None) -> str:
    p50 = pct(values, 0.5)
    ratio = f"  中位数/基线 {p50 / base:5.2f}" if base else ""
    return (
        f"{name:<10} n={len(values):>3}  p50 {p50:6.2f}s  p90 {pct(values, 0.9):6.2f}s  p95 {pct(values, 0.95):6.2f}s"
        f"  p99 {pct(values, 0.99):6.2f}s  max {max(values):6.2f}s{ratio}"
    )


class Tally:
    def __init__(self) -> None:
        self.status: dict[int, int] = {}
        self.failures: list[str] = []

    def count(self, code: int) -> None:
        self.status[code] = self.status.get(code, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in self.status.items() if code >= 500)


async def upload(client: httpx.AsyncClient, name: str, content: bytes, tally: Tally) -> tuple[float, str | None]:
    start = time.perf_counter()
    try:
        resp = await client.post("/api/reviews", files={"file": (name, content, "application/pdf")})
    except httpx.HTTPError as exc:
        tally.failures.append(f"upload: {type(exc).__name__}")
        return time.perf_counter() - start, None
    tally.count(resp.status_code)
    rid = resp.json().get("id") if resp.status_code == 201 else None
    if rid is None:
        tally.failures.append(f"upload: {resp.status_code} {resp.text[:100]}")
    return time.perf_counter() - start, rid


async def chat(client: httpx.AsyncClient, rid: str, question: str, tally: Tally) -> tuple[float, float]:
    """(seconds to the first event, seconds to the final answer)."""
    start = time.perf_counter()
    first = None
    try:
        async with client.stream("POST", f"/api/reviews/{rid}/chat", json={"question": question}) as resp:
            tally.count(resp.status_code)
            final = False
            async for text in resp.aiter_lines():
                if text and first is None:
                    first = time.perf_counter() - start
                final = final or '"kind":"answer"' in text
            if not final:
                tally.failures.append(f"chat: {resp.status_code} without an answer")
    except httpx.HTTPError as exc:
        tally.failures.append(f"chat: {type(exc).__name__}")
    total = time.perf_counter() - start
    return (first if first is not None else total), total


async def drive(base: str, path: Path, clients: int) -> int:
    content = path.read_bytes()
    tally = Tally()
    limits = httpx.Limits(max_connections=clients + 4)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
        # Baseline: the same work with nothing else running.
        base_upload, rid0 = await upload(client, path.name, content, tally)
        if rid0 is None:
            print("基线上传失败：" + "; ".join(tally.failures))
            return 1
        _, base_chat = await chat(client, rid0, QUESTIONS[0], tally)
        print(f"基线（单独一次）：上传 {base_upload:.2f}s，对话 {base_chat:.3f}s")

        start = time.perf_counter()
        results = await asyncio.gather(*(upload(client, f"{i:02d}-{path.name}", content, tally) for i in range(clients)))
        upload_wall = time.perf_counter() - start
        ups = [t for t, _ in results]
        ids = [rid for _, rid in results if rid]

        start = time.perf_counter()
        chats = await asyncio.gather(*(chat(client, rid, QUESTIONS[i % len(QUESTIONS)], tally) for i, rid in enumerate(ids)))
        chat_wall = time.perf_counter() - start

    print(f"文件：{path.name}（{len(content) / (1 << 20):.1f} MB），并发 {clients}")
    print(line("上传", ups, base_upload))
    print(f"{'':<10} 全部完成 {upload_wall:.1f}s，吞吐 {len(ids) / upload_wall * 60:.1f} 份/分钟")
    print(line("对话首字", [c[0] for c in chats]))
    print(line("对话完成", [c[1] for c in chats], base_chat))
    print(f"{'':<10} 全部完成 {chat_wall:.2f}s")
    codes = "，".join(f"{code}×{n}" for code, n in sorted(tally.status.items()))
    print(f"响应状态：{codes}；服务器错误（5xx）{tally.server_errors} 个；失败请求 {len(tally.failures)} 个")
    for failure in tally.failures[:5]:
        print(f"  {failure}")
    return 1 if tally.server_errors or tally.failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=None)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="review processes of the server")
    args = ap.parse_args()
    path = args.file or default_file()
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp) / "load.sqlite3", workers=args.workers)
        app.reviewer.warm_up()
        try:
            with serve_in_thread(app.asgi, limit_concurrency=200) as base:
                print(f"服务：{base}，审核进程 {args.workers} 个，CPU {os.cpu_count()} 核")
                code = asyncio.run(drive(base, path, args.clients))
        finally:
            app.reviewer.close()
            app.store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
